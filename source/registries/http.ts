import {readFileSync} from 'node:fs';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {fileURLToPath} from 'node:url';

/**
 * The one place that talks HTTP. Every registry module goes through `httpGet`, so timeouts, gzip,
 * conditional requests, the User-Agent and the error vocabulary are the same everywhere.
 *
 * Retries are NOT done here: the scheduler (source/scan/) owns them, because a 429 must pause the whole
 * host and show up in the progress line, which a retry hidden inside got could not do.
 */

/** Default per-request timeout: the whole request, body included (a slow-loris body cannot hang us). */
export const defaultTimeoutMs = 30_000;

/** Longest Retry-After we honour; a registry asking for an hour must not stall the scan. */
export const maxRetryAfterMs = 60_000;

export type HttpGetOptions = {
	/** ETag of the cached copy: sent as If-None-Match. */
	readonly etag?: string | null;
	/** Bearer token; the caller has already checked it belongs to this URL (see `authTokenFor`). */
	readonly authToken?: string | null;
	readonly signal?: AbortSignal;
	readonly timeoutMs?: number;
	/** The Accept header (default `application/json`). */
	readonly accept?: string;
};

export type HttpResult<T> =
	| {readonly notModified: false; readonly etag: string | null; readonly value: T}
	| {readonly notModified: true};

/** Why a request failed, in words short enough for a table cell. */
export type FailureKind =
	/** A non-2xx status; `statusCode` says which. */
	| 'status'
	| 'timeout'
	/** DNS failure, connection refused, TLS error: the host is probably down for the whole run. */
	| 'unreachable'
	/** Reset, premature close: worth a retry. */
	| 'network'
	/** The body is not what the API documents (bad JSON, wrong shape). */
	| 'invalid'
	| 'aborted';

export class HttpFailure extends Error {
	constructor(
		readonly kind: FailureKind,
		message: string,
		readonly statusCode: number | null = null,
		/** From a Retry-After header, already capped; null when the server did not say. */
		readonly retryAfterMs: number | null = null,
	) {
		super(message);
		this.name = 'HttpFailure';
	}
}

/**
 * Names the tool, its version and where to find it: crates.io refuses requests without a User-Agent that
 * says who is asking, and every registry's operators deserve to know.
 */
export const userAgent = `commit-tui/${readOwnVersion()} (+https://www.npmjs.com/package/commit-tui)`;

/**
 * GET `url` and hand the decompressed body to `parse`. 304 → `{notModified: true}`; any other non-2xx,
 * a timeout or a network error → `HttpFailure`. The URL given must not contain credentials.
 */
export async function httpGet<T>(
	url: string,
	options: HttpGetOptions,
	parse: (body: Readable) => Promise<T>,
): Promise<HttpResult<T>> {
	const headers: Record<string, string> = {
		'user-agent': userAgent,
		accept: options.accept ?? 'application/json',
		'accept-encoding': 'gzip, deflate',
	};
	if (options.etag) headers['if-none-match'] = options.etag;
	if (options.authToken) headers.authorization = `Bearer ${options.authToken}`;

	const got = await loadGot();
	const stream = got.stream(url, {
		headers,
		decompress: true,
		throwHttpErrors: false,
		// got drops the authorization header itself when a redirect leaves the origin.
		followRedirect: true,
		timeout: {request: options.timeoutMs ?? defaultTimeoutMs},
		retry: {limit: 0, maxRetryAfter: maxRetryAfterMs},
		signal: options.signal,
	});

	try {
		const response = await new Promise<{statusCode: number; headers: Record<string, unknown>}>(
			(resolve, reject) => {
				stream.once('response', resolve);
				stream.once('error', reject);
			},
		);
		const status = response.statusCode;
		if (status === 304) {
			stream.destroy();
			return {notModified: true};
		}

		if (status < 200 || status > 299) {
			stream.destroy();
			const retryAfter = parseRetryAfter(response.headers['retry-after']);
			throw new HttpFailure('status', statusMessage(status), status, retryAfter);
		}

		const etag = typeof response.headers.etag === 'string' ? response.headers.etag : null;
		const value = await parse(stream);
		return {notModified: false, etag, value};
	} catch (error) {
		stream.destroy();
		throw toFailure(error, options.signal);
	}
}

