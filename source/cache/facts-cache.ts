import {createHash} from 'node:crypto';
import {promises as fs} from 'node:fs';
import path from 'node:path';
import type {Ecosystem} from '../graph/types.js';
import {writeFileAtomic} from '../util/atomic-write.js';
import {isRecord} from '../util/records.js';
import {entryFormat, judgeEntry} from './entry-validation.js';
import type {VersionedSchema} from './schema.js';

/**
 * On-disk cache of EXTRACTED facts (never raw registry documents), one small JSON file per
 * (kind, ecosystem, name, base URL). Writes go to a temporary file that is renamed into place, so a
 * reader — this process or another one running at the same time — sees either the old entry or the new
 * one, never half of one. Every entry read is judged before use (entry-validation.ts: its envelope, its format
 * version, its value against its request kind's schema): an outdated one is a miss, a damaged or edited one is
 * a miss that is deleted and counted (`invalidEntries`), so one bad file never breaks a run.
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
};

/** Entries found damaged or edited (and deleted) by one cache instance, for a one-line warning. */
export type InvalidEntries = {
	readonly count: number;
	/** The first one's kind, ecosystem and problem: `metadata/npm: value.versions: missing`. */
	readonly first: string | null;
};

/** Default size bound: past it, the least recently written entries go. */
export const defaultMaxCacheBytes = 200 * 1024 * 1024;

const formatVersion = 'v1';

export class FactsCache {
	readonly root: string;
	/** Folders already created by this instance: one mkdir per folder, not per write. */
	private readonly madeDirectories = new Set<string>();
	/**
	 * File names present per folder, listed once: a cold cache would otherwise cost one failed open per
	 * package. An entry another process writes meanwhile is merely missed (and fetched), never wrong.
	 */
	private readonly listings = new Map<string, Promise<Set<string>>>();
	private invalidCount = 0;
	private firstInvalid: string | null = null;

	constructor(
		directory: string,
		private readonly maxBytes = defaultMaxCacheBytes,
	) {
		this.root = path.join(directory, formatVersion);
	}

	/**
	 * The entry, or null when absent, outdated, torn, corrupt, edited or written for another key. `schema` is the
	 * shape of its kind's value (without one, only the envelope is checked). A damaged entry is deleted and
	 * counted in `invalidEntries`.
	 */
	async read<T>(key: CacheKey, schema?: VersionedSchema): Promise<CacheEntry<T> | null> {
		const file = this.fileFor(key);
		if (!(await this.listing(path.dirname(file))).has(path.basename(file))) return null;
		let text: string;
		try {
			text = await fs.readFile(file, 'utf8');
		} catch {
			return null;
		}

		let raw: unknown;
		try {
			raw = JSON.parse(text) as unknown;
			if (isRecord(raw)) raw = {...raw, value: decodeValue(raw.value)};
		} catch {
			// A torn write cannot happen (writes are atomic): this is damage, like any other invalid entry.
			await this.reject(file, key, 'not valid JSON');
			return null;
		}

		const verdict = judgeEntry(raw, key, schema);
		if (verdict.status === 'outdated') return null;
		if (verdict.status === 'invalid') {
			await this.reject(file, key, verdict.reason);
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
		};
	}

	/** Damaged or edited entries this instance met and deleted. */
	get invalidEntries(): InvalidEntries {
		return {count: this.invalidCount, first: this.firstInvalid};
	}

	private async reject(file: string, key: CacheKey, reason: string): Promise<void> {
		this.invalidCount += 1;
		this.firstInvalid ??= `${key.kind}/${key.ecosystem}: ${reason}`;
		await fs.rm(file, {force: true}).catch(() => undefined);
		(await this.listing(path.dirname(file))).delete(path.basename(file));
	}

	/**
	 * Atomic write (tmp + rename), stamped with the format and `schema`'s version. Failure to write (read-only
	 * disk, full disk) is not fatal: it is only a cache.
	 */
	async write<T>(entry: CacheEntry<T>, schema?: VersionedSchema): Promise<boolean> {
		const file = this.fileFor(entry.key);
		try {
			const directory = path.dirname(file);
			if (!this.madeDirectories.has(directory)) {
				await fs.mkdir(directory, {recursive: true});
				this.madeDirectories.add(directory);
			}

			const stored = {
				format: entryFormat,
				schema: schema?.version ?? 0,
				...entry,
				value: encodeValue(entry.value),
			};
			await writeFileAtomic(file, JSON.stringify(stored), {makeFolder: false});
			(await this.listing(directory)).add(path.basename(file));
			return true;
		} catch {
			// The folder may have been removed under us (a cache wipe): make it again next time.
			this.madeDirectories.clear();
			return false;
		}
	}

	private async listing(directory: string): Promise<Set<string>> {
		let names = this.listings.get(directory);
		if (!names) {
			names = fs.readdir(directory).then(
				(entries) => new Set(entries),
				() => new Set<string>(),
			);
			this.listings.set(directory, names);
		}

		return names;
	}

