import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {
	CargoCrateFixture,
	NpmPackageFixture,
	NpmVersionFixture,
	PypiPackageFixture,
	RegistryDataset,
} from '../helpers/registry-data.js';
import {registryNow} from '../helpers/registry-data.js';
import {type RegistryServer, startRegistryServer} from '../helpers/registry-server.js';
import {runCli, serverEnv} from '../helpers/run-cli.js';

/**
 * Replays of real npm supply-chain incidents through the built CLI, as a CI job meets them: the lockfile locks
 * the versions the attacker published, the registry serves packuments shaped as they were (publishers, times,
 * install scripts, provenance), and `--fail-on high` must stop the build on the release evidence alone — every
 * package here is a popular one with a clean structural score. Each replay also runs with the versions just
 * before the attack locked, which must pass: a gate that flags everything is no gate.
 *
 * Times are relative to the real clock (the CLI has no fixed "now"): "2 hours ago" is two hours before the run.
 */

const dayMs = 86_400_000;
/** Fixture `daysAgo` (relative to `registryNow`) of a moment `days` before the real now. */
const ago = (days: number) => (registryNow - Date.now()) / dayMs + days;
const hours = (count: number) => ago(count / 24);

type Version = Omit<NpmVersionFixture, 'daysAgo'> & {readonly at: number};
const package_ = (
	name: string,
	repository: string,
	maintainers: string[],
	versions: Version[],
	dailyDownloads = 2_000_000,
): NpmPackageFixture => ({
	name,
	maintainers,
	repository: {type: 'git', url: `git+https://github.com/${repository}.git`},
	dailyDownloads,
	versions: versions.map(({at, ...version}) => ({...version, daysAgo: at})),
});

/** Older releases of a package, a month or more apart, by `publisher`. */
const history = (versions: string[], publisher: string, fromDays: number, step = 45): Version[] =>
	versions.map((version, index) => ({version, publisher, at: ago(fromDays - index * step)}));

/**
 * 2025-09-08: a phished maintainer account (`qix`) published malicious versions of 18 chalk/debug packages within
 * two hours — no install script (a browser-side payload), no provenance on either side, the same account as many
 * earlier releases. What gives it away is the timing: brand-new versions, from one account, across many repositories.
 */
const chalkDebug: NpmPackageFixture[] = [
	package_(
		'debug',
		'debug-js/debug',
		['qix', 'thebigredgeek'],
		[
			...history(['4.3.4', '4.3.5', '4.3.6', '4.3.7', '4.4.0'], 'qix', 1200, 150),
			{version: '4.4.1', publisher: 'qix', at: ago(110), dependencies: {ms: '^2.1.3'}},
			{version: '4.4.2', publisher: 'qix', at: hours(2.5), dependencies: {ms: '^2.1.3'}},
		],
	),
	package_(
		'chalk',
		'chalk/chalk',
		['sindresorhus', 'qix'],
		[
			...history(['4.1.0', '4.1.1', '4.1.2'], 'qix', 1900, 200),
			...history(['5.3.0', '5.4.0', '5.4.1', '5.5.0'], 'sindresorhus', 900, 200),
			{version: '5.6.0', publisher: 'sindresorhus', at: ago(20)},
			{version: '5.6.1', publisher: 'qix', at: hours(2.2)},
		],
	),
	package_(
		'ansi-styles',
		'chalk/ansi-styles',
		['sindresorhus', 'qix'],
		[
			...history(['6.0.0', '6.1.0'], 'sindresorhus', 1500, 180),
			{version: '6.2.0', publisher: 'qix', at: ago(1100)},
			{version: '6.2.1', publisher: 'sindresorhus', at: ago(900)},
			{version: '6.2.2', publisher: 'qix', at: hours(2.1)},
		],
	),
	package_(
		'strip-ansi',
		'chalk/strip-ansi',
		['sindresorhus', 'qix'],
		[
			{version: '7.0.0', publisher: 'sindresorhus', at: ago(1600)},
			{version: '7.0.1', publisher: 'qix', at: ago(1450)},
			{version: '7.1.0', publisher: 'sindresorhus', at: ago(1000)},
			{version: '7.1.1', publisher: 'qix', at: hours(2)},
		],
	),
	package_(
		'ansi-regex',
		'chalk/ansi-regex',
		['sindresorhus', 'qix'],
		[
			{version: '6.0.0', publisher: 'sindresorhus', at: ago(1600)},
			{version: '6.0.1', publisher: 'qix', at: ago(1400)},
			{version: '6.1.0', publisher: 'sindresorhus', at: ago(600)},
			{version: '6.2.0', publisher: 'sindresorhus', at: ago(25)},
			{version: '6.2.1', publisher: 'qix', at: hours(1.9)},
		],
	),
	package_(
		'ms',
		'vercel/ms',
		['vercel-release-bot', 'rauchg'],
		history(['2.1.2', '2.1.3'], 'rauchg', 2400, 400),
	),
];

/**
 * 2025-09-15, "Shai-Hulud": a worm publishing from stolen tokens added a `postinstall` (`node bundle.js`) to the next
 * patch of every package its victim maintained: @ctrl/tinycolor 4.1.1 among them, the versions before published by
 * the maintainer's CI with provenance.
 */
const shaiHulud: NpmPackageFixture[] = [
	package_(
		'@ctrl/tinycolor',
		'scttcper/tinycolor',
		['scttcper'],
		[
			...['3.6.1', '4.0.0', '4.0.4', '4.1.0'].map((version, index) => ({
				version,
				publisher: 'scttcper',
				provenance: true,
				at: ago(700 - index * 160),
			})),
			{version: '4.1.1', publisher: 'scttcper', at: hours(5), scripts: {postinstall: 'node bundle.js'}},
		],
	),
];

/**
 * 2025-08-26, "s1ngularity": nx 21.5.0 was published with a stolen npm token — no provenance, where every release
 * before it came from nx's CI with one — and a new `postinstall` (`node telemetry.js`) that harvested secrets.
 */
const nx: NpmPackageFixture[] = [
	package_(
		'nx',
		'nrwl/nx',
		['jameshenry', 'fwd-bot'],
		[
			...['21.2.0', '21.3.0', '21.4.0', '21.4.1'].map((version, index) => ({
				version,
				publisher: 'fwd-bot',
				provenance: true,
				at: ago(100 - index * 20),
			})),
			{version: '21.5.0', publisher: 'jameshenry', at: hours(3), scripts: {postinstall: 'node telemetry.js'}},
		],
	),
];

