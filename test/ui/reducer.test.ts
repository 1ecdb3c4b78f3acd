import assert from 'node:assert/strict';
import {test} from 'node:test';
import {defaultSettings} from '../../source/config/settings.js';
import {computeRollups} from '../../source/scoring/rollup.js';
import {separatorLine} from '../../source/ui/format/summary.js';
import type {Action} from '../../source/ui/state/actions.js';
import {createInitialState, reducer} from '../../source/ui/state/reducer.js';
import type {DataSnapshot, UiState} from '../../source/ui/state/types.js';
import {makeBigGraph, makeGraph, makeReport} from '../helpers/ink-fixtures.js';

const size = {columns: 120, rows: 40};

function run(state: UiState, ...actions: Action[]): UiState {
	return actions.reduce(reducer, state);
}

const labels = (state: UiState) =>
	state.rows.map(
		(row) => `${'  '.repeat(row.depth)}${row.id.replace(/^npm:/, '')}${row.marker ? ` (${row.marker})` : ''}`,
	);
const current = (state: UiState) => state.rows[state.cursor]!.id.replace(/^npm:/, '');

// app → a, b; a → c, d; b → c (shared); c → e; e → c (cycle)
const dag = makeGraph({
	app: ['a@1', 'b@1'],
	'a@1': ['c@1', 'd@1'],
	'b@1': ['c@1'],
	'c@1': ['e@1'],
	'e@1': ['c@1'],
	'd@1': [],
});

test('roots start expanded one level with the cursor on the root', () => {
	const state = createInitialState({graph: dag, settings: defaultSettings, size});
	assert.deepEqual(labels(state), ['root:app', '  a@1', '  b@1']);
	assert.equal(state.cursor, 0);
});

test('→ expands, → again goes to the first child, ← goes to the parent and then collapses', () => {
	let state = createInitialState({graph: dag, settings: defaultSettings, size});
	state = run(state, {type: 'move', delta: 1}, {type: 'expandOrChild'});
	assert.deepEqual(labels(state), ['root:app', '  a@1', '    c@1', '    d@1', '  b@1']);
	state = run(state, {type: 'expandOrChild'});
	assert.equal(current(state), 'c@1');
	state = run(state, {type: 'collapseOrParent'});
	assert.equal(current(state), 'a@1');
	state = run(state, {type: 'collapseOrParent'});
	assert.deepEqual(labels(state), ['root:app', '  a@1', '  b@1']);
});

test('a package is expandable wherever it appears, keyed by path', () => {
	let state = createInitialState({graph: dag, settings: defaultSettings, size});
	state = run(
		state,
		{type: 'move', delta: 1},
		{type: 'expandOrChild'},
		{type: 'expandOrChild'},
		{type: 'expandOrChild'},
	);
	// c under a is open, c under b is still closed
	state = run(state, {type: 'bottom'}, {type: 'expandOrChild'});
	assert.deepEqual(labels(state), [
		'root:app',
		'  a@1',
		'    c@1',
		'      e@1',
		'    d@1',
		'  b@1',
		'    c@1',
	]);
	state = run(state, {type: 'expandOrChild'}, {type: 'expandOrChild'});
	assert.equal(current(state), 'c@1');
	assert.equal(state.rows[state.cursor]!.depth, 2);
	assert.equal(state.rows[state.cursor]!.expanded, true);
});

test('expand-all marks cycles and dedupes shared subtrees; explicit expansion of a deduped row works', () => {
	let state = createInitialState({graph: dag, settings: defaultSettings, size});
	state = run(state, {type: 'expandAll'});
	assert.deepEqual(labels(state), [
		'root:app',
		'  a@1',
		'    c@1',
		'      e@1',
		'        c@1 (cycle)',
		'    d@1',
		'  b@1',
		'    c@1 (deduped)',
	]);
	state = run(state, {type: 'bottom'}, {type: 'expandOrChild'});
	// its child e is itself shown above, so it stays deduped until asked for
	assert.deepEqual(labels(state).slice(-3), ['  b@1', '    c@1', '      e@1 (deduped)']);
	state = run(state, {type: 'collapseAll'});
	assert.deepEqual(labels(state), ['root:app', '  a@1', '  b@1']);
});

