import assert from 'node:assert/strict';
import {copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {fixturePath} from '../helpers/paths.js';
import {type RegistryServer, startRegistryServer} from '../helpers/registry-server.js';
import {isolatedEnv, runCli, serverEnv} from '../helpers/run-cli.js';

const webApp = fixturePath('cli', 'web-app');
const pyApp = fixturePath('cli', 'py-app');

let server: RegistryServer;
before(async () => {
	server = await startRegistryServer({cratesDownloadsEndToday: true});
});
after(async () => {
	await server.close();
});

type JsonPackage = {
	id: string;
	name: string;
	version: string;
	risk: string;
	dev: boolean;
	direct: boolean;
	locked: boolean;
	edgesFrom: 'lockfile' | 'registry' | 'none';
	signals: {publishers: number | null; weeklyDownloads: number | null; publisherNames: string[] | null};
	error: string | null;
};

describe('headless JSON', () => {
	test('an npm project: graph, signals and risk for every package', async () => {
		const result = await runCli(['--json', webApp], {env: serverEnv(server)});
		assert.equal(result.code, 0, result.stderr);
		const report = JSON.parse(result.stdout) as {
			schemaVersion: number;
			lockfiles: Array<{format: string}>;
			roots: Array<{name: string; dependencies: string[]}>;
			packages: JsonPackage[];
			summary: {packages: number};
			publishers: Array<{account: string; packages: string[]}>;
		};
		assert.equal(report.schemaVersion, 1);
		assert.deepEqual(report.lockfiles, [
			{path: 'package-lock.json', format: 'npm-lock-v3', ecosystem: 'npm'},
		]);
		assert.equal(report.roots[0]!.name, 'web-app');
		assert.deepEqual(report.roots[0]!.dependencies.sort(), [
			'npm:@types/node@22.10.2',
			'npm:axios@1.7.9',
			'npm:chalk@4.1.2',
			'npm:express@4.21.2',
		]);
		const byId = new Map(report.packages.map((entry) => [entry.id, entry]));
		assert.equal(byId.size, 8);
		const axios = byId.get('npm:axios@1.7.9')!;
		assert.equal(axios.signals.publishers, 1);
		assert.deepEqual(axios.signals.publisherNames, ['jasonsaayman']);
		assert.ok(axios.signals.weeklyDownloads! > 10_000_000);
		assert.equal(axios.risk, 'critical', 'one publisher and ~99M downloads a week');
		assert.equal(byId.get('npm:express@4.21.2')!.signals.publishers, 5);
		assert.equal(byId.get('npm:@types/node@22.10.2')!.dev, true);
		for (const entry of report.packages) assert.equal(entry.error, null, `${entry.id}: ${entry.error}`);
		assert.equal(report.publishers[0]!.packages.length >= 1, true);
	});

	test('a Python project from requirements.txt, with pip-compile edges', async () => {
		const result = await runCli(['--json', '--file', path.join(pyApp, 'requirements.txt')], {
			env: serverEnv(server),
		});
		assert.equal(result.code, 0, result.stderr);
		const report = JSON.parse(result.stdout) as {packages: Array<JsonPackage & {dependencies: string[]}>};
		const requests = report.packages.find((entry) => entry.id === 'pypi:requests@2.32.3')!;
		assert.deepEqual(requests.dependencies.sort(), [
			'pypi:certifi@2025.4.26',
			'pypi:charset-normalizer@3.4.1',
			'pypi:idna@3.10',
			'pypi:urllib3@2.4.0',
		]);
		assert.equal(requests.signals.publishers, 3);
		const six = report.packages.find((entry) => entry.id === 'pypi:six@1.17.0')!;
		assert.equal(six.signals.publishers, null, 'no ownership in the response: unknown, not 0 or 1');
		assert.notEqual(six.risk, 'critical');
		const certifi = report.packages.find((entry) => entry.id === 'pypi:certifi@2025.4.26')!;
		assert.equal(certifi.risk, 'critical');
	});

	test('unpinned requirements offline with nothing cached: shown with an unknown version, said so, never dropped', async () => {
		const result = await runCli([
			'--json',
			'--offline',
			fixturePath('lockfiles', 'requirements', 'includes'),
		]);
		assert.equal(result.code, 0, result.stderr);
		assert.match(
			result.stderr,
			/warning: requirements\.txt: 1 requirement not resolved \(shown with version unknown\): colorama>=0\.4 \(requirements\.txt:9\): .*offline: not in cache/,
		);
		const report = JSON.parse(result.stdout) as {warnings: string[]; packages: JsonPackage[]};
		assert.ok(report.warnings.some((warning) => warning.includes('colorama')));
		const colorama = report.packages.find((entry) => entry.name === 'colorama');
		assert.deepEqual(
			[colorama?.version, colorama?.locked, colorama?.edgesFrom, colorama?.direct],
			['unknown', false, 'none', true],
		);
		const pytest = report.packages.find((entry) => entry.name === 'pytest');
		assert.deepEqual(
			[pytest?.locked, pytest?.edgesFrom],
			[true, 'none'],
			'a flat file: edges unknown offline',
		);
	});

	test('--prod leaves dev dependencies out and does not fetch them', async () => {
		server.resetRequests();
		const result = await runCli(['--json', '--prod', webApp], {env: serverEnv(server)});
		assert.equal(result.code, 0, result.stderr);
		const report = JSON.parse(result.stdout) as {packages: JsonPackage[]};
		assert.equal(
			report.packages.some((entry) => entry.id.startsWith('npm:@types/node')),
			false,
		);
		assert.equal(server.count('npm', '@types/node'), 0);
		assert.equal(server.count('downloads', '@types/node'), 0);
	});

	test('a warm cache makes no request; --offline never does', async () => {
		const env = serverEnv(server);
		assert.equal((await runCli(['--json', webApp], {env})).code, 0);
		server.resetRequests();
		const warm = await runCli(['--json', webApp], {env});
		assert.equal(warm.code, 0, warm.stderr);
		assert.equal(server.requests.length, 0, 'warm run within the cache lifetime');
		const offline = await runCli(['--json', '--offline', webApp], {env: serverEnv(server)});
		assert.equal(offline.code, 0, offline.stderr);
		assert.equal(server.requests.length, 0, 'offline run with a cold cache');
		const report = JSON.parse(offline.stdout) as {packages: JsonPackage[]};
		assert.ok(report.packages.every((entry) => entry.risk === 'unknown' && entry.error?.includes('offline')));
	});
});

describe('reports and the CI gate', () => {
	test('--fail-on high exits 1 when a package in scope is high or worse', async () => {
		const result = await runCli(['--format', 'sarif', '--fail-on', 'high', webApp], {
			env: serverEnv(server),
		});
		assert.equal(result.code, 1, result.stderr);
		const sarif = JSON.parse(result.stdout) as {version: string; runs: Array<{results: unknown[]}>};
		assert.equal(sarif.version, '2.1.0');
		assert.ok(sarif.runs[0]!.results.length > 0);
	});

	test('CI=true defaults --fail-on to high; --fail-on none overrides it', async () => {
		assert.equal((await runCli(['--json', webApp], {env: serverEnv(server, {CI: 'true'})})).code, 1);
		assert.equal(
			(await runCli(['--json', '--fail-on', 'none', webApp], {env: serverEnv(server, {CI: 'true'})})).code,
			0,
		);
	});

	test('--subtree limits the scope and the gate to one package and what it pulls in', async () => {
		const env = serverEnv(server);
		const express = await runCli(['--json', '--subtree', 'express', '--fail-on', 'critical', webApp], {env});
		assert.equal(express.code, 1, 'ms (1 publisher, ~266M a week) is beneath express');
		const report = JSON.parse(express.stdout) as {scope: {kind: string; packages: number}};
		assert.equal(report.scope.kind, 'subtree');
		assert.equal(report.scope.packages, 3, 'express, debug, ms');
		const chalk = await runCli(['--json', '--subtree', 'chalk@4.1.2', '--fail-on', 'critical', webApp], {
			env,
		});
		assert.equal(chalk.code, 0, 'axios (critical) is outside the chalk subtree');
	});

	test('--output writes the report to a file; Markdown and HTML render', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'commit-tui-out-'));
		const markdown = path.join(directory, 'nested', 'risk.md');
		const env = serverEnv(server);
		const result = await runCli(['--format', 'md', '--output', markdown, webApp], {env});
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stdout, '');
		assert.match(readFileSync(markdown, 'utf8'), /axios/);
		const html = await runCli(['--format', 'html', webApp], {env});
		assert.match(html.stdout, /^<!doctype html>/i);
		const named = await runCli(['--format', 'markdown', webApp], {env});
		assert.equal(named.code, 0, named.stderr);
		assert.equal(
			named.stdout.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME'),
			readFileSync(markdown, 'utf8').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME'),
			'--format markdown is --format md',
		);
	});

	test('without a terminal or a format: a short human summary', async () => {
		const result = await runCli([webApp], {env: serverEnv(server)});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /critical/i);
		assert.match(result.stdout, /axios/);
		assert.doesNotMatch(result.stdout, /\u001B\[/, 'no escape sequences in a pipe');
	});
});

