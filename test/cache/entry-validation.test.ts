import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import path from 'node:path';
import {after, before, beforeEach, describe, test} from 'node:test';
import {type CacheKey, FactsCache} from '../../source/cache/index.js';
import * as shape from '../../source/cache/schema.js';
import {parseCrateDependencies} from '../../source/ecosystems/cargo/resolve.js';
import {ecosystems} from '../../source/ecosystems/index.js';
import {parseCoreMetadata, parseVersionJson} from '../../source/ecosystems/pypi/core-metadata.js';
import type {SimpleProject} from '../../source/ecosystems/pypi/simple.js';
import type {ResolvedEndpoints, VersionRequest} from '../../source/ecosystems/types.js';
import {loadProject} from '../../source/lockfiles/index.js';
import {dependencyListSchema, packageMetadataSchema} from '../../source/registries/schemas.js';
import type {ScanProgress} from '../../source/scan/types.js';
import {editStoredEntry, editStoredRecords, storedRecords} from '../helpers/cache-store.js';
import {fixturePath} from '../helpers/paths.js';
import {
	graphOf,
	type PackageSpec,
	runScan,
	serverScanOptions,
	temporaryDirectory,
} from '../helpers/registry-scan.js';
import {type RegistryServer, startRegistryServer} from '../helpers/registry-server.js';
import {scanToEnd} from '../helpers/resolve-scan.js';
import {runCli, serverEnv} from '../helpers/run-cli.js';

/**
 * One corrupt cache entry must not silence every later run (it used to make `--offline` and CI exit 13 with no
 * output; corrupting every entry gave a TypeError and exit 1). Every entry is checked against its kind's schema
 * when read: a bad one is a miss, deleted, and said once.
 */

const folder = temporaryDirectory();
after(() => folder.remove());

const key: CacheKey = {kind: 'metadata', ecosystem: 'npm', name: 'x', baseUrl: 'https://registry.npmjs.org/'};
const metadata = {
	ecosystem: 'npm',
	name: 'x',
	publishers: [{name: 'alice', role: null}],
	organization: null,
	latestVersion: '1.0.0',
	versions: [
		{
			version: '1.0.0',
			published: '2024-01-01T00:00:00.000Z',
			publishedBy: 'alice',
			deprecated: null,
			yanked: false,
			yankedReason: null,
			dependencies: {prod: {y: '^1'}},
		},
	],
	firstPublished: '2024-01-01T00:00:00.000Z',
	lastPublished: '2024-01-01T00:00:00.000Z',
	repository: null,
	unpublished: false,
};
const entry = {
	key,
	etag: null,
	fetchedAt: '2026-06-01T00:00:00.000Z',
	url: 'https://registry.npmjs.org/x',
	missing: null,
};

describe('schema', () => {
	test('a value that fits passes; one that does not says where and why', () => {
		assert.equal(packageMetadataSchema.check(metadata), null);
		const renamed = {...metadata, versionz: metadata.versions} as Record<string, unknown>;
		delete renamed.versions;
		assert.equal(packageMetadataSchema.check(renamed), '.versions: missing');
		assert.equal(
			packageMetadataSchema.check({...metadata, versions: [{...metadata.versions[0], published: 5}]}),
			'.versions[0].published: expected an ISO time or null',
		);
		assert.equal(
			packageMetadataSchema.check({...metadata, publishers: 'alice'}),
			'.publishers: expected a list of an object with name, role or null',
		);
		assert.equal(packageMetadataSchema.check({...metadata, extra: 1}), '.extra: not expected');
		assert.equal(shape.recordOf(shape.count()).check({a: 1, b: -1}), '["b"]: expected a whole number ≥ 0');
	});

	test('every request of every ecosystem declares the schema of what it caches', () => {
		for (const ecosystem of ecosystems)
			for (const request of ecosystem.registry.requests)
				assert.ok(request.cacheSchema, `${ecosystem.id} ${request.kind} has no cacheSchema`);
	});
});

