import {type Settings, sortKeys} from '../../config/settings.js';
import type {DependencyGraph} from '../../graph/types.js';
import type {RiskLevel} from '../../scoring/types.js';
import {computeLayout} from '../layout.js';
import {createTreeContext, type TreeContext} from '../tree/context.js';
import {canonicalOrder, flattenTree} from '../tree/flatten.js';
import {type ExpansionState, pathKey, splitPathKey, type TreeRow} from '../tree/types.js';
import type {Action} from './actions.js';
import type {DataSnapshot, Mode, TerminalSize, UiState} from './types.js';

/** `f` cycles through these: everything, then only what is at or above each level. */
export const filterCycle: ReadonlyArray<RiskLevel | null> = [null, 'moderate', 'high', 'critical'];

export const emptyData: DataSnapshot = {
	reports: new Map(),
	rollups: new Map(),
	publishers: [],
	progress: null,
	scanning: true,
	version: 0,
};

const defaultExpansion: ExpansionState = {mode: 'default', explicit: new Map()};

/** The state before the first frame: roots expanded one level, cursor on the first row. */
export function createInitialState(input: {
	graph: DependencyGraph;
	settings: Settings;
	size: TerminalSize;
	data?: DataSnapshot;
}): UiState {
	const base: UiState = {
		graph: input.graph,
		data: input.data ?? emptyData,
		mode: 'tree',
		back: [],
		size: input.size,
		sort: input.settings.defaultSort,
		filter: null,
		showDev: input.settings.showDevDependencies,
		settings: input.settings,
		expansion: defaultExpansion,
		rows: [],
		cursor: 0,
		scrollTop: 0,
		marks: new Set(),
		search: {draft: '', query: '', matches: [], index: -1},
		pendingG: false,
		pageScroll: 0,
		publishersList: {cursor: 0, scrollTop: 0},
		message: null,
		refreshToken: 0,
		quitting: false,
	};
	return withRows(base, null);
}

export function treeContextOf(state: UiState): TreeContext {
	return createTreeContext(state.graph, state.data, {
		sort: state.sort,
		filter: state.filter,
		showDev: state.showDev,
	});
}

/** Recompute the rows, keeping the cursor on the same path (or its nearest visible ancestor). */
function withRows(state: UiState, keepKey: string | null): UiState {
	const rows = flattenTree(treeContextOf(state), state.expansion);
	let cursor = Math.min(state.cursor, Math.max(0, rows.length - 1));
	if (keepKey !== null) {
		const index = findRow(rows, keepKey);
		if (index >= 0) cursor = index;
	}

	return withScroll({...state, rows, cursor});
}

/** The row with this key, else the row of its nearest ancestor path, else -1. */
function findRow(rows: readonly TreeRow[], key: string): number {
	const ids = splitPathKey(key);
	const byKey = new Map<string, number>();
	for (let i = 0; i < rows.length; i++) byKey.set(rows[i]!.key, i);
	for (let length = ids.length; length > 0; length--) {
		const index = byKey.get(pathKey(ids.slice(0, length)));
		if (index !== undefined) return index;
	}

	return -1;
}

/** Keep the cursor inside the visible window. */
function withScroll(state: UiState): UiState {
	const height = computeLayout(state.size).treeHeight;
	let {scrollTop} = state;
	if (state.cursor < scrollTop) scrollTop = state.cursor;
	if (state.cursor >= scrollTop + height) scrollTop = state.cursor - height + 1;
	scrollTop = Math.max(0, Math.min(scrollTop, Math.max(0, state.rows.length - height)));
	return scrollTop === state.scrollTop ? state : {...state, scrollTop};
}

function moveTo(state: UiState, index: number): UiState {
	const cursor = Math.max(0, Math.min(index, state.rows.length - 1));
	return withScroll({...state, cursor});
}

function cursorKey(state: UiState): string | null {
	return state.rows[state.cursor]?.key ?? null;
}

function setExpanded(state: UiState, key: string, expanded: boolean): UiState {
	const explicit = new Map(state.expansion.explicit);
	explicit.set(key, expanded);
	return withRows({...state, expansion: {...state.expansion, explicit}}, key);
}

/** Expand every ancestor of a path key so its row exists, then put the cursor on it. */
function reveal(state: UiState, key: string): UiState {
	const ids = splitPathKey(key);
	const explicit = new Map(state.expansion.explicit);
	for (let length = 1; length < ids.length; length++) explicit.set(pathKey(ids.slice(0, length)), true);
	return withRows({...state, expansion: {...state.expansion, explicit}}, key);
}

