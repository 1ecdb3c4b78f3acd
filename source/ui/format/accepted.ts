import type {ChalkInstance} from 'chalk';
import type {PackageReport} from '../../scoring/types.js';
import {sanitizeText} from '../../text/sanitize.js';

/** The detail pane's lines for what the project's policy accepted: dimmed, each with its reason and line. */
export function acceptedLines(report: PackageReport, chalk: ChalkInstance): string[] {
	if (!report.ignored || report.ignored.length === 0) return [];
	return [
		'',
		chalk.dim("Accepted by the project's policy"),
		...report.ignored.map((entry) =>
			chalk.dim(
				`  ✓ ${sanitizeText(entry.kind === 'level' ? `level ${entry.id.toUpperCase()}` : entry.message)} — ${sanitizeText(entry.reason)} (${sanitizeText(entry.source)}${entry.expires ? `, until ${entry.expires}` : ''})`,
			),
		),
	];
}
