import type {DependencyGraph} from '../../graph/types.js';

/**
 * Graph queries the UI needs. Adapter: small local versions until source/graph/query.ts lands
 * (same names and signatures), then these become re-exports.
 */

/** Every package that lists `id` as a dependency (and roots that do, by root id). */
export function dependentsOf(graph: DependencyGraph, id: string): string[] {
	const result: string[] = [];
	for (const root of graph.roots) if (root.dependencies.includes(id)) result.push(root.id);
	for (const node of graph.packages.values()) if (node.dependencies.includes(id)) result.push(node.id);
	return result;
}

/** Paths `[rootId, ...packageIds]` ending at `id`, shortest first (BFS, no package twice on a path). */
export function pathsFromRoots(graph: DependencyGraph, id: string, limit = Number.POSITIVE_INFINITY): string[][] {
	// Walk backwards from the target over reverse edges, so only relevant branches are explored.
	const parents = new Map<string, string[]>();
	const addParent = (child: string, parent: string) => {
		const list = parents.get(child);
		if (list) list.push(parent);
		else parents.set(child, [parent]);
	};

	for (const node of graph.packages.values()) for (const dep of node.dependencies) addParent(dep, node.id);
	for (const root of graph.roots) for (const dep of root.dependencies) addParent(dep, root.id);
	const rootIds = new Set(graph.roots.map((root) => root.id));
	const result: string[][] = [];
	let frontier: string[][] = [[id]];
	while (frontier.length > 0 && result.length < limit) {
		const next: string[][] = [];
		for (const partial of frontier) {
			const head = partial[0]!;
			for (const parent of parents.get(head) ?? []) {
				if (partial.includes(parent)) continue;
				const path = [parent, ...partial];
				if (rootIds.has(parent)) {
					result.push(path);
					if (result.length >= limit) break;
				} else next.push(path);
			}

			if (result.length >= limit) break;
		}

		// Guard against combinatorial blow-up in dense graphs: keep the search bounded.
		frontier = next.length > 20_000 ? next.slice(0, 20_000) : next;
	}

	return result;
}