describe('per-version dependency requests (resolution)', () => {
	const endpoints: ResolvedEndpoints = {
		urls: {pypi: 'https://pypi.org/', crates: 'https://crates.io/'},
		routes: {},
		authTokens: {},
	};
	const wheel = {
		filename: 'x-1.0-py3-none-any.whl',
		url: 'https://files.example/x-1.0-py3-none-any.whl',
		kind: 'wheel' as const,
		uploadTime: null,
		yanked: false as const,
		coreMetadata: true,
		provenance: null,
		requiresPython: null,
	};
	const simple: SimpleProject = {name: 'x', status: 'active', statusReason: null, releases: {'1.0': [wheel]}};

	/** Every request a resolver makes for one version, its fallbacks included. */
	function versionRequests(): VersionRequest[] {
		const found: VersionRequest[] = [];
		for (const ecosystem of ecosystems) {
			const source = ecosystem.resolver?.dependencies(
				{name: 'x', metadata: null, extras: {simple}, errors: []},
				'1.0',
				endpoints,
			);
			let request = source?.kind === 'request' ? source.request : undefined;
			while (request) {
				found.push(request);
				request = request.fallback;
			}
		}

		return found;
	}

	test('each declares the schema of what it caches and its response size class', () => {
		const kinds = versionRequests().map((request) => request.kind);
		assert.deepEqual(kinds.sort(), ['core-metadata', 'crate-dependencies', 'version-json']);
		for (const request of versionRequests()) {
			assert.equal(request.cacheSchema, dependencyListSchema, request.kind);
			assert.ok(request.responseSize, `${request.kind} has no responseSize`);
		}
	});

	test('what their parsers return fits the schema', () => {
		const lists = [
			parseCoreMetadata(
				'Metadata-Version: 2.1\nName: x\nRequires-Dist: idna<4,>=2.5\nRequires-Dist: PySocks!=1.5.7; extra == "socks"\nRequires-Dist: y[z] @ git+https://example/y\n',
			),
			parseVersionJson({info: {requires_dist: null}}),
			parseVersionJson({info: {requires_dist: ['a>=1', 'b; python_version < "3.11"']}}),
			parseCrateDependencies({
				dependencies: [{crate_id: 'libc', req: '^0.2', kind: 'build', optional: false, target: 'cfg(unix)'}],
			}),
		];
		for (const list of lists)
			assert.equal(dependencyListSchema.check(JSON.parse(JSON.stringify(list))), null, JSON.stringify(list));
		assert.equal(
			dependencyListSchema.check({dependencies: [{name: 'a', range: '', kind: 'build', text: 'a'}]}),
			'.dependencies[0].kind: expected one of "prod", "dev", "optional", "peer"',
		);
	});

	test('a damaged cached .metadata is a miss: fetched again, the edges the same, said once', {
		timeout: 60_000,
	}, async () => {
		const server = await startRegistryServer();
		const cacheDir = path.join(folder.path, 'versions');
		try {
			const graph = loadProject({directory: fixturePath('resolve', 'pip-freeze')});
			const first = await scanToEnd(graph, server, {cacheDir});
			const children = first.children('pypi:requests@2.32.3');
			assert.equal(children.length, 4);
			const edited = editStoredEntry(
				cacheDir,
				(each) => each.kind === 'core-metadata' && each.name === 'requests@2.32.3',
				(stored) => ({...stored, value: {...(stored.value as object), dependencies: 'idna, urllib3'}}),
			);
			assert.ok(edited >= 1, 'the .metadata of requests 2.32.3 is cached');

			server.resetRequests();
			const second = await scanToEnd(graph, server, {cacheDir});
			assert.deepEqual(second.children('pypi:requests@2.32.3'), children);
			assert.equal(server.requests.length, 1, server.requests.map((request) => request.path).join(', '));
			assert.equal(server.count('pypi-metadata', 'requests'), 1);
			const last = second.events.filter((event) => event.type === 'progress').at(-1) as {
				progress: ScanProgress;
			};
			assert.deepEqual(last.progress.invalidCacheEntries, {
				count: 1,
				first:
					'core-metadata/pypi: value.dependencies: expected a list of an object with name, range, kind, text, extras, marker, source, alias',
			});

			server.resetRequests();
			const warm = await scanToEnd(graph, server, {cacheDir});
			assert.equal(server.requests.length, 0);
			assert.deepEqual(warm.children('pypi:requests@2.32.3'), children);
		} finally {
			await server.close();
		}
	});
});

