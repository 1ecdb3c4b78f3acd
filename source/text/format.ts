/**
 * Number, age and chart formatting shared by the reports and the terminal UI. Pure, locale-independent
 * (reports must not change with the machine's locale) and free of ink/react.
 */

const dayMs = 86_400_000;

/** What the formatters print for an unknown value, unless told otherwise. */
export const unknownText = '?';

const compactUnits = [
	{value: 1e12, suffix: 'T'},
	{value: 1e9, suffix: 'B'},
	{value: 1e6, suffix: 'M'},
	{value: 1e3, suffix: 'K'},
] as const;

/**
 * A count in at most four characters plus a unit: `950`, `38.1K`, `381K`, `99.2M`, `2.1B`.
 * One decimal below 100 of a unit, none above; a value that rounds up to 1000 of a unit moves to the next
 * unit (999,960 → `1.0M`, not `1000.0K`). Negative values keep their sign. Null/undefined → `unknown`.
 */
export function formatCompact(value: number | null | undefined, unknown = unknownText): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return unknown;
	const sign = value < 0 ? '-' : '';
	const magnitude = Math.abs(value);
	if (magnitude < 999.5) return `${sign}${Math.round(magnitude)}`;
	for (let index = compactUnits.length - 1; index >= 0; index--) {
		const unit = compactUnits[index]!;
		const scaled = magnitude / unit.value;
		const text = scaled < 99.95 ? scaled.toFixed(1) : String(Math.round(scaled));
		if (Number(text) < 1000 || index === 0) return `${sign}${text}${unit.suffix}`;
	}

	return `${sign}${Math.round(magnitude)}`;
}

