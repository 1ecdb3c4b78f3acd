import type {DiffModel, DirectRollupChange} from '../diff/model.js';
import {publisherChange} from '../diff/model.js';
import type {PackageNode} from '../graph/types.js';
import {formatSpan} from '../policy/cooldown/durations.js';
import {riskLabel} from '../scoring/levels.js';
import {releaseAsLevel} from '../scoring/release/levels.js';
import {type RiskLevel, riskLevels} from '../scoring/types.js';
import {escapeMarkdown, markdownCode} from '../text/escape.js';
import {daysSince, formatAgeShort, formatCompact, formatInteger, plural, truncate} from '../text/format.js';
import {changeOf, type DiffReportInput, diffAsReport, sideLabel} from './diff-input.js';
import {evaluateGate, levelOf} from './gate.js';
import {flagsCell} from './markdown.js';
import {prepareReport, type ReportRow} from './model.js';
import {acceptanceText, acceptedFindings, cooldownLines, findingText} from './policy-notes.js';

/** GitHub refuses comments over 65,536 characters; the comment stops short of it, with room to spare. */
export const commentCharacterLimit = 60_000;
/** Rows in the "top findings" and roll-up lists before the full tables. */
const topCount = 10;
/** Longest cell text (reasons, flag messages) in the tables: a hostile deprecation message stays a line. */
const cellLimit = 300;

export type DiffMarkdownOptions = {
	/** Largest output in characters (default 60,000: a GitHub comment); the tables are cut with a count. */
	readonly maxCharacters?: number;
};

/**
 * The diff as a pull-request comment: a summary table, the gate, the project's cooldown, the top findings,
 * what the change brings beneath each direct dependency, the publisher accounts it hands reach to, then the
 * full lists in `<details>`. Past `maxCharacters` the lists stop with a count of what was left out. Every
 * untrusted string is escaped.
 */
