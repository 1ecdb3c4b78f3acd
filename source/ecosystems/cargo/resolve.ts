import semver from 'semver';
import {HttpFailure, readJson} from '../../registries/http.js';
import {dependencyListSchema} from '../../registries/schemas.js';
import {isRecord} from '../../util/records.js';
import type {
	DeclaredDependency,
	DependencyList,
	NameFacts,
	ParsedSpec,
	ResolverSpec,
	VersionChoice,
} from '../types.js';
import {crateUrl, isValidCrateName} from './crates-io.js';

/**
 * Resolution on crates.io, as Cargo chooses (without features): a requirement `1.2` means `^1.2`, `=1.2.3` is
 * exact, `>=1, <2` a range; the newest non-yanked version satisfying it (yanked only when pinned with `=`), no
 * pre-release unless the requirement names one; versions that are not semver-compatible coexist. A version's
 * dependencies come from the sparse index read with the crate's metadata, else from
 * `api/v1/crates/<name>/<version>/dependencies` (one request per version, paced like every crates.io request,
 * cached for good): normal and build dependencies; dev and optional ones (enabled by features, which commit-tui
 * does not follow) are left out.
 */

/** A Cargo requirement as a node-semver range: bare versions are carets, commas are ANDs. */
export function cargoRange(requirement: string): string | null {
	const text = requirement.trim();
	if (text === '' || text === '*') return '*';
	const parts = text.split(',').map((part) => {
		const clause = part.trim();
		return /^\d/.test(clause) ? `^${clause}` : clause.replace(/^=\s*/, '=');
	});
	const range = parts.join(' ');
	return semver.validRange(range) === null ? null : range;
}

function satisfies(version: string, requirement: string): boolean {
	const range = cargoRange(requirement);
	if (range === null || semver.valid(version) === null) return true;
	return semver.satisfies(version, range, {includePrerelease: true});
}

function choose(facts: NameFacts, requirement: string): VersionChoice {
	if (!facts.metadata) return {error: facts.errors.join('; ') || 'no registry data'};
	const range = cargoRange(requirement);
	if (range === null) return {error: `"${requirement}" is not a Cargo version requirement`};
	const exact = /^=\s*\S+$/.test(requirement.trim());
	const candidates = facts.metadata.versions.filter(
		(entry) => semver.valid(entry.version) !== null && semver.satisfies(entry.version, range),
	);
	const pool = candidates.filter((entry) => !entry.yanked || exact);
	const wanted = requirement.trim() === '' ? 'any version' : requirement.trim();
	if (pool.length === 0)
		return {
			error:
				candidates.length > 0
					? `every version satisfying ${wanted} is yanked`
					: `no version satisfies ${wanted}`,
		};
	const best = pool.reduce((a, b) => (semver.gt(b.version, a.version) ? b : a));
	return {
		version: best.version,
		note: `newest version satisfying ${wanted}${best.yanked ? ' (yanked, but pinned with =)' : ''}`,
	};
}

/** `GET …/<name>/<version>/dependencies` → `{dependencies: [{crate_id, req, kind, optional, target}]}`. */
export function parseCrateDependencies(body: unknown): DependencyList {
	if (!isRecord(body) || !Array.isArray(body.dependencies))
		throw new HttpFailure('invalid', 'invalid crates.io dependencies response');
	const dependencies: DeclaredDependency[] = [];
	for (const entry of body.dependencies) {
		if (!isRecord(entry) || typeof entry.crate_id !== 'string' || !isValidCrateName(entry.crate_id)) continue;
		const kind = typeof entry.kind === 'string' ? entry.kind : 'normal';
		if (kind === 'dev' || entry.optional === true) continue;
		const requirement = typeof entry.req === 'string' ? entry.req : '*';
		const target = typeof entry.target === 'string' && entry.target !== '' ? ` (${entry.target})` : '';
		dependencies.push({
			name: entry.crate_id,
			range: requirement,
			kind: 'prod',
			text: `${entry.crate_id} ${requirement}${kind === 'build' ? ' (build)' : ''}${target}`,
		});
	}

	return {dependencies};
}

export const cargoResolver: ResolverSpec = {
	oneVersionPerName: false,
	satisfies,
	choose: (facts, range) => choose(facts, range),
	dependencies(facts, version, endpoints) {
		// The sparse index already gave every version's dependencies (crates-index.ts): no request, no wait on the
		// API's one a second. Only when it did not (down, or a mirror without it) is the version asked for.
		const indexed = facts.metadata?.versions.find((candidate) => candidate.version === version)?.dependencies;
		if (indexed)
			return {
				kind: 'known',
				list: {
					dependencies: Object.entries(indexed.prod).map(([name, requirement]) => ({
						name,
						range: requirement,
						kind: 'prod' as const,
						text: `${name} ${requirement}`,
					})),
				},
				from: `crates.io's index entry for ${facts.name} ${version} (normal and build; optional ones not followed)`,
			};
		const base = crateUrl(endpoints.urls.crates ?? 'https://crates.io/', facts.name);
		if (base === null) return {kind: 'unknown', reason: 'not a valid crate name'};
		return {
			kind: 'request',
			request: {
				kind: 'crate-dependencies',
				endpoint: 'crates',
				url: `${base}/${encodeURIComponent(version)}/dependencies`,
				responseSize: 'small',
				cacheSchema: dependencyListSchema,
				parse: async (body) => parseCrateDependencies(await readJson(body)),
				describe: `crates.io's dependencies of ${facts.name} ${version} (normal and build; optional ones not followed)`,
			},
		};
	},
	parseSpec(text): ParsedSpec {
		const at = text.indexOf('@');
		const name = (at === -1 ? text : text.slice(0, at)).trim();
		const range = at === -1 ? '' : text.slice(at + 1).trim();
		if (!isValidCrateName(name)) return {error: `"${name}" is not a crate name`};
		if (cargoRange(range) === null) return {error: `"${range}" is not a Cargo version requirement`};
		return {name, range};
	},
};
