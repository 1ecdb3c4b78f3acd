import type {EcosystemModule, NameFacts} from '../ecosystems/types.js';
import type {DependencyGraph, PackageNode} from '../graph/types.js';
import type {Settled} from '../registries/facts.js';

/** Everything fetched for one package NAME, shared by every locked version of it. */
export type NameWork = {
	/** `${ecosystem}:${name}`. */
	readonly key: string;
	readonly ecosystem: EcosystemModule;
	readonly name: string;
	/** Graph package ids with this name (several locked versions share one fetch). */
	readonly ids: string[];
	/** Lower runs first. Starts as the default order; `prioritize` lowers it. */
	priority: number;
	/** Request kind → its outcome, once settled. */
	readonly settled: Map<string, Settled<unknown>>;
	/** What resolution reads, once every metadata-section request has settled (see `nameFactsOf`). */
	nameFacts?: NameFacts;
};

export type ScanPlan = {
	/** Registry packages to fetch, in default order (direct dependencies first, then breadth-first). */
	readonly packages: PackageNode[];
	readonly names: Map<string, NameWork>;
	/** Package id → its name's work. */
	readonly byId: Map<string, NameWork>;
	/** Every registry package to score (resolution adds and removes some while the scan runs). */
	readonly nodes: Map<string, PackageNode>;
};

/**
 * A name's facts as resolution reads them — from its metadata-section requests only, so resolving never waits
 * for download counts (pypistats allows 30 requests a minute) — or undefined while any of them is pending.
 */
export function nameFactsOf(work: NameWork): NameFacts | undefined {
	if (work.nameFacts) return work.nameFacts;
	const requests = work.ecosystem.registry.requests.filter((request) => request.section === 'metadata');
	if (!requests.every((request) => work.settled.has(request.kind))) return undefined;
	const values = new Map<string, unknown>();
	const errors: string[] = [];
	for (const request of requests) {
		const outcome = work.settled.get(request.kind)!;
		values.set(request.kind, outcome.value);
		if (outcome.error) errors.push(outcome.error);
	}

	const assembled = work.ecosystem.registry.assemble(values);
	work.nameFacts = {name: work.name, metadata: assembled.metadata, extras: assembled.extras ?? {}, errors};
	return work.nameFacts;
}

/** Only registry packages are fetched: workspace, link, file, git and url packages have no registry data. */
export function isRegistryPackage(node: PackageNode): boolean {
	return node.source === undefined || node.source === 'registry';
}

/**
 * Default order: every root's direct dependencies, then breadth-first; unreachable packages last. O(packages
 * + edges). `ecosystemOf` finds each package's module (a package of an unknown ecosystem is not fetched).
 */
export function planScan(
	graph: DependencyGraph,
	ecosystemOf: (id: string) => EcosystemModule | undefined,
): ScanPlan {
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

	const packages: PackageNode[] = [];
	const names = new Map<string, NameWork>();
	const byId = new Map<string, NameWork>();
	for (const node of ordered) {
		const ecosystem = ecosystemOf(node.ecosystem);
		if (!ecosystem || !isRegistryPackage(node)) continue;
		const key = `${node.ecosystem}:${node.name}`;
		let work = names.get(key);
		if (!work) {
			work = {key, ecosystem, name: node.name, ids: [], priority: packages.length, settled: new Map()};
			names.set(key, work);
		}

		packages.push(node);
		work.ids.push(node.id);
		byId.set(node.id, work);
	}

	return {packages, names, byId, nodes: new Map(packages.map((node) => [node.id, node]))};
}
