import type {DependencyGraph, PackageNode} from './types.js';

export type GraphFilter = {
	/** Leave out packages reachable only through dev dependencies (`--prod`). */
	readonly production: boolean;
};

/** A copy of the graph without the packages the filter leaves out; edges to them are dropped too. */
export function filterGraph(graph: DependencyGraph, filter: GraphFilter): DependencyGraph {
	if (!filter.production) return graph;
	const keep = (node: PackageNode) => !node.dev;
	const packages = new Map<string, PackageNode>();
	for (const node of graph.packages.values()) if (keep(node)) packages.set(node.id, {...node});
	for (const node of packages.values())
		node.dependencies = node.dependencies.filter((id) => packages.has(id));
	const roots = graph.roots.map((root) => ({
		...root,
		dependencies: root.dependencies.filter((id) => packages.has(id)),
	}));
	return {...graph, roots, packages};
}
