import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {
	type CacheEntry,
	type CacheKey,
	cacheSizeBound,
	defaultCacheDir,
	defaultMaxCacheBytes,
	FactsCache,
	isFresh,
} from '../../source/cache/index.js';
import {seriesData} from '../../source/registries/daily-series.js';
import {toDownloadHistory} from '../../source/registries/downloads.js';
import {downloadHistorySchema} from '../../source/registries/schemas.js';
import {editStoredRecords, segmentFiles, storedRecords} from '../helpers/cache-store.js';
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
	test('round trip; keyed by kind, ecosystem, name and base URL; read back by another instance once flushed', async () => {
		const directory = path.join(folder.path, 'a');
		const cache = new FactsCache(directory);
		assert.equal(await cache.read(key), null);
		assert.equal(cache.write(entry({weekly: 5})), true);
		assert.deepEqual(await cache.read(key), entry({weekly: 5}));
		assert.equal(await cache.read({...key, baseUrl: 'https://mirror.example/'}), null);
		assert.equal(await cache.read({...key, kind: 'downloads'}), null);
		assert.equal(await cache.read({...key, ecosystem: 'pypi'}), null);
		const missing = entry(null, {missing: 'HTTP 404 not found', key: {...key, name: 'nope'}});
		cache.write(missing);
		assert.deepEqual(await cache.read({...key, name: 'nope'}), missing);
		await cache.flush();
		const other = new FactsCache(directory);
		assert.deepEqual(await other.read(key), entry({weekly: 5}));
		assert.deepEqual(await other.read({...key, name: 'nope'}), missing);
		// One batch, one segment file: not a file per entry.
		assert.equal(segmentFiles(directory).length, 1);
	});

	test('a folder it cannot write: the entry is still read back this run, and writeError says where and why', async () => {
		const inTheWay = path.join(folder.path, 'a-file');
		writeFileSync(inTheWay, 'not a folder');
		const cache = new FactsCache(inTheWay);
		assert.equal(cache.writeError, null, 'nothing failed yet');
		cache.write(entry({weekly: 5}));
		await cache.flush();
		assert.match(cache.writeError ?? '', /a-file: a folder on the path is a file \(ENOTDIR\)$/);
		assert.deepEqual(await cache.read(key), entry({weekly: 5}), 'this run still has what it fetched');
		assert.equal(readFileSync(inTheWay, 'utf8'), 'not a folder', 'the file in the way is untouched');
		// A later failure does not replace the first reason, and a folder that works says nothing.
		cache.write(entry({weekly: 6}));
		await cache.flush();
		assert.match(cache.writeError ?? '', /ENOTDIR/);
		const fine = new FactsCache(path.join(folder.path, 'fine'));
		fine.write(entry({weekly: 1}));
		await fine.flush();
		assert.equal(fine.writeError, null);
	});

	test('download histories round-trip as typed series (stored compactly when the days are consecutive)', async () => {
		const directory = path.join(folder.path, 'compact');
		const cache = new FactsCache(directory);
		const downloadsKey: CacheKey = {...key, kind: 'downloads'};
		const rows = [
			{day: '2026-02-27', downloads: 1},
			{day: '2026-02-28', downloads: 2},
			{day: '2026-03-01', downloads: 3},
		];
		cache.write(entry(toDownloadHistory(rows), {key: downloadsKey}), downloadHistorySchema);
		await cache.flush();
		const [record] = storedRecords(directory);
		assert.equal(record?.text.includes('"day"'), false);
		const read = await new FactsCache(directory).read<{daily: typeof rows}>(
			downloadsKey,
			downloadHistorySchema,
		);
		assert.deepEqual(read?.value, {daily: rows, weekly: 6});
		assert.ok(seriesData(read!.value!.daily), 'read back as a typed series, not row objects');
		assert.deepEqual(read?.value?.daily.slice(-2), rows.slice(-2));
		assert.equal(read?.value?.daily.at(-1)?.day, '2026-03-01');

		const gaps = {
			daily: [
				{day: '2026-01-01', downloads: 1},
				{day: '2026-01-05', downloads: 2},
			],
			weekly: 3,
		};
		cache.write(entry(gaps, {key: downloadsKey}));
		await cache.flush();
		assert.deepEqual((await new FactsCache(directory).read(downloadsKey))?.value, gaps);
	});

	test('compact counts that are not whole 32-bit words, or not base64, are a damaged entry', async () => {
		const directory = path.join(folder.path, 'compact-damaged');
		const downloadsKey: CacheKey = {...key, kind: 'downloads'};
		const writer = new FactsCache(directory);
		const rows = [
			{day: '2026-02-27', downloads: 1},
			{day: '2026-02-28', downloads: 2},
		];
		writer.write(entry(toDownloadHistory(rows), {key: downloadsKey}), downloadHistorySchema);
		await writer.flush();
		const [stored] = storedRecords(directory);
		const good = /"counts32":"([^"]+)"/.exec(stored!.text)?.[1];
		assert.equal(good, 'AQAAAAIAAAA=');
		// Six bytes; then eight by their length, seven once the decoder skips the `*`.
		for (const counts32 of ['AQAAAAIA', 'AQAAAAIAAA*=']) {
			editStoredRecords(directory, (record) =>
				record.text.replace(/"counts32":"[^"]+"/, `"counts32":"${counts32}"`),
			);
			const reader = new FactsCache(directory);
			assert.equal(await reader.read(downloadsKey, downloadHistorySchema), null, counts32);
			assert.match(
				reader.invalidEntries.first ?? '',
				/^downloads\/npm: value\.daily: expected a list/,
				counts32,
			);
			editStoredRecords(directory, (record) =>
				record.text.replace(/"counts32":"[^"]+"/, `"counts32":"${good}"`),
			);
			assert.deepEqual((await new FactsCache(directory).read(downloadsKey, downloadHistorySchema))?.value, {
				daily: rows,
				weekly: 3,
			});
		}
	});

	test('a corrupt or foreign record reads as absent; the other records of its segment still read', async () => {
		const directory = path.join(folder.path, 'b');
		const cache = new FactsCache(directory);
		cache.write(entry({weekly: 5}));
		cache.write(entry({weekly: 6}, {key: {...key, name: 'other'}}));
		await cache.flush();
		const damage = [
			'\u0000\u0000garbage',
			JSON.stringify({...entry({weekly: 5}, {key: {...key, name: 'third'}}), format: 1, schema: 0}),
			JSON.stringify({...entry({}), format: 1, schema: 0, fetchedAt: 5}),
		];
		for (const text of damage) {
			editStoredRecords(directory, (record) => (record.key.name === 'express' ? text : undefined));
			const reader = new FactsCache(directory);
			assert.equal(await reader.read(key), null, text);
			assert.equal(reader.invalidEntries.count, 1);
			assert.deepEqual((await reader.read({...key, name: 'other'}))?.value, {weekly: 6});
		}
	});

	test('readMany gives what read gives each key, in order: misses, damaged records, unwritten ones', async () => {
		const directory = path.join(folder.path, 'many');
		const writer = new FactsCache(directory);
		const names = ['a', 'b', 'c', 'd'];
		for (const name of names) writer.write(entry({weekly: name.charCodeAt(0)}, {key: {...key, name}}));
		await writer.flush();
		editStoredRecords(directory, (record) => (record.key.name === 'c' ? '{"format":1' : undefined));
		const keys = [...names, 'missing'].map((name) => ({...key, name}));
		const many = new FactsCache(directory);
		// Written by this instance and not flushed yet: read back from memory, as `read` does.
		many.write(entry({weekly: 1}, {key: {...key, name: 'fresh'}}));
		const read = await many.readMany([...keys, {...key, name: 'fresh'}]);
		assert.deepEqual(
			read.map((each) => (each?.value as {weekly: number} | undefined)?.weekly ?? null),
			[97, 98, null, 100, null, 1],
		);
		assert.deepEqual(read[0], entry({weekly: 97}, {key: {...key, name: 'a'}}));
		assert.deepEqual(many.invalidEntries, {count: 1, first: 'metadata/npm: not valid JSON'});
		const one = new FactsCache(directory);
		for (const [index, each] of keys.entries()) assert.deepEqual(await one.read(each), read[index]);
		assert.deepEqual(await many.readMany([]), []);
	});

	test('a torn tail (a segment cut short by a crash or a full disk) loses only its last record', async () => {
		const directory = path.join(folder.path, 'torn');
		const cache = new FactsCache(directory);
		for (const name of ['one', 'two', 'three']) cache.write(entry({name}, {key: {...key, name}}));
		await cache.flush();
		const [file] = segmentFiles(directory);
		const size = readFileSync(file!).length;
		truncateSync(file!, size - 10);
		const reader = new FactsCache(directory);
		assert.deepEqual((await reader.read({...key, name: 'one'}))?.value, {name: 'one'});
		assert.deepEqual((await reader.read({...key, name: 'two'}))?.value, {name: 'two'});
		assert.equal(await reader.read({...key, name: 'three'}), null);
		assert.equal(reader.invalidEntries.count, 0);
		// A foreign file in the folder is not a segment.
		writeFileSync(path.join(directory, 'v2', '000000000000001-1-x.seg'), 'not a segment\n["a"]\t1\t{}\n');
		assert.deepEqual((await new FactsCache(directory).read({...key, name: 'one'}))?.value, {name: 'one'});
	});

	test('a FIFO or a folder named like a segment is not read (it would block the open or never end)', {
		skip: process.platform === 'win32' ? 'no named pipes in the file system' : false,
	}, async () => {
		const directory = path.join(folder.path, 'fifo');
		const cache = new FactsCache(directory);
		cache.write(entry({name: 'one'}, {key: {...key, name: 'one'}}));
		await cache.flush();
		execFileSync('mkfifo', [path.join(directory, 'v2', '000000000000002-1-fifo.seg')]);
		mkdirSync(path.join(directory, 'v2', '000000000000003-1-folder.seg'));
		const reader = new FactsCache(directory);
		assert.deepEqual((await reader.read({...key, name: 'one'}))?.value, {name: 'one'});
		assert.equal(await reader.read({...key, name: 'two'}), null);
		// Nor by a merge: it keeps the records it read and leaves what is not a segment alone.
		for (let index = 0; index < 8; index++) {
			reader.write(entry({index}, {key: {...key, name: `n${index}`}}));
			await reader.flush();
		}
		assert.ok((await reader.maintain()) > 0, 'merged');
		assert.equal(
			segmentFiles(directory).length,
			3,
			'one merged segment, and the FIFO and the folder left alone',
		);
		assert.deepEqual((await new FactsCache(directory).read({...key, name: 'n7'}))?.value, {index: 7});
	});

	test('the newest fetch wins, whichever segment holds it', async () => {
		const directory = path.join(folder.path, 'newest');
		const newer = new FactsCache(directory);
		newer.write(entry({v: 'new'}, {fetchedAt: '2026-06-02T00:00:00.000Z'}));
		await newer.flush();
		// Written later, but fetched earlier (another process's older answer).
		const older = new FactsCache(directory);
		older.write(entry({v: 'old'}, {fetchedAt: '2026-06-01T00:00:00.000Z'}));
		await older.flush();
		assert.deepEqual((await new FactsCache(directory).read(key))?.value, {v: 'new'});
		// Once written, the writer itself reads what is on disk.
		assert.deepEqual((await older.read(key))?.value, {v: 'new'});
		// Until then, its own write is what it reads back.
		older.write(entry({v: 'older still'}, {fetchedAt: '2025-01-01T00:00:00.000Z'}));
		assert.deepEqual((await older.read(key))?.value, {v: 'older still'});
	});

	test('compaction merges segments into one, keeps the newest record per key and evicts the oldest past the bound', async () => {
		const directory = path.join(folder.path, 'd');
		const names = ['one', 'two', 'three', 'four'];
		for (const [index, name] of names.entries()) {
			const cache = new FactsCache(directory);
			cache.write(
				entry(
					{padding: 'x'.repeat(900)},
					{key: {...key, name}, fetchedAt: `2026-01-0${index + 1}T00:00:00.000Z`},
				),
			);
			// An older copy of 'four', superseded.
			if (name === 'four')
				cache.write(
					entry({padding: 'y'}, {key: {...key, name: 'one'}, fetchedAt: '2025-01-01T00:00:00.000Z'}),
				);
			await cache.flush();
		}

		assert.equal(segmentFiles(directory).length, 4);
		const cache = new FactsCache(directory, 3000);
		assert.ok((await cache.compact()) > 0);
		assert.equal(segmentFiles(directory).length, 1);
		const reader = new FactsCache(directory, 3000);
		assert.equal(await reader.read({...key, name: 'one'}), null);
		assert.notEqual(await reader.read({...key, name: 'four'}), null);
		assert.notEqual(await reader.read({...key, name: 'three'}), null);
		assert.ok(readFileSync(segmentFiles(directory)[0]!).length <= 3000);
	});

	test('release lets go of what was read and written; the next read finds it on disk again', async () => {
		const directory = path.join(folder.path, 'release');
		const cache = new FactsCache(directory);
		cache.write(entry({kept: true}));
		await cache.flush();
		cache.release();
		assert.deepEqual((await cache.read(key))?.value, {kept: true});
		// Not yet written: kept in memory through a release.
		cache.write(entry({v: 2}, {key: {...key, name: 'pending'}}));
		cache.release();
		assert.deepEqual((await cache.read({...key, name: 'pending'}))?.value, {v: 2});
	});

	test('maintain compacts once there are many segments, and only then', async () => {
		const directory = path.join(folder.path, 'due');
		for (let index = 0; index < 7; index++) {
			const cache = new FactsCache(directory);
			cache.write(entry({index}, {key: {...key, name: `n${index}`}}));
			await cache.maintain();
		}

		assert.equal(segmentFiles(directory).length, 7);
		const cache = new FactsCache(directory);
		cache.write(entry({index: 7}, {key: {...key, name: 'n7'}}));
		await cache.maintain();
		assert.equal(segmentFiles(directory).length, 1);
		const reader = new FactsCache(directory);
		for (let index = 0; index < 8; index++)
			assert.deepEqual((await reader.read({...key, name: `n${index}`}))?.value, {index});
	});

	test('commit-tui 0.1’s file-per-entry folder is removed when it is one, left alone otherwise', async () => {
		const ours = path.join(folder.path, 'old-ours');
		mkdirSync(path.join(ours, 'v1', 'metadata', 'npm'), {recursive: true});
		writeFileSync(path.join(ours, 'v1', 'metadata', 'npm', 'abc.json'), '{}');
		writeFileSync(path.join(ours, 'v1', '.last-prune'), '');
		const cache = new FactsCache(ours);
		assert.equal(await cache.read(key), null);
		await cache.maintain();
		assert.equal(existsSync(path.join(ours, 'v1')), false);

		const foreign = path.join(folder.path, 'old-foreign');
		mkdirSync(path.join(foreign, 'v1'), {recursive: true});
		writeFileSync(path.join(foreign, 'v1', 'api.json'), '{}');
		await new FactsCache(foreign).maintain();
		assert.equal(existsSync(path.join(foreign, 'v1', 'api.json')), true);
	});

	test('two processes writing at once, and a third compacting meanwhile, lose nothing', {
		timeout: 60_000,
	}, async () => {
		const directory = path.join(folder.path, 'processes');
		const count = 300;
		await Promise.all([
			cacheChild(['write', directory, 'a', String(count)]),
			cacheChild(['write', directory, 'b', String(count)]),
			cacheChild(['compact', directory, '20']),
		]);
		const reader = new FactsCache(directory);
		for (const writer of ['a', 'b'])
			for (let index = 0; index < count; index++) {
				const read = await reader.read({...key, name: `${writer}-${index}`});
				assert.deepEqual(read?.value, {writer, index}, `${writer}-${index}`);
			}

		assert.equal(reader.invalidEntries.count, 0);
		const leftovers = readdirSync(path.join(directory, 'v2')).filter((name) => name.endsWith('.tmp'));
		assert.deepEqual(leftovers, []);
	});

	test('a process that exits with answers not yet written writes them first', {timeout: 30_000}, async () => {
		const directory = path.join(folder.path, 'exit');
		await cacheChild(['exit', directory, 'late', '25']);
		const reader = new FactsCache(directory);
		for (let index = 0; index < 25; index++)
			assert.deepEqual((await reader.read({...key, name: `late-${index}`}))?.value, {writer: 'late', index});
	});

	test('freshness, the default folder and the size bound', () => {
		const now = Date.parse('2026-06-01T12:00:00.000Z');
		assert.equal(isFresh(entry({}), 24 * 3_600_000, now), true);
		assert.equal(isFresh(entry({}), 6 * 3_600_000, now), false);
		assert.equal(isFresh(entry({}, {fetchedAt: 'not a date'}), 24 * 3_600_000, now), false);
		assert.equal(defaultCacheDir({COMMIT_TUI_CACHE_DIR: '/tmp/x'}), '/tmp/x');
		assert.match(defaultCacheDir({}), /commit-tui/);
		assert.equal(defaultMaxCacheBytes, 200 * 1024 * 1024);
		assert.equal(cacheSizeBound({}), defaultMaxCacheBytes);
		assert.equal(cacheSizeBound({COMMIT_TUI_CACHE_MAX_MB: '50'}), 50 * 1024 * 1024);
		assert.equal(cacheSizeBound({COMMIT_TUI_CACHE_MAX_MB: 'lots'}), defaultMaxCacheBytes);
		assert.equal(cacheSizeBound({COMMIT_TUI_CACHE_MAX_MB: '-3'}), defaultMaxCacheBytes);
	});
});

/** Runs test/helpers/cache-child in its own process: `write <dir> <writer> <count>` or `compact <dir> <times>`. */
async function cacheChild(args: readonly string[]): Promise<void> {
	const here = fileURLToPath(import.meta.url);
	const child = path.join(path.dirname(here), '..', 'helpers', `cache-child${path.extname(here)}`);
	const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--test'));
	const process_ = spawn(process.execPath, [...execArgv, child, ...args], {
		stdio: ['ignore', 'inherit', 'inherit'],
	});
	const code = await new Promise<number | null>((resolve) => process_.on('exit', resolve));
	assert.equal(code, 0, args.join(' '));
}
