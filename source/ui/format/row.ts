import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';
import type {ColumnName} from '../../config/settings.js';
import type {DependencyGraph} from '../../graph/types.js';
import {weeklyHistory} from '../../scoring/history.js';
import {riskRank} from '../../scoring/levels.js';
import type {PackageReport, RiskLevel, Rollup} from '../../scoring/types.js';
import {daysSince, formatAgeShort, formatCompact, sparkline} from '../../text/format.js';
import {sanitizeText} from '../../text/sanitize.js';
import type {TreeRow} from '../tree/types.js';
import {type ColumnLayout, columnTitles, columnWidths, gutterWidth, rightAligned} from './columns.js';
import type {Palette} from './palette.js';

/** Pad or cut plain-or-coloured text to exactly `width` cells. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	if (width <= 0) return '';
	const length = stringWidth(text);
	if (length > width) return cliTruncate(text, width);
	const padding = ' '.repeat(width - length);
	return align === 'left' ? text + padding : padding + text;
}

/** What one row needs to know besides the tree shape. */
export type RowData = {
	readonly report: PackageReport | undefined;
	readonly rollup: Rollup | undefined;
	/** The scan is still running (no report yet means "…", not "unknown"). */
	readonly scanning: boolean;
	readonly cursor: boolean;
	readonly marked: boolean;
	/** The current search match. */
	readonly match: boolean;
	/** Reachable only through dev dependencies (shown as a dim `dev` tag). */
	readonly dev?: boolean;
	/** The version was chosen by commit-tui, not a lockfile (a dim `~` before the version). */
	readonly resolved?: boolean;
	readonly now: Date;
};

/** A package or root label, sanitised (names come from lockfiles and registries: untrusted). */
export function labelOf(graph: DependencyGraph, id: string): string {
	const node = graph.packages.get(id);
	if (node) return sanitizeText(`${node.name}@${node.version}`);
	const root = graph.roots.find((item) => item.id === id);
	if (!root) return sanitizeText(id);
	// Several lockfiles in one folder usually share the project's name: say which file each root is.
	return sanitizeText(graph.roots.length > 1 ? `${root.name} (${root.lockfile})` : root.name);
}

/** The RISK cell: the worse of the row's own level and the worst beneath it, plus `▲n` critical/high beneath. */
export function riskCell(report: PackageReport | undefined, rollup: Rollup | undefined, scanning: boolean) {
	const own: RiskLevel | null = report?.risk ?? null;
	const below = rollup?.worst ?? 'unknown';
	const severe = rollup ? rollup.counts.critical + rollup.counts.high : 0;
	let level: RiskLevel | null = own;
	if (below !== 'unknown' && (own === null || riskRank(below) < riskRank(own)) && severe > 0) level = below;
	if (level === null) return {level: 'unknown' as RiskLevel, text: scanning ? '…' : '–'};
	return {level, text: `${level.toUpperCase()}${severe > 0 ? ` ▲${severe}` : ''}`};
}

function cell(column: ColumnName, data: RowData, isRoot: boolean, palette: Palette): string {
	const {report} = data;
	const width = columnWidths[column] - 1;
	if (column === 'risk') {
		const {level, text} = riskCell(report, data.rollup, data.scanning);
		return palette.level(level, fit(text, width));
	}

	if (isRoot) return fit('', width);
	if (!report) return fit(column === 'score' ? (data.scanning ? '…' : '–') : '', width, 'right');
	const stats = report.stats;
	let text: string;
	switch (column) {
		case 'score':
			text = report.score === null ? '?' : String(report.score);
			break;
		case 'pubs':
			text = stats.publishers === null ? '?' : String(stats.publishers);
			break;
		case 'weekly':
			text = formatCompact(stats.weeklyDownloads);
			break;
		case 'trend': {
			const weeks = weeklyHistory(report.facts?.downloads ?? null, 8);
			// Relative to the series' own range: the column shows movement, not size (WEEKLY shows size).
			text = weeks
				? sparkline(
						weeks.map((week) => week.downloads),
						{fromZero: false},
					)
				: '';
			break;
		}
		case 'last':
			text = stats.lastPublished ? formatAgeShort(daysSince(stats.lastPublished, data.now)) : '?';
			break;
	}

	return fit(text, width, rightAligned.has(column) ? 'right' : 'left');
}

/** The name cell: indentation, ▾/▸, name@version and the cycle/deduped marker. */
function nameCell(
	row: TreeRow,
	label: string,
	layout: ColumnLayout,
	palette: Palette,
	data: RowData,
): string {
	// Deep trees must not push the name off screen: indentation is capped at a third of the column.
	const maxIndent = Math.max(0, Math.floor(layout.nameWidth / 3 / 2));
	const indent = ' '.repeat(Math.min(row.depth, maxIndent) * 2);
	const twisty = row.marker === 'cycle' ? '↻ ' : row.hasChildren ? (row.expanded ? '▾ ' : '▸ ') : '  ';
	const marker = row.marker === 'cycle' ? ' (cycle)' : row.marker === 'deduped' ? ' (deduped)' : '';
	const suffix = `${marker}${data.dev ? ' dev' : ''}`;
	const room = layout.nameWidth - 1 - stringWidth(indent + twisty) - stringWidth(suffix);
	// `requests@~2.32.3`: the `~` says commit-tui resolved this version (no lockfile fixed it).
	const at = data.resolved && !row.isRoot ? label.lastIndexOf('@') : -1;
	const shown = at > 0 ? `${label.slice(0, at + 1)}${palette.chalk.dim('~')}${label.slice(at + 1)}` : label;
	let name = room > 0 ? cliTruncate(shown, Math.max(1, room)) : '';
	if (data.match) name = palette.chalk.underline(name);
	if (row.isRoot) name = palette.chalk.bold(name);
	else if (data.report && (data.report.risk === 'critical' || data.report.risk === 'high'))
		name = palette.level(data.report.risk, name);
	return fit(indent + twisty + name + palette.chalk.dim(suffix), layout.nameWidth);
}

/** One tree line as a single pre-coloured string (ink renders it as one Text: cheap per frame). */
export function formatRow(
	row: TreeRow,
	label: string,
	data: RowData,
	layout: ColumnLayout,
	palette: Palette,
): string {
	const gutter = (data.cursor ? '›' : ' ') + (data.marked ? '•' : ' ');
	let line = gutter + nameCell(row, label, layout, palette, data);
	for (const column of layout.columns) line += ` ${cell(column, data, row.isRoot, palette)}`;
	line = fit(line, layout.width);
	return data.cursor ? palette.chalk.inverse(line) : line;
}

/** The column titles, aligned with formatRow. */
export function formatColumnHeader(layout: ColumnLayout, palette: Palette, title: string): string {
	let line = ' '.repeat(gutterWidth) + fit(title, layout.nameWidth);
	for (const column of layout.columns) {
		const width = columnWidths[column] - 1;
		line += ` ${fit(columnTitles[column], width, rightAligned.has(column) ? 'right' : 'left')}`;
	}

	return palette.chalk.dim(fit(line, layout.width));
}
