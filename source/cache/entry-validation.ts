import {isRecord} from '../util/records.js';
import type {VersionedSchema} from './schema.js';

/**
 * Whether an entry read back from disk can be used, before anything else looks at it: its envelope (format
 * version, key, times, URL), then its value against the schema of its request kind. The cache's layout (one
 * file per entry today) is someone else's concern; this module only judges a parsed entry, so it moves with
 * whatever store holds the entries.
 */

/** Version of the envelope below; bump when its fields change. */
export const entryFormat = 1;

/** What the cache is asked for: an entry is only ever valid for its own key. */
export type EntryKey = {
	readonly kind: string;
	readonly ecosystem: string;
	readonly name: string;
	readonly baseUrl: string;
};

/** The envelope as stored, around the parser's value. */
export type StoredEntry = {
	readonly format: number;
	/** The version of the kind's schema the value was written under. */
	readonly schema: number;
	readonly key: EntryKey;
	readonly etag: string | null;
	readonly fetchedAt: string;
	readonly url: string;
	readonly value: unknown;
	readonly missing: string | null;
	/** Locked versions the answer did not list (see `CacheEntry.absent`); absent when none. */
	readonly absent?: readonly string[];
};

export type EntryVerdict =
	| {readonly status: 'valid'; readonly entry: StoredEntry}
	/** Written by another version of the format or of the kind's schema: a miss, replaced on the next write. */
	| {readonly status: 'outdated'}
	/** Damaged, edited or foreign: a miss, to be deleted and reported. */
	| {readonly status: 'invalid'; readonly reason: string};

/**
 * Judges a parsed entry file for `key`. Without a schema (a kind that declares none) only the envelope is
 * checked, and the value must be an object or null.
 */
export function judgeEntry(raw: unknown, key: EntryKey, schema: VersionedSchema | undefined): EntryVerdict {
	if (!isRecord(raw)) return {status: 'invalid', reason: 'not an object'};
	if (raw.format !== entryFormat || raw.schema !== (schema?.version ?? 0)) return {status: 'outdated'};
	const problem = envelopeProblem(raw, key);
	if (problem !== null) return {status: 'invalid', reason: problem};
	if (raw.value === null) {
		return typeof raw.missing === 'string'
			? {status: 'valid', entry: raw as StoredEntry}
			: {status: 'invalid', reason: 'no value and no reason it is missing'};
	}

	const valueProblem = schema ? schema.check(raw.value) : isRecord(raw.value) ? null : ': expected an object';
	return valueProblem === null
		? {status: 'valid', entry: raw as StoredEntry}
		: {status: 'invalid', reason: `value${valueProblem}`};
}

function envelopeProblem(raw: Record<string, unknown>, key: EntryKey): string | null {
	const stored = raw.key;
	if (
		!isRecord(stored) ||
		stored.kind !== key.kind ||
		stored.ecosystem !== key.ecosystem ||
		stored.name !== key.name ||
		stored.baseUrl !== key.baseUrl
	)
		return 'written for another key';
	if (typeof raw.fetchedAt !== 'string' || Number.isNaN(fetchedTime(raw.fetchedAt)))
		return 'fetchedAt: expected a time';
	if (typeof raw.url !== 'string') return 'url: expected a string';
	if (raw.etag !== null && typeof raw.etag !== 'string') return 'etag: expected a string or null';
	if (raw.missing !== null && typeof raw.missing !== 'string') return 'missing: expected a string or null';
	if (
		raw.absent !== undefined &&
		!(Array.isArray(raw.absent) && raw.absent.every((version) => typeof version === 'string'))
	)
		return 'absent: expected a list of versions';
	if (!('value' in raw)) return 'value: missing';
	return null;
}

/**
 * `Date.parse` of an entry's `fetchedAt`, remembering the last one: a batch of answers (1,000 advisory queries,
 * a bulk download request) shares one fetch time, and every entry read is judged, then checked for freshness.
 */
export function fetchedTime(fetchedAt: string): number {
	if (fetchedAt !== lastFetchedAt) {
		lastFetchedAt = fetchedAt;
		lastFetchedTime = Date.parse(fetchedAt);
	}

	return lastFetchedTime;
}

let lastFetchedAt = '';
let lastFetchedTime = Number.NaN;
