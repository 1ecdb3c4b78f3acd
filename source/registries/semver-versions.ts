import semver, {type SemVer} from 'semver';
import type {VersionRules} from '../ecosystems/types.js';
import type {PackageMetadata} from './types.js';
import {exactVersion, publicationOrderBehind} from './versions.js';

/**
 * Version rules for registries whose versions are semver (npm, crates.io): exact lookups; "behind latest"
 * counts stable, non-yanked versions newer than the locked one and not newer than a stable latest (a
 * pre-release `latest` hides nothing, versions above a rolled-back `latest` do not count). A version that is
 * not semver falls back to publication order.
 */
export const semverVersionRules: VersionRules = {
	find: exactVersion,
	behindLatest(metadata, locked) {
		if (metadata.versions.length === 0) return null;
		const lockedVersion = semver.parse(locked);
		if (!lockedVersion) return publicationOrderBehind(metadata, locked, (version) => !version.includes('-'));
		const {stable, latest} = stableVersionsOf(metadata);
		// Stable versions above the locked one, up to latest: two binary searches in the sorted list.
		const above = firstAbove(stable, lockedVersion);
		const upTo = latest ? firstAbove(stable, latest) : stable.length;
		return Math.max(0, upTo - above);
	},
	compare(a, b) {
		const left = semver.parse(a);
		const right = semver.parse(b);
		return left && right ? left.compare(right) : null;
	},
	satisfies(version, range) {
		if (semver.validRange(range) === null) return null;
		return semver.satisfies(version, range, {includePrerelease: true});
	},
};

type StableVersions = {
	/** Stable, non-yanked versions that are semver, ascending. */
	readonly stable: readonly SemVer[];
	/** `latest` when it is a stable version, else null (then nothing above it is excluded). */
	readonly latest: SemVer | null;
};

/**
 * Every locked version of a name shares its metadata (a 28k-entry tree has several per name), so the versions are
 * parsed and sorted once per metadata object: O(v log v) once, then O(log v) per locked version.
 */
const stableByMetadata = new WeakMap<PackageMetadata, StableVersions>();

function stableVersionsOf(metadata: PackageMetadata): StableVersions {
	let known = stableByMetadata.get(metadata);
	if (!known) {
		const stable: SemVer[] = [];
		for (const entry of metadata.versions) {
			if (entry.yanked) continue;
			const version = semver.parse(entry.version);
			if (version && version.prerelease.length === 0) stable.push(version);
		}

		stable.sort((a, b) => a.compare(b));
		const latestParsed = metadata.latestVersion ? semver.parse(metadata.latestVersion) : null;
		known = {stable, latest: latestParsed && latestParsed.prerelease.length === 0 ? latestParsed : null};
		stableByMetadata.set(metadata, known);
	}

	return known;
}

/** The index of the first version greater than `version` in an ascending list. */
function firstAbove(sorted: readonly SemVer[], version: SemVer): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const middle = (low + high) >> 1;
		if (sorted[middle]!.compare(version) <= 0) low = middle + 1;
		else high = middle;
	}

	return low;
}
