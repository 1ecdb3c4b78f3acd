import {dailySeries, epochDay} from './daily-series.js';
import {HttpFailure} from './http-failure.js';
import {countedProblem} from './registry-values.js';
import type {DailyDownloads, DownloadHistory} from './types.js';

/**
 * Daily rows → `DownloadHistory`: sorted oldest first, one row per day (rows of the same day summed), weekly =
 * the last 7 rows summed. The rows are kept as typed arrays (daily-series.ts). O(rows log rows).
 */
export function toDownloadHistory(rows: Iterable<DailyDownloads>): DownloadHistory {
	const list = Array.isArray(rows) ? (rows as readonly DailyDownloads[]) : [...rows];
	// What the APIs send: one row per day, oldest first. Then no map and no sort: O(rows).
	let days = new Array<number>(list.length);
	let ordered = true;
	for (let index = 0; index < list.length; index++) {
		days[index] = epochDay(list[index]!.day);
		if (index > 0 && !(days[index]! > days[index - 1]!)) ordered = false;
	}

	let counts: number[];
	if (ordered) counts = list.map((row) => row.downloads);
	else {
		const perDay = new Map<number, number>();
		for (const [index, row] of list.entries())
			perDay.set(days[index]!, (perDay.get(days[index]!) ?? 0) + row.downloads);
		days = [...perDay.keys()].sort((a, b) => a - b);
		counts = days.map((day) => perDay.get(day)!);
	}

	const consecutive = days.every((day, index) => index === 0 || day === days[index - 1]! + 1);
	let weekly = 0;
	for (let index = Math.max(0, counts.length - 7); index < counts.length; index++) weekly += counts[index]!;
	return {daily: dailySeries(days[0] ?? 0, consecutive ? null : days, counts), weekly};
}

/**
 * A `{day, downloads}` row from an API, or null when it is not one: the day a real calendar day
 * (`YYYY-MM-DD`, no 30 February), the count a non-negative whole number.
 */
export function dailyRow(value: unknown, dayKey = 'day'): DailyDownloads | null {
	if (typeof value !== 'object' || value === null) return null;
	const record = value as Record<string, unknown>;
	const day = record[dayKey];
	const downloads = record.downloads;
	if (typeof day !== 'string' || !isCalendarDay(day)) return null;
	if (typeof downloads !== 'number' || !Number.isSafeInteger(downloads) || downloads < 0) return null;
	return {day, downloads};
}

/**
 * Every item as a row, or an `HttpFailure('invalid')` saying how many are not rows: a row with a null, negative
 * or string count, or no real day, is not a 0 — if it were read as one, a week of garbage would look like a week
 * without downloads. The whole history is unknown instead, with the reason.
 */
export function dailyRows(items: readonly unknown[], dayKey = 'day'): DailyDownloads[] {
	const rows: DailyDownloads[] = [];
	let malformed = 0;
	for (const item of items) {
		const row = dailyRow(item, dayKey);
		if (row) rows.push(row);
		else malformed += 1;
	}

	if (malformed > 0)
		throw new HttpFailure(
			'invalid',
			`${countedProblem(malformed, 'download row is', 'download rows are')} malformed (a count that is not a whole number ≥ 0, or no valid day)`,
		);
	return rows;
}

/**
 * Rows dated after `now`'s day — a day later still passes, for clock skew and time zones — have not happened: a
 * server that sends them is wrong about its data (a series shifted into the future read "70 a week"), so the
 * whole history is unknown with the reason, as for a malformed row, rather than a figure from the rest.
 */
export function pastDays<Row extends DailyDownloads>(rows: readonly Row[], now: Date): Row[] {
	const lastDay = Math.floor(now.getTime() / dayMs) + 1;
	let future = 0;
	for (const row of rows) if (epochDay(row.day) > lastDay) future += 1;
	if (future > 0)
		throw new HttpFailure(
			'invalid',
			`${countedProblem(future, 'download row is', 'download rows are')} dated after today`,
		);
	return rows as Row[];
}

const dayMs = 86_400_000;

/** Rows of an API that sends one row per day: the same day twice is malformed (which one is true?), never summed. */
export function uniqueDays(rows: readonly DailyDownloads[]): DailyDownloads[] {
	const days = new Set<string>();
	let repeated = 0;
	for (const row of rows) {
		if (days.has(row.day)) repeated += 1;
		days.add(row.day);
	}

	if (repeated > 0)
		throw new HttpFailure(
			'invalid',
			`${countedProblem(repeated, 'day is', 'days are')} listed twice in the download counts`,
		);
	return rows as DailyDownloads[];
}

/** `2026-02-30` has the pattern of a day but is none: only a day that lands in its own month is real. */
function isCalendarDay(day: string): boolean {
	return !Number.isNaN(epochDay(day));
}
