/**
 * A small schema language for what the cache stores: each request kind declares the shape of the value its
 * parser produces (`RequestSpec.cacheSchema`), and an entry read back from disk is checked against it before
 * anything uses it. A file edited by hand, written by an older version or damaged on disk is then a cache miss
 * with a reason ("value.versions[3].published: expected an ISO time"), never a TypeError in the middle of a scan.
 *
 * Schemas compile to plain functions (a warm run checks thousands of entries): `check(value)` returns null when
 * the value fits, else where and why it does not, built only on the way out of a failure.
 */

import {isRecord} from '../util/records.js';

/** Null when `value` fits; else the path and the problem (`.versions[3].published: expected an ISO time`). */
export type Check = (value: unknown) => string | null;

export type Schema = {
	readonly check: Check;
	/** What a fitting value is, for messages ("a string", "a list of …"). */
	readonly expected: string;
	/** `arrayOf`: the schema of each item. */
	readonly items?: Schema;
	/** `objectOf`: how one key's values are checked; undefined for a key the object does not have. */
	readonly field?: (key: string) => FieldCheck | undefined;
	/** `objectOf`: the keys every fitting object has. */
	readonly requiredKeys?: readonly string[];
};

/** One key of an `objectOf`, for checking its values outside an object (a column of them, say). */
export type FieldCheck = {
	readonly schema: Schema;
	readonly required: boolean;
	/** Whether `value` fits this key, as `check` of an object holding it would find. */
	fits(value: unknown): boolean;
};

/**
 * Lists vouched for by a check made in another layout: a list of versions decoded from columns whose every column
 * was checked against the item schema (cache/version-columns.ts) fits `arrayOf(items)` without a look at each
 * item — a warm run would otherwise check 40k versions one key at a time, values each column holds once.
 */
const vouched = new WeakMap<readonly unknown[], Schema>();

/** Marks `list` (a fresh list nobody else holds yet) as fitting `arrayOf(items)`. */
export function vouchFor(list: readonly unknown[], items: Schema): void {
	vouched.set(list, items);
}

/** A schema for the value of one request kind, with a version to bump whenever the parser's output changes. */
export type VersionedSchema = Schema & {
	/** Entries written under another version are misses (not errors): the parser's output has moved on. */
	readonly version: number;
};

function leaf(expected: string, fits: (value: unknown) => boolean): Schema {
	const problem = `: expected ${expected}`;
	return {expected, check: (value) => (fits(value) ? null : problem)};
}

export const string = (): Schema => leaf('a string', (value) => typeof value === 'string');

export const boolean = (): Schema => leaf('true or false', (value) => typeof value === 'boolean');

/** A whole number ≥ 0 (a download count, an id). */
export const count = (): Schema =>
	leaf(
		'a whole number ≥ 0',
		(value) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0,
	);

/** A finite number. */
export const number = (): Schema =>
	leaf('a number', (value) => typeof value === 'number' && Number.isFinite(value));

const isoPattern = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z$/;

/** A UTC time as `toISOString()` writes it (what every parser stores). */
export const isoTime = (): Schema =>
	leaf('an ISO time', (value) => typeof value === 'string' && isoPattern.test(value));

/** A UTC day, `YYYY-MM-DD`. */
export const day = (): Schema =>
	leaf('a day (YYYY-MM-DD)', (value) => typeof value === 'string' && /^\d{4}-\d\d-\d\d$/.test(value));

export function oneOf(values: readonly (string | number | boolean | null)[]): Schema {
	return leaf(`one of ${values.map((value) => JSON.stringify(value)).join(', ')}`, (value) =>
		values.includes(value as string),
	);
}

export function nullable(schema: Schema): Schema {
	const expected = `${schema.expected} or null`;
	const problem = `: expected ${expected}`;
	return {
		expected,
		check(value) {
			if (value === null) return null;
			const inner = schema.check(value);
			// A problem with the value itself (not deeper inside it) names both things it could have been.
			return inner === null ? null : inner.startsWith(': ') ? problem : inner;
		},
	};
}

