import assert from 'node:assert/strict';
import {promises as fs, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {
	type CacheEntry,
	type CacheKey,
	defaultCacheDir,
	FactsCache,
	isFresh,
} from '../../source/cache/index.js';
import {temporaryDirectory} from '../helpers/registry-scan.js';

const folder = temporaryDirectory();
after(() => folder.remove());

const key: CacheKey = {
	kind: 'metadata',
	ecosystem: 'npm',
	name: 'express',
	baseUrl: 'https://registry.npmjs.org/',
};

function entry(value: unknown, overrides: Partial<CacheEntry<unknown>> = {}): CacheEntry<unknown> {
	return {
		key,
		etag: '"abc"',
		fetchedAt: '2026-06-01T00:00:00.000Z',
		url: 'https://registry.npmjs.org/express',
		value,
		missing: null,
		...overrides,
	};
}

describe('FactsCache', () => {
	test('round trip; keyed by kind, ecosystem, name and base URL', async () => {
		const cache = new FactsCache(path.join(folder.path, 'a'));
		assert.equal(await cache.read(key), null);
		assert.equal(await cache.write(entry({weekly: 5})), true);
		assert.deepEqual(await cache.read(key), entry({weekly: 5}));
		assert.equal(await cache.read({...key, baseUrl: 'https://mirror.example/'}), null);
		assert.equal(await cache.read({...key, kind: 'downloads'}), null);
		assert.equal(await cache.read({...key, ecosystem: 'pypi'}), null);
		const missing = entry(null, {missing: 'HTTP 404 not found', key: {...key, name: 'nope'}});
		await cache.write(missing);
		assert.deepEqual(await cache.read({...key, name: 'nope'}), missing);
	});

	test('download histories round-trip (stored compactly when the days are consecutive)', async () => {
		const cache = new FactsCache(path.join(folder.path, 'compact'));
		const downloadsKey: CacheKey = {...key, kind: 'downloads'};
		const consecutive = {
			daily: [
				{day: '2026-02-27', downloads: 1},
				{day: '2026-02-28', downloads: 2},
				{day: '2026-03-01', downloads: 3},
			],
			weekly: 6,
		};
		await cache.write(entry(consecutive, {key: downloadsKey}));
		assert.deepEqual((await cache.read(downloadsKey))?.value, consecutive);
		const onDisk = await fs.readFile(cache.fileFor(downloadsKey), 'utf8');
		assert.equal(onDisk.includes('"day"'), false);
		const gaps = {
			daily: [
				{day: '2026-01-01', downloads: 1},
				{day: '2026-01-05', downloads: 2},
			],
			weekly: 3,
		};
		await cache.write(entry(gaps, {key: downloadsKey}));
		assert.deepEqual((await cache.read(downloadsKey))?.value, gaps);
	});

	test('a torn, corrupt or foreign entry reads as absent', async () => {
		const cache = new FactsCache(path.join(folder.path, 'b'));
		await cache.write(entry({weekly: 5}));
		const file = cache.fileFor(key);
		const text = await fs.readFile(file, 'utf8');
		writeFileSync(file, text.slice(0, text.length / 2));
		assert.equal(await cache.read(key), null);
		writeFileSync(file, '\u0000\u0000garbage');
		assert.equal(await cache.read(key), null);
		writeFileSync(file, JSON.stringify(entry({weekly: 5}, {key: {...key, name: 'other'}})));
		assert.equal(await cache.read(key), null);
		writeFileSync(file, JSON.stringify({...entry({}), fetchedAt: 5}));
		assert.equal(await cache.read(key), null);
	});

	test('writes are atomic: concurrent writers and readers never see half an entry', async () => {
		const cache = new FactsCache(path.join(folder.path, 'c'));
		const other = new FactsCache(path.join(folder.path, 'c'));
		const big = {daily: Array.from({length: 5000}, (_, i) => ({day: `d${i}`, downloads: i}))};
		const writes = Array.from({length: 20}, (_, i) =>
			(i % 2 ? cache : other).write(entry({...big, writer: i})),
		);
		const reads: Array<Promise<CacheEntry<unknown> | null>> = [];
		for (let i = 0; i < 40; i++) reads.push(cache.read(key));
		await Promise.all(writes);
		for (const result of await Promise.all(reads)) {
			if (result !== null) assert.equal((result.value as typeof big).daily.length, 5000);
		}

		const final = await cache.read(key);
		assert.ok(final);
		assert.equal((final.value as typeof big).daily.length, 5000);
		const leftovers = (await fs.readdir(path.dirname(cache.fileFor(key)))).filter((name) =>
			name.endsWith('.tmp'),
		);
		assert.deepEqual(leftovers, []);
	});

	test('prune evicts the oldest entries past the size bound', async () => {
		const directory = path.join(folder.path, 'd');
		const cache = new FactsCache(directory, 3000);
		const names = ['one', 'two', 'three', 'four'];
		for (const [index, name] of names.entries()) {
			const each = {...key, name};
			await cache.write(entry({padding: 'x'.repeat(900)}, {key: each}));
			const when = new Date(Date.UTC(2026, 0, 1 + index));
			await fs.utimes(cache.fileFor(each), when, when);
		}

		const removed = await cache.prune();
		assert.ok(removed > 0);
		assert.equal(await cache.read({...key, name: 'one'}), null);
		assert.notEqual(await cache.read({...key, name: 'four'}), null);
		assert.notEqual(await cache.read({...key, name: 'three'}), null);
	});

	test('pruneIfDue runs at most once per interval', async () => {
		const cache = new FactsCache(path.join(folder.path, 'due'), 10);
		await cache.write(entry({padding: 'x'.repeat(100)}));
		const now = Date.now();
		assert.ok((await cache.pruneIfDue(now)) > 0, 'first call prunes');
		await cache.write(entry({padding: 'x'.repeat(100)}));
		assert.equal(await cache.pruneIfDue(now + 1000), 0, 'not due yet');
		assert.notEqual(await cache.read(key), null);
		assert.ok((await cache.pruneIfDue(now + 2 * 60 * 60 * 1000)) > 0, 'due again an hour later');
		assert.equal(await cache.read(key), null);
	});

	test('freshness and the default folder', () => {
		const now = Date.parse('2026-06-01T12:00:00.000Z');
		assert.equal(isFresh(entry({}), 24 * 3_600_000, now), true);
		assert.equal(isFresh(entry({}), 6 * 3_600_000, now), false);
		assert.equal(isFresh(entry({}, {fetchedAt: 'not a date'}), 24 * 3_600_000, now), false);
		assert.equal(defaultCacheDir({COMMIT_TUI_CACHE_DIR: '/tmp/x'}), '/tmp/x');
		assert.match(defaultCacheDir({}), /commit-tui/);
	});
});
