import path from 'node:path';
import {pathToFileURL} from 'node:url';
import type {Advisory} from '../advisories/types.js';
import {isAtLeast, riskLabel} from '../scoring/levels.js';
import {releaseFlagInfo} from '../scoring/release/descriptions.js';
import {verdictIds} from '../scoring/release/levels.js';
import type {Thresholds} from '../scoring/thresholds.js';
import {
	type FlagId,
	type IgnoredFinding,
	packageNoticeIds,
	type ReleaseFlagId,
	type RiskFlag,
	type RiskLevel,
	releaseEvidenceIds,
} from '../scoring/types.js';
import {escapeSarifMessage, sanitizeForSarif, stringifyJson} from '../text/escape.js';
import {formatCompact} from '../text/format.js';
import {JsonStream, jsonChunks} from './json-stream.js';
import {prepareReport, type ReportRow, viaPhrase} from './model.js';
import type {ReportInput} from './types.js';

/**
 * SARIF 2.1.0 for code-scanning tools. One run; `tool.driver.rules` has a rule per risk level
 * (`risk/critical`, `risk/high`, `risk/moderate`), per flag (`flag/provenance-dropped`, `flag/deprecated`, …) and
 * per advisory id of the scope (`MAL-2025-47141`, `GHSA-…`).
 * Results:
 * - one `risk/<level>` result per package in scope at or above the listing level (`meta.failOn`, or
 *   `high` when it is `none` or absent) — the combined level: critical/high → `error`, moderate → `warning`;
 * - one `flag/<id>` result per flag of a package in scope, because those are worth a look whatever the level:
 *   release evidence that raised a critical/high release risk → `error`, a moderate one → `warning`, evidence
 *   that counted for nothing and package notices → `note`; structural flags (deprecated, yanked, unpublished →
 *   `warning`, behind-latest → `note`); `note` results only with `meta.sarifNotes` (`--sarif-notes`): they
 *   would bury the rest;
 * - one result per OSV advisory affecting a locked version, its id as the rule (always listed);
 * - findings the project's policy accepted stay, with a `suppressions` entry giving its reason.
 * Location: the lockfile(s) the package was found in (`artifactLocation.uri`, relative as given), at the line
 * where its entry starts (`region.startLine`) when the reader knows it.
 * Every string is sanitised; JSON escaping does the rest.
 */
export function renderSarif(input: ReportInput): string {
	return `${stringifyJson(buildSarif(input))}\n`;
}

/** The same text in pieces, its results made as they are written (see `streamSarif`). */
export function* sarifChunks(input: ReportInput): Generator<string, void, undefined> {
	yield* jsonChunks(streamSarif(input));
	yield '\n';
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

/** The structural side's flags: about the package and its locked version, never about an attack. */
const structureFlagRules: ReadonlyArray<RuleSpec & {readonly flag: FlagId}> = [
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
		id: 'flag/behind-latest',
		flag: 'behind-latest',
		name: 'LockedVersionBehindLatest',
		level: 'note',
		short: 'The locked version is many stable versions behind latest',
		full: 'The locked version is at least N stable versions behind the latest (default 10).',
		severity: '2.0',
	},
];

/** Rule descriptions with the thresholds of this run (the static texts above name the defaults). */
const describedWith: Readonly<Record<string, (t: Thresholds) => string>> = {
	'risk/critical': (t) =>
		`Known publishers ≤ ${t.criticalMaxPublishers} and more than ${formatCompact(t.criticalWeeklyDownloads)} downloads a week: one compromised account would reach a very large install base.`,
	'risk/high': (t) =>
		`A sole publisher with more than ${formatCompact(t.highSolePublisherWeeklyDownloads)} downloads a week, a package first published less than ${t.highYoungPackageDays} days ago with more than ${formatCompact(t.highYoungPackageWeeklyDownloads)} a week, or a score below ${t.highScoreBelow}.`,
	'risk/moderate': (t) =>
		`Score below ${t.moderateScoreBelow} over longevity, download momentum, release consistency and publisher depth.`,
	'flag/cooldown': (t) =>
		`Release evidence: the locked version was published less than ${t.cooldownDays} days ago, or less than the project's own cooldown (pnpm, yarn, bun, npm, uv, Renovate, Dependabot settings) ago; malicious releases are usually caught within days.`,
	'flag/behind-latest': (t) =>
		`The locked version is at least ${t.behindLatestVersions} stable versions behind the latest.`,
};

