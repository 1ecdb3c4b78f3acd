import assert from 'node:assert/strict';
import {after, before, beforeEach, describe, test} from 'node:test';
import {scoreWithSettings} from '../../source/config/score-with.js';
import {defaultSettings} from '../../source/config/settings.js';
import {registryNow} from '../helpers/registry-data.js';
import {graphOf, runScan, serverScanOptions} from '../helpers/registry-scan.js';
import {type RegistryServer, startRegistryServer} from '../helpers/registry-server.js';

/** A Rust tree scanned against the local crates.io: four requests a crate (three paced), and honest about gaps. */

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

const crates = [
	{ecosystem: 'cargo', name: 'serde', version: '1.0.219'},
	{ecosystem: 'cargo', name: 'syn', version: '2.0.106'},
	{ecosystem: 'cargo', name: 'rand', version: '0.10.1'},
	{ecosystem: 'cargo', name: 'tiny-young', version: '0.3.0'},
] as const;

const clock = {now: () => registryNow};

describe('a Rust scan', () => {
	test('crate, owners, downloads and the index file: four requests per crate, with a User-Agent', async () => {
		const {facts} = await runScan(graphOf(crates), serverScanOptions(server, clock));
		assert.equal(server.requests.length, 4 * crates.length);
		assert.deepEqual(
			new Set(server.requests.map((request) => request.kind)),
			new Set(['crates', 'crates-owners', 'crates-index', 'crates-downloads']),
		);
		for (const request of server.requests)
			assert.match(String(request.headers['user-agent']), /^commit-tui\//);
		const serde = facts.get('cargo:serde@1.0.219')!;
		assert.deepEqual(serde.errors, []);
		assert.deepEqual(serde.metadata?.publishers, [{name: 'dtolnay', role: null}]);
		assert.equal(serde.metadata?.organization, 'github:serde-rs:publish', 'teams are named, not counted');
		assert.equal(serde.locked?.version, '1.0.219');
		assert.ok((serde.downloads?.weekly ?? 0) > 10_000_000);
		assert.equal(serde.behindLatest, 0);
		const rand = facts.get('cargo:rand@0.10.1')!;
		assert.equal(rand.metadata?.publishers?.length, 2);
		assert.equal(rand.locked?.publishedBy, null, 'trusted publishing: no account published it');
		// The index gives every version's dependencies, not only the locked one's.
		assert.deepEqual(serde.locked?.dependencies, {prod: {}});
		assert.ok(serde.metadata!.versions.every((version) => version.dependencies !== null));
		// Normal and build ones; not the dev one, nor the optional one no default feature turns on.
		assert.deepEqual(facts.get('cargo:syn@2.0.106')!.locked?.dependencies, {
			prod: {'quiet-crate': '^1', serde: '1.0'},
		});
	});

	test('an index failure leaves the dependencies unknown (never none) and keeps the rest', async () => {
		server.setFault({kind: 'crates-index', name: 'serde', status: 500});
		const {facts} = await runScan(graphOf(crates), serverScanOptions(server, {...clock, retry: {limit: 0}}));
		const serde = facts.get('cargo:serde@1.0.219')!;
		assert.deepEqual(serde.errors, ['metadata: index: HTTP 500']);
		assert.equal(serde.locked?.dependencies, null);
		assert.deepEqual(serde.metadata?.publishers, [{name: 'dtolnay', role: null}]);
		assert.ok((serde.downloads?.weekly ?? 0) > 0);
	});

	test('crates.io tiers and thresholds apply to crates: 1 owner and > 1M a week is CRITICAL', async () => {
		const {facts} = await runScan(graphOf(crates), serverScanOptions(server, clock));
		const syn = scoreWithSettings(
			'cargo:syn@2.0.106',
			facts.get('cargo:syn@2.0.106')!,
			defaultSettings,
			new Date(registryNow),
		);
		assert.equal(syn.risk, 'critical');
		assert.match(syn.reasons[0]!, /1 publisher and .* downloads a week/);
		const young = scoreWithSettings(
			'cargo:tiny-young@0.3.0',
			facts.get('cargo:tiny-young@0.3.0')!,
			defaultSettings,
			new Date(registryNow),
		);
		assert.equal(young.risk, 'high', 'younger than a year and over 10K a week on crates.io');
	});

	test('an owners failure leaves publishers unknown (never 0) and keeps the rest', async () => {
		server.setFault({kind: 'crates-owners', name: 'serde', status: 500});
		const {facts} = await runScan(graphOf(crates), serverScanOptions(server, {...clock, retry: {limit: 0}}));
		const serde = facts.get('cargo:serde@1.0.219')!;
		assert.equal(serde.metadata?.publishers, null);
		assert.notEqual(serde.metadata?.versions.length, 0);
		assert.deepEqual(serde.errors, ['metadata: owners: HTTP 500']);
		const report = scoreWithSettings('cargo:serde@1.0.219', serde, defaultSettings, new Date(registryNow));
		assert.notEqual(report.risk, 'critical', 'unknown publishers never make CRITICAL');
	});

	test('a 429 pauses crates.io and the scan still finishes', async () => {
		server.setFault({kind: 'crates', name: 'syn', status: 429, retryAfter: '0', times: 1});
		const {facts} = await runScan(graphOf(crates), serverScanOptions(server, clock));
		assert.deepEqual(facts.get('cargo:syn@2.0.106')?.errors, []);
		assert.equal(server.count('crates', 'syn'), 2);
	});

	test('a name crates.io could not hold is never requested', async () => {
		const {facts} = await runScan(
			graphOf([...crates, {ecosystem: 'cargo', name: '../../etc', version: '1.0.0'}]),
			serverScanOptions(server, clock),
		);
		assert.equal(server.requests.length, 4 * crates.length);
		assert.deepEqual(facts.get('cargo:../../etc@1.0.0')?.errors, [
			'metadata: not a valid crates.io package name',
			'metadata: owners: not a valid crates.io package name',
			'metadata: index: not a valid crates.io package name',
			'downloads: not a valid crates.io package name',
		]);
	});

	test('a rate limit paces the host, and progress says which host and why', async () => {
		const host = new URL(server.url).hostname;
		const {events} = await runScan(
			graphOf(crates),
			serverScanOptions(server, {...clock, rateLimits: {[host]: 600}}),
		);
		const paced = events.flatMap((event) => (event.type === 'progress' ? event.progress.pacedHosts : []));
		assert.ok(paced.length > 0, 'some progress event names the paced host');
		assert.equal(paced[0]!.host, new URL(server.url).host);
		assert.equal(paced[0]!.reason, null, 'a setting, not a published policy');
		const starts = server.requests.map((request) => request.at);
		for (let index = 1; index < starts.length; index++)
			assert.ok(starts[index]! - starts[index - 1]! >= 90, 'at most one start per 100 ms');
	});
});
