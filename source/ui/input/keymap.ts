import {exportKeyAction} from '../export/export-state.js';
import {settingsKeyAction} from '../settings/settings-keys.js';
import type {Action} from '../state/actions.js';
import type {Mode, UiState} from '../state/types.js';
import {isFiltering} from '../tree/view.js';
import type {KeyPress} from './keys.js';

/** A mode's key handler: turns a key into actions (never touches state). Null = not handled. */
type Handler = (press: KeyPress, state: UiState) => Action | Action[] | null;

/** Mouse events go to the reducer, which knows the layout (which row was clicked). */
const mouse = (press: KeyPress): Action | null =>
	press.name === 'mouse' && press.mouse ? {type: 'mouse', event: press.mouse} : null;

const treeKeys: Handler = (press, state) => {
	if (state.pendingG && press.input === 'g') return {type: 'pendingG'};
	switch (press.name) {
		case 'up':
			return {type: 'move', delta: -1};
		case 'down':
			return {type: 'move', delta: 1};
		case 'right':
			return {type: 'expandOrChild'};
		case 'left':
			return {type: 'collapseOrParent'};
		case 'enter':
			return {type: 'open', mode: 'detail'};
		case 'pageUp':
			return {type: 'page', direction: -1};
		case 'pageDown':
			return {type: 'page', direction: 1};
		case 'home':
			return {type: 'top'};
		case 'end':
			return {type: 'bottom'};
		case 'escape':
			// Esc undoes the last narrowing: the search first, then the filters.
			if (state.search.query) return {type: 'searchClear'};
			return isFiltering(state.filter) ? {type: 'clearFilters'} : null;
		case 'mouse':
			return mouse(press);
		default:
			break;
	}

	const byInput: Record<string, Action> = {
		k: {type: 'move', delta: -1},
		j: {type: 'move', delta: 1},
		l: {type: 'expandOrChild'},
		h: {type: 'collapseOrParent'},
		g: {type: 'pendingG'},
		G: {type: 'bottom'},
		' ': {type: 'toggleMark'},
		'/': {type: 'searchStart'},
		n: {type: 'searchNext', direction: 1},
		N: {type: 'searchNext', direction: -1},
		a: {type: 'jumpAdvisory', direction: 1},
		A: {type: 'jumpAdvisory', direction: -1},
		']': {type: 'jumpSevere', direction: 1},
		'[': {type: 'jumpSevere', direction: -1},
		s: {type: 'cycleSort'},
		f: {type: 'cycleFilter'},
		F: {type: 'cycleFlagFilter'},
		d: {type: 'toggleDev'},
		v: {type: 'cycleView'},
		'=': {type: 'expandAll'},
		'+': {type: 'expandAll'},
		'-': {type: 'collapseAll'},
		w: {type: 'open', mode: 'why'},
		p: {type: 'open', mode: 'publishers'},
		e: {type: 'open', mode: 'export'},
		y: {type: 'copyId'},
		o: {type: 'openPage'},
		',': {type: 'open', mode: 'settings'},
		r: {type: 'refresh'},
		'?': {type: 'open', mode: 'help'},
		q: {type: 'quit'},
	};
	return byInput[press.input] ?? null;
};

/** Typing a query (the tree's `/`, the publishers view's `/`): text, Backspace, Enter accepts, Esc cancels. */
const queryKeys =
	(actions: {type: (text: string) => Action; backspace: Action; accept: Action; cancel: Action}): Handler =>
	(press) => {
		switch (press.name) {
			case 'enter':
				return actions.accept;
			case 'escape':
				return actions.cancel;
			case 'backspace':
				return actions.backspace;
			case null:
				return press.input ? actions.type(press.input) : null;
			default:
				return null;
		}
	};

const searchKeys = queryKeys({
	type: (text) => ({type: 'searchType', text}),
	backspace: {type: 'searchBackspace'},
	accept: {type: 'searchAccept'},
	cancel: {type: 'searchCancel'},
});

const publisherSearchKeys = queryKeys({
	type: (text) => ({type: 'publisherSearchType', text}),
	backspace: {type: 'publisherSearchBackspace'},
	accept: {type: 'publisherSearchAccept'},
	cancel: {type: 'publisherSearchCancel'},
});

