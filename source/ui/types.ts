import type {ExportScope} from '../cli/export.js';
import type {ExportFormat, Settings} from '../config/settings.js';
import type {DependencyGraph} from '../graph/types.js';
import type {PackageFacts} from '../registries/types.js';
import type {Scan} from '../scan/types.js';
import type {PackageReport, PublisherReach, Rollup} from '../scoring/types.js';

/** The reports as the UI has them when the user exports (the exporter needs the same data that is on screen). */
export type ExportData = {
	/** The graph as the scan has grown it (resolution); absent = the one the UI started with. */
	readonly graph?: DependencyGraph;
	readonly reports: ReadonlyMap<string, PackageReport>;
	readonly rollups: ReadonlyMap<string, Rollup>;
	readonly publishers: readonly PublisherReach[];
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
};
