import type {DependencyGraph} from '../graph/types.js';
import {PublisherIndex} from './publisher-index.js';
import type {PackageReport, PublisherReach} from './types.js';

/**
 * Publisher concentration computed once (reports, and a headless run's scope): every in-scope report into an
 * empty index. O(V × publishers + A log A).
 *
 * @param scope Only these package ids (a report's scope); default every package of the graph.
 */
export function publisherConcentration(
	graph: DependencyGraph,
	reports: ReadonlyMap<string, PackageReport>,
	scope?: ReadonlySet<string>,
): PublisherReach[] {
	const index = new PublisherIndex(graph);
	for (const id of graph.packages.keys()) if (!scope || scope.has(id)) index.set(id, reports.get(id));
	return [...index.list()];
}
