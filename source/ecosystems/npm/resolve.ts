import semver from 'semver';
import type {EdgeKind} from '../../graph/types.js';
import type {VersionFacts} from '../../registries/types.js';
import type {DeclaredDependency, NameFacts, ParsedSpec, ResolverSpec, VersionChoice} from '../types.js';
import {aliasTarget, sourceOfRange, splitDescriptor} from './lockfiles/yarn-spec.js';

/**
 * Resolution on npm, as npm 7+ installs: every range gets the newest version that satisfies it from the
 * packument's `versions` — `dist-tags.latest` when it satisfies (npm-pick-manifest's rule), a non-deprecated
 * version over a deprecated one — several versions of a name may coexist, and non-optional peer dependencies are
 * installed. A version's dependencies come from its manifest in the packument already fetched: no request.
 */

/** `*`, `x`, '' and `latest` mean "whatever latest is". */
function isAnyRange(range: string): boolean {
	const trimmed = range.trim();
	return trimmed === '' || trimmed === '*' || trimmed === 'x' || trimmed === 'latest';
}

function satisfies(version: string, range: string): boolean {
	if (isAnyRange(range)) return semver.valid(version) !== null;
	if (semver.validRange(range) === null) return false;
	return semver.satisfies(version, range, {includePrerelease: true});
}

function choose(facts: NameFacts, range: string): VersionChoice {
	const metadata = facts.metadata;
	if (!metadata) return {error: facts.errors.join('; ') || 'no registry data'};
	if (metadata.unpublished) return removedPin(metadata, range) ?? {error: 'unpublished from the registry'};
	const latest = metadata.latestVersion;
	const trimmed = range.trim();
	if (!isAnyRange(trimmed) && semver.validRange(trimmed) === null) {
		// A dist-tag other than latest: the packument's tags are not kept (only latest is).
		return {error: `"${trimmed}" is neither a semver range nor the latest tag`};
	}

	const effective = isAnyRange(trimmed) ? '*' : trimmed;
	const candidates = metadata.versions.filter(
		(entry) => semver.valid(entry.version) !== null && semver.satisfies(entry.version, effective),
	);
	if (latest && candidates.some((entry) => entry.version === latest)) {
		return {version: latest, note: `the latest tag, which satisfies ${describe(trimmed)}`};
	}

	if (candidates.length === 0) return removedChoice(metadata, trimmed, effective);
	const live = candidates.filter((entry) => !entry.deprecated);
	const pool = live.length > 0 ? live : candidates;
	const best = pool.reduce((a, b) => (semver.gt(b.version, a.version) ? b : a));
	return {
		version: best.version,
		note: `newest version satisfying ${describe(trimmed)}${best.deprecated ? ' (deprecated: every candidate is)' : ''}`,
	};
}

/**
 * Nothing listed satisfies the range. An exact version the registry removed (a hijacked release npm took down)
 * is still what a lockfile written before the removal, or a pin copied from one, installs from a cache: it is
 * chosen, so its release evidence is judged, instead of being reported as a typo. A range only removed versions
 * satisfy is an error that names them (npm would fail with ETARGET).
 */
function removedChoice(
	metadata: NonNullable<NameFacts['metadata']>,
	range: string,
	effective: string,
): VersionChoice {
	const pinned = removedPin(metadata, range);
	if (pinned) return pinned;
	const removed = (metadata.removed ?? []).filter((entry) => semver.satisfies(entry.version, effective));
	if (removed.length === 0) return {error: `no version satisfies ${describe(range)}`};
	const names = removed.map((entry) => entry.version).join(', ');
	return {error: `no version satisfies ${describe(range)}: the registry removed ${names}`};
}

function removedPin(metadata: NonNullable<NameFacts['metadata']>, range: string): VersionChoice | undefined {
	const exact = semver.valid(range.trim());
	if (exact === null || !metadata.removed?.some((entry) => entry.version === exact)) return undefined;
	return {version: exact, note: 'pinned exactly, though the registry has removed it'};
}

function describe(range: string): string {
	return isAnyRange(range) ? 'any version' : range;
}

/**
 * A manifest's dependency fields as declared dependencies: `dependencies` (prod), `optionalDependencies`
 * (optional; a name in both is optional, as npm reads it), non-optional `peerDependencies` (installed by npm 7+;
 * optional peers are not). Aliases (`npm:real@1`) resolve to the real name; git, file and URL specs are kept
 * as placeholders that are never looked up.
 */
export function npmDependencies(
	declared: NonNullable<VersionFacts['dependencies']>,
	owner: string,
): DeclaredDependency[] {
	const result = new Map<string, DeclaredDependency>();
	const add = (ranges: Readonly<Record<string, string>> | undefined, kind: EdgeKind) => {
		for (const [key, range] of Object.entries(ranges ?? {})) {
			if (result.has(key)) continue;
			result.set(key, dependencyOf(key, range, kind, owner));
		}
	};

	add(declared.optional, 'optional');
	add(declared.prod, 'prod');
	const optionalPeers = new Set(declared.peerOptional ?? []);
	const peers = Object.fromEntries(
		Object.entries(declared.peer ?? {}).filter(([name]) => !optionalPeers.has(name)),
	);
	add(peers, 'peer');
	return [...result.values()];
}

/** One `"key": "range"` entry as a dependency to resolve (or a placeholder for a non-registry spec). */
export function dependencyOf(key: string, range: string, kind: EdgeKind, where: string): DeclaredDependency {
	const text = `${key}@${range || '*'} (${where})`;
	const alias = aliasTarget(range);
	if (alias) return {name: alias.name, range: alias.range, kind, alias: key, text};
	const source = sourceOfRange(range);
	if (source !== 'registry') return {name: key, range: '', kind, source, text};
	// berry's default protocol: `npm:^1.0.0`.
	return {name: key, range: range.startsWith('npm:') ? range.slice(4) : range, kind, text};
}

export const npmResolver: ResolverSpec = {
	oneVersionPerName: false,
	satisfies,
	choose: (facts, range) => choose(facts, range),
	dependencies(facts, version) {
		const entry = facts.metadata?.versions.find((candidate) => candidate.version === version);
		if (!facts.metadata) return {kind: 'unknown', reason: facts.errors.join('; ') || 'no registry data'};
		if (!entry && facts.metadata.removed?.some((removed) => removed.version === version))
			return {kind: 'unknown', reason: `${version} was removed from the registry, and its manifest with it`};
		if (!entry) return {kind: 'unknown', reason: `version ${version} is not in the packument`};
		if (entry.dependencies === undefined)
			return {
				kind: 'unknown',
				reason: 'not in the cached packument (cached by an older commit-tui: --refresh)',
			};
		if (entry.dependencies === null)
			return {kind: 'unknown', reason: `the packument has no manifest for ${version}`};
		return {
			kind: 'known',
			list: {dependencies: npmDependencies(entry.dependencies, `${facts.name}@${version}`)},
			from: `the manifest of ${facts.name}@${version} in its packument`,
		};
	},
	parseSpec(text): ParsedSpec {
		const {name, range} = splitDescriptor(text.trim());
		if (name === '') return {error: `"${text}" names no package`};
		if (range !== '' && !isAnyRange(range) && semver.validRange(range) === null)
			return {error: `"${range}" is not a semver range`};
		return {name, range};
	},
};
