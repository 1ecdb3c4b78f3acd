import type {Settings, SortKey} from '../../config/settings.js';
import type {TreeFilter} from '../tree/context.js';
import type {DataSnapshot, Mode, TerminalSize} from './types.js';

/** Everything that can change the UI state. Input handlers only produce these. */
export type Action =
	| {readonly type: 'move'; readonly delta: number}
	| {readonly type: 'page'; readonly direction: 1 | -1}
	| {readonly type: 'top'}
	| {readonly type: 'bottom'}
	| {readonly type: 'pendingG'}
	| {readonly type: 'expandOrChild'}
	| {readonly type: 'collapseOrParent'}
	| {readonly type: 'expandAll'}
	| {readonly type: 'collapseAll'}
	| {readonly type: 'toggleMark'}
	| {readonly type: 'cycleSort'}
	| {readonly type: 'setSort'; readonly sort: SortKey}
	| {readonly type: 'cycleFilter'}
	| {readonly type: 'setFilter'; readonly filter: TreeFilter}
	| {readonly type: 'toggleDev'}
	| {readonly type: 'open'; readonly mode: Mode}
	| {readonly type: 'back'}
	| {readonly type: 'scrollPage'; readonly delta: number}
	| {readonly type: 'searchStart'}
	| {readonly type: 'searchType'; readonly text: string}
	| {readonly type: 'searchBackspace'}
	| {readonly type: 'searchAccept'}
	| {readonly type: 'searchCancel'}
	| {readonly type: 'searchClear'}
	| {readonly type: 'searchNext'; readonly direction: 1 | -1}
	| {readonly type: 'publisherMove'; readonly delta: number}
	| {readonly type: 'publisherJump'}
	| {readonly type: 'jumpTo'; readonly id: string}
	/** `a` / `A`: the next / previous package (in tree order) with known advisories. */
	| {readonly type: 'jumpAdvisory'; readonly direction: 1 | -1}
	| {readonly type: 'resize'; readonly size: TerminalSize}
	| {readonly type: 'data'; readonly data: DataSnapshot}
	/** The settings screen saved new settings: the one live copy is replaced. */
	| {readonly type: 'settings'; readonly settings: Settings}
	| {readonly type: 'message'; readonly text: string | null}
	| {readonly type: 'refresh'}
	| {readonly type: 'quit'};
