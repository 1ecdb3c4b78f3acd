import {compare, explain, satisfies as pep440Satisfies, validRange} from '@renovatebot/pep440';
import {exactVersion, publicationOrderBehind} from '../../registries/versions.js';
import type {VersionRules} from '../types.js';

/**
 * PEP 440 through @renovatebot/pep440 (a port of Python's `packaging`): `1.0` = `1.0.0`,
 * `2.0.post1` = `2.0.0.post1`, `V1.0` = `1.0`; pre-releases and dev releases are not stable.
 */

/** Whether a version is a stable release (not a pre- or dev release); false when it is not PEP 440. */
export function isStablePep440(version: string): boolean {
	const parsed = explain(version);
	return parsed !== null && !parsed.is_prerelease;
}

/** Whether a version is a PEP 440 pre- or dev release; false when it is stable or not PEP 440 at all. */
export function isPrereleasePep440(version: string): boolean {
	return explain(version)?.is_prerelease === true;
}

/** PEP 440 order; null when either side is not a PEP 440 version. */
export function comparePep440(a: string, b: string): number | null {
	if (explain(a) === null || explain(b) === null) return null;
	return compare(a, b);
}

/** PyPI versions: PEP 440 equality for lookups, PEP 440 order for "behind latest", yanked releases not counted. */
export const pypiVersions: VersionRules = {
	find(versions, version) {
		const exact = exactVersion(versions, version);
		if (exact || explain(version) === null) return exact;
		return versions.find((entry) => comparePep440(entry.version, version) === 0) ?? null;
	},
	behindLatest(metadata, locked) {
		if (metadata.versions.length === 0) return null;
		if (explain(locked) === null) return publicationOrderBehind(metadata, locked, isStablePep440);
		const latest =
			metadata.latestVersion && isStablePep440(metadata.latestVersion) ? metadata.latestVersion : null;
		let count = 0;
		for (const entry of metadata.versions) {
			if (entry.yanked || !isStablePep440(entry.version)) continue;
			if (compare(entry.version, locked) <= 0) continue;
			if (latest && compare(entry.version, latest) > 0) continue;
			count++;
		}

		return count;
	},
	compare: comparePep440,
	satisfies(version, range) {
		if (!validRange(range) || explain(version) === null) return null;
		return pep440Satisfies(version, range);
	},
};
