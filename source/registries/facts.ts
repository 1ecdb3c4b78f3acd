import type {Ecosystem} from '../graph/types.js';
import type {DownloadHistory, FactOrigin, PackageFacts, PackageMetadata, VersionFacts} from './types.js';

/** One kind of fact for one name, once its fetch is over: the value (null = unknown), where it came from, why it is missing. */
export type Settled<T> = {
	readonly value: T | null;
	readonly origin: FactOrigin | null;
	/** Already prefixed with its kind: 'metadata: HTTP 500', 'downloads: timeout'. */
	readonly error: string | null;
};

/**
 * The facts of one graph package (name + locked version). Metadata is per NAME and shared by every locked
 * version of it; the locked version's entry is looked up here.
 */
export function buildPackageFacts(
	node: {readonly ecosystem: Ecosystem; readonly name: string; readonly version: string},
	metadata: Settled<PackageMetadata>,
	downloads: Settled<DownloadHistory>,
): PackageFacts {
	const errors = [metadata.error, downloads.error].filter((e): e is string => e !== null);
	return {
		ecosystem: node.ecosystem,
		name: node.name,
		lockedVersion: node.version,
		metadata: metadata.value,
		locked: metadata.value ? findVersion(metadata.value.versions, node.version, node.ecosystem) : null,
		downloads: downloads.value,
		origins: {metadata: metadata.origin, downloads: downloads.origin},
		errors,
	};
}

/** Exact match first; on PyPI also the PEP 440 spelling variants (`2.0` = `2.0.0`, `V1.0` = `1.0`). */
export function findVersion(
	versions: readonly VersionFacts[],
	version: string,
	ecosystem: Ecosystem,
): VersionFacts | null {
	const exact = versions.find((entry) => entry.version === version);
	if (exact || ecosystem !== 'pypi') return exact ?? null;
	const wanted = normalizePep440(version);
	return versions.find((entry) => normalizePep440(entry.version) === wanted) ?? null;
}

function normalizePep440(version: string): string {
	let normalized = version.trim().toLowerCase().replace(/^v/, '');
	while (/\.0$/.test(normalized) && normalized.split('.').length > 1) normalized = normalized.slice(0, -2);
	return normalized;
}
