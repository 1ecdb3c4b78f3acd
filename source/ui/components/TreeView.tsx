import {Box, Text} from 'ink';
import {memo, useMemo} from 'react';
import type {ColumnLayout} from '../format/columns.js';
import type {Palette} from '../format/palette.js';
import {formatColumnHeader, formatRow, labelOf} from '../format/row.js';
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

/** The column titles and ONLY the visible window of rows (the cost of a frame grows with rendered rows). */
export function TreeView({state, layout, palette, height, now}: TreeViewProps) {
	const {rows, scrollTop, cursor, data, marks, search, graph} = state;
	const current = search.index >= 0 ? search.matches[search.index] : undefined;
	const lines = useMemo(() => {
		const result: Array<{key: string; line: string}> = [];
		const end = Math.min(rows.length, scrollTop + height);
		for (let index = scrollTop; index < end; index++) {
			const row = rows[index]!;
			const line = formatRow(
				row,
				labelOf(graph, row.id),
				{
					report: data.reports.get(row.id),
					rollup: data.rollups.get(row.id),
					scanning: data.scanning,
					cursor: index === cursor,
					marked: marks.has(row.id),
					match: row.id === current,
					dev: graph.packages.get(row.id)?.dev ?? false,
					resolved: graph.packages.get(row.id)?.locked === false,
					now,
				},
				layout,
				palette,
			);
			result.push({key: row.key, line});
		}

		return result;
	}, [rows, scrollTop, cursor, data, marks, current, graph, height, layout, palette, now]);
	const sortLabel = state.sort === 'tree' ? 'PACKAGE' : `PACKAGE (sorted by ${state.sort})`;
	return (
		<Box flexDirection="column" height={height + 1}>
			<Text wrap="truncate">{formatColumnHeader(layout, palette, sortLabel)}</Text>
			{lines.map((item) => (
				<Row key={item.key} line={item.line} />
			))}
		</Box>
	);
}
