import type {
	DependencyGraph,
	LockfileInfo,
	PackageFlags,
	PackageNode,
	ResolutionContext,
	RootNode,
} from './types.js';

export type LockfileContribution = {
	readonly info: LockfileInfo;
	readonly roots: readonly RootNode[];
	readonly packages: readonly PackageNode[];
	readonly warnings: readonly string[];
	/** What this lockfile asks commit-tui to resolve (see `ResolutionContext`). */
	readonly resolution?: ResolutionContext;
};

/**
 * One graph from several lockfiles. The same package (ecosystem, name, version) in two lockfiles is one node:
 * its edges are the union, it is direct if direct anywhere, and dev/optional only if so everywhere.
 *
 * A node found in one lockfile only is the contribution's own (a large tree is not copied for nothing): a
 * contribution's nodes must not be changed after the merge — the graph's consumers never change nodes either.
 * A node found again is copied before it is merged into, so no contribution is ever changed.
 */
export function mergeLockfiles(contributions: readonly LockfileContribution[]): DependencyGraph {
	const packages = new Map<string, PackageNode>();
	// Nodes that are copies of ours (merged into): the others are still the contributions' own.
	const copied = new Set<string>();
	const roots: RootNode[] = [];
	const warnings: string[] = [];

	for (const {
		roots: lockfileRoots,
		packages: lockfilePackages,
		warnings: lockfileWarnings,
	} of contributions) {
		roots.push(...lockfileRoots.map((root) => ({...root, dependencies: [...root.dependencies]})));
		warnings.push(...lockfileWarnings);
		for (const node of lockfilePackages) {
			const found = packages.get(node.id);
			if (!found) {
				packages.set(node.id, node);
				continue;
			}

			let existing = found;
			if (!copied.has(node.id)) {
				existing = {
					...found,
					dependencies: [...found.dependencies],
					lockfiles: [...found.lockfiles],
					...(found.aliases ? {aliases: [...found.aliases]} : {}),
					...(found.lines ? {lines: {...found.lines}} : {}),
				};
				packages.set(node.id, existing);
				copied.add(node.id);
			}

			existing.direct ||= node.direct;
			existing.dev &&= node.dev;
			existing.optional &&= node.optional;
			existing.dependencies = union(existing.dependencies, node.dependencies);
			existing.lockfiles = union(existing.lockfiles, node.lockfiles);
			if (node.aliases) existing.aliases = union(existing.aliases ?? [], node.aliases).sort();
			if (node.hasInstallScript) existing.hasInstallScript = true;
			if (node.foreignTarball) existing.foreignTarball ??= node.foreignTarball;
			if (node.published && (existing.published === undefined || node.published < existing.published))
				existing.published = node.published;
			// Locked anywhere is locked; edges recorded by any lockfile are the lockfile's.
			if (existing.locked === false && node.locked !== false) delete existing.locked;
			if (existing.edgesFrom !== undefined && node.edgesFrom === undefined) {
				delete existing.edgesFrom;
				delete existing.origin;
			}
			if (node.lines) existing.lines = {...node.lines, ...existing.lines};
		}
	}

	const graph: DependencyGraph = {
		lockfiles: contributions.map((entry) => entry.info),
		roots,
		packages,
		warnings,
	};
	const contexts = contributions.flatMap((entry) => (entry.resolution ? [entry.resolution] : []));
	if (contexts.length === 0) return graph;
	return {...graph, resolution: {contexts, fixedFlags: fixedFlags(contributions, contexts)}};
}

/**
 * The flags of packages that a lockfile without resolution also lists, as those lockfiles alone say (merged the
 * same way): a resolving context recomputes its own flags as edges arrive and combines them with these.
 */
function fixedFlags(
	contributions: readonly LockfileContribution[],
	contexts: readonly ResolutionContext[],
): Map<string, PackageFlags> {
	const resolving = new Set<string>();
	for (const entry of contributions)
		if (entry.resolution) for (const node of entry.packages) resolving.add(node.id);
	const flags = new Map<string, PackageFlags>();
	for (const entry of contributions) {
		if (entry.resolution) continue;
		for (const node of entry.packages) {
			if (!resolving.has(node.id)) continue;
			const known = flags.get(node.id);
			flags.set(
				node.id,
				known
					? {
							direct: known.direct || node.direct,
							dev: known.dev && node.dev,
							optional: known.optional && node.optional,
						}
					: {direct: node.direct, dev: node.dev, optional: node.optional},
			);
		}
	}

	return contexts.length > 0 ? flags : new Map();
}

function union(first: readonly string[], second: readonly string[]): string[] {
	const seen = new Set(first);
	const result = [...first];
	for (const item of second) {
		if (!seen.has(item)) {
			seen.add(item);
			result.push(item);
		}
	}

	return result;
}