export function arrayOf(items: Schema): Schema {
	const expected = `a list of ${items.expected}`;
	const notAList = `: expected ${expected}`;
	return {
		expected,
		items,
		check(value) {
			if (!Array.isArray(value)) return notAList;
			if (vouched.get(value) === items) return null;
			for (let index = 0; index < value.length; index++) {
				const problem = items.check(value[index]);
				if (problem !== null) return `[${index}]${problem}`;
			}

			return null;
		},
	};
}

/** An object used as a map: any keys, every value fitting `values`. */
export function recordOf(values: Schema): Schema {
	const expected = `an object of ${values.expected}`;
	const notAnObject = `: expected ${expected}`;
	return {
		expected,
		check(value) {
			if (!isRecord(value)) return notAnObject;
			for (const key in value) {
				const problem = values.check(value[key]);
				if (problem !== null) return `[${JSON.stringify(key)}]${problem}`;
			}

			return null;
		},
	};
}

/**
 * A field of `objectOf`, with the last primitive value that fit it. A check is a function of the value alone, so a
 * primitive equal to that one fits too: the thousands of versions of a packument repeat most of their values
 * (`deprecated: null`, `yanked: false`, one publisher), checked once. Objects are always checked (one could have
 * changed since).
 */
type Field = {readonly schema: Schema; readonly required: boolean; lastFit: unknown};

/** No value is this object: a field that has not fit anything yet. */
const unset = {};

/**
 * An object with these fields (each required) and these `optional` ones (absent, or fitting). Any other key is
 * a problem: a field the schema does not know is a field no check has vouched for.
 */
export function objectOf(
	fields: Readonly<Record<string, Schema>>,
	optional: Readonly<Record<string, Schema>> = {},
): Schema {
	const required = Object.entries(fields);
	const known = new Set([...Object.keys(fields), ...Object.keys(optional)]);
	const expected = `an object with ${[...known].join(', ')}`;
	const notAnObject = `: expected ${expected}`;
	/** Where a value that does not fit fails first: the required fields in order, then its own keys in order. */
	const problemOf = (value: Record<string, unknown>): string | null => {
		for (const [key, schema] of required) {
			if (!(key in value)) return `.${key}: missing`;
			const problem = schema.check(value[key]);
			if (problem !== null) return `.${key}${problem}`;
		}

		for (const key in value) {
			if (!known.has(key)) return `.${key}: not expected`;
			const schema = optional[key];
			if (schema === undefined || value[key] === undefined) continue;
			const problem = schema.check(value[key]);
			if (problem !== null) return `.${key}${problem}`;
		}

		return null;
	};
	// The common case (it fits) in one pass over the value's own keys; only a misfit is walked again, in the
	// order above, for its message. A key both required and optional is checked the slow way.
	const byKey = new Map<string, Field>();
	for (const [key, schema] of Object.entries(optional))
		byKey.set(key, {schema, required: false, lastFit: unset});
	let overlap = false;
	for (const [key, schema] of required) {
		overlap ||= byKey.has(key);
		byKey.set(key, {schema, required: true, lastFit: unset});
	}

	const fits = (field: Field, item: unknown): boolean => {
		if (item === field.lastFit) return true;
		if (field.schema.check(item) !== null) return false;
		if (item === null || typeof item !== 'object') field.lastFit = item;
		return true;
	};
	const fieldChecks = new Map<string, FieldCheck>();
	for (const [key, field] of byKey)
		fieldChecks.set(key, {schema: field.schema, required: field.required, fits: (item) => fits(field, item)});

	return {
		expected,
		// A key both required and optional is left to `check` (no column shortcut).
		...(overlap
			? {}
			: {field: (key: string) => fieldChecks.get(key), requiredKeys: required.map(([key]) => key)}),
		check(value) {
			if (!isRecord(value)) return notAnObject;
			if (overlap) return problemOf(value);
			let seen = 0;
			for (const key in value) {
				const field = byKey.get(key);
				if (field === undefined) return problemOf(value);
				const item = value[key];
				if (field.required) seen += 1;
				else if (item === undefined) continue;
				if (!fits(field, item)) return problemOf(value);
			}

			return seen === required.length ? null : problemOf(value);
		},
	};
}

export function versioned(version: number, schema: Schema): VersionedSchema {
	return {...schema, version};
}