describe('FactsCache with schemas', () => {
	test('a damaged entry is a miss, dropped and counted; an outdated one is a miss, kept until rewritten', async () => {
		const directory = path.join(folder.path, 'unit');
		const cache = new FactsCache(directory);
		cache.write({...entry, value: metadata}, packageMetadataSchema);
		assert.deepEqual((await cache.read(key, packageMetadataSchema))?.value, metadata);
		await cache.flush();
		const [record] = storedRecords(directory);
		const stored = JSON.parse(record!.text) as Record<string, unknown>;
		assert.equal(stored.format, 1);
		assert.equal(stored.schema, packageMetadataSchema.version);

		// Outdated: another schema version. Not an error, and nothing dropped.
		const reader = new FactsCache(directory);
		assert.equal(
			await reader.read(key, shape.versioned(packageMetadataSchema.version + 1, packageMetadataSchema)),
			null,
		);
		assert.equal(reader.invalidEntries.count, 0);
		await reader.maintain();
		assert.equal(storedRecords(directory).length, 1);

		// Damaged: a key renamed by hand. A miss, counted, and gone from disk after the next maintenance.
		const value = {...metadata, versionz: metadata.versions} as Record<string, unknown>;
		delete value.versions;
		editStoredEntry(
			directory,
			() => true,
			() => ({...stored, value}),
		);
		const damaged = new FactsCache(directory);
		assert.equal(await damaged.read(key, packageMetadataSchema), null);
		assert.deepEqual(damaged.invalidEntries, {count: 1, first: 'metadata/npm: value.versions: missing'});
		await damaged.maintain();
		assert.deepEqual(storedRecords(directory), []);
	});

	test('junk of every kind is a miss, never an exception', async () => {
		// Written under the current schema version: junk, not merely outdated.
		const v = packageMetadataSchema.version;
		const junk = [
			`{"format":1,"schema":${v},"key":5}`,
			'[]',
			'null',
			'"text"',
			`{"format":1,"schema":${v}}`,
			`{"format":1,"schema":${v},"key":${JSON.stringify(key)},"fetchedAt":"later","url":"u","etag":null,"missing":null,"value":{}}`,
			`{"format":1,"schema":${v},"key":${JSON.stringify(key)},"fetchedAt":"2026-01-01T00:00:00Z","url":"u","etag":null,"missing":null,"value":null}`,
			`{"format":1,"schema":${v},"key":${JSON.stringify(key)},"fetchedAt":"2026-01-01T00:00:00Z","url":"u","etag":null,"missing":null,"value":{"daily":{"start":5,"counts":"x"}}}`,
			`{"format":1,"schema":${v},"key":${JSON.stringify(key)},"fetchedAt":"2026-01-01T00:00:00Z","url":"u","etag":null,"missing":"not found","value":null,"absent":[1]}`,
			'\u0000garbage',
		];
		let invalid = 0;
		for (const [index, text] of junk.entries()) {
			const directory = path.join(folder.path, `junk-${index}`);
			const writer = new FactsCache(directory);
			writer.write({...entry, value: metadata}, packageMetadataSchema);
			await writer.flush();
			assert.equal(
				editStoredRecords(directory, () => text),
				1,
			);
			const reader = new FactsCache(directory);
			assert.equal(await reader.read(key, packageMetadataSchema), null, text);
			invalid += reader.invalidEntries.count;
		}

		assert.equal(invalid, junk.length);
	});
});

