/**
 * The duration syntaxes of the tools whose cooldown settings commit-tui reads, each parsed the way that tool
 * parses it (the sources are named on each function), to milliseconds.
 */

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;
const week = 7 * day;

/**
 * Yarn's `npmMinimalAgeGate` (plugin-npm: `type: SettingsType.DURATION, unit: DurationUnit.MINUTES`): a bare
 * number is minutes; a string carries one unit suffix `ms`, `s`, `m`, `h`, `d` or `w` (`'3d'`, `'12h'`).
 * Before Yarn 4.12 the setting was a plain NUMBER of minutes and a suffix was ignored (yarnpkg/berry#6991):
 * we read the documented meaning.
 */
export function parseYarnDuration(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * minute : null;
	if (typeof value !== 'string') return null;
	const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$/.exec(value);
	if (!match) return null;
	const units: Record<string, number> = {ms: 1, s: second, m: minute, h: hour, d: day, w: week};
	return Number(match[1]) * units[match[2] ?? 'm']!;
}

/**
 * Renovate's `minimumReleaseAge` (lib/util/pretty-time.ts `toMs`): one or more `<number> <unit>` parts, each
 * read by the `ms` package (`ms`, `s`/`sec`/`second(s)`, `m`/`min`/`minute(s)`, `h`/`hr`/`hour(s)`,
 * `d`/`day(s)`, `w`/`week(s)`, `y`/`yr`/`year(s)` = 365.25 days), plus Renovate's own `N months` = N × 30
 * days. Null for anything else (Renovate then ignores the setting).
 */
export function parseRenovateDuration(value: unknown): number | null {
	if (typeof value !== 'string') return null;
	const parts = value.trim().match(/\d+(?:\.\d+)?\s*[a-zA-Z]+/g);
	if (!parts || parts.join('').replace(/\s/g, '') !== value.replace(/\s/g, '')) return null;
	let total = 0;
	for (const part of parts) {
		const match = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]+)$/.exec(part)!;
		const unit = renovateUnit(match[2]!);
		if (unit === null) return null;
		total += Number(match[1]) * unit;
	}

	return total;
}

function renovateUnit(text: string): number | null {
	if (/^(months?|M)$/.test(text)) return 30 * day;
	const unit = text.toLowerCase();
	if (/^(milliseconds?|msecs?|ms)$/.test(unit)) return 1;
	if (/^(seconds?|secs?|s)$/.test(unit)) return second;
	if (/^(minutes?|mins?|m)$/.test(unit)) return minute;
	if (/^(hours?|hrs?|h)$/.test(unit)) return hour;
	if (/^(days?|d)$/.test(unit)) return day;
	if (/^(weeks?|w)$/.test(unit)) return week;
	if (/^(years?|yrs?|y)$/.test(unit)) return 365.25 * day;
	return null;
}

/** What a uv `exclude-newer` says: a span back from now, or a fixed cutoff. */
export type UvExcludeNewer =
	| {readonly kind: 'span'; readonly ms: number}
	| {readonly kind: 'cutoff'; readonly time: string}
	| {readonly kind: 'disabled'};

/**
 * uv's `exclude-newer` (uv docs, `ExcludeNewerArgs`): an RFC 3339 timestamp (`2006-12-02T02:07:43Z`), a local
 * date (`2006-12-02`, midnight in the system's time zone), a "friendly" duration (`24 hours`, `1 week`,
 * `30 days`) or an ISO 8601 duration (`PT24H`, `P7D`, `P1W`), days always 24 hours; calendar units (months,
 * years) are refused; `false` turns it off. Null for anything else.
 */
export function parseUvExcludeNewer(value: unknown): UvExcludeNewer | null {
	if (value === false || value === 'false') return {kind: 'disabled'};
	if (typeof value !== 'string') return null;
	const text = value.trim();
	if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
		const time = new Date(`${text}T00:00:00`).getTime();
		return Number.isNaN(time) ? null : {kind: 'cutoff', time: new Date(time).toISOString()};
	}

	if (/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$/.test(text)) {
		const time = Date.parse(text.replace(' ', 'T'));
		return Number.isNaN(time) ? null : {kind: 'cutoff', time: new Date(time).toISOString()};
	}

	const span = parseIsoDuration(text) ?? parseFriendlyDuration(text);
	return span === null ? null : {kind: 'span', ms: span};
}

/** ISO 8601 `PnWnDTnHnMnS` without calendar units (years, months): days are 24 hours. */
function parseIsoDuration(text: string): number | null {
	const match =
		/^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(
			text,
		);
	if (!match || text.length <= 1 || /T$/i.test(text)) return null;
	const [, weeks, days, hours, minutes, seconds] = match;
	return (
		Number(weeks ?? 0) * week +
		Number(days ?? 0) * day +
		Number(hours ?? 0) * hour +
		Number(minutes ?? 0) * minute +
		Number(seconds ?? 0) * second
	);
}

/** jiff's "friendly" format as uv uses it: `<n> <unit>` parts (`1 week 2 days`, `24h`, `30 days`), no calendar units. */
function parseFriendlyDuration(text: string): number | null {
	const parts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*,?\s*/g)];
	if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text.replace(/\s+$/, '')) return null;
	let total = 0;
	for (const part of parts) {
		const unit = friendlyUnit(part[2]!.toLowerCase());
		if (unit === null) return null;
		total += Number(part[1]) * unit;
	}

	return total;
}

function friendlyUnit(unit: string): number | null {
	if (/^(weeks?|wks?|w)$/.test(unit)) return week;
	if (/^(days?|d)$/.test(unit)) return day;
	if (/^(hours?|hrs?|h)$/.test(unit)) return hour;
	if (/^(minutes?|mins?|m)$/.test(unit)) return minute;
	if (/^(seconds?|secs?|s)$/.test(unit)) return second;
	return null;
}

/** A span in words, largest units first, at most two: `1 day`, `2 days 12 hours`, `90 minutes` → `1 hour 30 minutes`. */
export function formatSpan(ms: number): string {
	if (!Number.isFinite(ms) || ms <= 0) return '0 minutes';
	const units: Array<[number, string]> = [
		[week, 'week'],
		[day, 'day'],
		[hour, 'hour'],
		[minute, 'minute'],
		[second, 'second'],
	];
	// Whole weeks read as weeks; otherwise days are the largest unit (14 days, not 2 weeks 0 days).
	const start = ms % week === 0 ? 0 : 1;
	const parts: string[] = [];
	let rest = Math.round(ms);
	for (const [size, name] of units.slice(start)) {
		const count = Math.floor(rest / size);
		if (count > 0) {
			parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
			rest -= count * size;
		}

		if (parts.length === 2) break;
	}

	return parts.length > 0 ? parts.join(' ') : `${Math.round(ms)} ms`;
}

export const milliseconds = {second, minute, hour, day, week} as const;
