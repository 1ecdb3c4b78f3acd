import type {ExportScope} from '../cli/export.js';
import type {ExportFormat, Settings} from '../config/settings.js';
import type {DependencyGraph} from '../graph/types.js';
import type {PackageFacts} from '../registries/types.js';
import type {Scan} from '../scan/types.js';
import type {PackageReport, PublisherReach, Rollup} from '../scoring/types.js';

/** The reports as the UI has them when the user exports (the exporter needs the same data that is on screen). */
export type ExportData = {
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
	/** Score one package's facts (thresholds and `now` bound by the caller). */
	readonly score: (id: string, facts: PackageFacts) => PackageReport;
	/** Write a report file; resolves to its path. `data` is what the UI currently has. */
	readonly exportReport: (format: ExportFormat, scope: ExportScope, data: ExportData) => Promise<string>;
	/** Persist changed settings (the UI applies columns and colour live). */
	readonly saveSettings: (settings: Settings) => void | Promise<void>;
	/** Shown in the header, e.g. `web-app/package-lock.json` or `3 lockfiles`. */
	readonly lockfileLabel: string;
	/** No network: missing data is explained as "offline". */
	readonly offline: boolean;
	/** Where exports go, shown in the export dialog. */
	readonly exportDirectory?: string;
	/** Colour on; default `settings.color` unless NO_COLOR is set. */
	readonly color?: boolean;
};
