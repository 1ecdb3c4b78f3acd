import {Box, Text} from 'ink';
import {memo, useMemo} from 'react';
import type {ColumnLayout} from '../format/columns.js';
import type {Palette} from '../format/palette.js';
import {formatColumnHeader, formatRow, labelOf} from '../format/row.js';
import {effectiveSort} from '../state/reducer.js';
import type {UiState} from '../state/types.js';

/** One pre-built line; memoised so unchanged rows cost nothing when the cursor moves. */
const Row = memo(function Row({line}: {readonly line: string}) {
	return <Text wrap="truncate">{line}</Text>;
});

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

/** The column titles and ONLY the visible window of rows (the cost of a frame grows with rendered rows). */
export function TreeView({state, layout, palette, height, now}: TreeViewProps) {
	const {rows, scrollTop, cursor, data, marks, search, graph, view} = state;
	const current = search.index >= 0 ? search.matches[search.index] : undefined;
	const lines = useMemo(() => {
		const result: Array<{key: string; line: string}> = [];
		const end = Math.min(rows.length, scrollTop + height);
		for (let index = scrollTop; index < end; index++) {
			const row = rows[index]!;
			const node = graph.packages.get(row.id);
			const line = formatRow(
				row,
				labelOf(graph, row.id),
				{
					report: data.reports.get(row.id),
					rollup: view.rollups.get(row.id),
					scanning: data.scanning,
					advisoriesPending: data.progress?.advisories?.state === 'fetching',
					cursor: index === cursor,
					marked: marks.has(row.id),
					match: row.id === current,
					matched: search.matchSet.has(row.id),
					dev: node?.dev ?? false,
					resolved: node?.locked === false,
					context: view.matches !== null && !row.isRoot && !view.matches.has(row.id),
					lookedUp: !node?.source || node.source === 'registry',
					now,
				},
				layout,
				palette,
			);
			result.push({key: row.key, line});
		}

		return result;
	}, [
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
	]);
	return (
		<Box flexDirection="column" height={height + 1} width={layout.width}>
			<Text wrap="truncate">{formatColumnHeader(layout, palette, treeTitle(state))}</Text>
			{lines.map((item) => (
				<Row key={item.key} line={item.line} />
			))}
		</Box>
	);
}
