import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import path from 'node:path';
import {after, before, beforeEach, describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import type {ScanProgress} from '../../source/scan/types.js';
import {deepNesting, gzipBomb, type HostileResponse, redirectTo, trickle} from '../helpers/hostile-server.js';
import {graphOf, type PackageSpec, runScan, serverScanOptions} from '../helpers/registry-scan.js';
import {type RegistryServer, type RouteKind, startRegistryServer} from '../helpers/registry-server.js';

/**
 * A scan facing one hostile response (a gzip bomb, nesting, a trickle, a redirect trap) ends with that one
 * package unknown, with the reason, and every other package scored, with the default limits. Memory is
 * measured in a child process: its peak RSS over the whole scan.
 */

const megabyte = 1024 * 1024;

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

type HostileCase = {
	readonly what: string;
	readonly kind: RouteKind;
	readonly name: string;
	readonly id: string;
	readonly respond: () => HostileResponse;
	readonly error: string;
	/** Requests the server sees for it (default 1: never retried, the same body would come back). */
	readonly requests?: number;
};

const cases: readonly HostileCase[] = [
	{
		what: 'a gzip bomb as download counts',
		kind: 'downloads',
		name: '@types/node',
		id: 'npm:@types/node@22.10.2',
		respond: () => gzipBomb({prefix: '{"downloads":[', unit: '0', inflatedBytes: 64 * megabyte}),
		error: 'downloads: response over 8 MB',
	},
	{
		what: 'a gzip bomb as PyPI JSON',
		kind: 'pypi',
		name: 'requests',
		id: 'pypi:requests@2.32.4',
		respond: () => gzipBomb({prefix: '{"info":', unit: ' ', inflatedBytes: 64 * megabyte}),
		error: 'metadata: response over 32 MB',
	},
	{
		what: 'a packument nested a million levels deep',
		kind: 'npm',
		name: 'chalk',
		id: 'npm:chalk@5.4.1',
		respond: () => deepNesting(1_000_000),
		error: 'metadata: JSON nested deeper than 256 levels',
	},
	{
		what: 'a packument with a 64 MB maintainers field',
		kind: 'npm',
		name: 'debug',
		id: 'npm:debug@4.4.0',
		respond: () =>
			gzipBomb({prefix: '{"name":"debug","maintainers":["', unit: 'x', inflatedBytes: 64 * megabyte}),
		error: 'metadata: kept fields over 32 MB',
	},
	{
		what: 'a packument over 256 MB',
		kind: 'npm',
		name: 'axios',
		id: 'npm:axios@1.7.9',
		respond: () => gzipBomb({prefix: '{"name":"axios","readme":"', unit: 'x', inflatedBytes: 300 * megabyte}),
		error: 'metadata: response over 256 MB',
	},
	{
		what: 'PyPI JSON of millions of empty objects',
		kind: 'pypi',
		name: 'certifi',
		id: 'pypi:certifi@2025.4.26',
		respond: () => gzipBomb({prefix: '{"releases":[{}', unit: ',{}', inflatedBytes: 24 * megabyte}),
		error: 'metadata: JSON with more than 2,000,000 values',
	},
	{
		what: 'a redirect loop',
		kind: 'pypi-simple',
		name: 'idna',
		id: 'pypi:idna@3.10',
		respond: () => redirectTo('/pypi/simple/idna/'),
		error: 'metadata: simple index: more than 5 redirects',
		// The first request and five redirects followed, once: a redirect loop is not retried either.
		requests: 6,
	},
];

/** Generous: a 256 MB packument must be read to its limit on a busy machine, never cut by the deadline. */
const slowMachineTimeoutMs = 120_000;

describe('one hostile response costs one package', () => {
	for (const hostile of cases) {
		test(`${hostile.what}: that package is unknown with the reason, the others are scored`, async () => {
			server.setFault({kind: hostile.kind, name: hostile.name, respond: hostile.respond()});
			const {facts} = await runScan(
				graphOf(specs),
				serverScanOptions(server, {timeoutMs: slowMachineTimeoutMs}),
			);
			assert.equal(facts.size, specs.length);
			assert.deepEqual(facts.get(hostile.id)?.errors, [hostile.error]);
			for (const [id, each] of facts) {
				if (id === hostile.id) continue;
				assert.deepEqual(each.errors, [], id);
				assert.notEqual(each.metadata, null, id);
				assert.notEqual(each.downloads, null, id);
			}

			assert.equal(server.count(hostile.kind, hostile.name), hostile.requests ?? 1);
		});
	}

	test('all of them in one scan stay under 500 MB of memory (peak RSS of the scanning process)', async () => {
		for (const hostile of cases)
			server.setFault({kind: hostile.kind, name: hostile.name, respond: hostile.respond()});
		const options = serverScanOptions(server, {timeoutMs: slowMachineTimeoutMs});
		const result = (await scanInChild(JSON.stringify({options, specs, details: true}))) as {
			facts: number;
			errors: Record<string, string[]>;
			maxRssMb: number;
		};
		assert.equal(result.facts, specs.length);
		for (const hostile of cases) assert.deepEqual(result.errors[hostile.id], [hostile.error], hostile.id);
		assert.ok(result.maxRssMb < 500, `peak RSS ${result.maxRssMb} MB`);
	});
});

describe('a registry that trickles', () => {
	test('timeouts mark a host down even while its other requests succeed; each timed-out request is tried twice at most', async () => {
		// One npm registry (with the downloads API on the same host) that trickles every other packument and
		// answers everything else at once; one request at a time, so successes come between the timeouts. The host
		// is marked down all the same, after a few slow requests, instead of each slow packument costing four
		// whole deadlines. PyPI is elsewhere and must not notice.
		const npmHost = await startRegistryServer();
		try {
			const names = Array.from({length: 12}, (_, index) => `${index % 2 ? 'slow' : 'fine'}-${index}`);
			const slow = names.filter((name) => name.startsWith('slow'));
			for (const name of names)
				npmHost.addNpmPackage({
					name,
					versions: [{version: '1.0.0', daysAgo: 400}],
					maintainers: ['alice'],
					dailyDownloads: 10,
				});
			for (const name of slow) npmHost.setFault({kind: 'npm', name, respond: trickle(100)});
			const base = serverScanOptions(server);
			const {facts, events} = await runScan(
				graphOf([
					...names.map((name) => ({name, version: '1.0.0'})),
					{ecosystem: 'pypi', name: 'requests', version: '2.32.4'},
					{ecosystem: 'pypi', name: 'idna', version: '3.10'},
				]),
				serverScanOptions(server, {
					timeoutMs: 300,
					concurrency: 1,
					// Backoff as in production (scaled down): a retry waits, and a fine request goes first.
					retry: {limit: 3, baseDelayMs: 200, maxDelayMs: 400, hostDownAfter: 3},
					endpoints: {
						...base.endpoints,
						urls: {
							...base.endpoints.urls,
							npmRegistry: npmHost.npmRegistryUrl,
							npmDownloads: npmHost.downloadsUrl,
						},
					},
				}),
			);
			const down = `${new URL(npmHost.url).host}: timeout`;
			const progress = events.flatMap((event) =>
				event.type === 'progress' ? [event.progress] : [],
			) as ScanProgress[];
			assert.deepEqual(progress.at(-1)?.downHosts, [down]);
			for (const name of slow) {
				const errors = facts.get(`npm:${name}@1.0.0`)?.errors ?? [];
				assert.ok(
					errors.includes('metadata: timeout') || errors.includes(`metadata: host down (${down})`),
					`${name}: ${errors.join('; ')}`,
				);
			}

			// Unbounded, 6 slow packuments × 4 attempts; bounded, a few timeouts and the host is down.
			const slowRequests = slow.reduce((sum, name) => sum + npmHost.count('npm', name), 0);
			assert.ok(slowRequests <= 5, `${slowRequests} requests for trickling packuments`);
			for (const id of ['pypi:requests@2.32.4', 'pypi:idna@3.10'])
				assert.deepEqual(facts.get(id)?.errors, [], id);
		} finally {
			await npmHost.close();
		}
	});

	test('one trickling document is one bad package, not a bad host', async () => {
		server.setFault({kind: 'npm', name: 'chalk', respond: trickle(100)});
		const {facts, events} = await runScan(
			graphOf(specs),
			serverScanOptions(server, {
				timeoutMs: 400,
				retry: {limit: 3, baseDelayMs: 5, maxDelayMs: 50, hostDownAfter: 3},
			}),
		);
		assert.deepEqual(facts.get('npm:chalk@5.4.1')?.errors, ['metadata: timeout']);
		assert.equal(server.count('npm', 'chalk'), 2);
		const last = events.filter((event) => event.type === 'progress').at(-1);
		assert.deepEqual(last?.type === 'progress' ? last.progress.downHosts : null, []);
		for (const [id, each] of facts) if (id !== 'npm:chalk@5.4.1') assert.deepEqual(each.errors, [], id);
	});
});

/** Runs test/helpers/registry-scan-child in a separate Node process (compiled or under tsx alike). */
async function scanInChild(input: string): Promise<unknown> {
	const here = fileURLToPath(import.meta.url);
	const child = path.join(path.dirname(here), '..', 'helpers', `registry-scan-child${path.extname(here)}`);
	const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--test'));
	const process_ = spawn(process.execPath, [...execArgv, child, input], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let output = '';
	process_.stdout.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	const code = await new Promise<number | null>((resolve) => process_.on('exit', resolve));
	assert.equal(code, 0);
	return JSON.parse(output) as unknown;
}