/**
 * 2021-10-22: ua-parser-js's maintainer account was taken over; 0.7.29, 0.8.0 and 1.0.0 came out within minutes of
 * each other, each with a `preinstall` that fetched a miner. Replayed as though it were this morning.
 */
const uaParser: NpmPackageFixture[] = [
	package_(
		'ua-parser-js',
		'faisalman/ua-parser-js',
		['faisalman'],
		[
			...history(['0.7.24', '0.7.26', '0.7.28'], 'faisalman', 400, 120),
			{version: '0.7.29', publisher: 'faisalman', at: hours(6), scripts: {preinstall: 'start.js'}},
			{version: '0.8.0', publisher: 'faisalman', at: hours(5.9), scripts: {preinstall: 'start.js'}},
			{version: '1.0.0', publisher: 'faisalman', at: hours(5.8), scripts: {preinstall: 'start.js'}},
		],
	),
];

/**
 * 2018-09: event-stream's new maintainer (`right9ctrl`, handed the package weeks before) published 3.3.6, adding
 * flatmap-stream — a package of his, days old, that nobody used — which carried the payload.
 */
const eventStream: NpmPackageFixture[] = [
	package_(
		'event-stream',
		'dominictarr/event-stream',
		['dominictarr', 'right9ctrl'],
		[
			...history(['3.3.2', '3.3.3', '3.3.4'], 'dominictarr', 1800, 300),
			{version: '3.3.5', publisher: 'right9ctrl', at: ago(10), dependencies: {through: '~2.3.1'}},
			{
				version: '3.3.6',
				publisher: 'right9ctrl',
				at: ago(3),
				dependencies: {through: '~2.3.1', 'flatmap-stream': '^0.1.0'},
			},
		],
	),
	package_(
		'flatmap-stream',
		'hugeglass/flatmap-stream',
		['right9ctrl'],
		[{version: '0.1.1', publisher: 'right9ctrl', at: ago(8)}],
		20,
	),
	package_(
		'through',
		'dominictarr/through',
		['dominictarr'],
		history(['2.3.7', '2.3.8'], 'dominictarr', 2500, 400),
	),
];

/**
 * 2024-12-07, ultralytics on PyPI: after two releases from its poisoned CI, the attacker uploaded 8.3.45 and 8.3.46
 * straight to PyPI with a stolen API token — without the PEP 740 provenance every release from ultralytics' trusted
 * publisher carried.
 */
const ultralytics: PypiPackageFixture = {
	name: 'ultralytics',
	ownership: {roles: [{role: 'Owner', user: 'glenn-jocher'}], organization: 'ultralytics'},
	releases: [
		...(
			[
				['8.3.30', 30],
				['8.3.35', 22],
				['8.3.39', 14],
				['8.3.40', 8],
				['8.3.43', 3],
				['8.3.44', 2],
			] as const
		).map(([version, days]) => ({version, daysAgo: ago(days), provenance: true, requiresDist: []})),
		{version: '8.3.45', daysAgo: hours(4), requiresDist: []},
		{version: '8.3.46', daysAgo: hours(3), requiresDist: []},
	],
	dailyDownloads: 60_000,
	sourceUrl: 'https://github.com/ultralytics/ultralytics',
};

/**
 * PyPI lets files be added to a release at any time. With a stolen token, a platform wheel added to a release two
 * years old is what `pip install lateship==1.5.0` installs on that platform — the release's age says nothing, and
 * the wheel lacks the provenance its CI-built files have. `lateship-backfill` is the honest case: a wheel for a new
 * Python added half a year after its release, from the same CI, with its provenance.
 */
const lateFiles: PypiPackageFixture[] = [
	{
		name: 'lateship',
		ownership: {roles: [{role: 'Owner', user: 'maintainer-l'}], organization: null},
		releases: [
			{version: '1.4.0', daysAgo: ago(1100), provenance: true, requiresDist: []},
			{
				version: '1.5.0',
				daysAgo: ago(700),
				provenance: true,
				requiresDist: [],
				lateFile: {daysAgo: hours(3)},
			},
		],
		dailyDownloads: 400_000,
	},
	{
		name: 'lateship-backfill',
		ownership: {roles: [{role: 'Owner', user: 'maintainer-l'}], organization: null},
		releases: [
			{
				version: '2.0.0',
				daysAgo: ago(400),
				provenance: true,
				requiresDist: [],
				lateFile: {daysAgo: ago(200), provenance: true},
			},
		],
		dailyDownloads: 400_000,
	},
];

/** A project PyPI's admins quarantined (PEP 792) while they examine a malware report: installs are refused. */
const quarantined: PypiPackageFixture = {
	name: 'colorizr',
	ownership: {roles: [{role: 'Owner', user: 'new-owner'}], organization: null},
	releases: [
		{version: '1.0.0', daysAgo: ago(400), requiresDist: []},
		{version: '1.0.1', daysAgo: ago(60), requiresDist: []},
	],
	status: 'quarantined',
	statusReason: 'Reported as malware; under review',
	dailyDownloads: 300,
};

/**
 * 2025-09: `faster_log` and `async_println` on crates.io, typosquats of `fast_log` carrying its code and README plus
 * a payload that searched source files for Solana and Ethereum keys. Published in May by fresh accounts, about
 * 8,400 downloads before crates.io removed them four months later. No earlier release of theirs to compare with:
 * the structural side must say it — one brand-new account, a young crate, hardly used.
 */
const fasterLog: CargoCrateFixture = {
	name: 'faster_log',
	owners: ['rustguruman'],
	versions: [
		{num: '1.7.8', daysAgo: ago(125)},
		{num: '1.7.9', daysAgo: ago(118)},
	],
	repository: 'https://github.com/rbatis/fast_log',
	description: 'Rust async log High-performance asynchronous logging',
	dailyDownloads: 60,
};

/**
 * The aim of the same month's phishing of crate owners (`rustfoundation.dev`): an owner's token, then a release
 * from a laptop. A crate every release of which came from its GitHub workflow (crates.io trusted publishing), now
 * a version two hours old published with a token — trusted publishing dropped, and a dependency on a crate made
 * the same day. (A composite of the campaign's goal, not one crate's history.)
 */
