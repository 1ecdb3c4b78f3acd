import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {NpmPackageFixture, PypiPackageFixture} from '../helpers/registry-data.js';
import {registryNow} from '../helpers/registry-data.js';
import {type RegistryServer, startRegistryServer} from '../helpers/registry-server.js';
import {runCli, serverEnv} from '../helpers/run-cli.js';

/**
 * A cache filled an hour ago cannot know a release published since. A pull request that bumps a dependency to
 * the version an attacker published ten minutes ago, scanned in CI with yesterday's cache restored, must see that
 * version — its age, its publisher — and not call it "not in the registry".
 */

const dayMs = 86_400_000;
/** Fixture `daysAgo` (relative to `registryNow`) of a moment `hours` before the real now. */
const hoursAgo = (hours: number) => (registryNow - Date.now()) / dayMs + hours / 24;

const debugBefore: NpmPackageFixture = {
	name: 'debug',
	maintainers: ['qix', 'thebigredgeek'],
	repository: {type: 'git', url: 'git+https://github.com/debug-js/debug.git'},
	dailyDownloads: 2_000_000,
	versions: [
		{version: '4.4.0', publisher: 'qix', daysAgo: hoursAgo(24 * 400)},
		{version: '4.4.1', publisher: 'qix', daysAgo: hoursAgo(24 * 110)},
	],
};
const debugAfter: NpmPackageFixture = {
	...debugBefore,
	versions: [...debugBefore.versions, {version: '4.4.2', publisher: 'qix', daysAgo: hoursAgo(0.2)}],
};

const requestsBefore: PypiPackageFixture = {
	name: 'requests',
	ownership: {roles: [{role: 'Owner', user: 'nateprewitt'}], organization: null},
	releases: [{version: '2.32.3', daysAgo: hoursAgo(24 * 300), requiresDist: []}],
	dailyDownloads: 5_000_000,
};
const requestsAfter: PypiPackageFixture = {
	...requestsBefore,
	releases: [...requestsBefore.releases, {version: '2.32.4', daysAgo: hoursAgo(0.2), requiresDist: []}],
};

let server: RegistryServer;
let folder: string;
before(async () => {
	server = await startRegistryServer({dataset: {npm: [debugBefore], pypi: [requestsBefore]}});
	folder = mkdtempSync(path.join(tmpdir(), 'commit-stale-cache-'));
});
after(async () => {
	await server.close();
	rmSync(folder, {recursive: true, force: true});
});

type Reported = {
	readonly id: string;
	readonly release: {readonly risk: string; readonly evidence: string[]};
	readonly flags: Array<{readonly id: string}>;
	readonly error: string | null;
};

async function scan(project: string, cacheDir: string): Promise<Map<string, Reported>> {
	const result = await runCli(['--json', '--cache-dir', cacheDir, project], {env: serverEnv(server)});
	assert.ok(result.code === 0 || result.code === 1, result.stderr);
	const report = JSON.parse(result.stdout) as {packages: Reported[]};
	return new Map(report.packages.map((entry) => [entry.id, entry]));
}

function npmProject(version: string): string {
	const project = mkdtempSync(path.join(folder, 'npm-'));
	const packages = {
		'': {name: 'app', version: '1.0.0', dependencies: {debug: version}},
		'node_modules/debug': {
			version,
			resolved: `https://registry.npmjs.org/debug/-/debug-${version}.tgz`,
			integrity: 'sha512-AAAA',
		},
	};
	writeFileSync(path.join(project, 'package.json'), JSON.stringify(packages['']));
	writeFileSync(
		path.join(project, 'package-lock.json'),
		JSON.stringify({name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages}),
	);
	return project;
}

function pythonProject(version: string): string {
	const project = mkdtempSync(path.join(folder, 'py-'));
	writeFileSync(path.join(project, 'requirements.txt'), `requests==${version}\n`);
	return project;
}

describe('a cache from before the locked version was published', () => {
	test('npm: the new version is fetched, and is in its cooldown — not "not in the registry"', async () => {
		const cacheDir = path.join(folder, 'npm-cache');
		assert.equal((await scan(npmProject('4.4.1'), cacheDir)).get('npm:debug@4.4.1')?.error, null);
		server.addNpmPackage(debugAfter);
		server.resetRequests();
		const debug = (await scan(npmProject('4.4.2'), cacheDir)).get('npm:debug@4.4.2')!;
		assert.ok(server.count('npm', 'debug') >= 1, 'the packument was asked for again');
		assert.ok(debug.release.evidence.includes('cooldown'), debug.release.evidence.join(', '));
		assert.ok(!debug.flags.some((flag) => flag.id === 'unpublished'), JSON.stringify(debug.flags));
		// Then warm again: the refetched packument has it, nothing more is asked.
		server.resetRequests();
		await scan(npmProject('4.4.2'), cacheDir);
		assert.equal(server.count('npm', 'debug'), 0);
	});

	test('a locked version the registry truly lacks is asked about once, not on every warm run', async () => {
		const cacheDir = path.join(folder, 'gone-cache');
		const gone = npmProject('4.3.9');
		assert.ok(
			(await scan(gone, cacheDir)).get('npm:debug@4.3.9')!.flags.some((flag) => flag.id === 'unpublished'),
		);
		server.resetRequests();
		const again = (await scan(gone, cacheDir)).get('npm:debug@4.3.9')!;
		assert.equal(server.count('npm', 'debug'), 0, 'its absence is in the cache');
		assert.ok(again.flags.some((flag) => flag.id === 'unpublished'));
	});

	test('PyPI: the same', async () => {
		const cacheDir = path.join(folder, 'pypi-cache');
		assert.equal((await scan(pythonProject('2.32.3'), cacheDir)).get('pypi:requests@2.32.3')?.error, null);
		server.addPypiPackage(requestsAfter);
		const requests = (await scan(pythonProject('2.32.4'), cacheDir)).get('pypi:requests@2.32.4')!;
		assert.ok(requests.release.evidence.includes('cooldown'), requests.release.evidence.join(', '));
		assert.ok(!requests.flags.some((flag) => flag.id === 'unpublished'), JSON.stringify(requests.flags));
	});
});

describe('a cache folder that cannot be written', () => {
	test('the scan still reports, exit as usual, and one warning names the folder and the reason', async () => {
		const inTheWay = path.join(folder, 'cache-is-a-file');
		writeFileSync(inTheWay, '');
		const result = await runCli(['--json', '--cache-dir', inTheWay, npmProject('4.4.1')], {
			env: serverEnv(server),
		});
		assert.equal(result.code, 0, result.stderr);
		assert.equal((JSON.parse(result.stdout) as {packages: Reported[]}).packages[0]?.error, null);
		const warnings = result.stderr.split('\n').filter((line) => line.includes('cannot write the cache'));
		assert.equal(warnings.length, 1, result.stderr);
		assert.match(
			warnings[0]!,
			/^commit-tui: warning: cannot write the cache \(.*cache-is-a-file: a folder on the path is a file \(ENOTDIR\)\); this run's answers are not kept/,
		);
		// Offline nothing is written, so nothing is said.
		const offline = await runCli(['--json', '--offline', '--cache-dir', inTheWay, npmProject('4.4.1')], {
			env: serverEnv(server),
		});
		assert.ok(!offline.stderr.includes('cannot write the cache'), offline.stderr);
	});
});
