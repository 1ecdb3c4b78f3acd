import type {RequestSpec, VersionRules} from '../ecosystems/types.js';

/**
 * A cached answer that lists a name's versions (`RequestSpec.versionsIn`: a packument, a project's releases, a
 * crate's index file) may predate a version the lockfile locks. A pull request that bumps a dependency to the
 * version published ten minutes ago, scanned with yesterday's cache, must see how young that version is, not read
 * "not in the registry" — so such an answer is asked for again however fresh, with its validator (a 304 costs one
 * round trip), as npm's own pacote re-fetches a cached packument that lacks the wanted version.
 *
 * What the answer lacked when it was fetched is stored with it (`CacheEntry.absent`): a version truly gone
 * (unpublished, npm's security holding) is asked about once, not on every run. A "not found" answer (null) is
 * not asked again before it expires: a lockfile cannot lock a name before it exists, so what meets one is a
 * private package the registry never had.
 */

/**
 * The locked versions an answer does not list: none equal, exactly or under the ecosystem's rules (PEP 440 `1.0`
 * = `1.0.0`). Empty when the request lists no versions or the name was not found. O(versions × locked) array
 * reads for the exact match (a name is locked at one version, a few at most); the comparing pass, parsing every
 * listed version, only for a locked one not listed as written.
 */
export function unlistedVersions(
	request: RequestSpec,
	value: unknown,
	locked: readonly string[],
	rules: VersionRules,
): string[] {
	if (!request.versionsIn || value === null || locked.length === 0) return [];
	const listed = request.versionsIn(value);
	const distinct = locked.length > 1 ? [...new Set(locked)] : locked;
	const unlisted = distinct.filter((version) => !listed.includes(version));
	if (unlisted.length === 0) return unlisted;
	return unlisted.filter((version) => !listed.some((candidate) => rules.compare(candidate, version) === 0));
}

/**
 * Whether a cached answer must be asked for again: it lacks a locked version it did not already lack. A version it
 * already lacked when fetched is set aside before the comparing pass (every warm run of a tree that locks one
 * would otherwise parse the name's every version to find again what `absent` says).
 */
export function predatesLockedVersion(
	request: RequestSpec,
	entry: {readonly value: unknown; readonly absent?: readonly string[]},
	locked: readonly string[],
	rules: VersionRules,
): boolean {
	const absent = entry.absent;
	const open = absent ? locked.filter((version) => !absent.includes(version)) : locked;
	return unlistedVersions(request, entry.value, open, rules).length > 0;
}
