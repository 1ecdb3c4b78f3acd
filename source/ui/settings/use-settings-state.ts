import {
	formatSettingValue,
	parseSettingValue,
	resetSetting,
	type SettingDescriptor,
	settingsWarnings,
} from '../../config/descriptors.js';
import {defaultSettings, type Settings} from '../../config/settings.js';
import {lineAtCursor, selectableLineIndexes, settingsLines, toggleColumn} from './settings-rows.js';

/**
 * The settings screen's state and its pure reducer. No React here: the component feeds it actions from
 * `useInput` and applies the result (new settings → `onChange`, `close` → `onClose`).
 */

/** An inline edit of a number / text / URL setting. */
export type EditState = {
	readonly text: string;
	/** Caret position in `text` (0 … text.length). */
	readonly caret: number;
	/** Why the last Enter was refused; null until then. */
	readonly error: string | null;
};

export type SettingsState = {
	/** Index into the selectable lines. */
	readonly cursor: number;
	/** First line of `settingsLines` shown in the window. */
	readonly scrollTop: number;
	readonly editing: EditState | null;
	/** A short confirmation after a change ("concurrency reset to 8"); cleared by the next key. */
	readonly notice: string | null;
};

export type SettingsAction =
	| {readonly type: 'move'; readonly delta: number}
	| {readonly type: 'first'}
	| {readonly type: 'last'}
	/** Enter: toggle / cycle, or start editing (or save the edit). */
	| {readonly type: 'activate'}
	/** Space: toggle / cycle only. */
	| {readonly type: 'toggle'}
	| {readonly type: 'reset'}
	/** Esc / q: cancel the edit, else close. */
	| {readonly type: 'back'}
	| {readonly type: 'insert'; readonly text: string}
	| {readonly type: 'deleteBackward'}
	| {readonly type: 'deleteForward'}
	| {readonly type: 'caret'; readonly to: 'left' | 'right' | 'start' | 'end'};

/** What an action did: the next state, new settings to apply (null = unchanged), whether to close. */
export type SettingsTransition = {
	readonly state: SettingsState;
	readonly settings: Settings | null;
	readonly close: boolean;
};

/** What the settings overlay shows around its list: the title, the key hints, the description/error lines. */
export type SettingsChrome = {readonly title: boolean; readonly hints: boolean; readonly status: number};

/**
 * The chrome for an overlay of `height` lines. The list keeps at least one row on a short terminal: the status lines
 * (two where they fit: a description wraps) go first, then the key hints, then the title.
 */
export function settingsChrome(height: number): SettingsChrome {
	let left = Math.max(0, height - 1);
	const take = (count: number) => {
		const taken = Math.min(count, left);
		left -= taken;
		return taken;
	};

	return {title: take(1) === 1, hints: take(1) === 1, status: take(2)};
}

/** Lines of the settings list for an overlay of `height` lines (the reducer keeps the cursor inside them). */
export function settingsListHeight(height: number): number {
	const chrome = settingsChrome(height);
	return Math.max(1, height - Number(chrome.title) - Number(chrome.hints) - chrome.status);
}

export const initialSettingsState: SettingsState = {cursor: 0, scrollTop: 0, editing: null, notice: null};

/**
 * Apply one action. `listHeight` is how many lines the list window has, so the cursor stays visible
 * (its group header too, when it fits).
 */
