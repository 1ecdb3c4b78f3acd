import {dailyRows, pastDays, toDownloadHistory, uniqueDays} from '../../registries/downloads.js';
import {HttpFailure} from '../../registries/http.js';
import type {DownloadHistory} from '../../registries/types.js';
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
 * Parses a range response for the names requested. Returns name → history, null for a name the API does not
 * know, or an `HttpFailure` for a name whose entry is malformed (that name is unknown with the reason; the
 * other names of the batch are not). A bulk response is an object keyed by name (`null` = unknown); a request
 * for ONE name gets the single-package shape `{package, downloads: [...]}` instead, even on the bulk path, and
 * a malformed one fails the request.
 */
export function parseRangeResponse(
	body: unknown,
	names: readonly string[],
	now: Date,
): Map<string, DownloadHistory | HttpFailure | null> {
	const result = new Map<string, DownloadHistory | HttpFailure | null>();
	if (!isRecord(body)) throw new HttpFailure('invalid', 'invalid downloads response');
	if (body.downloads !== undefined) {
		const history = rangeToHistory(body, now);
		const name = typeof body.package === 'string' ? body.package : names[0];
		for (const requested of names) result.set(requested, requested === name ? history : null);
		return result;
	}

	for (const name of names) {
		const entry = body[name];
		if (entry === null || entry === undefined) result.set(name, null);
		else {
			try {
				result.set(name, rangeToHistory(entry, now));
			} catch (error) {
				if (!(error instanceof HttpFailure)) throw error;
				result.set(name, error);
			}
		}
	}

	return result;
}

function rangeToHistory(entry: unknown, now: Date): DownloadHistory {
	if (!isRecord(entry) || !Array.isArray(entry.downloads))
		throw new HttpFailure('invalid', 'invalid downloads response');
	return toDownloadHistory(pastDays(uniqueDays(dailyRows(entry.downloads)), now));
}
