import type {PackageMetadata, VersionFacts} from '../../registries/types.js';
import type {SimpleProject} from './simple.js';
import {isPrereleasePep440} from './versions.js';

/**
 * The PyPI JSON document's metadata with what release evidence needs from the simple index, in the neutral
 * model: per release, a provenance (PEP 740) on any of its files, and whether it is a pre-release; for the
 * project, its PEP 792 status. Without the simple index, provenance stays unknown (no `coverage`).
 */
export function withReleaseFacts(metadata: PackageMetadata, simple: SimpleProject | null): PackageMetadata {
	let changed = false;
	const versions = metadata.versions.map((version): VersionFacts => {
		const files = simple?.releases[version.version] ?? [];
		const provenance = files.some((file) => file.provenance !== null);
		const prerelease = isPrereleasePep440(version.version);
		// A file added later without the provenance its release's other files carry: not from their CI.
		const late = version.lateFile;
		const lateFile = late && files.find((file) => file.filename === late.filename);
		const lateWithout = provenance && lateFile !== undefined && lateFile.provenance === null;
		if (!provenance && !prerelease) return version;
		changed = true;
		return {
			...version,
			...(provenance ? {provenance: true as const} : {}),
			...(prerelease ? {prerelease: true as const} : {}),
			...(lateWithout && late ? {lateFile: {...late, withoutProvenance: true as const}} : {}),
		};
	});
	const status =
		simple && simple.status !== 'active' ? {state: simple.status, reason: simple.statusReason} : null;
	// Nothing to add: the cached document itself (one copy per name, not one per locked version).
	if (!simple && !changed) return metadata;
	return {
		...metadata,
		versions,
		...(simple ? {coverage: {provenance: true as const}} : {}),
		...(status ? {status} : {}),
	};
}
