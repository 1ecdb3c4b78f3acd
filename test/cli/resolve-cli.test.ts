import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {fixturePath} from '../helpers/paths.js';
import {type RegistryServer, startRegistryServer} from '../helpers/registry-server.js';
import {runCli, serverEnv} from '../helpers/run-cli.js';

/** The CLI end to end on inputs it resolves itself: a flat pip freeze, bare manifests, --package. */

let server: RegistryServer;
before(async () => {
	server = await startRegistryServer({cratesDownloadsEndToday: true});
});
after(async () => {
	await server.close();
});

type JsonReport = {
	lockfiles: Array<{path: string; format: string; resolved?: boolean}>;
	warnings: string[];
	roots: Array<{name: string; dependencies: string[]}>;
	packages: Array<{
		id: string;
		direct: boolean;
		locked: boolean;
		edgesFrom: string;
		dependencies: string[];
		risk: string;
	}>;
};

const freeze = fixturePath('resolve', 'pip-freeze');

describe('a pip freeze: requests › certifi in every report', () => {
	test('JSON: the edges, `locked` and `edgesFrom`', async () => {
		const result = await runCli(['--json', freeze], {env: serverEnv(server)});
		assert.equal(result.code, 0, result.stderr);
		const report = JSON.parse(result.stdout) as JsonReport;
		const byId = new Map(report.packages.map((entry) => [entry.id, entry]));
		const requests = byId.get('pypi:requests@2.32.3')!;
		assert.deepEqual(requests.dependencies.sort(), [
			'pypi:certifi@2025.4.26',
			'pypi:charset-normalizer@3.4.1',
			'pypi:idna@3.10',
			'pypi:urllib3@2.4.0',
		]);
		assert.deepEqual(report.roots[0]!.dependencies, ['pypi:requests@2.32.3']);
		const certifi = byId.get('pypi:certifi@2025.4.26')!;
		assert.deepEqual([certifi.direct, certifi.locked, certifi.edgesFrom], [false, true, 'registry']);
		assert.equal(certifi.risk, 'critical');
	});

	test('Markdown, HTML, SARIF and the summary name the path', async () => {
		const md = await runCli(['--format', 'md', freeze], {env: serverEnv(server)});
		assert.match(md.stdout, /certifi@2025\.4\.26 \(via requests › certifi\)/);
		const html = await runCli(['--format', 'html', freeze], {env: serverEnv(server)});
		assert.match(html.stdout, /<small>requests › certifi<\/small>/);
		const sarif = await runCli(['--format', 'sarif', freeze], {env: serverEnv(server)});
		assert.match(sarif.stdout, /certifi@2025\.4\.26 \(requests › certifi\) is CRITICAL/);
		const summary = await runCli([freeze], {env: serverEnv(server)});
		assert.match(summary.stdout, /CRITICAL\s+certifi@2025\.4\.26 .*\(requests › certifi\)/);
	});
});

describe('inputs without a lockfile', () => {
	test('a bare package.json and a bare pyproject.toml: full, scored, labelled resolved trees', async () => {
		for (const [folder, path, count] of [
			['package-json', 'package.json', 12],
			['pyproject', 'pyproject.toml', 12],
		] as const) {
			const result = await runCli(['--json', fixturePath('resolve', folder)], {
				env: serverEnv(server),
			});
			assert.equal(result.code, 0, result.stderr);
			const report = JSON.parse(result.stdout) as JsonReport;
			assert.deepEqual(
				report.lockfiles.map((lockfile) => [lockfile.path, lockfile.resolved]),
				[[path, true]],
			);
			assert.equal(report.packages.length, count, folder);
			assert.ok(report.packages.every((entry) => !entry.locked));
			assert.ok(report.packages.filter((entry) => entry.risk !== 'unknown').length >= count - 2, folder);
			assert.match(result.stderr, /commit-tui resolved \d+ packages itself/);
			const summary = await runCli([fixturePath('resolve', folder)], {env: serverEnv(server)});
			assert.match(summary.stdout.split('\n')[0]!, /resolved, no lockfile/);
		}
	});

	test('--package npm:express@^4 shows what express brings; --package with --file is a usage error', async () => {
		const result = await runCli(['--json', '--package', 'npm:express@^4'], {env: serverEnv(server)});
		assert.equal(result.code, 0, result.stderr);
		const report = JSON.parse(result.stdout) as JsonReport;
		assert.deepEqual(
			report.roots.map((root) => [root.name, root.dependencies]),
			[['npm:express@^4', ['npm:express@4.21.2']]],
		);
		assert.deepEqual(report.packages.map((entry) => entry.id).sort(), [
			'npm:debug@4.4.0',
			'npm:express@4.21.2',
			'npm:form-data@4.0.2',
			'npm:ms@2.1.3',
			'npm:supports-color@8.1.1',
		]);
		assert.deepEqual(report.lockfiles, [
			{path: 'npm:express@^4', format: 'package', ecosystem: 'npm', resolved: true},
		]);
		const both = await runCli(['--package', 'npm:express', '--file', 'x.lock'], {
			env: serverEnv(server),
		});
		assert.equal(both.code, 2);
		assert.match(both.stderr, /--package or --file, not both/);
		const bad = await runCli(['--package', 'express'], {env: serverEnv(server)});
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /^commit-tui: --package express: start with an ecosystem/);
	});

	test('python.environment is a setting: shown, changed, refused when not an environment', async () => {
		const env = serverEnv(server);
		const get = await runCli(['config', 'get', 'python.environment'], {env});
		assert.equal(get.stdout.trim(), '3.12/linux-x86_64/cpython');
		assert.equal(
			(await runCli(['config', 'set', 'python.environment', '3.10/Windows-AMD64/cpython'], {env})).code,
			0,
		);
		assert.equal(
			(await runCli(['config', 'get', 'python.environment'], {env})).stdout.trim(),
			'3.10/windows-amd64/cpython',
		);
		const bad = await runCli(['config', 'set', 'python.environment', 'windows'], {env});
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /python\.environment: expected version\/platform\/implementation/);
		// Judged against Windows and 3.10, click needs colorama and black tomli.
		const requirements = await runCli(['--json', fixturePath('resolve', 'unpinned')], {env});
		const report = JSON.parse(requirements.stdout) as JsonReport;
		const black = report.packages.find((entry) => entry.id.startsWith('pypi:black@'))!;
		assert.ok(
			black.dependencies.some((id) => id.startsWith('pypi:tomli@')),
			black.dependencies.join(' '),
		);
	});
});
