import assert from 'node:assert/strict';
import {test} from 'node:test';
import {withTreeEvidence} from '../../source/scoring/release/assess.js';
import {scorePackage} from '../../source/scoring/score.js';
import {defaultThresholds} from '../../source/scoring/thresholds.js';
import {createReportStore} from '../../source/ui/data/store.js';
import * as factories from '../helpers/factories.js';
import {FakeScan, fixedNow, makeBigGraph, makeFacts, makeGraph} from '../helpers/ink-fixtures.js';
import {syntheticFacts} from '../helpers/ink-synthetic.js';
import {waitFor} from '../helpers/terminal.js';

const score = (id: string, facts: Parameters<typeof scorePackage>[1]) =>
	scorePackage(id, facts!, defaultThresholds, fixedNow);

test('a burst of results is scored and published in one flush, not one render per message', async () => {
	const graph = makeBigGraph(300);
	const store = createReportStore({graph, score, flushMs: 30});
	let notifications = 0;
	store.subscribe(() => notifications++);
	const scan = new FakeScan();
	store.attach(scan);
	const afterAttach = notifications;
	for (const node of graph.packages.values())
		scan.push({type: 'facts', id: node.id, facts: syntheticFacts(node, fixedNow)});
	await waitFor(() => store.getSnapshot().reports.size === 300, 2000, 'all reports');
	assert.ok(notifications - afterAttach <= 2, `${notifications - afterAttach} flushes for 300 results`);
	const snapshot = store.getSnapshot();
	assert.equal(snapshot.scanning, true);
	assert.equal(snapshot.rollups.size, 300 + graph.roots.length);
	assert.ok(snapshot.publishers.length > 0);
	scan.end();
	await waitFor(() => !store.getSnapshot().scanning, 2000, 'the scan end');
	store.dispose();
});

test('snapshots are immutable: a later flush does not change an earlier snapshot', async () => {
	const graph = makeGraph({app: ['a@1', 'b@1'], 'a@1': [], 'b@1': []});
	const store = createReportStore({graph, score, flushMs: 5});
	const scan = new FakeScan();
	store.attach(scan);
	scan.push({type: 'facts', id: 'npm:a@1', facts: makeFacts('a', '1')});
	await waitFor(() => store.getSnapshot().reports.size === 1);
	const first = store.getSnapshot();
	scan.push({type: 'facts', id: 'npm:b@1', facts: makeFacts('b', '1')});
	await waitFor(() => store.getSnapshot().reports.size === 2);
	assert.equal(first.reports.size, 1);
	assert.ok(store.getSnapshot().version > first.version);
	store.dispose();
});

test('progress events reach the snapshot; a new scan replaces the old one (refresh)', async () => {
	const graph = makeGraph({app: ['a@1'], 'a@1': []});
	const store = createReportStore({graph, score, flushMs: 5});
	const old = new FakeScan();
	store.attach(old);
	const progress = {
		total: 1,
		done: 0,
		errors: 0,
		rateLimitedUntil: null,
		rateLimitedHost: null,
		downHosts: ['x: down'],
		pacedHosts: [],
	};
	old.push({type: 'progress', progress});
	await waitFor(() => store.getSnapshot().progress?.downHosts.length === 1);
	const fresh = new FakeScan();
	store.attach(fresh);
	old.push({type: 'facts', id: 'npm:a@1', facts: makeFacts('a', '1')});
	fresh.end();
	await waitFor(() => !store.getSnapshot().scanning);
	assert.equal(store.getSnapshot().reports.size, 0, 'events of the replaced scan are ignored');
	store.dispose();
});

test('measure: one flush of 2,300 reports (scoring + roll-ups + publishers) stays well under the flush interval', async () => {
	const graph = makeBigGraph(2300);
	const store = createReportStore({graph, score, flushMs: 5});
	const scan = new FakeScan();
	store.attach(scan);
	for (const node of graph.packages.values())
		scan.push({type: 'facts', id: node.id, facts: syntheticFacts(node, fixedNow)});
	await waitFor(() => store.getSnapshot().reports.size === 2300, 10_000);
	// Re-flush with everything known: what a late batch costs once the tree is full.
	scan.push({
		type: 'facts',
		id: 'npm:pkg-0000@1.0.0',
		facts: syntheticFacts(graph.packages.get('npm:pkg-0000@1.0.0')!, fixedNow),
	});
	const before = store.getSnapshot().version;
	await waitFor(() => store.getSnapshot().version > before);
	assert.ok(store.lastFlushMs() < 500, `flush took ${store.lastFlushMs()} ms`);
	store.dispose();
});

test('tree-level release evidence follows the data: a dependency arriving later raises its dependent', async () => {
	const graph = makeGraph({app: ['axios@1.14.1'], 'axios@1.14.1': ['plain@4.2.1'], 'plain@4.2.1': []});
	const coverage = {provenance: true, trustedPublishing: true, installScripts: true} as const;
	const axios = factories.makeFacts({
		name: 'axios',
		version: '1.14.1',
		coverage,
		publishers: ['a', 'b', 'c', 'd', 'e'],
		weekly: 5_000_000,
		now: fixedNow,
		versions: [
			factories.makeVersion('1.0.0', factories.daysAgo(2000, fixedNow), {
				publishedBy: 'a',
				dependencies: {prod: {}},
			}),
			factories.makeVersion('1.14.1', factories.daysAgo(100, fixedNow), {
				publishedBy: 'a',
				dependencies: {prod: {plain: '^4'}},
			}),
		],
	});
	const store = createReportStore({
		graph,
		score,
		withTree: (report, tree) =>
			withTreeEvidence(report, tree, {thresholds: defaultThresholds, now: fixedNow}),
		flushMs: 5,
	});
	const scan = new FakeScan();
	store.attach(scan);
	scan.push({type: 'facts', id: 'npm:axios@1.14.1', facts: axios});
	await waitFor(() => store.getSnapshot().reports.size === 1);
	const before = store.getSnapshot().reports.get('npm:axios@1.14.1')!;
	assert.equal(before.release?.risk, 'none', 'plain is not known yet: no evidence');
	// A later flush brings the new dependency's facts: first published two days ago.
	scan.push({
		type: 'facts',
		id: 'npm:plain@4.2.1',
		facts: factories.makeFacts({
			name: 'plain',
			version: '4.2.1',
			ageDays: 2,
			lastReleaseDays: 2,
			weekly: 10,
			now: fixedNow,
		}),
	});
	await waitFor(() => store.getSnapshot().reports.size === 2);
	const after = store.getSnapshot().reports.get('npm:axios@1.14.1')!;
	assert.deepEqual(after.release?.counted, ['new-dependency']);
	assert.equal(after.release?.risk, 'moderate', 'a trust change on an older version');
	assert.equal(after.risk, 'moderate');
	store.dispose();
});
