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
	// Release evidence.
	/** `release-burst`: at least this many versions … */
	readonly releaseBurstVersions: number;
	/** … within this many hours, around the locked one. */
	readonly releaseBurstHours: number;
	/** `dormant-return`: the locked version is the first release after at least this many days of silence. */
	readonly dormantReturnDays: number;
	/** `account-burst`: the locked version's publisher released packages of at least this many repositories of the tree … */
	readonly accountBurstRepositories: number;
	/** … within this many hours of it. */
	readonly accountBurstHours: number;
	/** `new-dependency`: an added dependency first published fewer than this many days ago … */
	readonly newDependencyDays: number;
	/** … or with fewer weekly downloads than this. */
	readonly newDependencyWeeklyDownloads: number;
	/** `dormant-publisher`: an account that can publish but has not for more than this many days. */
	readonly dormantPublisherDays: number;
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
	releaseBurstVersions: 3,
	releaseBurstHours: 24,
	dormantReturnDays: 270,
	accountBurstRepositories: 3,
	accountBurstHours: 48,
	newDependencyDays: 30,
	newDependencyWeeklyDownloads: 1000,
	dormantPublisherDays: 365,
};
