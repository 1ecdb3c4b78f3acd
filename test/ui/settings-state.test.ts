import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {columnNames, defaultSettings, type Settings} from '../../source/config/settings.js';
import {
	lineAtCursor,
	selectableLineIndexes,
	settingsLines,
	toggleColumn,
} from '../../source/ui/settings/settings-rows.js';
import {
	initialSettingsState,
	type SettingsAction,
	type SettingsState,
	settingsReducer,
} from '../../source/ui/settings/use-settings-state.js';

/** Run actions from the initial state; return the final state and every settings change. */
function run(actions: SettingsAction[], listHeight = 10, settings: Settings = defaultSettings) {
	let state: SettingsState = initialSettingsState;
	let current = settings;
	let closed = false;
	const changes: Settings[] = [];
	for (const action of actions) {
		const next = settingsReducer(state, action, current, listHeight);
		state = next.state;
		if (next.settings) {
			current = next.settings;
			changes.push(current);
		}

		closed ||= next.close;
	}

	return {state, settings: current, changes, closed};
}

const cursorOf = (key: string) =>
	selectableLineIndexes.findIndex((index) => {
		const line = settingsLines[index]!;
		if (line.kind === 'setting') return line.descriptor.key === key;
		return line.kind === 'column' && `column:${line.column}` === key;
	});

describe('settings rows', () => {
	test('every group has a header followed by its settings; columns are one line each', () => {
		const headers = settingsLines.filter((line) => line.kind === 'header').map((line) => line.group);
		assert.deepEqual(headers, [
			'Thresholds',
			'Release evidence',
			'Score tiers',
			'Columns',
			'Sorting & dev deps',
			'Network',
			'Resolution',
			'Export',
			'Display',
		]);
		assert.equal(settingsLines.filter((line) => line.kind === 'column').length, columnNames.length);
		assert.equal(settingsLines[0]!.kind, 'header');
	});

	test('toggleColumn removes, and re-inserts in the default order', () => {
		assert.deepEqual(toggleColumn(['risk', 'weekly', 'last'], 'weekly'), ['risk', 'last']);
		assert.deepEqual(toggleColumn(['risk', 'last'], 'weekly'), ['risk', 'weekly', 'last']);
		assert.deepEqual(toggleColumn([], 'trend'), ['trend']);
		// A custom order from `config set columns` is kept; the new column goes before the first shown column
		// that follows it in the default order.
		assert.deepEqual(toggleColumn(['last', 'risk'], 'score'), ['score', 'last', 'risk']);
	});
});

