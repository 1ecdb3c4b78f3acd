/**
 * Reading single values a registry sent, where a malformed one must become *unknown* — and be said to be —
 * rather than a plausible number: a date in the year 275760, a download count of "12" or -5. The ecosystems'
 * parsers use these; what they reject goes into `PackageMetadata.problems` or fails the request as invalid.
 */

import {createHash} from 'node:crypto';
import {canonicalIsoTime} from '../util/iso-time.js';

const dayMs = 86_400_000;

/**
 * Longest identity kept from a registry — an account, a role, a version, a trusted-publisher id, an advisory id:
 * npm's own names stop at 214 characters, semver's versions at 256. The limits on a response bound a document,
 * not one of its strings: a 20 MB maintainer name was kept whole in the facts, then in every report (63 MB of
 * JSON for one package, 3.4 GB of memory for thirty).
 */
export const maxNameLength = 256;

/** Longest free text kept: a deprecation message, a yank reason, a summary, a URL. */
export const maxTextLength = 4096;

/**
 * An identity cut to `max` characters, visibly (`…`), with a hash of the whole: two accounts that share their
 * first 240 characters stay two accounts (a publisher comparison must not merge them), and the same value is
 * always cut the same way.
 */
export function boundedName(value: string, max = maxNameLength): string {
	if (value.length <= max) return value;
	const digest = createHash('sha256').update(value).digest('hex').slice(0, 12);
	return `${headOf(value, max - digest.length - 1)}…${digest}`;
}

/** Free text cut to `max` characters, visibly (`…`). */
export function boundedText(value: string, max = maxTextLength): string {
	return value.length <= max ? value : `${headOf(value, max - 1)}…`;
}

/** The first `length` UTF-16 units, without half a surrogate pair at the end. */
function headOf(value: string, length: number): string {
	const last = value.charCodeAt(length - 1);
	return value.slice(0, last >= 0xd800 && last <= 0xdbff ? length - 1 : length);
}

/** No registry published anything before this (PyPI opened in 2003, npm in 2010). */
const earliestPlausible = Date.UTC(1990, 0, 1);

/**
 * An ISO 8601 date or date-time, as registries write them (`2016-09-07T15:22:40.491981Z`, `…+00:00`, PyPI's
 * `2019-01-01T00:00:00`): `Date.parse` alone also reads `"12"` as December 2001 and `"2024-02-30"` as 1 March.
 */
const isoTimestamp =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A timestamp from a registry as ISO, `null` when absent, or `'malformed'` when it is not an ISO 8601 date (or
 * not a calendar day), or is before 1990 or after `now` plus a day of clock skew (a release cannot come from the
 * future). A date-time without a zone is UTC, as registries mean it (never the local time of the machine).
 */
export function registryTimestamp(value: unknown, now: Date): string | null | 'malformed' {
	if (value === undefined || value === null) return null;
	if (typeof value !== 'string') return 'malformed';
	// The npm registry writes every time this way: no regex, no Date, the text kept (a cold scan reads ~40k).
	const canonical = canonicalIsoTime(value);
	if (!Number.isNaN(canonical))
		return canonical < earliestPlausible || canonical > now.getTime() + dayMs ? 'malformed' : value;
	const parts = isoTimestamp.exec(value.trim());
	if (!parts) return 'malformed';
	const [, year, month, day, zone] = parts;
	const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
	if (calendar.toISOString().slice(0, 10) !== `${year}-${month}-${day}`) return 'malformed';
	const hasTime = value.trim().length > 10;
	const time = Date.parse(hasTime && zone === undefined ? `${value.trim()}Z` : value.trim());
	if (Number.isNaN(time) || time < earliestPlausible || time > now.getTime() + dayMs) return 'malformed';
	return new Date(time).toISOString();
}

/** A count (downloads): a non-negative safe integer, else null. */
export function registryCount(value: unknown): number | null {
	return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** "3 release dates are not valid dates" / "1 release date is not a valid date". */
export function countedProblem(count: number, one: string, many: string): string {
	return count === 1 ? `1 ${one}` : `${count} ${many}`;
}
