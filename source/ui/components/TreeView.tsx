import {Box} from 'ink';
import {useMemo, useRef} from 'react';
import type {PackageReport, Rollup} from '../../scoring/types.js';
import type {ColumnLayout} from '../format/columns.js';
import type {Palette} from '../format/palette.js';
import {
	formatColumnHeaderPieces,
	formatRowPieces,
	labelOf,
	rowPieceWidths,
	trimTrailingSpaces,
} from '../format/row.js';
import {sameRollup} from '../format/same-rollup.js';
import {effectiveSort} from '../state/reducer.js';
import type {UiState} from '../state/types.js';
import type {TreeRow} from '../tree/types.js';
import {Column} from './Line.js';

export type TreeViewProps = {
	readonly state: UiState;
	readonly layout: ColumnLayout;
	readonly palette: Palette;
	readonly height: number;
	readonly now: Date;
};

/** `PACKAGE`, `PACKAGE (sorted by risk)`, `PACKAGES (flat, sorted by risk)`, `PACKAGE (direct only)`. */
function treeTitle(state: UiState): string {
	const sort = effectiveSort(state);
	const parts: string[] = [];
	if (state.viewKind === 'flat') parts.push('flat');
	if (state.viewKind === 'direct') parts.push('direct only');
	if (sort !== 'tree') parts.push(`sorted by ${sort}`);
	const noun = state.viewKind === 'flat' ? 'PACKAGES' : 'PACKAGE';
	return parts.length === 0 ? noun : `${noun} (${parts.join(', ')})`;
}

/** What a row's line depends on besides the shared inputs (a line is reused while all of them are the same). */
type CachedLine = {
	readonly row: TreeRow;
	readonly report: PackageReport | undefined;
	readonly rollup: Rollup | undefined;
	readonly flags: number;
	/** The row cut at its columns (see `formatRowPieces`). */
	readonly pieces: readonly string[];
};

/**
 * The column titles and ONLY the visible window of rows (the cost of a frame grows with rendered rows). Each row's
 * line is kept while what it shows is unchanged: moving the cursor formats the two rows it leaves and enters, not
 * the whole window; a flush formats the rows whose report or roll-up changed. The window is drawn as a column of
 * pieces per table column, side by side (see `formatRowPieces`): the same cells as a line per row, with a third
 * fewer characters for ink to write at every frame.
 */
export function TreeView({state, layout, palette, height, now}: TreeViewProps) {
	const {rows, scrollTop, cursor, data, marks, search, graph, view} = state;
	const current = search.places[search.index]?.id;
	const scanning = data.scanning;
	const advisoriesPending = data.progress?.advisories?.state === 'fetching';
	// Lines by row key, valid for these shared inputs; a new set of them starts a new cache.
	// biome-ignore lint/correctness/useExhaustiveDependencies: the inputs every line depends on
	const cache = useMemo(
		() => new Map<string, CachedLine>(),
		[graph, layout, palette, now, scanning, advisoriesPending, view.matches],
	);
	// A terminal that shows no reverse video (a pipe, a test stream) has no bar: the cursor's padding draws nothing.
	const bar = palette.inverse(' ') !== ' ';
	const lines = useMemo(() => {
		const result: Array<{key: string; pieces: readonly string[]}> = [];
		const end = Math.min(rows.length, scrollTop + height);
		for (let index = scrollTop; index < end; index++) {
			const row = rows[index]!;
			const report = data.reports.get(row.id);
			const rollup = view.rollups.get(row.id);
			const context = view.matches !== null && !row.isRoot && !view.matches.has(row.id);
			const flags =
				(index === cursor ? 1 : 0) |
				(marks.has(row.id) ? 2 : 0) |
				(row.id === current ? 4 : 0) |
				(search.matchSet.has(row.id) ? 8 : 0) |
				(context ? 16 : 0);
			const known = cache.get(row.key);
			if (
				known &&
				known.row === row &&
				known.report === report &&
				sameRollup(known.rollup, rollup) &&
				known.flags === flags
			) {
				result.push({key: row.key, pieces: known.pieces});
				continue;
			}

			const node = graph.packages.get(row.id);
			const formatted = formatRowPieces(
				row,
				labelOf(graph, row.id),
				{
					report,
					rollup,
					scanning,
					advisoriesPending,
					cursor: index === cursor,
					marked: marks.has(row.id),
					match: row.id === current,
					matched: search.matchSet.has(row.id),
					dev: node?.dev ?? false,
					resolved: node?.locked === false,
					context,
					lookedUp: !node?.source || node.source === 'registry',
					...(node?.source ? {source: node.source} : {}),
					now,
				},
				layout,
				palette,
			);
			// The cursor's row keeps its padding where there is a selection bar to span the width.
			const pieces = index === cursor && bar ? formatted : formatted.map(trimTrailingSpaces);
			cache.set(row.key, {row, report, rollup, flags, pieces});
			result.push({key: row.key, pieces});
		}

		// Only the window is kept: a long scroll does not grow the cache.
		if (cache.size > height * 4) {
			const shown = new Set(result.map((item) => item.key));
			for (const key of cache.keys()) if (!shown.has(key)) cache.delete(key);
		}

		return result;
	}, [
		cache,
		rows,
		scrollTop,
		cursor,
		data,
		view,
		marks,
		current,
		search.matchSet,
		graph,
		height,
		layout,
		palette,
		now,
		scanning,
		advisoriesPending,
		bar,
	]);
	const title = treeTitle(state);
	// A column whose lines are all as before is the same array: React leaves it (and ink its layout) alone. Moving
	// the cursor within the window changes the gutter's column and, with a selection bar, the two rows it spans.
	const previous = useRef<readonly (readonly string[])[]>([]);
	const columns = useMemo(() => {
		const header = formatColumnHeaderPieces(layout, palette, title).map(trimTrailingSpaces);
		const made = header.map((text, column) => [text, ...lines.map((item) => item.pieces[column] ?? '')]);
		return made.map((column, index) => {
			const before = previous.current[index];
			return before && sameLines(before, column) ? before : column;
		});
	}, [layout, palette, title, lines]);
	previous.current = columns;
	const widths = useMemo(() => rowPieceWidths(layout) ?? [layout.width], [layout]);
	return (
		<Box flexDirection="row" height={height + 1} width={layout.width}>
			{columns.map((column, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: the table's columns, in order
				<Column key={index} lines={column} width={widths[index]!} />
			))}
		</Box>
	);
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((line, index) => line === b[index]);
}
