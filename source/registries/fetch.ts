import {downloadsRangeUrl, parseRangeResponse} from '../ecosystems/npm/downloads.js';
import {packumentUrl, readPackument} from '../ecosystems/npm/packument.js';
import {parsePypiJson, pypiJsonUrl} from '../ecosystems/pypi/pypi-json.js';
import {parsePypistats, pypistatsUrl} from '../ecosystems/pypi/pypistats.js';
import {HttpFailure, type HttpGetOptions, httpGet, readJson} from './http.js';
import type {DownloadHistory, PackageMetadata} from './types.js';

/**
 * The four registry calls with one outcome vocabulary. `missing` is a definite "the registry does not know
 * this name" (404), which is cached like data; anything else that goes wrong throws `HttpFailure`.
 */
export type FetchOutcome<T> =
	| {readonly status: 'ok'; readonly value: T; readonly etag: string | null}
	| {readonly status: 'not-modified'}
	| {readonly status: 'missing'; readonly reason: string};

async function get<T>(
	url: string,
	options: HttpGetOptions,
	parse: Parameters<typeof httpGet<T>>[2],
): Promise<FetchOutcome<T>> {
	try {
		const result = await httpGet(url, options, parse);
		return result.notModified
			? {status: 'not-modified'}
			: {status: 'ok', value: result.value, etag: result.etag};
	} catch (error) {
		if (error instanceof HttpFailure && error.statusCode === 404)
			return {status: 'missing', reason: error.message};
		throw error;
	}
}

export function fetchNpmMetadata(registry: string, name: string, options: HttpGetOptions) {
	return get<PackageMetadata>(packumentUrl(registry, name), options, (body) => readPackument(body, name));
}

export function fetchPypiMetadata(base: string, name: string, options: HttpGetOptions) {
	return get<PackageMetadata>(pypiJsonUrl(base, name), options, async (body) =>
		parsePypiJson(await readJson(body), name),
	);
}

/** One bulk (or single, for a scoped name) range request; 404 means none of the names is known. */
export function fetchNpmDownloads(base: string, names: readonly string[], options: HttpGetOptions) {
	return get<Map<string, DownloadHistory | null>>(downloadsRangeUrl(base, names), options, async (body) =>
		parseRangeResponse(await readJson(body), names),
	);
}

export function fetchPypistats(base: string, name: string, options: HttpGetOptions) {
	return get<DownloadHistory>(pypistatsUrl(base, name), options, async (body) =>
		parsePypistats(await readJson(body)),
	);
}
