import {findEcosystem} from '../ecosystems/index.js';
import {subtreeOf} from '../graph/query.js';
import type {DependencyGraph, PackageNode} from '../graph/types.js';
import type {ReportScope} from './types.js';

/**
 * Report scopes: which package ids a report covers, how to say so, and `--subtree <name[@version]>`
 * resolution. The closure itself is the graph module's (`subtreeOf`).
 */

/** The package ids a scope covers. A subtree of an id that is not in the graph covers nothing. */
export function resolveScope(graph: DependencyGraph, scope: ReportScope = {kind: 'all'}): Set<string> {
	switch (scope.kind) {
		case 'all':
			return new Set(graph.packages.keys());
		case 'subtree':
			return subtreeIds(graph, scope.id);
		case 'marked':
		case 'diff':
			return new Set(scope.ids.filter((id) => graph.packages.has(id)));
	}
}

/**
 * A package and everything beneath it; for a root id, everything beneath the root (a root is not a
 * package, and neither is an id the graph does not know).
 */
export function subtreeIds(graph: DependencyGraph, id: string): Set<string> {
	return new Set([...subtreeOf(graph, id)].filter((each) => graph.packages.has(each)));
}

/** A plain-text description of the scope ("the whole tree", "the subtree of express@4.21.2", "3 marked packages"). */
export function describeScope(graph: DependencyGraph, scope: ReportScope = {kind: 'all'}): string {
	switch (scope.kind) {
		case 'all':
			return 'the whole tree';
		case 'subtree': {
			const node = graph.packages.get(scope.id);
			const root = graph.roots.find((candidate) => candidate.id === scope.id);
			const label = node ? `${node.name}@${node.version}` : root ? root.name : scope.id;
			return `the subtree of ${label}`;
		}

		case 'marked':
			return `${scope.ids.length} marked ${scope.ids.length === 1 ? 'package' : 'packages'}`;
		case 'diff':
			return `the ${scope.ids.length} ${scope.ids.length === 1 ? 'package' : 'packages'} added or changed between ${scope.base} and ${scope.head}`;
	}
}

export type SubtreeResolution =
	| {readonly ok: true; readonly id: string}
	| {readonly ok: false; readonly message: string; readonly candidates: string[]};

/**
 * Resolve `--subtree <spec>`: `name`, `name@version`, `@scope/name@version`, an ecosystem-prefixed id
 * (`pypi:requests@2.32.3`) or a root/workspace name. PyPI names match per PEP 503 (`Foo_Bar` = `foo-bar`).
 * Several matches (versions, ecosystems) → an error listing them; none → an error with similar names.
 */
export function resolveSubtreeSpec(graph: DependencyGraph, spec: string): SubtreeResolution {
	const trimmed = spec.trim();
	if (graph.packages.has(trimmed)) return {ok: true, id: trimmed};
	let ecosystem: string | null = null;
	let rest = trimmed;
	const colon = trimmed.indexOf(':');
	if (colon > 0 && findEcosystem(trimmed.slice(0, colon))) {
		ecosystem = trimmed.slice(0, colon);
		rest = trimmed.slice(colon + 1);
	}

	const at = rest.lastIndexOf('@');
	const name = at > 0 ? rest.slice(0, at) : rest;
	const version = at > 0 ? rest.slice(at + 1) : null;
	const matches = [...graph.packages.values()].filter(
		(node) =>
			(ecosystem === null || node.ecosystem === ecosystem) &&
			sameName(node, name) &&
			(version === null || node.version === version),
	);
	if (matches.length === 1) return {ok: true, id: matches[0]!.id};
	if (matches.length > 1) {
		// A workspace and its published release share name and version: their ids tell them apart.
		const labels = matches.map(label);
		const candidates = matches
			.map((node, index) =>
				labels.indexOf(labels[index]!) === labels.lastIndexOf(labels[index]!) ? labels[index]! : node.id,
			)
			.sort();
		const advice = version === null ? 'Add the version' : 'Name one of them';
		return {
			ok: false,
			message: `"${spec}" matches ${matches.length} packages: ${candidates.join(', ')}. ${advice}, e.g. --subtree ${candidates[0]}`,
			candidates,
		};
	}

	const roots = graph.roots.filter((root) => root.name === trimmed);
	if (roots.length === 1) return {ok: true, id: roots[0]!.id};
	const lower = name.toLowerCase();
	const similar = [
		...new Set(
			[...graph.packages.values()]
				.filter((node) => node.name.toLowerCase().includes(lower) || lower.includes(node.name.toLowerCase()))
				.map(label),
		),
	]
		.sort()
		.slice(0, 10);
	const versions = [...graph.packages.values()].filter((node) => sameName(node, name)).map(label);
	const candidates = versions.length > 0 ? versions.sort() : similar;
	const hint =
		candidates.length > 0
			? ` ${versions.length > 0 ? 'Versions in the tree' : 'Similar'}: ${candidates.join(', ')}.`
			: '';
	return {ok: false, message: `No package "${spec}" in the tree.${hint}`, candidates};
}

function label(node: PackageNode): string {
	return `${node.name}@${node.version}`;
}

/** Names compare the ecosystem's way (PEP 503 on PyPI: `Foo_Bar` = `foo-bar`). */
function sameName(node: PackageNode, name: string): boolean {
	const ecosystem = findEcosystem(node.ecosystem);
	return ecosystem
		? ecosystem.normalizeName(node.name) === ecosystem.normalizeName(name)
		: node.name === name;
}
