/** Scoring: facts → explained scores and levels, roll-ups and publisher concentration. Pure, no I/O. */
export {computeFlags} from './flags.js';
export {
	downloadTrend,
	type MonthlyReleases,
	medianReleaseGapDays,
	releaseCadence,
	trendWindowDays,
	type WeeklyBucket,
	weeklyHistory,
	wholeWeeks,
} from './history.js';
export {compareRisk, emptyRiskCounts, isAtLeast, riskLabel, riskRank, worseOf} from './levels.js';
export {publisherConcentration} from './publishers.js';
export {
	assessRelease,
	combineSides,
	type ReleaseOptions,
	releasePrefix,
	structurePrefix,
	withTreeEvidence,
} from './release/assess.js';
export {isSharedIdentity, publisherKey, repositoryKey} from './release/identity.js';
export {defaultReleaseLevels, type ReleaseLevels, releaseAsLevel, releaseRiskOf} from './release/levels.js';
export type {ReleaseTreeView} from './release/tree.js';
export {ReleaseTreeIndex} from './release/tree-index.js';
export {computeRollups, isSuspiciousRelease, stronglyConnectedComponents} from './rollup.js';
export {computeStats, scorePackage, wholeMonthsBetween} from './score.js';
export {defaultThresholds, type Thresholds} from './thresholds.js';
export {
	defaultTiers,
	dimensionMax,
	downloadTiers,
	isValidTierTable,
	longevityTiers,
	publisherTiers,
	type RecencyTier,
	recencyTiers,
	type ScoringTiers,
	type Tier,
	totalMax,
	trendPoints,
	versionCountTiers,
} from './tiers.js';
export * from './types.js';