export function renderDiffMarkdown(input: DiffReportInput, options: DiffMarkdownOptions = {}): string {
	const {model} = input;
	const report = prepareReport(diffAsReport(input));
	const rows = report.rowsByRisk;
	const added = rows.filter((row) => changeOf(model, row.node.id).mark === '+');
	const changed = rows.filter((row) => changeOf(model, row.node.id).mark === '~');
	const head: string[] = [];
	head.push(
		`## ${escapeMarkdown(report.toolName)}: ${added.length} added · ${changed.length} changed · ${model.diff.removed.length} removed`,
		'',
		`${escapeMarkdown(sideLabel(model.base))} → ${escapeMarkdown(sideLabel(model.head))} · ${lockfileList(model)} · ${formatInteger(model.diff.unchanged)} ${plural(model.diff.unchanged, 'package')} unchanged`,
		'',
		`| | Packages | ${riskLevels.map(riskLabel).join(' | ')} |`,
		`| --- | ---: | ${riskLevels.map(() => '---:').join(' | ')} |`,
		summaryRow('Added', added),
		summaryRow('Changed (new versions)', changed),
		`| Removed | ${model.diff.removed.length} | ${riskLevels.map(() => '').join(' | ')} |`,
		'',
	);
	head.push(gateLine(input, model), '');
	const cooldown = cooldownLines(input.meta.project);
	if (cooldown.length > 0) head.push(`**Project cooldown:** ${cooldown.map(escapeMarkdown).join(' · ')}`, '');

	const top = rows.filter((row) => isFinding(row)).slice(0, topCount);
	if (top.length > 0) {
		head.push(
			'### Top findings',
			'',
			'| | Package | Risk | Why | Flags |',
			'| --- | --- | --- | --- | --- |',
		);
		for (const row of top) head.push(findingRow(model, row));
		head.push('');
	}

	const serious = model.rollups.filter(
		(rollup) => rollup.counts.critical + rollup.counts.high + rollup.counts.moderate > 0,
	);
	if (serious.length > 0) {
		head.push('### Beneath direct dependencies', '');
		for (const rollup of serious.slice(0, topCount)) head.push(`- ${rollupLine(model, rollup)}`);
		if (serious.length > topCount) head.push(`- …and ${serious.length - topCount} more`);
		head.push('');
	}

	if (model.publishers.length > 0) {
		head.push(
			'### Publisher accounts gaining reach',
			'',
			'| Account | Ecosystem | Added packages it can publish | Weekly downloads |',
			'| --- | --- | ---: | ---: |',
		);
		for (const gain of model.publishers.slice(0, topCount)) {
			head.push(
				`| ${escapeMarkdown(gain.account)} | ${gain.ecosystem} | ${gain.packages.length} | ${formatCompact(gain.weeklyDownloads)} |`,
			);
		}

		if (model.publishers.length > topCount)
			head.push(`| …and ${model.publishers.length - topCount} more | | | |`);
		head.push('');
	}

	const budget = new Budget(options.maxCharacters ?? commentCharacterLimit, head);
	budget.table(
		`Added (${added.length})`,
		packageTableHead,
		added.map((row) => packageRow(model, row, report.now)),
	);
	budget.table(
		`Changed (${changed.length})`,
		packageTableHead,
		changed.map((row) => packageRow(model, row, report.now)),
	);
	budget.table(
		`Removed (${model.diff.removed.length})`,
		['| Package | Lockfile |', '| --- | --- |'],
		model.diff.removed.map((id) => removedRow(model.base.graph.packages.get(id), id)),
	);
	const accepted = acceptedFindings(rows);
	budget.table(
		`Accepted by the project's policy (${accepted.length})`,
		['| Package | Finding | Accepted |', '| --- | --- | --- |'],
		accepted.map(
			({row, finding}) =>
				`| ${label(row.node)} | ${cell(findingText(finding))} | ${cell(acceptanceText(finding))} |`,
		),
	);
	budget.table(
		`Warnings (${model.warnings.length})`,
		[],
		model.warnings.map((warning) => `- ${cell(warning)}`),
	);
	return budget.finish(
		`<sub>${escapeMarkdown(report.toolName)} ${escapeMarkdown(report.toolVersion)} · ${report.generatedAt} · only what the change adds or changes was fetched and scored</sub>`,
	);
}

const packageTableHead = [
	'| | Package | Risk | Score | Publishers | Weekly | Published | Why | Flags |',
	'| --- | --- | --- | ---: | ---: | ---: | ---: | --- | --- |',
];

/**
 * Output that stops before a character limit: the head always, then `<details>` tables row by row while
 * they fit (keeping room to close them), and a line saying how many rows were left out.
 */
class Budget {
	private readonly lines: string[];
	private used: number;
	private omitted = 0;
	private full = false;

	constructor(
		private readonly limit: number,
		head: readonly string[],
	) {
		this.lines = [...head];
		this.used = head.reduce((total, line) => total + line.length + 1, 0);
	}

	/** Room kept for closing tags, the truncation note and the footer. */
	private static readonly reserve = 600;

	private fits(text: string): boolean {
		return this.used + text.length + 1 + Budget.reserve <= this.limit;
	}

	private push(line: string): void {
		this.lines.push(line);
		this.used += line.length + 1;
	}

	table(summary: string, header: readonly string[], rows: readonly string[]): void {
		if (rows.length === 0) return;
		const opening = ['<details>', `<summary>${summary}</summary>`, '', ...header];
		if (this.full || !this.fits(opening.join('\n'))) {
			this.full = true;
			this.omitted += rows.length;
			return;
		}

		for (const line of opening) this.push(line);
		let index = 0;
		for (; index < rows.length; index++) {
			if (!this.fits(rows[index]!)) break;
			this.push(rows[index]!);
		}

		if (index < rows.length) {
			this.full = true;
			this.omitted += rows.length - index;
			this.push('');
			this.push(`_…and ${rows.length - index} more not shown here._`);
		}

		this.push('');
		this.push('</details>');
		this.push('');
	}

