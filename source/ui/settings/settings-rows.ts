import {
	defaultValueOf,
	type SettingDescriptor,
	type SettingGroup,
	settingDescriptors,
	settingGroups,
} from '../../config/descriptors.js';
import {type ColumnName, columnNames, defaultSettings, type Settings} from '../../config/settings.js';

/**
 * The lines of the settings screen: a header per group, then its settings. The tree columns are shown as
 * one toggle per column instead of a single comma-separated list.
 */
export type SettingsLine =
	| {readonly kind: 'header'; readonly group: SettingGroup}
	| {readonly kind: 'setting'; readonly descriptor: SettingDescriptor}
	| {readonly kind: 'column'; readonly column: ColumnName};

/** A line the cursor can stop on. */
export type SelectableLine = Exclude<SettingsLine, {kind: 'header'}>;

function buildLines(): SettingsLine[] {
	const lines: SettingsLine[] = [];
	for (const group of settingGroups) {
		lines.push({kind: 'header', group});
		for (const descriptor of settingDescriptors.filter((item) => item.group === group)) {
			if (descriptor.kind.type === 'list' && descriptor.key === 'columns') {
				for (const column of columnNames) lines.push({kind: 'column', column});
			} else {
				lines.push({kind: 'setting', descriptor});
			}
		}
	}

	return lines;
}

/** Every line, in screen order (fixed: the set of settings does not change at run time). */
export const settingsLines: readonly SettingsLine[] = buildLines();

/** Indexes into `settingsLines` of the lines the cursor can stop on. */
export const selectableLineIndexes: readonly number[] = settingsLines.flatMap((line, index) =>
	line.kind === 'header' ? [] : [index],
);

/** The selectable line at a cursor position (0 … selectableLineIndexes.length - 1). */
export function lineAtCursor(cursor: number): SelectableLine {
	return settingsLines[selectableLineIndexes[cursor]!] as SelectableLine;
}

/** The columns after switching one on or off; switched-on columns keep the default order. */
export function toggleColumn(columns: readonly ColumnName[], column: ColumnName): ColumnName[] {
	if (columns.includes(column)) return columns.filter((item) => item !== column);
	// Insert before the first shown column that comes after it in the default order.
	const rank = columnNames.indexOf(column);
	const before = columns.findIndex((item) => columnNames.indexOf(item) > rank);
	const next = [...columns];
	next.splice(before === -1 ? next.length : before, 0, column);
	return next;
}

/** Whether a line differs from its default (the screen marks changed settings). */
export function isChanged(line: SelectableLine, settings: Settings): boolean {
	if (line.kind === 'column') {
		return settings.columns.includes(line.column) !== defaultSettings.columns.includes(line.column);
	}

	return JSON.stringify(line.descriptor.get(settings)) !== JSON.stringify(defaultValueOf(line.descriptor));
}
