import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {PackageFacts, VersionFacts} from '../../source/registries/types.js';
import {withTreeEvidence} from '../../source/scoring/release/assess.js';
import {isSharedIdentity, publisherKey, repositoryKey} from '../../source/scoring/release/identity.js';
import {defaultReleaseLevels} from '../../source/scoring/release/levels.js';
import {ReleaseTreeIndex} from '../../source/scoring/release/tree-index.js';
import {scorePackage} from '../../source/scoring/score.js';
import {defaultThresholds} from '../../source/scoring/thresholds.js';
import type {PackageReport} from '../../source/scoring/types.js';
import {daysAgo, makeFacts, makeGraph, makeVersion, NOW} from '../helpers/factories.js';

/**
 * The release side, flag by flag, at each boundary: packuments built for the purpose (the registry shapes are
 * tested in the packument, PyPI and crates.io tests), scored by the real scorer at NOW.
 */

const npmCoverage = {provenance: true, trustedPublishing: true, installScripts: true} as const;
const hour = 1 / 24;

function score(facts: PackageFacts): PackageReport {
	return scorePackage(`npm:${facts.name}@${facts.lockedVersion}`, facts, defaultThresholds, NOW);
}

/** A package whose versions are given; the locked one is the last unless `version` says otherwise. */
function pkg(versions: VersionFacts[], extra: Partial<Parameters<typeof makeFacts>[0]> = {}): PackageFacts {
	return makeFacts({name: 'pkg', versions, coverage: npmCoverage, publishers: ['alice'], ...extra});
}

const ids = (report: PackageReport) => report.flags.map((flag) => flag.id);
const flag = (report: PackageReport, id: string) => report.flags.find((candidate) => candidate.id === id);
const v = makeVersion;
const trusted = (identity: string) => ({provider: 'github', identity});
const gha = 'GitHub Actions';
const duckdbVersions = () => [
	v('1.3.2', daysAgo(900), {publishedBy: 'alice'}),
	v('1.3.3', daysAgo(400), {publishedBy: 'alice', deprecated: 'This version was compromised'}),
];

describe('cooldown', () => {
	it('13 days old is in cooldown (moderate alone), 14 is not', () => {
		const young = score(
			pkg([
				v('1.0.0', daysAgo(200), {publishedBy: 'alice'}),
				v('1.1.0', daysAgo(13.5), {publishedBy: 'alice'}),
			]),
		);
		assert.deepEqual(ids(young), ['cooldown']);
		assert.equal(young.release?.risk, 'moderate');
		assert.match(
			flag(young, 'cooldown')!.message,
			/^1\.1\.0 was published 13 days ago \(cooldown 14 days\)$/,
		);
		const old = score(
			pkg([
				v('1.0.0', daysAgo(200), {publishedBy: 'alice'}),
				v('1.1.0', daysAgo(14), {publishedBy: 'alice'}),
			]),
		);
		assert.deepEqual(ids(old), []);
		assert.equal(old.release?.risk, 'none');
		assert.equal(old.release?.reason, 'release: nothing unusual about 1.1.0');
	});

	it('hours count: "2 hours old"', () => {
		const report = score(
			pkg([
				v('1.0.0', daysAgo(200), {publishedBy: 'alice'}),
				v('1.1.0', daysAgo(2 * hour), {publishedBy: 'alice'}),
			]),
		);
		assert.equal(report.release?.reason, 'release: 2 hours old');
		assert.equal(report.release?.ageDays, 0.083);
	});
});

describe('install-script-added', () => {
	const postinstall = {postinstall: 'node setup.js'};
	it('flags a script the previous version in its line did not have, naming both versions', () => {
		const report = score(
			pkg([
				v('1.14.0', daysAgo(30), {publishedBy: 'alice'}),
				v('1.14.1', daysAgo(2 * hour), {publishedBy: 'alice', installScripts: postinstall}),
			]),
		);
		assert.deepEqual(ids(report), ['cooldown', 'install-script-added']);
		assert.equal(
			flag(report, 'install-script-added')!.message,
			'1.14.1 adds a postinstall script (node setup.js) that 1.14.0 did not have',
		);
		assert.equal(report.release?.risk, 'high');
		assert.equal(report.release?.reason, 'release: 2 hours old, adds a postinstall script');
		assert.deepEqual(report.release?.installScripts, [{name: 'postinstall', command: 'node setup.js'}]);
	});

	it('is not raised when the previous version already had it, or when scripts are not reported', () => {
		const already = score(
			pkg([
				v('1.0.0', daysAgo(300), {publishedBy: 'alice', installScripts: postinstall}),
				v('1.0.1', daysAgo(200), {publishedBy: 'alice', installScripts: postinstall}),
			]),
		);
		assert.deepEqual(ids(already), []);
		const unreported = score(
			pkg(
				[
					v('1.0.0', daysAgo(300), {publishedBy: 'alice'}),
					v('1.0.1', daysAgo(200), {publishedBy: 'alice', installScripts: postinstall}),
				],
				{coverage: {provenance: true}},
			),
		);
		assert.deepEqual(ids(unreported), []);
	});

	it('compares within the line: a 3.x backport with a script is compared with 3.x, not 4.x', () => {
		const report = score(
			pkg(
				[
					v('3.0.0', daysAgo(500), {publishedBy: 'alice', installScripts: postinstall}),
					v('4.0.0', daysAgo(300), {publishedBy: 'alice'}),
					v('3.0.1', daysAgo(200), {publishedBy: 'alice', installScripts: postinstall}),
				],
				{version: '3.0.1'},
			),
		);
		assert.equal(report.release?.previous?.version, '3.0.0');
		assert.deepEqual(ids(report), []);
	});

	it('an added script on an old version is a trust change: moderate', () => {
		const report = score(
			pkg([
				v('2.0.0', daysAgo(400), {publishedBy: 'alice'}),
				v('2.0.1', daysAgo(100), {publishedBy: 'alice', installScripts: {preinstall: 'curl x | sh'}}),
			]),
		);
		assert.equal(report.release?.risk, 'moderate');
		assert.equal(flag(report, 'install-script-added')?.counted, true);
	});

	it("the lockfile's hasInstallScript counts with nothing fetched", () => {
		const facts = makeFacts({name: 'native', noMetadata: true, lockfileInstallScript: true});
		const report = score(facts);
		assert.deepEqual(report.release?.installScripts, [{name: 'hasInstallScript', command: null}]);
		assert.equal(report.release?.risk, 'unknown');
	});
});

