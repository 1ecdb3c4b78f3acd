import {Box, Text} from 'ink';
import {useEffect, useRef, useState} from 'react';
import {
	defaultValueOf,
	describeAllowed,
	formatSettingValue,
	type SettingDescriptor,
	type SettingValue,
} from '../../config/descriptors.js';
import type {Settings} from '../../config/settings.js';
import {fit} from '../format/row.js';
import {wrapLines} from '../format/wrap.js';
import {useKeyPresses} from '../input/use-key-presses.js';
import {settingsKeyAction} from './settings-keys.js';
import {isChanged, lineAtCursor, type SettingsLine, settingsLines} from './settings-rows.js';
import {
	type EditState,
	initialSettingsState,
	type SettingsState,
	settingsChrome,
	settingsListHeight,
	settingsReducer,
} from './use-settings-state.js';

export type SettingsScreenProps = {
	/** The settings in force. The screen shows these and reports every change through `onChange`. */
	readonly settings: Settings;
	/** A setting changed: the app persists it (saveSettings) and applies it live. */
	readonly onChange: (settings: Settings) => void;
	/** Esc or q outside an edit. */
	readonly onClose: () => void;
	/** Columns available. */
	readonly width: number;
	/** Lines available (the whole overlay, title and key hints included). */
	readonly height: number;
	/**
	 * Whether this screen receives keys (the app routes input to one overlay at a time).
	 *
	 * @default true
	 */
	readonly isActive?: boolean;
	/**
	 * Colour on. Levels and states are words as well, so everything reads without colour.
	 *
	 * @default settings.color, and off when NO_COLOR is set
	 */
	readonly color?: boolean;
};

/**
 * The label column: most labels fit with a gap; a longer one ("crates.io: Downloads (weekly:points)") is followed
 * by one space instead of being cut. Narrower on an 80-column terminal so the long tier values fit whole.
 */
function labelText(label: string, width: number): string {
	const column = width < 100 ? 30 : 38;
	return label.length < column ? label.padEnd(column) : `${label} `;
}

/**
 * The settings overlay (`,`) as a self-contained component: every setting grouped, edited in place. Booleans
 * and enums toggle/cycle with Enter or Space, numbers/text/URLs are edited inline with validation, columns are
 * toggles, `r` resets the highlighted setting, Esc/q closes. The app itself keeps this state in its reducer
 * and draws `SettingsView` (one input path); this wrapper is the same reducer behind its own input.
 */
export function SettingsScreen({
	settings,
	onChange,
	onClose,
	width,
	height,
	isActive = true,
	color = settings.color && process.env.NO_COLOR === undefined,
}: SettingsScreenProps) {
	const listHeight = settingsListHeight(height);
	const [state, setState] = useState<SettingsState>(initialSettingsState);
	// Several presses can arrive before React re-renders (a burst is split into presses in one call): read and
	// write the latest state and settings through refs so no press works on a stale copy.
	const stateRef = useRef(state);
	const settingsRef = useRef(settings);
	useEffect(() => {
		settingsRef.current = settings;
	}, [settings]);

	useKeyPresses(
		(press) => {
			const action = settingsKeyAction(press, stateRef.current.editing !== null);
			if (!action) return;
			const transition = settingsReducer(stateRef.current, action, settingsRef.current, listHeight);
			stateRef.current = transition.state;
			setState(transition.state);
			if (transition.settings) {
				settingsRef.current = transition.settings;
				onChange(transition.settings);
			}

			if (transition.close) onClose();
		},
		{isActive},
	);

	return <SettingsView settings={settings} state={state} width={width} height={height} color={color} />;
}

export type SettingsViewProps = {
	/** The settings in force. */
	readonly settings: Settings;
	/** Cursor, window and the edit in progress (`settingsReducer`). */
	readonly state: SettingsState;
	readonly width: number;
	/** Lines available (the whole overlay, title and key hints included). */
	readonly height: number;
	/** Colour on. Levels and states are words as well, so everything reads without colour. */
	readonly color: boolean;
};

/** The settings overlay as drawn: the grouped list windowed to the height, a status line and the key hints. */
export function SettingsView({settings, state, width, height, color}: SettingsViewProps) {
	const listHeight = settingsListHeight(height);
	const chrome = settingsChrome(height);
	// A resize can leave the cursor outside the old window: re-window on every render.
	const top = windowTop(state, listHeight);
	const visible = settingsLines.slice(top, top + listHeight);
	const current = lineAtCursor(state.cursor);
	const cursorLine = settingsLines.indexOf(current);

	return (
		<Box flexDirection="column" width={width} height={height}>
			{chrome.title && (
				<Text wrap="truncate-end">
					<Text bold>Settings</Text>
					<Text dimColor> · changes apply now and are saved for the next run</Text>
				</Text>
			)}
			<Box flexDirection="column" height={listHeight} flexShrink={0}>
				{visible.map((line, index) => (
					<SettingsLineView
						// biome-ignore lint/suspicious/noArrayIndexKey: lines are a fixed list; the index is its identity
						key={top + index}
						line={line}
						settings={settings}
						selected={top + index === cursorLine}
						editing={top + index === cursorLine ? state.editing : null}
						color={color}
						width={width}
					/>
				))}
			</Box>
			{/* Two lines: a setting's description wraps rather than being cut at 80 columns. */}
			{chrome.status > 0 && (
				<Box height={chrome.status} overflow="hidden">
					<StatusLine state={state} settings={settings} color={color} width={width} />
				</Box>
			)}
			{chrome.hints && (
				<Text wrap="truncate-end" dimColor>
					{state.editing
						? 'Enter save · Esc cancel · ←/→ move the caret · Backspace delete'
						: '↑/↓ move · Enter edit/toggle · Space toggle · r reset to default · Esc/q close'}
				</Text>
			)}
		</Box>
	);
}

