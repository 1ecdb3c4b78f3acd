import {randomBytes} from 'node:crypto';
import {closeSync, constants, promises as fs, fstatSync, mkdirSync, openSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {writeFileAtomic, writeFileAtomicSync} from '../util/atomic-write.js';
import {describeWriteError} from '../util/write-errors.js';

/**
 * A packed key → text store: a few segment files in one folder, each read in one go, instead of a file per
 * entry (a warm run of 2,300 packages used to open 3,500 files).
 *
 * Format. A segment is a header line then one record per line, `<key>\t<fetched ms>\t<text>\n`, where the key
 * and the text are JSON (so neither holds a raw tab or newline). A record the file does not finish (a torn tail)
 * or a line that is not a record is skipped. The newest fetch of a key wins, whichever segment holds it (ties:
 * the segment read last), so the order in which files are read or merged never matters.
 *
 * Writes. A process appends nothing to an existing file: what it writes is batched in memory and written as a
 * NEW segment (temporary file + rename, util/atomic-write.ts), once the batch reaches `flushBytes`, after
 * `flushDelayMs`, or on `flush()`. Two processes writing at once therefore never touch the same file, and a crash
 * loses at most the batch in memory.
 *
 * Bounds. `compact()` merges every segment into one, keeping the newest record per key and dropping the oldest
 * records (by fetch time) past `maxBytes`; one process at a time (a lock file, taken over when stale). It only
 * deletes segments it has read whole, so a segment another process writes meanwhile is never lost; a process that
 * was reading a segment compaction deleted reads the merged one instead (or misses, and refetches).
 *
 * Costs: `load` is O(bytes) (native newline and tab searches, one string per key); `get` is a map lookup and
 * the decoding of one record; `put` is O(record); `compact` is O(bytes + records log records).
 */

export type SegmentStoreOptions = {
	/** Records beyond this many bytes (all segments) are evicted at compaction, oldest fetch first. */
	readonly maxBytes: number;
	/** A batch this large is written at once (default 4 MiB). */
	readonly flushBytes?: number;
	/** A smaller batch is written this long after its first record (default 5 s). */
	readonly flushDelayMs?: number;
	/** Compaction is due once this many segments exist (default 8). */
	readonly compactAtSegments?: number;
};

/** First line of every segment: a file without it (another format, another program) is not read. */
const header = 'commit-tui cache segment 1\n';
const headerBytes = Buffer.from(header);
const segmentSuffix = '.seg';
const lockName = '.compact.lock';
/** A compaction holds its lock for seconds; an older lock was left by a crash. */
const staleLockMs = 10 * 60 * 1000;
/** A writer renames within milliseconds: an older temporary file is debris. */
const staleTemporaryMs = 60 * 60 * 1000;
const newline = 0x0a;
const tab = 0x09;

/** Where a record's text is: a range of a segment's bytes, or (written by this process) the text itself. */
type Location = {
	readonly source: Buffer | string;
	readonly start: number;
	readonly end: number;
	readonly fetchedMs: number;
	/** Increases with every record seen by this process: the later of two equal fetch times wins. */
	readonly order: number;
	/** The segment's file name; null for a record not yet written. */
	readonly segment: string | null;
};

/** One record of a segment, as `segmentRecords` reads it. */
export type SegmentRecord = {
	readonly key: string;
	readonly fetchedMs: number;
	/** The record's text (without key and time). */
	readonly start: number;
	readonly end: number;
	/** The whole line, newline included. */
	readonly lineStart: number;
	readonly lineEnd: number;
};

/** The records of a segment's bytes, in file order; none when it does not start with the header. */
export function* segmentRecords(bytes: Buffer): Generator<SegmentRecord> {
	if (bytes.length < headerBytes.length || !bytes.subarray(0, headerBytes.length).equals(headerBytes)) return;
	let position = headerBytes.length;
	while (position < bytes.length) {
		const end = bytes.indexOf(newline, position);
		// A torn tail: the last record was not finished.
		if (end < 0) return;
		const firstTab = bytes.indexOf(tab, position);
		const secondTab = firstTab >= 0 && firstTab < end ? bytes.indexOf(tab, firstTab + 1) : -1;
		if (secondTab > firstTab && secondTab < end) {
			const fetchedMs = digitsAt(bytes, firstTab + 1, secondTab);
			if (fetchedMs >= 0)
				yield {
					key: bytes.toString('utf8', position, firstTab),
					fetchedMs,
					start: secondTab + 1,
					end,
					lineStart: position,
					lineEnd: end + 1,
				};
		}

		position = end + 1;
	}
}

/** One record as a line of a segment. */
export function recordLine(key: string, fetchedMs: number, text: string): string {
	return `${key}\t${Math.max(0, Math.floor(fetchedMs))}\t${text}\n`;
}

/** A whole number written in ASCII digits, or -1. */
function digitsAt(bytes: Buffer, start: number, end: number): number {
	if (end <= start || end - start > 15) return -1;
	let value = 0;
	for (let index = start; index < end; index++) {
		const digit = bytes[index]! - 48;
		if (digit < 0 || digit > 9) return -1;
		value = value * 10 + digit;
	}

	return value;
}

export class SegmentStore {
	readonly folder: string;
	private readonly index = new Map<string, Location>();
	/** Segments read by this process, by file name (compaction reuses them rather than reading them again). */
	private readonly segments = new Map<string, Buffer>();
	private loading: Promise<void> | null = null;
	private order = 0;
	/** Lines not yet written, and their keys with the location each was given in the index. */
	private pending: string[] = [];
	private pendingKeys: Array<[string, Location]> = [];
	private pendingBytes = 0;
	private flushTimer: NodeJS.Timeout | null = null;
	private flushing: Promise<void> = Promise.resolve();
	private madeFolder = false;
	/** Records found damaged: compaction leaves them out (unless a newer record replaced them). */
	private readonly dropped = new Map<string, Location>();
	private readonly flushBytes: number;
	private readonly flushDelayMs: number;
	private readonly compactAtSegments: number;
	/** Why the first batch this process could not write failed (the rest likely fail alike); null while none did. */
	private failedWrite: string | null = null;

	constructor(
		folder: string,
		private readonly options: SegmentStoreOptions,
	) {
		this.folder = folder;
		this.flushBytes = options.flushBytes ?? 4 * 1024 * 1024;
		this.flushDelayMs = options.flushDelayMs ?? 5000;
		this.compactAtSegments = options.compactAtSegments ?? 8;
	}

	/** The text stored for `key`, or undefined. The first call reads every segment (once). */
	async get(key: string): Promise<string | undefined> {
		if (!this.index.has(key)) await this.load();
		const location = this.index.get(key);
		if (!location) return undefined;
		return typeof location.source === 'string'
			? location.source
			: location.source.toString('utf8', location.start, location.end);
	}

	/**
	 * The texts stored for `keys`, in order (undefined when absent): what `get` gives each, with one wait for the
	 * folder however many keys miss. O(keys) once the segments are read.
	 */
	async getMany(keys: readonly string[]): Promise<Array<string | undefined>> {
		if (keys.some((key) => !this.index.has(key))) await this.load();
		return keys.map((key) => {
			const location = this.index.get(key);
			if (!location) return undefined;
			return typeof location.source === 'string'
				? location.source
				: location.source.toString('utf8', location.start, location.end);
		});
	}

	/**
	 * Why this process could not write to the folder (`permission denied (EACCES)`), for a one-line warning: a cache
	 * that silently keeps nothing makes every run cold with no one the wiser. Null while every write succeeded.
	 */
	get writeError(): string | null {
		return this.failedWrite;
	}

	/** Forgets a record found damaged; the next compaction leaves it out. */
	drop(key: string): void {
		const location = this.index.get(key);
		if (!location) return;
		this.index.delete(key);
		if (location.segment !== null) this.dropped.set(key, location);
	}

	/** Stores `text` for `key`; written with the next batch. */
	put(key: string, fetchedMs: number, text: string): void {
		const location: Location = {
			source: text,
			start: 0,
			end: text.length,
			fetchedMs,
			order: ++this.order,
			segment: null,
		};
		this.index.set(key, location);
		this.dropped.delete(key);
		const line = recordLine(key, fetchedMs, text);
		this.pending.push(line);
		this.pendingKeys.push([key, location]);
		this.pendingBytes += line.length;
		unwritten.add(this);
		if (this.pendingBytes >= this.flushBytes) void this.flush();
		else if (!this.flushTimer) {
			this.flushTimer = setTimeout(() => void this.flush(), this.flushDelayMs);
			// The timer must not keep a finished process alive; the scan flushes before it ends.
			this.flushTimer.unref();
		}
	}

	/** Writes the batch in memory as a new segment. Never rejects (it is only a cache). */
	flush(): Promise<void> {
		this.cancelTimer();
		if (this.pending.length === 0) return this.flushing;
		const lines = this.pending;
		const written = this.pendingKeys;
		this.pending = [];
		this.pendingKeys = [];
		this.pendingBytes = 0;
		unwritten.delete(this);
		this.flushing = this.flushing.then(async () => {
			try {
				if (!this.madeFolder) await fs.mkdir(this.folder, {recursive: true});
				this.madeFolder = true;
				await writeFileAtomic(path.join(this.folder, segmentName()), header + lines.join(''), {
					makeFolder: false,
				});
				// On disk now: not kept twice. A later miss reads the folder again, this segment with it.
				for (const [key, location] of written) if (this.index.get(key) === location) this.index.delete(key);
				this.loading = null;
			} catch (error) {
				// A read-only or full disk: this run's answers are not kept (said once, `writeError`). The folder may
				// have been removed.
				this.madeFolder = false;
				this.failedWrite ??= describeWriteError(error);
			}
		});
		return this.flushing;
	}

	/** The same, synchronously: for an interrupted run about to exit. */
	flushSync(): void {
		this.cancelTimer();
		if (this.pending.length === 0) return;
		const lines = this.pending;
		this.pending = [];
		this.pendingKeys = [];
		this.pendingBytes = 0;
		unwritten.delete(this);
		try {
			mkdirSync(this.folder, {recursive: true});
			writeFileAtomicSync(path.join(this.folder, segmentName()), header + lines.join(''));
		} catch (error) {
			// Only a cache.
			this.failedWrite ??= describeWriteError(error);
		}
	}

	/** Whether `compact` would do anything: too many segments, too many bytes, or damaged records to drop. */
	async compactionDue(): Promise<boolean> {
		const names = await this.listSegments();
		if (names.length >= this.compactAtSegments || this.dropped.size > 0) return true;
		let bytes = 0;
		for (const name of names) {
			const known = this.segments.get(name);
			bytes += known
				? known.length
				: await fs.stat(path.join(this.folder, name)).then(
						(stat) => stat.size,
						() => 0,
					);
		}

		return bytes > this.options.maxBytes;
	}

	/**
	 * Merges every segment into one: the newest record per key, damaged ones left out, the oldest fetches evicted
	 * past `maxBytes` (down to 90 % of it, so the next run does not compact again at once). Returns the bytes
	 * removed; 0 when another process is compacting.
	 */
	async compact(now = Date.now()): Promise<number> {
		await this.flush();
		const lock = path.join(this.folder, lockName);
		if (!(await takeLock(lock, now))) return 0;
		try {
			const names = await this.listSegments();
			const merged: string[] = [];
			const best = new Map<string, {bytes: Buffer; record: SegmentRecord; order: number}>();
			let before = 0;
			let order = 0;
			for (const name of names) {
				const bytes = this.segments.get(name) ?? readSegmentFile(path.join(this.folder, name));
				if (!bytes) continue;
				merged.push(name);
				before += bytes.length;
				for (const record of segmentRecords(bytes)) {
					order += 1;
					const current = best.get(record.key);
					if (!current || record.fetchedMs >= current.record.fetchedMs)
						best.set(record.key, {bytes, record, order});
				}
			}

			for (const [key, location] of this.dropped) {
				const current = best.get(key);
				if (current && current.record.start === location.start && current.bytes === location.source)
					best.delete(key);
			}

			// Oldest fetches go first past the bound.
			const kept = [...best.values()].sort(
				(a, b) => a.record.fetchedMs - b.record.fetchedMs || a.order - b.order,
			);
			let total = headerBytes.length;
			for (const each of kept) total += each.record.lineEnd - each.record.lineStart;
			let first = 0;
			if (total > this.options.maxBytes) {
				while (first < kept.length && total > this.options.maxBytes * 0.9) {
					const {record} = kept[first]!;
					total -= record.lineEnd - record.lineStart;
					first += 1;
				}
			}

			const parts: Buffer[] = [headerBytes];
			for (let index = first; index < kept.length; index++) {
				const {bytes, record} = kept[index]!;
				parts.push(bytes.subarray(record.lineStart, record.lineEnd));
			}

			const name = segmentName();
			if (merged.length > 0) {
				await writeFileAtomic(path.join(this.folder, name), Buffer.concat(parts, total), {makeFolder: false});
				for (const old of merged) {
					await fs.rm(path.join(this.folder, old), {force: true}).catch(() => undefined);
					this.segments.delete(old);
				}
			}

			this.dropped.clear();
			await this.removeDebris(now);
			return Math.max(0, before - total);
		} finally {
			await fs.rm(lock, {force: true}).catch(() => undefined);
		}
	}

	/**
	 * Lets go of everything held in memory (a finished scan: its answers are written): the segments read and the
	 * records written. A later `get` reads the folder again. Records not yet written are kept.
	 */
	release(): void {
		if (this.pending.length > 0) {
			for (const [key, location] of this.index) if (location.segment !== null) this.index.delete(key);
		} else this.index.clear();
		this.segments.clear();
		this.dropped.clear();
		this.loading = null;
	}

	private load(): Promise<void> {
		this.loading ??= this.readSegments();
		return this.loading;
	}

	/**
	 * Reads every segment in one go. A segment deleted between the listing and the read (a compaction in
	 * another process) sends us back to the listing for the merged one, a few times at most.
	 */
	private async readSegments(): Promise<void> {
		for (let round = 0; round < 3; round++) {
			const names = (await this.listSegments()).filter((name) => !this.segments.has(name));
			const contents = names.map((name) => readSegmentFile(path.join(this.folder, name)));
			let vanished = false;
			for (const [position, name] of names.entries()) {
				const bytes = contents[position];
				if (bytes) this.indexSegment(name, bytes);
				else vanished = true;
			}

			if (!vanished) return;
		}
	}

	private indexSegment(name: string, bytes: Buffer): void {
		this.segments.set(name, bytes);
		for (const record of segmentRecords(bytes)) {
			const location: Location = {
				source: bytes,
				start: record.start,
				end: record.end,
				fetchedMs: record.fetchedMs,
				order: ++this.order,
				segment: name,
			};
			const current = this.index.get(record.key);
			// This process's own writes are the newest knowledge it has: a segment read later does not undo them.
			if (current?.segment === null) continue;
			if (!current || location.fetchedMs >= current.fetchedMs) this.index.set(record.key, location);
		}
	}

	/** Segment file names, oldest first (names begin with their time). */
	private async listSegments(): Promise<string[]> {
		try {
			return (await fs.readdir(this.folder)).filter((name) => name.endsWith(segmentSuffix)).sort();
		} catch {
			return [];
		}
	}

	/** Temporary files a crashed writer left behind. */
	private async removeDebris(now: number): Promise<void> {
		for (const name of await fs.readdir(this.folder).catch(() => [] as string[])) {
			if (!name.startsWith('.') || !name.endsWith('.tmp')) continue;
			const file = path.join(this.folder, name);
			const stat = await fs.stat(file).catch(() => null);
			if (stat && now - stat.mtimeMs > staleTemporaryMs)
				await fs.rm(file, {force: true}).catch(() => undefined);
		}
	}

	private cancelTimer(): void {
		if (this.flushTimer) clearTimeout(this.flushTimer);
		this.flushTimer = null;
	}
}

/**
 * Stores with records not yet written. A process that exits — `process.exit` after an interactive session, or its
 * event loop running dry before a batch's timer (which does not keep it alive) — writes them first, synchronously:
 * only a crash loses a batch.
 */
const unwritten = new Set<SegmentStore>();
process.on('exit', () => {
	for (const store of [...unwritten]) store.flushSync();
});

/** `<ms since 1970, 15 digits>-<pid>-<random>.seg`: sorted by name is sorted by creation, and never shared. */
function segmentName(): string {
	return `${String(Date.now()).padStart(15, '0')}-${process.pid}-${randomBytes(4).toString('hex')}${segmentSuffix}`;
}

/** Creates the lock file; a lock older than `staleLockMs` was left by a crash and is taken over. */
async function takeLock(lock: string, now: number): Promise<boolean> {
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			await fs.mkdir(path.dirname(lock), {recursive: true});
			await fs.writeFile(lock, String(process.pid), {flag: 'wx'});
			return true;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
			const stat = await fs.stat(lock).catch(() => null);
			if (stat && now - stat.mtimeMs < staleLockMs) return false;
			await fs.rm(lock, {force: true}).catch(() => undefined);
		}
	}

	return false;
}

/**
 * A segment's bytes, or null when it vanished (merged away by another run) or is not a regular file. Read
 * synchronously: from the page cache a whole cache (200 MB at most, a few MB usually) reads in milliseconds, while
 * the asynchronous read goes through the thread pool in 512 KB rounds, each waiting for the main thread — behind the
 * UI's first frames, or a loaded machine's other processes, that stretched a warm start by a third of a second of
 * idle waiting. Indexing the records that were read is synchronous anyway. Opened without blocking and checked
 * through its descriptor: a FIFO named like a segment would otherwise block the open or the read for good.
 */
function readSegmentFile(file: string): Buffer | null {
	let descriptor: number | null = null;
	try {
		descriptor = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
		return fstatSync(descriptor).isFile() ? readFileSync(descriptor) : null;
	} catch {
		return null;
	} finally {
		if (descriptor !== null) closeSync(descriptor);
	}
}
