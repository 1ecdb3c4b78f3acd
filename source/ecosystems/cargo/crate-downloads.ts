import {dailyRow, toDownloadHistory} from '../../registries/downloads.js';
import {HttpFailure} from '../../registries/http.js';
import type {DailyDownloads, DownloadHistory} from '../../registries/types.js';
import {isRecord} from '../../util/records.js';

/**
 * `GET api/v1/crates/{name}/downloads` → `DownloadHistory`. Pure; `now` is passed in.
 *
 * The response (`DownloadsResponse` in crates.io's controllers/krate/downloads.rs) covers the dates after
 * `now - 90 days` up to crates.io's today:
 *   `version_downloads: [{version: <version id>, downloads, date: "YYYY-MM-DD"}]` for the five highest
 *   versions, one row per version and day *that had downloads* (crates.io stores no zero rows), and
 *   `meta: {extra_downloads: [{date, downloads}]}`: every other version, summed per day.
 *
 * Rules:
 * - A day's total = all its version rows + its extra_downloads row.
 * - Only full UTC days count: the day of `now` (still being counted) and any later day (clock skew) are left
 *   out of `daily` and `weekly`.
 * - Inside the data (from its first day to the day before `now`) a day without rows had no downloads, so it
 *   is a 0 row: `daily` has no gaps and its last row is the day before `now`.
 * - `weekly` = the 7 full days before `now`'s day. crates.io's window always reaches its today, so days of it
 *   without rows really had no downloads: a crate with no rows at all (or none in the last week) is weekly 0,
 *   not unknown. Unknown is a failed request, which never gets here.
 * - Malformed rows (non-integer or negative downloads, a date that is not a calendar day, a version that is
 *   not an id) are dropped, not counted; a repeated (version, date) row, or a repeated extra_downloads date,
 *   counts once (the first).
 *
 * Wrong shapes (not an object, `version_downloads` not an array, `meta.extra_downloads` present but not an
 * array) → `HttpFailure('invalid')`.
 */
export function parseCrateDownloads(body: unknown, now: Date): DownloadHistory {
	if (!isRecord(body) || !Array.isArray(body.version_downloads)) throw invalid();
	const meta = isRecord(body.meta) ? body.meta : {};
	if (meta.extra_downloads !== undefined && !Array.isArray(meta.extra_downloads)) throw invalid();
	const extras: unknown[] = (meta.extra_downloads as unknown[] | undefined) ?? [];

	const today = utcDay(now);
	const rows: DailyDownloads[] = [];
	const seen = new Set<string>();
	const keep = (row: DailyDownloads, key: string) => {
		if (row.day >= today || seen.has(key)) return;
		seen.add(key);
		rows.push(row);
	};

	for (const item of body.version_downloads) {
		const row = fullDayRow(item);
		const version = isRecord(item) ? item.version : undefined;
		if (row && typeof version === 'number' && Number.isSafeInteger(version))
			keep(row, `version ${version} ${row.day}`);
	}

	for (const item of extras) {
		const row = fullDayRow(item);
		if (row) keep(row, `extra ${row.day}`);
	}

	return toDownloadHistory([...rows, ...zeroDays(rows, today)]);
}

const dayMs = 86_400_000;

const invalid = () => new HttpFailure('invalid', 'invalid crates.io response');

/** `YYYY-MM-DD` of an instant, in UTC. */
function utcDay(time: Date | number): string {
	return new Date(time).toISOString().slice(0, 10);
}

/** A `{date, downloads}` row whose date is a real calendar day and whose downloads are a whole count. */
function fullDayRow(item: unknown): DailyDownloads | null {
	const row = dailyRow(item, 'date');
	if (!row || !Number.isInteger(row.downloads)) return null;
	const time = Date.parse(`${row.day}T00:00:00Z`);
	// `2026-02-30` passes the pattern and Date.parse rolls it over: only a day that round-trips is real.
	return !Number.isNaN(time) && utcDay(time) === row.day ? row : null;
}

/** A 0 row for every day from the first day of data to the day before `today` (summing leaves totals alone). */
function zeroDays(rows: readonly DailyDownloads[], today: string): DailyDownloads[] {
	if (rows.length === 0) return [];
	let first = rows[0]!.day;
	for (const row of rows) if (row.day < first) first = row.day;
	const zeros: DailyDownloads[] = [];
	const end = Date.parse(`${today}T00:00:00Z`);
	for (let time = Date.parse(`${first}T00:00:00Z`); time < end; time += dayMs)
		zeros.push({day: utcDay(time), downloads: 0});
	return zeros;
}
