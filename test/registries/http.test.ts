import assert from 'node:assert/strict';
import {getEventListeners} from 'node:events';
import {after, before, describe, test} from 'node:test';
import {gzipSync} from 'node:zlib';
import {readPackument} from '../../source/ecosystems/npm/packument.js';
import {HttpFailure, httpGet, readJson, toFailure} from '../../source/registries/http.js';
import {type RegistryServer, startRegistryServer} from '../helpers/registry-server.js';

let server: RegistryServer;
before(async () => {
	server = await startRegistryServer();
});
after(async () => {
	await server.close();
});

describe('http', () => {
	test('network errors are classified in words fit for a table cell, never with the URL', () => {
		const cases: Array<[unknown, string, string]> = [
			[{code: 'ENOTFOUND'}, 'unreachable', 'DNS lookup failed'],
			[{code: 'EAI_AGAIN'}, 'unreachable', 'DNS lookup failed'],
			[{code: 'ECONNREFUSED'}, 'unreachable', 'connection refused'],
			[{code: 'CERT_HAS_EXPIRED'}, 'unreachable', 'TLS error (CERT_HAS_EXPIRED)'],
			[{code: 'DEPTH_ZERO_SELF_SIGNED_CERT'}, 'unreachable', 'TLS error (DEPTH_ZERO_SELF_SIGNED_CERT)'],
			[{code: 'ERR_TLS_CERT_ALTNAME_INVALID'}, 'unreachable', 'TLS error (ERR_TLS_CERT_ALTNAME_INVALID)'],
			[{code: 'ECONNRESET'}, 'network', 'connection reset'],
			[{code: 'ERR_STREAM_PREMATURE_CLOSE'}, 'network', 'truncated response'],
			[{name: 'TimeoutError', code: 'ETIMEDOUT'}, 'timeout', 'timeout'],
			[{name: 'AbortError'}, 'aborted', 'aborted'],
		];
		for (const [error, kind, message] of cases) {
			const failure = toFailure(error);
			assert.equal(failure.kind, kind, JSON.stringify(error));
			assert.equal(failure.message, message);
		}

		const aborted = new AbortController();
		aborted.abort();
		assert.equal(toFailure(new Error('whatever'), aborted.signal).kind, 'aborted');
	});

	test('a status error carries its status and the Retry-After asked for', async () => {
		server.setFault({kind: 'npm', name: 'ms', status: 503, retryAfter: '7200', times: 1});
		await assert.rejects(httpGet(`${server.npmRegistryUrl}ms`, {}, readJson), (error: unknown) => {
			assert.ok(error instanceof HttpFailure);
			assert.equal(error.kind, 'status');
			assert.equal(error.statusCode, 503);
			assert.equal(error.message, 'HTTP 503');
			assert.equal(error.retryAfterMs, 7_200_000);
			return true;
		});
	});

	test('bodies that cannot be read say why: an unsupported coding, a corrupt gzip body, an HTML page', async () => {
		const packument = JSON.stringify({name: 'ms', versions: {}});
		const gzipped = gzipSync(packument);
		const answer =
			(headers: Record<string, string>, body: string | Buffer) =>
			(_request: unknown, response: import('node:http').ServerResponse) => {
				response.writeHead(200, {'content-type': 'application/json', ...headers});
				response.end(body);
			};
		const cases: Array<[Record<string, string>, string | Buffer, string, 'packument' | 'json']> = [
			[{'content-encoding': 'zstd'}, gzipped, 'unsupported content-encoding zstd', 'packument'],
			[
				{'content-encoding': 'gzip, gzip'},
				gzipSync(gzipped),
				'unsupported content-encoding gzip, gzip',
				'json',
			],
			[
				{'content-encoding': 'gzip'},
				Buffer.from('this is not gzip at all'),
				'corrupt gzip body',
				'packument',
			],
			[{'content-encoding': 'br'}, Buffer.from('not brotli'), 'corrupt br body', 'json'],
			[{}, '<!DOCTYPE html><html><body>Sign in</body></html>', 'not JSON (an HTML page)', 'packument'],
			[{}, '\n  <html>{"name":"ms"}</html>', 'not JSON (an HTML page)', 'json'],
		];
		for (const [headers, body, message, reader] of cases) {
			server.clearFaults();
			server.setFault({kind: 'npm', name: 'ms', respond: answer(headers, body)});
			await assert.rejects(
				httpGet(`${server.npmRegistryUrl}ms`, {}, (stream) =>
					reader === 'packument' ? readPackument(stream, 'ms') : readJson(stream),
				),
				(error: unknown) =>
					error instanceof HttpFailure && error.kind === 'invalid' && error.message === message,
				message,
			);
		}

		// `identity` and the codings we decode still read.
		server.clearFaults();
		server.setFault({kind: 'npm', name: 'ms', respond: answer({'content-encoding': 'identity'}, packument)});
		assert.deepEqual(await httpGet(`${server.npmRegistryUrl}ms`, {}, readJson), {
			notModified: false,
			etag: null,
			value: JSON.parse(packument),
		});
		server.setFault({kind: 'npm', name: 'ms', respond: answer({'content-encoding': 'GZIP'}, gzipped)});
		assert.deepEqual(await httpGet(`${server.npmRegistryUrl}ms`, {}, readJson), {
			notModified: false,
			etag: null,
			value: JSON.parse(packument),
		});
		server.clearFaults();
	});

	test('the request timeout covers the body', async () => {
		server.setFault({kind: 'npm', name: 'ms', slowLoris: true, times: 1});
		await assert.rejects(httpGet(`${server.npmRegistryUrl}ms`, {timeoutMs: 300}, readJson), {
			name: 'HttpFailure',
			message: 'timeout',
		});
	});

	test('an abort signal cancels the request', async () => {
		server.setFault({kind: 'npm', name: 'ms', latencyMs: 10_000, times: 1});
		const controller = new AbortController();
		const pending = httpGet(`${server.npmRegistryUrl}ms`, {signal: controller.signal}, readJson);
		controller.abort();
		await assert.rejects(pending, {name: 'HttpFailure', message: 'aborted'});
	});

	test('requests on one shared signal leave nothing attached to it once they end', async () => {
		const shared = new AbortController().signal;
		const requests = Array.from({length: 120}, () =>
			httpGet(`${server.npmRegistryUrl}ms`, {signal: shared}, readJson),
		);
		// While they are in flight, each has at most its one listener.
		assert.ok(retainedBy(shared) <= requests.length);
		await Promise.all(requests);
		for (let round = 0; round < 80; round++)
			await httpGet(`${server.npmRegistryUrl}ms`, {signal: shared}, readJson);
		assert.equal(retainedBy(shared), 0);
		assert.equal(shared.aborted, false);
	});
});

/**
 * What a signal holds on behalf of others: its abort listeners, and the signals `AbortSignal.any` made from it
 * (Node keeps those in an internal set until the source aborts, which is how a scan-wide signal leaked a little
 * per request).
 */
function retainedBy(signal: AbortSignal): number {
	const dependants = Object.getOwnPropertySymbols(signal).find(
		(symbol) => symbol.description === 'kDependantSignals',
	);
	const set = dependants
		? (signal as unknown as Record<symbol, Set<unknown> | undefined>)[dependants]
		: undefined;
	return getEventListeners(signal, 'abort').length + (set?.size ?? 0);
}
