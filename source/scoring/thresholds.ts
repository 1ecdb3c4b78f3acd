/**
 * Every number the score and the levels depend on. Defaults follow PRODUCT.md; each is a setting
 * (`commit-tui config set thresholds.<key> <value>`).
 */
export type Thresholds = {
	/** critical: known publishers ≤ this … */
	readonly criticalMaxPublishers: number;
	/** … and weekly downloads > this. */
	readonly criticalWeeklyDownloads: number;
	/** high: a sole publisher with weekly downloads > this. */
	readonly highSolePublisherWeeklyDownloads: number;
	/** high: first published less than this many days ago … */
	readonly highYoungPackageDays: number;
	/** … with weekly downloads > this. */
	readonly highYoungPackageWeeklyDownloads: number;
	/** high when the score is below this. */
	readonly highScoreBelow: number;
	/** moderate when the score is below this. */
	readonly moderateScoreBelow: number;
	/** good when the score is below this; healthy otherwise. */
	readonly goodScoreBelow: number;
	/** Flag a locked version published less than this many days ago (cooldown). */
	readonly cooldownDays: number;
	/** Flag a locked version at least this many stable versions behind latest. */
	readonly behindLatestVersions: number;
	/** Trend: the last 45 days against the 45 before; above this ratio `tiers.trendPoints` (3) are added … */
	readonly trendUpRatio: number;
	/** … below this ratio they are taken away. */
	readonly trendDownRatio: number;
};

export const defaultThresholds: Thresholds = {
	criticalMaxPublishers: 1,
	criticalWeeklyDownloads: 10_000_000,
	highSolePublisherWeeklyDownloads: 1_000_000,
	highYoungPackageDays: 365,
	highYoungPackageWeeklyDownloads: 100_000,
	highScoreBelow: 40,
	moderateScoreBelow: 60,
	goodScoreBelow: 75,
	cooldownDays: 14,
	behindLatestVersions: 10,
	trendUpRatio: 1.15,
	trendDownRatio: 0.85,
};
