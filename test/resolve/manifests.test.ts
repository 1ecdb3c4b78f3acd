import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {after, before, beforeEach, describe, test} from 'node:test';
import {filterGraph} from '../../source/graph/filter.js';
import {findLockfiles} from '../../source/lockfiles/detect.js';
import {loadProject} from '../../source/lockfiles/index.js';
import {LockfileError} from '../../source/lockfiles/types.js';
import {packageSpecGraph} from '../../source/resolve/package-specs.js';
import {fixturePath} from '../helpers/paths.js';
import {registryNow} from '../helpers/registry-data.js';
import {temporaryDirectory} from '../helpers/registry-scan.js';
import {type RegistryServer, startRegistryServer} from '../helpers/registry-server.js';
import {projectWith, resolveFiles, scanToEnd} from '../helpers/resolve-scan.js';

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

const packageJson = readFileSync(fixturePath('resolve', 'package-json', 'package.json'), 'utf8');
const pyproject = readFileSync(fixturePath('resolve', 'pyproject', 'pyproject.toml'), 'utf8');

describe('a package.json without a lockfile is resolved as npm 7+ installs it', () => {
	test('newest satisfying each range, transitively; peers installed, optional peers not; dev and optional marked', async () => {
		const result = await resolveFiles({'package.json': packageJson}, server);
		assert.deepEqual(result.graph.lockfiles, [
			{path: 'package.json', format: 'package-json', ecosystem: 'npm', resolved: true},
		]);
		assert.deepEqual(result.initial.roots[0]!.dependencies, [
			'npm:express@unknown',
			'npm:axios@unknown',
			'npm:react-dom@unknown',
			'npm:my-lib@unknown',
			'npm:chalk@unknown',
		]);
		assert.deepEqual(result.graph.roots[0]!.dependencies, [
			'npm:express@4.21.2',
			'npm:axios@1.7.9',
			'npm:react-dom@18.3.1',
			'npm:my-lib@unknown',
			'npm:chalk@5.4.1',
		]);
		// dist-tags.latest (5.1.0) does not satisfy ^4.17.0: the newest 4.x does.
		assert.match(
			result.pkg('npm:express@4.21.2').origin?.version ?? '',
			/newest version satisfying \^4\.17\.0/,
		);
		assert.match(result.pkg('npm:axios@1.7.9').origin?.version ?? '', /the latest tag/);
		assert.deepEqual(result.children('npm:express@4.21.2'), [
			'npm:debug@4.4.0',
			'npm:form-data@4.0.2',
			'npm:ms@2.1.3',
		]);
		assert.deepEqual(result.pkg('npm:form-data@4.0.2').aliases, ['safe-buffer']);
		assert.deepEqual(result.children('npm:react-dom@18.3.1'), ['npm:react@18.3.1', 'npm:scheduler@0.23.2']);
		// debug: ms (prod), supports-color (optional); its optional peer chalk is not installed for it.
		assert.deepEqual(result.children('npm:debug@4.4.0'), ['npm:ms@2.1.3', 'npm:supports-color@8.1.1']);
		assert.equal(result.pkg('npm:supports-color@8.1.1').optional, true);
		assert.equal(result.pkg('npm:chalk@5.4.1').dev, true);
		const lib = result.pkg('npm:my-lib@unknown');
		assert.deepEqual([lib.source, lib.locked], ['file', false]);
		for (const node of result.graph.packages.values()) assert.equal(node.locked, false, node.id);
		for (const name of ['express', 'axios', 'debug', 'ms', 'react'])
			assert.equal(server.count('npm', name), 1, name);
		assert.equal(server.count('npm', 'my-lib'), 0, 'a file: dependency is never looked up');
		// Names found while resolving still share bulk download requests (128 unscoped names each).
		assert.ok(server.count('downloads') <= 2, `${server.count('downloads')} download requests`);
		assert.match(result.graph.warnings.join('\n'), /package\.json: commit-tui resolved 11 packages itself/);
	});

	test('--prod leaves the dev requirements out: not resolved, not fetched', async () => {
		const folder = projectWith({'package.json': packageJson});
		try {
			const graph = filterGraph(loadProject({directory: folder.path}), {production: true});
			const result = await scanToEnd(graph, server);
			assert.equal(
				[...result.graph.packages.keys()].some((id) => id.startsWith('npm:chalk')),
				false,
			);
			assert.equal(server.count('npm', 'chalk'), 0);
		} finally {
			folder.remove();
		}
	});
});

