import type {DependencyGraph} from './types.js';

export type GraphFilter = {
	/** Leave out packages reachable only through dev dependencies (`--prod`). */
	readonly production: boolean;
};

/** A copy of the graph without the packages the filter leaves out; edges to them are dropped too. */
export function filterGraph(graph: DependencyGraph, filter: GraphFilter): DependencyGraph {
	if (!filter.production) return graph;
	const keep = new Set<string>();
	for (const node of graph.packages.values()) if (!node.dev) keep.add(node.id);
	return restrictGraph(graph, keep);
}

/**
 * The graph with only the packages in `keep`, and only the edges between them and from the roots to them.
 * O(V + E). The original graph is never changed: a node that loses an edge is a copy; one that keeps all of its
 * edges is the same (immutable) node — the production graph of a tree (`--prod`, dev hidden) loses its
 * packages' edges rarely (what production code depends on is production), so most nodes are not copied.
 */
export function restrictGraph(graph: DependencyGraph, keep: ReadonlySet<string>): DependencyGraph {
	const packages: DependencyGraph['packages'] = new Map();
	for (const node of graph.packages.values()) {
		if (!keep.has(node.id)) continue;
		const {dependencies} = node;
		let kept = 0;
		while (kept < dependencies.length && keep.has(dependencies[kept]!)) kept++;
		packages.set(
			node.id,
			kept === dependencies.length
				? node
				: {...node, dependencies: dependencies.filter((id) => keep.has(id))},
		);
	}

	const roots = graph.roots.map((root) => ({
		...root,
		dependencies: root.dependencies.filter((id) => keep.has(id)),
	}));
	return {...graph, roots, packages};
}
