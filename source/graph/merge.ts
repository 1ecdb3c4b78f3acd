import type {DependencyGraph, LockfileInfo, PackageNode, RootNode} from './types.js';

export type LockfileContribution = {
	readonly info: LockfileInfo;
	readonly roots: readonly RootNode[];
	readonly packages: readonly PackageNode[];
	readonly warnings: readonly string[];
};

/**
 * One graph from several lockfiles. The same package (ecosystem, name, version) in two lockfiles is one node:
 * its edges are the union, it is direct if direct anywhere, and dev/optional only if so everywhere.
 */
export function mergeLockfiles(contributions: readonly LockfileContribution[]): DependencyGraph {
	const packages = new Map<string, PackageNode>();
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
			const existing = packages.get(node.id);
			if (!existing) {
				packages.set(node.id, {
					...node,
					dependencies: [...node.dependencies],
					lockfiles: [...node.lockfiles],
					...(node.lines ? {lines: {...node.lines}} : {}),
				});
				continue;
			}

			existing.direct ||= node.direct;
			existing.dev &&= node.dev;
			existing.optional &&= node.optional;
			existing.dependencies = union(existing.dependencies, node.dependencies);
			existing.lockfiles = union(existing.lockfiles, node.lockfiles);
			if (node.aliases) existing.aliases = union(existing.aliases ?? [], node.aliases).sort();
			if (node.lines) existing.lines = {...node.lines, ...existing.lines};
		}
	}

	return {lockfiles: contributions.map((entry) => entry.info), roots, packages, warnings};
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
