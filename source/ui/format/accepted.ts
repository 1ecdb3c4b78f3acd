import type {PackageReport} from '../../scoring/types.js';
import {sanitizeText} from '../../text/sanitize.js';
import type {Palette} from './palette.js';

/**
 * The detail pane's lines for what the project's policy accepted: dimmed (emphasis, so it survives NO_COLOR),
 * each with its reason and line.
 */
export function acceptedLines(report: PackageReport, palette: Palette): string[] {
	if (!report.ignored || report.ignored.length === 0) return [];
	return [
		'',
		palette.dim("Accepted by the project's policy"),
		...report.ignored.map((entry) =>
			palette.dim(
				`  ✓ ${sanitizeText(entry.kind === 'level' ? `level ${entry.id.toUpperCase()}` : entry.message)} — ${sanitizeText(entry.reason)} (${sanitizeText(entry.source)}${entry.expires ? `, until ${entry.expires}` : ''})`,
			),
		),
	];
}
