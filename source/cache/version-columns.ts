import {isRecord} from '../util/records.js';
import {type Schema, vouchFor} from './schema.js';

/**
 * A package's versions stored by column rather than as one object per version. A packument's thousands of
 * versions repeat the same keys and mostly the same values (no deprecation, not yanked, the same dependencies as
 * the version before): as rows they are most of the cache's metadata bytes and most of what a warm run parses.
 * By column a key is written once, a value every version shares once, and an object several versions share
 * (their dependencies) once in a table that the versions point into; read back, those versions share the one
 * object (version facts are read-only), so a warm run also holds less. Measured on the 2,350-entry bench fixture:
 * 8.4 MB of metadata becomes 3.7 MB, parsed and rebuilt in less than half the time.
 *
 * The columns are decoded back into the same array of version objects (key order aside), which the kind's schema
 * then checks as it checks any entry: a damaged column is a miss like any damaged entry. Entries written as rows
 * (before this) read as they are.
 *
 * Dependencies stay text until read. They are most of a real packument's cached bytes (21 of 29 MB for a
 * 3,800-entry tree of real packages, 64k distinct maps) and the scan reads them for two versions per package (the
 * locked one and the one before it, scoring/release/own.ts): parsed and checked up front they were a third of a
 * warm run. Stored as one JSON text per distinct map, each is parsed (and checked) the first time a version
 * holding it is asked for its `dependencies`, then shared like any other table value.
 */

/** One key of the versions. */
type Column =
	/** Every version has this key, with this value. */
	| {readonly all: unknown}
	/** Every version has this key: its values in order. */
	| {readonly values: unknown[]}
	/** The values, each once, and per version the position of its own (-1: the version has no such key). */
	| {readonly table: unknown[]; readonly index: number[]}
	/** As `table`, each value as its JSON text, parsed when first read (`textKeys`). */
	| {readonly texts: string[]; readonly index: number[]};

/** The keys whose object values are stored as text and parsed on first read. */
const textKeys: ReadonlySet<string> = new Set(['dependencies']);

export type VersionColumns = {
	readonly count: number;
	/** Key → column, in the order the keys first appear. */
	readonly columns: Record<string, Column>;
};

/** The versions by column; null when they are not a list of plain objects (stored as they are then). */
export function versionColumns(versions: readonly unknown[]): VersionColumns | null {
	if (versions.length === 0) return null;
	const keys = new Set<string>();
	for (const version of versions) {
		if (!isRecord(version)) return null;
		for (const key in version) keys.add(key);
	}

	const columns: Record<string, Column> = {};
	for (const key of keys) columns[key] = columnOf(versions as ReadonlyArray<Record<string, unknown>>, key);
	// The decoder needs one column that is as long as the list (two versions never have every value the same).
	if (versions.length > 1 && Object.values(columns).every((column) => 'all' in column)) return null;
	return {count: versions.length, columns};
}

function columnOf(versions: ReadonlyArray<Record<string, unknown>>, key: string): Column {
	let everyOne = true;
	let primitive = true;
	for (const version of versions) {
		const value = version[key];
		if (value === undefined) everyOne = false;
		else if (value !== null && typeof value === 'object') primitive = false;
	}

	const table: unknown[] = [];
	// Only a text key's column keeps its values' JSON (the others never need it).
	const texts: string[] | null = textKeys.has(key) && !primitive ? [] : null;
	const positions = new Map<unknown, number>();
	const index = versions.map((version) => {
		const value = version[key];
		if (value === undefined) return -1;
		// Objects are the same value when they are the same JSON (dependencies written alike).
		const text = value !== null && typeof value === 'object' ? JSON.stringify(value) : null;
		const identity = text === null ? value : `o${text}`;
		let position = positions.get(identity);
		if (position === undefined) {
			position = table.push(value) - 1;
			texts?.push(text ?? JSON.stringify(value));
			positions.set(identity, position);
		}

		return position;
	});
	if (everyOne && table.length === 1) return {all: table[0]};
	if (everyOne && primitive) return {values: versions.map((version) => version[key])};
	if (texts) return {texts, index};
	return {table, index};
}

/**
 * A column's values as JSON texts, each parsed the first time it is read, then kept: versions pointing to the same
 * text share one object. A text that is not JSON, or (given `fits`) does not fit its key, reads as null — the
 * value unknown, as when the registry does not say — rather than failing the entry after it was handed out.
 */
class TextTable {
	private readonly values: unknown[];

	constructor(
		readonly texts: readonly string[],
		private readonly fits: ((value: unknown) => boolean) | undefined,
	) {
		this.values = new Array<unknown>(texts.length).fill(unread);
	}

	valueAt(position: number): unknown {
		let value = this.values[position];
		if (value === unread) {
			try {
				value = JSON.parse(this.texts[position]!) as unknown;
			} catch {
				value = null;
			}

			if (this.fits && !this.fits(value)) value = null;
			this.values[position] = value;
		}

		return value;
	}
}

/** No value has been parsed at this position yet. */
const unread = Symbol('unread');

