import type {VersionFacts} from '../../registries/types.js';

/**
 * Which versions the locked one is compared with. `metadata.versions` is sorted by publication time (unknown
 * times last), so "earlier" is by date when both dates are known, else by position. A stable locked version is
 * compared with stable versions only (as pnpm's trust policy does): a canary build without provenance says
 * nothing about the releases. Every function here is one pass over the versions: O(versions).
 */

const hourMs = 3_600_000;

/**
 * Parsed publication times, per version object. Version entries are shared (one metadata per name, kept for
 * the run), and every check and the tree index ask for them again: `Date.parse` once per version, not per ask.
 */
const parsedTimes = new WeakMap<VersionFacts, number>();

export function timeOf(version: VersionFacts): number {
	let time = parsedTimes.get(version);
	if (time === undefined) {
		time = version.published ? Date.parse(version.published) : Number.NaN;
		parsedTimes.set(version, time);
	}

	return time;
}

/** The versions published before `locked` that it is compared with, oldest first. */
export function earlierVersions(versions: readonly VersionFacts[], locked: VersionFacts): VersionFacts[] {
	const lockedIndex = versions.indexOf(locked);
	const lockedTime = timeOf(locked);
	const comparable = (version: VersionFacts) => locked.prerelease === true || version.prerelease !== true;
	return versions.filter((version, index) => {
		if (version === locked || !comparable(version)) return false;
		const time = timeOf(version);
		return Number.isNaN(time) || Number.isNaN(lockedTime) ? index < lockedIndex : time < lockedTime;
	});
}

/** The release line of a version: its leading number (`4` for 4.21.2, `2024` for 2024.8.30). */
function lineOf(version: string): string | null {
	return /^v?(\d+)/i.exec(version)?.[1] ?? null;
}

/**
 * The previous version in the locked one's line: the latest published earlier version of the same major (a
 * 3.x backport is not compared with 4.x), else the latest earlier version at all (the first of a new major is
 * compared with what came before it). Null for the first release.
 */
export function previousInLine(earlier: readonly VersionFacts[], locked: VersionFacts): VersionFacts | null {
	const line = lineOf(locked.version);
	for (let index = earlier.length - 1; index >= 0; index--) {
		const candidate = earlier[index]!;
		if (line !== null && lineOf(candidate.version) === line) return candidate;
	}

	return earlier.at(-1) ?? null;
}

/**
 * The most versions inside any window of `hours` that contains the locked version's publication (the locked
 * one included), and which versions they are. Versions of the same kind only (stable with stable).
 */
export function burstAround(
	versions: readonly VersionFacts[],
	locked: VersionFacts,
	hours: number,
): VersionFacts[] {
	const at = timeOf(locked);
	if (Number.isNaN(at)) return [];
	const span = hours * hourMs;
	const near = versions
		.filter((version) => locked.prerelease === true || version.prerelease !== true || version === locked)
		.filter((version) => {
			const time = timeOf(version);
			return !Number.isNaN(time) && Math.abs(time - at) <= span;
		})
		.sort((a, b) => timeOf(a) - timeOf(b));
	let best: [number, number] = [0, -1];
	// Windows [start, start + span] with start ≤ at ≤ start + span, starting at each version no later than
	// `at`; both ends only move forward (two pointers): O(versions in the window).
	let last = 0;
	for (let first = 0; first < near.length && timeOf(near[first]!) <= at; first++) {
		const start = timeOf(near[first]!);
		if (start + span < at) continue;
		last = Math.max(last, first);
		while (last + 1 < near.length && timeOf(near[last + 1]!) <= start + span) last++;
		if (last - first > best[1] - best[0]) best = [first, last];
	}

	return near.slice(best[0], best[1] + 1);
}

/** The latest version published before the locked one, of any kind (what breaks a silence); null when none. */
export function lastBefore(versions: readonly VersionFacts[], locked: VersionFacts): VersionFacts | null {
	const at = timeOf(locked);
	if (Number.isNaN(at)) return null;
	let best: VersionFacts | null = null;
	for (const version of versions) {
		const time = timeOf(version);
		if (version === locked || Number.isNaN(time) || time >= at) continue;
		if (best === null || time > timeOf(best)) best = version;
	}

	return best;
}
