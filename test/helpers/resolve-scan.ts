import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {DependencyGraph, PackageNode} from '../../source/graph/types.js';
import {loadProject} from '../../source/lockfiles/index.js';
import type {PackageFacts} from '../../source/registries/types.js';
import {startScan} from '../../source/scan/index.js';
import type {ScanEvent, ScanOptions, ScanTuning} from '../../source/scan/types.js';
import {registryNow} from './registry-data.js';
import type {ServerUrls} from './registry-scan.js';
import {serverScanOptions, temporaryDirectory} from './registry-scan.js';

/** What a scan that resolves ends with: the grown graph, the facts, every event. */
export type Resolved = {
	readonly initial: DependencyGraph;
	readonly graph: DependencyGraph;
	readonly facts: Map<string, PackageFacts>;
	readonly events: ScanEvent[];
	pkg(id: string): PackageNode;
	/** Ids of a package's dependencies, sorted. */
	children(id: string): string[];
	/** The root's direct dependencies, sorted. */
	direct(rootIndex?: number): string[];
};

/** Writes `files` into a fresh project folder (sub-folders allowed) and returns its path and a cleanup. */
export function projectWith(files: Readonly<Record<string, string>>): {path: string; remove: () => void} {
	const folder = temporaryDirectory('commit-tui-resolve-');
	for (const [name, text] of Object.entries(files)) {
		const file = path.join(folder.path, name);
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, text);
	}

	return folder;
}

/** Runs a scan of `graph` to its end against the server, with the fixtures' clock. */
export async function scanToEnd(
	graph: DependencyGraph,
	server: ServerUrls,
	overrides: Partial<ScanOptions & ScanTuning> = {},
): Promise<Resolved> {
	const scan = startScan(graph, serverScanOptions(server, {now: () => registryNow, ...overrides}));
	const events: ScanEvent[] = [];
	const facts = new Map<string, PackageFacts>();
	let grown = graph;
	for await (const event of scan.events) {
		events.push(event);
		if (event.type === 'facts') facts.set(event.id, event.facts);
		if (event.type === 'graph') grown = event.graph;
	}

	await scan.done;
	return {
		initial: graph,
		graph: grown,
		facts,
		events,
		pkg(id) {
			const node = grown.packages.get(id);
			if (!node) throw new Error(`no package ${id} in ${[...grown.packages.keys()].join(', ')}`);
			return node;
		},
		children: (id) => [...(grown.packages.get(id)?.dependencies ?? [])].sort(),
		direct: (rootIndex = 0) => [...(grown.roots[rootIndex]?.dependencies ?? [])].sort(),
	};
}

/** Loads a project made of `files` and scans it to its end. */
export async function resolveFiles(
	files: Readonly<Record<string, string>>,
	server: ServerUrls,
	overrides: Partial<ScanOptions & ScanTuning> = {},
): Promise<Resolved> {
	const folder = projectWith(files);
	try {
		return await scanToEnd(loadProject({directory: folder.path}), server, overrides);
	} finally {
		folder.remove();
	}
}
