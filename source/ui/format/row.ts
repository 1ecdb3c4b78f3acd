import cliTruncate from 'cli-truncate';
import type {DependencyGraph, PackageSource} from '../../graph/types.js';
import type {PackageReport, Rollup} from '../../scoring/types.js';
import {sanitizeText} from '../../text/sanitize.js';
import type {TreeRow} from '../tree/types.js';
import {type ColumnLayout, columnDefs, gutterWidth} from './columns.js';
import type {Palette} from './palette.js';
import {textWidth} from './text-width.js';

/** Pad or cut plain-or-coloured text to exactly `width` cells. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	if (width <= 0) return '';
	const length = textWidth(text);
	if (length > width) return cliTruncate(text, width);
	const padding = ' '.repeat(width - length);
	return align === 'left' ? text + padding : padding + text;
}

/**
 * The line without its trailing blanks (kept before any closing style codes). ink measures and tokenises every
 * character of every line of every frame, one grapheme at a time once a line holds anything but ASCII: the
 * padding that lines rows up costs as much as the text, and the screen looks the same without it.
 */
export function trimTrailingSpaces(line: string): string {
	return line.replace(/ +((?:\u001B\[[0-9;]*m)*)$/, '$1');
}

/** What one row needs to know besides the tree shape. */
export type RowData = {
	readonly report: PackageReport | undefined;
	/** Roll-up over the shown graph. */
	readonly rollup: Rollup | undefined;
	/** The scan is still running (no report yet means "…", not "unknown"). */
	readonly scanning: boolean;
	/** The advisory lookup is still running (ADV shows "…" until its answer). */
	readonly advisoriesPending?: boolean;
	readonly cursor: boolean;
	readonly marked: boolean;
	/** The current search match (bold and underlined). */
	readonly match: boolean;
	/** Another search match (underlined). */
	readonly matched?: boolean;
	/** Reachable only through dev dependencies (shown as a dim `dev` tag). */
	readonly dev?: boolean;
	/** The version was chosen by commit-tui, not a lockfile (a dim `~` before the version). */
	readonly resolved?: boolean;
	/** Shown only as an ancestor of what the filter selects: the whole row is dim. */
	readonly context?: boolean;
	/** Looked up in a registry (default true): a git or file dependency shows `?`, never `…`. */
	readonly lookedUp?: boolean;
	/** Where the package comes from (a workspace, path or git one's RISK says `local` or `git`). */
	readonly source?: PackageSource;
	readonly now: Date;
};

/** A package or root label, sanitised (names come from lockfiles and registries: untrusted). */
export function labelOf(graph: DependencyGraph, id: string): string {
	const node = graph.packages.get(id);
	if (node) return sanitizeText(`${node.name}@${node.version}`);
	const root = graph.roots.find((item) => item.id === id);
	if (!root) return sanitizeText(id);
	// Several lockfiles in one folder usually share the project's name: say which file each root is.
	// A --package root is named by its spec, which is also its "lockfile": once is enough.
	return sanitizeText(
		graph.roots.length > 1 && !isPackageSpecRoot(root) ? `${root.name} (${root.lockfile})` : root.name,
	);
}

/** A root asked for with `--package`: its spec is both its name and its "lockfile". */
export function isPackageSpecRoot(root: {readonly name: string; readonly lockfile: string}): boolean {
	return root.lockfile === root.name;
}

/**
 * Indentation for a depth. Two cells a level while that stays within 2/5 of the name column, one cell a level
 * after that up to half of it, and past that the depth as a number (`13›`) in place of the indentation: a child
 * is always drawn to the right of its parent or with a higher number — never at its parent's indent.
 */
export function indentFor(depth: number, nameWidth: number): {readonly text: string; readonly label: string} {
	const soft = Math.max(2, Math.floor((nameWidth * 2) / 5));
	const hard = Math.max(soft, Math.floor(nameWidth / 2));
	const twoCellLevels = Math.floor(soft / 2);
	if (depth <= twoCellLevels) return {text: ' '.repeat(depth * 2), label: ''};
	const cells = twoCellLevels * 2 + (depth - twoCellLevels);
	if (cells <= hard) return {text: ' '.repeat(cells), label: ''};
	const label = `${depth}›`;
	return {text: ' '.repeat(Math.max(0, hard - label.length)), label};
}

/** The name cell: indentation, ▾/▸, name@version and the cycle/deduped/dev tags. */
function nameCell(
	row: TreeRow,
	label: string,
	layout: ColumnLayout,
	palette: Palette,
	data: RowData,
): string {
	const indent = indentFor(row.depth, layout.nameWidth);
	const twisty = row.marker === 'cycle' ? '↻ ' : row.hasChildren ? (row.expanded ? '▾ ' : '▸ ') : '  ';
	const marker = row.marker === 'cycle' ? ' (cycle)' : row.marker === 'deduped' ? ' (deduped)' : '';
	const suffix = `${marker}${data.dev ? ' dev' : ''}`;
	const room = layout.nameWidth - 1 - textWidth(indent.text + indent.label + twisty) - textWidth(suffix);
	// `requests@~2.32.3`: the `~` says commit-tui resolved this version (no lockfile fixed it).
	const at = data.resolved && !row.isRoot ? label.lastIndexOf('@') : -1;
	const shown = at > 0 ? `${label.slice(0, at + 1)}${palette.dim('~')}${label.slice(at + 1)}` : label;
	let name = room > 0 ? cliTruncate(shown, Math.max(1, room)) : '';
	if (data.match) name = palette.bold(palette.underline(name));
	else if (data.matched) name = palette.underline(name);
	if (row.isRoot) name = palette.bold(name);
	else if (data.report && (data.report.risk === 'critical' || data.report.risk === 'high'))
		name = palette.level(data.report.risk, name);
	return fit(indent.text + palette.dim(indent.label) + twisty + name + palette.dim(suffix), layout.nameWidth);
}

/**
 * The pieces a row is made of, each already as wide as its place: the gutter and the name cell, then a space and the
 * cell of each column. Not yet fitted to the layout's width, nor dimmed or reversed as a whole.
 */
function rowCells(
	row: TreeRow,
	label: string,
	data: RowData,
	layout: ColumnLayout,
	palette: Palette,
): string[] {
	const gutter = (data.cursor ? '›' : ' ') + (data.marked ? '•' : ' ');
	const cells = [gutter + nameCell(row, label, layout, palette, data)];
	const input = {
		report: data.report,
		rollup: data.rollup,
		scanning: data.scanning,
		isRoot: row.isRoot,
		lookedUp: data.lookedUp !== false,
		...(data.source ? {source: data.source} : {}),
		advisoriesPending: data.advisoriesPending === true,
		now: data.now,
		palette,
	};
	// A package no registry holds has no publishers, downloads or releases: its RISK says what it is (`local`,
	// `git`), the rest stays blank rather than a row of `?` (nothing failed to arrive).
	const unpublished =
		!row.isRoot && data.source !== undefined && data.source !== 'registry' && !data.report?.facts;
	for (const column of layout.columns) {
		const def = columnDefs[column];
		const text = (row.isRoot && !def.roots) || (unpublished && column !== 'risk') ? '' : def.cell(input);
		cells.push(` ${fit(text, def.width - 1, def.align)}`);
	}

	return cells;
}

/** The row's own look over the whole of it (or over each piece of it: the same cells either way). */
function rowStyle(text: string, data: RowData, palette: Palette): string {
	const line = data.context && !data.cursor ? palette.dim(text) : text;
	return data.cursor ? palette.inverse(line) : line;
}

/** One tree line as a single pre-coloured string (ink renders it as one Text: cheap per frame). */
export function formatRow(
	row: TreeRow,
	label: string,
	data: RowData,
	layout: ColumnLayout,
	palette: Palette,
): string {
	return rowStyle(fit(rowCells(row, label, data, layout, palette).join(''), layout.width), data, palette);
}

/**
 * The cells each piece of a row takes (see `formatRowPieces`): the gutter with the name, then each column; the last
 * one also takes what the columns leave of the width. Null when the columns do not fit in the width (the line is
 * then cut as a whole, so it stays one piece).
 */
export function rowPieceWidths(layout: ColumnLayout): number[] | null {
	const widths = [
		gutterWidth + layout.nameWidth,
		...layout.columns.map((column) => columnDefs[column].width),
	];
	const used = widths.reduce((sum, width) => sum + width, 0);
	if (used > layout.width) return null;
	widths[widths.length - 1]! += layout.width - used;
	return widths;
}

/**
 * `formatRow` cut where its columns start: piece `i` is drawn at the column `rowPieceWidths` puts it at, and the
 * pieces side by side make the same cells as the one line. Drawn as a column of pieces each, a row's blanks
 * between columns need not be written (ink writes and tokenises every character it is given, blanks too, at
 * every frame), and a piece that repeats down the column (`GOOD`, `7mo`) is tokenised once a frame.
 */
export function formatRowPieces(
	row: TreeRow,
	label: string,
	data: RowData,
	layout: ColumnLayout,
	palette: Palette,
): string[] {
	const widths = rowPieceWidths(layout);
	if (!widths) return [formatRow(row, label, data, layout, palette)];
	const cells = rowCells(row, label, data, layout, palette);
	const last = cells.length - 1;
	return cells.map((cell, index) =>
		rowStyle(index === last ? fit(cell, widths[index]!) : cell, data, palette),
	);
}

/** The column titles' pieces, as `formatRowPieces` cuts a row (one piece when the columns do not fit). */
function columnHeaderCells(layout: ColumnLayout, title: string): string[] {
	const cells = [' '.repeat(gutterWidth) + fit(title, layout.nameWidth)];
	for (const column of layout.columns) {
		const def = columnDefs[column];
		cells.push(` ${fit(def.title, def.width - 1, def.align)}`);
	}

	return cells;
}

/** The column titles, aligned with formatRow. */
export function formatColumnHeader(layout: ColumnLayout, palette: Palette, title: string): string {
	return palette.dim(fit(columnHeaderCells(layout, title).join(''), layout.width));
}

/** The column titles cut as `formatRowPieces` cuts a row. */
export function formatColumnHeaderPieces(layout: ColumnLayout, palette: Palette, title: string): string[] {
	const widths = rowPieceWidths(layout);
	if (!widths) return [formatColumnHeader(layout, palette, title)];
	const cells = columnHeaderCells(layout, title);
	const last = cells.length - 1;
	return cells.map((cell, index) => palette.dim(index === last ? fit(cell, widths[index]!) : cell));
}
