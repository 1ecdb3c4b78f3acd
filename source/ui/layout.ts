import type {TerminalSize} from './state/types.js';

/** How the screen's height is shared. Pure, so the reducer can window the tree without rendering. */
export type Layout = {
	/** Lines available to the app: one less than the terminal, so ink never reaches the last line (flicker). */
	readonly height: number;
	/** Tree rows on screen. */
	readonly treeHeight: number;
	/** Lines of the summary under the tree (the selected package, hints). */
	readonly summaryLines: number;
	/** Lines available to a full-height view (detail, why-paths, publishers, help) between header and footer. */
	readonly bodyHeight: number;
};

export function computeLayout(size: TerminalSize): Layout {
	const height = Math.max(4, size.rows - 1);
	const summaryLines = height >= 15 ? 3 : 1;
	const separator = summaryLines === 3 ? 1 : 0;
	return {
		height,
		treeHeight: Math.max(1, height - 2 - separator - summaryLines),
		summaryLines,
		bodyHeight: Math.max(1, height - 2),
	};
}
