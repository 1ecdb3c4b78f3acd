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
	const release = releaseDataset(Date.now());
	server = await startRegistryServer({
		dataset: {...base, npm: [...base.npm, ...release.npm], osv: release.osv},
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
		COMMIT_TUI_OSV_URL: server.osvUrl,
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
			assert.ok(burst.release?.counted.includes('account-burst'), id);
			assert.ok(burst.release?.counted.includes('cooldown'), id);
			assert.match(
				burst.flags.find((flag) => flag.id === 'account-burst')!.message,
				/^worm-victim published versions of 3 repositories of this tree within 48 hours of \d\.0\.1: burst-a, burst-b, burst-c$/,
			);
		}

		const holding = packages.get(releaseIds.holding)!;
		assert.equal(holding.risk, 'critical');
		assert.deepEqual(holding.release?.counted, ['security-holding']);
		// The security holding, and the malicious dependency (OSV, issue 11).
		assert.equal(byRisk.critical, 2);
		assert.ok((byRisk.high ?? 0) >= 5, JSON.stringify(byRisk));
	});

	test('--fail-on high fails on the release side; SARIF has a rule per evidence flag', async () => {
		// With --sarif-notes: the notes (a package notice) are listed too.
		const gate = await runCli(['--format', 'sarif', '--sarif-notes', '--fail-on', 'high', project], {
			env: cacheEnv,
		});
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
		// Without it, note-level results are left out: they would bury the rest.
		const plain = await runCli(['--format', 'sarif', '--offline', project], {env: cacheEnv});
		const quiet = JSON.parse(plain.stdout) as {
			runs: Array<{results: Array<{level: string; ruleId: string}>}>;
		};
		assert.ok(quiet.runs[0]!.results.length > 0);
		// Advisories are findings whatever their severity (a low one is a note, still listed): only they remain.
		const notes = quiet.runs[0]!.results.filter((result) => result.level === 'note');
		assert.ok(
			notes.every((result) => !/^(flag|risk)\//.test(result.ruleId)),
			JSON.stringify(notes),
		);
		assert.ok(!quiet.runs[0]!.results.some((result) => result.ruleId === 'flag/latest-new-publisher'));
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

describe('advisories through the CLI (issue 11)', () => {
	let cacheEnv: NodeJS.ProcessEnv;
	before(() => {
		cacheEnv = env();
	});

	type WithAdvisories = JsonPackage & {
		advisories: Array<{
			id: string;
			aliases: string[];
			severity: string | null;
			summary: string | null;
			fixed: string[];
			malicious: boolean;
		}> | null;
		advisoriesError: string | null;
	};

	test('a version named by a MAL record is CRITICAL with the record and its summary; vulnerabilities show severity and fixed-in', async () => {
		server.resetRequests();
		const result = await runCli(['--json', project], {env: cacheEnv});
		assert.equal(result.code, 0, result.stderr);
		const report = JSON.parse(result.stdout) as {packages: WithAdvisories[]};
		const byId = new Map(report.packages.map((entry) => [entry.id, entry]));
		const malicious = byId.get(releaseIds.newDependency)!;
		assert.equal(malicious.risk, 'critical');
		assert.equal(malicious.release?.risk, 'critical');
		assert.match(malicious.reasons[0]!, /^release: known malicious \(MAL-2026-90001\)/);
		assert.equal(
			malicious.flags.find((flag) => flag.id === 'known-malicious')!.message,
			'4.2.1 is named by a malicious-package report: MAL-2026-90001 (Malicious code in plain-crypto-js (npm))',
		);
		assert.deepEqual(
			malicious.advisories?.map((advisory) => [advisory.id, advisory.aliases, advisory.malicious]),
			[['MAL-2026-90001', ['GHSA-fw8c-xr5c-95f9'], true]],
		);
		const vulnerable = byId.get('npm:burst-b@2.0.1')!;
		assert.deepEqual(
			vulnerable.advisories?.map((advisory) => [advisory.id, advisory.severity, advisory.fixed]),
			[['GHSA-6q4w-3wp4-q5wf', 'high', ['2.0.2']]],
		);
		assert.ok(vulnerable.release?.counted.includes('vulnerable'));
		assert.deepEqual(byId.get(releaseIds.provenanceDrop)!.advisories, [], 'the withdrawn report is ignored');
		// The whole tree's advisories: one batch, one request per new id (the alias chain is two records).
		assert.equal(server.count('osv-batch'), 1);
		assert.equal(server.count('osv-vuln'), 7);
	});

	test('--fail-on critical fails on it; SARIF has one result per advisory with its id as the rule', async () => {
		const gate = await runCli(['--format', 'sarif', '--fail-on', 'critical', project], {env: cacheEnv});
		assert.equal(gate.code, 1, gate.stderr);
		const sarif = JSON.parse(gate.stdout) as {
			runs: Array<{
				tool: {driver: {rules: Array<{id: string; name: string}>}};
				results: Array<{ruleId: string; ruleIndex: number; level: string; message: {text: string}}>;
			}>;
		};
		const run = sarif.runs[0]!;
		const rule = run.tool.driver.rules.find((entry) => entry.id === 'MAL-2026-90001')!;
		assert.equal(rule.name, 'KnownMaliciousVersion');
		const result = run.results.find((entry) => entry.ruleId === 'MAL-2026-90001')!;
		assert.equal(result.level, 'error');
		assert.equal(run.tool.driver.rules[result.ruleIndex]!.id, 'MAL-2026-90001');
		assert.match(
			result.message.text,
			// The label says how the package is reached (the SARIF label of every result).
			/^plain-crypto-js@4\.2\.1 \(hijacked › plain-crypto-js\): MAL-2026-90001 \(GHSA-fw8c-xr5c-95f9\) malicious: Malicious code in plain-crypto-js \(npm\)/,
		);
		const vulnerability = run.results.find((entry) => entry.ruleId === 'GHSA-6q4w-3wp4-q5wf')!;
		assert.match(vulnerability.message.text, /high: Denial of service in burst-b; fixed in 2\.0\.2$/);
		assert.ok(run.results.some((entry) => entry.ruleId === 'flag/known-malicious'));
	});

	test('Markdown and HTML list the advisories; offline works from the cache, asking nothing', async () => {
		server.resetRequests();
		const md = await runCli(['--format', 'md', '--offline', project], {env: cacheEnv});
		assert.equal(server.requests.length, 0);
		assert.match(md.stdout, /## Advisories\n\n\| Package \| Advisory \| Severity \| Summary \| Fixed in \|/);
		assert.match(
			md.stdout,
			/\| plain-crypto-js@4\.2\.1 \| MAL-2026-90001 \(GHSA-fw8c-xr5c-95f9\) \| MALICIOUS \| Malicious code in plain-crypto-js \(npm\) \| — \|/,
		);
		assert.match(
			md.stdout,
			/\| burst-b@2\.0\.1 \| GHSA-6q4w-3wp4-q5wf \(CVE-2026-21121\) \| high \| Denial of service in burst-b \| 2\.0\.2 \|/,
		);
		const html = await runCli(['--format', 'html', '--offline', project], {env: cacheEnv});
		assert.match(html.stdout, /<h2>Advisories<\/h2>/);
		assert.match(html.stdout, /<code>MAL-2026-90001<\/code>/);
	});

	test('air-gapped: --advisories-db reads an export file; a bad one is a one-line usage error; --no-advisories asks nothing', async () => {
		const {zipSync, strToU8} = await import('fflate');
		const file = path.join(project, 'npm-all.zip');
		const entries = Object.fromEntries(
			releaseDataset(Date.now()).osv!.map((entry) => [`${entry.id}.json`, strToU8(JSON.stringify(entry))]),
		);
		writeFileSync(file, zipSync(entries));
		server.resetRequests();
		const fresh = env();
		const offline = await runCli(['--json', '--advisories-db', file, project], {env: fresh});
		assert.equal(offline.code, 0, offline.stderr);
		assert.equal(server.count('osv-batch') + server.count('osv-vuln'), 0);
		const report = JSON.parse(offline.stdout) as {packages: WithAdvisories[]};
		const malicious = report.packages.find((entry) => entry.id === releaseIds.newDependency)!;
		assert.equal(malicious.risk, 'critical');

		const missing = await runCli(['--json', '--advisories-db', path.join(project, 'nope.zip'), project], {
			env: fresh,
		});
		assert.equal(missing.code, 2);
		assert.match(missing.stderr, /^commit-tui: --advisories-db: cannot read .*nope\.zip \(ENOENT\)\n$/);
		writeFileSync(path.join(project, 'text.zip'), 'not a zip');
		const notZip = await runCli(['--json', '--advisories-db', path.join(project, 'text.zip'), project], {
			env: fresh,
		});
		assert.equal(notZip.code, 2);
		assert.match(notZip.stderr, /is not a zip archive/);

		server.resetRequests();
		const off = await runCli(['--json', '--no-advisories', project], {env: env()});
		assert.equal(off.code, 0, off.stderr);
		assert.equal(server.count('osv-batch') + server.count('osv-vuln'), 0);
		const plain = (JSON.parse(off.stdout) as {packages: WithAdvisories[]}).packages.find(
			(entry) => entry.id === releaseIds.newDependency,
		)!;
		assert.equal(plain.advisories, null);
		assert.notEqual(plain.release?.risk, 'critical');
	});

	test('an OSV host that is down degrades only the advisories, and says so', async () => {
		const down = await runCli(['--json', project], {
			env: {...env(), COMMIT_TUI_OSV_URL: 'http://127.0.0.1:9/'},
		});
		assert.equal(down.code, 0, down.stderr);
		assert.match(
			down.stderr,
			/warning: advisories unknown for 8 of 8 packages \(127\.0\.0\.1:9: connection refused\)/,
		);
		const report = JSON.parse(down.stdout) as {packages: WithAdvisories[]};
		const hijacked = report.packages.find((entry) => entry.id === releaseIds.hijacked)!;
		assert.equal(hijacked.risk, 'high', 'the registry side is intact');
		assert.equal(hijacked.advisories, null);
		assert.match(hijacked.advisoriesError!, /host down/);
	});
});