function windowTop(state: SettingsState, listHeight: number): number {
	// The reducer keeps scrollTop in range for the height it last saw; the height may have changed since.
	const cursorLine = settingsLines.indexOf(lineAtCursor(state.cursor));
	let top = Math.min(state.scrollTop, Math.max(0, settingsLines.length - listHeight));
	if (cursorLine >= top + listHeight) top = cursorLine - listHeight + 1;
	if (cursorLine < top) top = cursorLine;
	return Math.max(0, top);
}

type LineViewProps = {
	readonly line: SettingsLine;
	readonly settings: Settings;
	readonly selected: boolean;
	readonly editing: EditState | null;
	readonly color: boolean;
	readonly width: number;
};

function SettingsLineView({line, settings, selected, editing, color, width}: LineViewProps) {
	if (line.kind === 'header') {
		return (
			<Text bold color={color ? 'cyan' : undefined} wrap="truncate-end">
				{line.group}
			</Text>
		);
	}

	const marker = selected ? '› ' : '  ';
	const label = line.kind === 'column' ? `${line.column.toUpperCase()} column` : line.descriptor.label;
	const changed = isChanged(line, settings);
	const defaultText =
		changed && line.kind === 'setting'
			? `  (default ${displayValue(line.descriptor, defaultValueOf(line.descriptor))})`
			: '';
	const value =
		line.kind === 'column'
			? settings.columns.includes(line.column)
				? '[x] shown'
				: '[ ] hidden'
			: displayValue(line.descriptor, line.descriptor.get(settings));

	return (
		<Text wrap="truncate-end" inverse={selected && !editing}>
			{marker}
			{labelText(label, width)}
			{editing ? (
				<EditText editing={editing} color={color} />
			) : (
				<Text color={color && changed ? 'yellow' : undefined}>{value}</Text>
			)}
			<Text dimColor>{editing ? '' : defaultText}</Text>
		</Text>
	);
}

/** The inline editor: the text with an inverse block as the caret. */
function EditText({editing, color}: {readonly editing: EditState; readonly color: boolean}) {
	const {text, caret} = editing;
	return (
		<Text color={color ? (editing.error ? 'red' : 'green') : undefined} underline>
			{text.slice(0, caret)}
			<Text inverse>{text[caret] ?? ' '}</Text>
			{text.slice(caret + 1)}
		</Text>
	);
}

function StatusLine({
	state,
	settings,
	color,
	width,
}: {
	readonly state: SettingsState;
	readonly settings: Settings;
	readonly color: boolean;
	readonly width: number;
}) {
	const lines = (text: string) => twoLines(text, width);
	if (state.editing?.error) {
		return (
			<Text color={color ? 'red' : undefined} wrap="wrap">
				{lines(`✗ ${state.editing.error}`)}
			</Text>
		);
	}

	if (state.notice) {
		return (
			<Text color={color ? 'green' : undefined} wrap="wrap">
				{lines(`✓ ${state.notice}`)}
			</Text>
		);
	}

	const line = lineAtCursor(state.cursor);
	const help =
		line.kind === 'column'
			? `${line.column.toUpperCase()} column: ${settings.columns.includes(line.column) ? 'shown' : 'hidden'} in the tree · Enter/Space toggles`
			: `${line.descriptor.description} · ${describeAllowed(line.descriptor.kind)}`;
	return <Text>{lines(help)}</Text>;
}

/** Text wrapped to at most two lines of `width`; the second ends in … when there is more. */
function twoLines(text: string, width: number): string {
	const [first = '', second, ...rest] = wrapLines([text], Math.max(10, width));
	if (second === undefined) return first;
	return `${first}\n${rest.length > 0 ? fit(`${second.trimEnd()} ${rest.map((part) => part.trim()).join(' ')}`, width) : second}`;
}

/** How a value reads on screen (the edit box shows the raw text form instead). */
function displayValue(descriptor: SettingDescriptor, value: SettingValue): string {
	const kind = descriptor.kind;
	if (kind.type === 'boolean') return value ? '[x] on' : '[ ] off';
	if (kind.type === 'enum') return `‹ ${String(value)} ›`;
	if (kind.type === 'url' && value === null) return '(from your npm config)';
	if (kind.type === 'string' && value === '') return '(current directory)';
	if (kind.type === 'rate-limits' && formatSettingValue(descriptor, value) === '') return '(none)';
	if (kind.type === 'number' && typeof value === 'number') return value.toLocaleString('en-US');
	return formatSettingValue(descriptor, value);
}
