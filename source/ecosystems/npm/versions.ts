import semver from 'semver';
import {exactVersion, publicationOrderBehind} from '../../registries/versions.js';
import type {VersionRules} from '../types.js';

/** npm versions are exact strings, ordered by semver; pre-releases are not stable. */
export const npmVersions: VersionRules = {
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
			const version = semver.parse(entry.version);
			if (!version || version.prerelease.length > 0) continue;
			if (version.compare(lockedVersion) <= 0) continue;
			if (latest && version.compare(latest) > 0) continue;
			count++;
		}

		return count;
	},
};
