import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Key} from 'ink';
import {defaultSettings} from '../../source/config/settings.js';
import {exportKeyAction} from '../../source/ui/export/export-state.js';
import {routeKey} from '../../source/ui/input/keymap.js';
import {type KeyPress, keyPresses} from '../../source/ui/input/keys.js';
import {settingsKeyAction} from '../../source/ui/settings/settings-keys.js';
import {createInitialState} from '../../source/ui/state/reducer.js';
import type {Mode, UiState} from '../../source/ui/state/types.js';
import {makeGraph} from '../helpers/ink-fixtures.js';

const graph = makeGraph({app: ['a@1', 'b@1'], 'a@1': [], 'b@1': []});
const tree = createInitialState({graph, settings: defaultSettings, size: {columns: 120, rows: 40}});
const inMode = (mode: Mode): UiState => ({...tree, mode, back: mode === 'tree' ? [] : ['tree']});

/** Ctrl+letter as ink hands it over (the letter, `key.ctrl`), through the same path as every key. */
const ctrl = (letter: string): KeyPress => {
	const [press] = keyPresses(letter, {ctrl: true} as Key);
	assert.deepEqual(press, {name: 'ctrl', input: letter});
	return press!;
};

test('Ctrl+letter does nothing where the plain letter is a command: tree, pages, publishers, search', () => {
	const modes: Mode[] = [
		'tree',
		'detail',
		'why',
		'help',
		'publishers',
		'search',
		'publisherSearch',
		'export',
	];
	for (const mode of modes)
		for (const letter of 'abdefghjklnopqrsvwy')
			assert.deepEqual(routeKey(ctrl(letter), inMode(mode)), [], `Ctrl+${letter} in ${mode}`);
	// The plain letters still work, and Ctrl+C still quits.
	assert.deepEqual(routeKey({name: null, input: 'd'}, tree), [{type: 'toggleDev'}]);
	assert.deepEqual(routeKey({name: 'ctrlC', input: ''}, tree), [{type: 'quit'}]);
	assert.deepEqual(routeKey(ctrl('q'), tree), []);
});

test('settings: Ctrl+R does not reset (r does); the editor keeps Ctrl+A / Ctrl+E for its caret', () => {
	assert.equal(settingsKeyAction(ctrl('r'), false), null);
	assert.equal(settingsKeyAction(ctrl('q'), false), null);
	assert.equal(settingsKeyAction(ctrl('j'), false), null);
	assert.deepEqual(settingsKeyAction({name: null, input: 'r'}, false), {type: 'reset'});
	assert.deepEqual(settingsKeyAction(ctrl('a'), true), {type: 'caret', to: 'start'});
	assert.deepEqual(settingsKeyAction(ctrl('e'), true), {type: 'caret', to: 'end'});
	assert.equal(settingsKeyAction(ctrl('r'), true), null);
	assert.deepEqual(routeKey(ctrl('r'), inMode('settings')), []);
});

test('export: Ctrl+J/K/Q choose nothing', () => {
	for (const letter of 'jkq') assert.equal(exportKeyAction(ctrl(letter)), null, `Ctrl+${letter}`);
	assert.deepEqual(exportKeyAction({name: null, input: 'q'}), {type: 'back'});
});
