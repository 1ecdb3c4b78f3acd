import {riskLabel} from '../scoring/levels.js';
import {riskLevels} from '../scoring/types.js';
import {formatCompact, formatInteger, plural, truncate} from '../text/format.js';
import {sanitizeText} from '../text/sanitize.js';
import {noRegistryData, prepareReport, unknownCountText, viaPhrase} from './model.js';
import {acceptanceText, acceptedFindings, cooldownLines, findingText} from './policy-notes.js';
import type {ReportInput} from './types.js';

/** How many risks and accounts the summary lists. */
export type SummaryOptions = {readonly topRisks?: number; readonly topPublishers?: number};

/**
 * The short plain-text summary printed when stdout is not a TTY and no `--format` was given: counts per
 * level, the top risks and the top publisher accounts. No colour, no escape sequences (every registry string
 * is sanitised), lines under ~110 columns.
 */
export function renderSummary(input: ReportInput, options: SummaryOptions = {}): string {
	const report = prepareReport(input);
	const lockfiles = report.graph.lockfiles.length;
	const resolved = lockfiles > 0 && report.graph.lockfiles.every((lockfile) => lockfile.resolved);
	const lines: string[] = [];
	lines.push(
		`${report.toolName} ${report.toolVersion} · ${sanitizeText(report.scopeDescription)} · ` +
			`${formatInteger(report.rows.length)} ${plural(report.rows.length, 'package')} · ` +
			(resolved ? 'resolved, no lockfile' : `${lockfiles} ${plural(lockfiles, 'lockfile')}`),
	);
	const counts = riskLevels
		.filter((level) => report.byRisk[level] > 0)
		.map((level) =>
			level === 'unknown' ? unknownCountText(report) : `${formatInteger(report.byRisk[level])} ${level}`,
		);
	lines.push(`Risk: ${counts.length > 0 ? counts.join(' · ') : 'no packages'}`);
	const cooldown = cooldownLines(input.meta.project);
	if (cooldown.length > 0) lines.push(`Project cooldown: ${sanitizeText(cooldown.join(' · '))}`);
	if (noRegistryData(report)) {
		lines.push(
			report.localPackages > 0
				? 'No registry data (offline or not fetched): every registry package is unknown.'
				: 'No registry data (offline or not fetched): every package is unknown.',
		);
	}

	const serious = new Set(['critical', 'high', 'moderate']);
	const risks = report.rowsByRisk.filter((row) => serious.has(row.risk)).slice(0, options.topRisks ?? 10);
	if (risks.length === 0 && !noRegistryData(report) && report.rows.length > report.byRisk.unknown) {
		lines.push('', 'No package at moderate risk or above.');
	}

	if (risks.length > 0) {
		lines.push('', 'Top risks:');
		const labels = risks.map((row) => truncate(sanitizeText(`${row.node.name}@${row.node.version}`), 40));
		const paths = risks.map((row) =>
			row.via.length > 0 ? ` (${truncate(sanitizeText(viaPhrase(row)), 50)})` : '',
		);
		const width = Math.max(...labels.map((label) => Array.from(label).length));
		risks.forEach((row, index) => {
			const label = labels[index]!;
			const pad = ' '.repeat(width - Array.from(label).length);
			const reason = truncate(sanitizeText(row.reasons[0] ?? ''), 60);
			lines.push(`  ${riskLabel(row.risk).padEnd(8)}  ${label}${pad}  ${reason}${paths[index]}`);
		});
	}

	const publishers = report.publishers.slice(0, options.topPublishers ?? 5);
	if (publishers.length > 0) {
		lines.push('', 'Top publisher accounts:');
		for (const reach of publishers) {
			lines.push(
				`  ${truncate(sanitizeText(reach.account), 30)} (${reach.ecosystem}): ${reach.packages.length} ${plural(reach.packages.length, 'package')} · ${formatCompact(reach.weeklyDownloads)} downloads a week`,
			);
		}
	}

	const accepted = acceptedFindings(report.rowsByRisk);
	if (accepted.length > 0) {
		lines.push('', `Accepted by the project's policy (${accepted.length}):`);
		for (const {row, finding} of accepted.slice(0, options.topRisks ?? 10)) {
			lines.push(
				`  ${truncate(sanitizeText(`${row.node.name}@${row.node.version}`), 40)}  ${truncate(sanitizeText(findingText(finding)), 50)} — ${truncate(sanitizeText(acceptanceText(finding)), 60)}`,
			);
		}

		if (accepted.length > (options.topRisks ?? 10))
			lines.push(`  … and ${accepted.length - (options.topRisks ?? 10)} more`);
	}

	return `${lines.join('\n')}\n`;
}
