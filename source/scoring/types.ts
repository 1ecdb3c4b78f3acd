import type {PackageFacts} from '../registries/types.js';
import type {ReleaseFlagId, ReleaseReport} from './release/types.js';

export * from './release/types.js';

/** Ordered from worst to best; `unknown` sorts last. */
export const riskLevels = ['critical', 'high', 'moderate', 'good', 'healthy', 'unknown'] as const;
export type RiskLevel = (typeof riskLevels)[number];

export type DimensionName = 'longevity' | 'downloads' | 'releases' | 'publishers';

export type DimensionScore = {
	readonly name: DimensionName;
	/** Points earned; null when the data for this dimension is unknown. */
	readonly points: number | null;
	readonly max: number;
	/** Why these points, e.g. 'first published 9.2 years ago (≥ 6 y)'. */
	readonly detail: string;
};

/** Flags of the structural side: about the package and its locked version, never about an attack. */
export type StructureFlagId = 'deprecated' | 'yanked' | 'behind-latest' | 'unpublished';

export type FlagId = StructureFlagId | ReleaseFlagId;

/** Which question a flag or reason answers: how exposed the package is, or whether the locked release looks wrong. */
export type FlagSide = 'structure' | 'release';

export type RiskFlag = {
	readonly id: FlagId;
	/** A short human sentence that names the versions compared. */
	readonly message: string;
	/** Always set by the scorer; absent only in hand-made reports (read as `structure`). */
	readonly side?: FlagSide;
	/** Release side: whether this flag raised the release risk (timing patterns on an old version do not). */
	readonly counted?: boolean;
	/** A few words for the one-line reason ("adds a postinstall script"); the message is the full sentence. */
	readonly short?: string;
};

/** The scored result for one package node. */
export type PackageReport = {
	/** The graph package id. */
	readonly id: string;
	/** What the RISK column, the gate and the reports use: the worse of `structuralRisk` and `release.risk`. */
	readonly risk: RiskLevel;
	/** The structural level alone (publisher depth × install base, cadence, age). */
	readonly structuralRisk?: RiskLevel;
	/** The release side: the locked version's evidence. Absent only in hand-made reports. */
	readonly release?: ReleaseReport;
	/** 0–100 over the known dimensions; null when no dimension is known. */
	readonly score: number | null;
	/** Known max ÷ total max (0–1). */
	readonly confidence: number;
	readonly dimensions: DimensionScore[];
	/** Short sentences explaining the level, the worse side first, each prefixed `structure: ` or `release: `. */
	readonly reasons: string[];
	readonly flags: RiskFlag[];
	/** The facts the score came from (null when nothing was fetched). */
	readonly facts: PackageFacts | null;
	/** A short reason when the package could not be scored fully (network, 404, offline). */
	readonly error: string | null;
	/** Derived numbers the UI and reports show. Null = unknown. */
	readonly stats: PackageStats;
	/**
	 * Findings the project's policy file accepted (`.commit-tui.yml` `ignore`, `allowInstallScripts`,
	 * `trustedPublishers`): taken out of `flags` (or, for a level, out of the gate), still shown, dimmed, with
	 * the reason. Absent when nothing was ignored.
	 */
	readonly ignored?: readonly IgnoredFinding[];
};

/** A finding a policy accepted: shown dimmed with its reason, listed apart in reports, never gated on. */
export type IgnoredFinding = {
	/** A flag taken out of `flags`, or the package's level (it still shows, but does not trip the gate). */
	readonly kind: 'flag' | 'level';
	/** The flag id, or the level. */
	readonly id: string;
	/** The flag's message, or the reason for the level. */
	readonly message: string;
	/** Why the project accepts it, from the policy. */
	readonly reason: string;
	/** Where the policy says so: `.commit-tui.yml:12`. */
	readonly source: string;
	/** The entry's expiry date (YYYY-MM-DD), when it has one. */
	readonly expires?: string;
};

export type PackageStats = {
	readonly publishers: number | null;
	readonly weeklyDownloads: number | null;
	/** Change of the last 45 days against the 45 before, as a ratio (1.12 = +12%); null when unknown. */
	readonly trend90d: number | null;
	/** Days in each half of that comparison (45; 44 on crates.io, which keeps 90 days); null when too short. */
	readonly trendWindowDays: number | null;
	readonly versionCount: number | null;
	readonly firstPublished: string | null;
	readonly lastPublished: string | null;
	readonly lockedVersionPublished: string | null;
	readonly lockedVersionAgeDays: number | null;
	/** Versions published after the locked one (stable releases only); null when unknown. */
	readonly versionsBehindLatest: number | null;
};

export type Rollup = {
	/** Worst level among the node's descendants (excluding itself); `unknown` when none are known. */
	readonly worst: RiskLevel;
	/** Counts of distinct descendants per level. */
	readonly counts: Record<RiskLevel, number>;
	/** Distinct descendants whose locked release is suspicious (release risk moderate or worse); absent = 0. */
	readonly suspicious?: number;
};

export type PublisherReach = {
	readonly account: string;
	readonly ecosystem: string;
	/** Package ids of this tree the account can publish. */
	readonly packages: string[];
	/** Sum of their weekly downloads (unknown ones count 0 and are listed in `unknownDownloads`). */
	readonly weeklyDownloads: number;
	/** Package names whose weekly downloads are unknown (so `weeklyDownloads` is a lower bound). */
	readonly unknownDownloads?: string[];
};
