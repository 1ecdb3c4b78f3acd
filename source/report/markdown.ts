import {riskLabel} from '../scoring/levels.js';
import {isSuspiciousRelease} from '../scoring/rollup.js';
import {type RiskLevel, releaseRiskLevels, riskLevels} from '../scoring/types.js';
import {escapeMarkdown} from '../text/escape.js';
import {
	daysSince,
	formatAgeShort,
	formatCompact,
	formatDate,
	formatElapsed,
	formatInteger,
} from '../text/format.js';
import {
	advisoryRows,
	noRegistryData,
	type PreparedReport,
	prepareReport,
	type ReportRow,
	rollupPhrase,
	viaPhrase,
} from './model.js';
import {acceptanceText, acceptedFindings, cooldownLines, findingText} from './policy-notes.js';
import {joined, trimmedEnd} from './text-stream.js';
import type {ReportInput} from './types.js';

/** Levels whose tables are folded (`<details>`) so a pull-request comment leads with what matters. */
const foldedLevels: ReadonlySet<RiskLevel> = new Set(['good', 'healthy', 'unknown']);
const topPublishers = 10;

export type MarkdownOptions = {
	/**
	 * At most this many rows per level table (worst first), with a line saying how many were left out.
	 * Default: no limit. GitHub comments stop at 65,536 characters: ~150 rows per level fits comfortably.
	 */
	readonly maxRowsPerLevel?: number;
};

/**
 * A Markdown report for a pull-request comment or a ticket: a summary, the top publisher accounts, then one
 * table per level (worst first; good/healthy/unknown folded). Every untrusted string is escaped, so names
 * cannot break the tables or inject links or HTML.
 */
export function renderMarkdown(input: ReportInput, options: MarkdownOptions = {}): string {
	return [...markdownChunks(input, options)].join('');
}

/** The same text in pieces, a table row at a time (for writing a large report as it is made). */
export function* markdownChunks(
	input: ReportInput,
	options: MarkdownOptions = {},
): Generator<string, void, undefined> {
	yield* trimmedEnd(joined(markdownLines(input, options)));
	yield '\n';
}

function* markdownLines(input: ReportInput, options: MarkdownOptions): Generator<string, void, undefined> {
	const report = prepareReport(input);
	yield `# ${escapeMarkdown(report.toolName)} report`;
	yield '';
	yield `**Scope:** ${escapeMarkdown(report.scopeDescription)} · **Packages:** ${formatInteger(report.rows.length)} · ` +
		`**Generated:** ${report.generatedAt} by ${escapeMarkdown(report.toolName)} ${escapeMarkdown(report.toolVersion)}`;
	yield '';
	const lockfiles = report.graph.lockfiles
		.map((lockfile) => `${escapeMarkdown(lockfile.path)} (${lockfile.format}, ${lockfile.ecosystem})`)
		.join(', ');
	if (lockfiles) yield* [`**Lockfiles:** ${lockfiles}`, ''];
	const cooldown = cooldownLines(input.meta.project);
	if (cooldown.length > 0) yield* [`**Project cooldown:** ${cooldown.map(escapeMarkdown).join(' · ')}`, ''];

	yield* ['## Summary', '', '| Risk | Packages |', '| --- | ---: |'];
	for (const level of riskLevels) yield `| ${riskLabel(level)} | ${formatInteger(report.byRisk[level])} |`;
	yield '';
	if (report.localPackages > 0) {
		const local = report.localPackages;
		yield* [
			`_${formatInteger(local)} of the unknown ${local === 1 ? 'is a local package' : 'are local packages'} (workspace, link, folder, git): not looked up in a registry._`,
			'',
		];
	}

	if (noRegistryData(report)) {
		const which = report.localPackages > 0 ? 'every registry package' : 'every package';
		yield* [`_No registry data: ${which} is unknown (offline or graph-only run)._`, ''];
	}

	yield* releaseSection(report);
	yield* advisorySection(report);
	yield* publisherSection(report);
	for (const level of riskLevels) {
		const rows = report.rowsByRisk.filter((row) => row.risk === level);
		if (rows.length === 0) continue;
		const limit = options.maxRowsPerLevel ?? Number.POSITIVE_INFINITY;
		const folded = foldedLevels.has(level);
		if (folded) yield* ['<details>', `<summary>${riskLabel(level)} (${rows.length})</summary>`, ''];
		else yield* [`## ${riskLabel(level)} (${rows.length})`, ''];
		yield* levelTable(rows.length > limit ? rows.slice(0, limit) : rows, report);
		if (rows.length > limit) {
			yield* ['', `_…and ${rows.length - limit} more ${level} packages (see the JSON or HTML report)._`];
		}

		yield* folded ? ['', '</details>', ''] : [''];
	}

	yield* acceptedSection(report.rowsByRisk);
}

/**
 * The locked versions whose release looks wrong (release risk moderate or worse), worst first: when they were
 * published, by whom, and the evidence that counted. First after the summary: it is what to look at first.
 */
