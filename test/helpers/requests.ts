import {ecosystemFor} from '../../source/ecosystems/index.js';
import type {RequestSpec} from '../../source/ecosystems/types.js';
import {fetchOutcome} from '../../source/registries/fetch.js';
import type {HttpGetOptions} from '../../source/registries/http.js';
import type {DownloadHistory, PackageMetadata} from '../../source/registries/types.js';

/** One ecosystem request, made the way the scheduler makes it (its URL, Accept header and parser). */

function requestOf(ecosystem: string, kind: string): RequestSpec {
	const request = ecosystemFor(ecosystem).registry.requests.find((candidate) => candidate.kind === kind);
	if (!request) throw new Error(`${ecosystem} has no ${kind} request`);
	return request;
}

/** The parsed value's type is the caller's to say (`PackageMetadata` for 'metadata', …). */
export function fetchKind<T = PackageMetadata & DownloadHistory>(
	ecosystem: string,
	kind: string,
	base: string,
	name: string,
	options: HttpGetOptions = {},
	now = new Date(),
) {
	const request = requestOf(ecosystem, kind);
	const url = request.url(base, name);
	return fetchOutcome(
		url,
		{accept: request.accept, ...options},
		(body) => request.parse(body, name, {now, url}) as Promise<T | null>,
	);
}

/** A bulk request for several names (npm downloads): name → value, null for an unknown name. */
export function fetchBulk(
	ecosystem: string,
	kind: string,
	base: string,
	names: readonly string[],
	options: HttpGetOptions = {},
	now = new Date(),
) {
	const bulk = requestOf(ecosystem, kind).bulk;
	if (!bulk) throw new Error(`${ecosystem} ${kind} has no bulk form`);
	const url = bulk.url(base, names);
	return fetchOutcome(
		url,
		options,
		(body) => bulk.parse(body, names, {now, url}) as Promise<ReadonlyMap<string, DownloadHistory | null>>,
	);
}
