import {type Settings, sortKeys} from '../../config/settings.js';
import {ecosystemFor} from '../../ecosystems/index.js';
import type {DependencyGraph} from '../../graph/types.js';
import type {PublisherReach, RiskLevel} from '../../scoring/types.js';
import {
	type ExportContext,
	type ExportStep,
	exportReducer,
	initialExportStep,
} from '../export/export-state.js';
import {countedFlags, type FlagFilter} from '../format/flags.js';
import {labelOf} from '../format/row.js';
import {computeLayout, firstTreeLine, type Layout} from '../layout.js';
import {initialSettingsState, settingsListHeight, settingsReducer} from '../settings/use-settings-state.js';
import {createTreeContext, flatComparator, type TreeContext} from '../tree/context.js';
import {canonicalOrder, flattenFlat, flattenTree} from '../tree/flatten.js';
import {nextPlace, type Place, placeAt, placesOf} from '../tree/places.js';
import {type ExpansionState, pathKey, splitPathKey, type TreeRow} from '../tree/types.js';
import {computeView, isFiltering, noFilter, type TreeFilter} from '../tree/view.js';
import type {Action} from './actions.js';
import type {DataSnapshot, Effect, Mode, SearchState, TerminalSize, UiState, ViewKind} from './types.js';

/**
 * `f` cycles through these: everything, only what is at or above each level, then suspicious releases only
 * (`TreeFilter.suspicious`, with no level).
 */
export const filterCycle: ReadonlyArray<RiskLevel | 'suspicious' | null> = [
	null,
	'moderate',
	'high',
	'critical',
	'suspicious',
];

/** `v` cycles through these. */
export const viewCycle: readonly ViewKind[] = ['tree', 'flat', 'direct'];

export const emptyData: DataSnapshot = {
	reports: new Map(),
	rollups: new Map(),
	publishers: [],
	progress: null,
	scanning: true,
	version: 0,
};

const defaultExpansion: ExpansionState = {mode: 'default', explicit: new Map()};
const noSearch: SearchState = {
	draft: '',
	query: '',
	matches: [],
	matchSet: new Set(),
	places: [],
	index: -1,
	origin: null,
};
const refreshNotice = 'refreshing: fetching every package again…';

/** The layout the state is drawn with (heights for windowing, lines for mouse clicks). */
export function layoutOf(state: UiState): Layout {
	return computeLayout(state.size, state.settings.columns);
}

/** The lines a page (detail, why-paths, help) shows at once: the screen less the header and the key hints. */
export function pageHeight(state: UiState): number {
	return Math.max(1, layoutOf(state).height - 2);
}

/** The state before the first frame: roots expanded one level, cursor on the first row. */
export function createInitialState(input: {
	graph: DependencyGraph;
	settings: Settings;
	size: TerminalSize;
	data?: DataSnapshot;
	offline?: boolean;
}): UiState {
	const data = input.data ?? emptyData;
	const showDev = input.settings.showDevDependencies;
	const base: UiState = {
		graph: input.graph,
		data,
		view: computeView(input.graph, data, {showDev, filter: noFilter}),
		mode: 'tree',
		back: [],
		size: input.size,
		viewKind: 'tree',
		sort: input.settings.defaultSort,
		filter: noFilter,
		showDev,
		settings: input.settings,
		expansion: defaultExpansion,
		unfilteredExpansion: null,
		rows: [],
		cursor: 0,
		scrollTop: 0,
		marks: new Set(),
		search: noSearch,
		pendingG: false,
		pageScroll: 0,
		publishersList: {cursor: 0, scrollTop: 0},
		publishersQuery: {draft: '', query: ''},
		settingsScreen: initialSettingsState,
		exportDialog: {
			context: {
				selectedId: null,
				selectedLabel: '',
				markedIds: [],
				defaultFormat: input.settings.exportFormat,
			},
			step: {kind: 'format', index: 0},
		},
		message: null,
		messageUntilScanEnd: false,
		effect: null,
		refreshToken: 0,
		quitting: false,
		offline: input.offline ?? false,
	};
	return withRows(base, null);
}

/** The sort in force: the flat view is "sorted by risk" unless another sort was chosen. */
export function effectiveSort(state: UiState): UiState['sort'] {
	return state.viewKind === 'flat' && state.sort === 'tree' ? 'risk' : state.sort;
}

