import semver from 'semver';
import type {VersionRules} from '../ecosystems/types.js';
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
		const latestParsed = metadata.latestVersion ? semver.parse(metadata.latestVersion) : null;
		const latest = latestParsed && latestParsed.prerelease.length === 0 ? latestParsed : null;
		let count = 0;
		// Parse each version once: this runs for every package of a 2,000-package tree.
		for (const entry of metadata.versions) {
			if (entry.yanked) continue;
			const version = semver.parse(entry.version);
			if (!version || version.prerelease.length > 0) continue;
			if (version.compare(lockedVersion) <= 0) continue;
			if (latest && version.compare(latest) > 0) continue;
			count++;
		}

		return count;
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
