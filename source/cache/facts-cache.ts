import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {Ecosystem} from '../graph/types.js';
import {consecutiveSeries, dailySeries, dayName, epochDay, seriesData} from '../registries/daily-series.js';
import type {DailyDownloads} from '../registries/types.js';
import {isRecord} from '../util/records.js';
import {entryFormat, fetchedTime, judgeEntry} from './entry-validation.js';
import type {Schema, VersionedSchema} from './schema.js';
import {SegmentStore} from './segment-store.js';
import {versionColumns, versionsFromColumns} from './version-columns.js';

/**
 * On-disk cache of EXTRACTED facts (never raw registry documents), one entry per (kind, ecosystem, name, base
 * URL), packed into a few segment files (segment-store.ts) that a warm run reads in one go. Writes are batched
 * and each batch becomes a new segment by temporary file + rename, so a reader — this process or another one
 * running at the same time — never sees half an entry, and two runs writing at once never write the same file.
 * Every entry read is judged before use (entry-validation.ts: its envelope, its format version, its value against
 * its request kind's schema): an outdated one is a miss, a damaged or edited one is a miss that is forgotten,
 * counted (`invalidEntries`) and left out at the next compaction, so one bad record never breaks a run.
 */

/** The request kind an entry answers ('metadata', 'downloads', an ecosystem's own). */
export type CacheKind = string;

export type CacheKey = {
	readonly kind: CacheKind;
	readonly ecosystem: Ecosystem;
	readonly name: string;
	/** The base URL the fact came from: a mirror's answer is not the public registry's. */
	readonly baseUrl: string;
};

export type CacheEntry<T> = {
	readonly key: CacheKey;
	/** Validator for `If-None-Match`; null when the server gave none (then a refresh refetches). */
	readonly etag: string | null;
	/** ISO time of the original fetch (a 304 renews it). */
	readonly fetchedAt: string;
	/** The URL it came from, without credentials. */
	readonly url: string;
	/** The facts; null when the registry said it does not know the name (`missing` says how). */
	readonly value: T | null;
	readonly missing: string | null;
	/**
	 * Locked versions the answer did not list when it was fetched (unpublished, held as malicious, not yet on a
	 * mirror): a later run that locks them trusts the answer; one that locks another version it lacks asks again
	 * (scan/unlisted-versions.ts). Absent when none.
	 */
	readonly absent?: readonly string[];
};

/** Entries found damaged or edited (and dropped) by one cache instance, for a one-line warning. */
export type InvalidEntries = {
	readonly count: number;
	/** The first one's kind, ecosystem and problem: `metadata/npm: value.versions: missing`. */
	readonly first: string | null;
};

/** Default size bound: past it, the entries fetched longest ago go (at compaction). */
export const defaultMaxCacheBytes = 200 * 1024 * 1024;

/**
 * The size bound: `COMMIT_TUI_CACHE_MAX_MB` (a number of megabytes, at least 1), else `defaultMaxCacheBytes`.
 * A value that is not a number is ignored.
 */
export function cacheSizeBound(env: NodeJS.ProcessEnv = process.env): number {
	const megabytes = Number(env.COMMIT_TUI_CACHE_MAX_MB);
	return env.COMMIT_TUI_CACHE_MAX_MB && Number.isFinite(megabytes) && megabytes > 0
		? Math.max(1, megabytes) * 1024 * 1024
		: defaultMaxCacheBytes;
}

/** The packed store's folder; `v1` was commit-tui 0.1's file per entry. */
const formatVersion = 'v2';

/**
 * The cache a scan part uses: the one it was handed (shared between the registry scan and the advisory lookup, so
 * a warm run reads the packed cache once; `null`: none), else its own in `cacheDir` when there is one.
 */
export function cacheToUse(
	given: FactsCache | null | undefined,
	options: {readonly cacheDir?: string | null; readonly maxCacheBytes?: number},
): FactsCache | null {
	if (given !== undefined) return given;
	return options.cacheDir ? new FactsCache(options.cacheDir, options.maxCacheBytes) : null;
}

export class FactsCache {
	/** The store's folder (`<directory>/v2`). */
	readonly root: string;
	private readonly store: SegmentStore;
	private invalidCount = 0;
	private firstInvalid: string | null = null;

	constructor(
		private readonly directory: string,
		maxBytes = cacheSizeBound(),
	) {
		this.root = path.join(directory, formatVersion);
		this.store = new SegmentStore(this.root, {maxBytes});
	}

