import type {SortKey} from '../../config/settings.js';
import type {DependencyGraph, PackageNode} from '../../graph/types.js';
import {riskRank as levelRank} from '../../scoring/levels.js';
import {isSuspiciousRelease} from '../../scoring/rollup.js';
import type {PackageReport, RiskLevel, Rollup} from '../../scoring/types.js';

/** A level (that level and worse), `suspicious` (only suspicious releases and their ancestors), or none. */
export type TreeFilter = RiskLevel | 'suspicious' | null;

/** What the tree needs to know about the data to sort and filter. */
export type TreeData = {
	readonly reports: ReadonlyMap<string, PackageReport>;
	readonly rollups: ReadonlyMap<string, Rollup>;
};

export type TreeOptions = {
	readonly sort: SortKey;
	/**
	 * Show only rows whose own level or worst descendant is at or above this level; `suspicious`: rows whose
	 * locked release is suspicious or that have such a descendant; null = everything.
	 */
	readonly filter: TreeFilter;
	readonly showDev: boolean;
};

/** Children lookup with sorting and filtering applied, memoised per parent (a parent's order is path-independent). */
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

function comparator(sort: SortKey, data: TreeData): Compare | null {
	switch (sort) {
		case 'tree':
			return null;
		case 'name':
			return byName;
		case 'risk': {
			const severe = (id: string) => {
				const counts = data.rollups.get(id)?.counts;
				return counts ? counts.critical + counts.high : 0;
			};
			return (a, b) =>
				effectiveRank(a.id, data) - effectiveRank(b.id, data) || severe(b.id) - severe(a.id) || byName(a, b);
		}
		case 'score':
			return byNumber((node) => data.reports.get(node.id)?.score, 1);
		case 'downloads':
			return byNumber((node) => data.reports.get(node.id)?.stats.weeklyDownloads, -1);
		case 'publishers':
			return byNumber((node) => data.reports.get(node.id)?.stats.publishers, 1);
	}
}

/** Build the children lookup for one combination of graph, data and view options. */
export function createTreeContext(graph: DependencyGraph, data: TreeData, options: TreeOptions): TreeContext {
	const compare = comparator(options.sort, data);
	const {filter} = options;
	const threshold = filter === null || filter === 'suspicious' ? null : levelRank(filter);
	const visible = (node: PackageNode): boolean => {
		if (!options.showDev && node.dev) return false;
		if (filter === 'suspicious')
			return (
				isSuspiciousRelease(data.reports.get(node.id)) || (data.rollups.get(node.id)?.suspicious ?? 0) > 0
			);
		return threshold === null || effectiveRank(node.id, data) <= threshold;
	};

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
				if (node && visible(node)) nodes.push(node);
			}

			if (compare) nodes.sort(compare);
			const result = nodes.map((node) => node.id);
			cache.set(id, result);
			return result;
		},
	};
}
