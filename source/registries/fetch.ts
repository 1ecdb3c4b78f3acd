import type {Readable} from 'node:stream';
import {HttpFailure, type HttpGetOptions, httpGet} from './http.js';

/**
 * One registry request with one outcome vocabulary. `missing` is a definite "the registry does not know
 * this name" (404, or a parser that found no entry for it), which is cached like data; anything else that
 * goes wrong throws `HttpFailure`.
 */
export type FetchOutcome<T> =
	| {readonly status: 'ok'; readonly value: T; readonly etag: string | null}
	| {readonly status: 'not-modified'}
	| {readonly status: 'missing'; readonly reason: string};

export async function fetchOutcome<T>(
	url: string,
	options: HttpGetOptions,
	parse: (body: Readable) => Promise<T | null>,
): Promise<FetchOutcome<T>> {
	try {
		const result = await httpGet(url, options, parse);
		if (result.notModified) return {status: 'not-modified'};
		if (result.value === null) return {status: 'missing', reason: 'not found'};
		return {status: 'ok', value: result.value, etag: result.etag};
	} catch (error) {
		if (error instanceof HttpFailure && error.statusCode === 404)
			return {status: 'missing', reason: error.message};
		throw error;
	}
}
