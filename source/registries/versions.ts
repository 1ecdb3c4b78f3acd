import type {PackageMetadata, VersionFacts} from './types.js';

/**
 * Fallback for versions an ecosystem cannot order: stable versions published after the locked one. Null
 * when the locked version has no publication date.
 */
export function publicationOrderBehind(
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

/** The entry with exactly this version string. */
export function exactVersion<T extends {readonly version: string}>(
	versions: readonly T[],
	version: string,
): T | null {
	return versions.find((entry) => entry.version === version) ?? null;
}

/** Sorts by publication time, oldest first, unknown times last (stable for equal times). */
export function sortByPublication(versions: VersionFacts[]): void {
	versions.sort((a, b) => {
		if (a.published === b.published) return 0;
		if (a.published === null) return 1;
		if (b.published === null) return -1;
		return a.published < b.published ? -1 : 1;
	});
}
