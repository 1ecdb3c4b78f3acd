import {readFileSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import {type Readable, Transform} from 'node:stream';
import {fileURLToPath} from 'node:url';
import zlib from 'node:zlib';
import {HttpFailure} from './http-failure.js';
import {JsonGuard} from './json-guard.js';
import {authTokenFor} from './urls.js';

export {type FailureKind, HttpFailure} from './http-failure.js';

/**
 * The one place that talks HTTP. Every registry module goes through `httpGet`, so the deadline, gzip, the size
 * limit, redirects, credentials, conditional requests, the User-Agent and the error vocabulary are the same
 * everywhere.
 *
 * Requests go through got with Node's keep-alive agents, as a plain request: redirects are followed here hop by
 * hop, the body is decoded here in 64 KB chunks within the size limit, the deadline and the caller's signal end
 * the request by destroying its stream (see `send`).
 *
 * Retries are NOT done here: the scheduler (source/scan/) owns them, because a 429 must pause the whole
 * host and show up in the progress line, which a retry hidden in here could not do.
 */

/** Default deadline of one request: connecting, every redirect and the whole body (a trickling body cannot hang us). */
export const defaultTimeoutMs = 30_000;

/**
 * Longest Retry-After honoured (the wait itself is capped by the retry policy): a registry asking for more means
 * "not now", and the request fails at once as rate limited rather than stalling the scan.
 */
export const maxRetryAfterMs = 60_000;

/** Decompressed body size accepted when the caller does not say (the requests all say). */
export const defaultMaxBytes = 32 * 1024 * 1024;

/** Redirects followed at most; a longer chain is a loop or a trap. */
export const defaultMaxRedirects = 5;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

export type HttpGetOptions = {
	/** ETag of the cached copy: sent as If-None-Match. */
	readonly etag?: string | null;
	/**
	 * Bearer tokens by `//host[:port]/path/` prefix (npm's `.npmrc` keys). Each hop of a redirect chain gets the
	 * token of its own URL (`authTokenFor`), or none; after an https → http hop, no hop gets one.
	 */
	readonly authTokens?: Readonly<Record<string, string>> | null;
	readonly signal?: AbortSignal;
	/** Deadline of the whole request in ms, redirects and body included (default `defaultTimeoutMs`). */
	readonly timeoutMs?: number;
	/** The Accept header (default `application/json`). */
	readonly accept?: string;
	/** Most bytes of decompressed body read; past it the request fails with "response over N MB". */
	readonly maxBytes?: number;
	/** Redirects followed at most (default `defaultMaxRedirects`). */
	readonly maxRedirects?: number;
	/**
	 * A JSON request body: the request is then a POST (OSV's querybatch). A 307 or 308 redirect repeats the POST
	 * with its body at the next hop; a 301, 302 or 303 turns it into a GET without one (as browsers and fetch do).
	 */
	readonly jsonBody?: string;
};

export type HttpResult<T> =
	| {readonly notModified: false; readonly etag: string | null; readonly value: T}
	| {readonly notModified: true};

/**
 * Names the tool, its version and where to find it: crates.io refuses requests without a User-Agent that
 * says who is asking, and every registry's operators deserve to know.
 */
export const userAgent = `commit-tui/${readOwnVersion()} (+https://www.npmjs.com/package/commit-tui)`;

/**
 * One keep-alive agent per protocol: a scan reuses a few connections per host instead of opening one per request.
 * Idle connections do not keep the process alive (Node unrefs them).
 */
const agents = {
	'http:': new http.Agent({keepAlive: true, scheduling: 'lifo'}),
	'https:': new https.Agent({keepAlive: true, scheduling: 'lifo'}),
};

/**
 * GET `url` (POST when `jsonBody` is given) and hand the decompressed body to `parse`. 304 → `{notModified:
 * true}`; any other non-2xx, the deadline, a body over `maxBytes`, a redirect chain too long or a network error → `HttpFailure`.
 * Redirects are followed here, one hop at a time, so that each hop's credentials are decided for that hop's
 * URL. The URL given must not contain credentials.
 */
export async function httpGet<T>(
	url: string,
	options: HttpGetOptions,
	parse: (body: Readable) => Promise<T>,
): Promise<HttpResult<T>> {
	const cancel = new Cancellation(options.signal, options.timeoutMs ?? defaultTimeoutMs);
	const maxRedirects = options.maxRedirects ?? defaultMaxRedirects;
	const maxBytes = options.maxBytes ?? defaultMaxBytes;
	let current = url;
	let downgraded = false;
	let body = options.jsonBody;
	let sent: Sent | undefined;
	try {
		for (let hop = 0; ; hop++) {
			cancel.throwIfCancelled();
			const headers = requestHeaders(
				options,
				downgraded ? null : authTokenFor(current, options.authTokens ?? {}),
				body !== undefined,
			);
			sent = await send(current, headers, body, cancel);
			const status = sent.status;
			if (redirectStatuses.has(status)) {
				sent.body.destroy();
				const next = redirectTarget(current, sent.headers.location, hop, maxRedirects);
				if (new URL(current).protocol === 'https:' && new URL(next).protocol === 'http:') downgraded = true;
				if (status !== 307 && status !== 308) body = undefined;
				current = next;
				continue;
			}

			if (status === 304) {
				// No body: reading its end hands the connection back to the agent.
				sent.body.resume();
				return {notModified: true};
			}

			if (status < 200 || status > 299) {
				const retryAfter = parseRetryAfter(sent.headers['retry-after']);
				throw new HttpFailure('status', statusMessage(status), status, retryAfter);
			}

			const declared = Number(sent.headers['content-length']);
			if (!sent.headers['content-encoding'] && Number.isFinite(declared) && declared > maxBytes)
				throw tooLarge(maxBytes);
			const etag = typeof sent.headers.etag === 'string' ? sent.headers.etag : null;
			const value = await parse(decodedBody(sent.body, sent.headers['content-encoding'], maxBytes));
			return {notModified: false, etag, value};
		}
	} catch (error) {
		if (cancel.reason === 'timeout' && !options.signal?.aborted) throw new HttpFailure('timeout', 'timeout');
		throw toFailure(error, options.signal);
	} finally {
		cancel.release();
		// A body read to its end leaves the connection to the agent; one left unread closes it.
		sent?.body.destroy();
	}
}

/**
 * Sends one GET (a POST of `body` when there is one) through got and resolves with its response's status and
 * headers and the raw body stream, or rejects with the error. got is used as a plain request: no redirects
 * (followed above, hop by hop, so that got cannot carry a token to another URL on the same host), no retries (the
 * scheduler's), no decompression (done here in bigger chunks, within the size limit), no timeout or signal of its
 * own (the `Cancellation` destroys the stream: a signal handed to got gets a listener got never removes).
 */
async function send(
	url: string,
	headers: Record<string, string>,
	body: string | undefined,
	cancel: Cancellation,
): Promise<Sent> {
	const got = await loadGot();
	const stream = got.stream(url, {
		...(body === undefined ? {} : {method: 'POST' as const, body}),
		headers,
		agent: {http: agents['http:'], https: agents['https:']},
		decompress: false,
		throwHttpErrors: false,
		followRedirect: false,
		retry: {limit: 0},
	});
	cancel.watch(stream);
	return new Promise<Sent>((resolve, reject) => {
		stream.once('response', (response: {statusCode: number; headers: http.IncomingHttpHeaders}) =>
			resolve({status: response.statusCode, headers: response.headers, body: stream}),
		);
		stream.once('error', reject);
	});
}

/** A response whose headers are in and whose body is not read yet. */
type Sent = {
	readonly status: number;
	readonly headers: http.IncomingHttpHeaders;
	readonly body: Readable & {destroy(error?: Error): void};
};

let gotModule: Promise<typeof import('got').default> | undefined;

/** got (and its dependencies) load on the first request: an offline or fully cached run never pays for them. */
function loadGot(): Promise<typeof import('got').default> {
	gotModule ??= import('got').then((module) => module.default);
	return gotModule;
}

/**
 * What ends a request early: the caller's signal (shared by every request of a scan) or the deadline, whichever
 * comes first. The request is destroyed with the reason (its response and body with it); no signal is handed to
 * the client. got, before, added a listener to the signal it was given and never removed it, and on Node 20
 * `AbortSignal.any` keeps every signal it made reachable from its sources until they abort — over thousands of
 * requests on one scan-wide signal, both leaked (and an AbortController per request costs more CPU than the
 * request's own JS). One listener on the shared signal, removed by `release()`, leaves it as it was.
 */
class Cancellation {
	reason: 'timeout' | 'aborted' | null = null;
	private stream: {destroy(error?: Error): void} | null = null;
	private readonly timer: NodeJS.Timeout;
	private readonly onAbort = () => this.cancel('aborted');

	constructor(
		private readonly shared: AbortSignal | undefined,
		timeoutMs: number,
	) {
		this.timer = setTimeout(() => this.cancel('timeout'), timeoutMs);
		if (shared?.aborted) this.reason = 'aborted';
		else shared?.addEventListener('abort', this.onAbort, {once: true});
	}

	/** The request being made now (each redirect hop has its own). */
	watch(stream: {destroy(error?: Error): void}): void {
		this.stream = stream;
		if (this.reason) stream.destroy(this.failure());
	}

	throwIfCancelled(): void {
		if (this.reason) throw this.failure();
	}

	release(): void {
		clearTimeout(this.timer);
		this.shared?.removeEventListener('abort', this.onAbort);
		this.stream = null;
	}

	private cancel(reason: 'timeout' | 'aborted'): void {
		if (this.reason) return;
		this.reason = reason;
		this.stream?.destroy(this.failure());
	}

	private failure(): HttpFailure {
		return new HttpFailure(this.reason!, this.reason!);
	}
}

function requestHeaders(
	options: HttpGetOptions,
	token: string | null,
	json: boolean,
): Record<string, string> {
	const headers: Record<string, string> = {
		'user-agent': userAgent,
		accept: options.accept ?? 'application/json',
		'accept-encoding': 'gzip',
	};
	if (options.etag) headers['if-none-match'] = options.etag;
	if (token) headers.authorization = `Bearer ${token}`;
	if (json) headers['content-type'] = 'application/json';
	return headers;
}

/** Where a redirect leads (resolved against the current URL), or an `HttpFailure` when it must not be followed. */
function redirectTarget(current: string, location: unknown, hop: number, maxRedirects: number): string {
	if (hop >= maxRedirects) throw new HttpFailure('invalid', `more than ${maxRedirects} redirects`);
	if (typeof location !== 'string' || location === '')
		throw new HttpFailure('invalid', 'redirect without a location');
	let next: URL;
	try {
		next = new URL(location, current);
	} catch {
		throw new HttpFailure('invalid', 'redirect to an invalid URL');
	}

	if (next.protocol !== 'http:' && next.protocol !== 'https:')
		throw new HttpFailure('invalid', 'redirect to a non-HTTP URL');
	if (next.username !== '' || next.password !== '')
		throw new HttpFailure('invalid', 'redirect to a URL with credentials');
	next.hash = '';
	return next.href;
}

/** Decoded chunks of this size: a 2 MB body is 32 of them rather than 128. */
const decodedChunkBytes = 64 * 1024;

/**
 * The body as the parser reads it: decompressed (gzip, or deflate and br should a server send them anyway) and
 * failing once more than `maxBytes` have come out of the decoder — a gzip bomb stops there. An error anywhere
 * (the connection, the decoder, the limit) ends the returned stream with it.
 */
const decodedEncodings = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

function decodedBody(source: Readable, encoding: unknown, maxBytes: number): Readable {
	const name = typeof encoding === 'string' ? encoding.trim().toLowerCase() : '';
	// Only what zlib decodes (we ask for gzip): another coding (zstd) or a stack of them (`gzip, gzip`) would reach
	// the parser as binary and be reported as a body that is not a packument.
	if (name !== '' && name !== 'identity' && !decodedEncodings.has(name))
		throw new HttpFailure('invalid', `unsupported content-encoding ${name.slice(0, 40)}`);
	const decoder =
		name === 'gzip' || name === 'x-gzip' || name === 'deflate'
			? zlib.createUnzip({chunkSize: decodedChunkBytes})
			: name === 'br'
				? zlib.createBrotliDecompress({chunkSize: decodedChunkBytes})
				: null;
	let total = 0;
	const limit = new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			total += chunk.length;
			if (total > maxBytes) callback(tooLarge(maxBytes));
			else callback(null, chunk);
		},
	});
	// Piped by hand: `stream.pipeline` makes an AbortController, a DOMException and an error with its stack for every
	// body it finishes, which cost more than the rest of a small request's JS.
	const fail = (error: Error) => limit.destroy(error);
	source.on('error', fail);
	// A connection that closes before the body ended, without an error, is a truncated response.
	source.on('close', () => {
		if (!source.readableEnded)
			fail(Object.assign(new Error('premature close'), {code: 'ERR_STREAM_PREMATURE_CLOSE'}));
	});
	// The parser sees any error through its reads; this keeps one nobody reads from being an uncaught exception.
	limit.on('error', () => undefined);
	// The body may have failed before anyone read it (a chunk size that is not hex, straight after the headers):
	// its 'error' and 'close' are gone by now, and a pipe from it would wait for them forever — past the deadline,
	// which only destroys what is already destroyed (the whole scan then ended with exit 13, nothing written).
	const early =
		source.errored ??
		(source.destroyed && !source.readableEnded
			? Object.assign(new Error('premature close'), {code: 'ERR_STREAM_PREMATURE_CLOSE'})
			: null);
	if (early) {
		limit.destroy(early);
		return limit;
	}

	if (decoder) {
		// zlib's own words ("incorrect header check") say nothing to someone reading a package's errors.
		const corrupt = `corrupt ${name === 'x-gzip' ? 'gzip' : name} body`;
		decoder.on('error', () => fail(new HttpFailure('invalid', corrupt)));
		source.pipe(decoder).pipe(limit);
	} else source.pipe(limit);
	return limit;
}

