import assert from 'node:assert/strict';
import {test} from 'node:test';
import {defaultSettings} from '../../source/config/settings.js';
import {publisherConcentration} from '../../source/scoring/publishers.js';
import {computeRollups} from '../../source/scoring/rollup.js';
import type {PackageReport, RiskFlag, RiskLevel} from '../../source/scoring/types.js';
import {parseMouse} from '../../source/ui/input/keys.js';
import type {Action} from '../../source/ui/state/actions.js';
import {createInitialState, reducer, visiblePublishers} from '../../source/ui/state/reducer.js';
import type {DataSnapshot, UiState} from '../../source/ui/state/types.js';
import {computeView, noFilter} from '../../source/ui/tree/view.js';
import {makeFacts, makeGraph, makeReport} from '../helpers/ink-fixtures.js';

const size = {columns: 120, rows: 40};

function run(state: UiState, ...actions: Action[]): UiState {
	return actions.reduce(reducer, state);
}

const current = (state: UiState) => state.rows[state.cursor]!.id.replace(/^npm:/, '');
const ids = (state: UiState) => state.rows.map((row) => row.id.replace(/^npm:/, ''));

// app → web (prod) → qs (critical); app → lint (dev) → chalk (critical), eslint (high)
const graph = makeGraph(
	{
		app: ['web@1', 'lint@1'],
		'web@1': ['qs@1', 'mid@1'],
		'mid@1': [],
		'qs@1': [],
		'lint@1': ['chalk@1', 'eslint@1'],
		'chalk@1': [],
		'eslint@1': [],
	},
	['lint@1', 'chalk@1', 'eslint@1'],
);

type Level = [RiskLevel, {publishers?: string[]; flags?: RiskFlag[]}?];

function reportsFor(levels: Record<string, Level>): Map<string, PackageReport> {
	return new Map(
		Object.entries(levels).map(([key, [risk, extra]]) => {
			const id = `npm:${key}`;
			const at = key.lastIndexOf('@');
			const facts = makeFacts(key.slice(0, at), key.slice(at + 1), {
				publishers: extra?.publishers ?? ['alice', 'bob'],
			});
			return [id, makeReport(id, risk, 50, facts, {flags: extra?.flags ?? []})];
		}),
	);
}

function withData(state: UiState, levels: Record<string, Level>, scanning = false): UiState {
	const reports = reportsFor(levels);
	const data: DataSnapshot = {
		reports,
		rollups: computeRollups(state.graph, reports),
		publishers: publisherConcentration(state.graph, reports),
		progress: null,
		scanning,
		version: 1,
	};
	return reducer(state, {type: 'data', data});
}

const levels: Record<string, Level> = {
	'web@1': ['healthy', {publishers: ['alice']}],
	'mid@1': ['moderate'],
	'qs@1': ['critical', {publishers: ['solo']}],
	'lint@1': ['good', {publishers: ['dev-team']}],
	'chalk@1': ['critical', {publishers: ['qix'], flags: [{id: 'new-publisher', message: 'new account'}]}],
	'eslint@1': ['high', {flags: [{id: 'behind-latest', message: '12 behind'}]}],
};

test('d: the roll-ups, the counts and the publishers view follow what is shown', () => {
	let state = withData(createInitialState({graph, settings: defaultSettings, size}), levels);
	const root = () => state.view.rollups.get('root:app')!;
	assert.equal(root().counts.critical, 2);
	assert.equal(root().counts.high, 1);
	assert.ok(visiblePublishers({...state, mode: 'publishers'}).some((reach) => reach.account === 'qix'));
	state = run(state, {type: 'toggleDev'});
	// With dev hidden, the root drags in one critical package, not two critical and a high.
	assert.equal(root().counts.critical, 1);
	assert.equal(root().counts.high, 0);
	assert.equal(root().counts.moderate, 1);
	assert.equal(state.view.hiddenDev, 3);
	assert.match(state.message ?? '', /dev dependencies hidden \(3\)/);
	const accounts = visiblePublishers({...state, mode: 'publishers'}).map((reach) => reach.account);
	assert.deepEqual(accounts.sort(), ['alice', 'bob', 'solo']);
	// New data keeps following the view.
	state = withData(state, {...levels, 'mid@1': ['high']});
	assert.equal(root().counts.high, 1);
});