	finish(footer: string): string {
		if (this.omitted > 0) {
			this.push(
				`_${this.omitted} ${plural(this.omitted, 'row')} left out: the comment stops at ${formatInteger(this.limit)} characters (GitHub allows 65,536). The JSON report (\`--format json\`) has everything._`,
			);
			this.push('');
		}

		this.push(footer);
		return `${this.lines.join('\n').trimEnd()}\n`;
	}
}

function lockfileList(model: DiffModel): string {
	const names = [
		...new Set(model.head.graph.lockfiles.map((lockfile) => `${lockfile.path} (${lockfile.format})`)),
	];
	return names.length > 0 ? names.map(escapeMarkdown).join(', ') : 'no lockfile';
}

function summaryRow(title: string, rows: readonly ReportRow[]): string {
	const counts = Object.fromEntries(riskLevels.map((level) => [level, 0])) as Record<RiskLevel, number>;
	for (const row of rows) counts[levelOf(row.report ?? undefined)] += 1;
	return `| ${title} | ${rows.length} | ${riskLevels.map((level) => (counts[level] > 0 ? String(counts[level]) : '')).join(' | ')} |`;
}

/** The gate on what the change adds, as the CLI will judge it (`--fail-on`, the policy's acceptances). */
function gateLine(input: DiffReportInput, model: DiffModel): string {
	const failOn = input.meta.failOn ?? 'none';
	if (failOn === 'none') return '**Gate:** none (`--fail-on none`).';
	const gate = evaluateGate({
		ids: model.changedIds,
		graph: model.head.graph,
		reports: model.reports,
		failOn,
		maxUnknownShare: 1,
		allowIncomplete: true,
	});
	const accepted = gate.accepted.length > 0 ? ` (${gate.accepted.length} more accepted by the policy)` : '';
	return gate.tripped.length > 0
		? `**Gate** (\`--fail-on ${failOn}\`): **fails** — ${gate.tripped.length} ${plural(gate.tripped.length, 'package')} the change adds or changes ${gate.tripped.length === 1 ? 'is' : 'are'} at or above ${riskLabel(failOn)}${accepted}.`
		: `**Gate** (\`--fail-on ${failOn}\`): passes — nothing the change adds or changes is at or above ${riskLabel(failOn)}${accepted}.`;
}

/** Worth the top of the comment: moderate or worse, or flagged. */
function isFinding(row: ReportRow): boolean {
	const level = levelOf(row.report ?? undefined);
	return level === 'critical' || level === 'high' || level === 'moderate' || row.flags.length > 0;
}

function findingRow(model: DiffModel, row: ReportRow): string {
	const change = changeOf(model, row.node.id);
	const cells = [
		change.mark,
		packageCell(model, row),
		riskCell(model, row),
		cell(whyText(model, row)),
		truncateCell(flagsCell(row)),
	];
	return `| ${cells.join(' | ')} |`;
}

function packageRow(model: DiffModel, row: ReportRow, now: Date): string {
	const published = row.report?.stats.lockedVersionPublished ?? null;
	const cells = [
		changeOf(model, row.node.id).mark,
		packageCell(model, row),
		riskCell(model, row),
		row.score === null ? '?' : String(row.score),
		row.publishers === null ? '?' : String(row.publishers),
		formatCompact(row.weeklyDownloads),
		published ? ageText(published, now) : '?',
		cell(whyText(model, row)),
		truncateCell(flagsCell(row)),
	];
	return `| ${cells.join(' | ')} |`;
}

