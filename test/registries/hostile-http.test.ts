import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {isValidNpmName} from '../../source/ecosystems/npm/index.js';
import {readPackument} from '../../source/ecosystems/npm/packument.js';
import {HttpFailure, httpGet, readJson} from '../../source/registries/http.js';
import {JsonPicker} from '../../source/registries/json-pick.js';
import {authTokenFor} from '../../source/registries/urls.js';
import {
	deepNesting,
	gzipBomb,
	type HostileServer,
	jsonBody,
	redirectTo,
	startHostileServer,
	tlsCertificatePath,
	trickle,
} from '../helpers/hostile-server.js';

const megabyte = 1024 * 1024;

let server: HostileServer;
before(async () => {
	server = await startHostileServer();
});
after(async () => {
	await server.close();
});

async function failureOf(run: Promise<unknown>): Promise<HttpFailure> {
	try {
		await run;
	} catch (error) {
		assert.ok(error instanceof HttpFailure, `expected an HttpFailure, got ${String(error)}`);
		return error;
	}

	assert.fail('expected the request to fail');
}

describe('hostile responses: size, nesting and values are bounded', () => {
	test('a gzip bomb stops at the size limit: "response over N MB"', async () => {
		server.route('/bomb', gzipBomb({prefix: '[', unit: '0', inflatedBytes: 64 * megabyte}));
		const failure = await failureOf(httpGet(`${server.url}bomb`, {maxBytes: megabyte}, readJson));
		assert.equal(failure.kind, 'invalid');
		assert.equal(failure.message, 'response over 1 MB');
	});

	test('a limit applies to the decompressed body, not to what came over the wire', async () => {
		server.route(
			'/small-bomb',
			gzipBomb({prefix: '["', unit: 'a', inflatedBytes: 3 * megabyte, suffix: '"]'}),
		);
		const value = await httpGet(`${server.url}small-bomb`, {maxBytes: 4 * megabyte}, readJson);
		assert.equal(value.notModified, false);
		const failure = await failureOf(httpGet(`${server.url}small-bomb`, {maxBytes: 2 * megabyte}, readJson));
		assert.equal(failure.message, 'response over 2 MB');
	});

	test('deep nesting is refused before JSON.parse, in whole and streamed reads', async () => {
		server.route('/deep', deepNesting(1_000_000));
		const whole = await failureOf(httpGet(`${server.url}deep`, {}, readJson));
		assert.equal(whole.message, 'JSON nested deeper than 256 levels');
		const streamed = await failureOf(httpGet(`${server.url}deep`, {}, (body) => readPackument(body, 'deep')));
		assert.equal(streamed.message, 'JSON nested deeper than 256 levels');
	});

	test('a document within its size limit but made of millions of tiny values is refused', async () => {
		// 8 MB of `{},` would become about 300 MB of objects.
		server.route('/values', gzipBomb({prefix: '[{}', unit: ',{}', inflatedBytes: 8 * megabyte, suffix: ']'}));
		const failure = await failureOf(httpGet(`${server.url}values`, {maxBytes: 16 * megabyte}, readJson));
		assert.equal(failure.message, 'JSON with more than 2,000,000 values');
	});

	test('a multi-GB field at a kept path of a packument stops at the kept-bytes bound', async () => {
		server.route(
			'/huge-field',
			gzipBomb({
				prefix: '{"name":"huge","maintainers":["',
				unit: 'x',
				inflatedBytes: 200 * megabyte,
				suffix: '"]}',
			}),
		);
		const failure = await failureOf(
			httpGet(`${server.url}huge-field`, {maxBytes: 256 * megabyte}, (body) => readPackument(body, 'huge')),
		);
		assert.equal(failure.message, 'kept fields over 32 MB');
	});

	test('a huge field the picker skips costs nothing but the size limit', async () => {
		const picker = new JsonPicker({maxDepth: 1, wanted: (p) => p[0] === 'name', onValue() {}});
		const chunk = Buffer.alloc(megabyte, 'x');
		picker.write(Buffer.from('{"readme":"'));
		for (let index = 0; index < 64; index++) picker.write(chunk);
		picker.write(Buffer.from('","name":"ok"}'));
		picker.end();
	});
});

