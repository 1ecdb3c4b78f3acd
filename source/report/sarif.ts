import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {isAtLeast, riskLabel} from '../scoring/levels.js';
import type {Thresholds} from '../scoring/thresholds.js';
import type {FlagId, RiskLevel} from '../scoring/types.js';
import {escapeSarifMessage, sanitizeForSarif, stringifyJson} from '../text/escape.js';
import {formatCompact} from '../text/format.js';
import {prepareReport, type ReportRow, viaPhrase} from './model.js';
import type {ReportInput} from './types.js';

/**
 * SARIF 2.1.0 for code-scanning tools. One run; `tool.driver.rules` has a rule per risk level
 * (`risk/critical`, `risk/high`, `risk/moderate`) and per flag (`flag/new-publisher`, …).
 * Results:
 * - one `risk/<level>` result per package in scope at or above the listing level (`meta.failOn`, or
 *   `high` when it is `none` or absent): critical/high → `error`, moderate → `warning`;
 * - one `flag/<id>` result per flag of a package in scope (new-publisher, deprecated, yanked, unpublished →
 *   `warning`; cooldown, behind-latest → `note`), because those are worth a look whatever the level.
 * Location: the lockfile(s) the package was found in (`artifactLocation.uri`, relative as given).
 * Every string is sanitised; JSON escaping does the rest.
 */
export function renderSarif(input: ReportInput): string {
	return `${stringifyJson(buildSarif(input))}\n`;
}

type SarifLevel = 'error' | 'warning' | 'note';

type RuleSpec = {
	readonly id: string;
	readonly name: string;
	readonly level: SarifLevel;
	readonly short: string;
	readonly full: string;
	readonly severity: string;
};

const levelRules: ReadonlyArray<RuleSpec & {readonly risk: RiskLevel}> = [
	{
		id: 'risk/critical',
		risk: 'critical',
		name: 'CriticalSupplyChainRisk',
		level: 'error',
		short: 'A package with at most one publisher account and a huge install base',
		full: 'Known publishers ≤ 1 and more than 10M downloads a week (defaults): one compromised account would reach a very large install base.',
		severity: '9.0',
	},
	{
		id: 'risk/high',
		risk: 'high',
		name: 'HighSupplyChainRisk',
		level: 'error',
		short: 'A sole publisher with many downloads, a young popular package, or a low score',
		full: 'A sole publisher with more than 1M downloads a week, a package first published less than a year ago with more than 100K a week, or a score below 40 (defaults).',
		severity: '7.0',
	},
	{
		id: 'risk/moderate',
		risk: 'moderate',
		name: 'ModerateSupplyChainRisk',
		level: 'warning',
		short: 'A package with a score below 60',
		full: 'Score below 60 (default) over longevity, download momentum, release consistency and publisher depth.',
		severity: '4.0',
	},
];

const flagRules: ReadonlyArray<RuleSpec & {readonly flag: FlagId}> = [
	{
		id: 'flag/new-publisher',
		flag: 'new-publisher',
		name: 'LatestReleaseByNewPublisher',
		level: 'warning',
		short: 'The latest release was published by an account that never published this package before',
		full: 'The classic account-takeover signal: the latest version comes from an account with no earlier release of this package.',
		severity: '7.0',
	},
	{
		id: 'flag/deprecated',
		flag: 'deprecated',
		name: 'DeprecatedLockedVersion',
		level: 'warning',
		short: 'The locked version is deprecated',
		full: 'The registry marks the locked version as deprecated.',
		severity: '4.0',
	},
	{
		id: 'flag/yanked',
		flag: 'yanked',
		name: 'YankedLockedVersion',
		level: 'warning',
		short: 'The locked version is yanked',
		full: 'Every file of the locked release is yanked on PyPI.',
		severity: '5.0',
	},
	{
		id: 'flag/unpublished',
		flag: 'unpublished',
		name: 'UnpublishedPackage',
		level: 'warning',
		short: 'The package or the locked version is not in the registry',
		full: 'The package was unpublished, or the locked version is missing from the registry.',
		severity: '5.0',
	},
	{
		id: 'flag/cooldown',
		flag: 'cooldown',
		name: 'LockedVersionInCooldown',
		level: 'note',
		short: 'The locked version is younger than the cooldown period',
		full: 'The locked version was published less than the cooldown period ago (default 14 days); malicious releases are usually caught within days.',
		severity: '3.0',
	},
	{
		id: 'flag/behind-latest',
		flag: 'behind-latest',
		name: 'LockedVersionBehindLatest',
		level: 'note',
		short: 'The locked version is many stable versions behind latest',
		full: 'The locked version is at least N stable versions behind the latest (default 10).',
		severity: '2.0',
	},
];

const rules = [...levelRules, ...flagRules];

