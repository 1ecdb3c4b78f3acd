import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {defaultDataset} from '../helpers/registry-data.js';
import {type RegistryServer, startRegistryServer} from '../helpers/registry-server.js';
import {releaseDataset, releaseIds, releaseLockfile} from '../helpers/release-data.js';
import {isolatedEnv, runCli} from '../helpers/run-cli.js';

/**
 * Issue 9's "done when", end to end through the built CLI (real clock, so the fixtures are dated from now): a
 * lockfile pinning a two-hour-old version that adds a postinstall script, one that drops the trusted publishing
 * its line had, and three packages an account released at once — each HIGH with the evidence in words, the
 * gate failing — while the same package's previous, old version is not flagged.
 */

let server: RegistryServer;
let project: string;
before(async () => {
	const base = defaultDataset();
	server = await startRegistryServer({
		dataset: {...base, npm: [...base.npm, ...releaseDataset(Date.now()).npm]},
	});
	project = mkdtempSync(path.join(tmpdir(), 'commit-tui-release-'));
	writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify(releaseLockfile(), null, 2));
});
after(async () => {
	await server.close();
});

function env(): NodeJS.ProcessEnv {
	return isolatedEnv({
		COMMIT_TUI_REGISTRY: server.npmRegistryUrl,
		COMMIT_TUI_DOWNLOADS_URL: server.downloadsUrl,
	});
}

type JsonFlag = {id: string; message: string; side: string; counted?: boolean};
type JsonPackage = {
	id: string;
	risk: string;
	structuralRisk: string;
	reasons: string[];
	flags: JsonFlag[];
	release: {
		risk: string;
		reason: string;
		publisher: string | null;
		provenance: boolean | null;
		trust: string | null;
		installScripts: Array<{name: string; command: string | null}> | null;
		previous: {version: string} | null;
		addedDependencies: string[] | null;
		evidence: string[];
		counted: string[];
	} | null;
};

