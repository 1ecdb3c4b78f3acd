import {type ColumnName, columnNames} from '../config/settings.js';
import {idealTreeWidth} from './format/columns.js';
import type {TerminalSize} from './state/types.js';

/** How the screen is shared. Pure, so the reducer can window the tree (and map mouse clicks) without rendering. */
export type Layout = {
	/** Lines available to the app: one less than the terminal, so ink never reaches the last line (flicker). */
	readonly height: number;
	/** Tree rows on screen. */
	readonly treeHeight: number;
	/** Lines of the summary under the tree (the selected package, hints). */
	readonly summaryLines: number;
	/** A separator line (sort, filter, position) between the tree and the summary. */
	readonly separator: boolean;
	/** Lines available to a full-height view (detail, why-paths, publishers, help) between header and footer. */
	readonly bodyHeight: number;
	/** Columns of the tree: the whole width, or the left part when a side detail pane is shown. */
	readonly treeWidth: number;
	/** Columns of the side detail pane (lazygit-style, on wide terminals); 0 = none. */
	readonly sideWidth: number;
};

/** Screen line (0-based) of the first tree row: under the header and the column titles. */
export const firstTreeLine = 2;
/** The side pane needs this many columns to be worth it. */
const minSideWidth = 56;

export function computeLayout(size: TerminalSize, columns: readonly ColumnName[] = columnNames): Layout {
	const height = Math.max(4, size.rows - 1);
	const ideal = idealTreeWidth(columns);
	const side = height >= 15 && size.columns >= ideal + 1 + minSideWidth;
	const treeWidth = side ? ideal : size.columns;
	// With a side pane showing the selected package, the summary under the tree is just the prompt line.
	const summaryLines = side ? 1 : height >= 15 ? 3 : 1;
	const separator = height >= 15;
	return {
		height,
		treeHeight: Math.max(1, height - 2 - (separator ? 1 : 0) - summaryLines),
		summaryLines,
		separator,
		bodyHeight: Math.max(1, height - 2),
		treeWidth,
		sideWidth: side ? size.columns - treeWidth - 1 : 0,
	};
}
