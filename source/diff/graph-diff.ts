import path from 'node:path';
import {subtreeOf} from '../graph/query.js';
import type {DependencyGraph, PackageNode, RootNode} from '../graph/types.js';

/** A version bump: the same package (ecosystem and name) under the same root, locked at another version. */
export type VersionChange = {readonly from: string; readonly to: string};

/** What changed beneath one root (a lockfile's project or a workspace), matched across the two sides. */
export type RootDiff = {
	/** What matches the root across the sides: ecosystem and workspace path. */
	readonly key: string;
	readonly name: string;
	/** The root's id on each side; absent on the side that does not have it (a workspace added or removed). */
	readonly baseRoot?: string;
	readonly headRoot?: string;
	/** Head package ids whose name this root did not reach before. */
	readonly added: string[];
	/** Base package ids whose name this root no longer reaches. */
	readonly removed: string[];
	readonly changed: VersionChange[];
};

/**
 * The change between two dependency graphs, keyed by ecosystem and name per root: a name a root reaches only
 * on the head side is added, only on the base side removed, at other versions changed — or at the same version
 * from another tarball host (`foreignTarball`), a change of where it is installed from. Lists are sorted and
 * free of repeats; the totals are the union over the roots.
 */
export type GraphDiff = {
	readonly roots: RootDiff[];
	readonly added: string[];
	readonly removed: string[];
	readonly changed: VersionChange[];
	/** Head package ids neither added nor the new side of a change. */
	readonly unchanged: number;
};

/** Compare two graphs. Pure: O(roots × (packages + edges)). */
export function diffGraphs(base: DependencyGraph, head: DependencyGraph): GraphDiff {
	const baseRoots = rootsByKey(base);
	const headRoots = rootsByKey(head);
	const keys = [...new Set([...headRoots.keys(), ...baseRoots.keys()])];
	const roots: RootDiff[] = [];
	for (const key of keys) {
		const before = baseRoots.get(key);
		const after = headRoots.get(key);
		const diff = diffRoot(
			key,
			before ? reachedByName(base, before) : new Map(),
			after ? reachedByName(head, after) : new Map(),
		);
		roots.push({
			...diff,
			name: (after ?? before)!.name,
			...(before ? {baseRoot: before.id} : {}),
			...(after ? {headRoot: after.id} : {}),
		});
	}

	const added = unique(roots.flatMap((root) => root.added));
	const changed = uniqueChanges(roots.flatMap((root) => root.changed));
	const touched = new Set([...added, ...changed.map((change) => change.to)]);
	return {
		roots,
		added,
		removed: unique(roots.flatMap((root) => root.removed)),
		changed,
		unchanged: [...head.packages.keys()].filter((id) => !touched.has(id)).length,
	};
}

/** Every package id the diff adds or moves to (what is scored and gated). */
export function changedIds(diff: GraphDiff): string[] {
	return unique([...diff.added, ...diff.changed.map((change) => change.to)]);
}

/** True when nothing was added, removed or changed. */
export function isEmptyDiff(diff: GraphDiff): boolean {
	return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}

function diffRoot(
	key: string,
	before: ReadonlyMap<string, PackageNode[]>,
	after: ReadonlyMap<string, PackageNode[]>,
): Pick<RootDiff, 'key' | 'added' | 'removed' | 'changed'> {
	const added: string[] = [];
	const removed: string[] = [];
	const changed: VersionChange[] = [];
	for (const [name, headNodes] of after) {
		const baseNodes = before.get(name);
		if (!baseNodes) {
			added.push(...headNodes.map((node) => node.id));
			continue;
		}

		const baseVersions = new Set(baseNodes.map((node) => node.version));
		const headVersions = new Set(headNodes.map((node) => node.version));
		const gone = byVersion(baseNodes.filter((node) => !headVersions.has(node.version)));
		const fresh = byVersion(headNodes.filter((node) => !baseVersions.has(node.version)));
		// Pair old and new versions in version order; what is left over was added or removed outright.
		const pairs = Math.min(gone.length, fresh.length);
		for (let index = 0; index < pairs; index++) changed.push({from: gone[index]!.id, to: fresh[index]!.id});
		// The same version, now installed from another host (an edited `resolved`): a change to judge, though the
		// name and version say nothing happened — it is what a lockfile injection looks like in a pull request.
		for (const node of headNodes) {
			const url = node.foreignTarball?.url;
			const was = baseNodes.find((baseNode) => baseNode.version === node.version);
			if (url && was && was.foreignTarball?.url !== url) changed.push({from: was.id, to: node.id});
		}
		added.push(...fresh.slice(pairs).map((node) => node.id));
		removed.push(...gone.slice(pairs).map((node) => node.id));
	}

	for (const [name, baseNodes] of before) {
		if (!after.has(name)) removed.push(...baseNodes.map((node) => node.id));
	}

	return {key, added: unique(added), removed: unique(removed), changed: uniqueChanges(changed)};
}

/** The packages beneath a root, grouped by `ecosystem:name`. */
function reachedByName(graph: DependencyGraph, root: RootNode): Map<string, PackageNode[]> {
	const byName = new Map<string, PackageNode[]>();
	for (const id of subtreeOf(graph, root.id)) {
		const node = graph.packages.get(id);
		if (!node) continue;
		const key = `${node.ecosystem}:${node.name}`;
		const list = byName.get(key);
		if (list) list.push(node);
		else byName.set(key, [node]);
	}

	return byName;
}

/**
 * Roots keyed so that the same project matches across the sides even when its lockfile changed format or
 * name (package-lock.json → pnpm-lock.yaml, `diff old.lock new.lock`): ecosystem and workspace path. Two roots
 * of one side with the same key (an npm and a yarn lockfile side by side) keep their lockfile names apart.
 */
function rootsByKey(graph: DependencyGraph): Map<string, RootNode> {
	const ecosystemOf = new Map(graph.lockfiles.map((lockfile) => [lockfile.path, lockfile.ecosystem]));
	const keyOf = (root: RootNode) => `${ecosystemOf.get(root.lockfile) ?? '?'}|${root.workspace ?? '.'}`;
	const counts = new Map<string, number>();
	for (const root of graph.roots) counts.set(keyOf(root), (counts.get(keyOf(root)) ?? 0) + 1);
	const roots = new Map<string, RootNode>();
	for (const root of graph.roots) {
		const key = keyOf(root);
		roots.set(counts.get(key)! > 1 ? `${key}|${path.basename(root.lockfile)}` : key, root);
	}

	return roots;
}

function byVersion(nodes: readonly PackageNode[]): PackageNode[] {
	return [...nodes].sort((a, b) => a.version.localeCompare(b.version, 'en', {numeric: true}));
}

function unique(ids: readonly string[]): string[] {
	return [...new Set(ids)].sort();
}

function uniqueChanges(changes: readonly VersionChange[]): VersionChange[] {
	const seen = new Map<string, VersionChange>();
	for (const change of changes) seen.set(`${change.from}\u0000${change.to}`, change);
	return [...seen.values()].sort((a, b) => a.to.localeCompare(b.to) || a.from.localeCompare(b.from));
}