	/**
	 * The entry, or null when absent, outdated, torn, corrupt, edited or written for another key. `schema` is the
	 * shape of its kind's value (without one, only the envelope is checked). A damaged entry is forgotten (left
	 * out of the next compaction) and counted in `invalidEntries`.
	 */
	async read<T>(key: CacheKey, schema?: VersionedSchema): Promise<CacheEntry<T> | null> {
		const storeKey = keyOf(key);
		const text = await this.store.get(storeKey);
		return this.entryOf<T>(storeKey, key, text, schema);
	}

	/**
	 * `read` of many keys of one kind at once, in order: one wait for the store rather than one per key (a warm
	 * run of a 28k-entry tree reads an advisory answer per package).
	 */
	async readMany<T>(
		keys: readonly CacheKey[],
		schema?: VersionedSchema,
	): Promise<Array<CacheEntry<T> | null>> {
		const storeKeys = keys.map(keyOf);
		const texts = await this.store.getMany(storeKeys);
		return keys.map((key, index) => this.entryOf<T>(storeKeys[index]!, key, texts[index], schema));
	}

	/** A stored text judged as the entry for `key` (null when absent or not usable). */
	private entryOf<T>(
		storeKey: string,
		key: CacheKey,
		text: string | undefined,
		schema: VersionedSchema | undefined,
	): CacheEntry<T> | null {
		if (text === undefined) return null;
		let raw: unknown;
		try {
			raw = JSON.parse(text) as unknown;
			// A fresh object of our own: decoded in place.
			if (isRecord(raw)) raw.value = decodeValue(raw.value, schema);
		} catch {
			this.reject(storeKey, key, 'not valid JSON');
			return null;
		}

		const verdict = judgeEntry(raw, key, schema);
		if (verdict.status === 'outdated') return null;
		if (verdict.status === 'invalid') {
			this.reject(storeKey, key, verdict.reason);
			return null;
		}

		const {entry} = verdict;
		return {
			key,
			etag: entry.etag,
			fetchedAt: entry.fetchedAt,
			url: entry.url,
			value: entry.value as T | null,
			missing: entry.missing,
			...(entry.absent ? {absent: entry.absent} : {}),
		};
	}

	/** Damaged or edited entries this instance met and forgot. */
	get invalidEntries(): InvalidEntries {
		return {count: this.invalidCount, first: this.firstInvalid};
	}

	/** `<folder>: permission denied (EACCES)` when this run's answers could not be written; null otherwise. */
	get writeError(): string | null {
		const failure = this.store.writeError;
		return failure === null ? null : `${this.directory}: ${failure}`;
	}

	private reject(storeKey: string, key: CacheKey, reason: string): void {
		this.invalidCount += 1;
		this.firstInvalid ??= `${key.kind}/${key.ecosystem}: ${reason}`;
		this.store.drop(storeKey);
	}

	/**
	 * Stores an entry, stamped with the format and `schema`'s version. It is written with the next batch (see
	 * `flush`); until then this instance reads it back from memory. Returns false when it cannot be stored.
	 */
	write<T>(entry: CacheEntry<T>, schema?: VersionedSchema): boolean {
		const fetched = Date.parse(entry.fetchedAt);
		if (Number.isNaN(fetched)) return false;
		const stored = {
			format: entryFormat,
			schema: schema?.version ?? 0,
			...entry,
			value: encodeValue(entry.value),
		};
		this.store.put(keyOf(entry.key), fetched, JSON.stringify(stored));
		return true;
	}

	/** Writes what is batched in memory (one new segment). Never rejects: failing to write is not fatal. */
	flush(): Promise<void> {
		return this.store.flush();
	}

	/** The same, synchronously, for a process about to exit. */
	flushSync(): void {
		this.store.flushSync();
	}

	/**
	 * After a scan: writes the batch, then compacts when due (too many segments, over the size bound, damaged
	 * entries to drop), and removes the old one-file-per-entry folder of commit-tui 0.1. Returns the bytes removed.
	 */
	async maintain(now = Date.now()): Promise<number> {
		await this.flush();
		let removed = 0;
		if (await this.store.compactionDue()) removed = await this.store.compact(now);
		await removeFilePerEntryCache(this.directory);
		return removed;
	}

	/** Compacts now, whatever is due (tests; `maintain` decides when). */
	compact(now = Date.now()): Promise<number> {
		return this.store.compact(now);
	}

	/** Lets go of what was read (a finished scan holds no cache in memory). */
	release(): void {
		this.store.release();
	}
}

/** The store's key of an entry: its four parts as JSON (no tab, no newline, one spelling per key). */
function keyOf(key: CacheKey): string {
	return JSON.stringify([key.kind, key.ecosystem, key.name, key.baseUrl]);
}

