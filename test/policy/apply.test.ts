import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {PackageNode} from '../../source/graph/types.js';
import {applyPolicy, expiryWarnings, matchesPackage, type PolicyContext} from '../../source/policy/apply.js';
import {auditCooldown} from '../../source/policy/cooldown/audit.js';
import {emptyCooldownAudit} from '../../source/policy/cooldown/types.js';
import {parsePolicy} from '../../source/policy/policy-file.js';
import type {PackageReport} from '../../source/scoring/types.js';
import {makeFacts, makeReport, makeVersion, NOW, scoreFacts} from '../helpers/factories.js';

function node(id: string): PackageNode {
	const [ecosystem, rest] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
	const at = rest.lastIndexOf('@');
	return {
		id,
		ecosystem,
		name: rest.slice(0, at),
		version: rest.slice(at + 1),
		direct: true,
		dev: false,
		optional: false,
		dependencies: [],
		lockfiles: ['package-lock.json'],
	};
}

function context(policyText: string | null, extra: Partial<PolicyContext> = {}): PolicyContext {
	return {
		policy: policyText === null ? null : parsePolicy('.commit-tui.yml', policyText),
		cooldown: emptyCooldownAudit,
		cooldownChosen: false,
		now: NOW,
		...extra,
	};
}

/** A high package with a deprecated flag and a takeover flag. */
function flagged(): PackageReport {
	const facts = makeFacts({
		name: 'left-pad',
		version: '1.3.9',
		weekly: 2_000_000,
		deprecated: 'use String.prototype.padStart',
		latestPublishedBy: 'mallory',
	});
	const report = scoreFacts('npm:left-pad@1.3.9', facts);
	assert.equal(report.risk, 'high');
	assert.deepEqual(
		report.flags.map((flag) => flag.id),
		['new-publisher', 'deprecated'],
	);
	return report;
}

describe('the policy applied to a report', () => {
	test('ignored flags leave `flags` for `ignored`, with the reason and the line', () => {
		const report = applyPolicy(
			flagged(),
			node('npm:left-pad@1.3.9'),
			context(
				'ignore:\n  - package: npm:left-pad\n    flags: [new-publisher]\n    reason: known maintainer handover\n',
			),
		);
		assert.deepEqual(
			report.flags.map((flag) => flag.id),
			['deprecated'],
			'only what the entry names',
		);
		assert.equal(report.risk, 'high', 'the level is untouched');
		assert.deepEqual(report.ignored, [
			{
				kind: 'flag',
				id: 'new-publisher',
				message:
					'1.3.9 was published by mallory, who published no earlier version (earlier versions by alice; the last 1.3.8 by alice)',
				reason: 'known maintainer handover',
				source: '.commit-tui.yml:2',
			},
		]);
	});

	test('ignored levels keep the level, marked accepted; no flags or levels means everything', () => {
		const levels = applyPolicy(
			flagged(),
			node('npm:left-pad@1.3.9'),
			context('ignore:\n  - package: npm:left-pad\n    levels: [high]\n    reason: we vendor it\n'),
		);
		assert.equal(levels.risk, 'high');
		assert.deepEqual(
			levels.flags.map((flag) => flag.id),
			['new-publisher', 'deprecated'],
		);
		assert.deepEqual(
			levels.ignored!.map((entry) => [entry.kind, entry.id]),
			[['level', 'high']],
		);
		const other = applyPolicy(
			flagged(),
			node('npm:left-pad@1.3.9'),
			context('ignore:\n  - package: npm:left-pad\n    levels: [critical]\n    reason: we vendor it\n'),
		);
		assert.equal(other.ignored, undefined, 'a level it is not at is not accepted');
		const everything = applyPolicy(
			flagged(),
			node('npm:left-pad@1.3.9'),
			context('ignore:\n  - package: npm:left-pad\n    reason: all of it\n'),
		);
		assert.deepEqual(everything.flags, []);
		assert.deepEqual(
			everything.ignored!.map((entry) => [entry.kind, entry.id]),
			[
				['flag', 'new-publisher'],
				['flag', 'deprecated'],
				['level', 'high'],
			],
		);
	});

	test('version ranges, wildcards and the ecosystem name rules decide what matches', () => {
		const pad = node('npm:left-pad@1.3.9');
		const pattern = (text: string) =>
			parsePolicy('p', `allowInstallScripts: ["${text}"]`).allowInstallScripts[0]!;
		assert.equal(matchesPackage(pattern('npm:left-pad@<2'), pad), true);
		assert.equal(matchesPackage(pattern('npm:left-pad@^2'), pad), false);
		assert.equal(matchesPackage(pattern('left-pad'), pad), true, 'any ecosystem');
		assert.equal(matchesPackage(pattern('pypi:left-pad'), pad), false);
		assert.equal(matchesPackage(pattern('npm:@types/*'), node('npm:@types/node@22.10.2')), true);
		assert.equal(matchesPackage(pattern('npm:@types/*'), node('npm:@typescript/x@1.0.0')), false);
		assert.equal(
			matchesPackage(pattern('pypi:Charset_Normalizer'), node('pypi:charset-normalizer@3.4.0')),
			true,
		);
		assert.equal(matchesPackage(pattern('pypi:requests@>=2,<3'), node('pypi:requests@2.32.3')), true);
		assert.equal(matchesPackage(pattern('pypi:requests@>=3'), node('pypi:requests@2.32.3')), false);
	});

	test('expiry: an entry applies through its day, then stops, with a warning; soon-expiring ones warn', () => {
		const text = (expires: string) =>
			`ignore:\n  - package: npm:left-pad\n    flags: [new-publisher]\n    reason: handover\n    expires: ${expires}\n`;
		const ids = (report: PackageReport) => report.flags.map((flag) => flag.id);
		const future = context(text('2026-06-10'));
		assert.deepEqual(ids(applyPolicy(flagged(), node('npm:left-pad@1.3.9'), future)), ['deprecated']);
		assert.deepEqual(expiryWarnings(future.policy!, NOW), [
			'.commit-tui.yml:2: ignore entry for npm:left-pad expires on 2026-06-10 (in 10 days)',
		]);
		const today = context(text('2026-06-01'));
		assert.deepEqual(
			ids(applyPolicy(flagged(), node('npm:left-pad@1.3.9'), today)),
			['deprecated'],
			'through its last day',
		);
		const past = context(text('2026-05-31'));
		assert.deepEqual(ids(applyPolicy(flagged(), node('npm:left-pad@1.3.9'), past)), [
			'new-publisher',
			'deprecated',
		]);
		assert.deepEqual(expiryWarnings(past.policy!, NOW), [
			'.commit-tui.yml:2: ignore entry for npm:left-pad expired on 2026-05-31; it no longer applies',
		]);
		assert.deepEqual(expiryWarnings(context(text('2027-01-31')).policy!, NOW), [], 'far away: quiet');
	});

	test('allowInstallScripts accepts the install-script evidence of the packages it names', () => {
		// issue 9's flag, made by hand: nothing raises it before that lands.
		const report = makeReport('npm:esbuild@0.24.0', {
			risk: 'moderate',
			flags: [{id: 'install-script-added' as never, message: 'adds a postinstall script'}],
		});
		const applied = applyPolicy(
			report,
			node('npm:esbuild@0.24.0'),
			context('allowInstallScripts: [npm:esbuild]\n'),
		);
		assert.deepEqual(applied.flags, []);
		assert.equal(applied.ignored![0]!.reason, 'allowed to run install scripts (npm:esbuild)');
		const other = applyPolicy(
			report,
			node('npm:esbuild@0.24.0'),
			context('allowInstallScripts: [npm:sharp]\n'),
		);
		assert.equal(other.flags.length, 1);
	});

	test('trustedPublishers accepts publisher flags about the accounts it names', () => {
		const trusted = applyPolicy(
			flagged(),
			node('npm:left-pad@1.3.9'),
			context('trustedPublishers: [npm:mallory]\n'),
		);
		assert.deepEqual(
			trusted.flags.map((flag) => flag.id),
			['deprecated'],
		);
		assert.equal(trusted.ignored![0]!.reason, 'mallory is a trusted publisher');
		assert.equal(trusted.ignored![0]!.source, '.commit-tui.yml:1');
		const otherEcosystem = applyPolicy(
			flagged(),
			node('npm:left-pad@1.3.9'),
			context('trustedPublishers: [pypi:mallory]\n'),
		);
		assert.equal(otherEcosystem.flags.length, 2);
		const someoneElse = applyPolicy(
			flagged(),
			node('npm:left-pad@1.3.9'),
			context('trustedPublishers: [alice]\n'),
		);
		assert.equal(someoneElse.flags.length, 2);
	});
});

