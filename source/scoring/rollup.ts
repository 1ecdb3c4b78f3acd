import type {DependencyGraph} from '../graph/types.js';
import {RollupIndex} from './rollup-index.js';
import type {PackageReport, Rollup} from './types.js';

export {isSuspiciousRelease} from './rollup-index.js';
export {stronglyConnectedComponents} from './scc.js';

/**
 * Blast-radius roll-ups computed once: for every package and every root, the worst level among its distinct
 * descendants (excluding itself) and how many descendants sit at each level (headless runs and reports; the UI
 * keeps a `RollupIndex` up to date instead). Every report is one change to an empty index: O(V + E) plus the
 * propagation of V changes, 32 at a time, each batch visiting its ancestors once (see `RollupIndex`).
 */
export function computeRollups(
	graph: DependencyGraph,
	reports: ReadonlyMap<string, PackageReport>,
): Map<string, Rollup> {
	const index = new RollupIndex(graph, 'none');
	for (const id of graph.packages.keys()) index.set(id, reports.get(id));
	return index.table().toMap();
}
