import type {ExportScope} from '../cli/export.js';
import type {ExportFormat, Settings} from '../config/settings.js';
import type {DependencyGraph} from '../graph/types.js';
import type {PackageFacts} from '../registries/types.js';
import type {Scan} from '../scan/types.js';
import type {ReleaseTreeView} from '../scoring/release/tree.js';
import type {PackageReport, Rollup} from '../scoring/types.js';
import type {ColorLevel} from '../text/color.js';
import type {CopyResult} from './system/clipboard.js';
import type {UrlOpener} from './system/open-url.js';

/**
 * The reports as the UI has them when the user exports (the exporter needs the same data that is on screen).
 * Publisher concentration is not passed: the report computes it over its own scope.
 */
export type ExportData = {
	/** The graph as the scan has grown it (resolution); absent = the one the UI started with. */
	readonly graph?: DependencyGraph;
	readonly reports: ReadonlyMap<string, PackageReport>;
	readonly rollups: ReadonlyMap<string, Rollup>;
};

/** Everything the interactive UI needs; the CLI wires the real implementations, tests pass fakes. */
export type TuiOptions = {
	readonly graph: DependencyGraph;
	readonly settings: Settings;
	/** Start fetching (again, with `refresh` after `r`). Aborting the signal must end the scan's events. */
	readonly startScan: (signal: AbortSignal, options?: {readonly refresh: boolean}) => Scan;
	/** Score one package's facts with the settings the UI has now (`now` is the caller's). */
	readonly score: (id: string, facts: PackageFacts, settings: Settings) => PackageReport;
	/**
	 * `withTree(score(…), tree)` in one pass: given, each package is judged once as it arrives (a warm run's
	 * burst of the whole tree costs one verdict per package).
	 */
	readonly scoreWithTree?: (
		id: string,
		facts: PackageFacts,
		tree: ReleaseTreeView,
		settings: Settings,
	) => PackageReport;
	/** Re-derive a report's tree-level release evidence against the rest of the tree (optional). */
	readonly withTree?: (report: PackageReport, tree: ReleaseTreeView, settings: Settings) => PackageReport;
	/**
	 * The project's judgement of a report (its policy file's accepted findings), applied last, after the tree's
	 * evidence (optional).
	 */
	readonly judge?: (report: PackageReport) => PackageReport;
	/**
	 * Write a report file; resolves to its path. `data` is what the UI currently has, `settings` the live
	 * ones (export folder, thresholds).
	 */
	readonly exportReport: (
		format: ExportFormat,
		scope: ExportScope,
		data: ExportData,
		settings: Settings,
	) => Promise<string>;
	/** Persist changed settings (the UI applies columns and colour live). */
	readonly saveSettings: (settings: Settings) => void | Promise<void>;
	/** Shown in the header, e.g. `web-app/package-lock.json` or `3 lockfiles`. */
	readonly lockfileLabel: string;
	/** No network: missing data is explained as "offline". */
	readonly offline: boolean;
	/**
	 * Whether colour may be used at all (false with --no-color or NO_COLOR); default from NO_COLOR. Within it,
	 * the live `color` setting decides.
	 */
	readonly colorAllowed?: boolean;
	/**
	 * What the terminal can show (`terminalColorLevel` of the real output stream: runTui passes it). 0 draws no
	 * escape codes at all.
	 *
	 * @default the level of ink's stdout (0 for a test stream)
	 */
	readonly colorLevel?: ColorLevel;
	/**
	 * Open a URL in the browser (`o`).
	 *
	 * @default the platform opener (xdg-open, open, rundll32)
	 */
	readonly openUrl?: UrlOpener;
	/**
	 * Put text on the clipboard (`y`).
	 *
	 * @default OSC 52 on ink's stdout
	 */
	readonly copyText?: (text: string) => CopyResult;
};
