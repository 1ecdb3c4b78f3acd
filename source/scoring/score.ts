import type {PackageFacts} from '../registries/types.js';
import {daysSince, formatAgo, formatCompact, formatDuration, plural} from '../text/format.js';
import {sanitizeText} from '../text/sanitize.js';
import {computeFlags} from './flags.js';
import {downloadTrend, trendWindowFor} from './history.js';
import {assessRelease, combinedVerdict, structurePrefix} from './release/assess.js';
import type {ReleaseLevels} from './release/levels.js';
import {unlistedPublished} from './release/own.js';
import type {ReleaseTreeView} from './release/tree.js';
import type {Thresholds} from './thresholds.js';
import {
	clamp,
	defaultTiers,
	dimensionMax,
	matchTier,
	recencyPoints,
	type ScoringTiers,
	type Tier,
	tierPoints,
	totalMax,
} from './tiers.js';
import type {DimensionScore, PackageReport, PackageStats, RiskLevel} from './types.js';

/**
 * Facts → an explained score and level for one package node: the structural side (score, dimensions,
 * `structuralRisk`) and the release side (`release`, from the locked version's evidence; with `release.tree`
 * the tree-level evidence too), `risk` being the worse of the two. Pure and deterministic: the same facts,
 * thresholds, `now` and tier tables always give the same report. `tiers` are the points tables
 * (`Settings.tiers`); a tier worth more than its dimension's maximum is capped at the maximum. Unknown data is never a number: a dimension without
 * data is left out of the score (lowering `confidence`), and unknown publishers never make a package
 * critical or count as a sole publisher.
 */
export function scorePackage(
	id: string,
	facts: PackageFacts | null,
	thresholds: Thresholds,
	now: Date,
	tiers: ScoringTiers = defaultTiers,
	release: {readonly levels?: ReleaseLevels; readonly tree?: ReleaseTreeView} = {},
): PackageReport {
	const stats = computeStats(facts, now);
	const error =
		facts === null ? 'not fetched' : facts.errors.length > 0 ? clean(facts.errors.join('; ')) : null;
	const {dimensions, score, confidence, risk, reasons} = structureOf(
		facts,
		stats,
		thresholds,
		now,
		tiers,
		error,
	);
	const flags = facts
		? computeFlags({
				facts,
				locked: facts.locked,
				versionsBehind: stats.versionsBehindLatest,
				thresholds,
				now,
			})
		: [];
	const assessed = assessRelease(id, facts, {thresholds, levels: release.levels, now}, release.tree);
	// Both sides at once, as `combineSides` would join them onto the structural report (the same keys, in the
	// same order), without making that report first and copying it: once per package of a 28k-entry tree.
	const combined = combinedVerdict(risk, reasons, assessed.release);
	return {
		release: assessed.release,
		id,
		risk: combined.risk,
		structuralRisk: risk,
		score,
		confidence,
		dimensions,
		reasons: combined.reasons,
		flags: [...assessed.flags, ...flags],
		facts,
		error,
		stats,
	};
}

/** The structural verdict: the dimensions, the score and the level, with the sentences that explain them. */
type Structure = {
	readonly dimensions: DimensionScore[];
	readonly score: number | null;
	readonly confidence: number;
	readonly risk: RiskLevel;
	/** Already prefixed with `structurePrefix`. */
	readonly reasons: readonly string[];
};

/** The last structure judged for a name (its metadata, else its download history), and what it was judged from. */
type StructureMemo = {
	readonly metadata: PackageFacts['metadata'];
	readonly downloads: PackageFacts['downloads'];
	readonly error: string | null;
	readonly thresholds: Thresholds;
	readonly tiers: ScoringTiers;
	readonly now: number;
	readonly structure: Structure;
};

const structures = new WeakMap<object, StructureMemo>();

/**
 * The structural verdict depends on the name's facts alone (its metadata and downloads: the locked version only
 * brings flags), so every locked version of a name shares one, judged once for the same thresholds, tiers, `now`
 * and errors: a 28k-entry tree locks most names at several versions.
 */
function structureOf(
	facts: PackageFacts | null,
	stats: PackageStats,
	thresholds: Thresholds,
	now: Date,
	tiers: ScoringTiers,
	error: string | null,
): Structure {
	const key = facts?.metadata ?? facts?.downloads ?? null;
	const known = key ? structures.get(key) : undefined;
	if (
		known &&
		known.metadata === facts!.metadata &&
		known.downloads === facts!.downloads &&
		known.error === error &&
		known.thresholds === thresholds &&
		known.tiers === tiers &&
		known.now === now.getTime()
	)
		return known.structure;
	const structure = judgeStructure(stats, thresholds, now, tiers, error);
	if (key)
		structures.set(key, {
			metadata: facts!.metadata,
			downloads: facts!.downloads,
			error,
			thresholds,
			tiers,
			now: now.getTime(),
			structure,
		});
	return structure;
}

