import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {createProgressLine, formatProgress} from '../../source/scan/index.js';
import {advisoriesText} from '../../source/scan/progress-line.js';
import type {ScanProgress} from '../../source/scan/types.js';

const progress: ScanProgress = {
	total: 469,
	done: 312,
	errors: 2,
	rateLimitedUntil: null,
	rateLimitedHost: null,
	downHosts: [],
	pacedHosts: [],
};

function fakeStream(isTTY: boolean): NodeJS.WriteStream & {written: string[]} {
	const written: string[] = [];
	return {
		isTTY,
		columns: 60,
		written,
		write: (text: string) => written.push(text) > 0,
	} as unknown as NodeJS.WriteStream & {
		written: string[];
	};
}

describe('progress line', () => {
	test('formats counts, errors, a rate-limit wait and down hosts', () => {
		assert.equal(formatProgress(progress), 'commit-tui: 312/469 packages · 2 errors');
		assert.equal(
			formatProgress(
				{
					...progress,
					errors: 1,
					rateLimitedUntil: 12_000,
					rateLimitedHost: 'pypistats.org',
					downHosts: ['registry.example: connection refused'],
					pacedHosts: [],
				},
				500,
			),
			'commit-tui: 312/469 packages · 1 error · pypistats.org rate-limited, waiting 12s · unreachable registry.example: connection refused',
		);
	});

	test('rewrites one line on a terminal, within its width, and clears it at the end', () => {
		const stream = fakeStream(true);
		const line = createProgressLine(stream);
		line.update(progress);
		line.update({
			...progress,
			done: 469,
			downHosts: ['a-very-long-host-name.example.com: DNS lookup failed'],
			pacedHosts: [],
		});
		line.done();
		assert.equal(stream.written.length, 3);
		assert.ok(stream.written.slice(0, 2).every((text) => text.startsWith('\r') && text.endsWith('\u001B[K')));
		assert.ok(stream.written.every((text) => !text.includes('\n')));
		assert.ok(stream.written[1]!.length <= 1 + 59 + 3);
		assert.equal(stream.written[2], '\r\u001B[K');
	});

	test('writes nothing when stderr is not a terminal', () => {
		const stream = fakeStream(false);
		const line = createProgressLine(stream);
		line.update(progress);
		line.done();
		assert.deepEqual(stream.written, []);
	});

	test('the advisory lookup: how far, down or rate-limited (only the advisories), how old offline answers are', () => {
		const now = Date.parse('2026-06-04T00:00:00.000Z');
		const advisories = {
			state: 'fetching' as const,
			done: 10,
			total: 469,
			errors: 0,
			down: null,
			rateLimitedUntil: null,
			oldestCached: null,
			exportFiles: [] as string[],
		};
		assert.deepEqual(advisoriesText({...progress, advisories}, now), ['advisories 10/469']);
		assert.deepEqual(
			advisoriesText({...progress, advisories: {...advisories, rateLimitedUntil: now + 4_500}}, now),
			['advisories 10/469', 'advisories rate-limited, retrying in 5 s'],
		);
		assert.deepEqual(
			advisoriesText(
				{
					...progress,
					advisories: {...advisories, state: 'done', errors: 469, down: 'api.osv.dev: connection refused'},
				},
				now,
			),
			['advisories unavailable (api.osv.dev: connection refused)', 'advisories unknown for 469'],
		);
		assert.deepEqual(
			advisoriesText(
				{...progress, advisories: {...advisories, state: 'done', oldestCached: '2026-06-01T00:00:00.000Z'}},
				now,
			),
			['advisories cached 3 days ago'],
		);
		assert.deepEqual(
			advisoriesText({...progress, advisories: {...advisories, exportFiles: ['npm.zip']}}, now),
			['advisories from an export file'],
		);
		assert.deepEqual(advisoriesText(progress, now), [], 'off: nothing said');
		assert.match(formatProgress({...progress, advisories}, now), /· advisories 10\/469$/);
	});
});
