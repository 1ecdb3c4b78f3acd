import {Box} from 'ink';
import {useMemo} from 'react';
import type {PackageReport, Rollup} from '../../scoring/types.js';
import type {ColumnLayout} from '../format/columns.js';
import type {Palette} from '../format/palette.js';
import {formatColumnHeader, formatRow, labelOf, trimTrailingSpaces} from '../format/row.js';
import {sameRollup} from '../format/same-rollup.js';
import {effectiveSort} from '../state/reducer.js';
import type {UiState} from '../state/types.js';
import type {TreeRow} from '../tree/types.js';
import {Line, Lines} from './Line.js';

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
	readonly line: string;
};

/**
 * The column titles and ONLY the visible window of rows (the cost of a frame grows with rendered rows). Each row's
 * line is kept while what it shows is unchanged: moving the cursor formats the two rows it leaves and enters, not
 * the whole window; a flush formats the rows whose report or roll-up changed.
 */
export function TreeView({state, layout, palette, height, now}: TreeViewProps) {
	const {rows, scrollTop, cursor, data, marks, search, graph, view} = state;
	const current = search.index >= 0 ? search.matches[search.index] : undefined;
	const scanning = data.scanning;
	const advisoriesPending = data.progress?.advisories?.state === 'fetching';
	// Lines by row key, valid for these shared inputs; a new set of them starts a new cache.
	// biome-ignore lint/correctness/useExhaustiveDependencies: the inputs every line depends on
	const cache = useMemo(
		() => new Map<string, CachedLine>(),
		[graph, layout, palette, now, scanning, advisoriesPending, view.matches],
	);
	const lines = useMemo(() => {
		const result: Array<{key: string; line: string}> = [];
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
				result.push({key: row.key, line: known.line});
				continue;
			}

			const node = graph.packages.get(row.id);
			const formatted = formatRow(
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
					now,
				},
				layout,
				palette,
			);
			// The cursor's row keeps its padding: the selection bar spans the width.
			const line = index === cursor ? formatted : trimTrailingSpaces(formatted);
			cache.set(row.key, {row, report, rollup, flags, line});
			result.push({key: row.key, line});
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
	]);
	const rowLines = useMemo(() => lines.map((item) => item.line), [lines]);
	return (
		<Box flexDirection="column" height={height + 1} width={layout.width}>
			<Line text={formatColumnHeader(layout, palette, treeTitle(state))} width={layout.width} />
			<Lines lines={rowLines} width={layout.width} />
		</Box>
	);
}