describe('Cargo.lock', () => {
	const rustApp = fixturePath('cli', 'rust-app');

	test('a Rust project scans like an npm one: JSON with crates.io signals and levels', async () => {
		const result = await runCli(['--json', rustApp], {env: serverEnv(server)});
		assert.equal(result.code, 0, result.stderr);
		const report = JSON.parse(result.stdout) as {
			roots: Array<{name: string; dependencies: string[]}>;
			packages: Array<JsonPackage & {dependencies: string[]}>;
		};
		assert.deepEqual(report.roots[0]!.dependencies.sort(), [
			'cargo:rand@0.10.1',
			'cargo:serde@1.0.219',
			'cargo:tiny-young@0.3.0',
		]);
		const serde = report.packages.find((entry) => entry.id === 'cargo:serde@1.0.219')!;
		assert.deepEqual(serde.dependencies, ['cargo:syn@2.0.106']);
		assert.deepEqual(serde.signals.publisherNames, ['dtolnay']);
		for (const entry of report.packages) assert.equal(entry.error, null, `${entry.id}: ${entry.error}`);
	});

	test('every report format carries the crates: md, html, sarif', async () => {
		for (const format of ['md', 'html', 'sarif']) {
			const result = await runCli(['--format', format, rustApp], {env: serverEnv(server)});
			assert.equal(result.code, 0, `${format}: ${result.stderr}`);
			assert.match(result.stdout, /tiny-young/, format);
			assert.match(result.stdout, /serde/, format);
		}

		const sarif = JSON.parse(
			(await runCli(['--format', 'sarif', rustApp], {env: serverEnv(server)})).stdout,
		) as {
			runs: Array<{results: Array<{properties?: {ecosystem?: string}}>}>;
		};
		assert.ok(sarif.runs[0]!.results.some((entry) => entry.properties?.ecosystem === 'cargo'));
	});

	test('--file with another name: read as Cargo (it used to fail as "unsupported uv.lock version 3")', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'commit-tui-cargo-cli-'));
		const lockfile = path.join(directory, 'rust-deps.lock');
		copyFileSync(fixturePath('lockfiles', 'cargo', 'v3-virtual', 'Cargo.lock'), lockfile);
		const result = await runCli(['--json', '--offline', '--file', lockfile]);
		assert.equal(result.code, 0, result.stderr);
		const report = JSON.parse(result.stdout) as {
			lockfiles: Array<{format: string; ecosystem: string}>;
			roots: Array<{name: string}>;
			packages: Array<{id: string}>;
		};
		assert.deepEqual(
			report.lockfiles.map((entry) => [entry.format, entry.ecosystem]),
			[['cargo-v3', 'cargo']],
		);
		assert.ok(report.roots.some((root) => root.name === 'watchexec-cli'));
		assert.equal(report.packages.length, 77);
	});
});

