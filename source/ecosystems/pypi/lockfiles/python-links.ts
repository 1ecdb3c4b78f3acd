import type {LockfileInput} from '../../../lockfiles/types.js';
import type {PythonGraph} from './python-graph.js';
import type {DeclaredDependency} from './python-pyproject.js';

/** Root edges for the dependencies pyproject.toml declares. Returns how many found a locked package. */
export function linkDeclaredDependencies(
	graph: PythonGraph,
	rootId: string,
	declared: readonly DeclaredDependency[],
): number {
	let linked = 0;
	for (const dependency of declared) {
		if (graph.link(rootId, dependency).length > 0) linked++;
	}

	return linked;
}

/**
 * Locked packages that pyproject.toml's dependencies do not lead to (a lock older or newer than the
 * manifest) are made direct so they stay visible; this says so.
 */
export function warnStale(graph: PythonGraph, input: LockfileInput, adopted: readonly string[]): void {
	if (adopted.length === 0) return;
	graph.warn(
		`${input.path}: ${adopted.length} locked package(s) not reachable from pyproject.toml (is the lock stale?); shown as direct: ${adopted.join(', ')}`,
	);
}
