import type {Settings, SortKey} from '../../config/settings.js';
import type {DependencyGraph} from '../../graph/types.js';
import type {ScanProgress} from '../../scan/types.js';
import type {PackageReport, PublisherReach, RiskLevel, Rollup} from '../../scoring/types.js';
import type {ExpansionState, TreeRow} from '../tree/types.js';

/** What the screen shows: the tree, a full-height view over it, or an overlay component. */
export type Mode = 'tree' | 'search' | 'detail' | 'why' | 'publishers' | 'help' | 'export' | 'settings';

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
};

export type TerminalSize = {readonly columns: number; readonly rows: number};

export type SearchState = {
	/** What is being typed after `/`. */
	readonly draft: string;
	/** The accepted query (shown in the status line), or a label such as `publisher alice`. */
	readonly query: string;
	/** Matching package ids in tree order. */
	readonly matches: readonly string[];
	/** Index into matches of the current one, -1 when none. */
	readonly index: number;
};

/** A scrollable list's position. */
export type ListPosition = {readonly cursor: number; readonly scrollTop: number};

export type UiState = {
	readonly graph: DependencyGraph;
	readonly data: DataSnapshot;
	readonly mode: Mode;
	/** Modes to return to on Esc/q (an overlay opened from the detail view returns there). */
	readonly back: readonly Mode[];
	readonly size: TerminalSize;
	readonly sort: SortKey;
	readonly filter: RiskLevel | null;
	readonly showDev: boolean;
	/** The live settings: the one copy the UI has (the settings screen replaces it; everything reads it). */
	readonly settings: Settings;
	readonly expansion: ExpansionState;
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
	/** A one-line notice in the status area ("no match for foo", "Wrote …"). */
	readonly message: string | null;
	/** Incremented by `r`: the app restarts the scan. */
	readonly refreshToken: number;
	readonly quitting: boolean;
};