describe('bad input: one line, the right exit code, no stack trace', () => {
	const noStack = (stderr: string) => {
		assert.doesNotMatch(stderr, /^\s+at /m);
		assert.equal(stderr.trim().split('\n').length, 1, stderr);
	};

	test('a malformed lockfile → exit 2 naming the file', async () => {
		const result = await runCli([fixturePath('cli', 'broken')]);
		assert.equal(result.code, 2);
		assert.match(result.stderr, /^commit-tui: package-lock\.json(:\d+)?: /);
		noStack(result.stderr);
	});

	test('a directory without lockfiles → exit 3 listing what was looked for', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'commit-tui-empty-'));
		const result = await runCli([directory]);
		assert.equal(result.code, 3);
		assert.match(result.stderr, /no supported lockfile.*package-lock\.json.*poetry\.lock/);
		noStack(result.stderr);
	});

	test('a missing directory and a missing --file → exit 2', async () => {
		const missing = await runCli(['/nonexistent/project']);
		assert.equal(missing.code, 2);
		assert.match(missing.stderr, /\/nonexistent\/project: no such directory/);
		const missingFile = await runCli(['--file', '/nonexistent/yarn.lock']);
		assert.equal(missingFile.code, 2);
		assert.match(missingFile.stderr, /\/nonexistent\/yarn\.lock: no such file/);
		noStack(missingFile.stderr);
	});

	test('"no packages" (exit 3) prints the readers\' warnings first: they are why', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'commit-tui-skipped-'));
		writeFileSync(
			path.join(directory, 'package-lock.json'),
			JSON.stringify({lockfileVersion: 3, packages: {'': {dependencies: {a: '^1'}}, 'node_modules/a': null}}),
		);
		const result = await runCli([directory]);
		assert.equal(result.code, 3);
		assert.equal(
			result.stderr,
			[
				'commit-tui: warning: packages["node_modules/a"] is not an object; skipped',
				'commit-tui: warning: the project depends on a, which is not in the lockfile',
				'commit-tui: no packages in package-lock.json',
				'',
			].join('\n'),
		);
	});

	test('`-` (stdin to many tools) → exit 2 saying a lockfile is read by its path, unless a file is named `-`', async () => {
		for (const args of [['-'], ['--file', '-'], ['--file=-']]) {
			const result = await runCli(args, {cwd: fixturePath('cli', 'web-app')});
			assert.equal(result.code, 2, args.join(' '));
			assert.match(result.stderr, /^commit-tui: -: a lockfile cannot be read from standard input/);
			noStack(result.stderr);
		}

		const directory = mkdtempSync(path.join(tmpdir(), 'commit-tui-dash-'));
		copyFileSync(fixturePath('cli', 'web-app', 'package-lock.json'), path.join(directory, '-'));
		const named = await runCli(['--offline', '--allow-incomplete', '--json', '-'], {cwd: directory});
		assert.equal(named.code, 0, named.stderr);
		assert.ok((JSON.parse(named.stdout) as {packages: unknown[]}).packages.length > 0);
	});

	test('bun.lockb → how to make bun.lock', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'commit-tui-bun-'));
		writeFileSync(path.join(directory, 'bun.lockb'), Buffer.from([0x23, 0x21, 0, 0, 1]));
		const result = await runCli([directory]);
		assert.equal(result.code, 2);
		assert.match(result.stderr, /bun\.lockb.*--save-text-lockfile/);
		noStack(result.stderr);
	});

	test('a file that is no lockfile → exit 2', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'commit-tui-junk-'));
		const junk = path.join(directory, 'notes.txt');
		writeFileSync(junk, 'Dear diary, today I wrote no lockfile.\n');
		const result = await runCli(['--file', junk]);
		assert.equal(result.code, 2);
		assert.match(result.stderr, /notes\.txt: not a supported lockfile/);
	});

	test('usage errors → exit 2: unknown flag, bad choice, unknown --subtree', async () => {
		assert.equal((await runCli(['--bogus', webApp])).code, 2);
		assert.equal((await runCli(['--format', 'pdf', webApp])).code, 2);
		// meow's messages name a flag as it is typed, not by its camelCase key.
		const twice = await runCli(['--cache-dir', 'a', '--cache-dir', 'b', webApp]);
		assert.equal(twice.code, 2);
		assert.equal(twice.stderr, 'commit-tui: The flag --cache-dir can only be set once.\n');
		const choice = await runCli(['--fail-on', 'bogus', webApp]);
		assert.match(choice.stderr, /^commit-tui: Unknown value for flag `--fail-on`: `bogus`/);
		const registry = await runCli(['--json', '--registry', 'ftp://mirror.example/', webApp]);
		assert.equal(registry.code, 2);
		assert.match(registry.stderr, /--registry: not an http\(s\) URL/);
		const subtree = await runCli(['--json', '--offline', '--subtree', 'left-pad', webApp]);
		assert.equal(subtree.code, 2);
		assert.match(subtree.stderr, /--subtree/);
		noStack(subtree.stderr);
	});

	test('an unreachable registry degrades packages, never the scan', async () => {
		const result = await runCli(['--json', webApp]);
		assert.equal(result.code, 0, result.stderr);
		const report = JSON.parse(result.stdout) as {packages: JsonPackage[]};
		assert.equal(report.packages.length, 8);
		assert.ok(report.packages.every((entry) => entry.risk === 'unknown' && entry.error !== null));
	});
});