test('expand-all on a 2,300-package DAG stays near one row per edge', () => {
	const graph = makeBigGraph(2300);
	const edges = [...graph.packages.values()].reduce((sum, node) => sum + node.dependencies.length, 0);
	// Its speed is the bench's to measure (bench/ui.ts); here, the size of what it builds.
	const state = run(createInitialState({graph, settings: defaultSettings, size}), {type: 'expandAll'});
	assert.ok(state.rows.length > 2000, `rows ${state.rows.length}`);
	assert.ok(state.rows.length <= edges + graph.roots.length + 40, `rows ${state.rows.length} edges ${edges}`);
});

test('navigation on thousands of rows: paging, gg, G, window follows the cursor', () => {
	const graph = makeBigGraph(2300);
	let state = run(createInitialState({graph, settings: defaultSettings, size}), {type: 'expandAll'});
	state = run(state, {type: 'bottom'});
	assert.equal(state.cursor, state.rows.length - 1);
	assert.ok(state.scrollTop > 0 && state.cursor < state.scrollTop + 40);
	state = run(state, {type: 'pendingG'}, {type: 'pendingG'});
	assert.equal(state.cursor, 0);
	assert.equal(state.scrollTop, 0);
	state = run(state, {type: 'page', direction: 1}, {type: 'page', direction: 1});
	assert.ok(state.cursor >= 60, `cursor ${state.cursor}`);
	assert.ok(state.cursor >= state.scrollTop && state.cursor < state.scrollTop + 40);
	state = run(state, {type: 'page', direction: -1});
	assert.ok(state.cursor >= 30 && state.cursor < 60);
	// a single g then another key does not jump
	state = run(state, {type: 'pendingG'}, {type: 'move', delta: 1});
	assert.equal(state.pendingG, false);
	assert.ok(state.cursor > 0);
});

test('search finds packages inside collapsed subtrees, n/N step through matches', () => {
	let state = createInitialState({graph: dag, settings: defaultSettings, size});
	state = run(state, {type: 'searchStart'});
	assert.equal(state.mode, 'search');
	for (const char of 'E@') state = run(state, {type: 'searchType', text: char});
	state = run(state, {type: 'searchAccept'});
	assert.equal(state.mode, 'tree');
	assert.equal(current(state), 'e@1');
	assert.deepEqual(state.search.matches, ['npm:e@1']);
	state = run(state, {type: 'searchStart'}, {type: 'searchType', text: '@1'}, {type: 'searchAccept'});
	assert.equal(state.search.matches.length, 5);
	const seen = [current(state)];
	for (let i = 0; i < 4; i++) {
		state = run(state, {type: 'searchNext', direction: 1});
		seen.push(current(state));
	}

	assert.equal(new Set(seen).size, 5);
	state = run(state, {type: 'searchNext', direction: -1});
	assert.equal(current(state), seen[3]);
	state = run(state, {type: 'searchStart'}, {type: 'searchType', text: 'zzz'}, {type: 'searchAccept'});
	assert.match(state.message ?? '', /no match for zzz/);
	state = run(state, {type: 'searchStart'}, {type: 'searchType', text: 'x'}, {type: 'searchCancel'});
	assert.equal(state.mode, 'tree');
});

function withData(
	state: UiState,
	levels: Record<string, [Parameters<typeof makeReport>[1], number]>,
): UiState {
	const reports = new Map(
		Object.entries(levels).map(([key, [risk, score]]) => [
			`npm:${key}`,
			makeReport(`npm:${key}`, risk, score),
		]),
	);
	const data: DataSnapshot = {
		reports,
		rollups: computeRollups(state.graph, reports),
		publishers: [],
		progress: null,
		scanning: false,
		version: 1,
	};
	return reducer(state, {type: 'data', data});
}