function fullDescription(rule: RuleSpec, thresholds: Thresholds): string {
	return describedWith[rule.id]?.(thresholds) ?? rule.full;
}

/**
 * One rule per release-side flag (`flag/cooldown`, `flag/provenance-dropped`, …), from the release table
 * (scoring/release/descriptions.ts, which the `?` legend and the README share): verdicts (security holding,
 * quarantined, known malicious) are errors, package notices notes, the rest warnings. A result's own level
 * follows what the flag did to the release risk (`resultLevel`).
 */
const evidenceFlagRules: ReadonlyArray<RuleSpec & {readonly flag: FlagId}> = (
	[...releaseEvidenceIds, ...packageNoticeIds] as ReleaseFlagId[]
).map((flag) => {
	const info = releaseFlagInfo[flag];
	return {
		id: `flag/${flag}`,
		flag,
		name: info.name,
		level: verdictIds.has(flag) ? 'error' : packageNoticeIds.includes(flag as never) ? 'note' : 'warning',
		short: info.short,
		full: `Release evidence: ${info.meaning}`,
		severity: info.severity,
	};
});

const flagRules: ReadonlyArray<RuleSpec & {readonly flag: FlagId}> = [
	...evidenceFlagRules,
	...structureFlagRules,
];

/** Every rule with a fixed place in `tool.driver.rules` (results refer to rules by index). */
const fixedRules: readonly RuleSpec[] = [...levelRules, ...flagRules];

/** A rule per advisory id of the scope (`MAL-2025-47141`, `GHSA-…`): one result per advisory and package. */
function advisoryRules(rows: readonly ReportRow[]): Array<RuleSpec & {readonly advisory: Advisory}> {
	const byId = new Map<string, Advisory>();
	for (const row of rows)
		for (const advisory of row.report?.release?.advisories ?? []) byId.set(advisory.id, advisory);
	return [...byId.values()]
		.sort((a, b) => (a.id < b.id ? -1 : 1))
		.map((advisory) => {
			const summary = sanitizeForSarif(advisory.summary ?? advisory.id);
			const aliases =
				advisory.aliases.length > 0 ? ` (${advisory.aliases.map(sanitizeForSarif).join(', ')})` : '';
			return {
				id: sanitizeForSarif(advisory.id),
				advisory,
				name: advisory.malicious ? 'KnownMaliciousVersion' : 'KnownVulnerability',
				level: advisoryLevel(advisory),
				short: summary,
				full: `${advisory.malicious ? 'Malicious-package report' : 'Advisory'} ${sanitizeForSarif(advisory.id)}${aliases}: ${summary}${advisory.fixed.length > 0 ? `; fixed in ${advisory.fixed.map(sanitizeForSarif).join(', ')}` : ''}.`,
				severity: advisory.malicious
					? '10.0'
					: advisory.score !== null
						? advisory.score.toFixed(1)
						: {critical: '9.5', high: '8.0', moderate: '5.5', low: '2.0'}[advisory.severity ?? 'low'],
			};
		});
}

/** Malicious, critical or high → error; moderate → warning; low or unknown severity → note. */
function advisoryLevel(advisory: Advisory): SarifLevel {
	if (advisory.malicious || advisory.severity === 'critical' || advisory.severity === 'high') return 'error';
	return advisory.severity === 'moderate' ? 'warning' : 'note';
}

/**
 * The rule of a flag: its own, or one generated for an id no table knows (added after the rules, whose first
 * index is `extraFrom`).
 */
function ruleForFlag(
	flag: string,
	extra: RuleSpec[],
	extraFrom: number,
): {readonly rule: RuleSpec; readonly index: number} {
	const known = flagRules.find((rule) => rule.flag === flag);
	if (known) return {rule: known, index: fixedRules.indexOf(known)};
	let rule = extra.find((candidate) => candidate.id === `flag/${flag}`);
	if (!rule) {
		rule = {
			id: `flag/${flag}`,
			name: flag.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase()),
			level: 'warning',
			short: `The package is flagged ${flag}`,
			full: `commit-tui flagged the locked version: ${flag}.`,
			severity: '5.0',
		};
		extra.push(rule);
	}

	return {rule, index: extraFrom + extra.indexOf(rule)};
}

