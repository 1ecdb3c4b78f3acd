import type {DependencyGraph} from './types.js';

/**
 * Questions asked of a graph: why is this package here, what does it pull in, who needs it.
 * All are iterative (no recursion): trees can be deep and contain cycles.
 */

/** Ids of the packages (and roots) that depend directly on `id`. */
export function dependentsOf(graph: DependencyGraph, id: string): string[] {
	return dependentsIndex(graph).get(id) ?? [];
}

const dependentsCache = new WeakMap<DependencyGraph, Map<string, string[]>>();

/**
 * Reverse edges, built once per graph: O(V + E). Each source's edges are added together, so a duplicate edge is
 * the last one of its target's list (no search through a list that can hold thousands of dependents).
 */
export function dependentsIndex(graph: DependencyGraph): Map<string, string[]> {
	let index = dependentsCache.get(graph);
	if (index) return index;
	index = new Map();
	const add = (from: string, to: string) => {
		const list = index!.get(to);
		if (list) {
			if (list[list.length - 1] !== from) list.push(from);
		} else {
			index!.set(to, [from]);
		}
	};

	for (const root of graph.roots) for (const to of root.dependencies) add(root.id, to);
	for (const node of graph.packages.values()) for (const to of node.dependencies) add(node.id, to);
	dependentsCache.set(graph, index);
	return index;
}

/** The package and everything beneath it (its closure), cycles included once. */
export function subtreeOf(graph: DependencyGraph, id: string): Set<string> {
	const seen = new Set<string>();
	const stack = [id];
	while (stack.length > 0) {
		const current = stack.pop()!;
		if (seen.has(current)) continue;
		seen.add(current);
		const dependencies = current.startsWith('root:')
			? graph.roots.find((root) => root.id === current)?.dependencies
			: graph.packages.get(current)?.dependencies;
		for (const next of dependencies ?? []) if (!seen.has(next)) stack.push(next);
	}

	return seen;
}

export type PathsResult = {
	/** Each path is `[rootId, ...packageIds]`, ending at the package asked about. Shortest first. */
	readonly paths: string[][];
	/** True when more paths exist than `limit`. */
	readonly truncated: boolean;
};

/**
 * Every simple path from a root to `id` ("why is this here"), shortest first, at most `limit`.
 * Walks the reverse edges from the package up to the roots, never visiting a package twice on one path.
 */
export function pathsFromRoots(graph: DependencyGraph, id: string, limit = 50): PathsResult {
	const index = dependentsIndex(graph);
	const found: string[][] = [];
	let truncated = false;
	// Breadth-first over partial paths (reversed: package → … → root) so the shortest come first.
	let frontier: string[][] = [[id]];
	// A hard cap on work: a wide DAG can have millions of paths.
	let budget = 200_000;
	while (frontier.length > 0 && !truncated) {
		const next: string[][] = [];
		for (const partial of frontier) {
			const head = partial.at(-1)!;
			for (const parent of index.get(head) ?? []) {
				if (--budget < 0) {
					truncated = true;
					break;
				}

				if (parent.startsWith('root:')) {
					if (found.length >= limit) {
						truncated = true;
						break;
					}

					found.push([...partial, parent].reverse());
				} else if (!partial.includes(parent)) {
					next.push([...partial, parent]);
				}
			}

			if (truncated) break;
		}

		frontier = next;
	}

	return {paths: found, truncated};
}