describe('provenance-dropped (the trust ladder)', () => {
	it('earlier versions had provenance, the locked one has neither', () => {
		const report = score(
			pkg([
				v('1.0.0', daysAgo(100), {publishedBy: 'alice', provenance: true}),
				v('1.0.1', daysAgo(50), {publishedBy: 'alice', provenance: true}),
				v('1.0.2', daysAgo(20), {publishedBy: 'alice'}),
			]),
		);
		assert.deepEqual(ids(report), ['provenance-dropped']);
		assert.equal(
			flag(report, 'provenance-dropped')!.message,
			'1.0.2 has neither provenance nor trusted publishing; earlier versions had provenance (1.0.1, the latest of them)',
		);
		assert.equal(report.release?.risk, 'moderate');
		assert.equal(report.release?.provenance, false);
		assert.equal(report.release?.trust, 'none');
	});

	it('never had provenance: nothing dropped', () => {
		const report = score(
			pkg([
				v('1.0.0', daysAgo(100), {publishedBy: 'alice'}),
				v('1.0.1', daysAgo(20), {publishedBy: 'alice'}),
			]),
		);
		assert.deepEqual(ids(report), []);
	});

	it('trusted publishing with provenance down to provenance alone is a step down; staged is the top', () => {
		const down = score(
			pkg([
				v('1.0.0', daysAgo(100), {publishedBy: gha, trustedPublisher: trusted('oidc:a'), provenance: true}),
				v('1.0.1', daysAgo(20), {publishedBy: 'alice', provenance: true}),
			]),
		);
		assert.match(
			flag(down, 'provenance-dropped')!.message,
			/has provenance; earlier versions had trusted publishing with provenance/,
		);
		const staged = score(
			pkg([
				v('1.0.0', daysAgo(100), {
					publishedBy: gha,
					trustedPublisher: trusted('oidc:a'),
					provenance: true,
					approver: 'bob',
				}),
				v('1.0.1', daysAgo(20), {publishedBy: gha, trustedPublisher: trusted('oidc:a'), provenance: true}),
			]),
		);
		assert.match(
			flag(staged, 'provenance-dropped')!.message,
			/earlier versions had an approved staged publish/,
		);
		const up = score(
			pkg([
				v('1.0.0', daysAgo(100), {publishedBy: 'alice', provenance: true}),
				v('1.0.1', daysAgo(20), {publishedBy: gha, trustedPublisher: trusted('oidc:a'), provenance: true}),
			]),
		);
		assert.equal(flag(up, 'provenance-dropped'), undefined, 'a step up is not a drop');
	});

	it('a stable version is not compared with pre-releases (canaries built differently)', () => {
		const report = score(
			pkg([
				v('1.0.0', daysAgo(100), {publishedBy: 'alice'}),
				v('1.1.0-canary.1', daysAgo(50), {publishedBy: 'alice', provenance: true, prerelease: true}),
				v('1.1.0', daysAgo(20), {publishedBy: 'alice'}),
			]),
		);
		assert.deepEqual(ids(report), []);
	});

	it('unknown provenance (a registry that does not report it) flags nothing', () => {
		const report = score(
			pkg(
				[
					v('1.0.0', daysAgo(100), {publishedBy: 'alice', provenance: true}),
					v('1.0.1', daysAgo(20), {publishedBy: 'alice'}),
				],
				{
					coverage: undefined,
				},
			),
		);
		assert.deepEqual(ids(report), []);
		assert.equal(report.release?.provenance, null);
	});
});

