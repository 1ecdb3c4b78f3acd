import {pathsFromRoots} from '../../graph/query.js';
import type {DependencyGraph} from '../../graph/types.js';
import {plural} from '../../text/format.js';
import {formatPath} from './detail.js';
import type {Palette} from './palette.js';
import {labelOf} from './row.js';

/**
 * The why-paths page (`w`), grouped the way `npm explain` does: one group per direct dependency that pulls the
 * package in (the fewest paths first, so the simplest explanation leads), each path under it. Paths come from
 * the shown graph (dev hidden, filters).
 */
export function whyLines(
	graph: DependencyGraph,
	shown: DependencyGraph,
	id: string,
	palette: Palette,
	limit = 500,
): string[] {
	if (!graph.packages.has(id))
		return [`${labelOf(graph, id)} is a root: the whole-tree summary is on Enter.`];
	const {paths, truncated} = pathsFromRoots(shown, id, limit);
	const label = labelOf(graph, id);
	if (paths.length === 0) return [`${label} is not reached from a root in this view.`];
	const groups = new Map<string, string[][]>();
	for (const path of paths) {
		// [root, direct, …, id]: a direct dependency is its own group.
		const key = path[1] ?? path[0]!;
		const group = groups.get(key);
		if (group) group.push(path);
		else groups.set(key, [path]);
	}

	const count = `${paths.length}${truncated ? '+' : ''} ${plural(paths.length, 'path')}`;
	const through = `${groups.size} direct ${plural(groups.size, 'dependency', 'dependencies')}`;
	const lines = [palette.bold(`Why is ${label} here: ${count} through ${through}`), ''];
	const ordered = [...groups.entries()].sort((a, b) => a[1].length - b[1].length);
	for (const [direct, group] of ordered) {
		const isSelf = direct === id;
		const title = isSelf
			? `${label} (a direct dependency itself)`
			: `${labelOf(graph, direct)} · ${group.length} ${plural(group.length, 'path')}`;
		lines.push(palette.heading(title));
		for (const path of group) lines.push(`  ${formatPath(graph, path)}`);
		lines.push('');
	}

	if (truncated) lines.push(palette.dim(`+ more (first ${paths.length} shown)`));
	return lines;
}
