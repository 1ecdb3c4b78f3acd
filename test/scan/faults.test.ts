import assert from 'node:assert/strict';
import net from 'node:net';
import {after, before, beforeEach, describe, test} from 'node:test';
import {parseRetryAfter} from '../../source/registries/http.js';
import {startScan} from '../../source/scan/index.js';
import type {ScanProgress} from '../../source/scan/types.js';
import {graphOf, type PackageSpec, runScan, serverScanOptions} from '../helpers/registry-scan.js';
import {type RegistryServer, startRegistryServer} from '../helpers/registry-server.js';

let server: RegistryServer;
before(async () => {
	server = await startRegistryServer();
});
after(async () => {
	await server.close();
});
beforeEach(() => {
	server.clearFaults();
	server.resetRequests();
});

const specs: PackageSpec[] = [
	{name: 'express', version: '5.1.0'},
	{name: 'axios', version: '1.7.9'},
	{name: 'chalk', version: '5.4.1'},
	{name: 'debug', version: '4.4.0'},
	{name: '@types/node', version: '22.10.2'},
	{ecosystem: 'pypi', name: 'requests', version: '2.32.4'},
	{ecosystem: 'pypi', name: 'certifi', version: '2025.4.26'},
	{ecosystem: 'pypi', name: 'idna', version: '3.10'},
];
const graph = graphOf(specs);

function progressOf(events: Awaited<ReturnType<typeof runScan>>['events']): ScanProgress[] {
	return events.flatMap((event) => (event.type === 'progress' ? [event.progress] : []));
}

/** Every package other than those named came through complete. */
function assertOthersComplete(facts: Awaited<ReturnType<typeof runScan>>['facts'], except: string[]): void {
	assert.equal(facts.size, specs.length);
	for (const [id, each] of facts) {
		if (except.includes(id)) continue;
		assert.deepEqual(each.errors, [], id);
		assert.notEqual(each.metadata, null, id);
		assert.notEqual(each.downloads, null, id);
	}
}