describe('hostile responses: the deadline covers the whole request', () => {
	test('a trickling body ends at the deadline', async () => {
		server.route('/trickle', trickle(50));
		const failure = await failureOf(httpGet(`${server.url}trickle`, {timeoutMs: 300}, readJson));
		assert.equal(failure.kind, 'timeout');
	});

	test('a chain of slow redirects shares one deadline (each hop alone would be within it)', async () => {
		const slowRedirect =
			(to: string) =>
			(
				request: Parameters<ReturnType<typeof redirectTo>>[0],
				response: Parameters<ReturnType<typeof redirectTo>>[1],
			) => {
				setTimeout(() => redirectTo(to)(request, response), 150);
			};
		server.route('/slow/1', slowRedirect('/slow/2'));
		server.route('/slow/2', slowRedirect('/slow/3'));
		server.route('/slow/3', slowRedirect('/slow/4'));
		server.route('/slow/4', slowRedirect('/slow/done'));
		server.route('/slow/done', jsonBody({ok: true}));
		const failure = await failureOf(httpGet(`${server.url}slow/1`, {timeoutMs: 400}, readJson));
		assert.equal(failure.kind, 'timeout');
	});
});

describe('hostile responses: framing broken right after the headers', () => {
	/** A raw TCP server: it answers every request with `bytes` and closes. */
	async function rawServer(bytes: string): Promise<{url: string; close: () => Promise<void>}> {
		const raw = net.createServer((socket) => {
			socket.on('error', () => undefined);
			socket.once('data', () => socket.end(bytes));
		});
		await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
		return {
			url: `http://127.0.0.1:${(raw.address() as net.AddressInfo).port}/`,
			close: () => new Promise<void>((resolve) => raw.close(() => resolve())),
		};
	}

	for (const [what, bytes, kind] of [
		[
			'a chunk size that is not hex',
			'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n',
			'invalid',
		],
		[
			'a body cut short of its length',
			'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
			'network',
		],
		['headers past 16 KB', `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n{}`, 'invalid'],
		['not HTTP at all', '\u0000\u0001 hello\r\n\r\n', 'invalid'],
	] as const)
		test(`${what}: a failure at once, never a request left waiting (the run used to end with exit 13)`, async () => {
			const raw = await rawServer(bytes);
			try {
				// The deadline is far: the failure must come from the body, not from it. Broken HTTP is not asked
				// for again (the same bytes would come back); a body cut short may be the network's.
				const failure = await failureOf(httpGet(`${raw.url}x`, {timeoutMs: 60_000}, readJson));
				assert.equal(failure.kind, kind, failure.message);
			} finally {
				await raw.close();
			}
		});
});

