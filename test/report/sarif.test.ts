import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {Ajv2020} from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import {buildSarif, renderReport} from '../../source/report/index.js';
import {lockfileUri} from '../../source/report/sarif.js';
import {withTreeEvidence} from '../../source/scoring/release/assess.js';
import {defaultThresholds} from '../../source/scoring/thresholds.js';
import type {PackageReport} from '../../source/scoring/types.js';
import {makeFacts, makeGraph, makeHostileFixture, NOW, scoreFacts} from '../helpers/factories.js';
import {fixturePath} from '../helpers/paths.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives as module.exports.
const addFormats = ((addFormatsModule as unknown as {default?: unknown}).default ?? addFormatsModule) as (
	ajv: Ajv2020,
) => Ajv2020;

/** The official SARIF 2.1.0 schema (vendored; see test/fixtures/report/sarif-schema-2.1.0.LICENSE.md). */
function sarifValidator() {
	const schema = JSON.parse(readFileSync(fixturePath('report', 'sarif-schema-2.1.0.json'), 'utf8'));
	const ajv = new Ajv2020({allErrors: true, strict: false});
	addFormats(ajv);
	return ajv.compile(schema);
}

const validate = sarifValidator();
const meta = {toolVersion: '0.1.0', generatedAt: NOW};

type SarifResult = {
	ruleId: string;
	ruleIndex: number;
	level: string;
	message: {text: string};
	locations: unknown[];
};
type SarifLog = {
	version: string;
	runs: Array<{
		tool: {driver: {rules: Array<{id: string}>}};
		results: SarifResult[];
		properties: Record<string, unknown>;
	}>;
};

function fixture() {
	const graph = makeGraph({
		lockfile: 'apps/web app/package-lock.json',
		roots: {web: ['crit@1.0.0', 'high@1.0.0', 'mod@1.0.0', 'ok@1.0.0']},
		packages: {'crit@1.0.0': [], 'high@1.0.0': [], 'mod@1.0.0': [], 'ok@1.0.0': []},
	});
	const score = (id: string, spec: Parameters<typeof makeFacts>[0]) =>
		[id, scoreFacts(id, makeFacts(spec))] as const;
	const reports = new Map<string, PackageReport>([
		score('npm:crit@1.0.0', {name: 'crit', version: '1.3.9', weekly: 50_000_000}),
		score('npm:high@1.0.0', {
			name: 'high',
			version: '1.3.9',
			weekly: 2_000_000,
			latestPublishedBy: 'mallory',
		}),
		// 40 versions, 1 publisher, 500 a week, 3 years old: moderate.
		score('npm:mod@1.0.0', {name: 'mod', version: '1.3.9', weekly: 500, ageDays: 1100, lastReleaseDays: 200}),
		score('npm:ok@1.0.0', {
			name: 'ok',
			version: '1.3.9',
			publishers: ['a', 'b', 'c', 'd', 'e'],
			weekly: 5_000_000,
		}),
	]);
	return {graph, reports};
}

