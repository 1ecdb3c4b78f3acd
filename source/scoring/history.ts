import {downloadCounts} from '../registries/daily-series.js';
import type {DownloadHistory, PackageMetadata} from '../registries/types.js';
import {timelineOf} from './release/versions.js';

/**
 * Derived series for the score and the UI: the download trend, weekly buckets of the daily history, releases
 * per month and the median gap between releases. Pure; `now` is always passed in.
 */

const dayMs = 86_400_000;

/** Days in each half of the trend window: the last 45 days against the 45 before. */
export const trendWindowDays = 45;

/**
 * The shortest half-window accepted when a registry keeps less than 90 days: crates.io's 90-day window holds
 * 89 full days, compared as 44 against 44. Below six weeks a side, a trend is noise.
 */
const shortestTrendWindowDays = 42;

/** Days in each half of the trend for this history (45, or fewer when the registry keeps less); null when too short. */
export function trendWindowFor(history: DownloadHistory | null): number | null {
	const length = history?.daily.length ?? 0;
	const window = Math.min(trendWindowDays, Math.floor(length / 2));
	return window >= shortestTrendWindowDays ? window : null;
}

/**
 * Downloads of the last 45 days of data divided by the 45 days before them (44 and 44 when only 89 days are
 * kept). Null when the history is too short or the earlier window has no downloads (a ratio against zero
 * means nothing).
 */
export function downloadTrend(history: DownloadHistory | null): number | null {
	if (!history) return null;
	let trend = trends.get(history);
	if (trend === undefined) {
		const window = trendWindowFor(history);
		trend = null;
		if (window !== null) {
			// The counts alone: a typed series is read without making a row (and its day's name) per day.
			const counts = downloadCounts(history.daily);
			const first = counts.length - window * 2;
			let recent = 0;
			let before = 0;
			for (let index = first; index < first + window; index++) before += counts[index]!;
			for (let index = first + window; index < counts.length; index++) recent += counts[index]!;
			trend = before > 0 ? recent / before : null;
		}

		trends.set(history, trend);
	}

	return trend;
}

/**
 * Per history object (facts are never changed; every locked version of a name shares its history): its trend,
 * and its metadata's median release gap, computed once.
 */
const trends = new WeakMap<DownloadHistory, number | null>();
const medianGaps = new WeakMap<PackageMetadata, number | null>();

/**
 * How many weeks of a history to show: the registry's history length (the ecosystem's `historyWeeks`), but
 * whole weeks only — a partial first week (pypistats keeps 180 days) would draw a false dip.
 */
export function wholeWeeks(history: DownloadHistory, maxWeeks: number): number {
	return Math.min(maxWeeks, Math.floor(history.daily.length / 7));
}

export type WeeklyBucket = {
	/** First day of the week, `YYYY-MM-DD` (UTC). */
	readonly start: string;
	/** Last day of the week, inclusive. */
	readonly end: string;
	/** Sum of the days of data in this week; null when the history has no day in it. */
	readonly downloads: number | null;
};

/**
 * The daily history summed into `weeks` weeks, oldest first. Weeks end on the last day of data (download
 * APIs lag a day or two, so anchoring on `now` would make the newest week look like a drop). Null without
 * a history.
 */
export function weeklyHistory(history: DownloadHistory | null, weeks: number): WeeklyBucket[] | null {
	if (!history) return null;
	const days = history.daily;
	const lastDay = days.at(-1);
	if (!lastDay) return Array.from({length: weeks}, () => ({start: '', end: '', downloads: null}));
	const lastTime = Date.parse(`${lastDay.day}T00:00:00Z`);
	const buckets: WeeklyBucket[] = [];
	for (let week = 0; week < weeks; week++) {
		const weeksFromEnd = weeks - 1 - week;
		const endIndex = days.length - 1 - weeksFromEnd * 7;
		const startIndex = endIndex - 6;
		let total: number | null = null;
		for (let index = Math.max(0, startIndex); index <= endIndex; index++) {
			total = (total ?? 0) + days[index]!.downloads;
		}

		const endTime = lastTime - weeksFromEnd * 7 * dayMs;
		buckets.push({start: isoDay(endTime - 6 * dayMs), end: isoDay(endTime), downloads: total});
	}

	return buckets;
}

export type MonthlyReleases = {
	/** `YYYY-MM` (UTC). */
	readonly month: string;
	readonly releases: number;
};

/**
 * Versions published per calendar month over the `months` months ending with the month of `now` (24 by
 * default), oldest first. Versions without a date are not counted. Null without metadata.
 */
export function releaseCadence(
	metadata: PackageMetadata | null,
	now: Date,
	months = 24,
): MonthlyReleases[] | null {
	if (!metadata) return null;
	const nowYear = now.getUTCFullYear();
	const nowMonth = now.getUTCMonth();
	const counts = new Array<number>(months).fill(0);
	for (const version of metadata.versions) {
		if (!version.published) continue;
		const date = new Date(version.published);
		if (Number.isNaN(date.getTime())) continue;
		const monthsAgo = (nowYear - date.getUTCFullYear()) * 12 + (nowMonth - date.getUTCMonth());
		if (monthsAgo >= 0 && monthsAgo < months) counts[months - 1 - monthsAgo]! += 1;
	}

	return counts.map((releases, index) => {
		const monthsAgo = months - 1 - index;
		const date = new Date(Date.UTC(nowYear, nowMonth - monthsAgo, 1));
		return {month: date.toISOString().slice(0, 7), releases};
	});
}

/** Median of the gaps between consecutive dated releases, in days (one decimal). Null with < 2 dates. */
export function medianReleaseGapDays(metadata: PackageMetadata | null): number | null {
	if (!metadata) return null;
	let median = medianGaps.get(metadata);
	if (median === undefined) {
		median = medianGapOf(metadata);
		medianGaps.set(metadata, median);
	}

	return median;
}

function medianGapOf(metadata: PackageMetadata): number | null {
	// The times the release checks parsed already (one timeline per metadata), in typed arrays sorted natively.
	const all = timelineOf(metadata).times;
	let known = 0;
	for (let index = 0; index < all.length; index++) if (!Number.isNaN(all[index]!)) known += 1;
	const times = new Float64Array(known);
	known = 0;
	for (let index = 0; index < all.length; index++)
		if (!Number.isNaN(all[index]!)) times[known++] = all[index]!;
	times.sort();
	if (times.length < 2) return null;
	const gaps = new Float64Array(times.length - 1);
	for (let index = 1; index < times.length; index++)
		gaps[index - 1] = (times[index]! - times[index - 1]!) / dayMs;
	gaps.sort();
	const middle = Math.floor(gaps.length / 2);
	const median = gaps.length % 2 === 1 ? gaps[middle]! : (gaps[middle - 1]! + gaps[middle]!) / 2;
	return Math.round(median * 10) / 10;
}

function isoDay(time: number): string {
	return new Date(time).toISOString().slice(0, 10);
}
