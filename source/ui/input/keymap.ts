import type {Action} from '../state/actions.js';
import type {Mode, UiState} from '../state/types.js';
import type {KeyPress} from './keys.js';

/** A mode's key handler: turns a key into actions (never touches state). Null = not handled. */
type Handler = (press: KeyPress, state: UiState) => Action | Action[] | null;

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
			return state.search.query ? {type: 'searchClear'} : null;
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
		s: {type: 'cycleSort'},
		f: {type: 'cycleFilter'},
		d: {type: 'toggleDev'},
		'=': {type: 'expandAll'},
		'+': {type: 'expandAll'},
		'-': {type: 'collapseAll'},
		w: {type: 'open', mode: 'why'},
		p: {type: 'open', mode: 'publishers'},
		e: {type: 'open', mode: 'export'},
		',': {type: 'open', mode: 'settings'},
		r: {type: 'refresh'},
		'?': {type: 'open', mode: 'help'},
		q: {type: 'quit'},
	};
	return byInput[press.input] ?? null;
};

const searchKeys: Handler = (press) => {
	switch (press.name) {
		case 'enter':
			return {type: 'searchAccept'};
		case 'escape':
			return {type: 'searchCancel'};
		case 'backspace':
			return {type: 'searchBackspace'};
		case null:
			return press.input ? {type: 'searchType', text: press.input} : null;
		default:
			return null;
	}
};

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
				return {type: 'scrollPage', delta: -10};
			case 'pageDown':
				return {type: 'scrollPage', delta: 10};
			case 'home':
				return {type: 'scrollPage', delta: -state.pageScroll};
			case 'escape':
			case 'left':
				return {type: 'back'};
			default:
				break;
		}

		if (press.input === 'k') return {type: 'scrollPage', delta: -1};
		if (press.input === 'j') return {type: 'scrollPage', delta: 1};
		if (press.input === 'q' || press.input === 'h') return {type: 'back'};
		return extra[press.input] ?? null;
	};

const detailKeys: Handler = (press, state) => {
	if (press.name === 'enter') return {type: 'back'};
	return pageKeys({
		w: {type: 'open', mode: 'why'},
		e: {type: 'open', mode: 'export'},
		p: {type: 'open', mode: 'publishers'},
		'?': {type: 'open', mode: 'help'},
	})(press, state);
};

const helpKeys: Handler = (press, state) => (press.input === '?' ? {type: 'back'} : pageKeys()(press, state));

const publisherKeys: Handler = (press) => {
	switch (press.name) {
		case 'up':
			return {type: 'publisherMove', delta: -1};
		case 'down':
			return {type: 'publisherMove', delta: 1};
		case 'pageUp':
			return {type: 'publisherMove', delta: -10};
		case 'pageDown':
			return {type: 'publisherMove', delta: 10};
		case 'enter':
			return {type: 'publisherJump'};
		case 'escape':
			return {type: 'back'};
		default:
			break;
	}

	if (press.input === 'k') return {type: 'publisherMove', delta: -1};
	if (press.input === 'j') return {type: 'publisherMove', delta: 1};
	if (press.input === 'q' || press.input === 'p') return {type: 'back'};
	return null;
};

/** Overlay components (export, settings) read their own keys; only Ctrl+C is routed globally. */
const ownInput: Handler = () => null;

/** The registry: one handler per mode. Ctrl+C is checked before any of them. */
export const handlers: Record<Mode, Handler> = {
	tree: treeKeys,
	search: searchKeys,
	detail: detailKeys,
	why: pageKeys(),
	publishers: publisherKeys,
	help: helpKeys,
	export: ownInput,
	settings: ownInput,
};

/** Route one key press to actions for the current mode. */
export function routeKey(press: KeyPress, state: UiState): Action[] {
	if (press.name === 'ctrlC') return [{type: 'quit'}];
	const result = handlers[state.mode](press, state);
	if (result === null) return [];
	return Array.isArray(result) ? result : [result];
}