export function settingsReducer(
	state: SettingsState,
	action: SettingsAction,
	settings: Settings,
	listHeight: number,
): SettingsTransition {
	const result = (next: Partial<SettingsState>, changed: Settings | null = null, close = false) => {
		const merged: SettingsState = {...state, notice: null, ...next};
		return {state: scrollToCursor(merged, listHeight), settings: changed, close};
	};

	if (state.editing) return editReducer(state, state.editing, action, settings, result);

	const line = lineAtCursor(state.cursor);
	const last = selectableLineIndexes.length - 1;
	switch (action.type) {
		case 'move':
			return result({cursor: clamp(state.cursor + action.delta, 0, last)});
		case 'first':
			return result({cursor: 0});
		case 'last':
			return result({cursor: last});
		case 'back':
			return result({}, null, true);
		case 'reset': {
			if (line.kind === 'column') {
				const shownByDefault = defaultSettings.columns.includes(line.column);
				const shown = settings.columns.includes(line.column);
				const columns =
					shown === shownByDefault ? settings.columns : toggleColumn(settings.columns, line.column);
				return result({notice: `${line.column} column back to default`}, {...settings, columns});
			}

			const next = resetSetting(settings, line.descriptor);
			return result({notice: `${line.descriptor.label}: back to default`}, next);
		}

		case 'toggle':
		case 'activate': {
			if (line.kind === 'column') {
				return result({}, {...settings, columns: toggleColumn(settings.columns, line.column)});
			}

			const {descriptor} = line;
			const kind = descriptor.kind;
			if (kind.type === 'boolean') return result({}, descriptor.set(settings, !descriptor.get(settings)));
			if (kind.type === 'enum') {
				const current = kind.values.indexOf(descriptor.get(settings) as string);
				return result({}, descriptor.set(settings, kind.values[(current + 1) % kind.values.length]!));
			}

			if (action.type === 'toggle') return result({});
			const text = formatSettingValue(descriptor, descriptor.get(settings));
			return result({editing: {text, caret: text.length, error: null}});
		}

		default:
			// Typing outside an edit does nothing (the component maps letters to actions first).
			return result({});
	}
}

type Result = (
	next: Partial<SettingsState>,
	changed?: Settings | null,
	close?: boolean,
) => SettingsTransition;

function editReducer(
	state: SettingsState,
	editing: EditState,
	action: SettingsAction,
	settings: Settings,
	result: Result,
): SettingsTransition {
	const edit = (next: Partial<EditState>) => result({editing: {...editing, ...next}});
	const {text, caret} = editing;
	switch (action.type) {
		case 'insert': {
			const typed = cleanTyped(action.text);
			return edit({text: text.slice(0, caret) + typed + text.slice(caret), caret: caret + typed.length});
		}

		case 'deleteBackward':
			if (caret === 0) return edit({});
			return edit({text: text.slice(0, caret - 1) + text.slice(caret), caret: caret - 1});
		case 'deleteForward':
			return edit({text: text.slice(0, caret) + text.slice(caret + 1)});
		case 'caret': {
			const to = {left: caret - 1, right: caret + 1, start: 0, end: text.length}[action.to];
			return edit({caret: clamp(to, 0, text.length)});
		}

		case 'back':
			return result({editing: null});
		case 'activate': {
			const descriptor = editedDescriptor(state);
			const parsed = parseSettingValue(descriptor, text);
			if (!parsed.ok) return edit({error: parsed.error});
			const next = descriptor.set(settings, parsed.value);
			// Saved anyway (the user may be changing related settings one at a time), but said.
			const warning = settingsWarnings(next)[0];
			return result(
				{editing: null, notice: `${descriptor.label} saved${warning ? ` · note: ${warning}` : ''}`},
				next,
			);
		}

		default:
			// Moving, toggling and resetting wait until the edit is saved or cancelled.
			return edit({});
	}
}

function editedDescriptor(state: SettingsState): SettingDescriptor {
	const line = lineAtCursor(state.cursor);
	if (line.kind !== 'setting') throw new Error('only settings are edited inline');
	return line.descriptor;
}

/** Typed or pasted text, without line breaks or control characters. */
function cleanTyped(text: string): string {
	return text.replace(/[\u0000-\u001F\u007F-\u009F]/g, '');
}

function scrollToCursor(state: SettingsState, listHeight: number): SettingsState {
	const height = Math.max(1, listHeight);
	const line = selectableLineIndexes[state.cursor]!;
	// Show the group header above the first setting of a group when it fits.
	const previous = settingsLines[line - 1];
	const top = previous?.kind === 'header' ? line - 1 : line;
	let scrollTop = state.scrollTop;
	if (top < scrollTop) scrollTop = top;
	if (line >= scrollTop + height) scrollTop = line - height + 1;
	scrollTop = clamp(scrollTop, 0, Math.max(0, settingsLines.length - height));
	return scrollTop === state.scrollTop ? state : {...state, scrollTop};
}

function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}