export function treeContextOf(state: UiState): TreeContext {
	return createTreeContext(
		state.view.graph,
		{reports: state.data.reports, rollups: state.view.rollups},
		{sort: effectiveSort(state)},
	);
}

/** Recompute the view (after the data, dev or the filter changed), then the rows. */
function withView(state: UiState, keepKey: string | null): UiState {
	const view = computeView(state.graph, state.data, {showDev: state.showDev, filter: state.filter});
	return withRows({...state, view}, keepKey);
}

function buildRows(state: UiState, context: TreeContext): TreeRow[] {
	switch (state.viewKind) {
		case 'flat':
			return flattenFlat(
				context,
				flatComparator(effectiveSort(state), {reports: state.data.reports, rollups: state.view.rollups}),
				state.view.matches,
			);
		case 'direct':
			return flattenTree(context, state.expansion, {directOnly: true});
		case 'tree':
			return flattenTree(context, state.expansion);
	}
}

/** Recompute the rows, keeping the cursor on the same path (or its nearest visible ancestor, or its package). */
function withRows(state: UiState, keepKey: string | null): UiState {
	const rows = buildRows(state, treeContextOf(state));
	let cursor = Math.min(state.cursor, Math.max(0, rows.length - 1));
	if (keepKey !== null) {
		const index = findRow(rows, keepKey);
		if (index >= 0) cursor = index;
	}

	return withScroll(withSearchPlaces({...state, rows, cursor}));
}

/** The rows changed: where the search's matches are now, and which one the cursor is on. */
function withSearchPlaces(state: UiState): UiState {
	if (state.search.matchSet.size === 0) return state;
	const places = placesIn(state, state.search.matchSet);
	return {...state, search: {...state.search, places, index: placeAt(places, state.cursor)}};
}

/** The places of these packages in the view (see `placesOf`): hidden ones only in the tree view. */
function placesIn(state: UiState, ids: ReadonlySet<string>, context = treeContextOf(state)): Place[] {
	return placesOf(state.rows, ids, state.viewKind === 'tree' ? canonicalOrder(context).pathOf : null);
}

/** The row with this key, else the row of its nearest ancestor path, else a row of the same package, else -1. */
function findRow(rows: readonly TreeRow[], key: string): number {
	const ids = splitPathKey(key);
	const byKey = new Map<string, number>();
	for (let i = 0; i < rows.length; i++) byKey.set(rows[i]!.key, i);
	for (let length = ids.length; length > 0; length--) {
		const index = byKey.get(pathKey(ids.slice(0, length)));
		if (index !== undefined) {
			// Switching between the flat list and the tree: land on the package itself rather than its root.
			if (length === 1 && ids.length > 1) break;
			return index;
		}
	}

	const id = ids.at(-1);
	const same = rows.findIndex((row) => row.id === id);
	if (same >= 0) return same;
	return byKey.get(ids[0]!) ?? -1;
}

/** Keep the cursor inside the visible window. */
function withScroll(state: UiState): UiState {
	const height = layoutOf(state).treeHeight;
	let {scrollTop} = state;
	if (state.cursor < scrollTop) scrollTop = state.cursor;
	if (state.cursor >= scrollTop + height) scrollTop = state.cursor - height + 1;
	scrollTop = Math.max(0, Math.min(scrollTop, Math.max(0, state.rows.length - height)));
	return scrollTop === state.scrollTop ? state : {...state, scrollTop};
}