const phishedCrate: CargoCrateFixture[] = [
	{
		name: 'wire-codec',
		owners: ['maintainer-a', 'maintainer-b'],
		versions: [
			...['0.9.0', '0.9.1', '0.9.2', '0.9.3'].map((num, index) => ({
				num,
				daysAgo: ago(200 - index * 40),
				trustedPublishing: {
					provider: 'github' as const,
					repository: 'wire-rs/wire-codec',
					runId: `1400000${index}`,
					sha: `${index}`.repeat(40),
				},
			})),
			{
				num: '0.9.4',
				daysAgo: hours(2),
				publishedBy: 'maintainer-a',
				dependencies: [{name: 'wire-telemetry', req: '^0.1'}],
			},
		],
		repository: 'https://github.com/wire-rs/wire-codec',
		dailyDownloads: 150_000,
	},
	{
		name: 'wire-telemetry',
		owners: ['maintainer-a'],
		versions: [{num: '0.1.0', daysAgo: hours(3)}],
		dailyDownloads: 3,
	},
];

/**
 * The event-stream pattern on PyPI (a composite, not one project's history): a library downloaded for years
 * releases a version that adds a dependency published the same day by the same hand, hardly downloaded. PyPI's
 * project JSON says nothing of older releases' dependencies: the scan reads the locked and the previous release's
 * wheel metadata to see what was added.
 */
const pypiNewDependency: PypiPackageFixture[] = [
	{
		name: 'sqlparse-formatter',
		ownership: {roles: [{role: 'Owner', user: 'maintainer-a'}], organization: null},
		releases: [
			...(['2.0.0', '2.1.0', '2.2.0', '2.3.0'] as const).map((version, index) => ({
				version,
				daysAgo: ago(400 - index * 90),
				requiresDist: ['sqlparse>=0.4'],
			})),
			{version: '2.3.1', daysAgo: hours(5), requiresDist: ['sqlparse>=0.4', 'sqlparse-telemetry>=0.1']},
		],
		dailyDownloads: 80_000,
		sourceUrl: 'https://github.com/example/sqlparse-formatter',
	},
	{
		name: 'sqlparse',
		ownership: {roles: [{role: 'Owner', user: 'andialbrecht'}], organization: null},
		releases: [{version: '0.5.3', daysAgo: ago(300), requiresDist: []}],
		dailyDownloads: 900_000,
	},
	{
		name: 'sqlparse-telemetry',
		ownership: {roles: [{role: 'Owner', user: 'maintainer-a'}], organization: null},
		releases: [{version: '0.1.0', daysAgo: hours(6), requiresDist: []}],
		dailyDownloads: 2,
	},
];

const dataset: RegistryDataset = {
	npm: [...chalkDebug, ...shaiHulud, ...nx, ...uaParser, ...eventStream],
	pypi: [ultralytics, quarantined, ...pypiNewDependency, ...lateFiles],
	cargo: [fasterLog, ...phishedCrate],
};

let server: RegistryServer;
const folders: string[] = [];
before(async () => {
	server = await startRegistryServer({dataset, cratesDownloadsEndToday: true});
});
after(async () => {
	await server.close();
	for (const folder of folders) rmSync(folder, {recursive: true, force: true});
});

type Locked = {
	readonly name: string;
	readonly version: string;
	readonly dependencies?: Record<string, string>;
	/** The lockfile's `resolved` (default the npm registry's tarball URL). */
	readonly resolved?: string;
};

/** A project whose package-lock.json (v3) locks these packages, every one a direct dependency but those nested. */
function project(locked: Locked[], direct: string[] = locked.map((entry) => entry.name)): string {
	const folder = mkdtempSync(path.join(tmpdir(), 'commit-incident-'));
	folders.push(folder);
	const dependencies = Object.fromEntries(
		direct.map((name) => [name, locked.find((entry) => entry.name === name)!.version]),
	);
	const packages: Record<string, unknown> = {'': {name: 'app', version: '1.0.0', dependencies}};
	for (const entry of locked) {
		packages[`node_modules/${entry.name}`] = {
			version: entry.version,
			resolved:
				entry.resolved ??
				`https://registry.npmjs.org/${entry.name}/-/${entry.name.split('/').pop()}-${entry.version}.tgz`,
			integrity:
				'sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==',
			...(entry.dependencies ? {dependencies: entry.dependencies} : {}),
		};
	}

	writeFileSync(
		path.join(folder, 'package.json'),
		JSON.stringify({name: 'app', version: '1.0.0', dependencies}),
	);
	writeFileSync(
		path.join(folder, 'package-lock.json'),
		JSON.stringify({name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages}, null, 2),
	);
	return folder;
}

/**
 * The same project with a pnpm-lock.yaml (9.0) instead: pnpm writes no URL for a package of its registry, so a
 * `resolved` of the list becomes that package's `resolution.tarball`.
 */
function pnpmProject(locked: Locked[], direct: string[]): string {
	const folder = mkdtempSync(path.join(tmpdir(), 'commit-incident-'));
	folders.push(folder);
	const integrity =
		'sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==';
	const version = (name: string) => locked.find((entry) => entry.name === name)!.version;
	const lines = ["lockfileVersion: '9.0'", '', 'importers:', '  .:', '    dependencies:'];
	for (const name of direct)
		lines.push(`      ${name}:`, `        specifier: ${version(name)}`, `        version: ${version(name)}`);
	lines.push('', 'packages:');
	for (const entry of locked) {
		const tarball = entry.resolved ? `tarball: '${entry.resolved}', ` : '';
		lines.push(
			`  ${entry.name}@${entry.version}:`,
			`    resolution: {${tarball}integrity: ${integrity}}`,
			'',
		);
	}

	lines.push('snapshots:');
	for (const entry of locked) {
		lines.push(`  ${entry.name}@${entry.version}:${entry.dependencies ? '' : ' {}'}`);
		if (!entry.dependencies) continue;
		lines.push('    dependencies:');
		for (const name of Object.keys(entry.dependencies)) lines.push(`      ${name}: ${version(name)}`);
	}

	const dependencies = Object.fromEntries(direct.map((name) => [name, version(name)]));
	writeFileSync(
		path.join(folder, 'package.json'),
		JSON.stringify({name: 'app', version: '1.0.0', dependencies}),
	);
	writeFileSync(path.join(folder, 'pnpm-lock.yaml'), `${lines.join('\n')}\n`);
	return folder;
}

