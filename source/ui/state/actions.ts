import type {Settings, SortKey} from '../../config/settings.js';
import type {RiskLevel} from '../../scoring/types.js';
import type {ExportAction} from '../export/export-state.js';
import type {MouseEvent} from '../input/keys.js';
import type {SettingsAction} from '../settings/use-settings-state.js';
import type {TreeFilter} from '../tree/view.js';
import type {DataSnapshot, Mode, TerminalSize, ViewKind} from './types.js';

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
	| {readonly type: 'setFilter'; readonly filter: RiskLevel | null}
	/** `F`: off → any flag → each flag id present → off. */
	| {readonly type: 'cycleFlagFilter'}
	/** Replace the whole filter (tests; the publishers view's `f`). */
	| {readonly type: 'filterTree'; readonly filter: TreeFilter}
	| {readonly type: 'clearFilters'}
	| {readonly type: 'toggleDev'}
	/** `v`: tree → flat → direct → tree. */
	| {readonly type: 'cycleView'}
	| {readonly type: 'setView'; readonly view: ViewKind}
	/** `]` / `[`: the next / previous package that is itself critical or high. */
	| {readonly type: 'jumpSevere'; readonly direction: 1 | -1}
	| {readonly type: 'open'; readonly mode: Mode}
	| {readonly type: 'back'}
	| {readonly type: 'scrollPage'; readonly delta: number}
	/** A page (detail, why-paths, help): a screen up or down, or its last screen. */
	| {readonly type: 'pageScreen'; readonly direction: 1 | -1}
	| {readonly type: 'pageBottom'}
	| {readonly type: 'searchStart'}
	| {readonly type: 'searchType'; readonly text: string}
	| {readonly type: 'searchBackspace'}
	| {readonly type: 'searchAccept'}
	| {readonly type: 'searchCancel'}
	| {readonly type: 'searchClear'}
	| {readonly type: 'searchNext'; readonly direction: 1 | -1}
	| {readonly type: 'publisherMove'; readonly delta: number}
	| {readonly type: 'publisherJump'}
	/** `f` in the publishers view: the tree filtered to what the highlighted account can publish. */
	| {readonly type: 'publisherFilter'}
	| {readonly type: 'publisherSearchStart'}
	| {readonly type: 'publisherSearchType'; readonly text: string}
	| {readonly type: 'publisherSearchBackspace'}
	| {readonly type: 'publisherSearchAccept'}
	| {readonly type: 'publisherSearchCancel'}
	| {readonly type: 'jumpTo'; readonly id: string}
	/** `a` / `A`: the next / previous package (in tree order) with known advisories. */
	| {readonly type: 'jumpAdvisory'; readonly direction: 1 | -1}
	/** `y`: copy the selected package's name@version. */
	| {readonly type: 'copyId'}
	/** `o`: open the selected package's registry page. */
	| {readonly type: 'openPage'}
	| {readonly type: 'mouse'; readonly event: MouseEvent}
	| {readonly type: 'settingsKey'; readonly action: SettingsAction}
	| {readonly type: 'exportKey'; readonly action: ExportAction}
	| {readonly type: 'resize'; readonly size: TerminalSize}
	| {readonly type: 'data'; readonly data: DataSnapshot}
	/** New settings (the settings screen, or the caller): the one live copy is replaced. */
	| {readonly type: 'settings'; readonly settings: Settings}
	| {readonly type: 'message'; readonly text: string | null}
	| {readonly type: 'refresh'}
	| {readonly type: 'quit'};
