import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {strToU8, Zip, ZipDeflate, zipSync} from 'fflate';
import {AdvisoryLookup, maxQueryPages} from '../../source/advisories/lookup.js';
import type {PackageAdvisories} from '../../source/advisories/types.js';
import type {DependencyGraph} from '../../source/graph/types.js';
import type {ScanOptions, ScanTuning} from '../../source/scan/types.js';
import type {HostileResponse} from '../helpers/hostile-server.js';
import {fixturePath} from '../helpers/paths.js';
import type {OsvRecordFixture} from '../helpers/registry-data.js';
import {graphOf, runScan, serverScanOptions, temporaryDirectory} from '../helpers/registry-scan.js';
import {type RegistryServer, registryNow, startRegistryServer} from '../helpers/registry-server.js';
import {releaseAdvisories} from '../helpers/release-data.js';

/**
 * The OSV lookup against the local server's OSV routes (querybatch with pagination, vulns by id, faults), the
 * cache (warm runs, offline, `modified`), and export files read from disk.
 */

const realRecords = [
	'MAL-2025-47141',
	'MAL-2026-4377',
	'GHSA-8hc4-vh64-cxmj',
	'PYSEC-2023-74',
	'RUSTSEC-2020-0071',
].map((id) => JSON.parse(readFileSync(fixturePath('osv', `${id}.json`), 'utf8')) as OsvRecordFixture);
const records = [...realRecords, ...releaseAdvisories(registryNow)];

const graph = graphOf([
	{name: 'plain-crypto-js', version: '4.2.1'},
	{name: 'provenance-drop', version: '3.1.0'},
	{name: 'burst-b', version: '2.0.1'},
	{name: 'burst-c', version: '3.0.1'},
	{name: 'axios', version: '1.7.2'},
	{name: '@ctrl/tinycolor', version: '4.1.1'},
	{name: 'express', version: '4.21.2'},
	{ecosystem: 'pypi', name: 'requests', version: '2.30.0'},
	{ecosystem: 'cargo', name: 'time', version: '0.1.45'},
	{name: 'local-thing', version: '1.0.0', source: 'file'},
]);

let server: RegistryServer;
before(async () => {
	server = await startRegistryServer({dataset: {npm: [], pypi: [], osv: records}, osvPageSize: 2});
});
after(async () => {
	await server.close();
});

function options(overrides: Partial<ScanOptions & ScanTuning> = {}): ScanOptions & ScanTuning {
	return serverScanOptions(server, {
		now: () => registryNow,
		advisories: {enabled: true, exportFiles: [], queryLifetimeMs: 24 * 3_600_000},
		...overrides,
	});
}

async function lookup(target: DependencyGraph, overrides: Partial<ScanOptions & ScanTuning> = {}) {
	const run = new AdvisoryLookup(target, options(overrides));
	const found = new Map<string, PackageAdvisories>();
	run.start();
	for await (const event of run.events)
		if (event.type === 'advisories') found.set(event.id, event.advisories);
	await run.done;
	return {found, progress: run.progress()};
}

const ids = (found: Map<string, PackageAdvisories>, id: string) =>
	found.get(id)?.advisories?.map((advisory) => advisory.id) ?? null;