/**
 * The SARIF log as an object. Note-level results (behind-latest and other informational flags) are left out
 * unless `meta.sarifNotes`; findings the project's policy accepted are kept, with a SARIF `suppressions`
 * entry carrying the policy's reason, so code scanning shows them as dismissed rather than open.
 */
export function buildSarif(input: ReportInput): Record<string, unknown> {
	return sarifWith(input, plainContainers) as Record<string, unknown>;
}

/**
 * The same log as a `JsonStream` whose results are built one at a time as it is written (`jsonChunks`): the
 * same bytes as `stringifyJson(buildSarif(input))`.
 */
export function streamSarif(input: ReportInput): JsonStream {
	return sarifWith(input, streamContainers) as JsonStream;
}

/** How the containers on the way to `results` are made: plain values, or streams written member by member. */
type Containers = {
	readonly object: (record: Record<string, unknown>) => unknown;
	readonly array: (elements: Iterable<unknown>) => unknown;
};
const plainContainers: Containers = {object: (record) => record, array: (elements) => [...elements]};
const streamContainers: Containers = {object: JsonStream.object, array: JsonStream.array};

function sarifWith(input: ReportInput, containers: Containers): unknown {
	const report = prepareReport(input);
	const includeNotes = input.meta.sarifNotes === true;
	const fallbackLockfile = report.graph.lockfiles[0]?.path ?? 'unknown';
	const advisoryRuleList = advisoryRules(report.rowsByRisk);
	const extraFrom = fixedRules.length + advisoryRuleList.length;
	// The rules come before the results in the log, and a flag no table knows gets a rule of its own: find
	// those first (in the order the results meet them), so the results can be made as they are written.
	const extraRules: RuleSpec[] = [];
	for (const row of report.rowsByRisk) {
		for (const flag of row.flags) ruleForFlag(flag.id, extraRules, extraFrom);
		for (const entry of row.report?.ignored ?? [])
			if (entry.kind === 'flag') ruleForFlag(entry.id, extraRules, extraFrom);
	}

	const result = (
		rule: RuleSpec,
		ruleIndex: number,
		row: ReportRow,
		text: string,
		accepted: IgnoredFinding | undefined,
		level: SarifLevel = rule.level,
		always = false,
	): Record<string, unknown> | null => {
		if (level === 'note' && !includeNotes && !always) return null;
		return {
			ruleId: rule.id,
			ruleIndex,
			level,
			message: {text: escapeSarifMessage(text)},
			locations: locationsOf(row, fallbackLockfile),
			partialFingerprints: {'commitTuiPackage/v1': sanitizeForSarif(`${rule.id}|${row.node.id}`)},
			...(accepted ? {suppressions: [suppression(accepted)]} : {}),
			properties: properties(row),
		};
	};

	function* resultsOf(row: ReportRow): Generator<Record<string, unknown> | null> {
		const via = viaPhrase(row);
		const label = sanitizeForSarif(`${row.node.name}@${row.node.version}${via ? ` (${via})` : ''}`);
		const ignored = row.report?.ignored ?? [];
		const ruleIndex = levelRules.findIndex((rule) => rule.risk === row.risk);
		if (ruleIndex >= 0 && isAtLeast(row.risk, report.listFrom)) {
			yield result(
				levelRules[ruleIndex]!,
				ruleIndex,
				row,
				`${label} is ${riskLabel(row.risk)}: ${row.reasons.join('; ')}`,
				ignored.find((entry) => entry.kind === 'level'),
			);
		}

		for (const flag of row.flags) {
			const {rule, index} = ruleForFlag(flag.id, extraRules, extraFrom);
			yield result(rule, index, row, `${label}: ${flag.message}`, undefined, resultLevel(rule, flag, row));
		}

		// Advisories are findings, not information: listed whatever their severity.
		for (const advisory of row.report?.release?.advisories ?? []) {
			const at = advisoryRuleList.findIndex((rule) => rule.id === sanitizeForSarif(advisory.id));
			const fixed = advisory.fixed.length > 0 ? `; fixed in ${advisory.fixed.join(', ')}` : '';
			const aliases = advisory.aliases.length > 0 ? ` (${advisory.aliases.join(', ')})` : '';
			yield result(
				advisoryRuleList[at]!,
				fixedRules.length + at,
				row,
				`${label}: ${advisory.id}${aliases} ${advisory.malicious ? 'malicious' : (advisory.severity ?? 'severity unknown')}: ${advisory.summary ?? ''}${fixed}`,
				undefined,
				undefined,
				true,
			);
		}

		for (const entry of ignored) {
			if (entry.kind !== 'flag') continue;
			const {rule, index} = ruleForFlag(entry.id, extraRules, extraFrom);
			yield result(rule, index, row, `${label}: ${entry.message}`, entry);
		}
	}

	function* results(): Generator<Record<string, unknown>> {
		for (const row of report.rowsByRisk) for (const each of resultsOf(row)) if (each) yield each;
	}

	return containers.object({
		$schema: 'https://json.schemastore.org/sarif-2.1.0.json',
		version: '2.1.0',
		runs: containers.array([
			containers.object({
				tool: {
					driver: {
						name: sanitizeForSarif(report.toolName),
						version: sanitizeForSarif(report.toolVersion),
						rules: [...fixedRules, ...advisoryRuleList, ...extraRules].map((rule) => ({
							id: rule.id,
							name: rule.name,
							shortDescription: {text: rule.short},
							fullDescription: {text: fullDescription(rule, report.thresholds)},
							help: {
								text: `${fullDescription(rule, report.thresholds)} ${helpText(rule)}`,
								markdown: `${escapeSarifMessage(fullDescription(rule, report.thresholds))}\n\n${helpText(rule)}`,
							},
							defaultConfiguration: {level: rule.level},
							properties: {tags: ['security', 'supply-chain'], 'security-severity': rule.severity},
						})),
					},
				},
				invocations: [{executionSuccessful: true, endTimeUtc: report.generatedAt}],
				results: containers.array(results()),
				properties: {
					scope: sanitizeForSarif(report.scopeDescription),
					listedFrom: report.listFrom,
					notes: includeNotes,
					packages: report.rows.length,
					byRisk: report.byRisk,
				},
			}),
		]),
	});
}