/** Go to the package's row: a visible occurrence if there is one, else its first occurrence, revealed. */
function jumpToPackage(state: UiState, id: string, context = treeContextOf(state)): UiState {
	for (let offset = 1; offset <= state.rows.length; offset++) {
		const index = (state.cursor + offset) % state.rows.length;
		if (state.rows[index]!.id === id) return moveTo(state, index);
	}

	const key = canonicalOrder(context).pathOf.get(id);
	return key === undefined ? {...state, message: 'hidden by the current filter'} : reveal(state, key);
}

function openMode(state: UiState, mode: Mode): UiState {
	if (state.mode === mode) return state;
	const back = state.mode === 'search' ? state.back : [...state.back, state.mode];
	return {...state, mode, back, pageScroll: 0, message: null};
}

function goBack(state: UiState): UiState {
	const back = [...state.back];
	const mode = back.pop() ?? 'tree';
	return {...state, mode, back, pageScroll: 0};
}

/** Matches for a query: package names (or name@version) containing it, case-insensitive, in tree order. */
function searchMatches(state: UiState, query: string, context: TreeContext): string[] {
	const needle = query.toLowerCase();
	const {order} = canonicalOrder(context);
	return order.filter((id) => {
		const node = state.graph.packages.get(id);
		return node !== undefined && `${node.name}@${node.version}`.toLowerCase().includes(needle);
	});
}

/** Start at the first match after the cursor's package (in tree order), wrapping around. */
function firstMatchAfterCursor(state: UiState, matches: readonly string[], context: TreeContext): number {
	if (matches.length === 0) return -1;
	const {order} = canonicalOrder(context);
	const position = new Map(order.map((id, index) => [id, index]));
	const here = position.get(state.rows[state.cursor]?.id ?? '') ?? -1;
	const next = matches.findIndex((id) => (position.get(id) ?? -1) > here);
	return next === -1 ? 0 : next;
}

function applySearch(state: UiState, query: string, matches: string[], context: TreeContext): UiState {
	const index = firstMatchAfterCursor(state, matches, context);
	const searched: UiState = {...state, search: {draft: '', query, matches, index}};
	if (index === -1) return {...searched, message: `no match for ${query}`};
	return jumpToPackage(searched, matches[index]!, context);
}

/**
 * The scan grew the graph (resolution found edges, chose versions): the rows are rebuilt and the cursor stays on
 * its package — on the same path if it still exists, else on another row of the package (a flat lock's package
 * re-parented under what requires it), else on its first place in the tree, revealed. A placeholder replaced by
 * the version chosen for it counts as the same package (`graph.replaced`), for marks too. O(rows).
 */
function withGraph(state: UiState, graph: DependencyGraph): UiState {
	const rename = (id: string) => graph.replaced?.get(id) ?? id;
	const row = state.rows[state.cursor];
	const marks = new Set([...state.marks].map(rename).filter((id) => graph.packages.has(id)));
	const next: UiState = {...state, graph, marks};
	if (!row) return withRows(next, null);
	const id = rename(row.id);
	const key = pathKey(splitPathKey(row.key).map(rename));
	const rebuilt = withRows(next, null);
	const exact = rebuilt.rows.findIndex((candidate) => candidate.key === key);
	if (exact >= 0) return moveTo(rebuilt, exact);
	const same = rebuilt.rows.findIndex((candidate) => candidate.id === id);
	if (same >= 0) return moveTo(rebuilt, same);
	const path = row.isRoot ? undefined : canonicalOrder(treeContextOf(rebuilt)).pathOf.get(id);
	return path === undefined ? withRows(next, key) : reveal(rebuilt, path);
}

function dataChangesRows(state: UiState): boolean {
	return state.filter !== null || (state.sort !== 'tree' && state.sort !== 'name');
}