test('filter hides rows whose subtree has nothing at or above the level', () => {
	const graph = makeGraph({app: ['a@1', 'b@1', 'f@1'], 'a@1': ['c@1'], 'b@1': [], 'f@1': []});
	let state = withData(createInitialState({graph, settings: defaultSettings, size}), {
		'a@1': ['healthy', 90],
		'c@1': ['critical', 50],
		'b@1': ['high', 30],
		'f@1': ['good', 70],
	});
	state = run(state, {type: 'cycleFilter'});
	assert.equal(state.filter.level, 'moderate');
	// The filtered tree opens, so the matches are on screen (c under its ancestor a).
	assert.deepEqual(labels(state), ['root:app', '  a@1', '    c@1', '  b@1']);
	// a is kept only as c's ancestor: context, not a match.
	assert.deepEqual([...state.view.matches!].sort(), ['npm:b@1', 'npm:c@1']);
	state = run(state, {type: 'cycleFilter'}, {type: 'cycleFilter'});
	assert.equal(state.filter.level, 'critical');
	assert.deepEqual(labels(state), ['root:app', '  a@1', '    c@1']);
	assert.match(state.message ?? '', /filter: critical \(1 package\)/);
	state = run(state, {type: 'cycleFilter'});
	assert.equal(state.filter.level, null);
	assert.equal(state.filter.suspicious, true);
	assert.match(state.message ?? '', /^filter: suspicious releases only \(0 packages\)/);
	assert.deepEqual(labels(state), ['root:app'], 'no release here looks suspicious');
	state = run(state, {type: 'cycleFilter'});
	assert.equal(state.filter.level, null);
	assert.equal(state.filter.suspicious, false);
	assert.equal(state.rows.length, 4, 'the expansion from before the filter is back');
});

test('sort orders children within each parent and keeps the cursor on its row', () => {
	const graph = makeGraph({
		app: ['m@1', 'a@1', 'z@1'],
		'z@1': ['y@1', 'b@1'],
		'a@1': [],
		'm@1': [],
		'y@1': [],
		'b@1': [],
	});
	let state = withData(createInitialState({graph, settings: defaultSettings, size}), {
		'm@1': ['moderate', 55],
		'a@1': ['healthy', 90],
		'z@1': ['good', 70],
		'y@1': ['critical', 60],
		'b@1': ['high', 35],
	});
	state = run(state, {type: 'move', delta: 2});
	assert.equal(current(state), 'a@1');
	state = run(state, {type: 'cycleSort'});
	assert.equal(state.sort, 'risk');
	// z brings in a critical, so it comes first
	assert.deepEqual(labels(state), ['root:app', '  z@1', '  m@1', '  a@1']);
	assert.equal(current(state), 'a@1');
	state = run(state, {type: 'cycleSort'});
	assert.equal(state.sort, 'score');
	assert.deepEqual(labels(state), ['root:app', '  m@1', '  z@1', '  a@1']);
	state = run(
		state,
		{type: 'cycleSort'},
		{type: 'move', delta: -3},
		{type: 'move', delta: 3},
		{type: 'expandOrChild'},
	);
	assert.equal(state.sort, 'name');
	assert.deepEqual(labels(state), ['root:app', '  a@1', '  m@1', '  z@1', '    b@1', '    y@1']);
});

test('space marks the package and moves down; dev toggle hides dev-only packages', () => {
	const graph = makeGraph({app: ['a@1', 'lint@1'], 'a@1': [], 'lint@1': []}, ['lint@1']);
	let state = createInitialState({graph, settings: defaultSettings, size});
	state = run(state, {type: 'toggleMark'});
	assert.equal(state.marks.size, 0, 'roots cannot be marked');
	state = run(state, {type: 'move', delta: 1}, {type: 'toggleMark'});
	assert.deepEqual([...state.marks], ['npm:a@1']);
	assert.equal(current(state), 'lint@1');
	state = run(state, {type: 'move', delta: -1}, {type: 'toggleMark'});
	assert.equal(state.marks.size, 0);
	state = run(state, {type: 'toggleDev'});
	assert.deepEqual(labels(state), ['root:app', '  a@1']);
});

test('overlays stack: detail → why → back returns to detail, quit sets quitting', () => {
	let state = createInitialState({graph: dag, settings: defaultSettings, size});
	state = run(state, {type: 'open', mode: 'detail'}, {type: 'open', mode: 'why'});
	assert.equal(state.mode, 'why');
	state = run(state, {type: 'back'});
	assert.equal(state.mode, 'detail');
	state = run(state, {type: 'back'}, {type: 'back'});
	assert.equal(state.mode, 'tree');
	assert.equal(run(state, {type: 'quit'}).quitting, true);
});

test('resize keeps the cursor inside the smaller window', () => {
	const graph = makeBigGraph(500);
	let state = run(createInitialState({graph, settings: defaultSettings, size}), {type: 'expandAll'});
	state = run(state, {type: 'move', delta: 35});
	state = run(state, {type: 'resize', size: {columns: 80, rows: 24}});
	assert.ok(state.cursor - state.scrollTop < 17, `cursor ${state.cursor} top ${state.scrollTop}`);
});