function tooLarge(maxBytes: number): HttpFailure {
	return new HttpFailure('invalid', `response over ${formatMegabytes(maxBytes)}`);
}

/** 33554432 → "32 MB", 1536000 → "1.5 MB". */
export function formatMegabytes(bytes: number): string {
	const megabytes = bytes / (1024 * 1024);
	return `${Number.isInteger(megabytes) ? megabytes : Number(megabytes.toFixed(1))} MB`;
}

/** Reads a whole text body (within its request's size limit): a wheel's METADATA file. */
export async function readText(body: Readable): Promise<string> {
	return (await readBytes(body)).toString('utf8');
}

/**
 * Reads a whole JSON body (within its request's size limit). Its nesting and its number of values are bounded
 * while it arrives (`JsonGuard`), so `JSON.parse` never builds more than a few hundred MB. Big documents (npm
 * packuments) are streamed instead.
 */
export async function readJson(body: Readable): Promise<unknown> {
	const guard = new JsonGuard();
	const text = (await readBytes(body, (chunk) => guard.write(chunk))).toString('utf8');
	try {
		return JSON.parse(text) as unknown;
	} catch {
		// A proxy's login or error page, a captive portal: HTML where JSON was asked for.
		throw new HttpFailure('invalid', /^\s*</.test(text) ? 'not JSON (an HTML page)' : 'invalid JSON');
	}
}

