import type {DependencyGraph, PackageNode} from '../graph/types.js';
import {changedIds, type GraphDiff} from './graph-diff.js';

/**
 * The graph a diff scans: only the packages the change adds or moves to, plus the versions they moved from
 * (the same names, so the same requests: they cost nothing more and say what the bump changed). Edges and
 * roots are cut to those packages, so the scheduler fetches nothing else, and direct dependencies still go
 * first. Unchanged packages are never requested.
 */
export function diffScanGraph(
	base: DependencyGraph,
	head: DependencyGraph,
	diff: GraphDiff,
): DependencyGraph {
	const packages = new Map<string, PackageNode>();
	const keep = (node: PackageNode | undefined) => {
		if (node && !packages.has(node.id)) packages.set(node.id, {...node});
	};

	for (const id of changedIds(diff)) keep(head.packages.get(id));
	for (const change of diff.changed) keep(base.packages.get(change.from));
	for (const node of packages.values())
		node.dependencies = node.dependencies.filter((id) => packages.has(id));
	return {
		lockfiles: head.lockfiles,
		roots: head.roots.map((root) => ({
			...root,
			dependencies: root.dependencies.filter((id) => packages.has(id)),
		})),
		packages,
		warnings: [],
	};
}