type Reported = {
	readonly id: string;
	readonly risk: string;
	readonly structuralRisk: string;
	readonly release: {readonly risk: string; readonly evidence: string[]; readonly counted: string[]};
	readonly flags: Array<{readonly id: string; readonly message: string}>;
};

async function scan(
	folder: string,
): Promise<{code: number | null; packages: Map<string, Reported>; stderr: string}> {
	const result = await runCli(['--json', '--fail-on', 'high', folder], {env: serverEnv(server)});
	const report = JSON.parse(result.stdout) as {packages: Reported[]};
	return {
		code: result.code,
		packages: new Map(report.packages.map((entry) => [entry.id, entry])),
		stderr: result.stderr,
	};
}

function assertCaught(found: Reported | undefined, evidence: string[], id: string): void {
	assert.ok(found, `${id} is in the report`);
	assert.ok(
		['high', 'critical'].includes(found.release.risk),
		`${id}: release risk ${found.release.risk} (${found.release.evidence.join(', ')})`,
	);
	for (const each of evidence)
		assert.ok(
			found.release.evidence.includes(each),
			`${id}: ${each} in ${found.release.evidence.join(', ')}`,
		);
}

describe('incident replays: the locked version is the attack', () => {
	test('chalk/debug (2025-09): one account, five repositories, two hours — account-burst and cooldown', async () => {
		const locked: Locked[] = [
			{name: 'debug', version: '4.4.2', dependencies: {ms: '^2.1.3'}},
			{name: 'chalk', version: '5.6.1'},
			{name: 'ansi-styles', version: '6.2.2'},
			{name: 'strip-ansi', version: '7.1.1'},
			{name: 'ansi-regex', version: '6.2.1'},
			{name: 'ms', version: '2.1.3'},
		];
		const {code, packages, stderr} = await scan(
			project(locked, ['debug', 'chalk', 'ansi-styles', 'strip-ansi', 'ansi-regex']),
		);
		assert.equal(code, 1, stderr);
		for (const {name, version} of locked.filter((entry) => entry.name !== 'ms'))
			assertCaught(
				packages.get(`npm:${name}@${version}`),
				['cooldown', 'account-burst'],
				`${name}@${version}`,
			);
		const burst = packages.get('npm:chalk@5.6.1')!.flags.find((flag) => flag.id === 'account-burst')!;
		assert.match(
			burst.message,
			/qix published versions of 5 repositories of this tree within 48 hours of 5\.6\.1/,
		);
		// ms is years old and its publisher did nothing today.
		assert.equal(packages.get('npm:ms@2.1.3')!.release.risk, 'none');
	});

	test('Shai-Hulud (2025-09): a postinstall appears, the provenance goes', async () => {
		const {code, packages, stderr} = await scan(project([{name: '@ctrl/tinycolor', version: '4.1.1'}]));
		assert.equal(code, 1, stderr);
		assertCaught(
			packages.get('npm:@ctrl/tinycolor@4.1.1'),
			['cooldown', 'install-script-added', 'provenance-dropped'],
			'@ctrl/tinycolor@4.1.1',
		);
		const script = packages
			.get('npm:@ctrl/tinycolor@4.1.1')!
			.flags.find((flag) => flag.id === 'install-script-added')!;
		assert.match(script.message, /postinstall script \(node bundle\.js\)/);
	});

	test('nx "s1ngularity" (2025-08): no provenance after a run of CI releases, a postinstall, another account', async () => {
		const {code, packages, stderr} = await scan(project([{name: 'nx', version: '21.5.0'}]));
		assert.equal(code, 1, stderr);
		assertCaught(
			packages.get('npm:nx@21.5.0'),
			['cooldown', 'install-script-added', 'provenance-dropped', 'new-publisher'],
			'nx@21.5.0',
		);
	});

	test('ua-parser-js (2021-10): three versions in minutes, each with a preinstall', async () => {
		const {code, packages, stderr} = await scan(project([{name: 'ua-parser-js', version: '0.7.29'}]));
		assert.equal(code, 1, stderr);
		assertCaught(
			packages.get('npm:ua-parser-js@0.7.29'),
			['cooldown', 'install-script-added', 'release-burst'],
			'ua-parser-js@0.7.29',
		);
	});

	test('event-stream (2018-09): a new maintainer adds a dependency of his own, days old and unused', async () => {
		const locked: Locked[] = [
			{name: 'event-stream', version: '3.3.6', dependencies: {through: '~2.3.1', 'flatmap-stream': '^0.1.0'}},
			{name: 'flatmap-stream', version: '0.1.1'},
			{name: 'through', version: '2.3.8'},
		];
		const {code, packages, stderr} = await scan(project(locked, ['event-stream']));
		assert.equal(code, 1, stderr);
		assertCaught(
			packages.get('npm:event-stream@3.3.6'),
			['cooldown', 'new-dependency'],
			'event-stream@3.3.6',
		);
		const added = packages.get('npm:event-stream@3.3.6')!.flags.find((flag) => flag.id === 'new-dependency')!;
		assert.match(added.message, /flatmap-stream/);
	});
});