describe('settingsReducer', () => {
	test('moving clamps at both ends', () => {
		assert.equal(run([{type: 'move', delta: -5}]).state.cursor, 0);
		const last = selectableLineIndexes.length - 1;
		assert.equal(run([{type: 'move', delta: 500}]).state.cursor, last);
		assert.equal(run([{type: 'last'}, {type: 'first'}]).state.cursor, 0);
	});

	test('the window keeps the cursor, and its group header, in view', () => {
		const height = 5;
		const cursor = cursorOf('column:risk');
		const {state} = run([{type: 'move', delta: cursor}], height);
		const line = selectableLineIndexes[cursor]!;
		assert.ok(state.scrollTop <= line && line < state.scrollTop + height);
		// Going back up to the first column shows the "Columns" header too.
		const {state: up} = run(
			[{type: 'last'}, {type: 'move', delta: cursor - (selectableLineIndexes.length - 1)}],
			height,
		);
		assert.equal(settingsLines[up.scrollTop]!.kind, 'header');
		assert.equal(lineAtCursor(up.cursor).kind, 'column');
	});

	test('editing: insert, caret moves, delete both ways; pasted control characters dropped; nothing saved yet', () => {
		const cursor = cursorOf('thresholds.cooldownDays');
		const {state, settings, changes} = run([
			{type: 'move', delta: cursor},
			{type: 'activate'},
			{type: 'caret', to: 'start'},
			{type: 'insert', text: '1'},
			{type: 'caret', to: 'end'},
			{type: 'deleteBackward'},
			{type: 'caret', to: 'left'},
			{type: 'deleteForward'},
			{type: 'insert', text: '2\u001B[A\n'},
		]);
		// 14 → 114 → 11 → (caret before the last 1, delete forward) 1 → then a paste: ESC and newline dropped.
		assert.equal(state.editing?.text, '12[A');
		assert.equal(changes.length, 0);
		assert.equal(settings.thresholds.cooldownDays, 14);
	});

	test('a refused value keeps the edit open with the reason; Esc cancels; moving is blocked while editing', () => {
		const cursor = cursorOf('concurrency');
		const refused = run([
			{type: 'move', delta: cursor},
			{type: 'activate'},
			{type: 'insert', text: 'x'},
			{type: 'activate'},
			{type: 'move', delta: 1},
		]);
		assert.equal(refused.state.cursor, cursor);
		assert.match(refused.state.editing?.error ?? '', /concurrency: expected a whole number from 1 to 64/);
		assert.equal(refused.changes.length, 0);
		const cancelled = settingsReducer(refused.state, {type: 'back'}, defaultSettings, 10);
		assert.equal(cancelled.state.editing, null);
		assert.equal(cancelled.close, false);
		assert.equal(cancelled.settings, null);
	});

	test('saving a value that conflicts with another says so in the notice', () => {
		const cursor = cursorOf('thresholds.goodScoreBelow');
		const {state, settings} = run([
			{type: 'move', delta: cursor},
			{type: 'activate'},
			{type: 'deleteBackward'},
			{type: 'deleteBackward'},
			{type: 'insert', text: '50'},
			{type: 'activate'},
		]);
		assert.equal(settings.thresholds.goodScoreBelow, 50);
		assert.match(
			state.notice ?? '',
			/saved · note: thresholds\.moderateScoreBelow \(60\) is above thresholds\.goodScoreBelow \(50\)/,
		);
	});

	test('Space does not start an edit; Enter does; back outside an edit closes', () => {
		const cursor = cursorOf('exportDirectory');
		assert.equal(run([{type: 'move', delta: cursor}, {type: 'toggle'}]).state.editing, null);
		assert.deepEqual(run([{type: 'move', delta: cursor}, {type: 'activate'}]).state.editing, {
			text: '~/commit-tui-reports',
			caret: '~/commit-tui-reports'.length,
			error: null,
		});
		assert.equal(run([{type: 'back'}]).closed, true);
	});

	test('enums cycle through every value and wrap', () => {
		const cursor = cursorOf('exportFormat');
		const {changes} = run([
			{type: 'move', delta: cursor},
			{type: 'activate'},
			{type: 'activate'},
			{type: 'activate'},
			{type: 'toggle'},
		]);
		assert.deepEqual(
			changes.map((item) => item.exportFormat),
			['html', 'json', 'sarif', 'md'],
		);
	});

	test('reset restores the default of the highlighted setting or column only', () => {
		const changed: Settings = {
			...defaultSettings,
			concurrency: 2,
			columns: ['score'],
			endpoints: {...defaultSettings.endpoints, pypi: 'http://localhost/'},
		};
		const concurrency = run([{type: 'move', delta: cursorOf('concurrency')}, {type: 'reset'}], 10, changed);
		assert.equal(concurrency.settings.concurrency, defaultSettings.concurrency);
		assert.equal(concurrency.settings.endpoints.pypi, 'http://localhost/');
		assert.match(concurrency.state.notice ?? '', /back to default/);
		const column = run([{type: 'move', delta: cursorOf('column:weekly')}, {type: 'reset'}], 10, changed);
		assert.deepEqual(column.settings.columns, ['score', 'weekly']);
		// The next key clears the notice.
		const after = settingsReducer(column.state, {type: 'move', delta: 1}, column.settings, 10);
		assert.equal(after.state.notice, null);
	});
});