describe('a scan over a damaged cache', () => {
	let server: RegistryServer;
	before(async () => {
		server = await startRegistryServer({cratesDownloadsEndToday: true});
	});
	after(async () => {
		await server.close();
	});
	beforeEach(() => server.resetRequests());

	const specs: PackageSpec[] = [
		{name: 'axios', version: '1.7.9'},
		{name: 'chalk', version: '5.4.1'},
		{ecosystem: 'pypi', name: 'requests', version: '2.32.4'},
	];

	/** Renames `versions` in the cached metadata of `name` (a damaged entry). */
	function renameVersions(directory: string, name: string): void {
		const edited = editStoredEntry(
			directory,
			(each) => each.kind === 'metadata' && each.name === name,
			(stored) => {
				const value = {...(stored.value as Record<string, unknown>)};
				value.versionz = value.versions;
				delete value.versions;
				return {...stored, value};
			},
		);
		assert.ok(edited >= 1, `no cache entry for ${name}`);
	}

	/** Waits until `condition` holds (the scan's housekeeping runs after it ends), or fails after a while. */
	async function eventually(condition: () => boolean): Promise<void> {
		const deadline = Date.now() + 10_000;
		while (!condition()) {
			assert.ok(Date.now() < deadline, 'condition never held');
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}

	test('offline: one renamed key is that package unknown; the scan ends and says so once', {
		timeout: 30_000,
	}, async () => {
		const cacheDir = path.join(folder.path, 'scan-one');
		await runScan(graphOf(specs), serverScanOptions(server, {cacheDir}));
		renameVersions(cacheDir, 'axios');
		const {facts, events} = await runScan(
			graphOf(specs),
			serverScanOptions(server, {cacheDir, offline: true}),
		);
		assert.equal(facts.size, specs.length);
		assert.deepEqual(facts.get('npm:axios@1.7.9')?.errors, ['metadata: offline: not in cache']);
		assert.deepEqual(facts.get('npm:chalk@5.4.1')?.errors, []);
		const last = events.filter((event) => event.type === 'progress').at(-1) as {progress: ScanProgress};
		assert.deepEqual(last.progress.invalidCacheEntries, {
			count: 1,
			first: 'metadata/npm: value.versions: missing',
		});
	});

	test('online: the damaged entry is fetched again and rewritten whole', {timeout: 30_000}, async () => {
		const cacheDir = path.join(folder.path, 'scan-refetch');
		await runScan(graphOf(specs), serverScanOptions(server, {cacheDir}));
		renameVersions(cacheDir, 'chalk');
		server.resetRequests();
		const {facts} = await runScan(graphOf(specs), serverScanOptions(server, {cacheDir}));
		assert.equal(server.requests.length, 1);
		assert.equal(server.count('npm', 'chalk'), 1);
		assert.equal(facts.get('npm:chalk@5.4.1')?.metadata?.publishers?.length, 2);
		const again = await runScan(graphOf(specs), serverScanOptions(server, {cacheDir}));
		assert.equal(again.facts.get('npm:chalk@5.4.1')?.origins.metadata?.fromCache, true);
	});

	test('every entry damaged with wrong types: the scan ends, every package unknown, no exception', {
		timeout: 30_000,
	}, async () => {
		const cacheDir = path.join(folder.path, 'scan-all');
		await runScan(graphOf(specs), serverScanOptions(server, {cacheDir}));
		// A version's dependencies (requests' locked and previous versions, for release evidence) are read only once
		// its package's metadata is: with every metadata entry damaged, nothing asks for them.
		const perVersion = new Set(['core-metadata', 'version-json']);
		const all = storedRecords(cacheDir);
		const records = all.filter((record) => !perVersion.has(record.key.kind)).length;
		assert.ok(all.length > records, 'the scan cached some versions’ dependencies');
		editStoredEntry(
			cacheDir,
			() => true,
			(stored) => ({...stored, value: {daily: 'lots', weekly: '7', versions: 5, publishers: {}}}),
		);

		const {facts, events} = await runScan(
			graphOf(specs),
			serverScanOptions(server, {cacheDir, offline: true}),
		);
		assert.equal(facts.size, specs.length);
		for (const each of facts.values())
			assert.ok(each.errors.every((error) => error.endsWith('offline: not in cache')));
		const last = events.filter((event) => event.type === 'progress').at(-1) as {progress: ScanProgress};
		assert.equal(last.progress.invalidCacheEntries?.count, records);
		await eventually(() => storedRecords(cacheDir).length === all.length - records);
	});

	test('the CLI offline over a damaged cache: a report, exit 0, one warning line', {
		timeout: 60_000,
	}, async () => {
		const env = serverEnv(server);
		const webApp = fixturePath('cli', 'web-app');
		assert.equal((await runCli(['--json', webApp], {env})).code, 0);
		renameVersions(env.COMMIT_TUI_CACHE_DIR!, 'axios');
		const result = await runCli(['--json', '--offline', webApp], {env});
		assert.equal(result.code, 0, result.stderr);
		const report = JSON.parse(result.stdout) as {packages: Array<{id: string; error: string | null}>};
		assert.equal(
			report.packages.find((each) => each.id === 'npm:axios@1.7.9')?.error,
			'metadata: offline: not in cache',
		);
		const warnings = result.stderr.split('\n').filter((line) => line.includes('cache entr'));
		assert.deepEqual(warnings, [
			'commit-tui: warning: 1 cache entry was damaged or edited (metadata/npm: value.versions: missing) and removed; its package is unknown in this offline run',
		]);
		await fs.rm(env.HOME!, {recursive: true, force: true});
	});
});