/** A whole number with thousands separators (`1,234,567`), independent of the locale. */
export function formatInteger(value: number | null | undefined, unknown = unknownText): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return unknown;
	const sign = value < 0 ? '-' : '';
	return sign + String(Math.round(Math.abs(value))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Whole days from `from` (an ISO time, a date, or epoch ms already parsed) to `now` (never negative: a date in the
 * future counts as 0).
 */
export function daysSince(from: string | Date | number, now: Date): number | null {
	const time = typeof from === 'string' ? Date.parse(from) : typeof from === 'number' ? from : from.getTime();
	if (Number.isNaN(time)) return null;
	return Math.max(0, Math.floor((now.getTime() - time) / dayMs));
}

/**
 * A short age in days for a table column: `0d`…`29d`, then `1mo`…`11mo`, then `1y`, `8y`.
 * Combine with {@link daysSince} for a date.
 */
export function formatAgeShort(days: number | null | undefined, unknown = unknownText): string {
	if (days === null || days === undefined || !Number.isFinite(days)) return unknown;
	const whole = Math.max(0, Math.floor(days));
	if (whole < 30) return `${whole}d`;
	if (whole < 365) return `${Math.max(1, Math.floor(whole / 30.44))}mo`;
	return `${Math.max(1, Math.floor(whole / 365.25))}y`;
}

/**
 * A sentence-style age: `today`, `1 day ago`, `34 days ago`, `5 months ago`, `8 years ago`.
 * Days are shown up to 59, months up to 23.
 */
export function formatAgo(days: number | null | undefined, unknown = 'unknown'): string {
	if (days === null || days === undefined || !Number.isFinite(days)) return unknown;
	const whole = Math.max(0, Math.floor(days));
	if (whole === 0) return 'today';
	if (whole < 60) return `${whole} ${plural(whole, 'day')} ago`;
	const months = Math.floor(whole / 30.44);
	if (months < 24) return `${months} ${plural(months, 'month')} ago`;
	const years = Math.floor(whole / 365.25);
	return `${years} ${plural(years, 'year')} ago`;
}

/**
 * How long ago, to the hour while it is young: `5 minutes`, `2 hours`, `1 day`, `3 days`, then as
 * {@link formatDuration}. For release ages, where "2 hours old" is the whole point.
 */
export function formatElapsed(ms: number | null | undefined, unknown = 'unknown'): string {
	if (ms === null || ms === undefined || !Number.isFinite(ms)) return unknown;
	const minutes = Math.max(0, Math.floor(ms / 60_000));
	if (minutes < 60) return `${minutes} ${plural(minutes, 'minute')}`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours} ${plural(hours, 'hour')}`;
	return formatDuration(Math.floor(ms / dayMs));
}

/** A short age for a table column, to the hour under a day (`0h`, `5h`), else as {@link formatAgeShort}. */
export function formatAgeShortMs(ms: number | null | undefined, unknown = unknownText): string {
	if (ms === null || ms === undefined || !Number.isFinite(ms)) return unknown;
	const hours = Math.max(0, Math.floor(ms / 3_600_000));
	return hours < 24 ? `${hours}h` : formatAgeShort(Math.floor(ms / dayMs));
}

/** A duration in days for prose: `19 days`, `1 day`, `1.5 years` (over two years). */
export function formatDuration(days: number | null | undefined, unknown = 'unknown'): string {
	if (days === null || days === undefined || !Number.isFinite(days)) return unknown;
	if (days >= 730) return `${(days / 365.25).toFixed(1).replace(/\.0$/, '')} years`;
	const whole = Math.round(days);
	return `${whole} ${plural(whole, 'day')}`;
}

/** `YYYY-MM-DD` of an ISO timestamp (UTC), or `unknown`. */
export function formatDate(iso: string | null | undefined, unknown = unknownText): string {
	if (!iso) return unknown;
	const time = Date.parse(iso);
	return Number.isNaN(time) ? unknown : new Date(time).toISOString().slice(0, 10);
}

/** A ratio as a signed percent change: 1.12 → `+12%`, 0.8 → `-20%`, 1 → `0%`. */
export function formatChange(ratio: number | null | undefined, unknown = unknownText): string {
	if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return unknown;
	const percent = Math.round((ratio - 1) * 100);
	return percent > 0 ? `+${percent}%` : `${percent}%`;
}

/** `1 publisher`, `3 publishers`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
	return count === 1 ? singular : pluralForm;
}

const sparkBlocks = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * A sparkline of the values, one block per value (▁▂▃▄▅▆▇█), scaled from 0 (or the lowest value when
 * `fromZero` is false) to the highest. Unknown values are spaces; all-equal values draw a flat line at the
 * bottom (zeros) or the middle. With `width`, the values are first averaged into that many buckets.
 */
export function sparkline(
	values: ReadonlyArray<number | null>,
	options: {readonly width?: number; readonly fromZero?: boolean} = {},
): string {
	const series = options.width !== undefined ? resample(values, options.width) : values;
	const known = series.filter((value): value is number => value !== null && Number.isFinite(value));
	if (known.length === 0) return ' '.repeat(series.length);
	const max = Math.max(...known);
	const min = options.fromZero === false ? Math.min(...known) : Math.min(0, ...known);
	return series
		.map((value) => {
			if (value === null || !Number.isFinite(value)) return ' ';
			if (max === min) return max === 0 ? sparkBlocks[0] : sparkBlocks[3];
			const index = Math.round(((value - min) / (max - min)) * (sparkBlocks.length - 1));
			return sparkBlocks[Math.min(sparkBlocks.length - 1, Math.max(0, index))];
		})
		.join('');
}

/** Average consecutive values into `width` buckets (nulls ignored; a bucket of only nulls stays null). */
function resample(values: ReadonlyArray<number | null>, width: number): Array<number | null> {
	if (width <= 0) return [];
	if (values.length <= width) return [...values];
	const buckets: Array<number | null> = [];
	for (let bucket = 0; bucket < width; bucket++) {
		const start = Math.floor((bucket * values.length) / width);
		const end = Math.floor(((bucket + 1) * values.length) / width);
		const slice = values.slice(start, end).filter((value): value is number => value !== null);
		buckets.push(slice.length === 0 ? null : slice.reduce((sum, value) => sum + value, 0) / slice.length);
	}

	return buckets;
}

/** Cut text to `width` code points, ending with `…` when cut. */
export function truncate(text: string, width: number): string {
	const characters = Array.from(text);
	if (characters.length <= width) return text;
	if (width <= 0) return '';
	return `${characters.slice(0, width - 1).join('')}…`;
}
