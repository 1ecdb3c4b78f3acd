import type {DailyDownloads, DownloadHistory} from './types.js';

/** Daily rows → `DownloadHistory`: sorted oldest first, one row per day, weekly = the last 7 rows summed. */
export function toDownloadHistory(rows: Iterable<DailyDownloads>): DownloadHistory {
	const perDay = new Map<string, number>();
	for (const row of rows) perDay.set(row.day, (perDay.get(row.day) ?? 0) + row.downloads);
	const daily = [...perDay.entries()]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([day, downloads]) => ({day, downloads}));
	const weekly = daily.slice(-7).reduce((sum, row) => sum + row.downloads, 0);
	return {daily, weekly};
}

/** A `{day, downloads}` row from an API, or null when it is not one. */
export function dailyRow(value: unknown, dayKey = 'day'): DailyDownloads | null {
	if (typeof value !== 'object' || value === null) return null;
	const record = value as Record<string, unknown>;
	const day = record[dayKey];
	const downloads = record.downloads;
	if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
	if (typeof downloads !== 'number' || !Number.isFinite(downloads) || downloads < 0) return null;
	return {day, downloads};
}