/** The body's bytes, each chunk shown to `inspect` as it arrives (it may throw to stop reading). */
async function readBytes(body: Readable, inspect?: (chunk: Buffer) => void): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of body) {
		inspect?.(chunk as Buffer);
		chunks.push(chunk as Buffer);
	}

	return Buffer.concat(chunks);
}

function statusMessage(status: number): string {
	if (status === 404) return 'HTTP 404 not found';
	if (status === 429) return 'HTTP 429 rate limited';
	return `HTTP ${status}`;
}

/**
 * Seconds or an HTTP date → ms from now, as asked (not capped: a wait past the host queue's cap is a refusal, and
 * the queue says so instead of waiting); null when absent or unreadable.
 */
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

	return Math.max(ms, 0);
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

/** Any error from the client or from a body parser → an `HttpFailure` whose message never includes the URL. */
export function toFailure(error: unknown, signal?: AbortSignal): HttpFailure {
	if (error instanceof HttpFailure) return error;
	if (signal?.aborted) return new HttpFailure('aborted', 'aborted');
	const record = (error ?? {}) as {code?: unknown; name?: unknown; cause?: {code?: unknown}};
	const code = String(record.code ?? record.cause?.code ?? '');
	if (record.name === 'AbortError' || code === 'ERR_ABORTED') return new HttpFailure('aborted', 'aborted');
	if (record.name === 'TimeoutError' || code === 'ETIMEDOUT') return new HttpFailure('timeout', 'timeout');
	const unreachable = unreachableCodes[code];
	if (unreachable) return new HttpFailure('unreachable', unreachable, null, null, code);
	if (isTlsCode(code)) return new HttpFailure('unreachable', `TLS error (${code})`);
	const network = networkCodes[code];
	if (network) return new HttpFailure('network', network);
	// Node's HTTP parser refused the response (a chunk size that is not hex, headers past 16 KB, not HTTP at all):
	// the server speaks broken HTTP, and asking again gets the same bytes.
	if (code.startsWith('HPE_')) return new HttpFailure('invalid', `malformed HTTP response (${code})`);
	if (record.name === 'ReadError' || record.name === 'RequestError')
		return new HttpFailure('network', code ? `network error (${code})` : 'network error');
	return new HttpFailure('invalid', error instanceof Error ? error.message : 'invalid response');
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
