import * as shape from '../cache/schema.js';
import {HttpFailure} from '../registries/http.js';
import {boundedName} from '../registries/registry-values.js';
import {isRecord} from '../util/records.js';

/**
 * The OSV API (https://google.github.io/osv.dev/api/): `POST {osv}v1/querybatch` with up to 1,000 queries
 * (1,001 is a 400), one result per query in order, each `{vulns: [{id, modified}], next_page_token?}`; and
 * `GET {osv}v1/vulns/<id>` for a whole record.
 */

/** OSV answers 400 above this many queries in one batch. */
export const maxBatchQueries = 1000;

export type OsvQuery = {
	readonly ecosystem: string;
	readonly name: string;
	readonly version: string;
	/** A later page of this query's results (from `next_page_token`). */
	readonly pageToken?: string;
};

export type OsvQueryResult = {
	readonly vulns: ReadonlyArray<{readonly id: string; readonly modified: string | null}>;
	readonly nextPageToken: string | null;
};

/** What the cache keeps per (ecosystem, name, version): the query's whole answer, every page joined. */
export type CachedQuery = {readonly vulns: OsvQueryResult['vulns']};

/** The cache schema of `CachedQuery` (bump the version when its shape changes). */
export const cachedQuerySchema = shape.versioned(
	1,
	shape.objectOf({
		vulns: shape.arrayOf(shape.objectOf({id: shape.string(), modified: shape.nullable(shape.string())})),
	}),
);

export function querybatchUrl(base: string): string {
	return `${base}v1/querybatch`;
}

export function vulnUrl(base: string, id: string): string {
	return `${base}v1/vulns/${encodeURIComponent(id)}`;
}

export function querybatchBody(queries: readonly OsvQuery[]): string {
	return JSON.stringify({
		queries: queries.map((query) => ({
			package: {name: query.name, ecosystem: query.ecosystem},
			version: query.version,
			...(query.pageToken ? {page_token: query.pageToken} : {}),
		})),
	});
}

/** The batch answer, one result per query; a body that does not have one per query is invalid. */
export function parseQuerybatch(body: unknown, count: number): OsvQueryResult[] {
	if (!isRecord(body) || !Array.isArray(body.results) || body.results.length !== count)
		throw new HttpFailure('invalid', 'invalid OSV querybatch response');
	return body.results.map((result): OsvQueryResult => {
		const entry = isRecord(result) ? result : {};
		const vulns = (Array.isArray(entry.vulns) ? entry.vulns : []).flatMap((vuln) =>
			isRecord(vuln) && typeof vuln.id === 'string' && vuln.id !== ''
				? [
						{
							id: boundedName(vuln.id),
							modified: typeof vuln.modified === 'string' ? boundedName(vuln.modified) : null,
						},
					]
				: [],
		);
		const token = entry.next_page_token;
		return {vulns, nextPageToken: typeof token === 'string' && token !== '' ? token : null};
	});
}
