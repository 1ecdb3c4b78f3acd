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