describe('faults never stop the scan', () => {
	test('HTTP 500 on one packument: retried a bounded number of times, then recorded on that package', async () => {
		server.setFault({kind: 'npm', name: 'chalk', status: 500});
		const {facts} = await runScan(graph, serverScanOptions(server));
		assert.deepEqual(facts.get('npm:chalk@5.4.1')?.errors, ['metadata: HTTP 500']);
		assert.equal(facts.get('npm:chalk@5.4.1')?.metadata, null);
		assert.notEqual(facts.get('npm:chalk@5.4.1')?.downloads, null, 'its downloads still arrive');
		assert.equal(server.count('npm', 'chalk'), 3, 'first try + 2 retries');
		assertOthersComplete(facts, ['npm:chalk@5.4.1']);
	});

	test('a 500 that clears up is retried into success', async () => {
		server.setFault({kind: 'pypi', name: 'idna', status: 502, times: 1});
		const {facts} = await runScan(graph, serverScanOptions(server));
		assertOthersComplete(facts, []);
		assert.equal(server.count('pypi', 'idna'), 2);
	});

	test('429 with Retry-After pauses the host, shows in progress, and is retried', async () => {
		server.setFault({kind: 'pypistats', name: 'certifi', status: 429, retryAfter: '1', times: 1});
		const {facts, events} = await runScan(graph, serverScanOptions(server));
		assertOthersComplete(facts, []);
		assert.equal(server.count('pypistats', 'certifi'), 2);
		const limited = progressOf(events).find((p) => p.rateLimitedUntil !== null);
		assert.equal(limited?.rateLimitedHost, new URL(server.url).host);
		assert.equal(progressOf(events).at(-1)?.rateLimitedUntil, null);
	});

	test('429 without Retry-After backs off and is retried', async () => {
		server.setFault({kind: 'downloads', name: 'express', status: 429, times: 2});
		const {facts} = await runScan(graph, serverScanOptions(server));
		assertOthersComplete(facts, []);
		assert.equal(server.count('downloads', 'express'), 3);
	});

	test('a 429 that never ends becomes an error', async () => {
		assert.equal(parseRetryAfter('2'), 2000);
		assert.equal(parseRetryAfter('-5'), 0);
		assert.ok((parseRetryAfter(new Date(Date.now() + 10_000).toUTCString()) ?? 0) > 5000);
		assert.equal(parseRetryAfter('soon'), null);
		server.setFault({kind: 'downloads', name: '@types/node', status: 429, retryAfter: '0'});
		const {facts, events} = await runScan(graph, serverScanOptions(server));
		assert.deepEqual(facts.get('npm:@types/node@22.10.2')?.errors, ['downloads: HTTP 429 rate limited']);
		// `Retry-After: 0` still pauses the host (half the backoff at least), not a burst of retries at once.
		assert.ok(progressOf(events).some((progress) => progress.rateLimitedUntil !== null));
		assert.equal(server.count('downloads', '@types/node'), 3, 'asked, then retried twice (the limit)');
		assertOthersComplete(facts, ['npm:@types/node@22.10.2']);
	});

	test('a Retry-After past the cap is "not now": that request fails at once, naming the wait asked for', async () => {
		assert.equal(parseRetryAfter('3600'), 3_600_000, 'as asked; the host queue compares it with its cap');
		const cases: Array<[string, string]> = [
			['3600', '1 hour'],
			['99999999999999999999', 'more than 100 years'],
			['Fri, 31 Dec 9999 23:59:59 GMT', 'more than 100 years'],
		];
		for (const [retryAfter, wait] of cases) {
			server.clearFaults();
			server.resetRequests();
			server.setFault({kind: 'downloads', name: '@types/node', status: 429, retryAfter});
			const {facts} = await runScan(graph, serverScanOptions(server));
			assert.deepEqual(facts.get('npm:@types/node@22.10.2')?.errors, [
				`downloads: HTTP 429 rate limited (the server asks to wait ${wait})`,
			]);
			assert.equal(server.count('downloads', '@types/node'), 1, retryAfter);
			assertOthersComplete(facts, ['npm:@types/node@22.10.2']);
		}
	});

	test('truncated JSON is recorded (not retried: the same body would come back)', async () => {
		server.setFault({kind: 'pypi', name: 'requests', truncate: true});
		server.setFault({kind: 'npm', name: 'debug', truncate: true});
		const {facts} = await runScan(graph, serverScanOptions(server));
		assert.deepEqual(facts.get('pypi:requests@2.32.4')?.errors, ['metadata: invalid JSON']);
		assert.deepEqual(facts.get('npm:debug@4.4.0')?.errors, ['metadata: truncated JSON']);
		assert.equal(server.count('npm', 'debug'), 1);
		assertOthersComplete(facts, ['pypi:requests@2.32.4', 'npm:debug@4.4.0']);
	});

	test('a slow-loris body times out', async () => {
		server.setFault({kind: 'npm', name: 'axios', slowLoris: true});
		const {facts} = await runScan(
			graph,
			serverScanOptions(server, {timeoutMs: 300, retry: {limit: 1, baseDelayMs: 5}}),
		);
		assert.deepEqual(facts.get('npm:axios@1.7.9')?.errors, ['metadata: timeout']);
		assert.equal(server.count('npm', 'axios'), 2);
		assertOthersComplete(facts, ['npm:axios@1.7.9']);
	});

	test('a connection reset is retried', async () => {
		server.setFault({kind: 'npm', name: 'express', reset: true, times: 1});
		const {facts} = await runScan(graph, serverScanOptions(server));
		assertOthersComplete(facts, []);
		assert.equal(server.count('npm', 'express'), 2);
	});

	test('404 for downloads → unknown downloads with a reason, metadata intact', async () => {
		server.setFault({kind: 'downloads', name: '@types/node', status: 404});
		const {facts} = await runScan(graph, serverScanOptions(server));
		const types = facts.get('npm:@types/node@22.10.2');
		assert.equal(types?.downloads, null);
		assert.notEqual(types?.metadata, null);
		assert.deepEqual(types?.errors, ['downloads: HTTP 404 not found']);
	});

	test('an unreachable host is marked down once; the other hosts finish the scan', async () => {
		const closedPort = await freePort();
		const base = serverScanOptions(server);
		const extra: PackageSpec[] = [];
		for (let index = 0; index < 12; index++) {
			const name = `py-extra-${index}`;
			server.addPypiPackage({name, releases: [{version: '1.0', daysAgo: 10}], dailyDownloads: 5});
			extra.push({ecosystem: 'pypi', name, version: '1.0'});
		}

		const {facts, events} = await runScan(
			graphOf([...specs, ...extra]),
			serverScanOptions(server, {
				endpoints: {
					...base.endpoints,
					urls: {...base.endpoints.urls, pypistats: `http://127.0.0.1:${closedPort}/`},
				},
			}),
		);
		const down = `127.0.0.1:${closedPort}: connection refused`;
		assert.deepEqual(progressOf(events).at(-1)?.downHosts, [down]);
		const pypiFacts = [...facts.values()].filter((f) => f.ecosystem === 'pypi');
		assert.equal(pypiFacts.length, 15);
		for (const each of pypiFacts) {
			assert.deepEqual(each.errors, [`downloads: host down (${down})`], each.name);
			assert.notEqual(each.metadata, null);
		}

		for (const [id, each] of facts) if (each.ecosystem === 'npm') assert.deepEqual(each.errors, [], id);
	});

	test('an unusable base URL fails its requests, not the scan', async () => {
		const base = serverScanOptions(server);
		const {facts} = await runScan(
			graph,
			serverScanOptions(server, {
				endpoints: {...base.endpoints, urls: {...base.endpoints.urls, pypi: 'not a url/'}},
			}),
		);
		assert.deepEqual(facts.get('pypi:idna@3.10')?.errors, [
			'metadata: invalid base URL',
			'metadata: simple index: invalid base URL',
		]);
		assert.notEqual(facts.get('pypi:idna@3.10')?.downloads, null);
		assertOthersComplete(facts, ['pypi:requests@2.32.4', 'pypi:certifi@2025.4.26', 'pypi:idna@3.10']);
	});

	test('a very large packument goes through with the rest', async () => {
		server.addLargePackument('huge-in-scan', 2_000_000);
		const {facts} = await runScan(
			graphOf([...specs, {name: 'huge-in-scan', version: '1.0.0'}]),
			serverScanOptions(server),
		);
		assert.equal(facts.get('npm:huge-in-scan@1.0.0')?.locked?.version, '1.0.0');
		assert.deepEqual(facts.get('npm:huge-in-scan@1.0.0')?.errors, ['downloads: not found']);
	});

	// If abort did not cancel the slow-loris requests, waitForIdle would never resolve and the test would time out.
	test('abort cancels in-flight requests and ends the events', {timeout: 20_000}, async () => {
		server.setFault({kind: 'npm', slowLoris: true});
		const controller = new AbortController();
		const scan = startScan(graph, serverScanOptions(server), controller.signal);
		const seen: string[] = [];
		for await (const event of scan.events) {
			seen.push(event.type);
			// Abort once the slow packuments are in flight and the fast pypi facts have arrived.
			if (event.type === 'facts' && seen.filter((t) => t === 'facts').length === 1) controller.abort();
		}

		await scan.done;
		await server.waitForIdle();
		assert.equal(server.inFlight, 0);
		assert.ok(seen.filter((t) => t === 'facts').length < specs.length);
		assert.ok(server.count('npm') >= 1);
		assert.ok(
			server.requests.filter((r) => r.kind === 'npm').every((r) => r.status === 200),
			'the slow responses had started',
		);
	});
});

async function freePort(): Promise<number> {
	const probe = net.createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const {port} = probe.address() as net.AddressInfo;
	await new Promise<void>((resolve) => probe.close(() => resolve()));
	return port;
}
