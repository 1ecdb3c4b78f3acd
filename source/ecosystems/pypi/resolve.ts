import {compare, explain, satisfies, validRange} from '@renovatebot/pep440';
import {readJson, readText} from '../../registries/http.js';
import {dependencyListSchema} from '../../registries/schemas.js';
import type {
	DependencySource,
	NameFacts,
	ParsedSpec,
	ResolverSpec,
	VersionChoice,
	VersionRequest,
} from '../types.js';
import {parseCoreMetadata, parseVersionJson} from './core-metadata.js';
import {pythonEnvironment, pythonEnvironmentSetting} from './environment.js';
import {parsePythonRequirement, pinnedVersion} from './lockfiles/python-requirement.js';
import {markerHolds} from './markers.js';
import {normalizePythonName} from './names.js';
import type {SimpleFile, SimpleProject} from './simple.js';

/**
 * Resolution on PyPI, as pip does it without backtracking: one version per name, the newest release that
 * satisfies the specifier (PEP 440, `==0.7.*` included). Pre-releases only when the specifier names one; yanked
 * releases (PEP 592) only when pinned exactly; releases whose `requires-python` excludes the target Python are
 * skipped. A version's dependencies: the core metadata of one of its wheels (PEP 658/714, found in the simple
 * JSON already fetched), else the JSON API of that version — one request per (name, version), cached for good.
 */

/** Specifiers without spaces; `''` and `*` mean any version. */
function clean(range: string): string {
	const text = range.replace(/\s+/g, '');
	return text === '*' ? '' : text;
}

/** Whether the specifier names a pre-release (then pre-releases may be chosen, as pip does). */
function namesPrerelease(range: string): boolean {
	return range
		.split(',')
		.some((clause) => explain(clause.replace(/^[<>=!~]+/, '').replace(/\.\*$/, ''))?.is_prerelease);
}

/** Whether a version in the tree satisfies a specifier; one PEP 440 cannot judge counts as satisfied. */
function satisfiesRange(version: string, range: string): boolean {
	const specifier = clean(range);
	if (specifier === '') return true;
	if (!explain(version) || !validRange(specifier)) return true;
	return satisfies(version, specifier, {prereleases: true});
}

function releasesOf(
	facts: NameFacts,
): Array<{version: string; files: readonly SimpleFile[] | null; yanked: boolean}> {
	const simple = facts.extras.simple as SimpleProject | undefined;
	if (simple) {
		return Object.entries(simple.releases).map(([version, files]) => ({
			version,
			files,
			yanked: files.length > 0 && files.every((file) => file.yanked !== false),
		}));
	}

	// Without the simple index: the JSON API's releases (a release with no files has no publication date).
	return (facts.metadata?.versions ?? [])
		.filter((entry) => entry.published !== null)
		.map((entry) => ({version: entry.version, files: null, yanked: entry.yanked}));
}

/** Whether some file of the release can be installed on the target Python (`requires-python`). */
function pythonFits(files: readonly SimpleFile[] | null, pythonVersion: string): boolean {
	if (!files) return true;
	return files.some((file) => {
		const required = file.requiresPython?.replace(/\s+/g, '') ?? '';
		if (required === '' || !validRange(required)) return true;
		return satisfies(pythonVersion, required, {prereleases: true});
	});
}

