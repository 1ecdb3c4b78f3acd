import type {DailyDownloads} from './types.js';

/**
 * Daily download counts kept as typed arrays: a year of `{day, downloads}` objects costs about 17 KB per package
 * (365 objects and their day strings), the same counts in a `Uint32Array` about 1.5 KB. A 28k-entry tree keeps
 * thousands of these for the whole run (every report holds its facts).
 *
 * What the rest of the code sees is still `readonly DailyDownloads[]`: a read-only array (a Proxy over an empty
 * array of the right length) whose rows are made when they are read — `daily[i]`, `at`, `slice`, iteration,
 * `JSON.stringify` and `assert.deepEqual` behave as with a plain array of rows. Writes throw (it is read-only).
 * Reading a row allocates a small object that dies young; reading the whole series is O(length), like an array.
 */

const dayMs = 86_400_000;

/** The storage behind one series: days as epoch days (UTC days since 1970-01-01). */
type SeriesData = {
	/** First day when the days are consecutive (then `days` is null). */
	readonly start: number;
	/** Each row's day when they are not consecutive. */
	readonly days: Int32Array | null;
	/** Downloads per row; Float64Array only when a count does not fit 32 bits. */
	readonly counts: Uint32Array | Float64Array;
};

const dataOf = new WeakMap<object, SeriesData>();

/** The series' typed storage, or undefined for a plain array (for the cache's compact form). */
export function seriesData(daily: readonly DailyDownloads[]): SeriesData | undefined {
	return dataOf.get(daily);
}

/** The downloads of each row, oldest first: a typed series' own counts (no row made), else read from the rows. */
export function downloadCounts(daily: readonly DailyDownloads[]): ArrayLike<number> {
	return dataOf.get(daily)?.counts ?? daily.map((row) => row.downloads);
}

/**
 * A series from days (epoch days, ascending, no repeats) and counts (whole numbers ≥ 0); `days` null means
 * consecutive days from `start`.
 */
export function dailySeries(
	start: number,
	days: ArrayLike<number> | null,
	counts: ArrayLike<number>,
): readonly DailyDownloads[] {
	const length = counts.length;
	let fits32 = true;
	for (let index = 0; index < length; index++) if (counts[index]! > 0xff_ff_ff_ff) fits32 = false;
	const data: SeriesData = {
		start: days && days.length > 0 ? days[0]! : start,
		days: days ? Int32Array.from(days) : null,
		counts: fits32 ? Uint32Array.from(counts) : Float64Array.from(counts),
	};
	return seriesOver(data);
}

/**
 * A series of consecutive days from `start`, over `counts` itself (not copied: the caller hands it over and
 * never writes it again), for the cache's compact form, decoded straight into a `Uint32Array`.
 */
export function consecutiveSeries(start: number, counts: Uint32Array): readonly DailyDownloads[] {
	return seriesOver({start, days: null, counts});
}

/** Rows sorted oldest first without repeated days → a series (consecutive days stored as a start). */
export function seriesFromRows(rows: readonly DailyDownloads[]): readonly DailyDownloads[] {
	const days = new Int32Array(rows.length);
	const counts = new Array<number>(rows.length);
	let consecutive = true;
	for (let index = 0; index < rows.length; index++) {
		const row = rows[index]!;
		days[index] = epochDay(row.day);
		counts[index] = row.downloads;
		if (index > 0 && days[index] !== days[index - 1]! + 1) consecutive = false;
	}

	return dailySeries(days[0] ?? 0, consecutive ? null : days, counts);
}

/** The rows of one series (its data stays in `SeriesData`; one handler and one set of methods serve them all). */
function seriesOver(data: SeriesData): readonly DailyDownloads[] {
	// An empty target: `new Array(length)` would reserve a slot per day (2.9 KB for a year) that is never used.
	// The traps report the series' length and rows instead.
	const target: DailyDownloads[] = [];
	targets.set(target, data);
	const proxy = new Proxy(target, handler) as readonly DailyDownloads[];
	dataOf.set(proxy, data);
	return proxy;
}

/** Proxy target → its data (the handler's traps get the target). */
const targets = new WeakMap<object, SeriesData>();

function rowAt(data: SeriesData, index: number): DailyDownloads {
	return {day: dayName(data.days ? data.days[index]! : data.start + index), downloads: data.counts[index]!};
}

/** The index a property names, or -1 (not a canonical array index within the series). */
function indexOf(data: SeriesData, property: string | symbol): number {
	if (typeof property !== 'string' || property.length === 0) return -1;
	const first = property.charCodeAt(0);
	if (first < 48 || first > 57) return -1;
	const index = Number(property);
	return Number.isInteger(index) && index < data.counts.length && String(index) === property ? index : -1;
}