describe('commit-tui config', () => {
	test('set, get, path and reset persist in the settings folder', async () => {
		const env = isolatedEnv();
		assert.equal(
			(await runCli(['config', 'set', 'thresholds.criticalWeeklyDownloads', '5000000'], {env})).code,
			0,
		);
		const get = await runCli(['config', 'get', 'thresholds.criticalWeeklyDownloads'], {env});
		assert.equal(get.stdout.trim(), '5000000');
		const settingsFile = (await runCli(['config', 'path'], {env})).stdout.trim();
		assert.ok(existsSync(settingsFile), settingsFile);
		assert.equal((await runCli(['config', 'reset'], {env})).code, 0);
		assert.equal(
			(await runCli(['config', 'get', 'thresholds.criticalWeeklyDownloads'], {env})).stdout.trim(),
			'10000000',
		);
		const bad = await runCli(['config', 'set', 'concurrency', 'many'], {env});
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /concurrency/);
	});
});

describe('a registry URL that answers with something else (a captive portal, a proxy login page)', () => {
	let portal: http.Server;
	let url: string;
	before(async () => {
		portal = http.createServer((_request, response) => {
			response.writeHead(200, {'content-type': 'text/html'});
			response.end('<html><body>Sign in to the hotel Wi-Fi to continue</body></html>');
		});
		await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(portal.address() as AddressInfo).port}/`;
	});
	after(() => new Promise<void>((resolve) => portal.close(() => resolve())));

	test('every package unknown with the reason, and one line on stderr saying what the registry answered', async () => {
		const env = isolatedEnv({
			COMMIT_TUI_REGISTRY: url,
			COMMIT_TUI_DOWNLOADS_URL: url,
			COMMIT_TUI_OSV_URL: url,
		});
		const result = await runCli(['--json', webApp], {env});
		assert.equal(result.code, 0, result.stderr);
		const report = JSON.parse(result.stdout) as {packages: Array<{error: string | null; risk: string}>};
		assert.ok(report.packages.length > 1);
		for (const entry of report.packages) {
			assert.equal(entry.risk, 'unknown');
			assert.match(entry.error ?? '', /metadata: not JSON \(an HTML page\)/);
		}

		const total = report.packages.length;
		const lines = result.stderr.split('\n').filter((line) => line.includes('have errors'));
		assert.deepEqual(lines, [
			`commit-tui: warning: ${total} of ${total} packages have errors: metadata: not JSON (an HTML page) (${total}), downloads: not JSON (an HTML page) (${total})`,
		]);
		// The advisories too say why they are unknown: the first answer's reason.
		assert.match(
			result.stderr,
			new RegExp(
				`warning: advisories unknown for ${total} of ${total} packages \\(advisories: not JSON \\(an HTML page\\)\\)`,
			),
		);
		// With a gate, too little is known to pass: incomplete.
		const gated = await runCli(['--json', '--fail-on', 'high', webApp], {env});
		assert.equal(gated.code, 4, gated.stderr);
	});
});
