/**
 * The points tables of the four score dimensions (PRODUCT.md "Score and risk levels"). Pure functions of a
 * measured value; the level thresholds that act on the resulting score live in `thresholds.ts` (settings).
 */

export type Tier = {readonly atLeast: number; readonly points: number};

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
export const recencyTiers: ReadonlyArray<{readonly below: number; readonly points: number}> = [
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

/** The points of the first tier whose `atLeast` the value reaches (0 below every tier). */
export function tierPoints(tiers: readonly Tier[], value: number): number {
	for (const tier of tiers) if (value >= tier.atLeast) return tier.points;
	return 0;
}

/** The recency bonus for a last release `days` ago. */
export function recencyPoints(days: number): number {
	for (const tier of recencyTiers) if (days < tier.below) return tier.points;
	return 0;
}

export function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}