describe('release evidence through the CLI', () => {
	let packages: Map<string, JsonPackage>;
	let byRisk: Record<string, number>;
	const sharedEnv = () => env();
	let cacheEnv: NodeJS.ProcessEnv;

	before(async () => {
		cacheEnv = sharedEnv();
		const result = await runCli(['--json', project], {env: cacheEnv});
		assert.equal(result.code, 0, `${result.stderr}\n${result.stdout.slice(0, 2000)}`);
		const report = JSON.parse(result.stdout) as {
			packages: JsonPackage[];
			summary: {byRisk: Record<string, number>};
		};
		packages = new Map(report.packages.map((entry) => [entry.id, entry]));
		byRisk = report.summary.byRisk;
	});

	test('a two-hour-old version that adds a postinstall script and a brand-new dependency: HIGH, in words', () => {
		const hijacked = packages.get(releaseIds.hijacked)!;
		assert.equal(hijacked.structuralRisk, 'moderate', 'structure alone says little');
		assert.equal(hijacked.release?.risk, 'high');
		assert.equal(hijacked.risk, 'high');
		assert.deepEqual(hijacked.release?.counted, [
			'cooldown',
			'install-script-added',
			'provenance-dropped',
			'new-publisher',
			'new-dependency',
		]);
		assert.match(
			hijacked.reasons[0]!,
			/^release: [12] hours? old, adds a postinstall script, drops the trusted publishing with provenance earlier versions had, published by jason, new to the package, adds a new dependency$/,
		);
		const message = (id: string) => hijacked.flags.find((flag) => flag.id === id)!.message;
		assert.equal(
			message('install-script-added'),
			'1.14.1 adds a postinstall script (node setup.js) that 1.14.0 did not have',
		);
		assert.match(
			message('new-dependency'),
			/^1\.14\.1 adds plain-crypto-js \(first published 1 day ago, \d+ downloads a week\), which 1\.14\.0 did not depend on$/,
		);
		assert.deepEqual(hijacked.release?.installScripts, [{name: 'postinstall', command: 'node setup.js'}]);
		assert.equal(hijacked.release?.publisher, 'jason');
		assert.equal(hijacked.release?.provenance, false);
		assert.deepEqual(hijacked.release?.addedDependencies, ['plain-crypto-js']);
		assert.ok(hijacked.flags.every((flag) => flag.side === 'release' || flag.side === 'structure'));
	});

	test("the same package's previous, old version is not flagged", () => {
		const previous = packages.get(releaseIds.hijackedPrevious)!;
		assert.equal(previous.release?.risk, 'none');
		assert.deepEqual(previous.release?.counted, []);
		assert.equal(previous.release?.trust, 'trusted-publisher');
		// Only the warning about upgrading to the hijacked latest: shown, never counted.
		assert.deepEqual(previous.release?.evidence, ['latest-new-publisher']);
		assert.equal(previous.risk, previous.structuralRisk);
	});

	test('a provenance drop and an account burst are HIGH too; a security holding is CRITICAL', () => {
		const drop = packages.get(releaseIds.provenanceDrop)!;
		assert.equal(drop.risk, 'high');
		assert.ok(drop.release?.counted.includes('provenance-dropped'));
		assert.match(
			drop.flags.find((flag) => flag.id === 'provenance-dropped')!.message,
			/^3\.1\.0 has neither provenance nor trusted publishing; earlier versions had trusted publishing with provenance \(3\.0\.3, the latest of them\)$/,
		);
		for (const id of releaseIds.burst) {
			const burst = packages.get(id)!;
			assert.equal(burst.risk, 'high', id);
			assert.deepEqual(burst.release?.counted, ['cooldown', 'account-burst'], id);
			assert.match(
				burst.flags.find((flag) => flag.id === 'account-burst')!.message,
				/^worm-victim published versions of 3 repositories of this tree within 48 hours of \d\.0\.1: burst-a, burst-b, burst-c$/,
			);
		}

		const holding = packages.get(releaseIds.holding)!;
		assert.equal(holding.risk, 'critical');
		assert.deepEqual(holding.release?.counted, ['security-holding']);
		assert.equal(byRisk.critical, 1);
		assert.ok((byRisk.high ?? 0) >= 6, JSON.stringify(byRisk));
	});

	test('--fail-on high fails on the release side; SARIF has a rule per evidence flag', async () => {
		const gate = await runCli(['--format', 'sarif', '--fail-on', 'high', project], {env: cacheEnv});
		assert.equal(gate.code, 1, gate.stderr);
		const sarif = JSON.parse(gate.stdout) as {
			runs: Array<{results: Array<{ruleId: string; level: string; message: {text: string}}>}>;
		};
		const results = sarif.runs[0]!.results;
		const dropped = results.find(
			(result) =>
				result.ruleId === 'flag/provenance-dropped' && result.message.text.startsWith('hijacked@1.14.1'),
		)!;
		assert.equal(dropped.level, 'error');
		assert.ok(results.some((result) => result.ruleId === 'flag/account-burst' && result.level === 'error'));
		assert.ok(
			results.some((result) => result.ruleId === 'flag/security-holding' && result.level === 'error'),
		);
		const upgrade = results.find((result) => result.ruleId === 'flag/latest-new-publisher')!;
		assert.equal(upgrade.level, 'note');
	});

	test('Markdown and HTML lead with the release evidence; an offline run from the cache says the same', async () => {
		const md = await runCli(['--format', 'md', '--offline', project], {env: cacheEnv});
		assert.equal(md.code, 0, md.stderr);
		assert.ok(md.stdout.indexOf('## Release evidence') < md.stdout.indexOf('## CRITICAL'));
		assert.match(
			md.stdout,
			/\| hijacked@1\.14\.1 \| HIGH \| \d{4}-\d\d-\d\d \([12] hours? before\) \| jason \| cooldown: /,
		);
		assert.doesNotMatch(md.stdout, /\| hijacked@1\.14\.0 \| (HIGH|MODERATE) \|/);
		const html = await runCli(['--format', 'html', '--offline', project], {env: cacheEnv});
		assert.match(html.stdout, /<h2>Release evidence<\/h2>/);
		assert.match(html.stdout, /<code>install-script-added<\/code> 1\.14\.1 adds a postinstall script/);
		const json = await runCli(['--json', '--offline', project], {env: cacheEnv});
		const offline = JSON.parse(json.stdout) as {packages: JsonPackage[]};
		const hijacked = offline.packages.find((entry) => entry.id === releaseIds.hijacked)!;
		assert.deepEqual(hijacked.release?.counted, packages.get(releaseIds.hijacked)!.release?.counted);
	});
});