describe('incident replays: the registry removed the locked version', () => {
	/**
	 * The same incidents as the registry serves them once npm has taken the versions down: they leave `versions`,
	 * their times stay in `time`. A lockfile written in those hours still locks them, and a CI cache or a laptop's
	 * still holds their tarballs. rc's hijacked 1.2.9 (2021-11) was removed within hours and is years old now.
	 */
	const removedState = (fixture: NpmPackageFixture, removed: string[]): NpmPackageFixture => ({
		...fixture,
		versions: fixture.versions.filter((version) => !removed.includes(version.version)),
		removedVersions: fixture.versions.filter((version) => removed.includes(version.version)),
	});
	const rc = package_(
		'rc',
		'dominictarr/rc',
		['dominictarr', 'ljharb'],
		[
			...history(['1.2.6', '1.2.7', '1.2.8'], 'dominictarr', 3000, 300),
			{version: '1.2.9', publisher: 'dominictarr', at: ago(1480)},
			{version: '1.3.9', publisher: 'dominictarr', at: ago(1480)},
		],
	);
	let removedServer: RegistryServer;
	before(async () => {
		const [debug, chalk] = chalkDebug;
		removedServer = await startRegistryServer({
			dataset: {
				npm: [
					removedState(debug!, ['4.4.2']),
					removedState(chalk!, ['5.6.1']),
					chalkDebug.find((fixture) => fixture.name === 'ms')!,
					removedState(rc, ['1.2.9', '1.3.9']),
				],
				pypi: [],
			},
		});
	});
	after(() => removedServer.close());
	const scanRemoved = async (folder: string) => {
		const result = await runCli(['--json', '--fail-on', 'high', folder], {env: serverEnv(removedServer)});
		const report = JSON.parse(result.stdout) as {packages: Reported[]};
		return {
			code: result.code,
			stderr: result.stderr,
			packages: new Map(report.packages.map((entry) => [entry.id, entry])),
		};
	};

	test('chalk/debug hours later: removed-version and cooldown from the time npm kept, high, and the gate fails', async () => {
		const {code, packages, stderr} = await scanRemoved(
			project(
				[
					{name: 'debug', version: '4.4.2', dependencies: {ms: '^2.1.3'}},
					{name: 'chalk', version: '5.6.1'},
					{name: 'ms', version: '2.1.3'},
				],
				['debug', 'chalk'],
			),
		);
		assert.equal(code, 1, stderr);
		assert.match(stderr, /HIGH +npm:debug@4\.4\.2 .*\[flag\/cooldown, flag\/removed-version\]/);
		for (const id of ['npm:debug@4.4.2', 'npm:chalk@5.6.1']) {
			const found = packages.get(id)!;
			assert.equal(found.release.risk, 'high', id);
			assert.deepEqual([...found.release.counted].sort(), ['cooldown', 'removed-version'], id);
			// Said once, as the release evidence it is: not also the structural "not in the registry (unpublished?)".
			assert.deepEqual(
				found.flags.map((flag) => flag.id).filter((flag) => flag === 'unpublished'),
				[],
				id,
			);
		}

		assert.match(
			packages.get('npm:debug@4.4.2')!.flags.find((flag) => flag.id === 'removed-version')!.message,
			/^4\.4\.2 is no longer in the registry: published 2 hours ago, then removed, by its publisher or by the registry/,
		);
		assert.equal(packages.get('npm:ms@2.1.3')!.release.risk, 'none');
	});

	test('rc (2021-11): hijacked versions npm removed within hours, still locked years later — high on removal alone', async () => {
		const {code, packages, stderr} = await scanRemoved(project([{name: 'rc', version: '1.2.9'}]));
		assert.equal(code, 1, stderr);
		const found = packages.get('npm:rc@1.2.9')!;
		assert.equal(found.release.risk, 'high');
		assert.deepEqual(found.release.counted, ['removed-version']);
		// Its age is known from the registry's time, not "unknown".
		assert.ok((found.release as {ageDays?: number}).ageDays! > 1400);
		// The version before it, still served, passes.
		const before = await scanRemoved(project([{name: 'rc', version: '1.2.8'}]));
		assert.equal(before.code, 0, before.stderr);
		assert.equal(before.packages.get('npm:rc@1.2.8')!.release.risk, 'none');
	});

	test('--package with a removed version pinned exactly: judged, not "no version satisfies"; a range says what was removed', async () => {
		const result = await runCli(['--json', '--fail-on', 'high', '--package', 'npm:debug@4.4.2'], {
			env: serverEnv(removedServer),
		});
		assert.equal(result.code, 1, result.stderr);
		const found = (JSON.parse(result.stdout) as {packages: Reported[]}).packages.find(
			(entry) => entry.id === 'npm:debug@4.4.2',
		);
		assert.equal(found?.release.risk, 'high');
		assert.deepEqual([...found!.release.counted].sort(), ['cooldown', 'removed-version']);
		// Its manifest went with it: its dependencies are unknown, and said to be, not an empty list.
		assert.match(result.stderr, /4\.4\.2 was removed from the registry, and its manifest with it/);

		const ranged = await runCli(['--json', '--package', 'npm:chalk@>5.6.0'], {env: serverEnv(removedServer)});
		assert.match(
			ranged.stdout + ranged.stderr,
			/no version satisfies >5\.6\.0: the registry removed 5\.6\.1/,
		);
	});
});

describe('incident replays: the maintainers withdrew the locked version', () => {
	/**
	 * DuckDB's npm account was phished in the same wave as chalk/debug (2025-09-08): duckdb 1.3.3 carried the
	 * payload. Its maintainers deprecated the version at once, saying why, while npm's removal took longer. Weeks
	 * later the version is past its cooldown and npm still serves it; only the deprecation says what it is.
	 */
	const duckdb = package_(
		'duckdb',
		'duckdb/duckdb-node',
		['duckdb_admin', 'mytherin', 'hannes'],
		[
			...history(['1.2.0', '1.2.1', '1.3.0', '1.3.1', '1.3.2'], 'duckdb_admin', 400, 60),
			{
				version: '1.3.3',
				publisher: 'duckdb_admin',
				at: ago(20),
				deprecated: 'This version was compromised. Do not use it: upgrade to 1.3.4 or pin 1.3.2.',
			},
		],
	);
	let withdrawnServer: RegistryServer;
	before(async () => {
		withdrawnServer = await startRegistryServer({dataset: {npm: [duckdb], pypi: []}});
	});
	after(() => withdrawnServer.close());

	test('duckdb 1.3.3 weeks later: compromise-notice, high on the deprecation alone, and the gate fails', async () => {
		const run = async (version: string) => {
			const result = await runCli(['--json', '--fail-on', 'high', project([{name: 'duckdb', version}])], {
				env: serverEnv(withdrawnServer),
			});
			const report = JSON.parse(result.stdout) as {packages: Reported[]};
			return {...result, found: report.packages.find((entry) => entry.id === `npm:duckdb@${version}`)!};
		};
		const attacked = await run('1.3.3');
		assert.equal(attacked.code, 1, attacked.stderr);
		assert.equal(attacked.found.release.risk, 'high');
		assert.deepEqual(attacked.found.release.counted, ['compromise-notice']);
		assert.match(attacked.stderr, /HIGH +npm:duckdb@1\.3\.3 .*flag\/compromise-notice/);
		const before = await run('1.3.2');
		assert.equal(before.code, 0, before.stderr);
		assert.equal(before.found.release.risk, 'none');
	});
});