function moveTo(state: UiState, index: number): UiState {
	const cursor = Math.max(0, Math.min(index, state.rows.length - 1));
	// The search counter says which match the cursor is on, however it got there.
	const {search} = state;
	const moved =
		search.places.length === 0
			? state
			: {...state, search: {...search, index: placeAt(search.places, cursor)}};
	return withScroll({...moved, cursor});
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

/** Packages of the view in screen order: the flat list's, or the order an expand-all would first show them. */
function packageOrder(state: UiState, context: TreeContext): string[] {
	if (state.viewKind !== 'tree') return state.rows.filter((row) => !row.isRoot).map((row) => row.id);
	return canonicalOrder(context).order;
}

/** Go to the nearest row of the package below the cursor (wrapping), else its first place, revealed. */
function jumpToPackage(state: UiState, id: string, context = treeContextOf(state)): UiState {
	const step = stepThrough(state, placesIn(state, new Set([id]), context), 1);
	if (step) return step.state;
	return {...state, message: state.viewKind === 'tree' ? 'hidden by the current filter' : 'not in this view'};
}

/**
 * From the cursor to the nearest of `places` below it (`direction` 1) or above it (-1), wrapping; null when there
 * are none. `index`/`count`: where that is among the places, counted again when going there revealed more rows.
 */
function stepThrough(
	state: UiState,
	places: readonly Place[],
	direction: 1 | -1,
): {state: UiState; index: number; count: number} | null {
	const index = nextPlace(places, state.cursor, direction);
	if (index === -1) return null;
	const place = places[index]!;
	if (place.hidden === null) return {state: moveTo(state, place.row), index, count: places.length};
	const revealed = reveal(state, place.hidden);
	const after = placesIn(revealed, new Set(places.map((item) => item.id)));
	return {state: revealed, index: placeAt(after, revealed.cursor), count: after.length};
}

function openMode(state: UiState, mode: Mode): UiState {
	if (state.mode === mode) return state;
	const transient = state.mode === 'search' || state.mode === 'publisherSearch';
	const back = transient ? state.back : [...state.back, state.mode];
	let next: UiState = {...state, mode, back, pageScroll: 0, message: null};
	if (mode === 'settings') next = {...next, settingsScreen: initialSettingsState};
	if (mode === 'export') next = {...next, exportDialog: openExport(state)};
	if (mode === 'publishers') next = {...next, publishersList: {cursor: 0, scrollTop: 0}};
	return next;
}

/** The export dialog as it opens: the selected package, the marked ones, the format setting. */
function openExport(state: UiState): {context: ExportContext; step: ExportStep} {
	const row = state.rows[state.cursor];
	const context: ExportContext = {
		selectedId: row?.id ?? null,
		selectedLabel: row ? labelOf(state.graph, row.id) : '',
		markedIds: [...state.marks],
		defaultFormat: state.settings.exportFormat,
	};
	return {context, step: initialExportStep(context)};
}

function goBack(state: UiState): UiState {
	const back = [...state.back];
	const mode = back.pop() ?? 'tree';
	return {...state, mode, back, pageScroll: 0};
}

/** Matches for a query: package names (or name@version) containing it, case-insensitive, in screen order. */
function searchMatches(state: UiState, query: string, context: TreeContext): string[] {
	const needle = query.toLowerCase();
	return packageOrder(state, context).filter((id) => {
		const node = state.graph.packages.get(id);
		return node !== undefined && `${node.name}@${node.version}`.toLowerCase().includes(needle);
	});
}

function applySearch(
	state: UiState,
	query: string,
	matches: string[],
	context: TreeContext,
	options: {readonly draft?: string; readonly quiet?: boolean} = {},
): UiState {
	const matchSet = new Set(matches);
	const places = placesIn(state, matchSet, context);
	const searched: UiState = {
		...state,
		search: {...state.search, draft: options.draft ?? '', query, matches, matchSet, places, index: -1},
	};
	const step = stepThrough(searched, places, 1);
	if (step) return step.state;
	return options.quiet ? searched : {...searched, message: `no match for ${query}`};
}

/**
 * The nearest row below (or above) the cursor of a package of the view whose locked version has advisories —
 * malicious reports and vulnerabilities alike — revealed when collapsed; wraps around. O(rows + packages).
 */
function jumpToAdvisory(state: UiState, direction: 1 | -1): UiState {
	const context = treeContextOf(state);
	const count = (id: string) => state.data.reports.get(id)?.release?.advisories?.length ?? 0;
	const flagged = new Set(packageOrder(state, context).filter((id) => count(id) > 0));
	const step = stepThrough(state, placesIn(state, flagged, context), direction);
	if (!step) return {...state, message: 'no package with known advisories in this view'};
	const found = count(step.state.rows[step.state.cursor]!.id);
	const where = `${step.index + 1}/${step.count} · ${countOf(flagged.size, 'package')}`;
	return {...step.state, message: `${countOf(found, 'advisory', 'advisories')} · ${where} · a/A to step`};
}

/** The nearest row below (or above) the cursor of a package that is itself critical or high; wraps around. */
function jumpToSevere(state: UiState, direction: 1 | -1): UiState {
	const context = treeContextOf(state);
	const severe = new Set(
		packageOrder(state, context).filter((id) => {
			const risk = state.data.reports.get(id)?.risk;
			return risk === 'critical' || risk === 'high';
		}),
	);
	const step = stepThrough(state, placesIn(state, severe, context), direction);
	if (!step) return {...state, message: 'no critical or high package in this view'};
	const where = `${step.index + 1}/${step.count} critical or high · ${countOf(severe.size, 'package')}`;
	return {...step.state, message: `${where} · ]/[ to step`};
}

function countOf(count: number, one: string, many = `${one}s`): string {
	return `${count} ${count === 1 ? one : many}`;
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

/** Incremental search: the draft as typed so far is the query; the cursor goes to its first match from `/`. */
function searchAsTyped(state: UiState, draft: string): UiState {
	const origin = state.search.origin;
	// Start from where `/` was pressed each time, so narrowing the query does not walk away from it.
	let from: UiState = {...state, search: {...state.search, draft}};
	if (origin) from = withRows({...from, expansion: origin.expansion}, origin.key);
	const query = draft.trim();
	if (query === '')
		return {
			...from,
			search: {...from.search, query: '', matches: [], matchSet: new Set(), places: [], index: -1},
		};
	const context = treeContextOf(from);
	return applySearch(from, query, searchMatches(from, query, context), context, {draft, quiet: true});
}

/** Rows depend on the data when they are sorted or filtered by it. */
function dataChangesRows(state: UiState): boolean {
	return isFiltering(state.filter) || (effectiveSort(state) !== 'tree' && effectiveSort(state) !== 'name');
}

function describeFilter(filter: TreeFilter): string {
	const parts: string[] = [];
	if (filter.level) parts.push(`${filter.level}${filter.level === 'critical' ? '' : ' and worse'}`);
	if (filter.suspicious) parts.push('suspicious releases only');
	if (filter.flag) parts.push(filter.flag === 'any' ? 'any flag' : `flag ${filter.flag}`);
	if (filter.publisher) parts.push(`publishable by ${filter.publisher.account}`);
	return parts.length === 0 ? 'filter: off' : `filter: ${parts.join(' · ')}`;
}

/**
 * A new filter: the view, the rows, and a notice saying how many packages it selects. A filter opens the whole
 * (narrowed) tree, so its matches are on screen under their dimmed ancestors rather than inside collapsed rows;
 * clearing it puts back the expansion from before.
 */
function withFilter(state: UiState, filter: TreeFilter): UiState {
	if (!isFiltering(filter)) return clearFilter(state);
	const unfilteredExpansion = state.unfilteredExpansion ?? state.expansion;
	const expansion: ExpansionState = {mode: 'all', explicit: new Map()};
	const next = withView(
		{...state, filter, expansion, unfilteredExpansion, search: state.search.query ? state.search : noSearch},
		cursorKey(state),
	);
	const count = next.view.matches?.size;
	const found = count === undefined ? '' : ` (${count} ${count === 1 ? 'package' : 'packages'}) · Esc clears`;
	return {...next, message: `${describeFilter(filter)}${found}`};
}

function clearFilter(state: UiState): UiState {
	const expansion = state.unfilteredExpansion ?? state.expansion;
	const next = withView({...state, filter: noFilter, expansion, unfilteredExpansion: null}, cursorKey(state));
	return {...next, message: 'filters cleared'};
}

/** The flag ids carried by packages of the (unfiltered) view, most common first: what `F` cycles through. */
function flagChoices(state: UiState): FlagFilter[] {
	const counts = new Map<string, number>();
	for (const [id, report] of state.data.reports) {
		const node = state.graph.packages.get(id);
		if (!node || (!state.showDev && node.dev)) continue;
		for (const flag of countedFlags(report.flags)) counts.set(flag.id, (counts.get(flag.id) ?? 0) + 1);
	}

	const ids = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
	return ['any', ...ids];
}

/** The publishers view's list: the view's accounts, narrowed by its `/` query (account or package names). */
export function visiblePublishers(state: UiState): readonly PublisherReach[] {
	const query = (state.mode === 'publisherSearch' ? state.publishersQuery.draft : state.publishersQuery.query)
		.trim()
		.toLowerCase();
	if (query === '') return state.view.publishers;
	return state.view.publishers.filter(
		(reach) =>
			reach.account.toLowerCase().includes(query) ||
			reach.packages.some((id) => state.graph.packages.get(id)?.name.toLowerCase().includes(query)),
	);
}

function publisherMove(state: UiState, delta: number): UiState {
	const count = visiblePublishers(state).length;
	const cursor = Math.max(0, Math.min(state.publishersList.cursor + delta, count - 1));
	const height = Math.max(1, layoutOf(state).bodyHeight - 2);
	let {scrollTop} = state.publishersList;
	if (cursor < scrollTop) scrollTop = cursor;
	if (cursor >= scrollTop + height) scrollTop = cursor - height + 1;
	return {...state, publishersList: {cursor: Math.max(0, cursor), scrollTop: Math.max(0, scrollTop)}};
}

/** Settings apply at once: the dev switch shows or hides dev rows now, as `d` does (which stays per session). */
function withSettings(state: UiState, settings: Settings): UiState {
	const next = {...state, settings};
	if (settings.showDevDependencies !== state.settings.showDevDependencies)
		return withView({...next, showDev: settings.showDevDependencies}, cursorKey(state));
	// Columns decide whether a side pane fits, and so the tree's height.
	return settings.columns === state.settings.columns ? next : withScroll(next);
}

function withEffect(state: UiState, effect: Effect): UiState {
	return {...state, effect};
}

/** `o`: the registry page of the selected package (its ecosystem knows the address). */
function openPage(state: UiState): UiState {
	const row = state.rows[state.cursor];
	const node = row ? state.graph.packages.get(row.id) : undefined;
	if (!node) return {...state, message: 'a root has no registry page: select a package'};
	if (node.source && node.source !== 'registry')
		return {
			...state,
			message: `${labelOf(state.graph, node.id)} is a ${node.source} dependency: no registry page`,
		};
	return withEffect(state, {
		kind: 'open',
		url: ecosystemFor(node.ecosystem).packageUrl(node.name, node.version),
	});
}

/** `y`: the selected package as `name@version` (a root: its name). */
function copyId(state: UiState): UiState {
	const row = state.rows[state.cursor];
	if (!row) return state;
	const node = state.graph.packages.get(row.id);
	const root = state.graph.roots.find((item) => item.id === row.id);
	const text = node ? `${node.name}@${node.version}` : (root?.name ?? row.id);
	return withEffect(state, {kind: 'copy', text});
}

/** A mouse event in the tree: the wheel moves, a click selects, a click on the selected row opens it. */
function treeMouse(state: UiState, event: Extract<Action, {type: 'mouse'}>['event']): UiState {
	if (event.button === 'wheelUp') return moveTo(state, state.cursor - 3);
	if (event.button === 'wheelDown') return moveTo(state, state.cursor + 3);
	if (event.button !== 'left' || event.release) return state;
	const layout = layoutOf(state);
	const line = event.y - firstTreeLine;
	if (event.x >= layout.treeWidth || line < 0 || line >= layout.treeHeight) return state;
	const index = state.scrollTop + line;
	const row = state.rows[index];
	if (!row) return state;
	if (index !== state.cursor) return moveTo(state, index);
	if (row.hasChildren && row.marker !== 'cycle') return setExpanded(state, row.key, !row.expanded);
	return openMode(state, 'detail');
}

function pageMouse(state: UiState, event: Extract<Action, {type: 'mouse'}>['event']): UiState {
	if (event.button === 'wheelUp') return {...state, pageScroll: Math.max(0, state.pageScroll - 3)};
	if (event.button === 'wheelDown') return {...state, pageScroll: state.pageScroll + 3};
	return state;
}

function publisherMouse(state: UiState, event: Extract<Action, {type: 'mouse'}>['event']): UiState {
	if (event.button === 'wheelUp') return publisherMove(state, -3);
	if (event.button === 'wheelDown') return publisherMove(state, 3);
	if (event.button !== 'left' || event.release) return state;
	// Header, column titles, then the list.
	const index = state.publishersList.scrollTop + event.y - 2;
	if (event.y < 2 || index >= visiblePublishers(state).length) return state;
	return publisherMove(state, index - state.publishersList.cursor);
}

/** The one reducer: pure, so every key's effect is unit-tested without Ink. */
export function reducer(state: UiState, action: Action): UiState {
	if (state.pendingG && action.type !== 'pendingG') state = {...state, pendingG: false};
	switch (action.type) {
		case 'move':
			return moveTo(state, state.cursor + action.delta);
		case 'page':
			return moveTo(state, state.cursor + action.direction * layoutOf(state).treeHeight);
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
			const next = withRows({...state, sort}, cursorKey(state));
			return {...next, message: `sort: ${effectiveSort(next)}`};
		}

		case 'setSort':
			return withRows({...state, sort: action.sort}, cursorKey(state));
		case 'cycleFilter': {
			const current = state.filter.suspicious ? 'suspicious' : state.filter.level;
			const next = filterCycle[(filterCycle.indexOf(current) + 1) % filterCycle.length] ?? null;
			return withFilter(state, {
				...state.filter,
				level: next === 'suspicious' ? null : next,
				suspicious: next === 'suspicious',
			});
		}

		case 'setFilter':
			return withView({...state, filter: {...state.filter, level: action.filter}}, cursorKey(state));
		case 'cycleFlagFilter': {
			const choices = flagChoices(state);
			const at = state.filter.flag === null ? -1 : choices.indexOf(state.filter.flag);
			const flag = at + 1 < choices.length ? choices[at + 1]! : null;
			return withFilter(state, {...state.filter, flag});
		}

		case 'filterTree':
			return withFilter(state, action.filter);
		case 'clearFilters':
			return clearFilter(state);
		case 'toggleDev': {
			const showDev = !state.showDev;
			const next = withView({...state, showDev}, cursorKey(state));
			const hidden = next.view.hiddenDev;
			return {
				...next,
				message: showDev ? 'dev dependencies shown' : `dev dependencies hidden (${hidden})`,
			};
		}

		case 'cycleView': {
			const viewKind = viewCycle[(viewCycle.indexOf(state.viewKind) + 1) % viewCycle.length]!;
			return reducer(state, {type: 'setView', view: viewKind});
		}

		case 'setView': {
			const next = withRows({...state, viewKind: action.view}, cursorKey(state));
			const label = {
				tree: 'tree view',
				flat: `flat view: every package once, sorted by ${effectiveSort(next)}`,
				direct: 'direct dependencies only',
			}[action.view];
			return {...next, message: label};
		}

		case 'jumpSevere':
			return jumpToSevere(state, action.direction);
		case 'open':
			return openMode(state, action.mode);
		case 'back':
			return goBack(state);
		case 'scrollPage':
			return {...state, pageScroll: Math.max(0, state.pageScroll + action.delta)};
		case 'pageScreen':
			return {...state, pageScroll: Math.max(0, state.pageScroll + action.direction * pageHeight(state))};
		case 'pageBottom':
			// The page knows its line count, the reducer does not: it draws its last screen and pulls this back.
			return {...state, pageScroll: Number.MAX_SAFE_INTEGER};
		case 'searchStart':
			return {
				...openMode(state, 'search'),
				search: {...state.search, draft: '', origin: {key: cursorKey(state), expansion: state.expansion}},
			};
		case 'searchType':
			return searchAsTyped(state, state.search.draft + action.text);
		case 'searchBackspace':
			return searchAsTyped(state, state.search.draft.slice(0, -1));
		case 'searchCancel': {
			// Back to where `/` was pressed, with no search in force.
			const origin = state.search.origin;
			const closed = goBack({...state, search: noSearch});
			return origin ? withRows({...closed, expansion: origin.expansion}, origin.key) : closed;
		}

		case 'searchClear':
			return {...state, search: noSearch, message: null};
		case 'searchAccept': {
			const closed = goBack(state);
			const query = state.search.draft.trim();
			if (query === '') return {...closed, search: noSearch};
			const search = {...closed.search, draft: '', origin: null};
			const {places, index} = state.search;
			if (places.length === 0) return {...closed, search, message: `no match for ${query}`};
			return {
				...closed,
				search,
				message: `${index + 1}/${places.length} · n/N next/previous · Esc clears`,
			};
		}

		case 'searchNext': {
			const {places, query} = state.search;
			const step = stepThrough({...state, message: null}, places, action.direction);
			if (step) return step.state;
			return {...state, message: query ? `no match for ${query}` : 'no search: press /'};
		}

		case 'publisherMove':
			return publisherMove(state, action.delta);
		case 'publisherJump': {
			const reach = visiblePublishers(state)[state.publishersList.cursor];
			if (!reach) return state;
			const closed: UiState = {...state, mode: 'tree', back: []};
			const context = treeContextOf(closed);
			const wanted = new Set(reach.packages);
			const matches = packageOrder(closed, context).filter((id) => wanted.has(id));
			const jumped = applySearch({...closed, cursor: 0}, `publisher ${reach.account}`, matches, context);
			return {...jumped, message: `${matches.length} packages publishable by ${reach.account} · n/N to step`};
		}

		case 'publisherFilter': {
			const reach = visiblePublishers(state)[state.publishersList.cursor];
			if (!reach) return state;
			const closed: UiState = {...state, mode: 'tree', back: []};
			return withFilter(closed, {
				...state.filter,
				publisher: {ecosystem: reach.ecosystem, account: reach.account},
			});
		}

		case 'publisherSearchStart':
			return {
				...state,
				mode: 'publisherSearch',
				publishersQuery: {draft: '', query: state.publishersQuery.query},
				publishersList: {cursor: 0, scrollTop: 0},
			};
		case 'publisherSearchType':
			return {
				...state,
				publishersQuery: {...state.publishersQuery, draft: state.publishersQuery.draft + action.text},
				publishersList: {cursor: 0, scrollTop: 0},
			};
		case 'publisherSearchBackspace':
			return {
				...state,
				publishersQuery: {...state.publishersQuery, draft: state.publishersQuery.draft.slice(0, -1)},
				publishersList: {cursor: 0, scrollTop: 0},
			};
		case 'publisherSearchAccept':
			return {
				...state,
				mode: 'publishers',
				publishersQuery: {draft: '', query: state.publishersQuery.draft.trim()},
			};
		case 'publisherSearchCancel':
			return {
				...state,
				mode: 'publishers',
				publishersQuery: {draft: '', query: ''},
				publishersList: {cursor: 0, scrollTop: 0},
			};
		case 'jumpTo':
			return jumpToPackage(state, action.id);
		case 'jumpAdvisory':
			return jumpToAdvisory(state, action.direction);
		case 'copyId':
			return copyId(state);
		case 'openPage':
			return openPage(state);
		case 'mouse':
			switch (state.mode) {
				case 'tree':
					return treeMouse(state, action.event);
				case 'detail':
				case 'why':
				case 'help':
					return pageMouse(state, action.event);
				case 'publishers':
					return publisherMouse(state, action.event);
				default:
					return state;
			}

		case 'settingsKey': {
			const listHeight = settingsListHeight(layoutOf(state).height - 1);
			const transition = settingsReducer(state.settingsScreen, action.action, state.settings, listHeight);
			let next: UiState = {...state, settingsScreen: transition.state};
			if (transition.settings) next = reducer(next, {type: 'settings', settings: transition.settings});
			return transition.close ? goBack(next) : next;
		}

		case 'exportKey': {
			const {context, step} = state.exportDialog;
			const transition = exportReducer(step, action.action, context);
			let next: UiState = {...state, exportDialog: {context, step: transition.step}};
			// The path stays in the status line after the dialog is closed.
			if (transition.step.kind === 'done' && step.kind !== 'done')
				next = {...next, message: `Wrote ${transition.step.path}`, messageUntilScanEnd: false};
			return transition.close ? goBack(next) : next;
		}

		case 'resize':
			return withScroll({...state, size: action.size});
		case 'data': {
			let next: UiState = {...state, data: action.data};
			if (state.messageUntilScanEnd && state.data.scanning && !action.data.scanning)
				next = {...next, message: null, messageUntilScanEnd: false};
			// The scan grew the graph (resolution): rows are rebuilt over it, the cursor kept on its package.
			const grown = action.data.graph && action.data.graph !== state.graph ? action.data.graph : null;
			// The view is counted over the data: recompute it (cheap when it is the whole graph, see computeView).
			const view = computeView(grown ?? state.graph, action.data, {
				showDev: state.showDev,
				filter: state.filter,
			});
			next = {...next, view};
			if (grown) return withGraph(next, grown);
			return dataChangesRows(state) || view.graph !== state.view.graph
				? withRows(next, cursorKey(state))
				: next;
		}

		case 'settings':
			return withSettings(state, action.settings);

		case 'message':
			return {...state, message: action.text, messageUntilScanEnd: false};
		case 'refresh':
			if (state.offline)
				return {...state, message: 'offline: nothing can be fetched — run without --offline to refresh'};
			return {
				...state,
				refreshToken: state.refreshToken + 1,
				message: refreshNotice,
				messageUntilScanEnd: true,
			};
		case 'quit':
			return {...state, quitting: true};
	}
}