/** The one reducer: pure, so every key's effect is unit-tested without Ink. */
export function reducer(state: UiState, action: Action): UiState {
	if (state.pendingG && action.type !== 'pendingG') state = {...state, pendingG: false};
	switch (action.type) {
		case 'move':
			return moveTo(state, state.cursor + action.delta);
		case 'page':
			return moveTo(state, state.cursor + action.direction * computeLayout(state.size).treeHeight);
		case 'top':
			return moveTo(state, 0);
		case 'bottom':
			return moveTo(state, state.rows.length - 1);
		case 'pendingG':
			return state.pendingG ? moveTo({...state, pendingG: false}, 0) : {...state, pendingG: true};
		case 'expandOrChild': {
			const row = state.rows[state.cursor];
			if (!row?.hasChildren || row.marker === 'cycle') return state;
			return row.expanded ? moveTo(state, state.cursor + 1) : setExpanded(state, row.key, true);
		}
		case 'collapseOrParent': {
			const row = state.rows[state.cursor];
			if (!row) return state;
			if (row.expanded) return setExpanded(state, row.key, false);
			return row.parent >= 0 ? moveTo(state, row.parent) : state;
		}
		case 'expandAll':
			return withRows({...state, expansion: {mode: 'all', explicit: new Map()}}, cursorKey(state));
		case 'collapseAll':
			return withRows({...state, expansion: defaultExpansion}, cursorKey(state));
		case 'toggleMark': {
			const row = state.rows[state.cursor];
			if (!row || row.isRoot) return state;
			const marks = new Set(state.marks);
			if (marks.has(row.id)) marks.delete(row.id);
			else marks.add(row.id);
			return moveTo({...state, marks}, state.cursor + 1);
		}
		case 'cycleSort': {
			const sort = sortKeys[(sortKeys.indexOf(state.sort) + 1) % sortKeys.length]!;
			return withRows({...state, sort, message: `sort: ${sort}`}, cursorKey(state));
		}
		case 'setSort':
			return withRows({...state, sort: action.sort}, cursorKey(state));
		case 'cycleFilter': {
			const filter = filterCycle[(filterCycle.indexOf(state.filter) + 1) % filterCycle.length] ?? null;
			const message =
				filter === null ? 'filter: off' : `filter: ${filter}${filter === 'critical' ? '' : ' and worse'}`;
			return withRows({...state, filter, message}, cursorKey(state));
		}
		case 'setFilter':
			return withRows({...state, filter: action.filter}, cursorKey(state));
		case 'toggleDev': {
			const showDev = !state.showDev;
			return withRows(
				{...state, showDev, message: showDev ? 'dev dependencies shown' : 'dev dependencies hidden'},
				cursorKey(state),
			);
		}
		case 'open':
			return openMode(state, action.mode);
		case 'back':
			return goBack(state);
		case 'scrollPage':
			return {...state, pageScroll: Math.max(0, state.pageScroll + action.delta)};
		case 'searchStart':
			return {...openMode(state, 'search'), search: {...state.search, draft: ''}};
		case 'searchType':
			return {...state, search: {...state.search, draft: state.search.draft + action.text}};
		case 'searchBackspace':
			return {...state, search: {...state.search, draft: state.search.draft.slice(0, -1)}};
		case 'searchCancel':
			return {...goBack(state), search: {...state.search, draft: ''}};
		case 'searchClear':
			return {...state, search: {draft: '', query: '', matches: [], index: -1}, message: null};
		case 'searchAccept': {
			const query = state.search.draft.trim();
			const closed = goBack(state);
			if (query === '') return {...closed, search: {draft: '', query: '', matches: [], index: -1}};
			const context = treeContextOf(closed);
			return applySearch(closed, query, searchMatches(closed, query, context), context);
		}
		case 'searchNext': {
			const {matches, index, query} = state.search;
			if (matches.length === 0)
				return {...state, message: query ? `no match for ${query}` : 'no search: press /'};
			const next = (index + action.direction + matches.length) % matches.length;
			const moved: UiState = {...state, search: {...state.search, index: next}, message: null};
			return jumpToPackage(moved, matches[next]!);
		}
		case 'publisherMove': {
			const count = state.data.publishers.length;
			const cursor = Math.max(0, Math.min(state.publishersList.cursor + action.delta, count - 1));
			const height = computeLayout(state.size).bodyHeight - 2;
			let {scrollTop} = state.publishersList;
			if (cursor < scrollTop) scrollTop = cursor;
			if (cursor >= scrollTop + height) scrollTop = cursor - height + 1;
			return {...state, publishersList: {cursor, scrollTop: Math.max(0, scrollTop)}};
		}
		case 'publisherJump': {
			const reach = state.data.publishers[state.publishersList.cursor];
			if (!reach) return state;
			const closed: UiState = {...state, mode: 'tree', back: []};
			const context = treeContextOf(closed);
			const {order} = canonicalOrder(context);
			const wanted = new Set(reach.packages);
			const matches = order.filter((id) => wanted.has(id));
			const jumped = applySearch({...closed, cursor: 0}, `publisher ${reach.account}`, matches, context);
			return {...jumped, message: `${matches.length} packages publishable by ${reach.account} · n/N to step`};
		}
		case 'jumpTo':
			return jumpToPackage(state, action.id);
		case 'resize':
			return withScroll({...state, size: action.size});
		case 'data': {
			const next: UiState = {...state, data: action.data};
			const grown = action.data.graph;
			if (grown && grown !== state.graph) return withGraph(next, grown);
			return dataChangesRows(state) ? withRows(next, cursorKey(state)) : next;
		}
		case 'settings':
			return {...state, settings: action.settings};
		case 'message':
			return {...state, message: action.text};
		case 'refresh':
			return {...state, refreshToken: state.refreshToken + 1, message: 'refreshing…'};
		case 'quit':
			return {...state, quitting: true};
	}
}
