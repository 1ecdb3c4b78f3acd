import type {Settings, SortKey} from '../../config/settings.js';
import type {DependencyGraph} from '../../graph/types.js';
import type {ScanProgress} from '../../scan/types.js';
import type {PackageReport, PublisherReach, Rollup} from '../../scoring/types.js';
import type {ExportContext, ExportStep} from '../export/export-state.js';
import type {SettingsState} from '../settings/use-settings-state.js';
import type {Place} from '../tree/places.js';
import type {ExpansionState, TreeRow} from '../tree/types.js';
import type {TreeFilter, ViewData} from '../tree/view.js';

/** What the screen shows: the tree, a full-height view over it, or an overlay. */
export type Mode =
	| 'tree'
	| 'search'
	| 'detail'
	| 'why'
	| 'publishers'
	| 'publisherSearch'
	| 'help'
	| 'export'
	| 'settings';

/** How the packages are laid out: the dependency tree, one flat list (ncdu-style), or direct dependencies only. */
export type ViewKind = 'tree' | 'flat' | 'direct';

/** The streamed data, replaced as a whole on every store flush. */
export type DataSnapshot = {
	readonly reports: ReadonlyMap<string, PackageReport>;
	readonly rollups: ReadonlyMap<string, Rollup>;
	readonly publishers: readonly PublisherReach[];
	/** The graph these data belong to, when the scan grew it (resolution); the state's graph follows it. */
	readonly graph?: DependencyGraph;
	readonly progress: ScanProgress | null;
	/** False once the scan has ended (complete or aborted). */
	readonly scanning: boolean;
	/** Increments on every flush. */
	readonly version: number;
	/**
	 * The reports of `ids` are the only ones that differ from those of `since` (the previous snapshot's): a view
	 * that counted `since` updates its counts from these alone. Absent: compare every package.
	 */
	readonly changes?: {
		readonly since: ReadonlyMap<string, PackageReport>;
		readonly ids: ReadonlySet<string>;
	};
};

export type TerminalSize = {readonly columns: number; readonly rows: number};

export type SearchState = {
	/** What is being typed after `/`. */
	readonly draft: string;
	/** The query in force (shown in the status line), or a label such as `publisher alice`. */
	readonly query: string;
	/** Matching package ids in tree order. */
	readonly matches: readonly string[];
	/** The same ids as a set: every match is marked on its row. */
	readonly matchSet: ReadonlySet<string>;
	/**
	 * Where the matches are, in screen order: every row that shows a matching package (a package shown in several
	 * rows is as many matches), then one place per matching package no row shows yet (inside a collapsed subtree).
	 * `n`/`N` step through them and the counter counts them.
	 */
	readonly places: readonly Place[];
	/** Index into places of the one the cursor is on, -1 when it is on none. */
	readonly index: number;
	/** Where `/` was pressed: Esc goes back there (the search moves the cursor as one types). */
	readonly origin: {readonly key: string | null; readonly expansion: ExpansionState} | null;
};

/** A scrollable list's position. */
export type ListPosition = {readonly cursor: number; readonly scrollTop: number};

/** Something the reducer asks the app to do outside the state (the clipboard, a browser). */
export type Effect =
	| {readonly kind: 'copy'; readonly text: string}
	| {readonly kind: 'open'; readonly url: string};

export type UiState = {
	readonly graph: DependencyGraph;
	readonly data: DataSnapshot;
	/** The graph as shown and what is counted over it (follows dev hidden and the filter). */
	readonly view: ViewData;
	readonly mode: Mode;
	/** Modes to return to on Esc/q (an overlay opened from the detail view returns there). */
	readonly back: readonly Mode[];
	readonly size: TerminalSize;
	readonly viewKind: ViewKind;
	readonly sort: SortKey;
	readonly filter: TreeFilter;
	readonly showDev: boolean;
	/** The live settings: the one copy the UI has (the settings screen replaces it; everything reads it). */
	readonly settings: Settings;
	readonly expansion: ExpansionState;
	/** The expansion before a filter opened everything (so its matches show); Esc puts it back. */
	readonly unfilteredExpansion: ExpansionState | null;
	readonly rows: readonly TreeRow[];
	readonly cursor: number;
	readonly scrollTop: number;
	readonly marks: ReadonlySet<string>;
	readonly search: SearchState;
	/** The first `g` of `gg` was pressed. */
	readonly pendingG: boolean;
	/** Scroll offset of the detail, why-paths and help views. */
	readonly pageScroll: number;
	readonly publishersList: ListPosition;
	/** The publishers view's `/` filter: what is being typed, and the query in force. */
	readonly publishersQuery: {readonly draft: string; readonly query: string};
	/** The settings overlay's cursor, window and edit. */
	readonly settingsScreen: SettingsState;
	/** The export overlay: what it offers and where it is. */
	readonly exportDialog: {readonly context: ExportContext; readonly step: ExportStep};
	/** A one-line notice in the status area ("no match for foo", "Wrote …"); the next key in the tree clears it. */
	readonly message: string | null;
	/** The notice is about the running scan (`r`): it also goes when that scan ends. */
	readonly messageUntilScanEnd: boolean;
	/** Asked of the app: each request is a new object, done once. */
	readonly effect: Effect | null;
	/** Incremented by `r`: the app restarts the scan. */
	readonly refreshToken: number;
	readonly quitting: boolean;
	/** `--offline`: nothing is fetched, so `r` has nothing to refresh. */
	readonly offline: boolean;
};
