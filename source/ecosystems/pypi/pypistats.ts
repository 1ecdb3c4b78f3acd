import {dailyRows, pastDays, toDownloadHistory, uniqueDays} from '../../registries/downloads.js';
import {HttpFailure} from '../../registries/http.js';
import type {DownloadHistory} from '../../registries/types.js';
import {isRecord} from '../../util/records.js';

/** pypistats: 180 days of daily downloads without mirrors. The host allows 30 requests a minute. */

export function pypistatsUrl(base: string, normalizedName: string): string {
	return `${base}api/packages/${encodeURIComponent(normalizedName)}/overall?mirrors=false`;
}

/**
 * `{data: [{category, date, downloads}]}` → history of the `without_mirrors` rows, one per day. A malformed row
 * (not an object, a count that is not a whole number ≥ 0, no valid date), a day listed twice or a day after today
 * makes the whole history unknown, with the reason (`HttpFailure('invalid')`), rather than a smaller, doubled or
 * invented count.
 */
export function parsePypistats(body: unknown, now: Date): DownloadHistory {
	if (!isRecord(body) || !Array.isArray(body.data))
		throw new HttpFailure('invalid', 'invalid pypistats response');
	const items = body.data.filter(
		(item) => !isRecord(item) || item.category === undefined || item.category === 'without_mirrors',
	);
	return toDownloadHistory(pastDays(uniqueDays(dailyRows(items, 'date')), now));
}
