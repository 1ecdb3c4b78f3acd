import type {DependencyList, EcosystemModule} from '../ecosystems/types.js';
import type {PackageFacts, VersionDependencies, VersionFacts} from '../registries/types.js';
import {previousVersionOf} from '../scoring/release/versions.js';

/**
 * What the locked version added (`new-dependency`) needs the dependencies of two versions: the locked one and the
 * one before it in its line. npm's packument and crates.io's index carry every version's; PyPI's project JSON
 * carries none (only its latest's), so for an ecosystem that says so (`dependenciesPerVersion`) the scan asks for
 * those two versions' dependencies — the same cached-for-good request resolution makes (a wheel's PEP 658
 * metadata, else the version's JSON) — before the package's facts go out. Pure helpers; the scheduler does the I/O.
 */

/** The versions (locked, previous) whose dependencies are still unknown; none when the ecosystem has them all. */
export function versionsToCompare(ecosystem: EcosystemModule, facts: PackageFacts): string[] {
	if (!ecosystem.dependenciesPerVersion || !ecosystem.resolver) return [];
	const {metadata, locked} = facts;
	if (!metadata || !locked) return [];
	const previous = previousVersionOf(metadata, locked);
	if (!previous) return [];
	return [locked, previous].filter((version) => !version.dependencies).map((version) => version.version);
}

/**
 * A dependency list as a version's dependencies: what installing it installs, by name. A dependency behind an
 * `extra == …` marker is installed only when someone asks for the extra: left out. One behind an environment marker
 * (`sys_platform == "win32"`) is kept: it is installed somewhere, and an attacker's addition is one wherever it is.
 */
export function versionDependenciesOf(list: DependencyList): VersionDependencies {
	const prod: Record<string, string> = {};
	for (const dependency of list.dependencies) {
		if (dependency.kind === 'dev' || dependency.kind === 'optional' || dependency.kind === 'peerOptional')
			continue;
		if (dependency.marker && /\bextra\s*==/.test(dependency.marker)) continue;
		prod[dependency.name] ??= dependency.range;
	}

	return {prod};
}

/** The facts with these versions' dependencies filled in (a copy: the name's metadata is shared by its ids). */
export function withVersionDependencies(
	facts: PackageFacts,
	found: ReadonlyMap<string, VersionDependencies>,
): PackageFacts {
	const {metadata, locked} = facts;
	if (!metadata || found.size === 0) return facts;
	const patch = (version: VersionFacts): VersionFacts => {
		const dependencies = found.get(version.version);
		return dependencies && !version.dependencies ? {...version, dependencies} : version;
	};
	const versions = metadata.versions.map(patch);
	const lockedAt = locked ? metadata.versions.indexOf(locked) : -1;
	return {
		...facts,
		metadata: {...metadata, versions},
		locked: lockedAt >= 0 ? versions[lockedAt]! : locked ? patch(locked) : locked,
	};
}