describe('incident replays on PyPI', () => {
	/** A project whose requirements.txt pins these (a flat lock: edges come from each release's metadata). */
	const requirements = (pins: string[]): string => {
		const folder = mkdtempSync(path.join(tmpdir(), 'commit-incident-'));
		folders.push(folder);
		writeFileSync(path.join(folder, 'requirements.txt'), `${pins.join('\n')}\n`);
		return folder;
	};

	test('ultralytics (2024-12): uploaded with a stolen token, without the provenance of every release before', async () => {
		const {code, packages, stderr} = await scan(requirements(['ultralytics==8.3.46']));
		assert.equal(code, 1, stderr);
		assertCaught(
			packages.get('pypi:ultralytics@8.3.46'),
			['cooldown', 'provenance-dropped'],
			'ultralytics@8.3.46',
		);
		// The release before the attack, from the trusted publisher two days earlier: young, nothing else.
		const before = (await scan(requirements(['ultralytics==8.3.44']))).packages.get(
			'pypi:ultralytics@8.3.44',
		)!;
		assert.equal(before.release.risk, 'moderate');
		assert.deepEqual(before.release.counted, ['cooldown']);
	});

	test('PyPI: a release adding a dependency made the same day — new-dependency, from the two releases’ metadata', async () => {
		const {code, packages, stderr} = await scan(requirements(['sqlparse-formatter==2.3.1']));
		assert.equal(code, 1, stderr);
		const found = packages.get('pypi:sqlparse-formatter@2.3.1');
		assertCaught(found, ['cooldown', 'new-dependency'], 'sqlparse-formatter@2.3.1');
		const added = found!.flags.find((flag) => flag.id === 'new-dependency')!;
		assert.match(added.message, /^2\.3\.1 adds sqlparse-telemetry \(.*\), which 2\.3\.0 did not depend on$/);
		// The release before: the same dependencies as the one before it, nothing added.
		const before = (await scan(requirements(['sqlparse-formatter==2.3.0']))).packages.get(
			'pypi:sqlparse-formatter@2.3.0',
		)!;
		assert.ok(!before.release.evidence.includes('new-dependency'), before.release.evidence.join(', '));
	});

	test('a wheel added three hours ago to a release two years old, without its provenance: cooldown from the file, high', async () => {
		const {code, packages, stderr} = await scan(requirements(['lateship==1.5.0']));
		assert.equal(code, 1, stderr);
		const found = packages.get('pypi:lateship@1.5.0');
		assertCaught(found, ['cooldown', 'provenance-dropped'], 'lateship@1.5.0');
		const cooldown = found!.flags.find((flag) => flag.id === 'cooldown')!;
		assert.match(
			cooldown.message,
			/^1\.5\.0 was published 22 months ago, but its file lateship-1\.5\.0-cp313-cp313-manylinux_2_17_x86_64\.whl was uploaded (2|3) hours ago: a file added to an old release \(cooldown 14 days\)$/,
		);
		// The honest case: a wheel backfilled half a year later by the same CI, with its provenance — nothing.
		const backfill = (await scan(requirements(['lateship-backfill==2.0.0']))).packages.get(
			'pypi:lateship-backfill@2.0.0',
		)!;
		assert.equal(backfill.release.risk, 'none', backfill.release.evidence.join(', '));
	});

	test('a project PyPI quarantined is critical whatever its version, and fails even --fail-on critical', async () => {
		const folder = requirements(['colorizr==1.0.0']);
		const {packages} = await scan(folder);
		const found = packages.get('pypi:colorizr@1.0.0')!;
		assert.equal(found.release.risk, 'critical');
		assert.deepEqual(found.release.counted, ['quarantined']);
		const result = await runCli(['--json', '--fail-on', 'critical', folder], {env: serverEnv(server)});
		assert.equal(result.code, 1, result.stderr);
	});
	test('offline with an empty cache, a uv.lock still says how young the locked release is (upload-time)', async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'commit-incident-'));
		folders.push(folder);
		const uploaded = new Date(Date.now() - 3 * 3_600_000).toISOString();
		const pyproject = '[project]\nname = "app"\nversion = "0.1.0"\ndependencies = ["ultralytics"]\n';
		writeFileSync(
			path.join(folder, 'uv.lock'),
			`version = 1\nrevision = 3\nrequires-python = ">=3.10"\n\n[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { editable = "." }\ndependencies = [\n    { name = "ultralytics" },\n]\n\n[[package]]\nname = "ultralytics"\nversion = "8.3.46"\nsource = { registry = "https://pypi.org/simple" }\nsdist = { url = "https://files.pythonhosted.org/packages/ultralytics-8.3.46.tar.gz", hash = "sha256:${'ab'.repeat(32)}", size = 881000, upload-time = "${uploaded}" }\n`,
		);
		const offline = async () => {
			const result = await runCli(
				['--json', '--offline', '--allow-incomplete', '--fail-on', 'moderate', folder],
				{
					env: serverEnv(server),
				},
			);
			assert.equal(result.code, 1, result.stderr);
			const report = JSON.parse(result.stdout) as {packages: Reported[]};
			const found = report.packages.find((entry) => entry.id === 'pypi:ultralytics@8.3.46')!;
			assert.equal(found.release.risk, 'moderate');
			assert.deepEqual(found.release.counted, ['cooldown']);
			return found.flags.find((flag) => flag.id === 'cooldown')!.message;
		};

		writeFileSync(path.join(folder, 'pyproject.toml'), pyproject);
		assert.match(
			await offline(),
			/^8\.3\.46 was uploaded 3 hours ago, as the lockfile records it \(cooldown 14 days/,
		);
		// The project's own rule (uv exclude-newer) names itself, measured from the lockfile's time.
		writeFileSync(path.join(folder, 'pyproject.toml'), `${pyproject}\n[tool.uv]\nexclude-newer = "1 day"\n`);
		assert.match(
			await offline(),
			/^locked version published 3 hours ago, younger than the project's cooldown of 1 day, from uv tool\.uv\.exclude-newer \(pyproject\.toml:7\)$/,
		);
	});
	test('uv.lock injection: a PyPI package’s wheel URL (and hash) edited to another host is high, whatever its age', async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'commit-incident-'));
		folders.push(folder);
		writeFileSync(
			path.join(folder, 'pyproject.toml'),
			'[project]\nname = "app"\nversion = "0.1.0"\ndependencies = ["ultralytics"]\n',
		);
		const lock = (wheelUrl: string) =>
			`version = 1\nrevision = 3\nrequires-python = ">=3.10"\n\n[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { editable = "." }\ndependencies = [\n    { name = "ultralytics" },\n]\n\n[[package]]\nname = "ultralytics"\nversion = "8.3.30"\nsource = { registry = "https://pypi.org/simple" }\nsdist = { url = "https://files.pythonhosted.org/packages/ab/cd/ultralytics-8.3.30.tar.gz", hash = "sha256:${'ab'.repeat(32)}", size = 881000 }\nwheels = [\n    { url = "${wheelUrl}", hash = "sha256:${'ef'.repeat(32)}", size = 900000 },\n]\n`;
		const genuine = 'https://files.pythonhosted.org/packages/ef/01/ultralytics-8.3.30-py3-none-any.whl';
		const evilWheel = 'https://files-pythonhosted.example/packages/ef/01/ultralytics-8.3.30-py3-none-any.whl';
		writeFileSync(path.join(folder, 'uv.lock'), lock(genuine));
		// As locked: no release evidence (the gate may still stop a month-old package on its structure).
		const before = await scan(folder);
		assert.equal(before.packages.get('pypi:ultralytics@8.3.30')!.release.risk, 'none');
		assert.doesNotMatch(before.stderr, /foreign-tarball/);

		writeFileSync(path.join(folder, 'uv.lock'), lock(evilWheel));
		const {code, packages, stderr} = await scan(folder);
		assert.equal(code, 1, stderr);
		assert.match(stderr, /HIGH +pypi:ultralytics@8\.3\.30 .*\[flag\/foreign-tarball\]/);
		const found = packages.get('pypi:ultralytics@8.3.30')!;
		assert.equal(found.release.risk, 'high');
		assert.deepEqual(found.release.counted, ['foreign-tarball']);
		assert.equal(
			found.flags.find((flag) => flag.id === 'foreign-tarball')!.message,
			`the lockfile installs 8.3.30 from files-pythonhosted.example (${evilWheel}), though it says the package came from PyPI, which serves every file from files.pythonhosted.org`,
		);
	});
	test('offline, a uv.lock refreshed after a wheel was added to an old release: cooldown from that wheel', async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'commit-incident-'));
		folders.push(folder);
		const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
		const file = (name: string, uploaded: string) =>
			`{ url = "https://files.pythonhosted.org/packages/${name}", hash = "sha256:${'cd'.repeat(32)}", size = 1000, upload-time = "${uploaded}" }`;
		writeFileSync(
			path.join(folder, 'pyproject.toml'),
			'[project]\nname = "app"\nversion = "0.1.0"\ndependencies = ["lateship"]\n',
		);
		const lock = (wheels: string[]) =>
			`version = 1\nrevision = 3\nrequires-python = ">=3.10"\n\n[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { editable = "." }\ndependencies = [\n    { name = "lateship" },\n]\n\n[[package]]\nname = "lateship"\nversion = "1.5.0"\nsource = { registry = "https://pypi.org/simple" }\nsdist = ${file('lateship-1.5.0.tar.gz', hoursAgo(16_000))}\nwheels = [\n${wheels.map((wheel) => `    ${wheel},\n`).join('')}]\n`;
		const scanOffline = async () => {
			const result = await runCli(
				['--json', '--offline', '--allow-incomplete', '--fail-on', 'moderate', folder],
				{
					env: serverEnv(server),
				},
			);
			const report = JSON.parse(result.stdout) as {packages: Reported[]};
			return {code: result.code, found: report.packages.find((entry) => entry.id === 'pypi:lateship@1.5.0')!};
		};

		const genuine = file('lateship-1.5.0-py3-none-any.whl', hoursAgo(15_999));
		writeFileSync(path.join(folder, 'uv.lock'), lock([genuine]));
		const before = await scanOffline();
		assert.equal(before.code, 0);
		assert.deepEqual(before.found.release.counted, []);

		writeFileSync(
			path.join(folder, 'uv.lock'),
			lock([genuine, file('lateship-1.5.0-cp313-cp313-manylinux_2_17_x86_64.whl', hoursAgo(3))]),
		);
		const after = await scanOffline();
		assert.equal(after.code, 1);
		assert.equal(after.found.release.risk, 'moderate');
		assert.deepEqual(after.found.release.counted, ['cooldown']);
		assert.match(
			after.found.flags.find((flag) => flag.id === 'cooldown')!.message,
			/^1\.5\.0 was published 2[12] months ago, but its file lateship-1\.5\.0-cp313-cp313-manylinux_2_17_x86_64\.whl was uploaded 3 hours ago, as the lockfile records it: a file added to an old release \(cooldown 14 days; the registry's facts of it are not known\)$/,
		);
	});
});