test('a filter narrows the roll-ups too, and keeps ancestors only as context', () => {
	let state = withData(createInitialState({graph, settings: defaultSettings, size}), levels);
	state = run(state, {type: 'cycleFilter'}, {type: 'cycleFilter'}, {type: 'cycleFilter'});
	assert.equal(state.filter.level, 'critical');
	assert.deepEqual(
		ids(state),
		['root:app', 'web@1', 'qs@1', 'lint@1', 'chalk@1'],
		'matches shown, ancestors kept',
	);
	assert.deepEqual([...state.view.matches!].sort(), ['npm:chalk@1', 'npm:qs@1']);
	// Only what is shown is counted: eslint (high) and mid (moderate) are filtered away.
	const rollup = state.view.rollups.get('root:app')!;
	assert.equal(rollup.counts.critical, 2);
	assert.equal(rollup.counts.high, 0);
	assert.equal(rollup.counts.moderate, 0);
	state = run(state, {type: 'clearFilters'});
	assert.equal(state.view.matches, null);
	assert.equal(state.view.rollups.get('root:app')!.counts.high, 1);
});

test('F cycles the flag filter over the flags present; informational flags are not offered as warnings', () => {
	let state = withData(createInitialState({graph, settings: defaultSettings, size}), levels);
	state = run(state, {type: 'cycleFlagFilter'});
	assert.equal(state.filter.flag, 'any');
	assert.deepEqual([...state.view.matches!], ['npm:chalk@1'], 'behind-latest is informational');
	state = run(state, {type: 'cycleFlagFilter'});
	assert.equal(state.filter.flag, 'new-publisher');
	assert.match(state.message ?? '', /flag new-publisher \(1 package\)/);
	state = run(state, {type: 'cycleFlagFilter'});
	assert.equal(state.filter.flag, null);
});

test('the publishers view: / narrows the list, f filters the tree to what the account can publish', () => {
	let state = withData(createInitialState({graph, settings: defaultSettings, size}), levels);
	state = run(state, {type: 'open', mode: 'publishers'}, {type: 'publisherSearchStart'});
	for (const char of 'qi') state = run(state, {type: 'publisherSearchType', text: char});
	assert.deepEqual(
		visiblePublishers(state).map((reach) => reach.account),
		['qix'],
	);
	state = run(state, {type: 'publisherSearchAccept'});
	assert.equal(state.mode, 'publishers');
	assert.equal(state.publishersQuery.query, 'qi');
	state = run(state, {type: 'publisherFilter'});
	assert.equal(state.mode, 'tree');
	assert.deepEqual(state.filter.publisher, {ecosystem: 'npm', account: 'qix'});
	assert.deepEqual(ids(state), ['root:app', 'lint@1', 'chalk@1']);
	assert.match(state.message ?? '', /publishable by qix \(1 package\)/);
});

test('] and [ step through packages that are themselves critical or high, inside collapsed subtrees', () => {
	let state = withData(createInitialState({graph, settings: defaultSettings, size}), levels);
	state = run(state, {type: 'jumpSevere', direction: 1});
	assert.equal(current(state), 'qs@1');
	state = run(state, {type: 'jumpSevere', direction: 1});
	assert.equal(current(state), 'chalk@1');
	state = run(state, {type: 'jumpSevere', direction: 1});
	assert.equal(current(state), 'eslint@1');
	state = run(state, {type: 'jumpSevere', direction: 1});
	assert.equal(current(state), 'qs@1', 'wraps');
	state = run(state, {type: 'jumpSevere', direction: -1});
	assert.equal(current(state), 'eslint@1');
	assert.match(state.message ?? '', /3\/3 critical or high/);
});

test('v: a flat list sorted by own risk (each package once), then direct dependencies only', () => {
	let state = withData(createInitialState({graph, settings: defaultSettings, size}), levels);
	state = run(state, {type: 'move', delta: 1});
	assert.equal(current(state), 'web@1');
	state = run(state, {type: 'cycleView'});
	assert.equal(state.viewKind, 'flat');
	assert.deepEqual(ids(state), ['chalk@1', 'qs@1', 'eslint@1', 'mid@1', 'lint@1', 'web@1']);
	assert.equal(current(state), 'web@1', 'the cursor stays on its package');
	assert.match(state.message ?? '', /sorted by risk/);
	state = run(state, {type: 'cycleView'});
	assert.equal(state.viewKind, 'direct');
	assert.deepEqual(ids(state), ['root:app', 'web@1', 'lint@1']);
	assert.equal(state.rows[1]!.hasChildren, false, 'nothing expands below a direct dependency');
	state = run(state, {type: 'cycleSort'});
	assert.deepEqual(
		ids(state),
		['root:app', 'lint@1', 'web@1'],
		'lint drags in a critical and a high package',
	);
	state = run(state, {type: 'cycleView'});
	assert.equal(state.viewKind, 'tree');
});