describe('a pyproject.toml without a lockfile', () => {
	test('PEP 621 dependencies are prod; optional-dependencies and dependency groups dev; markers judged', async () => {
		const result = await resolveFiles({'pyproject.toml': pyproject}, server);
		assert.equal(result.graph.roots[0]!.name, 'bare-tool');
		assert.deepEqual(result.graph.roots[0]!.dependencies, [
			'pypi:requests@2.32.4',
			'pypi:click@8.1.8',
			'pypi:tomli@unknown',
			'pypi:brotlipy@0.7.0',
			'pypi:black@25.1.0',
		]);
		assert.match(result.pkg('pypi:tomli@unknown').origin?.version ?? '', /not for this environment/);
		assert.deepEqual(
			['pypi:requests@2.32.4', 'pypi:brotlipy@0.7.0', 'pypi:black@25.1.0', 'pypi:click@8.1.8'].map(
				(id) => result.pkg(id).dev,
			),
			[false, true, true, false],
		);
		assert.deepEqual(result.graph.lockfiles[0]?.resolved, true);
	});

	test('Poetry: carets and tildes as PEP 440, python constraints as markers, groups other than main are dev', async () => {
		const result = await resolveFiles(
			{'pyproject.toml': readFileSync(fixturePath('resolve', 'poetry-pyproject', 'pyproject.toml'), 'utf8')},
			server,
		);
		assert.deepEqual(result.direct(), [
			'pypi:black@24.10.0',
			'pypi:idna@3.7',
			'pypi:requests@2.32.4',
			'pypi:tomli@unknown',
		]);
		assert.ok(result.children('pypi:requests@2.32.4').includes('pypi:idna@3.7'), 'one idna for everyone');
		assert.equal(result.pkg('pypi:black@24.10.0').dev, true);
	});

	test('a pyproject.toml of tool settings only adds nothing beside a real input', () => {
		const folder = projectWith({
			'pyproject.toml': '[tool.black]\nline-length = 100\n',
			'package.json': packageJson,
		});
		try {
			const graph = loadProject({directory: folder.path});
			assert.deepEqual(
				graph.lockfiles.map((lockfile) => lockfile.path),
				['package.json'],
			);
		} finally {
			folder.remove();
		}
	});
});

describe('a lockfile always wins over its manifest', () => {
	test('package.json beside an npm lockfile, pyproject.toml beside a Python one; across ecosystems both count', () => {
		const lock = readFileSync(fixturePath('cli', 'web-app', 'package-lock.json'), 'utf8');
		const cases: Array<[Record<string, string>, string[]]> = [
			[{'package.json': packageJson, 'package-lock.json': lock}, ['package-lock.json']],
			[{'package.json': packageJson, 'yarn.lock': '# yarn lockfile v1\n'}, ['yarn.lock']],
			[{'pyproject.toml': pyproject, 'requirements.txt': 'idna==3.10\n'}, ['requirements.txt']],
			[{'pyproject.toml': pyproject, 'requirements-dev.txt': 'idna==3.10\n'}, ['requirements-dev.txt']],
			[{'pyproject.toml': pyproject, 'poetry.lock': '[[package]]\n'}, ['poetry.lock']],
			[{'pyproject.toml': pyproject, 'package.json': packageJson}, ['package.json', 'pyproject.toml']],
			[
				{'package.json': packageJson, 'requirements.txt': 'idna==3.10\n'},
				['package.json', 'requirements.txt'],
			],
		];
		for (const [files, expected] of cases) {
			const folder = projectWith(files);
			try {
				assert.deepEqual(findLockfiles(folder.path), expected, Object.keys(files).join(' + '));
			} finally {
				folder.remove();
			}
		}
	});
});