function releaseSection(report: PreparedReport): string[] {
	const rows = report.rows
		.filter((row) => isSuspiciousRelease(row.report ?? undefined))
		.sort(
			(a, b) =>
				releaseRiskLevels.indexOf(a.report!.release!.risk) -
					releaseRiskLevels.indexOf(b.report!.release!.risk) || (a.node.id < b.node.id ? -1 : 1),
		);
	const lines = ['## Release evidence', ''];
	if (rows.length === 0) return [...lines, '_No locked version carries release evidence._', ''];
	lines.push('| Package | Release risk | Published | By | Evidence |', '| --- | --- | --- | --- | --- |');
	for (const row of rows) {
		const release = row.report!.release!;
		const published = release.publishedAt
			? `${formatDate(release.publishedAt)} (${formatElapsed(report.now.getTime() - Date.parse(release.publishedAt))} before)`
			: '?';
		const by = release.trustedPublisher
			? `${release.publisher ?? 'CI'} (trusted publisher ${release.trustedPublisher.identity ?? '?'})`
			: (release.publisher ?? '?');
		const evidence = row.flags
			.filter((flag) => flag.side === 'release' && flag.counted)
			.map((flag) => `${flag.id}: ${escapeMarkdown(flag.message)}`)
			.join('; ');
		lines.push(
			`| ${escapeMarkdown(row.node.name)}@${escapeMarkdown(row.node.version)} | ${riskLabel(release.risk as RiskLevel)} | ${published} | ${escapeMarkdown(by)} | ${evidence || '—'} |`,
		);
	}

	lines.push('');
	return lines;
}

/** Every OSV advisory affecting a locked version of the scope, malicious reports first. */
function advisorySection(report: PreparedReport): string[] {
	const entries = advisoryRows(report);
	if (entries.length === 0) return [];
	const lines = [
		'## Advisories',
		'',
		'| Package | Advisory | Severity | Summary | Fixed in |',
		'| --- | --- | --- | --- | --- |',
	];
	for (const {row, advisory} of entries) {
		const aliases =
			advisory.aliases.length > 0 ? ` (${advisory.aliases.map(escapeMarkdown).join(', ')})` : '';
		lines.push(
			`| ${escapeMarkdown(row.node.name)}@${escapeMarkdown(row.node.version)} | ${escapeMarkdown(advisory.id)}${aliases} | ${advisory.malicious ? 'MALICIOUS' : (advisory.severity ?? '?')} | ${escapeMarkdown(advisory.summary ?? '')} | ${advisory.fixed.map(escapeMarkdown).join(', ') || '—'} |`,
		);
	}

	lines.push('');
	return lines;
}

/** The findings the project's policy accepted, apart from the tables (folded: they were looked at). */
export function acceptedSection(rows: readonly ReportRow[]): string[] {
	const accepted = acceptedFindings(rows);
	if (accepted.length === 0) return [];
	return [
		'<details>',
		`<summary>Accepted by the project's policy (${accepted.length})</summary>`,
		'',
		'| Package | Finding | Accepted |',
		'| --- | --- | --- |',
		...accepted.map(
			({row, finding}) =>
				`| ${escapeMarkdown(row.node.name)}@${escapeMarkdown(row.node.version)} | ${escapeMarkdown(findingText(finding))} | ${escapeMarkdown(acceptanceText(finding))} |`,
		),
		'',
		'</details>',
		'',
	];
}

function publisherSection(report: PreparedReport): string[] {
	if (report.publishers.length === 0) return [];
	const lines = [
		'## Top publisher accounts',
		'',
		'| Account | Ecosystem | Packages it can publish | Weekly downloads |',
		'| --- | --- | ---: | ---: |',
	];
	for (const reach of report.publishers.slice(0, topPublishers)) {
		const lowerBound = reach.unknownDownloads && reach.unknownDownloads.length > 0 ? '+' : '';
		lines.push(
			`| ${escapeMarkdown(reach.account)} | ${reach.ecosystem} | ${reach.packages.length} | ${formatCompact(reach.weeklyDownloads)}${lowerBound} |`,
		);
	}

	lines.push('');
	return lines;
}

function* levelTable(rows: readonly ReportRow[], report: PreparedReport): Generator<string, void, undefined> {
	yield '| Package | Score | Publishers | Weekly | Last release | Risk beneath | Why | Flags |';
	yield '| --- | ---: | ---: | ---: | ---: | --- | --- | --- |';
	for (const row of rows) {
		const name = `${escapeMarkdown(row.node.name)}@${escapeMarkdown(row.node.version)}`;
		const via = viaPhrase(row);
		const marks = [
			row.node.direct ? 'direct' : '',
			row.node.dev ? 'dev' : '',
			row.node.locked === false ? 'resolved, not locked' : '',
			via ? `via ${escapeMarkdown(via)}` : '',
		]
			.filter(Boolean)
			.join(', ');
		const last = row.lastPublished ? formatAgeShort(daysSince(row.lastPublished, report.now)) : '?';
		const cells = [
			marks ? `${name} (${marks})` : name,
			row.score === null ? '?' : String(row.score),
			row.publishers === null ? '?' : String(row.publishers),
			formatCompact(row.weeklyDownloads),
			last,
			rollupPhrase(row.rollup) || '—',
			row.reasons.map(escapeMarkdown).join('; '),
			flagsCell(row),
		];
		yield `| ${cells.join(' | ')} |`;
	}
}

/** The package's flags, then what the policy accepted in italics ("dimmed"), with the reason. */
export function flagsCell(row: ReportRow): string {
	const flags = row.flags.map((flag) => `${flag.id}: ${escapeMarkdown(flag.message)}`);
	const accepted = (row.report?.ignored ?? []).map(
		(finding) => `_${escapeMarkdown(finding.id)} (accepted: ${escapeMarkdown(finding.reason)})_`,
	);
	return [...flags, ...accepted].join('; ') || '—';
}