describe('hostile responses: redirects', () => {
	test('a redirect chain is followed to its end, within the hop limit', async () => {
		server.route('/chain/a', redirectTo('/chain/b', 301));
		server.route('/chain/b', redirectTo(`${server.url}chain/c`, 307));
		server.route('/chain/c', jsonBody({reached: 'c'}));
		const result = await httpGet(`${server.url}chain/a`, {}, readJson);
		assert.deepEqual(result.notModified ? null : result.value, {reached: 'c'});
	});

	test('a loop or a long chain fails after the hop limit, naming it', async () => {
		server.route('/loop', redirectTo('/loop'));
		const failure = await failureOf(httpGet(`${server.url}loop`, {}, readJson));
		assert.equal(failure.message, 'more than 5 redirects');
		assert.equal(server.requests.filter((request) => request.path === '/loop').length, 6);
	});

	test('a redirect to another scheme, or without a location, is not followed', async () => {
		server.route('/to-file', redirectTo('file:///etc/passwd'));
		assert.equal(
			(await failureOf(httpGet(`${server.url}to-file`, {}, readJson))).message,
			'redirect to a non-HTTP URL',
		);
		server.route('/no-location', (_request, response) => {
			response.writeHead(302);
			response.end();
		});
		assert.equal(
			(await failureOf(httpGet(`${server.url}no-location`, {}, readJson))).message,
			'redirect without a location',
		);
	});

	test('the token is decided per hop: a same-host hop outside its //host/path/ gets none', async () => {
		const scope = `//${new URL(server.url).host}/npm/`;
		server.route('/npm/pkg', redirectTo('/elsewhere/pkg'));
		server.route('/elsewhere/pkg', jsonBody({name: 'pkg'}));
		server.route('/npm/inside', redirectTo('/npm/inside-2'));
		server.route('/npm/inside-2', jsonBody({name: 'inside'}));
		server.requests.length = 0;
		await httpGet(`${server.url}npm/pkg`, {authTokens: {[scope]: 'secret'}}, readJson);
		await httpGet(`${server.url}npm/inside`, {authTokens: {[scope]: 'secret'}}, readJson);
		assert.deepEqual(
			server.requests.map((request) => [request.path, request.authorization ?? null]),
			[
				['/npm/pkg', 'Bearer secret'],
				['/elsewhere/pkg', null],
				['/npm/inside', 'Bearer secret'],
				['/npm/inside-2', 'Bearer secret'],
			],
		);
	});

	test('an https → http redirect on the same host and port never carries the token', async () => {
		const secure = await startHostileServer({tls: true});
		try {
			const scope = `//${new URL(secure.url).host}/npm/`;
			secure.route('/npm/pkg', redirectTo(`${secure.plainUrl}npm/pkg-plain`));
			secure.route('/npm/pkg-plain', redirectTo(`${secure.url}npm/pkg-final`));
			secure.route('/npm/pkg-final', jsonBody({name: 'pkg'}));
			const output = await runHttpChild({url: `${secure.url}npm/pkg`, authTokens: {[scope]: 'secret'}});
			assert.deepEqual(output, {value: {name: 'pkg'}});
			assert.deepEqual(
				secure.requests.map((request) => [request.path, request.authorization ?? null]),
				[
					['/npm/pkg', 'Bearer secret'],
					// In clear text: nothing. And once a hop was in clear text, no later hop gets it either.
					['/npm/pkg-plain', null],
					['/npm/pkg-final', null],
				],
			);
		} finally {
			await secure.close();
		}
	});
});

describe('token scope and package names', () => {
	test('a path that only looks as if it were under the token prefix gets no token', () => {
		const tokens = {'//npm.corp.example/api/npm/': 'secret'};
		assert.equal(authTokenFor('https://npm.corp.example/api/npm/pkg', tokens), 'secret');
		assert.equal(authTokenFor('https://NPM.corp.example/api/npm/pkg', tokens), 'secret');
		assert.equal(authTokenFor('https://npm.corp.example:443/api/npm/pkg', tokens), 'secret');
		assert.equal(authTokenFor('https://npm.corp.example/api/npm/../../other/pkg', tokens), null);
		assert.equal(authTokenFor('https://npm.corp.example/api/npm/%2e%2e/%2E%2E/other', tokens), null);
		assert.equal(authTokenFor('https://npm.corp.example:8443/api/npm/pkg', tokens), null);
		assert.equal(authTokenFor('https://user@npm.corp.example/api/npm/pkg', tokens), null);
		assert.equal(authTokenFor('file:///api/npm/pkg', tokens), null);
	});

	test('npm names that could move a URL out of its path are not valid names', () => {
		for (const name of [
			'..',
			'.',
			'%2e%2e',
			'@scope/..',
			'@../x',
			'a/../b',
			'a%2fb',
			'..%2f',
			'x\u0000',
			'x\ny',
			'x\u001b]52;c;',
			'x y',
			'a?b',
			'a#b',
			'',
		]) {
			assert.equal(isValidNpmName(name), false, JSON.stringify(name));
		}

		for (const name of ['express', '@babel/core', 'JSONStream', 'lodash.merge', '@types/node', 'a-b_c~d']) {
			assert.equal(isValidNpmName(name), true, name);
		}
	});
});

const childPath = path.join(
	path.dirname(fileURLToPath(import.meta.url)),
	'..',
	'helpers',
	'http-get-child.js',
);

async function runHttpChild(input: {url: string; authTokens: Record<string, string>}): Promise<unknown> {
	const {stdout} = await promisify(execFile)(process.execPath, [childPath, JSON.stringify(input)], {
		env: {...process.env, NODE_EXTRA_CA_CERTS: tlsCertificatePath},
	});
	return JSON.parse(stdout) as unknown;
}