describe('the OSV lookup', () => {
	const cache = temporaryDirectory('commit-tui-osv-');
	after(() => cache.remove());

	test('one batch for the tree, a page more when a result has more, one GET per id; registry packages only', async () => {
		server.resetRequests();
		const {found, progress} = await lookup(graph, {cacheDir: cache.path});
		assert.equal(server.count('osv-batch'), 2, 'the batch, then the second page of burst-c');
		assert.deepEqual(
			server.requests.filter((request) => request.kind === 'osv-batch')[0]!.names.length,
			9,
			'the file package is not asked about',
		);
		// Every distinct id once, withdrawn ones included (the record says it is withdrawn).
		assert.equal(server.count('osv-vuln'), 11);
		assert.deepEqual(
			ids(found, 'npm:plain-crypto-js@4.2.1'),
			['MAL-2026-90001'],
			'MAL and its GHSA alias are one',
		);
		const malicious = found.get('npm:plain-crypto-js@4.2.1')!.advisories![0]!;
		assert.equal(malicious.malicious, true);
		assert.deepEqual(malicious.aliases, ['GHSA-fw8c-xr5c-95f9']);
		assert.equal(malicious.summary, 'Malicious code in plain-crypto-js (npm)');
		assert.deepEqual(ids(found, 'npm:provenance-drop@3.1.0'), [], 'a withdrawn report is ignored');
		assert.deepEqual(ids(found, 'npm:burst-c@3.0.1'), [
			'GHSA-2c5v-9qhx-8v6m',
			'GHSA-7gcc-m4pr-3m4c',
			'GHSA-qv5c-7wq8-hc4j',
		]);
		assert.deepEqual(found.get('npm:burst-b@2.0.1')!.advisories![0]!.fixed, ['2.0.2']);
		assert.equal(found.get('npm:burst-b@2.0.1')!.advisories![0]!.severity, 'high');
		assert.deepEqual(ids(found, 'npm:axios@1.7.2'), ['GHSA-8hc4-vh64-cxmj'], 'GitHub writes "Axios"');
		assert.deepEqual(ids(found, 'npm:@ctrl/tinycolor@4.1.1'), ['MAL-2025-47141']);
		assert.deepEqual(ids(found, 'pypi:requests@2.30.0'), ['PYSEC-2023-74']);
		assert.deepEqual(ids(found, 'cargo:time@0.1.45'), ['RUSTSEC-2020-0071']);
		assert.deepEqual(ids(found, 'npm:express@4.21.2'), []);
		assert.equal(found.has('npm:local-thing@1.0.0'), false);
		assert.equal(progress.state, 'done');
		assert.equal(progress.done, 9);
		assert.equal(progress.errors, 0);
	});

	test('a warm run asks nothing; offline uses the cache and says how old it is', async () => {
		server.resetRequests();
		const warm = await lookup(graph, {cacheDir: cache.path});
		assert.equal(server.requests.length, 0);
		assert.deepEqual(ids(warm.found, 'npm:burst-c@3.0.1')?.length, 3);
		assert.equal(warm.found.get('npm:burst-c@3.0.1')!.source, 'cache');
		const later = registryNow + 3 * 86_400_000;
		const offline = await lookup(graph, {cacheDir: cache.path, offline: true, now: () => later});
		assert.equal(server.requests.length, 0);
		assert.deepEqual(ids(offline.found, 'npm:plain-crypto-js@4.2.1'), ['MAL-2026-90001']);
		assert.equal(offline.progress.oldestCached, new Date(registryNow).toISOString());
		const cold = await lookup(graph, {cacheDir: temporaryDirectory().path, offline: true});
		assert.equal(cold.found.get('npm:burst-b@2.0.1')!.advisories, null);
		assert.equal(cold.found.get('npm:burst-b@2.0.1')!.error, 'advisories: offline: not in cache');
	});

	test('an expired answer is asked again; a record is refetched only when OSV says it changed', async () => {
		const changed = {
			...records.find((entry) => entry.id === 'GHSA-6q4w-3wp4-q5wf')!,
			modified: new Date(registryNow).toISOString(),
			summary: 'Denial of service in burst-b (revised)',
		};
		server.addOsvRecord(changed);
		server.resetRequests();
		const later = registryNow + 2 * 86_400_000;
		const {found} = await lookup(graph, {cacheDir: cache.path, now: () => later});
		assert.equal(server.count('osv-batch'), 2);
		assert.deepEqual(
			server.requests.filter((request) => request.kind === 'osv-vuln').map((request) => request.names[0]),
			['GHSA-6q4w-3wp4-q5wf'],
		);
		assert.equal(
			found.get('npm:burst-b@2.0.1')!.advisories![0]!.summary,
			'Denial of service in burst-b (revised)',
		);
	});

	test('429 and 500 are retried; a host that never answers costs only the advisories', async () => {
		server.resetRequests();
		server.setFault({kind: 'osv-batch', status: 429, retryAfter: '0', times: 1});
		server.setFault({kind: 'osv-vuln', status: 500, times: 2});
		const retried = await lookup(graph);
		assert.deepEqual(ids(retried.found, 'npm:plain-crypto-js@4.2.1'), ['MAL-2026-90001']);
		assert.ok(server.requests.some((request) => request.status === 429));
		server.clearFaults();

		server.setFault({kind: 'osv-batch', reset: true});
		const scan = await runScan(graphOf([{name: 'express', version: '4.21.2'}]), options());
		server.clearFaults();
		const advisories = scan.events.flatMap((event) =>
			event.type === 'advisories' ? [event.advisories] : [],
		);
		assert.equal(advisories.length, 1);
		assert.equal(advisories[0]!.advisories, null);
		assert.match(
			advisories[0]!.error!,
			/^advisories: host down \(127\.0\.0\.1:\d+: connection reset\)$|^advisories: connection reset$/,
		);
		assert.equal(scan.facts.size, 1, 'the registry facts still arrive');
		const last = scan.events.filter((event) => event.type === 'progress').at(-1);
		assert.ok(last?.type === 'progress' && last.progress.advisories?.errors === 1);
	});

	test('a server that pages forever (or repeats a token) makes that package unknown, and the lookup ends', async () => {
		const pagingForever =
			(token: (page: number) => string): HostileResponse =>
			(_request, response, body) => {
				const queries = (JSON.parse(body ?? '') as {queries: Array<{page_token?: string}>}).queries;
				response.writeHead(200, {'content-type': 'application/json'});
				response.end(
					JSON.stringify({
						results: queries.map((query) => ({
							vulns: [{id: 'GHSA-l00p-l00p-l00p', modified: '2024-01-01T00:00:00Z'}],
							next_page_token: token(Number(query.page_token ?? 0) + 1),
						})),
					}),
				);
			};
		const one = graphOf([{name: 'express', version: '4.21.2'}]);

		server.resetRequests();
		server.setFault({kind: 'osv-batch', respond: pagingForever(String)});
		const endless = await lookup(one);
		server.clearFaults();
		assert.equal(server.count('osv-batch'), maxQueryPages);
		assert.equal(endless.found.get('npm:express@4.21.2')!.advisories, null);
		assert.equal(
			endless.found.get('npm:express@4.21.2')!.error,
			`advisories: OSV kept paging (more than ${maxQueryPages} pages)`,
		);
		assert.equal(server.count('osv-vuln'), 0, 'a partial answer is not looked into');

		server.resetRequests();
		server.setFault({kind: 'osv-batch', respond: pagingForever(() => 'again')});
		const repeating = await lookup(one);
		server.clearFaults();
		assert.equal(server.count('osv-batch'), 2, 'the token is asked for once, then seen again');
		assert.equal(
			repeating.found.get('npm:express@4.21.2')!.error,
			'advisories: OSV kept paging (a page token came back twice)',
		);
		assert.equal(repeating.progress.state, 'done');
	});

	test('timeouts: after three the host is down, and every package says so', async () => {
		// Three different queries that each used up the whole deadline (one query timing out again and again is
		// one bad answer, not a bad host: the host queue's rule).
		server.setFault({kind: 'osv-batch', latencyMs: 400});
		const three = graphOf([
			{name: 'express', version: '4.21.2'},
			{name: 'debug', version: '4.3.7'},
			{name: 'ms', version: '2.1.3'},
		]);
		const {found, progress} = await lookup(three, {timeoutMs: 50});
		server.clearFaults();
		assert.equal(found.get('npm:express@4.21.2')!.advisories, null);
		for (const id of ['npm:express@4.21.2', 'npm:debug@4.3.7', 'npm:ms@2.1.3'])
			assert.match(found.get(id)!.error!, /^advisories: host down \(127\.0\.0\.1:\d+: timeout\)$/);
		assert.match(progress.down!, /timeout/);
		await server.waitForIdle();

		// One query alone timing out is tried twice, then that package alone is unknown.
		server.setFault({kind: 'osv-batch', latencyMs: 400});
		const one = await lookup(graphOf([{name: 'express', version: '4.21.2'}]), {timeoutMs: 50});
		server.clearFaults();
		assert.equal(one.found.get('npm:express@4.21.2')!.error, 'advisories: timeout');
		assert.equal(one.progress.down, null);
		await server.waitForIdle();
	});

	test('⌈packages / 1,000⌉ batch requests for a big tree, then one GET per new id', async () => {
		const many = graphOf(
			Array.from({length: 2001}, (_, index) => ({name: `pkg-${index}`, version: '1.0.0'})),
		);
		server.addOsvRecord({
			id: 'GHSA-m4ny-m4ny-m4ny',
			modified: '2026-01-01T00:00:00Z',
			summary: 'One advisory for two packages',
			affected: [
				{package: {ecosystem: 'npm', name: 'pkg-7'}, versions: ['1.0.0']},
				{package: {ecosystem: 'npm', name: 'pkg-1999'}, versions: ['1.0.0']},
			],
		});
		server.resetRequests();
		const {found} = await lookup(many);
		assert.equal(server.count('osv-batch'), 3);
		assert.ok(
			server.requests
				.filter((request) => request.kind === 'osv-batch')
				.every((request) => request.names.length <= 1000),
		);
		assert.equal(server.count('osv-vuln'), 1);
		assert.deepEqual(ids(found, 'npm:pkg-1999@1.0.0'), ['GHSA-m4ny-m4ny-m4ny']);
		assert.equal(found.size, 2001);
	});
});