function choose(facts: NameFacts, range: string, environmentText: string): VersionChoice {
	if (!facts.metadata && !facts.extras.simple) return {error: facts.errors.join('; ') || 'no registry data'};
	const specifier = clean(range);
	if (specifier !== '' && !validRange(specifier)) return {error: `"${range}" is not a PEP 440 specifier`};
	const environment = pythonEnvironment(environmentText);
	const pinned = pinnedVersion(specifier);
	const prereleases = namesPrerelease(specifier);
	let best: string | null = null;
	let bestYanked = false;
	let excludedByPython = 0;
	let yankedOnly = 0;
	for (const release of releasesOf(facts)) {
		if (!explain(release.version)) continue;
		if (specifier !== '' && !satisfies(release.version, specifier, {prereleases})) continue;
		if (specifier === '' && explain(release.version)?.is_prerelease) continue;
		if (release.files !== null && release.files.length === 0) continue;
		const exact = pinned !== undefined && compare(release.version, pinned) === 0;
		if (release.yanked && !exact) {
			yankedOnly++;
			continue;
		}

		if (!pythonFits(release.files, environment.pythonFullVersion)) {
			excludedByPython++;
			continue;
		}

		if (best === null || compare(release.version, best) > 0) {
			best = release.version;
			bestYanked = release.yanked;
		}
	}

	const wanted = specifier === '' ? 'any version' : specifier;
	if (best === null) {
		if (excludedByPython > 0)
			return {
				error: `no release satisfying ${wanted} supports Python ${environment.pythonFullVersion} (requires-python)`,
			};
		if (yankedOnly > 0) return {error: `every release satisfying ${wanted} is yanked`};
		return {error: `no release satisfies ${wanted}`};
	}

	return {
		version: best,
		note: `newest release satisfying ${wanted}${bestYanked ? ' (yanked, but pinned exactly)' : ''}`,
	};
}

/** The files of a release in the simple index (its key may be written differently: `1.0` vs `1.0.0`). */
function filesOf(simple: SimpleProject | undefined, version: string): readonly SimpleFile[] {
	if (!simple) return [];
	const exact = simple.releases[version];
	if (exact) return exact;
	if (!explain(version)) return [];
	for (const [key, files] of Object.entries(simple.releases))
		if (explain(key) && compare(key, version) === 0) return files;
	return [];
}

function versionJsonRequest(base: string, name: string, version: string): VersionRequest {
	return {
		kind: 'version-json',
		endpoint: 'pypi',
		url: `${base}pypi/${encodeURIComponent(normalizePythonName(name))}/${encodeURIComponent(version)}/json`,
		// The version's whole JSON (its description too): a document read whole.
		responseSize: 'medium',
		cacheSchema: dependencyListSchema,
		parse: async (body) => parseVersionJson(await readJson(body)),
		describe: `requires_dist in PyPI's JSON for ${name} ${version} (from its first upload: may be incomplete)`,
	};
}

function dependencies(facts: NameFacts, version: string, base: string): DependencySource {
	const simple = facts.extras.simple as SimpleProject | undefined;
	const json = versionJsonRequest(base, facts.name, version);
	// A wheel's METADATA is exact; prefer one that is not yanked.
	const wheels = filesOf(simple, version).filter((file) => file.kind === 'wheel' && file.coreMetadata);
	const wheel = wheels.find((file) => file.yanked === false) ?? wheels[0];
	if (!wheel) return {kind: 'request', request: json};
	return {
		kind: 'request',
		request: {
			kind: 'core-metadata',
			endpoint: 'pypi',
			url: `${wheel.url.replace(/#.*$/, '')}.metadata`,
			accept: 'text/plain, */*',
			// A wheel's METADATA: headers and the package's description, never big.
			responseSize: 'small',
			cacheSchema: dependencyListSchema,
			parse: async (body) => parseCoreMetadata(await readText(body)),
			describe: `the core metadata of ${wheel.filename} (PEP 658)`,
			fallback: json,
		},
	};
}

export const pypiResolver: ResolverSpec = {
	oneVersionPerName: true,
	satisfies: satisfiesRange,
	choose,
	dependencies: (facts, version, endpoints) =>
		dependencies(facts, version, endpoints.urls.pypi ?? 'https://pypi.org/'),
	applies(dependency, environment, extras) {
		if (!dependency.marker) return true;
		return markerHolds(dependency.marker, pythonEnvironment(environment).markers, extras);
	},
	parseSpec(text): ParsedSpec {
		const requirement = parsePythonRequirement(text.trim());
		if (!requirement || requirement.url) return {error: `"${text}" is not a PEP 508 requirement`};
		if (requirement.specifier !== '' && !validRange(requirement.specifier))
			return {error: `"${requirement.specifier}" is not a PEP 440 specifier`};
		return {
			name: requirement.name,
			range: requirement.specifier,
			...(requirement.extras.length > 0 ? {extras: requirement.extras} : {}),
		};
	},
	environment: pythonEnvironmentSetting,
};