test('search is incremental: the cursor follows the typing, every match is marked, Esc returns', () => {
	let state = withData(createInitialState({graph, settings: defaultSettings, size}), levels);
	state = run(state, {type: 'searchStart'}, {type: 'searchType', text: 'e'});
	assert.equal(state.mode, 'search');
	assert.deepEqual(state.search.matches, ['npm:web@1', 'npm:eslint@1']);
	assert.equal(current(state), 'web@1', 'the cursor is on the first match while typing');
	assert.equal(state.search.matchSet.size, state.search.matches.length);
	state = run(state, {type: 'searchType', text: 's'}, {type: 'searchType', text: 'l'});
	assert.equal(current(state), 'eslint@1', 'revealed inside the collapsed lint subtree');
	assert.deepEqual(state.search.matches, ['npm:eslint@1']);
	state = run(state, {type: 'searchBackspace'}, {type: 'searchBackspace'});
	assert.equal(state.search.query, 'e');
	state = run(state, {type: 'searchCancel'});
	assert.equal(state.mode, 'tree');
	assert.equal(current(state), 'root:app', 'back where / was pressed');
	assert.equal(state.search.query, '');
	assert.deepEqual(ids(state), ['root:app', 'web@1', 'lint@1'], 'and the subtree it opened is closed again');
});

test('y and o ask the app to copy the name@version and to open the registry page', () => {
	let state = createInitialState({graph, settings: defaultSettings, size});
	state = run(state, {type: 'move', delta: 1}, {type: 'copyId'});
	assert.deepEqual(state.effect, {kind: 'copy', text: 'web@1'});
	const first = state.effect;
	state = run(state, {type: 'copyId'});
	assert.notEqual(state.effect, first, 'each request is a new one');
	state = run(state, {type: 'openPage'});
	assert.deepEqual(state.effect, {kind: 'open', url: 'https://www.npmjs.com/package/web/v/1'});
	state = run(state, {type: 'top'}, {type: 'openPage'});
	assert.match(state.message ?? '', /a root has no registry page/);
});

test('the mouse: the wheel moves, a click selects a row, a click on the selected row expands it', () => {
	let state = createInitialState({graph, settings: defaultSettings, size});
	const click = (y: number) => ({type: 'mouse', event: {button: 'left', x: 10, y, release: false}}) as const;
	// Screen line 0 is the header, 1 the column titles: the first row is line 2.
	state = run(state, click(3));
	assert.equal(current(state), 'web@1');
	state = run(state, click(3));
	assert.deepEqual(ids(state), ['root:app', 'web@1', 'qs@1', 'mid@1', 'lint@1']);
	state = run(state, {type: 'mouse', event: {button: 'wheelDown', x: 0, y: 5, release: false}});
	assert.equal(current(state), 'lint@1');
	state = run(state, click(30));
	assert.equal(current(state), 'lint@1', 'below the rows: nothing');
	assert.deepEqual(parseMouse('[<64;10;5M'), {button: 'wheelUp', x: 9, y: 4, release: false});
	assert.deepEqual(parseMouse('\u001B[<0;3;7m'), {button: 'left', x: 2, y: 6, release: true});
	assert.equal(parseMouse('[<32;3;7M'), null, 'a drag is not a click');
	assert.equal(parseMouse('['), null);
});

test('computeView reuses the whole graph when nothing is hidden, and builds the view once otherwise', () => {
	const reports = reportsFor(levels);
	const source = {
		reports,
		rollups: computeRollups(graph, reports),
		publishers: publisherConcentration(graph, reports),
	};
	const whole = computeView(graph, source, {showDev: true, filter: noFilter});
	assert.equal(whole.graph, graph);
	assert.equal(whole.rollups, source.rollups);
	const production = computeView(graph, source, {showDev: false, filter: noFilter});
	assert.equal(production.graph.packages.size, 3);
	assert.equal(
		computeView(graph, source, {showDev: false, filter: noFilter}).graph,
		production.graph,
		'cached',
	);
	assert.ok(!graph.packages.get('npm:web@1')!.dependencies.includes('x'), 'the graph itself is untouched');
	assert.equal(graph.roots[0]!.dependencies.length, 2);
});