describe('export files (--advisories-db)', () => {
	const folder = temporaryDirectory('commit-tui-osv-export-');
	after(() => folder.remove());

	/** An OSV all.zip: one JSON file per record, as the OSV bucket serves it (and a stray file). */
	function writeExport(name: string, entries: readonly OsvRecordFixture[], streamed: boolean): string {
		const file = path.join(folder.path, name);
		const files = Object.fromEntries(
			entries.map((entry) => [`${entry.id}.json`, strToU8(JSON.stringify(entry))]),
		);
		if (!streamed) {
			writeFileSync(file, zipSync({...files, 'README.txt': strToU8('not a record')}));
			return file;
		}

		// Written as a stream: sizes follow each file in a data descriptor, as Go's archive/zip writes them.
		const chunks: Uint8Array[] = [];
		const zip = new Zip((error, chunk) => {
			if (error) throw error;
			chunks.push(chunk);
		});
		for (const [entryName, data] of Object.entries(files)) {
			const entry = new ZipDeflate(entryName, {level: 6});
			zip.add(entry);
			entry.push(data, true);
		}

		zip.end();
		writeFileSync(file, Buffer.concat(chunks));
		return file;
	}

	for (const streamed of [false, true]) {
		test(`the same answers as the API, with no request at all (${streamed ? 'streamed' : 'plain'} zip)`, async () => {
			const npm = writeExport(
				`npm-${streamed}.zip`,
				records.filter((entry) => JSON.stringify(entry).includes('"npm"')),
				streamed,
			);
			const others = writeExport(
				`others-${streamed}.zip`,
				realRecords.filter((entry) => !JSON.stringify(entry).includes('"npm"')),
				streamed,
			);
			server.resetRequests();
			const {found, progress} = await lookup(graph, {
				advisories: {enabled: true, exportFiles: [npm, others], queryLifetimeMs: 0},
			});
			assert.equal(server.requests.length, 0);
			assert.deepEqual(ids(found, 'npm:plain-crypto-js@4.2.1'), ['MAL-2026-90001']);
			assert.deepEqual(ids(found, 'npm:provenance-drop@3.1.0'), []);
			assert.deepEqual(ids(found, 'npm:burst-c@3.0.1')?.length, 3);
			assert.deepEqual(ids(found, 'npm:axios@1.7.2'), ['GHSA-8hc4-vh64-cxmj']);
			assert.deepEqual(ids(found, 'pypi:requests@2.30.0'), ['PYSEC-2023-74']);
			assert.deepEqual(ids(found, 'cargo:time@0.1.45'), ['RUSTSEC-2020-0071']);
			assert.deepEqual(ids(found, 'npm:express@4.21.2'), []);
			assert.equal(found.get('npm:express@4.21.2')!.source, 'export');
			assert.deepEqual(progress.exportFiles, [npm, others]);
		});
	}

	test('a file that is not a zip makes every package unknown, saying why', async () => {
		const bad = path.join(folder.path, 'bad.zip');
		writeFileSync(bad, 'PK\u0003\u0004 but then nothing a zip has');
		const {found} = await lookup(graphOf([{name: 'express', version: '4.21.2'}]), {
			advisories: {enabled: true, exportFiles: [bad], queryLifetimeMs: 0},
		});
		assert.equal(found.get('npm:express@4.21.2')!.advisories, null);
		assert.match(found.get('npm:express@4.21.2')!.error!, /^advisories: .*bad\.zip/);
	});
});
