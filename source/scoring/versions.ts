import semver from 'semver';
import type {Ecosystem} from '../graph/types.js';
import type {PackageMetadata, VersionFacts} from '../registries/types.js';

/**
 * "How many stable versions are newer than the one you lock": semver on npm, a small PEP 440 comparison on
 * PyPI (release segment, epoch and post-release; pre-releases and dev releases are not stable), and when a
 * version does not parse, publication order.
 */

type Pep440 = {
	readonly epoch: number;
	readonly release: number[];
	readonly post: number;
	readonly stable: boolean;
};

const pep440Pattern =
	/^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?\d*)?(?:(?:-(\d+))|(?:[-_.]?(?:post|rev|r)[-_.]?(\d*)))?(?:[-_.]?(dev)[-_.]?\d*)?(?:\+[a-z0-9.]+)?$/i;

/** Parse a PEP 440 version enough to order stable releases; null when it does not parse. */
export function parsePep440(version: string): Pep440 | null {
	const match = pep440Pattern.exec(version.trim());
	if (!match) return null;
	const [, epoch, release, pre, implicitPost, post, dev] = match;
	return {
		epoch: epoch ? Number(epoch) : 0,
		release: release!.split('.').map(Number),
		// 0 = no post-release; `.postN` and the implicit `-N` both become N + 1.
		post: implicitPost ? Number(implicitPost) + 1 : post !== undefined ? Number(post || 0) + 1 : 0,
		stable: !pre && !dev,
	};
}

/** Compare two parsed PEP 440 versions (epoch, release with trailing zeros ignored, post-release). */
export function comparePep440(a: Pep440, b: Pep440): number {
	if (a.epoch !== b.epoch) return a.epoch - b.epoch;
	const length = Math.max(a.release.length, b.release.length);
	for (let index = 0; index < length; index++) {
		const difference = (a.release[index] ?? 0) - (b.release[index] ?? 0);
		if (difference !== 0) return difference;
	}

	return a.post - b.post;
}

/** The locked version's entry in the metadata (exact match, or PEP 440-equal on PyPI: `1.0` = `1.0.0`). */
export function findVersion(
	metadata: PackageMetadata,
	version: string,
	ecosystem: Ecosystem,
): VersionFacts | null {
	const exact = metadata.versions.find((entry) => entry.version === version);
	if (exact || ecosystem !== 'pypi') return exact ?? null;
	const wanted = parsePep440(version);
	if (!wanted) return null;
	return (
		metadata.versions.find((entry) => {
			const parsed = parsePep440(entry.version);
			return parsed !== null && parsed.stable === wanted.stable && comparePep440(parsed, wanted) === 0;
		}) ?? null
	);
}

/**
 * Stable versions newer than `locked` and not newer than the latest (so a pre-release `latest` does not
 * hide anything, and versions above a rolled-back `latest` do not count). Null when unknown.
 */
export function versionsBehindLatest(
	metadata: PackageMetadata | null,
	locked: string,
	ecosystem: Ecosystem,
): number | null {
	if (!metadata || metadata.versions.length === 0) return null;
	return ecosystem === 'npm' ? npmBehind(metadata, locked) : pypiBehind(metadata, locked);
}

function npmBehind(metadata: PackageMetadata, locked: string): number | null {
	const lockedVersion = semver.parse(locked);
	if (!lockedVersion) return publicationOrderBehind(metadata, locked, (version) => !version.includes('-'));
	const latestParsed = metadata.latestVersion ? semver.parse(metadata.latestVersion) : null;
	const latest = latestParsed && latestParsed.prerelease.length === 0 ? latestParsed : null;
	let count = 0;
	// Parse each version once: this runs for every package of a 2,000-package tree.
	for (const entry of metadata.versions) {
		const version = semver.parse(entry.version);
		if (!version || version.prerelease.length > 0) continue;
		if (version.compare(lockedVersion) <= 0) continue;
		if (latest && version.compare(latest) > 0) continue;
		count++;
	}

	return count;
}

function pypiBehind(metadata: PackageMetadata, locked: string): number | null {
	const lockedVersion = parsePep440(locked);
	if (!lockedVersion) {
		return publicationOrderBehind(metadata, locked, (version) => parsePep440(version)?.stable ?? false);
	}

	const latest = metadata.latestVersion ? parsePep440(metadata.latestVersion) : null;
	let count = 0;
	for (const entry of metadata.versions) {
		if (entry.yanked) continue;
		const version = parsePep440(entry.version);
		if (!version?.stable || comparePep440(version, lockedVersion) <= 0) continue;
		if (latest?.stable && comparePep440(version, latest) > 0) continue;
		count++;
	}

	return count;
}

/** Fallback: stable versions published after the locked one. Null when the locked version has no date. */
function publicationOrderBehind(
	metadata: PackageMetadata,
	locked: string,
	isStable: (version: string) => boolean,
): number | null {
	const lockedEntry = metadata.versions.find((entry) => entry.version === locked);
	const lockedTime = lockedEntry?.published ? Date.parse(lockedEntry.published) : Number.NaN;
	if (Number.isNaN(lockedTime)) return null;
	return metadata.versions.filter((entry) => {
		if (entry.yanked || !entry.published || !isStable(entry.version)) return false;
		return Date.parse(entry.published) > lockedTime;
	}).length;
}
