import {dailyRow, toDownloadHistory} from '../../registries/downloads.js';
import {HttpFailure} from '../../registries/http.js';
import type {DailyDownloads, DownloadHistory} from '../../registries/types.js';
import {isRecord} from '../../util/records.js';

/** pypistats: 180 days of daily downloads without mirrors. The host allows 30 requests a minute. */

export function pypistatsUrl(base: string, normalizedName: string): string {
	return `${base}api/packages/${encodeURIComponent(normalizedName)}/overall?mirrors=false`;
}

/** `{data: [{category, date, downloads}]}` → history of the `without_mirrors` rows, summed per day. */
export function parsePypistats(body: unknown): DownloadHistory {
	if (!isRecord(body) || !Array.isArray(body.data))
		throw new HttpFailure('invalid', 'invalid pypistats response');
	const rows: DailyDownloads[] = [];
	for (const item of body.data) {
		if (!isRecord(item) || (item.category !== undefined && item.category !== 'without_mirrors')) continue;
		const row = dailyRow(item, 'date');
		if (row) rows.push(row);
	}

	return toDownloadHistory(rows);
}