function judgeStructure(
	stats: PackageStats,
	thresholds: Thresholds,
	now: Date,
	tiers: ScoringTiers,
	error: string | null,
): Structure {
	const dimensions = [
		longevityDimension(stats, now, tiers),
		downloadsDimension(stats, thresholds, tiers),
		releasesDimension(stats, now, tiers),
		publishersDimension(stats, tiers),
	];
	const known = dimensions.filter((dimension) => dimension.points !== null);
	const knownMax = known.reduce((total, dimension) => total + dimension.max, 0);
	const earned = known.reduce((total, dimension) => total + (dimension.points ?? 0), 0);
	const score = knownMax > 0 ? Math.round((earned / knownMax) * 100) : null;
	const {risk, reason} = classify(stats, score, dimensions, thresholds, now, error);
	const reasons = [structurePrefix + reason];
	if (score !== null) reasons.push(structurePrefix + pointsSentence(score, dimensions, knownMax));
	return {dimensions, score, confidence: knownMax / totalMax, risk, reasons};
}

/** The numbers the dimensions, levels, flags and the UI share; null = unknown. */
export function computeStats(facts: PackageFacts | null, now: Date): PackageStats {
	const name = nameStatsOf(facts);
	// The registry's time (of a removed version too: npm keeps it); else the lockfile's (uv.lock and pylock.toml
	// record uploads), which offline is all there is.
	const lockedPublished = facts?.locked?.published ?? unlistedPublished(facts);
	return {
		publishers: name.publishers,
		weeklyDownloads: name.weeklyDownloads,
		trend90d: name.trend90d,
		trendWindowDays: name.trendWindowDays,
		versionCount: name.versionCount,
		firstPublished: name.firstPublished,
		lastPublished: name.lastPublished,
		lockedVersionPublished: lockedPublished,
		lockedVersionAgeDays: lockedPublished ? daysSince(lockedPublished, now) : null,
		versionsBehindLatest: facts?.behindLatest ?? null,
	};
}

/** The stats that depend on the name's facts alone (its metadata and downloads), not on the locked version. */
type NameStats = Omit<
	PackageStats,
	'lockedVersionPublished' | 'lockedVersionAgeDays' | 'versionsBehindLatest'
>;

/** Per metadata object (else download history), the last name stats derived, and from which facts. */
const nameStats = new WeakMap<
	object,
	{
		readonly metadata: PackageFacts['metadata'];
		readonly downloads: PackageFacts['downloads'];
		readonly stats: NameStats;
	}
>();

/** Derived once per name: every locked version of it shares its metadata and downloads. */
function nameStatsOf(facts: PackageFacts | null): NameStats {
	const metadata = facts?.metadata ?? null;
	const downloads = facts?.downloads ?? null;
	const key = metadata ?? downloads;
	const known = key ? nameStats.get(key) : undefined;
	if (known && known.metadata === metadata && known.downloads === downloads) return known.stats;
	const stats: NameStats = {
		publishers: metadata?.publishers
			? new Set(metadata.publishers.map((account) => account.name)).size
			: null,
		weeklyDownloads: downloads ? downloads.weekly : null,
		trend90d: downloadTrend(downloads),
		trendWindowDays: trendWindowFor(downloads),
		versionCount: metadata ? metadata.versions.length : null,
		firstPublished: metadata?.firstPublished ?? null,
		lastPublished: metadata?.lastPublished ?? null,
	};
	if (key) nameStats.set(key, {metadata, downloads, stats});
	return stats;
}

function longevityDimension(stats: PackageStats, now: Date, tiers: ScoringTiers): DimensionScore {
	const max = dimensionMax.longevity;
	const months = stats.firstPublished ? wholeMonthsBetween(stats.firstPublished, now) : null;
	if (months === null) return {name: 'longevity', points: null, max, detail: 'first publication unknown'};
	const days = daysSince(stats.firstPublished!, now);
	return {
		name: 'longevity',
		points: clamp(tierPoints(tiers.longevityMonths, months), 0, max),
		max,
		detail: `first published ${formatAgo(days)} (${tierLabel(tiers.longevityMonths, months, monthsText)})`,
	};
}

