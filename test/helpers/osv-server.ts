import {affectsVersion, parseOsvRecord} from '../../source/advisories/osv-record.js';
import {ecosystems} from '../../source/ecosystems/index.js';
import type {OsvRecordFixture} from './registry-data.js';

/**
 * The OSV API's `POST v1/querybatch` for the local server: each query `{package: {name, ecosystem}, version,
 * page_token?}` answered with the ids (and `modified`) of the records affecting that version, at most
 * `pageSize` a page with `next_page_token` for the rest — OSV's documented behaviour, including 400 above
 * 1,000 queries.
 */

type Query = {package?: {name?: string; ecosystem?: string}; version?: string; page_token?: string};

export function osvQueryNames(body: string): string[] {
	try {
		const parsed = JSON.parse(body) as {queries?: Query[]};
		return (parsed.queries ?? []).map((query) => query.package?.name ?? '');
	} catch {
		return [];
	}
}

/** The response body, or null for a request OSV would refuse (the server then answers 400). */
export function osvQuerybatch(
	records: readonly OsvRecordFixture[],
	body: string,
	pageSize: number,
): unknown | null {
	let queries: Query[];
	try {
		queries = (JSON.parse(body) as {queries?: Query[]}).queries ?? [];
	} catch {
		return null;
	}

	if (!Array.isArray(queries) || queries.length > 1000) return null;
	const parsed = records.map((record) => parseOsvRecord(record));
	return {
		results: queries.map((query) => {
			const ecosystem = ecosystems.find((candidate) => candidate.osvName === query.package?.ecosystem);
			const name = query.package?.name ?? '';
			const version = query.version ?? '';
			const all = ecosystem
				? parsed.filter((record) =>
						record.affected.some(
							(affected) =>
								affected.ecosystem === ecosystem.osvName &&
								ecosystem.normalizeName(affected.name).toLowerCase() ===
									ecosystem.normalizeName(name).toLowerCase() &&
								affectsVersion(affected, version, ecosystem.versions.compare),
						),
					)
				: [];
			const start = query.page_token ? Number(query.page_token) : 0;
			const page = all.slice(start, start + pageSize);
			const vulns = page.map((record) => ({id: record.id, modified: record.modified}));
			const next = start + pageSize < all.length ? String(start + pageSize) : undefined;
			return vulns.length > 0 || next ? {vulns, ...(next ? {next_page_token: next} : {})} : {};
		}),
	};
}
