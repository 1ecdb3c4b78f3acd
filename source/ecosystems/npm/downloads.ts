import {dailyRow, toDownloadHistory} from '../../registries/downloads.js';
import {HttpFailure} from '../../registries/http.js';
import type {DailyDownloads, DownloadHistory} from '../../registries/types.js';
import {isRecord} from '../../util/records.js';

/**
 * npm downloads API: one year of daily downloads. Unscoped names go in bulk requests of at most 128
 * names (the API's limit); scoped names cannot be bulked and get one request each.
 */

export const maxBulkNames = 128;

/** `{downloads}downloads/range/last-year/{names}`; scoped names stay unescaped (`@scope/name`). */
export function downloadsRangeUrl(base: string, names: readonly string[]): string {
	return `${base}downloads/range/last-year/${names.map((name) => encodeURIComponent(name).replace('%40', '@').replace('%2F', '/')).join(',')}`;
}

/** Whether a name can go in a bulk request. */
export function isBulkable(name: string): boolean {
	return !name.startsWith('@');
}

/**
 * Parses a range response for the names requested. Returns name → history, or null for a name the API
 * does not know. A bulk response is an object keyed by name (`null` = unknown); a request for ONE name
 * gets the single-package shape `{package, downloads: [...]}` instead, even on the bulk path.
 */
export function parseRangeResponse(
	body: unknown,
	names: readonly string[],
): Map<string, DownloadHistory | null> {
	const result = new Map<string, DownloadHistory | null>();
	if (!isRecord(body)) throw new HttpFailure('invalid', 'invalid downloads response');
	if (Array.isArray(body.downloads)) {
		const history = rangeToHistory(body);
		const name = typeof body.package === 'string' ? body.package : names[0];
		for (const requested of names) result.set(requested, requested === name ? history : null);
		return result;
	}

	for (const name of names) {
		const entry = body[name];
		result.set(name, isRecord(entry) && Array.isArray(entry.downloads) ? rangeToHistory(entry) : null);
	}

	return result;
}

function rangeToHistory(entry: Record<string, unknown>): DownloadHistory {
	const rows: DailyDownloads[] = [];
	for (const item of entry.downloads as unknown[]) {
		const row = dailyRow(item);
		if (row) rows.push(row);
	}

	return toDownloadHistory(rows);
}
