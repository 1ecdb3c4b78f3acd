/**
 * The points tables of the four score dimensions (PRODUCT.md "Score and risk levels"). The constants below
 * are the defaults; the tables a scan uses are a setting (`Settings.tiers`, `commit-tui config set tiers.…`).
 * The level thresholds that act on the resulting score live in `thresholds.ts`.
 */

/** A points tier: `points` for a measured value of at least `atLeast` (tables are highest first). */
export type Tier = {readonly atLeast: number; readonly points: number};

/** A recency tier: `points` for a last release fewer than `below` days ago (tables are lowest first). */
export type RecencyTier = {readonly below: number; readonly points: number};

/** Every points table of the score; the dimension maxima (`dimensionMax`) are the scale and stay fixed. */
export type ScoringTiers = {
	/** Longevity by whole calendar months since the first publication. */
	readonly longevityMonths: readonly Tier[];
	/** Download momentum by weekly downloads. */
	readonly weeklyDownloads: readonly Tier[];
	/** Release consistency by number of versions. */
	readonly versionCount: readonly Tier[];
	/** Release consistency bonus by days since the last release. */
	readonly recencyDaysBelow: readonly RecencyTier[];
	/** Publisher depth by publisher accounts. */
	readonly publishers: readonly Tier[];
	/** Points added (rising) or removed (falling) by the 45-day download trend. */
	readonly trendPoints: number;
};

export const dimensionMax = {longevity: 25, downloads: 25, releases: 20, publishers: 15} as const;

/** Sum of every dimension's maximum (85): the denominator of `confidence`. */
export const totalMax =
	dimensionMax.longevity + dimensionMax.downloads + dimensionMax.releases + dimensionMax.publishers;

/** Longevity by whole calendar months since the first publication: ≥ 6 y 25 · ≥ 4 y 20 · ≥ 2 y 14 · ≥ 1 y 8 · ≥ 6 mo 4 · else 1. */
export const longevityTiers: readonly Tier[] = [
	{atLeast: 72, points: 25},
	{atLeast: 48, points: 20},
	{atLeast: 24, points: 14},
	{atLeast: 12, points: 8},
	{atLeast: 6, points: 4},
	{atLeast: 0, points: 1},
];

/** Weekly downloads: ≥ 10M 22 · ≥ 1M 18 · ≥ 100K 14 · ≥ 10K 10 · ≥ 1K 6 · ≥ 100 3 · else 0. */
export const downloadTiers: readonly Tier[] = [
	{atLeast: 10_000_000, points: 22},
	{atLeast: 1_000_000, points: 18},
	{atLeast: 100_000, points: 14},
	{atLeast: 10_000, points: 10},
	{atLeast: 1_000, points: 6},
	{atLeast: 100, points: 3},
	{atLeast: 0, points: 0},
];

/** Points added (rising) or removed (falling) by the 45-day download trend. */
export const trendPoints = 3;

/** Number of versions: ≥ 100 15 · ≥ 30 12 · ≥ 10 9 · ≥ 3 6 · ≥ 1 3 · else 0. */
export const versionCountTiers: readonly Tier[] = [
	{atLeast: 100, points: 15},
	{atLeast: 30, points: 12},
	{atLeast: 10, points: 9},
	{atLeast: 3, points: 6},
	{atLeast: 1, points: 3},
	{atLeast: 0, points: 0},
];

/** Recency bonus by days since the last release: < 30 d +5 · < 90 d +3 · < 365 d +1. */
export const recencyTiers: readonly RecencyTier[] = [
	{below: 30, points: 5},
	{below: 90, points: 3},
	{below: 365, points: 1},
];

/** Publisher accounts: ≥ 5 15 · ≥ 3 11 · 2 7 · 1 4 · 0 0. */
export const publisherTiers: readonly Tier[] = [
	{atLeast: 5, points: 15},
	{atLeast: 3, points: 11},
	{atLeast: 2, points: 7},
	{atLeast: 1, points: 4},
	{atLeast: 0, points: 0},
];

/** The tables PRODUCT.md gives; `Settings.tiers` defaults to these. */
export const defaultTiers: ScoringTiers = {
	longevityMonths: longevityTiers,
	weeklyDownloads: downloadTiers,
	versionCount: versionCountTiers,
	recencyDaysBelow: recencyTiers,
	publishers: publisherTiers,
	trendPoints,
};

/** The first tier whose `atLeast` the value reaches, or undefined below every tier. */
export function matchTier(tiers: readonly Tier[], value: number): Tier | undefined {
	return tiers.find((tier) => value >= tier.atLeast);
}

/** The points of the first tier whose `atLeast` the value reaches (0 below every tier). */
export function tierPoints(tiers: readonly Tier[], value: number): number {
	return matchTier(tiers, value)?.points ?? 0;
}

/** The recency bonus for a last release `days` ago, from a table ordered lowest `below` first. */
export function recencyPoints(tiers: readonly RecencyTier[], days: number): number {
	for (const tier of tiers) if (days < tier.below) return tier.points;
	return 0;
}

/**
 * Whether a stored or typed table is usable: non-empty, finite numbers, points ≥ 0, and bounds strictly
 * descending (`atLeast`) or strictly ascending (`below`), so the first match is the best tier reached.
 */
export function isValidTierTable(value: unknown, bound: 'atLeast' | 'below'): boolean {
	if (!Array.isArray(value) || value.length === 0) return false;
	let previous: number | null = null;
	for (const tier of value as unknown[]) {
		if (!tier || typeof tier !== 'object') return false;
		const limit = (tier as Record<string, unknown>)[bound];
		const points = (tier as Record<string, unknown>).points;
		if (typeof limit !== 'number' || !Number.isFinite(limit)) return false;
		if (typeof points !== 'number' || !Number.isFinite(points) || points < 0) return false;
		if (previous !== null && (bound === 'atLeast' ? limit >= previous : limit <= previous)) return false;
		previous = limit;
	}

	return true;
}

export function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}