// app → a, b, c, d, each → x@1 (shown under a, then deduped under b, c, d), and x → y.
const shared = makeGraph({
	app: ['a@1', 'b@1', 'c@1', 'd@1'],
	'a@1': ['x@1'],
	'b@1': ['x@1'],
	'c@1': ['x@1'],
	'd@1': ['x@1'],
	'x@1': ['y@1'],
	'y@1': [],
});
const rowsOf = (state: UiState, id: string) =>
	state.rows.flatMap((row, index) => (row.id === `npm:${id}` ? [index] : []));

test('n/N visit every row that shows a match, in screen order; N goes up; the counter counts rows', () => {
	let state = run(createInitialState({graph: shared, settings: defaultSettings, size}), {type: 'expandAll'});
	const xs = rowsOf(state, 'x@1');
	assert.equal(xs.length, 4);
	state = run(state, {type: 'searchStart'}, {type: 'searchType', text: 'x'}, {type: 'searchAccept'});
	assert.equal(state.cursor, xs[0]);
	assert.match(state.message ?? '', /^1\/4 /);
	const seen = [state.cursor];
	for (let i = 0; i < 4; i++) {
		state = run(state, {type: 'searchNext', direction: 1});
		seen.push(state.cursor);
		assert.match(separatorLine(state, 120), new RegExp(`/x ${((i + 1) % 4) + 1}/4`));
	}

	// Down through each copy, wrapping to the first.
	assert.deepEqual(seen, [...xs, xs[0]]);
	const back = [];
	for (let i = 0; i < 4; i++) {
		state = run(state, {type: 'searchNext', direction: -1});
		back.push(state.cursor);
	}

	// Up: wraps to the last, then each copy above.
	assert.deepEqual(back, [xs[3], xs[2], xs[1], xs[0]]);
	// Off a match the counter says so; N from above the first match wraps to the last, n from b goes to b's x.
	state = run(state, {type: 'top'}, {type: 'move', delta: 1});
	assert.match(separatorLine(state, 120), /\/x 0\/4/);
	state = run(state, {type: 'searchNext', direction: -1});
	assert.equal(state.cursor, xs[3]);
	state = run(state, {type: 'move', delta: xs[1]! - 1 - xs[3]!}, {type: 'searchNext', direction: 1});
	assert.equal(state.cursor, xs[1]);
	assert.match(separatorLine(state, 120), /\/x 2\/4/);
});

test('n reaches a match inside a collapsed subtree, revealed, and counts the rows it then shows', () => {
	let state = createInitialState({graph: shared, settings: defaultSettings, size});
	state = run(state, {type: 'searchStart'}, {type: 'searchType', text: 'y@'}, {type: 'searchAccept'});
	assert.equal(current(state), 'y@1');
	assert.match(separatorLine(state, 120), /\/y@ 1\/1/);
});

test('] and [ go to the nearest severe row below / above, wrapping, not the next row of a package', () => {
	let state = withData(createInitialState({graph: shared, settings: defaultSettings, size}), {
		'a@1': ['healthy', 90],
		'b@1': ['high', 40],
		'c@1': ['healthy', 90],
		'd@1': ['healthy', 90],
		'x@1': ['critical', 10],
		'y@1': ['healthy', 90],
	});
	state = run(state, {type: 'expandAll'});
	const severe = [...rowsOf(state, 'x@1'), ...rowsOf(state, 'b@1')].sort((a, b) => a - b);
	const down = [];
	for (let i = 0; i < severe.length + 1; i++) {
		state = run(state, {type: 'jumpSevere', direction: 1});
		down.push(state.cursor);
	}

	assert.deepEqual(down, [...severe, severe[0]]);
	assert.match(state.message ?? '', new RegExp(`^1/${severe.length} critical or high · 2 packages`));
	const up = [];
	for (let i = 0; i < severe.length; i++) {
		state = run(state, {type: 'jumpSevere', direction: -1});
		up.push(state.cursor);
	}

	assert.deepEqual(up, [...severe].reverse());
});

test('r says nothing can be fetched when offline, and does not restart the scan', () => {
	const offline = createInitialState({graph: dag, settings: defaultSettings, size, offline: true});
	const refreshed = run(offline, {type: 'refresh'});
	assert.equal(refreshed.refreshToken, 0);
	assert.match(refreshed.message ?? '', /^offline: nothing can be fetched/);
	const online = run(createInitialState({graph: dag, settings: defaultSettings, size}), {type: 'refresh'});
	assert.equal(online.refreshToken, 1);
});
