import type {SortKey} from '../../config/settings.js';
import type {DependencyGraph, PackageNode} from '../../graph/types.js';
import {riskRank as levelRank} from '../../scoring/levels.js';
import type {PackageReport, Rollup} from '../../scoring/types.js';

/** What the tree needs to know about the data to sort and filter. */
export type TreeData = {
	readonly reports: ReadonlyMap<string, PackageReport>;
	readonly rollups: ReadonlyMap<string, Rollup>;
};

export type TreeOptions = {
	readonly sort: SortKey;
};

/**
 * Children lookup with sorting applied, memoised per parent (a parent's order is path-independent). What is
 * shown at all (dev dependencies, filters) is already decided by the graph given: the view's (`computeView`).
 */
export type TreeContext = {
	readonly graph: DependencyGraph;
	children(id: string): readonly string[];
};

type Compare = (a: PackageNode, b: PackageNode) => number;

/** Nulls (unknown) sort last whatever the direction. */
function byNumber(value: (node: PackageNode) => number | null | undefined, direction: 1 | -1): Compare {
	return (a, b) => {
		const x = value(a);
		const y = value(b);
		if (x === y) return 0;
		if (x === null || x === undefined) return 1;
		if (y === null || y === undefined) return -1;
		return (x - y) * direction;
	};
}

function byName(a: PackageNode, b: PackageNode): number {
	return a.name.localeCompare(b.name) || a.version.localeCompare(b.version);
}

/** The risk a package brings in: its own level or the worst beneath it, whichever is worse. */
export function effectiveRank(id: string, data: TreeData): number {
	const own = levelRank(data.reports.get(id)?.risk ?? 'unknown');
	const below = levelRank(data.rollups.get(id)?.worst ?? 'unknown');
	return Math.min(own, below);
}

/** Critical and high packages beneath. */
function severeBeneath(id: string, data: TreeData): number {
	const counts = data.rollups.get(id)?.counts;
	return counts ? counts.critical + counts.high : 0;
}

/** Sort comparator of one sort key; null keeps the lockfile's order. */
export function comparator(sort: SortKey, data: TreeData): Compare | null {
	switch (sort) {
		case 'tree':
			return null;
		case 'name':
			return byName;
		case 'risk':
			// In a tree, a package ranks by the risk it brings in (its own, or worse beneath it).
			return (a, b) =>
				effectiveRank(a.id, data) - effectiveRank(b.id, data) ||
				severeBeneath(b.id, data) - severeBeneath(a.id, data) ||
				byName(a, b);
		case 'score':
			return byNumber((node) => data.reports.get(node.id)?.score, 1);
		case 'downloads':
			return byNumber((node) => data.reports.get(node.id)?.stats.weeklyDownloads, -1);
		case 'publishers':
			return byNumber((node) => data.reports.get(node.id)?.stats.publishers, 1);
	}
}

/**
 * The flat view's order (ncdu-style): each package once, worst OWN level first — a flat list has no
 * "beneath" to rank by — then most critical/high beneath, most downloads, name. Other sort keys as in the tree.
 */
export function flatComparator(sort: SortKey, data: TreeData): Compare {
	if (sort !== 'risk' && sort !== 'tree') return comparator(sort, data) ?? byName;
	const own = (id: string) => levelRank(data.reports.get(id)?.risk ?? 'unknown');
	const downloads = byNumber((node) => data.reports.get(node.id)?.stats.weeklyDownloads, -1);
	return (a, b) =>
		own(a.id) - own(b.id) ||
		severeBeneath(b.id, data) - severeBeneath(a.id, data) ||
		downloads(a, b) ||
		byName(a, b);
}

/** Build the children lookup for one combination of (view) graph, data and sort. */
export function createTreeContext(graph: DependencyGraph, data: TreeData, options: TreeOptions): TreeContext {
	const compare = comparator(options.sort, data);

	const cache = new Map<string, readonly string[]>();
	const rootDeps = new Map(graph.roots.map((root) => [root.id, root.dependencies]));
	return {
		graph,
		children(id) {
			const known = cache.get(id);
			if (known) return known;
			const ids = rootDeps.get(id) ?? graph.packages.get(id)?.dependencies ?? [];
			const nodes: PackageNode[] = [];
			for (const child of ids) {
				const node = graph.packages.get(child);
				if (node) nodes.push(node);
			}

			if (compare) nodes.sort(compare);
			const result = nodes.map((node) => node.id);
			cache.set(id, result);
			return result;
		},
	};
}