/** A Rust application whose Cargo.lock (v4) locks these crates, each a dependency of the application. */
function cargoProject(
	locked: ReadonlyArray<{name: string; version: string; dependencies?: string[]}>,
): string {
	const folder = mkdtempSync(path.join(tmpdir(), 'commit-incident-'));
	folders.push(folder);
	const direct = locked.filter((entry) => !locked.some((other) => other.dependencies?.includes(entry.name)));
	const entry = (name: string, version: string, dependencies: readonly string[], source: boolean) =>
		[
			'[[package]]',
			`name = "${name}"`,
			`version = "${version}"`,
			...(source
				? [
						'source = "registry+https://github.com/rust-lang/crates.io-index"',
						`checksum = "${'0f'.repeat(32)}"`,
					]
				: []),
			...(dependencies.length > 0
				? ['dependencies = [', ...dependencies.map((name) => ` "${name}",`), ']']
				: []),
			'',
		].join('\n');
	const entries = [
		entry(
			'app',
			'0.1.0',
			direct.map((each) => each.name),
			false,
		),
		...locked.map((each) => entry(each.name, each.version, each.dependencies ?? [], true)),
	].sort();
	writeFileSync(
		path.join(folder, 'Cargo.lock'),
		`# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 4\n\n${entries.join('\n')}`,
	);
	writeFileSync(
		path.join(folder, 'Cargo.toml'),
		`[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${direct.map((each) => `${each.name} = "${each.version}"`).join('\n')}\n`,
	);
	return folder;
}

