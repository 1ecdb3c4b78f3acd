import type {DependencyGraph} from '../graph/types.js';
import type {CooldownSetting} from '../policy/cooldown/types.js';
import type {Thresholds} from '../scoring/thresholds.js';
import type {PackageReport, Rollup} from '../scoring/types.js';

/** What a report covers. */
export type ReportScope =
	| {readonly kind: 'all'}
	/** A package (or a root) and everything beneath it. */
	| {readonly kind: 'subtree'; readonly id: string}
	/** Exactly these packages (the TUI's marked rows). */
	| {readonly kind: 'marked'; readonly ids: readonly string[]}
	/** What a change adds or moves to (`commit-tui diff`), between two named sides. */
	| {readonly kind: 'diff'; readonly ids: readonly string[]; readonly base: string; readonly head: string};

/** `--fail-on`: the level at or above which a run fails (exit 1); `none` never fails. */
export type FailOn = 'critical' | 'high' | 'moderate' | 'none';

export type {ReportFormat} from './formats.js';

export type ReportMeta = {
	/** Defaults to 'commit-tui'. */
	readonly toolName?: string;
	readonly toolVersion: string;
	/** When the report was made; also the "now" for ages shown in it. */
	readonly generatedAt: Date | string;
	/** SARIF lists packages at or above this level; `none` or absent → `high`. */
	readonly failOn?: FailOn;
	/** Shown in the reports that explain the levels; defaults to the default thresholds. */
	readonly thresholds?: Thresholds;
	/** The project's own policy: its policy file and its tools' cooldown settings (header and summary). */
	readonly project?: ReportProjectPolicy;
	/** SARIF: also list `note`-level results (behind-latest and other informational flags). Default false. */
	readonly sarifNotes?: boolean;
};

/** What the project says about judging it, as reports show it. */
export type ReportProjectPolicy = {
	/** The policy file read (`.commit-tui.yml`), or null. */
	readonly policyFile: string | null;
	/** Every cooldown setting of the project's tools, normalised. */
	readonly cooldown: readonly CooldownSetting[];
	/** The strictest per ecosystem in words (`npm: 3 days, from Renovate minimumReleaseAge (renovate.json:4)`). */
	readonly strictest: ReadonlyArray<{readonly ecosystem: string; readonly description: string}>;
};

/**
 * Everything a report is a pure function of. `rollups` are computed from the graph and the reports when absent
 * (pass them when you already have them, e.g. from the TUI's store). Publisher concentration is always computed
 * over the report's scope.
 */
export type ReportInput = {
	readonly graph: DependencyGraph;
	/** Package id → scored report; packages without one are reported as unknown with null signals. */
	readonly reports: ReadonlyMap<string, PackageReport>;
	readonly rollups?: ReadonlyMap<string, Rollup>;
	/** Default: the whole tree. */
	readonly scope?: ReportScope;
	readonly meta: ReportMeta;
};