/** Detail, why-paths and help: a scrollable page over the tree. */
const pageKeys =
	(extra: Record<string, Action> = {}): Handler =>
	(press, state) => {
		switch (press.name) {
			case 'up':
				return {type: 'scrollPage', delta: -1};
			case 'down':
				return {type: 'scrollPage', delta: 1};
			case 'pageUp':
				return {type: 'pageScreen', direction: -1};
			case 'pageDown':
				return {type: 'pageScreen', direction: 1};
			case 'home':
				return {type: 'scrollPage', delta: -state.pageScroll};
			case 'end':
				return {type: 'pageBottom'};
			case 'escape':
			case 'left':
				return {type: 'back'};
			case 'mouse':
				return mouse(press);
			default:
				break;
		}

		if (press.input === 'k') return {type: 'scrollPage', delta: -1};
		if (press.input === 'j') return {type: 'scrollPage', delta: 1};
		if (press.input === 'G') return {type: 'pageBottom'};
		if (press.input === 'q' || press.input === 'h') return {type: 'back'};
		return extra[press.input] ?? null;
	};

const detailKeys: Handler = (press, state) => {
	if (press.name === 'enter') return {type: 'back'};
	return pageKeys({
		w: {type: 'open', mode: 'why'},
		e: {type: 'open', mode: 'export'},
		p: {type: 'open', mode: 'publishers'},
		y: {type: 'copyId'},
		o: {type: 'openPage'},
		'?': {type: 'open', mode: 'help'},
	})(press, state);
};

const helpKeys: Handler = (press, state) => (press.input === '?' ? {type: 'back'} : pageKeys()(press, state));

const publisherKeys: Handler = (press, state) => {
	switch (press.name) {
		case 'up':
			return {type: 'publisherMove', delta: -1};
		case 'down':
			return {type: 'publisherMove', delta: 1};
		case 'pageUp':
			return {type: 'publisherMove', delta: -10};
		case 'pageDown':
			return {type: 'publisherMove', delta: 10};
		case 'home':
			return {type: 'publisherMove', delta: -state.publishersList.cursor};
		case 'end':
			return {type: 'publisherMove', delta: state.view.publishers.length};
		case 'enter':
			return {type: 'publisherJump'};
		case 'escape':
			return state.publishersQuery.query ? {type: 'publisherSearchCancel'} : {type: 'back'};
		case 'mouse':
			return mouse(press);
		default:
			break;
	}

	if (press.input === 'k') return {type: 'publisherMove', delta: -1};
	if (press.input === 'j') return {type: 'publisherMove', delta: 1};
	if (press.input === '/') return {type: 'publisherSearchStart'};
	if (press.input === 'f') return {type: 'publisherFilter'};
	if (press.input === 'q' || press.input === 'p') return {type: 'back'};
	return null;
};

const settingsKeys: Handler = (press, state) => {
	const action = settingsKeyAction(press, state.settingsScreen.editing !== null);
	return action ? {type: 'settingsKey', action} : null;
};

const exportKeys: Handler = (press) => {
	const action = exportKeyAction(press);
	return action ? {type: 'exportKey', action} : null;
};

/** The registry: one handler per mode. Ctrl+C is checked before any of them. */
export const handlers: Record<Mode, Handler> = {
	tree: treeKeys,
	search: searchKeys,
	detail: detailKeys,
	why: pageKeys(),
	publishers: publisherKeys,
	publisherSearch: publisherSearchKeys,
	help: helpKeys,
	export: exportKeys,
	settings: settingsKeys,
};

/**
 * Modes that read Ctrl+letter themselves: the settings editor moves its caret with Ctrl+A / Ctrl+E. Everywhere
 * else a Ctrl+letter is no key at all — the handlers match on the letter, and Ctrl+D must not do what `d` does.
 */
const readsCtrl: ReadonlySet<Mode> = new Set(['settings']);

/** Route one key press to actions for the current mode. */
export function routeKey(press: KeyPress, state: UiState): Action[] {
	if (press.name === 'ctrlC') return [{type: 'quit'}];
	if (press.name === 'ctrl' && !readsCtrl.has(state.mode)) return [];
	const result = handlers[state.mode](press, state);
	if (result === null) return [];
	return Array.isArray(result) ? result : [result];
}
