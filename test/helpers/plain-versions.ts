import type {PackageMetadata, VersionFacts} from '../../source/registries/types.js';

/**
 * Versions as plain objects, for comparing with `deepEqual`: a version read from the cache holds its dependencies
 * as text behind a getter (cache/version-columns.ts), which strict deep equality neither reads nor expects.
 */
export function plainVersions<T extends object = VersionFacts>(list: readonly T[]): T[] {
	return list.map((version) => {
		const copy: Record<string, unknown> = {};
		for (const key in version) copy[key] = (version as Record<string, unknown>)[key];
		return copy as T;
	});
}

/** The metadata with plain versions (`plainVersions`); null stays null. */
export function plainMetadata(
	metadata: PackageMetadata | null | undefined,
): PackageMetadata | null | undefined {
	return metadata ? {...metadata, versions: plainVersions(metadata.versions)} : metadata;
}
