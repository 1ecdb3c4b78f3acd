import type {ColumnName} from '../../config/settings.js';

/** Width of each data column including its leading space, in display cells. */
export const columnWidths: Record<ColumnName, number> = {
	risk: 14,
	score: 6,
	pubs: 5,
	weekly: 8,
	trend: 10,
	last: 6,
	age: 6,
	adv: 6,
};

export const columnTitles: Record<ColumnName, string> = {
	risk: 'RISK',
	score: 'SCORE',
	pubs: 'PUBS',
	weekly: 'WEEKLY',
	trend: 'TREND',
	last: 'LAST',
	age: 'AGE',
	adv: 'ADV',
};

/** Columns that are right-aligned (numbers). */
export const rightAligned = new Set<ColumnName>(['score', 'pubs', 'weekly', 'last', 'age', 'adv']);

/** Cursor + mark gutter before the name. */
export const gutterWidth = 2;
/** The name column never gets narrower than this: columns are dropped first. */
export const minNameWidth = 24;
/** …nor wider than this: on a wide terminal the numbers stay next to the names they belong to. */
export const maxNameWidth = 72;

export type ColumnLayout = {
	readonly width: number;
	readonly nameWidth: number;
	readonly columns: readonly ColumnName[];
};

/** Fit the configured columns into the width, dropping them right-to-left when the terminal is narrow. */
export function fitColumns(width: number, wanted: readonly ColumnName[]): ColumnLayout {
	const columns = [...wanted];
	const used = () => columns.reduce((sum, column) => sum + columnWidths[column], 0);
	while (columns.length > 0 && gutterWidth + minNameWidth + used() > width) columns.pop();
	return {width, nameWidth: Math.max(4, Math.min(maxNameWidth, width - gutterWidth - used())), columns};
}