/** Reads a whole (small) text body: a wheel's METADATA file. */
export async function readText(body: Readable): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of body) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

/** Reads a whole (small) JSON body. Big documents (npm packuments) are streamed instead. */
export async function readJson(body: Readable): Promise<unknown> {
	const text = await readText(body);
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new HttpFailure('invalid', 'invalid JSON');
	}
}

function statusMessage(status: number): string {
	if (status === 404) return 'HTTP 404 not found';
	if (status === 429) return 'HTTP 429 rate limited';
	return `HTTP ${status}`;
}

/** Seconds or an HTTP date → ms from now, capped at `maxRetryAfterMs`; null when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | null {
	if (typeof value !== 'string' || value.trim() === '') return null;
	const seconds = Number(value.trim());
	let ms: number;
	if (Number.isFinite(seconds)) ms = seconds * 1000;
	else {
		const date = Date.parse(value);
		if (Number.isNaN(date)) return null;
		ms = date - now;
	}

	return Math.min(Math.max(ms, 0), maxRetryAfterMs);
}

const unreachableCodes: Record<string, string> = {
	ENOTFOUND: 'DNS lookup failed',
	EAI_AGAIN: 'DNS lookup failed',
	ECONNREFUSED: 'connection refused',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
};

const networkCodes: Record<string, string> = {
	ECONNRESET: 'connection reset',
	EPIPE: 'connection reset',
	ERR_STREAM_PREMATURE_CLOSE: 'truncated response',
	ECONNABORTED: 'connection reset',
};

function isTlsCode(code: string): boolean {
	return (
		code.startsWith('ERR_TLS') ||
		code.startsWith('ERR_SSL') ||
		code.startsWith('CERT_') ||
		code.includes('SELF_SIGNED') ||
		code.startsWith('UNABLE_TO_') ||
		code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
		code === 'EPROTO'
	);
}

/** Any error from got or from a body parser → an `HttpFailure` whose message never includes the URL. */
export function toFailure(error: unknown, signal?: AbortSignal): HttpFailure {
	if (error instanceof HttpFailure) return error;
	if (signal?.aborted) return new HttpFailure('aborted', 'aborted');
	const record = (error ?? {}) as {code?: unknown; name?: unknown; cause?: {code?: unknown}};
	const code = String(record.code ?? record.cause?.code ?? '');
	if (record.name === 'AbortError' || code === 'ERR_ABORTED') return new HttpFailure('aborted', 'aborted');
	if (record.name === 'TimeoutError' || code === 'ETIMEDOUT') return new HttpFailure('timeout', 'timeout');
	const unreachable = unreachableCodes[code];
	if (unreachable) return new HttpFailure('unreachable', unreachable);
	if (isTlsCode(code)) return new HttpFailure('unreachable', `TLS error (${code})`);
	const network = networkCodes[code];
	if (network) return new HttpFailure('network', network);
	if (record.name === 'ReadError' || record.name === 'RequestError')
		return new HttpFailure('network', code ? `network error (${code})` : 'network error');
	return new HttpFailure('invalid', error instanceof Error ? error.message : 'invalid response');
}

let gotModule: Promise<typeof import('got').default> | undefined;

/** got (and its dependencies) load on the first request: an offline or fully cached run never pays for them. */
async function loadGot(): Promise<typeof import('got').default> {
	gotModule ??= import('got').then((module) => module.default);
	return gotModule;
}

function readOwnVersion(): string {
	// Walk up from this module (source/ or dist/source/) to the package's own package.json.
	let directory = path.dirname(fileURLToPath(import.meta.url));
	for (let i = 0; i < 5; i++) {
		try {
			const manifest = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as {
				name?: string;
				version?: string;
			};
			if (manifest.name === 'commit-tui' && manifest.version) return manifest.version;
		} catch {
			// Not here; keep walking.
		}

		directory = path.dirname(directory);
	}

	return '0.0.0';
}