/**
 * commit-tui 0.1 kept one file per entry under `<cache>/v1/<kind>/<ecosystem>/`. Those entries are not read
 * (they are fetched again once, like any miss); the folder is removed when it is clearly that cache — it holds
 * the `.last-prune` marker 0.1 wrote — so a `--cache-dir` pointed at a folder with some other `v1` is left alone.
 */
async function removeFilePerEntryCache(directory: string): Promise<void> {
	const old = path.join(directory, 'v1');
	try {
		await fs.access(path.join(old, '.last-prune'));
	} catch {
		return;
	}

	await fs.rm(old, {recursive: true, force: true}).catch(() => undefined);
}

/** Whether an entry can be used without asking the registry. */
export function isFresh(entry: CacheEntry<unknown>, lifetimeMs: number, now: number): boolean {
	const fetched = fetchedTime(entry.fetchedAt);
	return !Number.isNaN(fetched) && fetched <= now + 60_000 && now - fetched < lifetimeMs;
}

/**
 * Daily download rows are most of the cache's bytes (365 `{day, downloads}` rows per npm package). They are
 * stored as a first day and the counts when the days are consecutive — the counts as base64 of little-endian
 * 32-bit words when they fit (about half the size of decimal JSON, and decoded natively rather than parsed
 * number by number) — and read back as a typed series (registries/daily-series.ts) without a row object per day.
 */
type CompactDaily =
	| {readonly start: string; readonly counts: number[]}
	| {readonly start: string; readonly counts32: string};

const bigEndian = os.endianness() === 'BE';

function encodeValue(value: unknown): unknown {
	if (!isRecord(value)) return value;
	let stored = value;
	const columns = Array.isArray(value.versions) ? versionColumns(value.versions) : null;
	if (columns) stored = {...stored, versions: columns};
	const daily = Array.isArray(value.daily) ? compactDaily(value.daily as DailyDownloads[]) : null;
	if (daily) stored = {...stored, daily};
	return stored;
}

/** The daily rows in their compact form; null when they are stored as they are. */
function compactDaily(rows: readonly DailyDownloads[]): CompactDaily | null {
	if (rows.length === 0) return null;
	const series = seriesData(rows);
	if (series) {
		if (series.days) return null;
		const start = dayName(series.start);
		const {counts} = series;
		if (!(counts instanceof Uint32Array)) return {start, counts: Array.from(counts)};
		const bytes = Buffer.from(counts.buffer, counts.byteOffset, counts.byteLength);
		return {start, counts32: (bigEndian ? Buffer.from(bytes).swap32() : bytes).toString('base64')};
	}

	const start = epochDay(rows[0]!.day);
	if (Number.isNaN(start)) return null;
	const consecutive = rows.every((row, index) => row.day === dayName(start + index));
	if (!consecutive) return null;
	return {start: rows[0]!.day, counts: rows.map((row) => row.downloads)};
}

/**
 * The stored form back (a fresh parse, decoded in place); a compact form that is not one is left as it is, for
 * the schema to reject.
 */
function decodeValue(value: unknown, schema: Schema | undefined): unknown {
	if (!isRecord(value)) return value;
	if (isRecord(value.versions)) {
		// The schema of one version, when the kind's value is an object with a list of them.
		const item = schema?.field?.('versions')?.schema.items;
		value.versions = versionsFromColumns(value.versions, item) ?? value.versions;
	}

	if (isRecord(value.daily)) value.daily = dailyFromCompact(value.daily) ?? value.daily;
	return value;
}

function dailyFromCompact(daily: Record<string, unknown>): unknown {
	if (typeof daily.start !== 'string') return undefined;
	const first = epochDay(daily.start);
	if (Number.isNaN(first)) return undefined;
	if (typeof daily.counts32 === 'string') {
		// Decoded straight into the counts' memory (no Buffer in between). A length that is not whole words, or
		// characters base64 does not have (skipped by the decoder, so fewer bytes come out), is a damaged entry.
		const byteLength = Buffer.byteLength(daily.counts32, 'base64');
		if (byteLength % 4 !== 0) return undefined;
		const counts = new Uint32Array(byteLength / 4);
		const bytes = Buffer.from(counts.buffer);
		if (bytes.write(daily.counts32, 'base64') !== byteLength) return undefined;
		if (bigEndian) bytes.swap32();
		return consecutiveSeries(first, counts);
	}

	if (!Array.isArray(daily.counts)) return undefined;
	for (const count of daily.counts) if (!(Number.isSafeInteger(count) && count >= 0)) return undefined;
	return dailySeries(first, null, daily.counts as number[]);
}
