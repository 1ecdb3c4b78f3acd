import {riskLabel} from '../scoring/levels.js';
import {stringifyJson} from '../text/escape.js';
import {formatInteger, plural, truncate} from '../text/format.js';
import {sanitizeText} from '../text/sanitize.js';
import {changeOf, type DiffReportInput, diffAsReport, sideLabel} from './diff-input.js';
import {buildDiffJson} from './diff-json.js';
import {renderDiffMarkdown} from './diff-markdown.js';
import type {ReportFormat} from './formats.js';
import {levelOf} from './gate.js';
import {renderHtml} from './html.js';
import {prepareReport} from './model.js';
import {acceptanceText, acceptedFindings, cooldownLines, findingText} from './policy-notes.js';
import {renderSarif} from './sarif.js';

/** A diff in one of the report formats (md: the PR comment; json: the report plus `diff`). Pure. */
export function renderDiffReport(format: ReportFormat, input: DiffReportInput): string {
	switch (format) {
		case 'md':
			return renderDiffMarkdown(input);
		case 'json':
			return `${stringifyJson(buildDiffJson(input))}\n`;
		case 'sarif':
			return renderSarif(diffAsReport(input));
		case 'html':
			return renderHtml(diffAsReport(input));
	}
}

/**
 * The diff as plain text, for a terminal without the UI or a CI log: a header line, then one line per
 * package the change adds (`+`), changes (`~`, old → new) or removes (`−`), worst first, the roll-ups beneath
 * direct dependencies and the accounts gaining reach. No colour; every string sanitised.
 */
export function renderDiffText(input: DiffReportInput, options: {readonly limit?: number} = {}): string {
	const {model} = input;
	const report = prepareReport(diffAsReport(input));
	const limit = options.limit ?? 50;
	const lines: string[] = [];
	lines.push(
		`${report.toolName} diff · ${sanitizeText(sideLabel(model.base))} → ${sanitizeText(sideLabel(model.head))} · ` +
			`${model.diff.added.length} added · ${model.diff.changed.length} changed · ${model.diff.removed.length} removed · ` +
			`${formatInteger(model.diff.unchanged)} unchanged`,
	);
	const cooldown = cooldownLines(input.meta.project);
	if (cooldown.length > 0) lines.push(`Project cooldown: ${sanitizeText(cooldown.join(' · '))}`);
	if (model.changedIds.length === 0 && model.diff.removed.length === 0) {
		lines.push('', 'No dependency changed.');
		return `${lines.join('\n')}\n`;
	}

	lines.push('');
	const rows = report.rowsByRisk;
	for (const row of rows.slice(0, limit)) {
		const change = changeOf(model, row.node.id);
		const from = change.from ? model.base.graph.packages.get(change.from) : undefined;
		const name = !from
			? `${row.node.name}@${row.node.version}`
			: from.version === row.node.version
				? `${row.node.name}@${row.node.version}, installed from another tarball`
				: `${row.node.name} ${from.version} → ${row.node.version}`;
		const level = levelOf(row.report ?? undefined);
		const before = change.from ? levelOf(model.reports.get(change.from)) : null;
		const was = before && before !== level ? ` (was ${riskLabel(before)})` : '';
		const flags = row.flags.length > 0 ? ` [${row.flags.map((flag) => flag.id).join(', ')}]` : '';
		lines.push(
			`${change.mark} ${truncate(sanitizeText(name), 48).padEnd(48)} ${`${riskLabel(level)}${was}`.padEnd(22)} ${truncate(sanitizeText(row.reasons[0] ?? ''), 60)}${flags}`,
		);
	}

	if (rows.length > limit)
		lines.push(`  … and ${rows.length - limit} more added or changed (all in --format json)`);
	for (const id of model.diff.removed.slice(0, limit)) {
		const node = model.base.graph.packages.get(id);
		lines.push(`− ${sanitizeText(node ? `${node.name}@${node.version}` : id)}`);
	}

	if (model.diff.removed.length > limit)
		lines.push(`  … and ${model.diff.removed.length - limit} more removed`);
	const rollups = model.rollups.filter(
		(rollup) => rollup.counts.critical + rollup.counts.high + rollup.counts.moderate > 0,
	);
	if (rollups.length > 0) {
		lines.push('', 'Beneath direct dependencies:');
		for (const rollup of rollups.slice(0, 10)) {
			const node = model.head.graph.packages.get(rollup.id);
			const counts = (['critical', 'high', 'moderate'] as const)
				.filter((level) => rollup.counts[level] > 0)
				.map((level) => `${rollup.counts[level]} ${riskLabel(level)}`)
				.join(', ');
			lines.push(
				`  ${sanitizeText(node ? `${node.name}@${node.version}` : rollup.id)} (${sanitizeText(rollup.rootName)}): adds ${counts}`,
			);
		}
	}

	if (model.publishers.length > 0) {
		lines.push('', 'Publisher accounts gaining reach:');
		for (const gain of model.publishers.slice(0, 5)) {
			lines.push(
				`  ${sanitizeText(gain.account)} (${gain.ecosystem}): ${gain.packages.length} added ${plural(gain.packages.length, 'package')}`,
			);
		}
	}

	const accepted = acceptedFindings(rows);
	if (accepted.length > 0) {
		lines.push('', `Accepted by the project's policy (${accepted.length}):`);
		for (const {row, finding} of accepted.slice(0, 10)) {
			lines.push(
				`  ${sanitizeText(`${row.node.name}@${row.node.version}`)}  ${truncate(sanitizeText(findingText(finding)), 50)} — ${truncate(sanitizeText(acceptanceText(finding)), 60)}`,
			);
		}
	}

	return `${lines.join('\n')}\n`;
}