/**
 * A release flag that raised a critical or high release risk is an error, one that raised a moderate one a
 * warning, one that counted for nothing (a timing pattern on an old version, a package notice) a note.
 */
function resultLevel(rule: RuleSpec, flag: RiskFlag, row: ReportRow): SarifLevel {
	if (flag.side !== 'release') return rule.level;
	if (!flag.counted) return 'note';
	const risk = row.report?.release?.risk;
	return risk === 'critical' || risk === 'high' ? 'error' : 'warning';
}

/** What to do about a result of this rule: the same advice for every package it fires on. */
function helpText(rule: RuleSpec): string {
	if (rule.id.startsWith('risk/')) {
		return 'Run commit-tui in the project to see who can publish the package and why it is in the tree; accept a known risk with an ignore entry (package, levels, reason, expires) in .commit-tui.yml.';
	}

	return 'Check the locked version before merging (who published it, what changed since the previous version); accept it with an ignore entry (package, flags, reason, expires) in .commit-tui.yml.';
}

/** A policy's acceptance as a SARIF suppression (external: the project's policy file, with its reason). */
function suppression(entry: IgnoredFinding): Record<string, unknown> {
	const place = /^(.*):(\d+)$/.exec(entry.source);
	return {
		kind: 'external',
		status: 'accepted',
		justification: escapeSarifMessage(`${entry.reason} (${entry.source})`),
		location: {
			physicalLocation: {
				artifactLocation: {uri: lockfileUri(place?.[1] ?? entry.source)},
				...(place ? {region: {startLine: Number(place[2])}} : {}),
			},
		},
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
		structuralRisk: row.report?.structuralRisk ?? row.risk,
		releaseRisk: row.report?.release?.risk ?? 'unknown',
	};
}

/** The lockfile(s) the package is locked in, at the line where its entry starts when the reader knows it. */
function locationsOf(row: ReportRow, fallback: string): Array<Record<string, unknown>> {
	const lockfiles = row.node.lockfiles.length > 0 ? row.node.lockfiles : [fallback];
	return lockfiles.map((lockfile) => {
		const line = row.node.lines?.[lockfile];
		return {
			physicalLocation: {
				artifactLocation: {uri: lockfileUri(lockfile)},
				...(line === undefined ? {} : {region: {startLine: line}}),
			},
			message: {
				text: escapeSarifMessage(
					`${row.node.name}@${row.node.version} is ${row.node.locked === false ? 'resolved (not locked) for this input' : 'locked here'}`,
				),
			},
		};
	});
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
