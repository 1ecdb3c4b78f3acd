import type {PackageMetadata, VersionFacts} from '../../registries/types.js';
import {parseIsoTime} from '../../util/iso-time.js';
import {publisherKey} from './identity.js';

/**
 * Which versions the locked one is compared with. `metadata.versions` is sorted by publication time (unknown
 * times last), so "earlier" is by date when both dates are known, else by position. A stable locked version is
 * compared with stable versions only (as pnpm's trust policy does): a canary build without provenance says
 * nothing about the releases.
 *
 * Every locked version of a name shares its metadata (a 28k-entry tree locks a name at a dozen versions), and
 * every check asks the same things of each version (its time, its publisher, its line): they are derived once per
 * metadata object, in a `VersionTimeline`, and each function here is then one pass of array reads over the
 * versions, O(versions), with no parsing and no allocation per version.
 */

const hourMs = 3_600_000;

/**
 * When a timing pattern is the package's (or account's) habit rather than an event: it happened this many times
 * in the lookback before (release-burst, account-burst), or, for a silence, this many times at all.
 */
export const habit = {times: 2, lookbackMs: 365 * 86_400_000} as const;

/** What the checks read of each version, derived once per metadata object (facts are never changed). */
export type VersionTimeline = {
	readonly versions: readonly VersionFacts[];
	/** Each version's publication time (epoch ms); NaN when unknown or not a time. */
	readonly times: Float64Array;
	/** Each version's publisher as a comparable key (`publisherKey`). */
	readonly keys: readonly (string | null)[];
	/** Each version's release line (`lineOf`). */
	readonly lines: readonly (string | null)[];
	/** How many problems the registry's data had (`PackageMetadata.problems`): malformed dates among them. */
	readonly problems: number;
};

const timelines = new WeakMap<PackageMetadata, VersionTimeline>();

/** The metadata's timeline: O(versions) the first time, a lookup after. */
export function timelineOf(metadata: PackageMetadata): VersionTimeline {
	let timeline = timelines.get(metadata);
	if (!timeline) {
		const {versions} = metadata;
		const times = new Float64Array(versions.length);
		const keys = new Array<string | null>(versions.length);
		const lines = new Array<string | null>(versions.length);
		for (let index = 0; index < versions.length; index++) {
			const version = versions[index]!;
			times[index] = parseTime(version.published);
			keys[index] = publisherKey(version);
			lines[index] = lineOf(version.version);
		}

		timeline = {versions, times, keys, lines, problems: metadata.problems?.length ?? 0};
		timelines.set(metadata, timeline);
	}

	return timeline;
}

function parseTime(published: string | null): number {
	return published ? parseIsoTime(published) : Number.NaN;
}

/**
 * Parsed publication times of versions met outside a timeline (a locked entry that is not one of its metadata's
 * versions): `Date.parse` once per version object.
 */
const parsedTimes = new WeakMap<VersionFacts, number>();

/** A version's publication time (epoch ms), NaN when unknown: from its timeline when it is one of its versions. */
export function timeOf(version: VersionFacts, timeline?: VersionTimeline, index = -1): number {
	if (timeline && index >= 0) return timeline.times[index]!;
	let time = parsedTimes.get(version);
	if (time === undefined) {
		time = parseTime(version.published);
		parsedTimes.set(version, time);
	}

	return time;
}

/** Where `version` is in the timeline's versions; -1 when it is not one of them. */
export function positionOf(timeline: VersionTimeline, version: VersionFacts): number {
	return timeline.versions.indexOf(version);
}

/**
 * The positions of the versions published before the one at `at` (`version`, -1 when it is not in the timeline)
 * that it is compared with, oldest first.
 */
export function earlierPositions(timeline: VersionTimeline, version: VersionFacts, at: number): number[] {
	const {versions, times} = timeline;
	const versionTime = timeOf(version, timeline, at);
	const stableOnly = version.prerelease !== true;
	const earlier: number[] = [];
	for (let index = 0; index < versions.length; index++) {
		const candidate = versions[index]!;
		if (candidate === version || (stableOnly && candidate.prerelease === true)) continue;
		const time = times[index]!;
		if (Number.isNaN(time) || Number.isNaN(versionTime) ? index < at : time < versionTime)
			earlier.push(index);
	}

	return earlier;
}

/**
 * The release line of a version: its leading number (`4` for 4.21.2, `2024` for 2024.8.30), after an optional
 * `v`. Read character by character (every version of the tree passes here once): no match object per version.
 */
function lineOf(version: string): string | null {
	const start = version.charCodeAt(0) === 0x76 || version.charCodeAt(0) === 0x56 ? 1 : 0;
	let end = start;
	while (end < version.length && isDigit(version.charCodeAt(end))) end++;
	return end > start ? version.slice(start, end) : null;
}

function isDigit(code: number): boolean {
	return code >= 0x30 && code <= 0x39;
}

/**
 * The previous version in the locked one's line: the latest published earlier version of the same major (a
 * 3.x backport is not compared with 4.x), else the latest earlier version at all (the first of a new major is
 * compared with what came before it). Its position, -1 for the first release.
 */
