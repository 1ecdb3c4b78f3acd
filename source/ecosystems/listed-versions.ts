import type {PackageMetadata} from '../registries/types.js';

/**
 * The versions a cached answer lists (`RequestSpec.versionsIn`), read lazily: a warm run asks this of every
 * name, and stops at the first version equal to the locked one.
 */
export function* listed<K extends string>(
	entries: readonly Readonly<Record<K, string>>[],
	key: K,
): Generator<string> {
	for (const entry of entries) yield entry[key];
}

/** A package's versions, as its metadata (npm's packument, PyPI's project JSON) lists them. */
export function metadataVersions(value: unknown): Iterable<string> {
	return listed((value as PackageMetadata).versions, 'version');
}