/** 72 → "6 y", 18 → "18 mo": whole years read as years. */
function monthsText(months: number): string {
	return months >= 12 && months % 12 === 0 ? `${months / 12} y` : `${months} mo`;
}

/** 10000000 → "10M", 100 → "100". */
function downloadsText(count: number): string {
	return formatCompact(count).replace('.0', '');
}

/**
 * The tier a value fell in, as the table says it: "≥ 6 y" for a tier with a bound, "< 6 mo" for the
 * catch-all tier from 0 (or below every tier): the bound of the tier above it.
 */
function tierLabel(table: readonly Tier[], value: number, text: (bound: number) => string): string {
	const tier = matchTier(table, value);
	const index = tier ? table.indexOf(tier) : table.length;
	const above = table[index - 1];
	if ((!tier || tier.atLeast <= 0) && above) return `< ${text(above.atLeast)}`;
	return tier ? `≥ ${text(tier.atLeast)}` : `< ${text(table.at(-1)?.atLeast ?? 0)}`;
}

function downloadsDimension(
	stats: PackageStats,
	thresholds: Thresholds,
	tiers: ScoringTiers,
): DimensionScore {
	const max = dimensionMax.downloads;
	const weekly = stats.weeklyDownloads;
	if (weekly === null) return {name: 'downloads', points: null, max, detail: 'downloads unknown'};
	const base = tierPoints(tiers.weeklyDownloads, weekly);
	let detail = `${formatCompact(weekly)} a week (${tierLabel(tiers.weeklyDownloads, weekly, downloadsText)}: ${base})`;
	const trend = stats.trend90d;
	// The direction comes from the ratios; the points from the table (0 points still says which way it went).
	const direction =
		trend === null ? 0 : trend > thresholds.trendUpRatio ? 1 : trend < thresholds.trendDownRatio ? -1 : 0;
	const adjustment = direction * tiers.trendPoints;
	if (direction !== 0) {
		detail += `, ${direction > 0 ? 'rising' : 'falling'} ${Math.round(Math.abs(trend! - 1) * 100)}% over ${stats.trendWindowDays} days (${direction > 0 ? '+' : '−'}${tiers.trendPoints})`;
	} else if (trend === null) {
		detail += ', trend unknown';
	}

	return {name: 'downloads', points: clamp(base + adjustment, 0, max), max, detail};
}

function releasesDimension(stats: PackageStats, now: Date, tiers: ScoringTiers): DimensionScore {
	const max = dimensionMax.releases;
	const count = stats.versionCount;
	if (count === null) return {name: 'releases', points: null, max, detail: 'releases unknown'};
	const countPoints = tierPoints(tiers.versionCount, count);
	const lastDays = stats.lastPublished ? daysSince(stats.lastPublished, now) : null;
	const bonus = lastDays === null ? 0 : recencyPoints(tiers.recencyDaysBelow, lastDays);
	const last = lastDays === null ? 'last release unknown' : `last ${formatAgo(lastDays)}`;
	return {
		name: 'releases',
		points: clamp(countPoints + bonus, 0, max),
		max,
		detail: `${count} ${plural(count, 'version')} (${countPoints}), ${last} (+${bonus})`,
	};
}

function publishersDimension(stats: PackageStats, tiers: ScoringTiers): DimensionScore {
	const max = dimensionMax.publishers;
	const count = stats.publishers;
	if (count === null) return {name: 'publishers', points: null, max, detail: 'publishers unknown'};
	return {
		name: 'publishers',
		points: clamp(tierPoints(tiers.publishers, count), 0, max),
		max,
		detail: `${count} ${plural(count, 'publisher')}`,
	};
}

