import type {DependencyGraph, Ecosystem, PackageNode} from '../graph/types.js';
import type {Settled} from '../registries/facts.js';
import type {DownloadHistory, PackageMetadata} from '../registries/types.js';

/** Everything fetched for one package NAME, shared by every locked version of it. */
export type NameWork = {
	/** `${ecosystem}:${name}`. */
	readonly key: string;
	readonly ecosystem: Ecosystem;
	readonly name: string;
	/** Graph package ids with this name (several locked versions share one fetch). */
	readonly ids: string[];
	/** Lower runs first. Starts as the default order; `prioritize` lowers it. */
	priority: number;
	metadata: Settled<PackageMetadata> | null;
	downloads: Settled<DownloadHistory> | null;
};

export type ScanPlan = {
	/** Registry packages to fetch, in default order (direct dependencies first, then breadth-first). */
	readonly packages: PackageNode[];
	readonly names: Map<string, NameWork>;
	/** Package id → its name's work. */
	readonly byId: Map<string, NameWork>;
	readonly nodes: Map<string, PackageNode>;
};

/** Only registry packages are fetched: workspace, link, file, git and url packages have no registry data. */
export function isRegistryPackage(node: PackageNode): boolean {
	return node.source === undefined || node.source === 'registry';
}

/** Default order: every root's direct dependencies, then breadth-first; unreachable packages last. */
export function planScan(graph: DependencyGraph): ScanPlan {
	const ordered: PackageNode[] = [];
	const seen = new Set<string>();
	let frontier: string[] = graph.roots.flatMap((root) => root.dependencies);
	// Direct dependencies first even when a root does not list them (a graph built by hand).
	for (const node of graph.packages.values()) if (node.direct) frontier.push(node.id);
	while (frontier.length > 0) {
		const next: string[] = [];
		for (const id of frontier) {
			if (seen.has(id)) continue;
			const node = graph.packages.get(id);
			if (!node) continue;
			seen.add(id);
			ordered.push(node);
			next.push(...node.dependencies);
		}

		frontier = next;
	}

	for (const node of graph.packages.values()) if (!seen.has(node.id)) ordered.push(node);

	const packages = ordered.filter(isRegistryPackage);
	const names = new Map<string, NameWork>();
	const byId = new Map<string, NameWork>();
	packages.forEach((node, index) => {
		const key = `${node.ecosystem}:${node.name}`;
		let work = names.get(key);
		if (!work) {
			work = {
				key,
				ecosystem: node.ecosystem,
				name: node.name,
				ids: [],
				priority: index,
				metadata: null,
				downloads: null,
			};
			names.set(key, work);
		}

		work.ids.push(node.id);
		byId.set(node.id, work);
	});
	return {packages, names, byId, nodes: new Map(packages.map((node) => [node.id, node]))};
}