describe('SARIF report', () => {
	it('is valid against the official SARIF 2.1.0 schema', () => {
		const {graph, reports} = fixture();
		for (const failOn of ['critical', 'high', 'moderate', 'none'] as const) {
			const log = JSON.parse(renderReport('sarif', {graph, reports, meta: {...meta, failOn}}));
			assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
		}

		const empty = JSON.parse(
			renderReport('sarif', {graph: makeGraph({roots: {app: []}}), reports: new Map(), meta}),
		);
		assert.ok(validate(empty), JSON.stringify(validate.errors));
		const hostile = makeHostileFixture();
		assert.ok(
			validate(JSON.parse(renderReport('sarif', {...hostile, meta}))),
			JSON.stringify(validate.errors),
		);
	});

	it('the validator really rejects broken SARIF', () => {
		assert.equal(validate({version: '2.1.0', runs: [{tool: {driver: {}}}]}), false);
		assert.equal(validate({version: '3.0', runs: []}), false);
	});

	it('lists one risk result per package at or above the fail-on level (default high)', () => {
		const {graph, reports} = fixture();
		assert.equal(reports.get('npm:mod@1.0.0')!.risk, 'moderate');
		const riskResults = (failOn?: 'critical' | 'high' | 'moderate' | 'none') => {
			const log = buildSarif({graph, reports, meta: {...meta, failOn}}) as unknown as SarifLog;
			return log.runs[0]!.results.filter((result) => result.ruleId.startsWith('risk/'));
		};
		assert.deepEqual(
			riskResults().map((result) => [result.ruleId, result.level]),
			[
				['risk/critical', 'error'],
				['risk/high', 'error'],
			],
		);
		assert.deepEqual(riskResults('none').length, 2);
		assert.deepEqual(
			riskResults('critical').map((result) => result.ruleId),
			['risk/critical'],
		);
		assert.deepEqual(
			riskResults('moderate').map((result) => [result.ruleId, result.level]),
			[
				['risk/critical', 'error'],
				['risk/high', 'error'],
				['risk/moderate', 'warning'],
			],
		);
	});

	it('has a rule per level and per flag, flag results, rule indexes and lockfile locations', () => {
		const {graph, reports} = fixture();
		const log = buildSarif({graph, reports, meta}) as unknown as SarifLog;
		const run = log.runs[0]!;
		const ruleIds = run.tool.driver.rules.map((rule) => rule.id);
		assert.deepEqual(ruleIds, [
			'risk/critical',
			'risk/high',
			'risk/moderate',
			'flag/known-malicious',
			'flag/security-holding',
			'flag/quarantined',
			'flag/cooldown',
			'flag/foreign-tarball',
			'flag/removed-version',
			'flag/compromise-notice',
			'flag/install-script-added',
			'flag/provenance-dropped',
			'flag/trusted-publisher-changed',
			'flag/new-publisher',
			'flag/new-dependency',
			'flag/release-burst',
			'flag/dormant-return',
			'flag/account-burst',
			'flag/vulnerable',
			'flag/latest-new-publisher',
			'flag/dormant-publisher',
			'flag/archived',
			'flag/deprecated',
			'flag/yanked',
			'flag/unpublished',
			'flag/behind-latest',
		]);
		for (const result of run.results) assert.equal(ruleIds[result.ruleIndex], result.ruleId);
		// A trust change on a version older than the cooldown: release risk moderate, so a warning.
		const flag = run.results.find((result) => result.ruleId === 'flag/new-publisher')!;
		assert.equal(flag.level, 'warning');
		assert.match(
			flag.message.text,
			/^high@1\.0\.0: 1\.3\.9 was published by mallory, who published no earlier/,
		);
		const critical = run.results.find((result) => result.ruleId === 'risk/critical')!;
		assert.equal(
			critical.message.text.split(';')[0],
			'crit@1.0.0 is CRITICAL: structure: 1 publisher and 50.0M downloads a week',
		);
		assert.deepEqual(critical.locations[0], {
			physicalLocation: {artifactLocation: {uri: 'apps/web%20app/package-lock.json'}},
			message: {text: 'crit@1.0.0 is locked here'},
		});
		assert.equal(run.properties.scope, 'the whole tree');
	});

	it('describes the rules with the thresholds of the run', () => {
		const {graph, reports} = fixture();
		const thresholds = {...defaultThresholds, criticalWeeklyDownloads: 5_000_000, cooldownDays: 7};
		const log = buildSarif({graph, reports, meta: {...meta, thresholds}}) as unknown as {
			runs: Array<{tool: {driver: {rules: Array<{id: string; fullDescription: {text: string}}>}}}>;
		};
		const text = (id: string) =>
			log.runs[0]!.tool.driver.rules.find((rule) => rule.id === id)!.fullDescription.text;
		assert.match(text('risk/critical'), /^Known publishers ≤ 1 and more than 5\.0M downloads a week/);
		assert.match(text('flag/cooldown'), /less than 7 days ago/);
	});

	it('turns lockfile paths into URI references', () => {
		assert.equal(lockfileUri('package-lock.json'), 'package-lock.json');
		assert.equal(lockfileUri('sub dir\\req#1.txt'), 'sub%20dir/req%231.txt');
		assert.equal(lockfileUri('/srv/app/uv.lock'), 'file:///srv/app/uv.lock');
	});

	it('one result per advisory, its id the rule; still valid SARIF with release flags and advisories', () => {
		const graph = makeGraph({roots: {web: ['bad@1.0.0']}, packages: {'bad@1.0.0': []}});
		const base = scoreFacts('npm:bad@1.0.0', makeFacts({name: 'bad', version: '1.3.9', weekly: 5000}));
		const advisory = (id: string, extra: Record<string, unknown>) => ({
			id,
			aliases: [],
			summary: `${id} <b>summary</b>`,
			severity: null,
			score: null,
			fixed: [],
			malicious: false,
			modified: null,
			url: null,
			...extra,
		});
		const tree = {
			dependencyFacts: () => undefined,
			publisherActivity: () => ({repositories: 0, packages: []}),
			publisherBursts: () => 0,
			advisoriesOf: () => ({
				advisories: [
					advisory('MAL-2026-1', {malicious: true}),
					advisory('GHSA-aaaa-bbbb-cccc', {severity: 'moderate', fixed: ['1.4.0'], score: 5.3}),
				],
				error: null,
				fetchedAt: null,
				source: 'api' as const,
			}),
		};
		const report = withTreeEvidence(base, tree as never, {thresholds: defaultThresholds, now: NOW});
		const reports = new Map([['npm:bad@1.0.0', report]]);
		const log = buildSarif({graph, reports, meta}) as unknown as SarifLog & {
			runs: Array<{tool: {driver: {rules: Array<{id: string; properties: {'security-severity': string}}>}}}>;
		};
		assert.ok(validate(log), JSON.stringify(validate.errors));
		const run = log.runs[0]!;
		const byRule = new Map(run.results.map((result) => [result.ruleId, result]));
		assert.equal(byRule.get('MAL-2026-1')!.level, 'error');
		assert.equal(byRule.get('GHSA-aaaa-bbbb-cccc')!.level, 'warning');
		assert.match(
			byRule.get('GHSA-aaaa-bbbb-cccc')!.message.text,
			/moderate: GHSA-aaaa-bbbb-cccc <b>summary<\/b>; fixed in 1\.4\.0$/,
		);
		assert.equal(run.tool.driver.rules[byRule.get('MAL-2026-1')!.ruleIndex]!.id, 'MAL-2026-1');
		const ghsa = run.tool.driver.rules.find((rule) => rule.id === 'GHSA-aaaa-bbbb-cccc') as unknown as {
			properties: {'security-severity': string};
		};
		assert.equal(ghsa.properties['security-severity'], '5.3');
		assert.equal(byRule.get('flag/known-malicious')!.level, 'error');
		// The vulnerability is its own result (its id the rule); the flag summing it up is a note, left out by default.
		assert.ok(!byRule.has('flag/vulnerable'));
		const withNotes = buildSarif({graph, reports, meta: {...meta, sarifNotes: true}}) as unknown as SarifLog;
		assert.equal(
			withNotes.runs[0]!.results.find((result) => result.ruleId === 'flag/vulnerable')!.level,
			'note',
		);
		assert.equal(report.risk, 'critical');
	});
});