/** The level and the sentence that explains it, rule by rule in the order of PRODUCT.md. */
function classify(
	stats: PackageStats,
	score: number | null,
	dimensions: readonly DimensionScore[],
	thresholds: Thresholds,
	now: Date,
	error: string | null,
): {risk: RiskLevel; reason: string} {
	const {publishers, weeklyDownloads: weekly} = stats;
	if (publishers === null && weekly === null) {
		return {risk: 'unknown', reason: `publishers and downloads unknown${error ? ` (${error})` : ''}`};
	}

	const pubs = publishers === null ? '' : `${publishers} ${plural(publishers, 'publisher')}`;
	if (publishers !== null && weekly !== null) {
		if (publishers <= thresholds.criticalMaxPublishers && weekly > thresholds.criticalWeeklyDownloads) {
			return {risk: 'critical', reason: `${pubs} and ${formatCompact(weekly)} downloads a week`};
		}

		// "Sole publisher": one account (or none listed) — known, never assumed.
		if (publishers <= 1 && weekly > thresholds.highSolePublisherWeeklyDownloads) {
			return {risk: 'high', reason: `${pubs} and ${formatCompact(weekly)} downloads a week`};
		}
	}

	const ageDays = stats.firstPublished ? daysSince(stats.firstPublished, now) : null;
	if (
		ageDays !== null &&
		weekly !== null &&
		ageDays < thresholds.highYoungPackageDays &&
		weekly > thresholds.highYoungPackageWeeklyDownloads
	) {
		return {
			risk: 'high',
			reason: `first published ${formatAgo(ageDays)} and ${formatCompact(weekly)} downloads a week`,
		};
	}

	if (score === null) return {risk: 'unknown', reason: 'no dimension could be scored'};
	const weak = weaknesses(stats, dimensions, now);
	const because = weak.length > 0 ? `: ${weak.join(', ')}` : '';
	if (score < thresholds.highScoreBelow) {
		return {risk: 'high', reason: `score ${score} < ${thresholds.highScoreBelow}${because}`};
	}

	if (score < thresholds.moderateScoreBelow) {
		return {risk: 'moderate', reason: `score ${score} < ${thresholds.moderateScoreBelow}${because}`};
	}

	if (score < thresholds.goodScoreBelow) {
		return {risk: 'good', reason: `score ${score} < ${thresholds.goodScoreBelow}${because}`};
	}

	return {risk: 'healthy', reason: `score ${score} ≥ ${thresholds.goodScoreBelow}`};
}

/** Short phrases for the dimensions that cost the most points ("few versions", "no release in 2 years"). */
function weaknesses(stats: PackageStats, dimensions: readonly DimensionScore[], now: Date): string[] {
	const phrases: string[] = [];
	const ratio = (name: DimensionScore['name']): number | null => {
		const dimension = dimensions.find((candidate) => candidate.name === name);
		return dimension?.points == null ? null : dimension.points / dimension.max;
	};

	const longevity = ratio('longevity');
	if (longevity !== null && longevity < 0.5 && stats.firstPublished) {
		phrases.push(`first published ${formatAgo(daysSince(stats.firstPublished, now))}`);
	}

	const downloads = ratio('downloads');
	if (downloads !== null && downloads < 0.5) {
		phrases.push(`${formatCompact(stats.weeklyDownloads)} downloads a week`);
	}

	const releases = ratio('releases');
	if (releases !== null && releases < 0.5) {
		if (stats.versionCount !== null && stats.versionCount < 10) {
			phrases.push(stats.versionCount === 0 ? 'no versions' : 'few versions');
		}

		const lastDays = stats.lastPublished ? daysSince(stats.lastPublished, now) : null;
		if (lastDays !== null && lastDays >= 365) phrases.push(`no release in ${formatDuration(lastDays)}`);
	}

	const publishers = ratio('publishers');
	if (publishers !== null && publishers < 0.5 && stats.publishers !== null) {
		phrases.push(
			stats.publishers === 0
				? 'no publisher listed'
				: `${stats.publishers} ${plural(stats.publishers, 'publisher')}`,
		);
	}

	return phrases;
}

/** "score 68 (points 58/85): longevity 25/25 · downloads 22/25 · releases 7/20 · publishers 4/15". */
function pointsSentence(score: number, dimensions: readonly DimensionScore[], knownMax: number): string {
	const earned = dimensions.reduce((total, dimension) => total + (dimension.points ?? 0), 0);
	const parts = dimensions.map((dimension) =>
		dimension.points === null
			? `${dimension.name} unknown`
			: `${dimension.name} ${dimension.points}/${dimension.max}`,
	);
	const confidence = knownMax < totalMax ? `, ${knownMax} of ${totalMax} points known` : '';
	return `score ${score} = ${earned}/${knownMax} points${confidence}: ${parts.join(' · ')}`;
}

/**
 * Whole calendar months from an ISO date to `now` (UTC): Jan 15 → Jul 15 is 6, Jul 14 is 5. Null when the
 * date does not parse; 0 for a date in the future.
 */
export function wholeMonthsBetween(fromIso: string, now: Date): number | null {
	const from = new Date(fromIso);
	if (Number.isNaN(from.getTime())) return null;
	let months = (now.getUTCFullYear() - from.getUTCFullYear()) * 12 + (now.getUTCMonth() - from.getUTCMonth());
	const fromInMonth = from.getTime() - Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1);
	const nowInMonth = now.getTime() - Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
	if (nowInMonth < fromInMonth) months -= 1;
	return Math.max(0, months);
}

function clean(text: string): string {
	return sanitizeText(text);
}