export function previousInLine(
	timeline: VersionTimeline,
	earlier: readonly number[],
	locked: VersionFacts,
	at: number,
): number {
	const line = at >= 0 ? timeline.lines[at]! : lineOf(locked.version);
	if (line !== null) {
		for (let index = earlier.length - 1; index >= 0; index--) {
			if (timeline.lines[earlier[index]!] === line) return earlier[index]!;
		}
	}

	return earlier.length > 0 ? earlier[earlier.length - 1]! : -1;
}

/** The version `locked` is compared with (`previousInLine`), or null for the first release. O(versions). */
export function previousVersionOf(metadata: PackageMetadata, locked: VersionFacts): VersionFacts | null {
	const timeline = timelineOf(metadata);
	const at = positionOf(timeline, locked);
	const position = previousInLine(timeline, earlierPositions(timeline, locked, at), locked, at);
	return position >= 0 ? timeline.versions[position]! : null;
}

/**
 * The most versions inside any window of `hours` that contains the locked version's publication (the locked
 * one included), and which versions they are. Versions of the same kind only (stable with stable).
 */
export function burstAround(
	timeline: VersionTimeline,
	locked: VersionFacts,
	at: number,
	hours: number,
): VersionFacts[] {
	const lockedTime = timeOf(locked, timeline, at);
	if (Number.isNaN(lockedTime)) return [];
	const {versions, times} = timeline;
	const span = hours * hourMs;
	const near: number[] = [];
	for (let index = 0; index < versions.length; index++) {
		const version = versions[index]!;
		if (locked.prerelease !== true && version.prerelease === true && version !== locked) continue;
		const time = times[index]!;
		if (!Number.isNaN(time) && Math.abs(time - lockedTime) <= span) near.push(index);
	}

	// Stable: versions published at the same time keep their order.
	near.sort((a, b) => times[a]! - times[b]!);
	let best: [number, number] = [0, -1];
	// Windows [start, start + span] with start ≤ at ≤ start + span, starting at each version no later than
	// the locked one; both ends only move forward (two pointers): O(versions in the window).
	let last = 0;
	for (let first = 0; first < near.length && times[near[first]!]! <= lockedTime; first++) {
		const start = times[near[first]!]!;
		if (start + span < lockedTime) continue;
		last = Math.max(last, first);
		while (last + 1 < near.length && times[near[last + 1]!]! <= start + span) last++;
		if (last - first > best[1] - best[0]) best = [first, last];
	}

	return near.slice(best[0], best[1] + 1).map((index) => versions[index]!);
}

/**
 * How many bursts — `versions` or more of the same kind within `hours` — the package made in the `lookbackMs`
 * before `before` (epoch ms), up to `enough`. A package that releases in bursts as a matter of course (@types/node
 * publishes one version per supported major for each change, several times a week) is not doing anything unusual
 * when it does it again. Windows are counted greedily, each starting at the first version after the last one's end.
 * O(versions + k log k) for the k versions inside the lookback.
 */
export function earlierBursts(
	timeline: VersionTimeline,
	locked: VersionFacts,
	before: number,
	options: {
		readonly hours: number;
		readonly versions: number;
		readonly lookbackMs: number;
		readonly enough: number;
	},
): number {
	const {versions, times} = timeline;
	const span = options.hours * hourMs;
	const inside: number[] = [];
	for (let index = 0; index < versions.length; index++) {
		if (locked.prerelease !== true && versions[index]!.prerelease === true) continue;
		const time = times[index]!;
		if (time < before && time >= before - options.lookbackMs) inside.push(time);
	}

	inside.sort((a, b) => a - b);
	let bursts = 0;
	let first = 0;
	// Both ends only move forward (two pointers), however dense the versions.
	let last = 0;
	while (first < inside.length && bursts < options.enough) {
		last = Math.max(last, first);
		while (last + 1 < inside.length && inside[last + 1]! - inside[first]! <= span) last++;
		if (last - first + 1 >= options.versions) {
			bursts++;
			first = last + 1;
		} else first++;
	}

	return bursts;
}

/**
 * How many silences of at least `days` came between the package's releases before `before` (epoch ms), up to
 * `enough`. A mature package that releases once a year or less is not waking up when it releases again. O(versions
 * + k log k) for the k dated versions before `before`.
 */
export function earlierSilences(
	timeline: VersionTimeline,
	before: number,
	days: number,
	enough: number,
): number {
	const earlier: number[] = [];
	for (const time of timeline.times) if (time < before) earlier.push(time);
	earlier.sort((a, b) => a - b);
	const gap = days * 86_400_000;
	let silences = 0;
	for (let index = 1; index < earlier.length && silences < enough; index++)
		if (earlier[index]! - earlier[index - 1]! >= gap) silences++;
	return silences;
}

/**
 * The latest version published before the locked one, of any kind (what breaks a silence): its position, -1 when
 * none.
 */
export function lastBefore(timeline: VersionTimeline, locked: VersionFacts, at: number): number {
	const lockedTime = timeOf(locked, timeline, at);
	if (Number.isNaN(lockedTime)) return -1;
	const {versions, times} = timeline;
	let best = -1;
	for (let index = 0; index < versions.length; index++) {
		const time = times[index]!;
		if (versions[index] === locked || Number.isNaN(time) || time >= lockedTime) continue;
		if (best < 0 || time > times[best]!) best = index;
	}

	return best;
}