describe("the project's own cooldown decides the cooldown flag", () => {
	const hour = 3_600_000;
	/** A package whose locked version is `hoursOld` old. */
	function young(hoursOld: number): PackageReport {
		const published = new Date(NOW.getTime() - hoursOld * hour).toISOString();
		const facts = makeFacts({
			name: 'chalk',
			version: '5.3.0',
			publishers: ['sindresorhus', 'qix'],
			weekly: 20_000_000,
			versions: [makeVersion('4.1.2', '2021-08-01T00:00:00Z'), makeVersion('5.3.0', published)],
		});
		return scoreFacts('npm:chalk@5.3.0', facts);
	}

	const pnpm = auditCooldown((file) =>
		file === 'pnpm-workspace.yaml' ? 'minimumReleaseAge: 2880\n' : undefined,
	);

	test('younger than the project rule: flagged to the hour, naming the rule', () => {
		const report = applyPolicy(young(2), node('npm:chalk@5.3.0'), context(null, {cooldown: pnpm}));
		const flag = report.flags.find((each) => each.id === 'cooldown')!;
		assert.equal(
			flag.message,
			"locked version published 2 hours ago, younger than the project's cooldown of 2 days, from pnpm minimumReleaseAge (pnpm-workspace.yaml:1)",
		);
	});

	test("older than the project's rule: the default 14 days no longer flags it", () => {
		const scored = young(5 * 24);
		assert.ok(
			scored.flags.some((flag) => flag.id === 'cooldown'),
			'the default threshold flags it',
		);
		const report = applyPolicy(scored, node('npm:chalk@5.3.0'), context(null, {cooldown: pnpm}));
		assert.equal(
			report.flags.some((flag) => flag.id === 'cooldown'),
			false,
		);
	});

	test('a cooldown the user chose stays; the project rule still flags what breaks it', () => {
		const scored = young(5 * 24);
		const chosen = applyPolicy(
			scored,
			node('npm:chalk@5.3.0'),
			context(null, {cooldown: pnpm, cooldownChosen: true}),
		);
		assert.match(chosen.flags.find((flag) => flag.id === 'cooldown')!.message, /cooldown 14 days/);
	});

	test('no project rule for the ecosystem: the scoring flag stands', () => {
		const uvOnly = auditCooldown((file) => (file === 'uv.toml' ? 'exclude-newer = "1 day"\n' : undefined));
		const scored = young(5 * 24);
		assert.deepEqual(
			applyPolicy(scored, node('npm:chalk@5.3.0'), context(null, {cooldown: uvOnly})).flags,
			scored.flags,
		);
	});
});