/** Rule descriptions with the thresholds of this run (the static texts above name the defaults). */
const describedWith: Readonly<Record<string, (t: Thresholds) => string>> = {
	'risk/critical': (t) =>
		`Known publishers ≤ ${t.criticalMaxPublishers} and more than ${formatCompact(t.criticalWeeklyDownloads)} downloads a week: one compromised account would reach a very large install base.`,
	'risk/high': (t) =>
		`A sole publisher with more than ${formatCompact(t.highSolePublisherWeeklyDownloads)} downloads a week, a package first published less than ${t.highYoungPackageDays} days ago with more than ${formatCompact(t.highYoungPackageWeeklyDownloads)} a week, or a score below ${t.highScoreBelow}.`,
	'risk/moderate': (t) =>
		`Score below ${t.moderateScoreBelow} over longevity, download momentum, release consistency and publisher depth.`,
	'flag/cooldown': (t) =>
		`The locked version was published less than ${t.cooldownDays} days ago; malicious releases are usually caught within days.`,
	'flag/behind-latest': (t) =>
		`The locked version is at least ${t.behindLatestVersions} stable versions behind the latest.`,
};

function fullDescription(rule: RuleSpec, thresholds: Thresholds): string {
	return describedWith[rule.id]?.(thresholds) ?? rule.full;
}

/** The SARIF log as an object. */
export function buildSarif(input: ReportInput): Record<string, unknown> {
	const report = prepareReport(input);
	const fallbackLockfile = report.graph.lockfiles[0]?.path ?? 'unknown';
	const results: Array<Record<string, unknown>> = [];
	for (const row of report.rowsByRisk) {
		const via = viaPhrase(row);
		const label = sanitizeForSarif(`${row.node.name}@${row.node.version}${via ? ` (${via})` : ''}`);
		const locations = locationsOf(row, fallbackLockfile);
		const ruleIndex = levelRules.findIndex((rule) => rule.risk === row.risk);
		if (ruleIndex >= 0 && isAtLeast(row.risk, report.listFrom)) {
			const rule = levelRules[ruleIndex]!;
			results.push({
				ruleId: rule.id,
				ruleIndex,
				level: rule.level,
				message: {text: escapeSarifMessage(`${label} is ${riskLabel(row.risk)}: ${row.reasons.join('; ')}`)},
				locations,
				partialFingerprints: {'commitTuiPackage/v1': sanitizeForSarif(`${rule.id}|${row.node.id}`)},
				properties: properties(row),
			});
		}

		for (const flag of row.flags) {
			const index = rules.findIndex((rule) => 'flag' in rule && rule.flag === flag.id);
			const rule = rules[index]!;
			results.push({
				ruleId: rule.id,
				ruleIndex: index,
				level: rule.level,
				message: {text: escapeSarifMessage(`${label}: ${flag.message}`)},
				locations,
				partialFingerprints: {'commitTuiPackage/v1': sanitizeForSarif(`${rule.id}|${row.node.id}`)},
				properties: properties(row),
			});
		}
	}

	return {
		$schema: 'https://json.schemastore.org/sarif-2.1.0.json',
		version: '2.1.0',
		runs: [
			{
				tool: {
					driver: {
						name: sanitizeForSarif(report.toolName),
						version: sanitizeForSarif(report.toolVersion),
						rules: rules.map((rule) => ({
							id: rule.id,
							name: rule.name,
							shortDescription: {text: rule.short},
							fullDescription: {text: fullDescription(rule, report.thresholds)},
							help: {
								text: `${fullDescription(rule, report.thresholds)} Run commit-tui in the project to see who can publish the package and why it is in the tree.`,
							},
							defaultConfiguration: {level: rule.level},
							properties: {tags: ['security', 'supply-chain'], 'security-severity': rule.severity},
						})),
					},
				},
				invocations: [{executionSuccessful: true, endTimeUtc: report.generatedAt}],
				results,
				properties: {
					scope: sanitizeForSarif(report.scopeDescription),
					listedFrom: report.listFrom,
					packages: report.rows.length,
					byRisk: report.byRisk,
				},
			},
		],
	};
}

function properties(row: ReportRow): Record<string, unknown> {
	return {
		package: sanitizeForSarif(row.node.id),
		ecosystem: row.node.ecosystem,
		risk: row.risk,
		score: row.score,
		publishers: row.publishers,
		weeklyDownloads: row.weeklyDownloads,
		weekly: formatCompact(row.weeklyDownloads),
		flags: row.flags.map((flag) => flag.id),
	};
}

function locationsOf(row: ReportRow, fallback: string): Array<Record<string, unknown>> {
	const lockfiles = row.node.lockfiles.length > 0 ? row.node.lockfiles : [fallback];
	return lockfiles.map((lockfile) => ({
		physicalLocation: {artifactLocation: {uri: lockfileUri(lockfile)}},
		message: {
			text: escapeSarifMessage(
				`${row.node.name}@${row.node.version} is ${row.node.locked === false ? 'resolved (not locked) for this input' : 'locked here'}`,
			),
		},
	}));
}

/** A relative path as a URI reference (forward slashes, each segment percent-encoded); absolute → file URL. */
export function lockfileUri(lockfile: string): string {
	const clean = sanitizeForSarif(lockfile);
	if (path.isAbsolute(clean) || /^[a-zA-Z]:[\\/]/.test(clean)) return pathToFileURL(clean).href;
	return clean
		.split(/[\\/]/)
		.map((segment) => (segment === '.' || segment === '..' ? segment : encodeURIComponent(segment)))
		.join('/');
}
