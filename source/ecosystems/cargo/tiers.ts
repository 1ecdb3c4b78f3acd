import type {Thresholds} from '../../scoring/thresholds.js';
import type {Tier} from '../../scoring/tiers.js';

/**
 * Download tiers and level thresholds for crates.io, where volumes run about an order of magnitude below
 * npm. Same meaning, one decade lower: the npm tables (scoring/tiers.ts `downloadTiers`, scoring/thresholds.ts
 * `defaultThresholds`) divided by 10.
 *
 * The figures behind it: crates.io's own `GET /api/v1/summary` (most_recently_downloaded, `recent_downloads` =
 * the last 90 days), as recorded on 2026-08-11 in github.com/psychometrician/fathom
 * `corpus/23-cratesio-summary/source.json`. Weekly = recent_downloads × 7 / 90.
 *
 *   crate          recent_downloads   ≈ a week
 *   hashbrown         589,719,848      45.9M   (the most downloaded crate of those 90 days)
 *   getrandom         497,322,275      38.7M
 *   syn               449,710,421      35.0M
 *   rand              374,423,732      29.1M
 *   libc              319,260,245      24.8M
 *   thiserror         318,564,570      24.8M   (10th)
 * and from the same response's `just_updated` list, ordinary crates: qcs-api-client-common 41,840 (≈ 3.3K a
 * week), deepwoken 645 (≈ 50), discourse-api-rs 88 (≈ 7).
 *
 * On npm the most depended-on packages sit at a few hundred million a week (the README's axios example is
 * ≈ 100M, and axios is not near the top), so crates.io's top is 5–10× lower, and its long tail lower still:
 * the npm tier "≥ 10M a week" (an install base an account takeover would reach everywhere) is "≥ 1M" here,
 * which every crate of the top ten clears 25–45 times over, and an ordinary maintained crate (a few thousand
 * a week) lands in the middle tiers as it does on npm one decade up.
 *
 * Requests: crates.io allows crawlers at most 1 request per second and requires a User-Agent that names the
 * tool and a way to contact its authors (crates.io/data-access; a request without one gets 403). Three
 * requests per crate (the crate, its owners, its downloads) make a 300-crate Cargo.lock a 15-minute cold
 * scan: what is on screen is fetched first and everything is cached for a day.
 */

/** Weekly downloads on crates.io: ≥ 1M 22 · ≥ 100K 18 · ≥ 10K 14 · ≥ 1K 10 · ≥ 100 6 · ≥ 10 3 · else 0. */
export const cargoDownloadTiers: readonly Tier[] = [
	{atLeast: 1_000_000, points: 22},
	{atLeast: 100_000, points: 18},
	{atLeast: 10_000, points: 14},
	{atLeast: 1_000, points: 10},
	{atLeast: 100, points: 6},
	{atLeast: 10, points: 3},
	{atLeast: 0, points: 0},
];

/** The download thresholds of the CRITICAL and HIGH levels on crates.io (npm's divided by 10). */
export const cargoDownloadThresholds: Pick<
	Thresholds,
	'criticalWeeklyDownloads' | 'highSolePublisherWeeklyDownloads' | 'highYoungPackageWeeklyDownloads'
> = {
	/** critical: ≤ 1 known publisher and more than 1M a week (npm: 10M). */
	criticalWeeklyDownloads: 1_000_000,
	/** high: a sole publisher and more than 100K a week (npm: 1M). */
	highSolePublisherWeeklyDownloads: 100_000,
	/** high: younger than `highYoungPackageDays` and more than 10K a week (npm: 100K). */
	highYoungPackageWeeklyDownloads: 10_000,
};

/** The crates.io figures the tables were derived from (see above), for the tests and for the next revision. */
export const cratesIoReferenceFigures = {
	source:
		'crates.io GET /api/v1/summary, 2026-08-11 (github.com/psychometrician/fathom corpus/23-cratesio-summary)',
	recentDownloadsDays: 90,
	recentDownloads: {
		hashbrown: 589_719_848,
		getrandom: 497_322_275,
		syn: 449_710_421,
		rand: 374_423_732,
		libc: 319_260_245,
		thiserror: 318_564_570,
		'qcs-api-client-common': 41_840,
		deepwoken: 645,
		'discourse-api-rs': 88,
	},
} as const;
