import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {getEventListeners} from 'node:events';
import {readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {after, before, beforeEach, describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {startScan} from '../../source/scan/index.js';
import {editStoredRecords, segmentFiles, storedRecords} from '../helpers/cache-store.js';
import {plainMetadata} from '../helpers/plain-versions.js';
import {defaultDataset, registryNow, versionRun} from '../helpers/registry-data.js';
import {
	graphOf,
	type PackageSpec,
	runScan,
	serverScanOptions,
	temporaryDirectory,
} from '../helpers/registry-scan.js';
import {type RegistryServer, startRegistryServer} from '../helpers/registry-server.js';

let server: RegistryServer;
const folder = temporaryDirectory();
before(async () => {
	server = await startRegistryServer();
});
after(async () => {
	await server.close();
	folder.remove();
});
beforeEach(() => {
	server.clearFaults();
	server.resetRequests();
});

/** Every package of the default dataset, two locked versions of express, and a workspace package. */
function defaultSpecs(): PackageSpec[] {
	const dataset = defaultDataset();
	const specs: PackageSpec[] = dataset.npm.map((fixture) => ({
		name: fixture.name,
		version: fixture.versions.at(-1)?.version ?? '1.0.0',
	}));
	specs.push({name: 'express', version: '4.21.2', direct: false});
	specs.push({name: 'my-workspace-lib', version: '0.0.0', source: 'workspace'});
	for (const fixture of dataset.pypi) {
		specs.push({
			ecosystem: 'pypi',
			name: fixture.name,
			version: fixture.latest ?? fixture.releases.at(-1)!.version,
		});
	}

	return specs;
}

const dataset = defaultDataset();
const npmNames = dataset.npm.map((f) => f.name);
const scoped = npmNames.filter((name) => name.startsWith('@'));
const unscoped = npmNames.filter((name) => !name.startsWith('@'));

describe('cold scan', () => {
	test('one packument per name, bulk downloads, one facts event per package id', async () => {
		const graph = graphOf(defaultSpecs());
		const {events, facts} = await runScan(graph, serverScanOptions(server));
		const registryIds = [...graph.packages.values()]
			.filter((node) => node.source === undefined)
			.map((node) => node.id);
		assert.deepEqual([...facts.keys()].sort(), registryIds.sort());
		assert.equal(events.filter((event) => event.type === 'facts').length, registryIds.length);
		assert.equal(server.count('npm'), npmNames.length);
		for (const name of npmNames) assert.equal(server.count('npm', name), 1, name);
		assert.equal(server.count('downloads'), Math.ceil(unscoped.length / 128) + scoped.length);
		assert.equal(server.count('pypi'), dataset.pypi.length);
		assert.equal(server.count('pypistats'), dataset.pypi.length);
		assert.equal(server.count(undefined, 'my-workspace-lib'), 0, 'workspace packages are not fetched');

		const old = facts.get('npm:express@4.21.2')!;
		const current = facts.get('npm:express@5.1.0')!;
		assert.equal(old.metadata, current.metadata, 'both versions share one metadata object');
		assert.equal(old.locked?.publishedBy, 'jonchurch');
		assert.equal(current.locked?.publishedBy, 'wesleytodd');
		assert.ok((old.downloads?.weekly ?? 0) > 30_000_000);
		assert.deepEqual(old.errors, []);
		assert.equal(old.origins.metadata?.fromCache, false);
		assert.equal(old.origins.metadata?.url, `${server.npmRegistryUrl}express`);

		const requests = facts.get('pypi:requests@2.32.4')!;
		assert.equal(requests.metadata?.publishers?.length, 3);
		assert.equal(requests.downloads?.daily.length, 180);
		assert.equal(requests.locked?.version, '2.32.4');

		const gone = facts.get('npm:gone-package@1.0.0')!;
		assert.equal(gone.metadata?.unpublished, true);
		assert.equal(gone.locked, null);
		assert.equal(gone.downloads, null);
		assert.deepEqual(gone.errors, ['downloads: not found']);

		const last = events.filter((event) => event.type === 'progress').at(-1);
		assert.deepEqual(last?.type === 'progress' ? last.progress : null, {
			total: registryIds.length,
			done: registryIds.length,
			errors: 1,
			rateLimitedUntil: null,
			rateLimitedHost: null,
			downHosts: [],
			pacedHosts: [],
		});
	});

	test('bulk batches hold at most 128 unscoped names; scoped names go one by one', async () => {
		const specs: PackageSpec[] = [];
		for (let index = 0; index < 300; index++) {
			const name = `synthetic-${index}`;
			server.addNpmPackage({
				name,
				maintainers: ['someone'],
				versions: versionRun(['1.0.0'], 100, 100),
				dailyDownloads: 100 + index,
			});
			specs.push({name, version: '1.0.0'});
		}

		for (const name of ['@syn/a', '@syn/b', '@syn/c']) {
			server.addNpmPackage({
				name,
				maintainers: ['someone'],
				versions: versionRun(['1.0.0'], 100, 100),
				dailyDownloads: 5,
			});
			specs.push({name, version: '1.0.0'});
		}

		const {facts} = await runScan(graphOf(specs), serverScanOptions(server));
		const downloads = server.requests.filter((r) => r.kind === 'downloads');
		assert.equal(downloads.length, Math.ceil(300 / 128) + 3);
		assert.ok(downloads.every((r) => r.names.length <= 128));
		assert.deepEqual(
			downloads.map((r) => r.names.length).sort((a, b) => b - a),
			[128, 128, 44, 1, 1, 1],
		);
		assert.equal(facts.get('npm:synthetic-7@1.0.0')?.downloads?.daily.length, 365);
		assert.ok([...facts.values()].every((f) => f.errors.length === 0));
	});

	test('concurrency per host is respected', async () => {
		server.setLatency(20);
		try {
			await runScan(graphOf(defaultSpecs()), serverScanOptions(server, {concurrency: 3}));
		} finally {
			server.setLatency(0);
		}

		assert.ok(server.maxInFlight <= 3, `max in flight ${server.maxInFlight}`);
		assert.ok(server.maxInFlight >= 2);
	});

	test('a per-host rate limit spaces requests evenly', async () => {
		const specs: PackageSpec[] = ['requests', 'certifi', 'idna'].map((name) => ({
			ecosystem: 'pypi',
			name,
			version: '1',
		}));
		// 300 a minute = one request every 200 ms for this host (everything is on 127.0.0.1 here). Arrival
		// times at the server vary a little with the connection, hence the margin; unlimited, they are ~1 ms apart.
		await runScan(graphOf(specs), serverScanOptions(server, {rateLimits: {'127.0.0.1': 300}}));
		const times = server.requests.map((r) => r.at);
		// Three requests per PyPI name: the JSON API, the simple index, pypistats.
		assert.equal(times.length, 9);
		for (let index = 1; index < times.length; index++) assert.ok(times[index]! - times[index - 1]! >= 150);
	});

	test('prioritize moves packages (metadata and downloads) to the front', async () => {
		const specs: PackageSpec[] = [];
		for (let index = 0; index < 200; index++) specs.push({name: `synthetic-${index}`, version: '1.0.0'});
		const graph = graphOf(specs);
		const wanted = ['npm:synthetic-199@1.0.0', 'npm:synthetic-150@1.0.0', 'npm:synthetic-180@1.0.0'];
		const scan = startScan(graph, serverScanOptions(server, {concurrency: 1}));
		scan.prioritize(wanted);
		for await (const _ of scan.events) {
			// drain
		}

		const metadata = server.requests.filter((r) => r.kind === 'npm').map((r) => r.names[0]);
		// At most one request (the default first) may have started before the call.
		const front = metadata.slice(0, 4);
		for (const name of ['synthetic-199', 'synthetic-150', 'synthetic-180'])
			assert.ok(front.includes(name), `${name} in ${front}`);
		const firstBatch = server.requests.find((r) => r.kind === 'downloads');
		assert.deepEqual(firstBatch?.names.slice(0, 3), ['synthetic-199', 'synthetic-150', 'synthetic-180']);
	});

	test('prioritised names make the first bulk batch even when it forms during the cache pass', async () => {
		const cacheDir = `${folder.path}/prioritize-cache`;
		const specs: PackageSpec[] = [];
		for (let index = 0; index < 300; index++) specs.push({name: `synthetic-${index}`, version: '1.0.0'});
		const graph = graphOf(specs);
		const base = serverScanOptions(server, {cacheDir});
		await runScan(graph, base);
		server.resetRequests();
		// Metadata stays fresh (no request, the host is free), downloads have expired: the cache pass
		// queues downloads while it reads files, and the first batch of 128 forms before it ends.
		const wanted = ['npm:synthetic-299@1.0.0', 'npm:synthetic-250@1.0.0'];
		const scan = startScan(graph, {
			...base,
			cacheLifetimeMs: {metadata: base.cacheLifetimeMs.metadata, downloads: 0},
		});
		scan.prioritize(wanted);
		for await (const _ of scan.events) {
			// drain
		}

		const batches = server.requests.filter((r) => r.kind === 'downloads');
		assert.equal(batches.length, 3);
		assert.deepEqual(batches[0]?.names.slice(0, 2), ['synthetic-299', 'synthetic-250']);
	});

	test('nothing to fetch: the scan ends at once with a final progress', async () => {
		const {events} = await runScan(
			graphOf([{name: 'local', version: '1.0.0', source: 'file'}]),
			serverScanOptions(server),
		);
		assert.equal(server.requests.length, 0);
		const last = events.at(-1);
		assert.equal(last?.type === 'progress' ? last.progress.total : -1, 0);
	});
});

describe('cache', () => {
	const cacheDir = `${folder.path}/cache`;
	const graph = graphOf(defaultSpecs());
	const total = [...graph.packages.values()].filter((node) => node.source === undefined).length;

	test('a warm run makes zero requests and gives the same facts, marked as cached', async () => {
		const cold = await runScan(graph, serverScanOptions(server, {cacheDir, now: () => registryNow}));
		assert.ok(server.requests.length > 0);
		server.resetRequests();
		const warm = await runScan(
			graph,
			serverScanOptions(server, {cacheDir, now: () => registryNow + 3_600_000}),
		);
		assert.equal(server.requests.length, 0);
		assert.equal(warm.facts.size, total);
		for (const [id, facts] of warm.facts) {
			const before = cold.facts.get(id)!;
			assert.deepEqual(plainMetadata(facts.metadata), before.metadata, id);
			assert.deepEqual(facts.downloads, before.downloads, id);
			assert.deepEqual(facts.errors, before.errors, id);
			if (facts.origins.metadata) assert.equal(facts.origins.metadata.fromCache, true);
			assert.equal(facts.origins.metadata?.fetchedAt, before.origins.metadata?.fetchedAt);
		}
	});

	test('refresh revalidates with If-None-Match: 304s reuse the cached facts', async () => {
		const warm = await runScan(
			graph,
			serverScanOptions(server, {cacheDir, refresh: true, now: () => registryNow}),
		);
		const withEtag = server.requests.filter((r) => r.headers['if-none-match']);
		// Every metadata and single-name downloads request had an ETag; bulk downloads are refetched.
		const single = server.requests.filter((r) => r.kind !== 'downloads' || r.names.length === 1);
		assert.equal(withEtag.length, single.length);
		assert.equal(single.length, npmNames.length + scoped.length + dataset.pypi.length * 3);
		assert.ok(single.every((r) => r.status === 304));
		assert.equal(server.count('downloads'), Math.ceil(unscoped.length / 128) + scoped.length);
		assert.equal(warm.facts.get('npm:axios@1.7.9')?.metadata?.publishers?.[0]?.name, 'jasonsaayman');
		assert.equal(warm.facts.get('npm:axios@1.7.9')?.origins.metadata?.fromCache, true);
	});

	test('expired entries are revalidated; offline uses them without a request', async () => {
		const later = registryNow + 2 * 24 * 3_600_000;
		const offline = await runScan(
			graph,
			serverScanOptions(server, {cacheDir, offline: true, now: () => later}),
		);
		assert.equal(server.requests.length, 0);
		assert.equal(offline.facts.get('npm:chalk@5.4.1')?.metadata?.publishers?.length, 2);
		await runScan(graph, serverScanOptions(server, {cacheDir, now: () => later}));
		assert.ok(server.requests.length > 0);
		assert.ok(server.requests.some((r) => r.status === 304));
	});

	test('offline with a cold cache: no request, every package unknown with a reason', async () => {
		const {facts, events} = await runScan(
			graph,
			serverScanOptions(server, {cacheDir: `${folder.path}/empty`, offline: true}),
		);
		assert.equal(server.requests.length, 0);
		assert.deepEqual(facts.get('npm:axios@1.7.9')?.errors, [
			'metadata: offline: not in cache',
			'downloads: offline: not in cache',
		]);
		assert.equal(facts.get('npm:axios@1.7.9')?.metadata, null);
		const last = events.at(-1);
		assert.equal(last?.type === 'progress' ? last.progress.errors : -1, total);
	});

	test('a corrupt entry is ignored and refetched, the rest stays warm', async () => {
		const now = () => registryNow + 3 * 24 * 3_600_000;
		await runScan(graph, serverScanOptions(server, {cacheDir, refresh: true, now}));
		server.resetRequests();
		const damaged = editStoredRecords(cacheDir, (record) =>
			record.key.kind === 'metadata' && record.key.name === 'chalk' ? '{"key": {"kind": "metad' : undefined,
		);
		assert.ok(damaged >= 1);
		const {facts} = await runScan(graph, serverScanOptions(server, {cacheDir, now}));
		assert.deepEqual(
			server.requests.map((r) => `${r.kind} ${r.names.join(',')}`),
			['npm chalk'],
		);
		assert.equal(facts.get('npm:chalk@5.4.1')?.metadata?.publishers?.length, 2);
	});

	test('two processes scanning into one cache folder at once leave it whole', async () => {
		const shared = `${folder.path}/two-processes`;
		const specs = defaultSpecs().filter((spec) => spec.name !== 'gone-package');
		const input = JSON.stringify({options: serverScanOptions(server, {cacheDir: shared}), specs});
		const [a, b] = await Promise.all([scanInChild(input), scanInChild(input)]);
		const expected = specs.filter((spec) => !spec.source).length;
		assert.deepEqual(a, {facts: expected, withErrors: 0});
		assert.deepEqual(b, {facts: expected, withErrors: 0});
		server.resetRequests();
		const warm = await runScan(graphOf(specs), serverScanOptions(server, {cacheDir: shared}));
		assert.equal(server.requests.length, 0);
		assert.ok([...warm.facts.values()].every((f) => f.errors.length === 0 && f.metadata && f.downloads));
		const leftovers = readdirSync(shared, {recursive: true}).filter((name) => String(name).endsWith('.tmp'));
		assert.deepEqual(leftovers, []);
	});

	test('an interrupted scan keeps what it fetched: the answers in memory are written before it ends', async () => {
		const directory = `${folder.path}/interrupted`;
		const controller = new AbortController();
		const scan = startScan(graph, serverScanOptions(server, {cacheDir: directory}), controller.signal);
		const fetched: string[] = [];
		for await (const event of scan.events) {
			if (event.type !== 'facts' || event.facts.errors.length > 0) continue;
			fetched.push(event.id);
			if (fetched.length === 5) controller.abort();
		}

		assert.ok(fetched.length >= 5);
		assert.ok(segmentFiles(directory).length >= 1, 'a segment was written on abort');
		const offline = await runScan(graph, serverScanOptions(server, {cacheDir: directory, offline: true}));
		for (const id of fetched.slice(0, 5)) assert.deepEqual(offline.facts.get(id)?.errors, [], id);
	});

	test('a finished scan leaves nothing on its signal: the caller keeps the signal, not the scan', async () => {
		const controller = new AbortController();
		const options = serverScanOptions(server, {
			cacheDir: `${folder.path}/listeners`,
			// The advisory lookup listens to the same signal.
			advisories: {enabled: true, exportFiles: [], queryLifetimeMs: 24 * 3_600_000},
		});
		const scan = startScan(graph, options, controller.signal);
		assert.equal(
			getEventListeners(controller.signal, 'abort').length,
			2,
			'the scan and the lookup listen meanwhile',
		);
		const seen = {facts: 0, advisories: 0};
		for await (const event of scan.events)
			if (event.type === 'facts' || event.type === 'advisories') seen[event.type]++;
		await scan.done;
		assert.ok(seen.facts > 0 && seen.advisories > 0, JSON.stringify(seen));
		// The UI holds its controller until the next scan: a listener left here kept the whole finished scan alive.
		assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
	});

	test('the cache stays under its size bound: the entries fetched longest ago go', async () => {
		const directory = `${folder.path}/bounded`;
		const bound = 40_000;
		await runScan(graph, serverScanOptions(server, {cacheDir: directory, maxCacheBytes: bound}));
		const size = () => segmentFiles(directory).reduce((sum, file) => sum + statSync(file).size, 0);
		// Compaction runs after the scan has ended, in the background.
		const deadline = Date.now() + 10_000;
		while (size() > bound) {
			assert.ok(Date.now() < deadline, `still ${size()} bytes`);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}

		assert.ok(size() > 0);
		assert.ok(storedRecords(directory).length > 0);
	});

	test('two scans at once on one cache folder both finish with full facts', async () => {
		const shared = `${folder.path}/shared`;
		const [a, b] = await Promise.all([
			runScan(graph, serverScanOptions(server, {cacheDir: shared})),
			runScan(graph, serverScanOptions(server, {cacheDir: shared})),
		]);
		assert.equal(a.facts.size, total);
		assert.equal(b.facts.size, total);
		server.resetRequests();
		await runScan(graph, serverScanOptions(server, {cacheDir: shared}));
		assert.equal(server.requests.length, 0);
	});
});

describe('credentials', () => {
	test('a token is sent only under its //host/path/ prefix and never appears in facts', async () => {
		const host = new URL(server.url).host;
		const base = serverScanOptions(server);
		const options = serverScanOptions(server, {
			endpoints: {
				...base.endpoints,
				authTokens: {[`//${host}/npm/`]: 'npm-secret', [`//${host}/private/`]: 'other-secret'},
			},
		});
		server.setFault({kind: 'npm', name: 'chalk', status: 500});
		const {facts} = await runScan(graphOf(defaultSpecs()), options);
		for (const request of server.requests) {
			const auth = request.headers.authorization;
			if (request.kind === 'npm') assert.equal(auth, 'Bearer npm-secret');
			else assert.equal(auth, undefined, `${request.kind} ${request.path}`);
		}

		assert.deepEqual(facts.get('npm:chalk@5.4.1')?.errors, ['metadata: HTTP 500']);
		assert.equal(JSON.stringify([...facts.values()]).includes('secret'), false);
	});

	test('a scope registry from .npmrc gets its scope packages and only its own token', async () => {
		const host = new URL(server.url).host;
		const base = serverScanOptions(server);
		const options = serverScanOptions(server, {
			endpoints: {
				...base.endpoints,
				routes: {npm: {'@babel': `${server.url}npm-corp/`}},
				authTokens: {[`//${host}/npm-corp/`]: 'corp-secret'},
			},
		});
		const {facts} = await runScan(
			graphOf([
				{name: '@babel/core', version: '7.26.9'},
				{name: 'express', version: '5.1.0'},
			]),
			options,
		);
		const babel = server.requests.find((r) => r.kind === 'npm' && r.names[0] === '@babel/core');
		const express = server.requests.find((r) => r.kind === 'npm' && r.names[0] === 'express');
		assert.equal(babel?.path, '/npm-corp/@babel%2fcore');
		assert.equal(babel?.headers.authorization, 'Bearer corp-secret');
		assert.equal(express?.path, '/npm/express');
		assert.equal(express?.headers.authorization, undefined);
		assert.equal(
			facts.get('npm:@babel/core@7.26.9')?.origins.metadata?.url,
			`${server.url}npm-corp/@babel%2fcore`,
		);
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