/** `lodash` 4.17.20 → 4.17.21, or `left-pad@1.3.0` (direct). */
function packageCell(model: DiffModel, row: ReportRow): string {
	const change = changeOf(model, row.node.id);
	const from = change.from ? model.base.graph.packages.get(change.from) : undefined;
	const text = !from
		? label(row.node)
		: from.version === row.node.version
			? `${markdownCode(row.node.name)} ${escapeMarkdown(row.node.version)}, installed from another tarball`
			: `${markdownCode(row.node.name)} ${escapeMarkdown(from.version)} → ${escapeMarkdown(row.node.version)}`;
	const marks = [row.node.direct ? 'direct' : '', row.node.dev ? 'dev' : ''].filter(Boolean).join(', ');
	return marks ? `${text} (${marks})` : text;
}

/** **HIGH**, and for a change the level it moved from. */
function riskCell(model: DiffModel, row: ReportRow): string {
	const level = levelOf(row.report ?? undefined);
	const change = changeOf(model, row.node.id);
	const before = change.from ? levelOf(model.reports.get(change.from)) : null;
	const accepted = row.report?.ignored?.some((entry) => entry.kind === 'level') ? ' _(accepted)_' : '';
	const was = before && before !== level ? ` (was ${riskLabel(before)})` : '';
	return `**${riskLabel(level)}**${was}${accepted}`;
}

/**
 * The first reason (the worse side's), what a bump changed about who published the locked version, and the
 * locked release's evidence when it counts ("release: 2 hours old, adds a postinstall script").
 */
function whyText(model: DiffModel, row: ReportRow): string {
	const parts = [...row.reasons.slice(0, 1)];
	const change = changeOf(model, row.node.id);
	const publisher = change.from
		? publisherChange(model.reports.get(change.from), row.report ?? undefined)
		: null;
	if (publisher) parts.push(`published by ${publisher.after} (the previous version by ${publisher.before})`);
	parts.push(...releaseEvidence(row));
	return parts.join('; ');
}

/** The release side's reason when it raised the level and is not the first reason already. */
function releaseEvidence(row: ReportRow): string[] {
	const release = row.report?.release;
	if (!release || releaseAsLevel(release.risk) === null) return [];
	return row.reasons[0] === release.reason ? [] : [release.reason];
}

function rollupLine(model: DiffModel, rollup: DirectRollupChange): string {
	const node = model.head.graph.packages.get(rollup.id);
	const name = node ? label(node) : escapeMarkdown(rollup.id);
	const parts = (['critical', 'high', 'moderate'] as const)
		.filter((level) => rollup.counts[level] > 0)
		.map((level) => `${rollup.counts[level]} ${riskLabel(level)}`);
	const itself = rollup.itself ? ', itself included' : '';
	return `${name} (${escapeMarkdown(rollup.rootName)}): this change adds ${parts.join(', ')} (${rollup.ids.length} ${plural(rollup.ids.length, 'package')} added or changed beneath it${itself})`;
}

/** `2 hours ago` under a day (cooldowns are measured in hours), else `3d ago`, `5mo ago`. */
function ageText(published: string, now: Date): string {
	const ms = now.getTime() - Date.parse(published);
	if (Number.isNaN(ms)) return '?';
	if (ms < 86_400_000)
		return `${formatSpan(Math.max(60_000, Math.floor(ms / 60_000) * 60_000))
			.split(' ')
			.slice(0, 2)
			.join(' ')} ago`;
	return `${formatAgeShort(daysSince(published, now))} ago`;
}

function removedRow(node: PackageNode | undefined, id: string): string {
	return `| ${node ? label(node) : escapeMarkdown(id)} | ${node ? node.lockfiles.map(escapeMarkdown).join(', ') : ''} |`;
}

function label(node: PackageNode): string {
	// A code span shows its text as it is: escapes would show as backslashes there, and no mention fires in one.
	return markdownCode(`${node.name}@${node.version}`);
}

/** An untrusted string as one table cell: shortened, then escaped. */
function cell(text: string): string {
	return escapeMarkdown(truncate(text, cellLimit));
}

/** An already-escaped cell, shortened (the escaping can only make it longer, so cut at twice the limit). */
function truncateCell(text: string): string {
	return text.length > cellLimit * 2 ? `${text.slice(0, cellLimit * 2)}…` : text;
}