describe('incident replays on crates.io', () => {
	test('faster_log (2025-09): a typosquat four months old, by a new account, hardly used — high on structure', async () => {
		const {code, packages, stderr} = await scan(cargoProject([{name: 'faster_log', version: '1.7.9'}]));
		const found = packages.get('cargo:faster_log@1.7.9');
		assert.ok(found, stderr);
		assert.ok(['high', 'critical'].includes(found.structuralRisk), `structural ${found.structuralRisk}`);
		assert.equal(code, 1, stderr);
	});

	test('a phished owner token: trusted publishing dropped, a new dependency of the same day, two hours old', async () => {
		const {code, packages, stderr} = await scan(
			cargoProject([
				{name: 'wire-codec', version: '0.9.4', dependencies: ['wire-telemetry']},
				{name: 'wire-telemetry', version: '0.1.0'},
			]),
		);
		assert.equal(code, 1, stderr);
		assertCaught(
			packages.get('cargo:wire-codec@0.9.4'),
			['cooldown', 'provenance-dropped', 'new-publisher', 'new-dependency'],
			'wire-codec@0.9.4',
		);
		// The release before, from the workflow months ago: nothing on the release side.
		const before = (await scan(cargoProject([{name: 'wire-codec', version: '0.9.3'}]))).packages.get(
			'cargo:wire-codec@0.9.3',
		)!;
		assert.equal(before.release.risk, 'none', before.release.evidence.join(', '));
	});
});

describe('lockfile injection (Liran Tal, 2019): an edited lockfile installs a package from elsewhere', () => {
	const locked: Locked[] = [
		{name: 'debug', version: '4.4.1', dependencies: {ms: '^2.1.3'}},
		{name: 'chalk', version: '5.4.1'},
		{name: 'ansi-styles', version: '6.2.1'},
		{name: 'strip-ansi', version: '7.1.0'},
		{name: 'ansi-regex', version: '6.1.0'},
		{name: 'ms', version: '2.1.3', resolved: 'https://registry.npmjs-cdn.example/ms/-/ms-2.1.3.tgz'},
	];
	const direct = locked.filter((entry) => entry.name !== 'ms').map((entry) => entry.name);

	const formats = [
		{lockfile: 'package-lock.json', write: project, usual: 'registry.npmjs.org'},
		// pnpm writes no URL for a package of its registry: the others count as "the configured registry".
		{lockfile: 'pnpm-lock.yaml', write: pnpmProject, usual: 'the configured registry'},
	];
	for (const {lockfile, write, usual} of formats) {
		test(`${lockfile}: the one package on another host is foreign-tarball, high whatever its age, and fails the gate`, async () => {
			const {code, packages, stderr} = await scan(write(locked, direct));
			assert.equal(code, 1, stderr);
			const ms = packages.get('npm:ms@2.1.3')!;
			assert.equal(ms.release.risk, 'high');
			assert.deepEqual(ms.release.counted, ['foreign-tarball']);
			assert.equal(
				ms.flags.find((flag) => flag.id === 'foreign-tarball')?.message,
				`the lockfile installs 2.1.3 from registry.npmjs-cdn.example (https://registry.npmjs-cdn.example/ms/-/ms-2.1.3.tgz), not from ${usual}, where its other packages and its registry entry come from`,
			);
			for (const entry of locked.filter((each) => each.name !== 'ms'))
				assert.equal(packages.get(`npm:${entry.name}@${entry.version}`)!.release.risk, 'none', entry.name);
		});
	}

	test('a downgrade behind the version column: ms@2.1.3 installed from the registry’s own ms-2.0.0.tgz', async () => {
		const downgraded = locked.map((entry) =>
			entry.name === 'ms' ? {...entry, resolved: 'https://registry.npmjs.org/ms/-/ms-2.0.0.tgz'} : entry,
		);
		const {code, packages, stderr} = await scan(project(downgraded, direct));
		assert.equal(code, 1, stderr);
		const ms = packages.get('npm:ms@2.1.3')!;
		assert.equal(ms.release.risk, 'high');
		assert.equal(
			ms.flags.find((flag) => flag.id === 'foreign-tarball')?.message,
			'the lockfile installs 2.1.3 from a tarball of ms@2.0.0 (https://registry.npmjs.org/ms/-/ms-2.0.0.tgz)',
		);
	});

	test('a lockfile written against a mirror (every package on it) is no injection', async () => {
		const mirrored = locked.map((entry) => ({
			...entry,
			resolved: `https://artifactory.corp.example/api/npm/npm/${entry.name}/-/${entry.name}-${entry.version}.tgz`,
		}));
		const {packages} = await scan(project(mirrored, direct));
		for (const entry of packages.values())
			assert.ok(!entry.release.evidence.includes('foreign-tarball'), entry.id);
	});
});

describe('incident replays: the versions just before the attack pass', () => {
	test('the same packages at their previous releases: no release evidence that counts', async () => {
		const locked: Locked[] = [
			{name: 'debug', version: '4.4.1', dependencies: {ms: '^2.1.3'}},
			{name: 'chalk', version: '5.4.1'},
			{name: 'ansi-styles', version: '6.2.1'},
			{name: 'strip-ansi', version: '7.1.0'},
			{name: 'ansi-regex', version: '6.1.0'},
			{name: 'ms', version: '2.1.3'},
			{name: '@ctrl/tinycolor', version: '4.1.0'},
			{name: 'nx', version: '21.4.1'},
			{name: 'ua-parser-js', version: '0.7.28'},
			{name: 'event-stream', version: '3.3.4'},
		];
		const {packages} = await scan(
			project(
				locked,
				locked.filter((entry) => entry.name !== 'ms').map((entry) => entry.name),
			),
		);
		assert.equal(packages.size, locked.length);
		// The structural side may still be high (a sole maintainer of a package downloaded millions of times a week
		// is exposure, attack or not): only the release side is asked here.
		for (const entry of packages.values())
			assert.equal(entry.release.risk, 'none', `${entry.id}: ${entry.release.evidence.join(', ')}`);
	});
});
