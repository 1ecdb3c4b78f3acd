import {dailyRow, pastDays, toDownloadHistory} from '../../registries/downloads.js';
import {HttpFailure} from '../../registries/http.js';
import {countedProblem} from '../../registries/registry-values.js';
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
 * - Only full UTC days count: the day of `now` (still being counted) and the next (clock skew) are left out of
 *   `daily` and `weekly`; a row dated later still has not happened, and makes the history unknown (`pastDays`):
 *   a series that is all in the future would otherwise read as no downloads at all.
 * - Inside the data (from its first day to the day before `now`) a day without rows had no downloads, so it
 *   is a 0 row: `daily` has no gaps and its last row is the day before `now`.
 * - `weekly` = the 7 full days before `now`'s day. crates.io's window always reaches its today, so days of it
 *   without rows really had no downloads: a crate with no rows at all (or none in the last week) is weekly 0,
 *   not unknown. Unknown is a failed request, which never gets here.
 * - Malformed rows (non-integer or negative downloads, a date that is not a calendar day, a version that is
 *   not an id), a repeated (version, date) row or a repeated extra_downloads date make the whole history
 *   unknown, with the reason (`HttpFailure('invalid')`): dropping them would read garbage as no downloads, and
 *   keeping one of two rows would pick a number.
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
	/** Rows of today or later: never counted, and past tomorrow a sign the data is wrong. */
	const later: DailyDownloads[] = [];
	const seen = new Set<string>();
	let malformed = 0;
	let repeated = 0;
	const keep = (row: DailyDownloads | null, key: string) => {
		if (row === null) malformed += 1;
		else if (seen.has(key)) repeated += 1;
		else {
			seen.add(key);
			(row.day < today ? rows : later).push(row);
		}
	};

	for (const item of body.version_downloads) {
		const version = isRecord(item) ? item.version : undefined;
		const row = typeof version === 'number' && Number.isSafeInteger(version) ? dailyRow(item, 'date') : null;
		keep(row, `version ${String(version)} ${row?.day}`);
	}

	for (const item of extras) {
		const row = dailyRow(item, 'date');
		keep(row, `extra ${row?.day}`);
	}

	if (malformed > 0)
		throw new HttpFailure(
			'invalid',
			`${countedProblem(malformed, 'download row is', 'download rows are')} malformed (a count that is not a whole number ≥ 0, no valid date, or no version id)`,
		);
	if (repeated > 0)
		throw new HttpFailure(
			'invalid',
			`${countedProblem(repeated, 'download row is', 'download rows are')} listed twice`,
		);
	pastDays(later, now);
	return toDownloadHistory([...rows, ...zeroDays(rows, today)]);
}

const dayMs = 86_400_000;

const invalid = () => new HttpFailure('invalid', 'invalid crates.io response');

/** `YYYY-MM-DD` of an instant, in UTC. */
function utcDay(time: Date | number): string {
	return new Date(time).toISOString().slice(0, 10);
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
