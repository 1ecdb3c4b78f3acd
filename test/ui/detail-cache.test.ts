import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {ScanProgress} from '../../source/scan/types.js';
import type {Rollup} from '../../source/scoring/types.js';
import type {DetailInput} from '../../source/ui/format/detail.js';
import {detailLines} from '../../source/ui/format/detail.js';
import {DetailCache} from '../../source/ui/format/detail-cache.js';
import {createPalette} from '../../source/ui/format/palette.js';
import {wrapForPane} from '../../source/ui/format/wrap.js';
import {fixedNow, makeFacts, makeGraph, makeReport} from '../helpers/ink-fixtures.js';
import {stripAnsi} from '../helpers/terminal.js';

const graph = makeGraph({app: ['a@1', 'b@1'], 'a@1': ['b@1'], 'b@1': []});
const palette = createPalette(false);
const progress: ScanProgress = {
	total: 2,
	done: 0,
	errors: 0,
	rateLimitedUntil: null,
	rateLimitedHost: null,
	downHosts: [],
	pacedHosts: [],
};
const rollup = (high: number): Rollup => ({
	worst: high > 0 ? 'high' : 'unknown',
	counts: {critical: 0, high, moderate: 0, good: 0, healthy: 0, unknown: 1 - high},
});

const noReports = new Map();
const view = {graph, publishers: [], hiddenDev: 0, filtered: false};

function input(overrides: Partial<DetailInput> = {}): DetailInput {
	return {
		graph,
		id: 'npm:a@1',
		report: undefined,
		rollup: rollup(0),
		scanning: true,
		offline: false,
		progress,
		now: fixedNow,
		palette,
		view,
		reports: noReports,
		...overrides,
	};
}

test('the detail of a package is made once while what it shows is the same, and again when any of it changes', () => {
	const cache = new DetailCache();
	const first = cache.lines(input());
	assert.deepEqual(first, detailLines(input()));
	// Another flush: new progress (only counts moved), a new roll-up object with the same counts, other reports.
	const same = input({
		progress: {...progress, done: 1},
		rollup: rollup(0),
		reports: new Map([['x', {} as never]]),
	});
	assert.equal(cache.lines(same), first, 'the same lines, not made again');

	// Its report arrives.
	const report = makeReport('npm:a@1', 'high', 35, makeFacts('a', '1', {publishers: ['ruben']}));
	const reported = cache.lines(input({report}));
	assert.notEqual(reported, first);
	assert.deepEqual(reported, detailLines(input({report})));
	assert.ok(reported.some((line) => line.includes('1 account: ruben')));

	// What is beneath it changes.
	assert.ok(reported.some((line) => stripAnsi(line).startsWith('Beneath: worst UNKNOWN')));
	const beneath = cache.lines(input({report, rollup: rollup(1)}));
	assert.ok(beneath.some((line) => stripAnsi(line).startsWith('Beneath: worst HIGH')));
});

test('a package still fetching says what the scan says: a host going down or a rate limit shows at once', () => {
	const cache = new DetailCache();
	const fetching = cache.lines(input());
	assert.ok(fetching.some((line) => line.includes('still fetching…')));
	const down = cache.lines(input({progress: {...progress, downHosts: ['registry.npmjs.org: ECONNREFUSED']}}));
	assert.ok(down.some((line) => line.includes('unreachable: registry.npmjs.org: ECONNREFUSED')));
	const until = fixedNow.getTime() + 30_000;
	const limited = cache.lines(
		input({progress: {...progress, rateLimitedUntil: until, rateLimitedHost: 'api.npmjs.org'}}),
	);
	assert.ok(limited.some((line) => line.includes('waiting: api.npmjs.org is rate-limiting us')));
	// The limit over (the clock moved past it): fetching again.
	const later = new Date(until + 1000);
	const over = cache.lines(
		input({now: later, progress: {...progress, rateLimitedUntil: until, rateLimitedHost: 'api.npmjs.org'}}),
	);
	assert.ok(over.some((line) => line.includes('still fetching…')));
	// The scan ends.
	assert.ok(cache.lines(input({scanning: false})).some((line) => line.includes('not fetched')));
});

test("a root's summary follows every report and the progress", () => {
	const cache = new DetailCache();
	const root = graph.roots[0]!.id;
	const before = cache.lines(input({id: root}));
	assert.equal(cache.lines(input({id: root})), before);
	const reports = new Map([['npm:b@1', makeReport('npm:b@1', 'critical', 5, makeFacts('b', '1'))]]);
	const after = cache.lines(input({id: root, reports}));
	assert.notEqual(after, before);
	assert.deepEqual(after, detailLines(input({id: root, reports})));
	assert.notEqual(cache.lines(input({id: root, reports, progress: {...progress, done: 2}})), after);
});

test('the side pane keeps its wrapped lines per width and height; the cache holds the last packages looked at', () => {
	const cache = new DetailCache(2);
	const pane = cache.pane(input(), 30, 10);
	assert.deepEqual(pane, wrapForPane(detailLines(input()), 30, 10));
	assert.equal(cache.pane(input(), 30, 10), pane);
	const narrower = cache.pane(input(), 20, 10);
	assert.deepEqual(narrower, wrapForPane(detailLines(input()), 20, 10));
	const a = cache.lines(input());
	cache.lines(input({id: 'npm:b@1'}));
	assert.equal(cache.lines(input()), a, 'two packages fit');
	cache.lines(input({id: 'npm:b@1'}));
	cache.lines(input({id: graph.roots[0]!.id}));
	assert.notEqual(cache.lines(input()), a, 'a third pushed the least recently used out');
});
