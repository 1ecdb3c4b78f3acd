import assert from 'node:assert/strict';
import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {git} from '../helpers/git.js';
import {injectedLockfile, injectionBase} from '../helpers/injected-lockfile.js';
import {fixturePath} from '../helpers/paths.js';
import {type RegistryServer, registryNow, startRegistryServer} from '../helpers/registry-server.js';
import {isolatedEnv, runCli, serverEnv} from '../helpers/run-cli.js';

/**
 * `commit-tui diff` end to end: the built CLI in a temporary git repository, against the local registry.
 * The PR of the issue: one package bumped to a release published two hours ago that adds a postinstall script,
 * in a repository whose untouched packages include a CRITICAL one (axios). Two accounts can publish it, so its
 * structure alone is not HIGH: the release evidence is what raises it.
 */

const dayMs = 86_400_000;
/** `daysAgo` for the test server, measured from the real clock the CLI runs on. */
const realDaysAgo = (days: number) => (registryNow - (Date.now() - days * dayMs)) / dayMs;

function withTinyColor(directory: string, version: string): void {
	const file = path.join(directory, 'package-lock.json');
	const lock = JSON.parse(readFileSync(file, 'utf8'));
	lock.packages[''].dependencies['tiny-color'] = version;
	lock.packages['node_modules/tiny-color'] = {
		version,
		resolved: `https://registry.npmjs.org/tiny-color/-/tiny-color-${version}.tgz`,
		integrity: 'sha512-AAAA',
		license: 'MIT',
	};
	writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
}

let server: RegistryServer;
let repo: string;

before(async () => {
	server = await startRegistryServer();
	server.addNpmPackage({
		name: 'tiny-color',
		maintainers: ['solo', 'second'],
		versions: [
			{version: '1.0.0', daysAgo: realDaysAgo(800)},
			{version: '1.1.0', daysAgo: realDaysAgo(2 / 24), scripts: {postinstall: 'node setup.js'}},
		],
		dailyDownloads: 400_000,
	});
	repo = mkdtempSync(path.join(tmpdir(), 'commit-tui-diff-cli-'));
	git(repo, 'init', '-q', '-b', 'main');
	cpSync(fixturePath('cli', 'web-app'), repo, {recursive: true});
	withTinyColor(repo, '1.0.0');
	writeFileSync(path.join(repo, '.npmrc'), 'min-release-age=1\n');
	git(repo, 'add', '.');
	git(repo, 'commit', '-q', '-m', 'base');
	git(repo, 'checkout', '-q', '-b', 'bump');
	withTinyColor(repo, '1.1.0');
	git(repo, 'commit', '-q', '-am', 'bump tiny-color');
});

after(async () => {
	await server.close();
	rmSync(repo, {recursive: true, force: true});
});