describe('--package: what would I pull in?', () => {
	test('one root per spec, each with its whole resolved tree', async () => {
		const result = await scanToEnd(
			packageSpecGraph(['npm:express@^4', 'npm:@types/node', 'pypi:requests==2.32.3', 'cargo:syn@2']),
			server,
		);
		assert.deepEqual(
			result.graph.roots.map((root) => [root.name, root.dependencies]),
			[
				['npm:express@^4', ['npm:express@4.21.2']],
				['npm:@types/node', ['npm:@types/node@22.10.2']],
				['pypi:requests==2.32.3', ['pypi:requests@2.32.3']],
				['cargo:syn@2', ['cargo:syn@2.0.106']],
			],
		);
		assert.deepEqual(result.children('npm:express@4.21.2'), [
			'npm:debug@4.4.0',
			'npm:form-data@4.0.2',
			'npm:ms@2.1.3',
		]);
		assert.equal(result.children('pypi:requests@2.32.3').length, 4);
		// Cargo: normal and build dependencies; dev and optional ones are not.
		assert.deepEqual(result.children('cargo:syn@2.0.106'), [
			'cargo:quiet-crate@1.0.0',
			'cargo:serde@1.0.219',
		]);
		// From the sparse index read with syn's metadata: no per-version request on the paced API.
		assert.equal(server.count('crates-index', 'syn'), 1);
		assert.equal(server.count('crates-dependencies', 'syn'), 0);
		assert.equal(server.count(undefined, 'tiny-young'), 0);
		assert.ok(result.graph.lockfiles.every((lockfile) => lockfile.resolved && lockfile.format === 'package'));
		assert.ok([...result.graph.packages.values()].every((node) => node.locked === false));
		assert.equal(result.facts.size, result.graph.packages.size, 'every package scored');
	});

	test("without the crate's index file, a version's dependencies are asked of the API instead", async () => {
		server.setFault({kind: 'crates-index', name: 'syn', status: 404});
		try {
			const result = await scanToEnd(packageSpecGraph(['cargo:syn@2']), server, {retry: {limit: 0}});
			assert.deepEqual(result.children('cargo:syn@2.0.106'), [
				'cargo:quiet-crate@1.0.0',
				'cargo:serde@1.0.219',
			]);
			assert.equal(server.count('crates-dependencies', 'syn'), 1);
		} finally {
			server.clearFaults();
		}
	});

	test('nothing satisfies the range: the package is still shown, with an unknown version and why', async () => {
		const result = await scanToEnd(packageSpecGraph(['npm:express@^9']), server);
		assert.deepEqual(result.direct(), ['npm:express@unknown']);
		assert.match(result.pkg('npm:express@unknown').origin?.version ?? '', /no version satisfies \^9/);
		assert.match(result.graph.warnings.join('\n'), /npm:express@\^9: 1 requirement not resolved/);
	});

	test('a spec without an ecosystem, or one its ecosystem cannot read, is an error naming it', () => {
		const message = (spec: string) => {
			try {
				packageSpecGraph([spec]);
			} catch (error) {
				assert.ok(error instanceof LockfileError);
				return error.describe();
			}

			return 'no error';
		};

		assert.match(
			message('express@^4'),
			/^--package express@\^4: start with an ecosystem: npm:, pypi:, cargo:/,
		);
		assert.match(message('npm:express@banana'), /"banana" is not a semver range/);
		assert.match(message('pypi:requests>>2'), /not a PEP 508 requirement/);
		assert.match(message('cargo:9lives@1'), /not a crate name/);
	});
});

describe('a resolved tree is what would be installed now', () => {
	test('a cached packument resolution picks from is trusted five minutes (the registry’s max-age), not a day', async () => {
		const fixture = (versions: string[]) => ({
			name: 'fresh-pick',
			maintainers: ['someone'],
			dailyDownloads: 50_000,
			versions: versions.map((version, index) => ({version, publisher: 'someone', daysAgo: 100 - index})),
		});
		server.addNpmPackage(fixture(['1.0.0']));
		const cache = temporaryDirectory('commit-tui-resolve-cache-');
		try {
			const files = {'package.json': JSON.stringify({dependencies: {'fresh-pick': '^1.0.0'}})};
			const at = (minutes: number) => ({cacheDir: cache.path, now: () => registryNow + minutes * 60_000});
			const picked = async (minutes: number) =>
				(await resolveFiles(files, server, at(minutes))).graph.roots[0]!.dependencies;
			assert.deepEqual(await picked(0), ['npm:fresh-pick@1.0.0']);
			// 1.1.0 is published; a minute later the cached packument is still what the registry would serve.
			server.addNpmPackage(fixture(['1.0.0', '1.1.0']));
			server.resetRequests();
			assert.deepEqual(await picked(1), ['npm:fresh-pick@1.0.0']);
			assert.equal(server.count('npm', 'fresh-pick'), 0);
			// Six minutes on, it is asked again: the new release is what `npm install` would get.
			assert.deepEqual(await picked(6), ['npm:fresh-pick@1.1.0']);
			assert.equal(server.count('npm', 'fresh-pick'), 1);
		} finally {
			cache.remove();
		}
	});
});