describe('trusted-publisher-changed and new-publisher', () => {
	it('the oidcConfigId differs from the previous version: changed (and a configuration never seen before)', () => {
		const report = score(
			pkg([
				v('1.0.0', daysAgo(100), {publishedBy: gha, trustedPublisher: trusted('oidc:aaa'), provenance: true}),
				v('1.0.1', daysAgo(20), {publishedBy: gha, trustedPublisher: trusted('oidc:bbb'), provenance: true}),
			]),
		);
		assert.deepEqual(ids(report), ['trusted-publisher-changed', 'new-publisher']);
		assert.equal(
			flag(report, 'trusted-publisher-changed')!.message,
			'1.0.1 was published by trusted publisher oidc:bbb; 1.0.0 by oidc:aaa',
		);
	});

	it('the same configuration is not a change; the shared "GitHub Actions" name is never a publisher', () => {
		const same = score(
			pkg([
				v('1.0.0', daysAgo(100), {publishedBy: gha, trustedPublisher: trusted('oidc:aaa'), provenance: true}),
				v('1.0.1', daysAgo(20), {publishedBy: gha, trustedPublisher: trusted('oidc:aaa'), provenance: true}),
			]),
		);
		assert.deepEqual(ids(same), []);
		// A mirror that dropped `trustedPublisher`: "GitHub Actions" alone says nothing about who published.
		const bare = score(
			pkg([v('1.0.0', daysAgo(100), {publishedBy: 'alice'}), v('1.0.1', daysAgo(20), {publishedBy: gha})]),
		);
		assert.deepEqual(ids(bare), []);
		assert.equal(isSharedIdentity('github actions'), true);
		assert.equal(publisherKey(v('1', null, {publishedBy: gha})), null);
		assert.equal(
			publisherKey(v('1', null, {publishedBy: gha, trustedPublisher: trusted('oidc:x')})),
			'tp:github:oidc:x',
		);
	});

	it('an account that published no earlier version; the first move to trusted publishing is not one', () => {
		const takeover = score(
			pkg([
				v('1.14.0', daysAgo(100), {
					publishedBy: gha,
					trustedPublisher: trusted('oidc:9061'),
					provenance: true,
				}),
				v('1.14.1', daysAgo(100 - hour), {publishedBy: 'jasonsaayman'}),
			]),
		);
		assert.ok(ids(takeover).includes('new-publisher'));
		assert.match(
			flag(takeover, 'new-publisher')!.message,
			/^1\.14\.1 was published by jasonsaayman, who published no earlier version \(earlier versions by trusted publisher github oidc:9061; the last 1\.14\.0 by GitHub Actions \(trusted publisher oidc:9061\)\)$/,
		);
		assert.ok(ids(takeover).includes('provenance-dropped'));
		const migration = score(
			pkg([
				v('1.0.0', daysAgo(100), {publishedBy: 'alice'}),
				v('1.1.0', daysAgo(20), {publishedBy: gha, trustedPublisher: trusted('oidc:new'), provenance: true}),
			]),
		);
		assert.deepEqual(ids(migration), []);
	});

	it('latest-new-publisher warns about the latest version and never raises the locked one', () => {
		const report = score(
			pkg(
				[
					v('1.0.0', daysAgo(300), {publishedBy: 'alice'}),
					v('1.0.1', daysAgo(200), {publishedBy: 'alice'}),
					v('1.0.2', daysAgo(2), {publishedBy: 'mallory'}),
				],
				{version: '1.0.1'},
			),
		);
		assert.deepEqual(ids(report), ['latest-new-publisher']);
		assert.equal(flag(report, 'latest-new-publisher')!.counted, false);
		assert.equal(report.release?.risk, 'none');
	});
});

