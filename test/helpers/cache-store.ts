import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {CacheKey} from '../../source/cache/index.js';
import {recordLine, segmentRecords} from '../../source/cache/segment-store.js';

/**
 * What is on disk in a cache folder, record by record, for tests that damage entries on purpose (the packed
 * store has no file per entry to overwrite).
 */

export type StoredRecord = {
	readonly file: string;
	/** The record's key, as its header says. */
	readonly key: CacheKey;
	readonly fetchedMs: number;
	/** The record's text (the entry's JSON). */
	readonly text: string;
};

/** The store's segment files (`<cacheDir>/v2/*.seg`), oldest first. */
export function segmentFiles(cacheDir: string): string[] {
	const folder = path.join(cacheDir, 'v2');
	try {
		return readdirSync(folder)
			.filter((name) => name.endsWith('.seg'))
			.sort()
			.map((name) => path.join(folder, name));
	} catch {
		return [];
	}
}

/** Every record of every segment, in file order. */
export function storedRecords(cacheDir: string): StoredRecord[] {
	const records: StoredRecord[] = [];
	for (const file of segmentFiles(cacheDir)) {
		const bytes = readFileSync(file);
		for (const record of segmentRecords(bytes)) {
			const [kind, ecosystem, name, baseUrl] = JSON.parse(record.key) as string[];
			records.push({
				file,
				key: {kind: kind!, ecosystem: ecosystem!, name: name!, baseUrl: baseUrl!},
				fetchedMs: record.fetchedMs,
				text: bytes.toString('utf8', record.start, record.end),
			});
		}
	}

	return records;
}

/**
 * Rewrites records in place: `edit` gets each record and returns its new text (any string, even one that is not
 * JSON), or undefined to leave it. Returns how many records were changed.
 */
export function editStoredRecords(
	cacheDir: string,
	edit: (record: StoredRecord) => string | undefined,
): number {
	let changed = 0;
	for (const file of segmentFiles(cacheDir)) {
		const bytes = readFileSync(file);
		const parts: Buffer[] = [];
		let position = 0;
		for (const record of segmentRecords(bytes)) {
			const [kind, ecosystem, name, baseUrl] = JSON.parse(record.key) as string[];
			const replacement = edit({
				file,
				key: {kind: kind!, ecosystem: ecosystem!, name: name!, baseUrl: baseUrl!},
				fetchedMs: record.fetchedMs,
				text: bytes.toString('utf8', record.start, record.end),
			});
			if (replacement === undefined) continue;
			changed += 1;
			parts.push(bytes.subarray(position, record.lineStart));
			parts.push(Buffer.from(recordLine(record.key, record.fetchedMs, replacement.replaceAll('\n', ' '))));
			position = record.lineEnd;
		}

		if (position === 0) continue;
		parts.push(bytes.subarray(position));
		writeFileSync(file, Buffer.concat(parts));
	}

	return changed;
}

/** Rewrites the record of one key (its stored JSON parsed, changed by `edit`, written back). */
export function editStoredEntry(
	cacheDir: string,
	matches: (key: CacheKey) => boolean,
	edit: (stored: Record<string, unknown>) => unknown,
): number {
	return editStoredRecords(cacheDir, (record) => {
		if (!matches(record.key)) return undefined;
		const result = edit(JSON.parse(record.text) as Record<string, unknown>);
		return typeof result === 'string' ? result : JSON.stringify(result);
	});
}
