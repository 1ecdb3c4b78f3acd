/**
 * Reading single values a registry sent, where a malformed one must become *unknown* — and be said to be —
 * rather than a plausible number: a date in the year 275760, a download count of "12" or -5. The ecosystems'
 * parsers use these; what they reject goes into `PackageMetadata.problems` or fails the request as invalid.
 */

const dayMs = 86_400_000;

/** No registry published anything before this (PyPI opened in 2003, npm in 2010). */
const earliestPlausible = Date.UTC(1990, 0, 1);

/**
 * A timestamp from a registry as ISO, `null` when absent, or `'malformed'` when it is not a date, or is before
 * 1990 or after `now` plus a day of clock skew (a release cannot come from the future).
 */
export function registryTimestamp(value: unknown, now: Date): string | null | 'malformed' {
	if (value === undefined || value === null) return null;
	if (typeof value !== 'string') return 'malformed';
	const time = Date.parse(value);
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