describe('timing patterns: release-burst and dormant-return', () => {
	const burst = (count: number, lockedAge: number) =>
		score(
			pkg(
				Array.from({length: count}, (_, index) =>
					v(`2.0.${index}`, daysAgo(lockedAge + (count - 1 - index) * 10 * hour), {publishedBy: 'alice'}),
				),
				{version: `2.0.${count - 1}`},
			),
		);

	it('3 versions within 24 h is a burst, 2 are not', () => {
		assert.ok(ids(burst(3, 1)).includes('release-burst'));
		assert.match(
			flag(burst(3, 1), 'release-burst')!.message,
			/^3 versions within 24 hours around 2\.0\.2: 2\.0\.0, 2\.0\.1, 2\.0\.2$/,
		);
		assert.ok(!ids(burst(2, 1)).includes('release-burst'));
	});

	it('a package that bursts as a matter of course (twice or more in the year before) is not flagged; once is not routine', () => {
		// @types/node's way: one version per supported major for each change, several times a month.
		const withEarlier = (earlierBursts: number) => {
			const versions: VersionFacts[] = [];
			for (let burst = 0; burst < earlierBursts; burst++)
				for (let index = 0; index < 3; index++)
					versions.push(
						v(`1.${burst}.${index}`, daysAgo(300 - burst * 60 + index * hour), {publishedBy: 'types'}),
					);
			for (let index = 0; index < 3; index++)
				versions.push(v(`2.0.${index}`, daysAgo(2 - index * 2 * hour), {publishedBy: 'types'}));
			return score(pkg(versions, {publishers: ['types'], version: '2.0.2'}));
		};
		assert.ok(ids(withEarlier(0)).includes('release-burst'));
		assert.equal(withEarlier(0).release?.risk, 'high');
		assert.ok(ids(withEarlier(1)).includes('release-burst'), 'one earlier burst is not a habit');
		assert.ok(!ids(withEarlier(2)).includes('release-burst'));
		assert.equal(withEarlier(2).release?.risk, 'moderate', 'cooldown alone');
		// Bursts more than a year before the locked one's say nothing about today's habits.
		const old = score(
			pkg(
				[
					...[0, 1].flatMap((burst) =>
						[0, 1, 2].map((index) =>
							v(`1.${burst}.${index}`, daysAgo(900 - burst * 30 + index * hour), {publishedBy: 'types'}),
						),
					),
					...[0, 1, 2].map((index) =>
						v(`2.0.${index}`, daysAgo(2 - index * 2 * hour), {publishedBy: 'types'}),
					),
				],
				{publishers: ['types'], version: '2.0.2'},
			),
		);
		assert.ok(ids(old).includes('release-burst'));
	});

	it('in cooldown a burst makes it high; on an old version it is shown and counts for nothing', () => {
		assert.equal(burst(3, 1).release?.risk, 'high');
		const old = burst(3, 100);
		assert.deepEqual(ids(old), ['release-burst']);
		assert.equal(flag(old, 'release-burst')!.counted, false);
		assert.equal(old.release?.risk, 'none');
	});

	it('270 days of silence is a dormant return, 269 is not', () => {
		const gap = (days: number) =>
			score(
				pkg([
					v('1.0.0', daysAgo(days + 5), {publishedBy: 'alice'}),
					v('1.0.1', daysAgo(5), {publishedBy: 'alice'}),
				]),
			);
		const dormant = gap(270);
		assert.deepEqual(ids(dormant), ['cooldown', 'dormant-return']);
		assert.match(
			flag(dormant, 'dormant-return')!.message,
			/^1\.0\.1 is the first release after 270 days of silence \(the one before: 1\.0\.0, /,
		);
		assert.equal(dormant.release?.risk, 'high');
		assert.deepEqual(ids(gap(269)), ['cooldown']);
	});
});

describe('timing patterns from malformed dates', () => {
	it('a version whose date the registry sent malformed may lie in the silence: no dormant-return, no dormant publisher', () => {
		const versions = [
			v('1.0.0', daysAgo(400), {publishedBy: 'alice'}),
			// crates.io sent a created_at in the future for 1.1.0: unknown (null), said in problems.
			v('1.1.0', null, {publishedBy: 'alice'}),
			v('1.2.0', daysAgo(2), {publishedBy: 'newguy'}),
		];
		const base = pkg(versions, {version: '1.2.0', publishers: ['alice']});
		const malformed = {
			...base,
			metadata: {
				...base.metadata!,
				problems: ['1 timestamp is not a valid date or in the future; read as unknown'],
			},
		};
		const report = score(malformed);
		assert.ok(!ids(report).includes('dormant-return'), ids(report).join());
		assert.ok(!ids(report).includes('dormant-publisher'), ids(report).join());
		assert.ok(ids(report).includes('cooldown'));
		// Without a problem (a release that never had files: no date, nothing malformed) the silence stands.
		assert.ok(ids(score(base)).includes('dormant-return'));
	});
});

describe('dormant publishers when some publishers are unknown', () => {
	it('an owner with no attributed version is not "never published" while some versions have no known publisher', () => {
		// crates.io sent published_by "alice" (a string) for the older versions: unknown, and alice may be theirs.
		const versions = [
			v('1.0.0', daysAgo(400)),
			v('1.1.0', daysAgo(200)),
			v('1.2.0', daysAgo(30), {publishedBy: 'bob'}),
		];
		assert.ok(!ids(score(pkg(versions, {publishers: ['alice', 'bob']}))).includes('dormant-publisher'));
		// Every version attributed, alice on none: she never published one.
		const attributed = versions.map((version) => ({...version, publishedBy: 'bob'}));
		assert.match(
			flag(score(pkg(attributed, {publishers: ['alice', 'bob']})), 'dormant-publisher')!.message,
			/alice \(never published a version\)/,
		);
	});
});

describe('timing patterns that are the package’s habit', () => {
	it('a package that went silent this long twice before is keeping its rhythm; once before, or shorter silences, are not one', () => {
		// Releases `gaps` days apart, oldest first, then the locked one after `last` days of silence.
		const rhythm = (gaps: number[], last: number) => {
			let days = 5 + last + gaps.reduce((sum, gap) => sum + gap, 0);
			const versions = [v('1.0.0', daysAgo(days), {publishedBy: 'alice'})];
			for (const [index, gap] of gaps.entries()) {
				days -= gap;
				versions.push(v(`1.${index + 1}.0`, daysAgo(days), {publishedBy: 'alice'}));
			}
			versions.push(v('2.0.0', daysAgo(5), {publishedBy: 'alice'}));
			return score(pkg(versions, {version: '2.0.0'}));
		};
		assert.ok(ids(rhythm([30, 30], 400)).includes('dormant-return'), 'busy, then silent: an awakening');
		assert.ok(
			ids(rhythm([380, 30], 400)).includes('dormant-return'),
			'one long silence before is not a rhythm',
		);
		assert.ok(!ids(rhythm([380, 350], 400)).includes('dormant-return'), 'a release a year, as ever');
		// coa and rc (2021): a hijack after years of silence, far longer than any before.
		assert.ok(ids(rhythm([300, 300], 1100)).includes('dormant-return'), 'silences under half as long');
	});
});

describe('package notices: dormant-publisher and the project status', () => {
	it('an account that can publish but has not for over a year', () => {
		const report = score(
			pkg(
				[
					v('0.9.0', daysAgo(1000), {publishedBy: 'alice'}),
					v('1.0.0', daysAgo(900), {publishedBy: 'bob'}),
					v('1.0.1', daysAgo(200), {publishedBy: 'alice'}),
					v('1.0.2', daysAgo(30), {publishedBy: 'alice'}),
				],
				{publishers: ['alice', 'bob', 'carol']},
			),
		);
		assert.deepEqual(ids(report), ['dormant-publisher']);
		assert.match(
			flag(report, 'dormant-publisher')!.message,
			/^2 accounts can still publish but have not for over 365 days: bob \(last published 1\.0\.0, 2 years ago\), carol \(never published a version\)$/,
		);
		assert.equal(report.release?.risk, 'none', 'it describes the package, not the locked release');
	});

	it('security holding and quarantine are critical, an archived project is a notice', () => {
		const holding = score(
			makeFacts({
				name: 'electorn',
				version: '1.2.3',
				versions: [v('0.0.1-security', daysAgo(1200), {publishedBy: 'npm', prerelease: true})],
				status: {state: 'security-holding', reason: null},
				publishers: [],
			}),
		);
		assert.deepEqual(ids(holding), ['security-holding', 'unpublished']);
		assert.equal(holding.release?.risk, 'critical');
		assert.equal(holding.risk, 'critical');
		assert.match(holding.reasons[0]!, /^release: taken down by npm as malicious/);
		const quarantined = score(makeFacts({name: 'q', status: {state: 'quarantined', reason: 'reported'}}));
		assert.equal(quarantined.release?.risk, 'critical');
		assert.match(
			flag(quarantined, 'quarantined')!.message,
			/quarantined q \(under review as malicious\): reported/,
		);
		const archived = score(makeFacts({name: 'a', status: {state: 'archived', reason: null}}));
		assert.deepEqual(ids(archived), ['archived']);
		assert.equal(archived.release?.risk, 'none');
	});
});

describe('levels and the two sides', () => {
	it('risk is the worse of the structural level and the release risk; reasons say their side, worse first', () => {
		const facts = pkg(
			[
				v('0.9.0', daysAgo(2000), {publishedBy: 'a'}),
				v('1.0.0', daysAgo(200), {publishedBy: 'a'}),
				v('1.0.1', daysAgo(2 * hour), {publishedBy: 'a', installScripts: {postinstall: 'x'}}),
			],
			{publishers: ['a', 'b', 'c', 'd', 'e'], weekly: 5_000_000},
		);
		const report = score(facts);
		// Five publishers, 5M a week, five years old: structurally HEALTHY — and a freshly hijacked release.
		assert.equal(report.structuralRisk, 'healthy');
		assert.equal(report.release?.risk, 'high');
		assert.equal(report.risk, 'high');
		assert.match(report.reasons[0]!, /^release: /);
		assert.ok(report.reasons.slice(1).every((reason) => reason.startsWith('structure: ')));
		assert.deepEqual(report.release?.counted, ['cooldown', 'install-script-added']);
	});

	it('unknown when the locked version is not in the registry; release none never lowers the level', () => {
		const missing = score(makeFacts({name: 'm', version: '9.9.9', lockedMissing: true}));
		assert.equal(missing.release?.risk, 'unknown');
		assert.equal(missing.release?.reason, 'release: 9.9.9: not in the registry');
		// A requirement nothing satisfied has no version to look for: said so, not "not in the registry".
		const unresolved = score({
			...makeFacts({name: 'u', version: 'unknown', lockedMissing: true}),
			unresolved: true,
		});
		assert.equal(unresolved.release?.risk, 'unknown');
		assert.equal(
			unresolved.release?.reason,
			'release: unknown: no version resolved (no release satisfies the requirement)',
		);
		const critical = score(makeFacts({name: 'c', weekly: 50_000_000}));
		assert.equal(critical.release?.risk, 'none');
		assert.equal(critical.risk, 'critical');
	});

	it('a version the registry removed: removed-version at any age, with cooldown while young; a setting', () => {
		const removedAt = (days: number | null) => {
			const facts = pkg([v('1.0.0', daysAgo(900), {publishedBy: 'alice'})], {version: '1.0.1'});
			const metadata = {
				...facts.metadata!,
				removed: [{version: '1.0.1', published: days === null ? null : daysAgo(days)}],
			};
			return {...facts, metadata, locked: null};
		};
		const young = score(removedAt(3 * hour));
		assert.equal(young.release?.risk, 'high');
		assert.deepEqual(young.release?.counted, ['cooldown', 'removed-version']);
		assert.equal(young.release?.publishedAt, daysAgo(3 * hour));
		assert.match(
			flag(young, 'removed-version')!.message,
			/^1\.0\.1 is no longer in the registry: published 3 hours ago, then removed/,
		);
		// Not also the structural guess "not in the registry (unpublished?)".
		assert.equal(flag(young, 'unpublished'), undefined);
		const old = score(removedAt(800));
		assert.equal(old.release?.risk, 'high');
		assert.deepEqual(old.release?.counted, ['removed-version']);
		const undated = score(removedAt(null));
		assert.deepEqual(undated.release?.counted, ['removed-version']);
		assert.match(flag(undated, 'removed-version')!.message, /published at an unknown time, then removed/);
		const off = scorePackage('npm:pkg@1.0.1', removedAt(800), defaultThresholds, NOW, undefined, {
			levels: {...defaultReleaseLevels, removedVersion: 'moderate'},
		});
		assert.equal(off.release?.risk, 'moderate');
		// A version merely missing from the answer (published since? a mirror?) stays a guess: unknown.
		const missing = score({...removedAt(800), metadata: {...removedAt(800).metadata, removed: []}});
		assert.equal(missing.release?.risk, 'unknown');
		assert.ok(flag(missing, 'unpublished'));
	});

	it('a deprecation or yank message that speaks of an attack: compromise-notice at any age; a vulnerability notice is not one', () => {
		const deprecatedWith = (message: string, age = 400) =>
			score(
				pkg([
					v('1.3.2', daysAgo(age + 100), {publishedBy: 'alice'}),
					v('1.3.3', daysAgo(age), {publishedBy: 'alice', deprecated: message}),
				]),
			);
		// DuckDB's notice on its hijacked 1.3.3 (2025-09), on a version past its cooldown.
		const duckdb = deprecatedWith('This version was compromised in a supply chain attack. Please use 1.3.2');
		assert.equal(duckdb.release?.risk, 'high');
		assert.deepEqual(duckdb.release?.counted, ['compromise-notice']);
		assert.match(
			flag(duckdb, 'compromise-notice')!.message,
			/^1\.3\.3 is deprecated with a message that speaks of an attack \(“compromised”\): "This version was compromised/,
		);
		assert.equal(flag(duckdb, 'compromise-notice')!.short, 'deprecated, saying “compromised”');
		// Still structurally deprecated as well.
		assert.ok(flag(duckdb, 'deprecated'));
		for (const message of [
			// axios's own, on 1.14.1 (2026-03).
			'🚨 SECURITY: compromised dependency (plain-crypto-js). DO NOT USE. Downgrade to 1.13.6',
			'Contains malicious code, do not install',
			'unauthorized publish: our npm token was stolen',
			'MALWARE - removed upstream',
			'hijacked release, use 2.0.1',
			// Colour codes around the word do not hide it.
			'\u001B[31mCOMPROMISED\u001B[0m, do not install',
		])
			assert.equal(deprecatedWith(message).release?.risk, 'high', message);
		// Young and withdrawn: cooldown with evidence.
		assert.deepEqual([...(deprecatedWith('compromised', 0.1).release?.counted ?? [])].sort(), [
			'compromise-notice',
			'cooldown',
		]);
		for (const message of [
			'Deprecated for security reasons, upgrade to 2.x',
			'A malicious regex can hang the parser (CVE-2024-1234): upgrade',
			'Critical vulnerability, please upgrade',
			'no longer maintained; a compromise between size and speed is in v3',
		])
			assert.equal(deprecatedWith(message).release?.risk, 'none', message);

		// PyPI and crates.io say it with a yank reason; a reason on a version not yanked is no notice.
		const yanked = (yank: boolean) =>
			score(
				pkg([
					v('0.9.0', daysAgo(700), {publishedBy: 'alice'}),
					v('1.0.0', daysAgo(300), {
						publishedBy: 'alice',
						yanked: yank,
						yankedReason: 'Malware: account takeover',
					}),
				]),
			);
		assert.deepEqual(yanked(true).release?.counted, ['compromise-notice']);
		assert.equal(flag(yanked(true), 'compromise-notice')!.short, 'yanked, saying “Malware”');
		assert.equal(yanked(false).release?.risk, 'none');
		const off = scorePackage('npm:pkg@1.3.3', pkg(duckdbVersions()), defaultThresholds, NOW, undefined, {
			levels: {...defaultReleaseLevels, compromiseNotice: 'none'},
		});
		assert.equal(off.release?.risk, 'none');
	});

	it('the release levels are settings; none turns a rule off', () => {
		const facts = pkg([
			v('1.0.0', daysAgo(200), {publishedBy: 'alice'}),
			v('1.0.1', daysAgo(3), {publishedBy: 'alice'}),
		]);
		const at = (levels: Partial<typeof defaultReleaseLevels>) =>
			scorePackage('npm:pkg@1.0.1', facts, defaultThresholds, NOW, undefined, {
				levels: {...defaultReleaseLevels, ...levels},
			}).release?.risk;
		assert.equal(at({}), 'moderate');
		assert.equal(at({cooldownAlone: 'high'}), 'high');
		assert.equal(at({cooldownAlone: 'none'}), 'none');
	});
});

describe('tree-level evidence: new-dependency and account-burst', () => {
	const graph = makeGraph({
		roots: {
			app: ['axios@1.14.1', 'lib-a@1.0.1', 'lib-b@2.0.1', 'lib-c@3.0.1', 'mono-x@1.0.0', 'mono-y@1.0.0'],
		},
		packages: {
			'axios@1.14.1': ['plain-crypto-js@4.2.1', 'follow@1.0.0'],
			'plain-crypto-js@4.2.1': [],
			'follow@1.0.0': [],
		},
	});
	const deps = (prod: Record<string, string>) => ({prod});

	function axios(extra: Record<string, string> = {}) {
		return pkg(
			[
				v('1.14.0', daysAgo(40), {publishedBy: 'jason', dependencies: deps({follow: '^1'})}),
				v('1.14.1', daysAgo(2 * hour), {publishedBy: 'jason', dependencies: deps({follow: '^1', ...extra})}),
			],
			{name: 'axios', publishers: ['jason']},
		);
	}

	function evaluated(index: ReleaseTreeIndex, facts: PackageFacts) {
		const id = `npm:${facts.name}@${facts.lockedVersion}`;
		index.add(id, facts);
		return withTreeEvidence(score(facts), index, {thresholds: defaultThresholds, now: NOW});
	}

	it('a dependency added since the previous version that is itself brand new', () => {
		const index = new ReleaseTreeIndex(graph);
		index.add(
			'npm:plain-crypto-js@4.2.1',
			makeFacts({name: 'plain-crypto-js', version: '4.2.1', ageDays: 2, lastReleaseDays: 0.1, weekly: 12}),
		);
		const report = evaluated(index, axios({'plain-crypto-js': '^4.2.1'}));
		assert.deepEqual(report.release?.addedDependencies, ['plain-crypto-js']);
		assert.equal(
			flag(report, 'new-dependency')!.message,
			'1.14.1 adds plain-crypto-js (first published 2 days ago, 12 downloads a week), which 1.14.0 did not depend on',
		);
		assert.equal(report.release?.risk, 'high');
		assert.equal(report.risk, 'high');
	});

	it('an added dependency that is old and used is no evidence; before its facts arrive, neither', () => {
		const index = new ReleaseTreeIndex(graph);
		assert.equal(flag(evaluated(index, axios({'plain-crypto-js': '^4'})), 'new-dependency'), undefined);
		index.add(
			'npm:plain-crypto-js@4.2.1',
			makeFacts({name: 'plain-crypto-js', version: '4.2.1', ageDays: 2000, weekly: 90_000}),
		);
		assert.equal(flag(evaluated(index, axios({'plain-crypto-js': '^4'})), 'new-dependency'), undefined);
		assert.deepEqual(
			index.affectedBy(['npm:plain-crypto-js@4.2.1'], []),
			new Set(['npm:plain-crypto-js@4.2.1', 'npm:axios@1.14.1']),
		);
	});

	/** Packages of separate repositories, each with a version by `publisher` `hoursAgo` ago. */
	/** `batches`: days ago at which alice released each of them together before (her habit, or not). */
	function burstTree(repositories: number, publisher: Partial<VersionFacts>, batches: number[] = []) {
		const index = new ReleaseTreeIndex(graph);
		const names = ['lib-a', 'lib-b', 'lib-c'].slice(0, repositories);
		const facts = names.map((name, position) =>
			pkg(
				[
					v('0.9.0', daysAgo(500), {publishedBy: 'alice'}),
					...batches.map((days, batch) =>
						v(`0.9.${batch + 1}`, daysAgo(days + position * hour), {publishedBy: 'alice'}),
					),
					v(`${position + 1}.0.1`, daysAgo(1 + position * hour), {publishedBy: 'alice', ...publisher}),
				],
				{
					name,
					repository: `git+https://github.com/org/${name}.git`,
				},
			),
		);
		for (const each of facts) index.add(`npm:${each.name}@${each.lockedVersion}`, each);
		return {index, facts};
	}

	it('an account that released 3 repositories of this tree within 48 h; 2 are not a burst', () => {
		const three = burstTree(3, {});
		const report = withTreeEvidence(score(three.facts[0]!), three.index, {
			thresholds: defaultThresholds,
			now: NOW,
		});
		assert.equal(
			flag(report, 'account-burst')!.message,
			'alice published versions of 3 repositories of this tree within 48 hours of 1.0.1: lib-a, lib-b, lib-c',
		);
		assert.equal(report.release?.risk, 'high', 'in cooldown with other evidence');
		const two = burstTree(2, {});
		assert.equal(
			flag(
				withTreeEvidence(score(two.facts[0]!), two.index, {thresholds: defaultThresholds, now: NOW}),
				'account-burst',
			),
			undefined,
		);
	});

	it('an account that released as many repositories together twice in the year before is doing what it does', () => {
		const burst = (batches: number[]) => {
			const tree = burstTree(3, {}, batches);
			return flag(
				withTreeEvidence(score(tree.facts[0]!), tree.index, {thresholds: defaultThresholds, now: NOW}),
				'account-burst',
			);
		};
		assert.ok(burst([]), 'no batch before: a burst');
		assert.ok(burst([120]), 'one batch before is not a habit');
		assert.equal(burst([200, 120]), undefined, 'two are');
		assert.ok(burst([500, 420]), 'batches more than a year before say nothing of today');
	});

	it('a trusted publisher is keyed by its configuration, never by the shared "GitHub Actions" name', () => {
		const shared = burstTree(3, {publishedBy: gha});
		assert.equal(
			flag(
				withTreeEvidence(score(shared.facts[0]!), shared.index, {thresholds: defaultThresholds, now: NOW}),
				'account-burst',
			),
			undefined,
		);
		const one = burstTree(3, {publishedBy: gha, trustedPublisher: trusted('oidc:same'), provenance: true});
		assert.match(
			flag(
				withTreeEvidence(score(one.facts[0]!), one.index, {thresholds: defaultThresholds, now: NOW}),
				'account-burst',
			)!.message,
			/^trusted publisher github oidc:same published versions of 3 repositories/,
		);
	});

	it('a monorepo releasing its packages at once is one repository (directory ignored)', () => {
		const index = new ReleaseTreeIndex(graph);
		const mono = ['mono-x', 'mono-y', 'lib-a'].map((name) =>
			pkg([v('1.0.0', daysAgo(1), {publishedBy: 'bot'})], {
				name,
				version: '1.0.0',
				repository: 'https://github.com/org/mono.git',
			}),
		);
		for (const each of mono) index.add(`npm:${each.name}@1.0.0`, each);
		assert.equal(index.publisherActivity('npm', 'user:bot', 0, Number.MAX_SAFE_INTEGER).repositories, 1);
		// Named by the smallest package name of the repository; not named when fewer than asked for (no burst).
		assert.deepEqual(index.publisherActivity('npm', 'user:bot', 0, Number.MAX_SAFE_INTEGER).packages, [
			'lib-a',
		]);
		assert.deepEqual(index.publisherActivity('npm', 'user:bot', 0, Number.MAX_SAFE_INTEGER, 2), {
			repositories: 1,
			packages: [],
		});
		assert.equal(
			flag(
				withTreeEvidence(score(mono[0]!), index, {thresholds: defaultThresholds, now: NOW}),
				'account-burst',
			),
			undefined,
		);
	});

	it("a publisher's new release re-derives only the packages it locked within a burst window of it", () => {
		const {index, facts} = burstTree(2, {});
		const old = pkg(
			[v('0.1.0', daysAgo(900), {publishedBy: 'alice'}), v('3.0.1', daysAgo(400), {publishedBy: 'alice'})],
			{
				name: 'lib-c',
				repository: 'git+https://github.com/org/lib-c.git',
			},
		);
		index.add('npm:lib-c@3.0.1', old);
		// The reports are derived once (asking for 48-hour windows), and the index starts following new releases.
		for (const each of [...facts, old])
			withTreeEvidence(score(each), index, {thresholds: defaultThresholds, now: NOW});
		index.affectedBy([], []);
		const late = pkg([v('1.0.0', daysAgo(1 + 3 * hour), {publishedBy: 'alice'})], {
			name: 'mono-x',
			version: '1.0.0',
			repository: 'git+https://github.com/org/mono-x.git',
		});
		const touched = index.add('npm:mono-x@1.0.0', late);
		assert.deepEqual(
			[...index.affectedBy(['npm:mono-x@1.0.0'], touched)].sort(),
			['npm:lib-a@1.0.1', 'npm:lib-b@2.0.1', 'npm:mono-x@1.0.0'],
			'lib-c was released 400 days before: no window of 48 hours holds both',
		);
		const first = withTreeEvidence(score(facts[0]!), index, {thresholds: defaultThresholds, now: NOW});
		assert.match(flag(first, 'account-burst')!.message, /3 repositories/);
	});

	it("a publisher's windows stay right as packages arrive between queries, in time order or not", () => {
		const index = new ReleaseTreeIndex(graph);
		const at = (days: number) => Date.parse(daysAgo(days));
		const repositories = (from: number, to: number) =>
			index.publisherActivity('npm', 'user:bot', at(from), at(to)).repositories;
		const add = (name: string, days: number[]) =>
			index.add(
				`npm:${name}@1.0.0`,
				pkg(
					days.map((each, position) => v(`0.${position}.0`, daysAgo(each), {publishedBy: 'bot'})),
					{name, version: `0.${days.length - 1}.0`, repository: `https://github.com/org/${name}`},
				),
			);
		add('first', [300, 200]);
		assert.equal(repositories(400, 0), 1);
		// Newer than everything before (appended), then older than some of it and out of order (merged).
		add('second', [100, 50]);
		assert.equal(repositories(150, 0), 1);
		assert.equal(repositories(400, 0), 2);
		add('third', [250, 320, 60]);
		assert.equal(repositories(330, 290), 2, 'first at 300, third at 320');
		assert.equal(repositories(330, 310), 1, 'third at 320 alone');
		assert.equal(repositories(260, 240), 1);
		assert.equal(repositories(70, 40), 2);
		assert.equal(repositories(400, 0), 3);
	});

	it('the answers do not depend on the order facts arrive in', () => {
		const first = burstTree(3, {});
		const reversed = new ReleaseTreeIndex(graph);
		for (const each of [...first.facts].reverse())
			reversed.add(`npm:${each.name}@${each.lockedVersion}`, each);
		const a = withTreeEvidence(score(first.facts[1]!), first.index, {
			thresholds: defaultThresholds,
			now: NOW,
		});
		const b = withTreeEvidence(score(first.facts[1]!), reversed, {thresholds: defaultThresholds, now: NOW});
		assert.deepEqual(a, b);
	});
});

describe('repository keys', () => {
	it('one key per repository, whatever its spelling', () => {
		const key = 'github.com/axios/axios';
		for (const url of [
			'git+https://github.com/axios/axios.git',
			'https://github.com/axios/axios',
			'git@github.com:axios/axios.git',
			'github:axios/axios',
			'axios/axios',
			'https://github.com/Axios/axios/tree/main/packages',
			'git://github.com/axios/axios.git#v1',
		])
			assert.equal(repositoryKey(url), key, url);
		assert.equal(
			repositoryKey('https://gitlab.example.com/group/sub/project.git'),
			'gitlab.example.com/group/sub/project',
		);
		assert.equal(repositoryKey(null), null);
		assert.equal(repositoryKey('  '), null);
	});
});

describe('advisories: known-malicious and vulnerable', () => {
	const advisory = (id: string, extra: Record<string, unknown> = {}) => ({
		id,
		aliases: [] as string[],
		summary: `summary of ${id}`,
		severity: null,
		score: null,
		fixed: [] as string[],
		malicious: id.startsWith('MAL-'),
		modified: null,
		url: null,
		...extra,
	});
	const view = (found: ReturnType<typeof advisory>[] | null, error: string | null = null) => ({
		dependencyFacts: () => undefined,
		publisherActivity: () => ({repositories: 0, packages: []}),
		publisherBursts: () => 0,
		advisoriesOf: () => ({advisories: found, error, fetchedAt: null, source: 'api' as const}),
	});
	const facts = pkg(
		[v('1.0.0', daysAgo(300), {publishedBy: 'alice'}), v('1.0.1', daysAgo(100), {publishedBy: 'alice'})],
		{
			publishers: ['a', 'b', 'c', 'd', 'e'],
			weekly: 5_000_000,
		},
	);
	const withAdvisories = (tree: ReturnType<typeof view>) =>
		withTreeEvidence(score(facts), tree as never, {thresholds: defaultThresholds, now: NOW});

	it('a MAL- record is critical, the reason naming the record and its summary', () => {
		const report = withAdvisories(
			view([advisory('MAL-2026-90001', {summary: 'Malicious code in pkg (npm)'})]),
		);
		assert.equal(report.release?.risk, 'critical');
		assert.equal(report.risk, 'critical');
		assert.equal(report.reasons[0], 'release: known malicious (MAL-2026-90001)');
		assert.equal(
			flag(report, 'known-malicious')!.message,
			'1.0.1 is named by a malicious-package report: MAL-2026-90001 (Malicious code in pkg (npm))',
		);
		assert.deepEqual(
			report.release?.advisories?.map((entry) => entry.id),
			['MAL-2026-90001'],
		);
	});

	it('vulnerabilities: moderate, high when one is critical or high; count, worst severity and fixes in words', () => {
		const moderate = withAdvisories(view([advisory('GHSA-1', {severity: 'moderate', fixed: ['1.0.2']})]));
		assert.equal(moderate.release?.risk, 'moderate');
		assert.equal(
			flag(moderate, 'vulnerable')!.message,
			'1.0.1 has 1 known vulnerability, the worst moderate: GHSA-1 moderate, fixed in 1.0.2: summary of GHSA-1',
		);
		const high = withAdvisories(
			view([
				advisory('GHSA-1', {severity: 'low'}),
				advisory('GHSA-2', {severity: 'high', aliases: ['CVE-2026-1']}),
			]),
		);
		assert.equal(high.release?.risk, 'high');
		assert.equal(high.risk, 'high');
		assert.match(
			flag(high, 'vulnerable')!.message,
			/^1\.0\.1 has 2 known vulnerabilities, the worst high: GHSA-1 low: .*; GHSA-2 \(CVE-2026-1\) high: /,
		);
		const none = withAdvisories(view([]));
		assert.equal(none.release?.risk, 'none');
		assert.deepEqual(none.release?.advisories, []);
		const unknown = withAdvisories(view(null, 'advisories: HTTP 500'));
		assert.equal(unknown.release?.advisories, null);
		assert.equal(unknown.release?.advisoriesError, 'advisories: HTTP 500');
		assert.equal(unknown.release?.risk, 'none', 'unknown advisories raise nothing');
	});

	it('the vulnerability levels are settings', () => {
		const report = withTreeEvidence(
			score(facts),
			view([advisory('GHSA-1', {severity: 'critical'})]) as never,
			{
				thresholds: defaultThresholds,
				now: NOW,
				levels: {...defaultReleaseLevels, vulnerableSevere: 'moderate'},
			},
		);
		assert.equal(report.release?.risk, 'moderate');
	});
});