	/** Where an entry lives (exported for tests that tear entries on purpose). */
	fileFor(key: CacheKey): string {
		const digest = createHash('sha256')
			.update(`${key.kind}\n${key.ecosystem}\n${key.name}\n${key.baseUrl}`)
			.digest('hex')
			.slice(0, 40);
		return path.join(this.root, key.kind, key.ecosystem, `${digest}.json`);
	}

	/**
	 * `prune`, at most once per `intervalMs` per cache folder (a marker file's age says when it last ran):
	 * listing thousands of entries after every scan would cost more than the bound is worth.
	 */
	async pruneIfDue(now = Date.now(), intervalMs = 60 * 60 * 1000): Promise<number> {
		const marker = path.join(this.root, '.last-prune');
		try {
			const stat = await fs.stat(marker);
			if (now - stat.mtimeMs < intervalMs) return 0;
		} catch {
			// Never pruned yet.
		}

		try {
			await fs.mkdir(this.root, {recursive: true});
			await fs.writeFile(marker, '');
		} catch {
			return 0;
		}

		return this.prune(now);
	}

	/**
	 * Keeps the cache under its size bound by deleting the oldest entries (by modification time), and
	 * removes temporary files left by a crashed writer. Returns the bytes removed.
	 */
	async prune(now = Date.now()): Promise<number> {
		const files: Array<{file: string; size: number; mtime: number}> = [];
		let total = 0;
		let removed = 0;
		for (const file of await listFiles(this.root)) {
			try {
				const stat = await fs.stat(file);
				if (path.basename(file) === '.last-prune') continue;
				if (file.endsWith('.tmp')) {
					// A writer renames within milliseconds; an hour-old tmp file is debris.
					if (now - stat.mtimeMs > 60 * 60 * 1000) {
						await fs.rm(file, {force: true});
						removed += stat.size;
					}

					continue;
				}

				files.push({file, size: stat.size, mtime: stat.mtimeMs});
				total += stat.size;
			} catch {
				// Removed by another process meanwhile.
			}
		}

		if (total <= this.maxBytes) return removed;
		files.sort((a, b) => a.mtime - b.mtime);
		for (const entry of files) {
			if (total <= this.maxBytes) break;
			await fs.rm(entry.file, {force: true}).catch(() => undefined);
			total -= entry.size;
			removed += entry.size;
		}

		return removed;
	}
}

/** Whether an entry can be used without asking the registry. */
export function isFresh(entry: CacheEntry<unknown>, lifetimeMs: number, now: number): boolean {
	const fetched = Date.parse(entry.fetchedAt);
	return !Number.isNaN(fetched) && fetched <= now + 60_000 && now - fetched < lifetimeMs;
}

async function listFiles(directory: string): Promise<string[]> {
	let entries: import('node:fs').Dirent[];
	try {
		entries = await fs.readdir(directory, {withFileTypes: true});
	} catch {
		return [];
	}

	const files: string[] = [];
	for (const entry of entries) {
		const full = path.join(directory, entry.name);
		if (entry.isDirectory()) files.push(...(await listFiles(full)));
		else if (entry.isFile()) files.push(full);
	}

	return files;
}

/**
 * Daily download rows are most of the cache's bytes (365 `{day, downloads}` objects per npm package). On
 * disk they are stored as a first day and a list of counts when the days are consecutive, which makes the
 * files about 4× smaller and quicker to parse on a warm run of thousands of packages.
 */
type CompactDaily = {readonly start: string; readonly counts: number[]};

const dayMs = 24 * 60 * 60 * 1000;

function encodeValue(value: unknown): unknown {
	if (!isRecord(value) || !Array.isArray(value.daily) || value.daily.length === 0) return value;
	const daily = value.daily as Array<{day: string; downloads: number}>;
	const start = Math.round(Date.parse(`${daily[0]!.day}T00:00:00Z`) / dayMs);
	if (Number.isNaN(start)) return value;
	const consecutive = daily.every((row, index) => row.day === dayName(start + index));
	if (!consecutive) return value;
	const compact: CompactDaily = {start: daily[0]!.day, counts: daily.map((row) => row.downloads)};
	return {...value, daily: compact};
}

/** The stored form back; a compact form that is not one is left as it is, for the schema to reject. */
function decodeValue(value: unknown): unknown {
	if (!isRecord(value) || !isRecord(value.daily)) return value;
	const {start, counts} = value.daily as CompactDaily;
	if (typeof start !== 'string' || !Array.isArray(counts)) return value;
	const first = Math.round(Date.parse(`${start}T00:00:00Z`) / dayMs);
	if (Number.isNaN(first)) return value;
	const daily = counts.map((downloads, index) => ({day: dayName(first + index), downloads}));
	return {...value, daily};
}

/** Every package of a warm run covers the same days: format each day once. */
const dayNames = new Map<number, string>();

function dayName(epochDay: number): string {
	let name = dayNames.get(epochDay);
	if (name === undefined) {
		name = new Date(epochDay * dayMs).toISOString().slice(0, 10);
		dayNames.set(epochDay, name);
	}

	return name;
}