function* rows(this: unknown): Generator<DailyDownloads> {
	const data = dataOf.get(this as object)!;
	for (let index = 0; index < data.counts.length; index++) yield rowAt(data, index);
}

// The hot reads get their own code; any other array method works through `get` below, index by index.
const methods: Record<string | symbol, unknown> = {
	slice(this: unknown, begin?: number, end?: number): DailyDownloads[] {
		const data = dataOf.get(this as object)!;
		const length = data.counts.length;
		const from = relative(begin ?? 0, length);
		const to = relative(end ?? length, length);
		const result: DailyDownloads[] = [];
		for (let index = from; index < to; index++) result.push(rowAt(data, index));
		return result;
	},
	at(this: unknown, position: number): DailyDownloads | undefined {
		const data = dataOf.get(this as object)!;
		const length = data.counts.length;
		const index = Math.trunc(position) < 0 ? length + Math.trunc(position) : Math.trunc(position);
		return index >= 0 && index < length ? rowAt(data, index) : undefined;
	},
	map<U>(
		this: unknown,
		callback: (value: DailyDownloads, index: number, array: unknown) => U,
		thisArg?: unknown,
	): U[] {
		const data = dataOf.get(this as object)!;
		const result = new Array<U>(data.counts.length);
		for (let index = 0; index < data.counts.length; index++)
			result[index] = callback.call(thisArg, rowAt(data, index), index, this);
		return result;
	},
	[Symbol.iterator]: rows,
	values: rows,
};

const handler: ProxyHandler<DailyDownloads[]> = {
	get(target, property, receiver) {
		const data = targets.get(target)!;
		const index = indexOf(data, property);
		if (index >= 0) return rowAt(data, index);
		if (property === 'length') return data.counts.length;
		if (Object.hasOwn(methods, property)) return methods[property];
		return Reflect.get(target, property, receiver);
	},
	has(target, property) {
		return indexOf(targets.get(target)!, property) >= 0 || Reflect.has(target, property);
	},
	ownKeys(target) {
		return [
			...Array.from({length: targets.get(target)!.counts.length}, (_, index) => String(index)),
			'length',
		];
	},
	getOwnPropertyDescriptor(target, property) {
		const data = targets.get(target)!;
		const index = indexOf(data, property);
		if (index >= 0) return {value: rowAt(data, index), writable: false, enumerable: true, configurable: true};
		// The target's own `length` is 0; a writable one may be reported with another value.
		if (property === 'length')
			return {value: data.counts.length, writable: true, enumerable: false, configurable: false};
		return Reflect.getOwnPropertyDescriptor(target, property);
	},
	set: () => false,
	defineProperty: () => false,
	deleteProperty: () => false,
};

function relative(position: number, length: number): number {
	const value = Math.trunc(position);
	return value < 0 ? Math.max(0, length + value) : Math.min(value, length);
}

/** `YYYY-MM-DD` → days since 1970-01-01 (UTC); NaN when it is not a real calendar day. */
export function epochDay(day: string): number {
	const known = epochDays.get(day);
	if (known !== undefined) return known;
	const value = parseDay(day);
	// Every package of a scan covers the same days: remember the real ones (a bounded number).
	if (!Number.isNaN(value) && epochDays.size < 100_000) epochDays.set(day, value);
	return value;
}

const epochDays = new Map<string, number>();

function parseDay(day: string): number {
	if (day.length !== 10 || day.charCodeAt(4) !== 45 || day.charCodeAt(7) !== 45) return Number.NaN;
	const year = digits(day, 0, 4);
	const month = digits(day, 5, 7);
	const date = digits(day, 8, 10);
	if (Number.isNaN(year + month + date) || month < 1 || month > 12 || date < 1) return Number.NaN;
	const time = Date.UTC(year, month - 1, date);
	// `2026-02-30` rolls over to March: only a day that lands in its own month is real.
	if (new Date(time).getUTCMonth() !== month - 1) return Number.NaN;
	return time / dayMs;
}

function digits(text: string, from: number, to: number): number {
	let value = 0;
	for (let index = from; index < to; index++) {
		const code = text.charCodeAt(index) - 48;
		if (code < 0 || code > 9) return Number.NaN;
		value = value * 10 + code;
	}

	return value;
}

/** Days since 1970-01-01 → `YYYY-MM-DD`; each day formatted once per process. */
export function dayName(epoch: number): string {
	let name = dayNames.get(epoch);
	if (name === undefined) {
		name = new Date(epoch * dayMs).toISOString().slice(0, 10);
		if (dayNames.size < 100_000) dayNames.set(epoch, name);
	}

	return name;
}

const dayNames = new Map<number, string>();