describe('commit-tui diff (CLI)', () => {
	test('shows just the change, fetches only it, and the old CRITICAL packages do not fail the gate', async () => {
		server.resetRequests();
		const result = await runCli(['diff', '--format', 'md', '--fail-on', 'critical'], {
			cwd: repo,
			env: serverEnv(server),
		});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /^## commit-tui: 0 added · 1 changed · 0 removed/);
		assert.match(result.stdout, /merge-base with main/);
		assert.match(result.stdout, /`tiny-color` 1\.0\.0 → 1\.1\.0 \(direct\) \| \*\*HIGH\*\*/);
		assert.doesNotMatch(result.stdout, /axios/, 'unchanged packages are not in the comment');
		assert.match(
			result.stdout,
			/cooldown: locked version published 2 hours ago, younger than the project's cooldown of 1 day, from npm min-release-age \(\.npmrc:1\)/,
		);
		assert.match(
			result.stdout,
			/\*\*Project cooldown:\*\* npm: 1 day, from npm min-release-age \(\.npmrc:1\)/,
		);
		const names = new Set(server.requests.flatMap((request) => request.names));
		assert.deepEqual([...names], ['tiny-color'], 'only the changed package is requested');
	});

	test('the gate on what the change adds: exit 1 with one line per package and its rule', async () => {
		const result = await runCli(['diff', 'main', 'bump', '--fail-on', 'high'], {
			cwd: repo,
			env: serverEnv(server),
		});
		assert.equal(result.code, 1, result.stderr);
		assert.match(
			result.stdout,
			/^commit-tui diff · main \([0-9a-f]{7}\) → bump \([0-9a-f]{7}\) · 0 added · 1 changed/,
		);
		assert.match(result.stdout, /~ tiny-color 1\.0\.0 → 1\.1\.0 +HIGH/);
		assert.match(
			result.stderr,
			/commit-tui: 1 package at or above high \(--fail-on high\):\ncommit-tui: {3}HIGH {5}npm:tiny-color@1\.1\.0 {2}release: 2 hours old, inside the project's cooldown, adds a postinstall script, first release in 2\.2 years \[flag\/cooldown, flag\/install-script-added, flag\/dormant-return\]\n/,
		);
	});

	test('SARIF at the package line in the lockfile', async () => {
		const result = await runCli(['diff', 'main', '--format', 'sarif'], {cwd: repo, env: serverEnv(server)});
		assert.equal(result.code, 0, result.stderr);
		const log = JSON.parse(result.stdout);
		const results = log.runs[0].results as Array<{
			ruleId: string;
			locations: Array<{physicalLocation: {artifactLocation: {uri: string}; region: {startLine: number}}}>;
		}>;
		assert.deepEqual(results.map((entry) => entry.ruleId).sort(), [
			'flag/cooldown',
			'flag/dormant-return',
			'flag/install-script-added',
			'risk/high',
		]);
		const high = results.find((entry) => entry.ruleId === 'risk/high') as unknown as {
			message: {text: string};
		};
		assert.match(high.message.text, /^tiny-color@1\.1\.0 is HIGH: release: 2 hours old/);
		const lines = readFileSync(path.join(repo, 'package-lock.json'), 'utf8').split('\n');
		for (const entry of results) {
			const location = entry.locations[0]!.physicalLocation;
			assert.equal(location.artifactLocation.uri, 'package-lock.json');
			assert.equal(lines[location.region.startLine - 1]!.trim(), '"node_modules/tiny-color": {');
		}
	});

	test('a registry outage makes the gate exit 4, not 0; --allow-incomplete judges what is known', async () => {
		const down = serverEnv(server, {
			COMMIT_TUI_REGISTRY: 'http://127.0.0.1:9/',
			COMMIT_TUI_DOWNLOADS_URL: 'http://127.0.0.1:9/',
			CI: 'true',
		});
		const result = await runCli(['diff', 'main', '--format', 'json'], {cwd: repo, env: down});
		assert.equal(result.code, 4, result.stderr);
		assert.match(
			result.stderr,
			/commit-tui: incomplete: 1 of 1 packages unknown \(100%; at most 10% allowed\) — host 127\.0\.0\.1/,
		);
		assert.match(result.stderr, /exit 4 \(pass --allow-incomplete to accept what is known\)/);
		const json = JSON.parse(result.stdout);
		assert.deepEqual(json.diff.changed, [{from: 'npm:tiny-color@1.0.0', to: 'npm:tiny-color@1.1.0'}]);
		const allowed = await runCli(['diff', 'main', '--allow-incomplete'], {cwd: repo, env: down});
		assert.equal(allowed.code, 0, allowed.stderr);
	});

	test('the local registry dropping every connection: nothing known, exit 4', async () => {
		server.setFault({reset: true});
		try {
			const cache = path.join(mkdtempSync(path.join(tmpdir(), 'commit-tui-empty-cache-')), 'cache');
			const result = await runCli(['diff', 'main', '--fail-on', 'high'], {
				cwd: repo,
				env: serverEnv(server, {COMMIT_TUI_CACHE_DIR: cache}),
			});
			assert.equal(result.code, 4, result.stderr);
			assert.match(
				result.stderr,
				/commit-tui: incomplete: 1 of 1 packages unknown \(100%; at most 10% allowed\); exit 4/,
			);
		} finally {
			server.clearFaults();
		}
	});

	test('lockfile paths as base and head; a bad policy file is exit 2 naming its line', async () => {
		const base = path.join(fixturePath('diff', 'added-direct', 'base'), 'package-lock.json');
		const head = path.join(fixturePath('diff', 'added-direct', 'head'), 'package-lock.json');
		const result = await runCli(['diff', base, head, '--format', 'json', '--offline', '--fail-on', 'none'], {
			env: serverEnv(server),
		});
		assert.equal(result.code, 0, result.stderr);
		assert.deepEqual(JSON.parse(result.stdout).diff.added, [
			'npm:axios@1.7.9',
			'npm:follow-redirects@1.15.9',
			'npm:form-data@4.0.1',
		]);
		const policy = path.join(repo, 'bad-policy.yml');
		writeFileSync(policy, 'ignore:\n  - package: npm:tiny-color\n');
		const bad = await runCli(['diff', 'main', '--policy', policy], {cwd: repo, env: serverEnv(server)});
		assert.equal(bad.code, 2);
		assert.equal(
			bad.stderr,
			`commit-tui: ${policy}:2: ignore entry without a reason (say why the risk is accepted)\n`,
		);
	});

	test('a pull request that only edits one resolved URL: the package is judged, its foreign-tarball shown', async () => {
		const injected = injectedLockfile();
		const diffOf = (...extra: string[]) =>
			runCli(['diff', path.join(injectionBase, 'package-lock.json'), injected.lockfile, ...extra], {
				env: serverEnv(server),
			});
		const result = await diffOf('--fail-on', 'high');
		const markdown = await diffOf('--format', 'md');
		injected.remove();
		assert.equal(result.code, 1, result.stderr);
		assert.match(result.stdout, /axios@1\.7\.9, installed from another tarball/);
		assert.match(result.stderr, /npm:axios@1\.7\.9/);
		assert.match(markdown.stdout, /`axios` 1\.7\.9, installed from another tarball/);
		assert.match(markdown.stdout, /installs 1\.7\.9 from registry\.npmjs-cdn\.example/);
	});

	test('the policy accepts the risk: the gate passes and says why', async () => {
		writeFileSync(
			path.join(repo, '.commit-tui.yml'),
			'ignore:\n  - package: npm:tiny-color@1.1.0\n    levels: [high]\n    reason: reviewed the 1.1.0 diff\n',
		);
		try {
			const result = await runCli(['diff', 'main', '--fail-on', 'high', '--format', 'md'], {
				cwd: repo,
				env: serverEnv(server),
			});
			assert.equal(result.code, 0, result.stderr);
			assert.match(
				result.stderr,
				/1 package at or above high accepted by the policy:\ncommit-tui: {3}HIGH .* — accepted: reviewed the 1\.1\.0 diff \(\.commit-tui\.yml:2\)/,
			);
			assert.match(result.stdout, /<summary>Accepted by the project's policy \(1\)<\/summary>/);
			assert.match(result.stdout, /\*\*HIGH\*\* \(was MODERATE\) _\(accepted\)_/);
		} finally {
			rmSync(path.join(repo, '.commit-tui.yml'));
		}
	});

	test('accepted release evidence no longer counts: the release risk is decided again from what is left', async () => {
		writeFileSync(
			path.join(repo, '.commit-tui.yml'),
			'ignore:\n  - package: npm:tiny-color\n    flags: [cooldown]\n    reason: waited it out by hand\nallowInstallScripts: [npm:tiny-color]\n',
		);
		try {
			const result = await runCli(['diff', 'main', '--fail-on', 'high', '--format', 'json'], {
				cwd: repo,
				env: serverEnv(server),
			});
			assert.equal(result.code, 0, result.stderr);
			assert.doesNotMatch(result.stderr, /at or above high/);
			const json = JSON.parse(result.stdout);
			const tiny = json.packages.find((entry: {id: string}) => entry.id === 'npm:tiny-color@1.1.0');
			// Left: a first release in two years, which counts only while the version is young.
			assert.equal(tiny.release.risk, 'none');
			// (and a package notice: the second account never published)
			assert.deepEqual(tiny.release.evidence, ['dormant-return', 'dormant-publisher']);
			assert.deepEqual(
				tiny.ignored.map((entry: {id: string; reason: string}) => [entry.id, entry.reason]),
				[
					['cooldown', 'waited it out by hand'],
					['install-script-added', 'allowed to run install scripts (npm:tiny-color)'],
				],
			);
			assert.equal(tiny.risk, tiny.structuralRisk);
		} finally {
			rmSync(path.join(repo, '.commit-tui.yml'));
		}
	});
});

describe('honest exit codes for a whole-tree scan', () => {
	test('CI with the registry down: exit 4, not 0', async () => {
		const result = await runCli(['--json', fixturePath('cli', 'web-app')], {
			env: isolatedEnv({CI: 'true'}),
		});
		assert.equal(result.code, 4, result.stderr);
		assert.match(
			result.stderr,
			/commit-tui: incomplete: 8 of 8 packages unknown \(100%; at most 10% allowed\)/,
		);
	});

	test('outside CI, without --fail-on, nothing is gated', async () => {
		const result = await runCli(['--json', fixturePath('cli', 'web-app')], {env: isolatedEnv()});
		assert.equal(result.code, 0, result.stderr);
	});

	test('--max-unknown and the policy maxUnknown set the share', async () => {
		const result = await runCli(
			['--json', '--fail-on', 'high', '--max-unknown', '100%', '--offline', fixturePath('cli', 'web-app')],
			{
				env: isolatedEnv(),
			},
		);
		assert.equal(result.code, 0, result.stderr);
		const bad = await runCli(['--json', '--max-unknown', 'lots', fixturePath('cli', 'web-app')], {
			env: isolatedEnv(),
		});
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /--max-unknown takes a share from 0 to 1 or a percentage/);
	});
});
