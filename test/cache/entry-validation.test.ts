import assert from 'node:assert/strict';
import {existsSync, promises as fs, readdirSync, readFileSync, writeFileSync} from 'node:fs';
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
import {isolatedEnv, runCli} from '../helpers/run-cli.js';

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
			const file = readdirSync(cacheDir, {recursive: true})
				.map((name) => path.join(cacheDir, String(name)))
				.find((each) => {
					if (!each.endsWith('.json')) return false;
					const stored = JSON.parse(readFileSync(each, 'utf8')) as {key: CacheKey};
					return stored.key.kind === 'core-metadata' && stored.key.name === 'requests@2.32.3';
				});
			assert.ok(file, 'the .metadata of requests 2.32.3 is cached');
			const stored = JSON.parse(readFileSync(file, 'utf8')) as {value: Record<string, unknown>};
			stored.value.dependencies = 'idna, urllib3';
			writeFileSync(file, JSON.stringify(stored));

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
	test('a damaged entry is a miss, deleted and counted; an outdated one is a miss, kept until rewritten', async () => {
		const cache = new FactsCache(path.join(folder.path, 'unit'));
		await cache.write({...entry, value: metadata}, packageMetadataSchema);
		assert.deepEqual((await cache.read(key, packageMetadataSchema))?.value, metadata);
		const file = cache.fileFor(key);
		const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
		assert.equal(stored.format, 1);
		assert.equal(stored.schema, packageMetadataSchema.version);

		// Outdated: another schema version. Not an error, and nothing deleted.
		assert.equal(
			await cache.read(key, shape.versioned(packageMetadataSchema.version + 1, packageMetadataSchema)),
			null,
		);
		assert.equal(existsSync(file), true);
		assert.equal(cache.invalidEntries.count, 0);

		// Damaged: a key renamed by hand.
		const value = {...metadata, versionz: metadata.versions} as Record<string, unknown>;
		delete value.versions;
		writeFileSync(file, JSON.stringify({...stored, value}));
		assert.equal(await cache.read(key, packageMetadataSchema), null);
		assert.equal(existsSync(file), false);
		assert.deepEqual(cache.invalidEntries, {count: 1, first: 'metadata/npm: value.versions: missing'});
	});

	test('junk of every kind is a miss, never an exception', async () => {
		const cache = new FactsCache(path.join(folder.path, 'junk'));
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
			'\u0000garbage',
		];
		for (const text of junk) {
			await cache.write({...entry, value: metadata}, packageMetadataSchema);
			writeFileSync(cache.fileFor(key), text);
			assert.equal(await cache.read(key, packageMetadataSchema), null, text);
		}

		assert.equal(cache.invalidEntries.count, junk.length);
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

	function cacheFiles(directory: string): string[] {
		return readdirSync(directory, {recursive: true})
			.map(String)
			.filter((name) => name.endsWith('.json'))
			.map((name) => path.join(directory, name));
	}

	/** The cache file of the npm packument of `name`, found by its content. */
	function metadataFileOf(directory: string, name: string): string {
		const file = cacheFiles(directory).find((each) => {
			const stored = JSON.parse(readFileSync(each, 'utf8')) as {key: CacheKey};
			return stored.key.kind === 'metadata' && stored.key.name === name;
		});
		assert.ok(file, `no cache entry for ${name}`);
		return file;
	}

	function renameVersions(file: string): void {
		const stored = JSON.parse(readFileSync(file, 'utf8')) as {value: Record<string, unknown>};
		stored.value.versionz = stored.value.versions;
		delete stored.value.versions;
		writeFileSync(file, JSON.stringify(stored));
	}

	test('offline: one renamed key is that package unknown; the scan ends and says so once', {
		timeout: 30_000,
	}, async () => {
		const cacheDir = path.join(folder.path, 'scan-one');
		await runScan(graphOf(specs), serverScanOptions(server, {cacheDir}));
		renameVersions(metadataFileOf(cacheDir, 'axios'));
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
		renameVersions(metadataFileOf(cacheDir, 'chalk'));
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
		const files = cacheFiles(cacheDir);
		for (const file of files) {
			const stored = JSON.parse(readFileSync(file, 'utf8')) as {value: unknown};
			stored.value = {daily: 'lots', weekly: '7', versions: 5, publishers: {}};
			writeFileSync(file, JSON.stringify(stored));
		}

		const {facts, events} = await runScan(
			graphOf(specs),
			serverScanOptions(server, {cacheDir, offline: true}),
		);
		assert.equal(facts.size, specs.length);
		for (const each of facts.values())
			assert.ok(each.errors.every((error) => error.endsWith('offline: not in cache')));
		const last = events.filter((event) => event.type === 'progress').at(-1) as {progress: ScanProgress};
		assert.equal(last.progress.invalidCacheEntries?.count, files.length);
		assert.deepEqual(cacheFiles(cacheDir), []);
	});

	test('the CLI offline over a damaged cache: a report, exit 0, one warning line', {
		timeout: 60_000,
	}, async () => {
		const env = isolatedEnv({
			COMMIT_TUI_REGISTRY: server.npmRegistryUrl,
			COMMIT_TUI_DOWNLOADS_URL: server.downloadsUrl,
			COMMIT_TUI_PYPI_URL: server.pypiUrl,
			COMMIT_TUI_PYPISTATS_URL: server.pypistatsUrl,
			COMMIT_TUI_CRATES_URL: server.cratesUrl,
		});
		const webApp = fixturePath('cli', 'web-app');
		assert.equal((await runCli(['--json', webApp], {env})).code, 0);
		renameVersions(metadataFileOf(env.COMMIT_TUI_CACHE_DIR!, 'axios'));
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