/**
 * A version decoded from columns whose `dependencies` are still text (`TextTable`). The key is a getter on the
 * prototype, enumerable so that `for…in` (the schema's check, `versionColumns` writing it again) sees it like an
 * own key. A copy made by spreading (`{...version}`) has no `dependencies`: set them on the copy when it needs them.
 * A class rather than `Object.defineProperty` on each object: defining an accessor per object was ~4× slower to
 * build than a whole warm run's versions take to decode.
 */
class VersionWithTextDependencies {
	readonly #table: TextTable;
	readonly #position: number;

	constructor(table: TextTable, position: number) {
		this.#table = table;
		this.#position = position;
	}

	get dependencies(): unknown {
		return this.#table.valueAt(this.#position);
	}
}

Object.defineProperty(VersionWithTextDependencies.prototype, 'dependencies', {enumerable: true});

/** Far more versions than any registry holds for one name: a count past it is a damaged entry. */
const maxVersions = 1_000_000;

/**
 * The versions back from their columns; undefined when `stored` is not a well-formed set of columns (then the
 * stored value is left as it is, for the schema to reject). Given the schema of one version (an `objectOf`), the
 * columns are checked against it — each value a column holds once, once — and a list whose columns all fit is
 * vouched for (`arrayOf` of that schema then passes it without checking each version); a list whose columns do
 * not is checked version by version as usual, which names the first misfit.
 */
export function versionsFromColumns(
	stored: unknown,
	item?: Schema,
): Array<Record<string, unknown>> | undefined {
	if (!isRecord(stored) || !isRecord(stored.columns)) return undefined;
	const {count, columns} = stored;
	if (!(Number.isSafeInteger(count) && (count as number) > 0 && (count as number) <= maxVersions))
		return undefined;
	const length = count as number;
	let long = length === 1;
	for (const key in columns) {
		const column = columns[key];
		// Assigned, `__proto__` would set each version's prototype rather than a key the schema then refuses.
		if (key === '__proto__' || !isRecord(column)) return undefined;
		if ('all' in column) continue;
		long = true;
		if (Array.isArray(column.values)) {
			if (column.values.length !== length) return undefined;
		} else if ('texts' in column) {
			if (!textKeys.has(key) || !isTextColumn(column, length)) return undefined;
		} else if (!isTableColumn(column, length)) return undefined;
	}

	if (!long) return undefined;
	const versions = new Array<Record<string, unknown>>(length);
	// Only `dependencies` is ever text (`textKeys`): a version holding some is built around their table.
	const dependencies = columns.dependencies as Record<string, unknown> | undefined;
	if (dependencies && 'texts' in dependencies) {
		const table = new TextTable(dependencies.texts as string[], item?.field?.('dependencies')?.fits);
		const index = dependencies.index as number[];
		for (let at = 0; at < length; at++)
			versions[at] = (index[at]! >= 0 ? new VersionWithTextDependencies(table, index[at]!) : {}) as Record<
				string,
				unknown
			>;
	} else for (let at = 0; at < length; at++) versions[at] = {};
	for (const key in columns) {
		const column = columns[key] as Record<string, unknown>;
		if ('texts' in column) continue;
		if ('all' in column) {
			for (let at = 0; at < length; at++) versions[at]![key] = column.all;
		} else if (Array.isArray(column.values)) {
			const values = column.values;
			for (let at = 0; at < length; at++) versions[at]![key] = values[at];
		} else {
			const table = column.table as unknown[];
			const index = column.index as number[];
			for (let at = 0; at < length; at++) if (index[at]! >= 0) versions[at]![key] = table[index[at]!];
		}
	}

	if (item && columnsFit(columns as Record<string, Record<string, unknown>>, item)) vouchFor(versions, item);
	return versions;
}

/**
 * Whether every version the (well-formed) columns decode to fits `item`: only keys it knows, each of its required
 * keys in every version, every value fitting its key.
 */
function columnsFit(columns: Record<string, Record<string, unknown>>, item: Schema): boolean {
	const {field, requiredKeys} = item;
	if (!field || !requiredKeys) return false;
	for (const key of requiredKeys) if (!Object.hasOwn(columns, key)) return false;
	for (const key in columns) {
		const check = field(key);
		if (!check) return false;
		const column = columns[key]!;
		if ('all' in column) {
			if (!check.fits(column.all)) return false;
		} else if (Array.isArray(column.values)) {
			for (const value of column.values) if (!check.fits(value)) return false;
		} else {
			if (check.required && (column.index as number[]).includes(-1)) return false;
			// Texts are checked when parsed (`TextTable`).
			if ('texts' in column) continue;
			for (const value of column.table as unknown[]) if (!check.fits(value)) return false;
		}
	}

	return true;
}

function isTextColumn(column: Record<string, unknown>, length: number): boolean {
	const {texts, index} = column;
	if (!Array.isArray(texts) || !texts.every((text) => typeof text === 'string')) return false;
	return isTableColumn({table: texts, index}, length);
}

function isTableColumn(column: Record<string, unknown>, length: number): boolean {
	const {table, index} = column;
	if (!Array.isArray(table) || !Array.isArray(index) || index.length !== length) return false;
	for (const position of index)
		if (!(Number.isInteger(position) && position >= -1 && position < table.length)) return false;
	return true;
}
