import {
	type DependencyGraph,
	type EdgeKind,
	type PackageFlags,
	type PackageNode,
	type PackageOrigin,
	type PackageSource,
	packageId,
	type ResolutionContext,
	type RootNode,
} from './types.js';

/** A package resolution adds: a version chosen by commit-tui, or a placeholder for one it could not choose. */
export type GrowingPackage = {
	readonly ecosystem: string;
	readonly name: string;
	readonly version: string;
	/** The context's lockfile (what the package lists in `lockfiles`). */
	readonly lockfile: string;
	readonly source?: PackageSource;
	readonly alias?: string;
	readonly origin?: PackageOrigin;
};

/** Told synchronously when packages come and go (the scheduler tracks what it must fetch). */
export type GrowthListener = {
	readonly added: (node: PackageNode) => void;
	readonly removed: (id: string) => void;
};

const edgeKey = (from: string, to: string): string => `${from}\u0000${to}`;

/** prod beats peer beats optional beats dev when the same edge is declared twice (as in GraphBuilder). */
const strength: Record<EdgeKind, number> = {dev: 0, optional: 1, peer: 2, prod: 3};

/**
 * A dependency graph that grows while a scan resolves it: packages and edges are added, placeholders replaced,
 * and roots' direct dependencies and every package's flags follow. Consumers never see it change under them:
 * `publish()` returns a new immutable `DependencyGraph` (the previous snapshot's unchanged node objects are
 * reused), so the UI and reports keep working on plain graphs.
 *
 * Cost (issue 15 optimises the scan for 30k-entry trees): every mutation is O(1) amortised (O(degree) for a
 * redirect); `publish()` is O(V + E) — flags and direct dependencies are recomputed for the resolving contexts'
 * packages, and the node map is copied — so callers publish at most once per progress interval, not per change.
 */
export class GrowingGraph {
	/** Our own copies: mutated freely, never handed out. */
	private readonly nodes = new Map<string, PackageNode>();
	private readonly roots: RootNode[];
	private readonly rootById = new Map<string, RootNode>();
	private readonly warnings: string[];
	/** Edge kinds, from → to → kind (nested: no string is built per edge on the hot paths). */
	private readonly kinds = new Map<string, Map<string, EdgeKind>>();
	/** Reverse edges (package or root ids per target), for redirects. */
	private readonly dependents = new Map<string, Set<string>>();
	private readonly replaced = new Map<string, string>();
	/** Ids changed since the last snapshot (their snapshot objects must be new). */
	private readonly changed = new Set<string>();
	private readonly fixedFlags: ReadonlyMap<string, PackageFlags>;
	/**
	 * `unrequired` contexts (flat locks): per root, the edges that stay whatever else requires their target (a
	 * `.in` beside the file, unpinned lines) and the candidates that stay only while nothing else does.
	 */
	private readonly declared = new Map<string, Map<string, EdgeKind>>();
	private readonly provisional = new Map<string, Map<string, EdgeKind>>();
	private dirty = false;
	private current: DependencyGraph;
	listener: GrowthListener | null = null;

	constructor(
		graph: DependencyGraph,
		private readonly contexts: readonly ResolutionContext[],
	) {
		this.current = graph;
		for (const node of graph.packages.values()) {
			this.nodes.set(node.id, {
				...node,
				dependencies: [...node.dependencies],
				lockfiles: [...node.lockfiles],
			});
		}

		this.roots = graph.roots.map((root) => ({...root, dependencies: [...root.dependencies]}));
		for (const root of this.roots) this.rootById.set(root.id, root);
		this.warnings = [...graph.warnings];
		this.fixedFlags = graph.resolution?.fixedFlags ?? new Map();
		for (const root of this.roots) for (const to of root.dependencies) this.index(root.id, to, 'prod');
		for (const node of this.nodes.values())
			for (const to of node.dependencies) this.index(node.id, to, 'prod');
		for (const context of contexts) {
			for (const edge of context.edges) this.setKind(edge.from, edge.to, edge.kind);
			if (context.direct !== 'unrequired') continue;
			const fixed = new Set((context.declared ?? []).map((edge) => edgeKey(edge.from, edge.to)));
			for (const edge of [...(context.declared ?? []), ...context.edges]) {
				if (!this.rootById.has(edge.from)) continue;
				const table = fixed.has(edgeKey(edge.from, edge.to)) ? this.declared : this.provisional;
				let edges = table.get(edge.from);
				if (!edges) table.set(edge.from, (edges = new Map()));
				if (!edges.has(edge.to)) edges.set(edge.to, edge.kind);
			}
		}
	}

	/** The last published graph. */
	get snapshot(): DependencyGraph {
		return this.current;
	}

	node(id: string): PackageNode | undefined {
		return this.nodes.get(id);
	}

	/** A root's direct dependencies now (before the next publish). */
	rootDependencies(id: string): readonly string[] {
		return this.rootById.get(id)?.dependencies ?? [];
	}

	/**
	 * Adds a package to a context (or, when that name@version is already in the graph, adds the context's
	 * lockfile to it). Returns its id and whether it is new.
	 */
	addPackage(input: GrowingPackage): {id: string; created: boolean} {
		const id = packageId(input.ecosystem, input.name, input.version);
		const existing = this.nodes.get(id);
		if (existing) {
			if (!existing.lockfiles.includes(input.lockfile)) {
				existing.lockfiles.push(input.lockfile);
				this.touch(id);
			}

			if (input.alias && input.alias !== input.name && !(existing.aliases ?? []).includes(input.alias)) {
				existing.aliases = [...(existing.aliases ?? []), input.alias].sort();
				this.touch(id);
			}

			return {id, created: false};
		}

		const node: PackageNode = {
			id,
			ecosystem: input.ecosystem,
			name: input.name,
			version: input.version,
			direct: false,
			dev: false,
			optional: false,
			dependencies: [],
			lockfiles: [input.lockfile],
			locked: false,
			edgesFrom: 'none',
			...(input.source && input.source !== 'registry' ? {source: input.source} : {}),
			...(input.alias && input.alias !== input.name ? {aliases: [input.alias]} : {}),
			...(input.origin ? {origin: input.origin} : {}),
		};
		this.nodes.set(id, node);
		this.touch(id);
		this.listener?.added(node);
		return {id, created: true};
	}

	/** An edge from a root or a package; the same edge twice keeps the strongest kind. */
	addEdge(from: string, to: string, kind: EdgeKind): void {
		if (from === to || !this.nodes.has(to)) return;
		const list = this.rootById.get(from)?.dependencies ?? this.nodes.get(from)?.dependencies;
		if (!list) return;
		const known = this.kinds.get(from)?.get(to);
		if (!list.includes(to)) list.push(to);
		this.index(from, to, kind);
		this.touch(from);

		if (known === undefined || strength[kind] > strength[known]) this.setKind(from, to, kind);
		this.dirty = true;
	}

	/**
	 * Moves the edge `from → placeholder` to `from → target` (same kind). A placeholder nothing points at any more
	 * is removed, and remembered as replaced by `target` (views keep their cursor on it).
	 */
	redirect(from: string, placeholder: string, target: string): void {
		if (placeholder === target) return;
		const kind = this.kindOf(from, placeholder);
		// In place: the row keeps its position among its siblings.
		const list = this.rootById.get(from)?.dependencies ?? this.nodes.get(from)?.dependencies;
		const at = list?.indexOf(placeholder) ?? -1;
		if (list && at >= 0 && !list.includes(target) && this.nodes.has(target)) list[at] = target;
		this.removeEdge(from, placeholder);
		this.addEdge(from, target, kind);
		for (const table of [this.declared, this.provisional]) {
			const edges = table.get(from);
			if (edges?.has(placeholder)) {
				edges.delete(placeholder);
				edges.set(target, kind);
			}
		}

		if ((this.dependents.get(placeholder)?.size ?? 0) === 0) {
			const node = this.nodes.get(placeholder);
			if (node && node.dependencies.length === 0) {
				this.nodes.delete(placeholder);
				this.dependents.delete(placeholder);
				this.changed.delete(placeholder);
				this.replaced.set(placeholder, target);
				this.dirty = true;
				this.listener?.removed(placeholder);
			}
		}
	}

	/** Changes what the detail pane says about a package, or where its edges come from. */
	update(
		id: string,
		patch: {readonly edgesFrom?: PackageNode['edgesFrom']; readonly origin?: PackageOrigin},
	): void {
		const node = this.nodes.get(id);
		if (!node) return;
		if (patch.edgesFrom !== undefined) node.edgesFrom = patch.edgesFrom;
		if (patch.origin !== undefined) node.origin = {...node.origin, ...patch.origin};
		this.touch(id);
	}

	warn(message: string): void {
		this.warnings.push(message);
		this.dirty = true;
	}

	/** A new snapshot when anything changed since the last one, else null. O(V + E). */
	publish(): DependencyGraph | null {
		if (!this.dirty) return null;
		const members = this.contexts.map((context) => new Set(this.membersOf(context)));
		this.recomputeDirect(members);
		this.recomputeFlags(members);
		// What the recomputation changed is part of this snapshot.
		this.dirty = false;
		const previous = this.current.packages;
		const packages = new Map<string, PackageNode>();
		for (const [id, node] of this.nodes) {
			const before = previous.get(id);
			packages.set(
				id,
				before && !this.changed.has(id)
					? before
					: {...node, dependencies: [...node.dependencies], lockfiles: [...node.lockfiles]},
			);
		}

		this.changed.clear();
		this.current = {
			lockfiles: this.current.lockfiles,
			roots: this.roots.map((root) => ({...root, dependencies: [...root.dependencies]})),
			packages,
			warnings: [...this.warnings],
			...(this.current.resolution ? {resolution: this.current.resolution} : {}),
			...(this.replaced.size > 0 ? {replaced: new Map(this.replaced)} : {}),
		};
		return this.current;
	}

	private touch(id: string): void {
		if (this.nodes.has(id)) this.changed.add(id);
		this.dirty = true;
	}

	private index(from: string, to: string, kind: EdgeKind): void {
		let set = this.dependents.get(to);
		if (!set) this.dependents.set(to, (set = new Set()));
		set.add(from);
		if (this.kinds.get(from)?.get(to) === undefined) this.setKind(from, to, kind);
	}

	private removeEdge(from: string, to: string): void {
		const list = this.rootById.get(from)?.dependencies ?? this.nodes.get(from)?.dependencies;
		const at = list?.indexOf(to) ?? -1;
		if (list && at >= 0) list.splice(at, 1);
		this.dependents.get(to)?.delete(from);
		this.kinds.get(from)?.delete(to);
		this.touch(from);
	}

	private kindOf(from: string, to: string): EdgeKind {
		return this.kinds.get(from)?.get(to) ?? 'prod';
	}

	private setKind(from: string, to: string, kind: EdgeKind): void {
		let out = this.kinds.get(from);
		if (!out) this.kinds.set(from, (out = new Map()));
		out.set(to, kind);
	}

	private membersOf(context: ResolutionContext): string[] {
		const members: string[] = [];
		for (const node of this.nodes.values())
			if (node.lockfiles.includes(context.lockfile)) members.push(node.id);
		return members;
	}

	/**
	 * `unrequired` contexts (flat locks): a root keeps its declared edges, and an edge to each candidate nothing in
	 * the context requires — plus, for a cycle nothing outside leads into, its first member (else it would hang in
	 * the air). O(V + E) per context.
	 */
	private recomputeDirect(memberSets: readonly ReadonlySet<string>[]): void {
		for (const [index, context] of this.contexts.entries()) {
			if (context.direct !== 'unrequired') continue;
			const members = memberSets[index]!;
			const depended = new Set<string>();
			for (const id of members) {
				for (const to of this.nodes.get(id)!.dependencies) if (to !== id && members.has(to)) depended.add(to);
			}

			for (const root of this.roots) {
				if (root.lockfile !== context.lockfile) continue;
				const candidates = this.provisional.get(root.id) ?? new Map<string, EdgeKind>();
				const next = new Map<string, EdgeKind>();
				for (const [id, kind] of this.declared.get(root.id) ?? []) if (this.nodes.has(id)) next.set(id, kind);
				for (const [id, kind] of candidates) if (this.nodes.has(id) && !depended.has(id)) next.set(id, kind);
				const reached = this.reach([...next.keys()], members);
				for (const [id, kind] of candidates) {
					if (!this.nodes.has(id) || reached.has(id)) continue;
					next.set(id, kind);
					for (const more of this.reach([id], members)) reached.add(more);
				}

				// Kept in their order, new ones after (a Set: a flat lock's root has thousands of edges).
				const kept = root.dependencies.filter((id) => next.has(id));
				const present = new Set(kept);
				for (const id of root.dependencies) if (!next.has(id)) this.dependents.get(id)?.delete(root.id);
				for (const [id, kind] of next) {
					if (present.has(id)) continue;
					kept.push(id);
					this.setKind(root.id, id, kind);
					this.index(root.id, id, kind);
				}

				const changed =
					kept.length !== root.dependencies.length ||
					kept.some((id, index) => id !== root.dependencies[index]);
				root.dependencies = kept;
				if (changed) this.dirty = true;
			}
		}
	}

	private reach(start: readonly string[], within: ReadonlySet<string>): Set<string> {
		const seen = new Set<string>();
		const stack = [...start];
		while (stack.length > 0) {
			const id = stack.pop()!;
			if (seen.has(id) || !within.has(id)) continue;
			seen.add(id);
			for (const next of this.nodes.get(id)!.dependencies) if (!seen.has(next)) stack.push(next);
		}

		return seen;
	}

	/**
	 * Flags of every resolving context's packages from its roots, as GraphBuilder computes them: dev = reached only
	 * through the roots' dev edges, optional = every path crosses an optional edge; combined over contexts and with
	 * what lockfiles without resolution say (`fixedFlags`). O(V + E).
	 */
	private recomputeFlags(memberSets: readonly ReadonlySet<string>[]): void {
		const flags = new Map<string, {direct: boolean; dev: boolean; optional: boolean}>();
		for (const [index, context] of this.contexts.entries()) {
			const members = memberSets[index]!;
			const roots = this.roots.filter((root) => root.lockfile === context.lockfile);
			const rootEdges = roots.flatMap((root) =>
				root.dependencies.map((to) => ({to, kind: this.kindOf(root.id, to)})),
			);
			const all = this.walk(rootEdges, members, null);
			// Most trees have no dev or no optional root edge: then a walk is the same as `all`.
			const prodStart = rootEdges.filter((edge) => edge.kind !== 'dev');
			const prod = prodStart.length === rootEdges.length ? all : this.walk(prodStart, members, null);
			const required = this.walk(
				rootEdges.filter((edge) => edge.kind !== 'optional'),
				members,
				(kind) => kind !== 'optional',
			);
			const direct = new Set(rootEdges.map((edge) => edge.to));
			for (const id of members) {
				const own = {
					direct: direct.has(id),
					dev: all.has(id) && !prod.has(id),
					optional: all.has(id) && !required.has(id),
				};
				const known = flags.get(id);
				flags.set(
					id,
					known
						? {
								direct: known.direct || own.direct,
								dev: known.dev && own.dev,
								optional: known.optional && own.optional,
							}
						: own,
				);
			}
		}

		for (const [id, own] of flags) {
			const fixed = this.fixedFlags.get(id);
			const final = fixed
				? {
						direct: own.direct || fixed.direct,
						dev: own.dev && fixed.dev,
						optional: own.optional && fixed.optional,
					}
				: own;
			const node = this.nodes.get(id)!;
			if (node.direct !== final.direct || node.dev !== final.dev || node.optional !== final.optional) {
				node.direct = final.direct;
				node.dev = final.dev;
				node.optional = final.optional;
				this.changed.add(id);
			}
		}
	}

	/** Reachable members from `start`; with `follow`, only through edges whose kind it accepts. */
	private walk(
		start: ReadonlyArray<{readonly to: string}>,
		within: ReadonlySet<string>,
		follow: ((kind: EdgeKind) => boolean) | null,
	): Set<string> {
		const seen = new Set<string>();
		const stack = start.map((edge) => edge.to);
		while (stack.length > 0) {
			const id = stack.pop()!;
			if (seen.has(id) || !within.has(id)) continue;
			seen.add(id);
			const kinds = follow ? this.kinds.get(id) : undefined;
			for (const next of this.nodes.get(id)!.dependencies) {
				if (seen.has(next)) continue;
				if (follow && !follow(kinds?.get(next) ?? 'prod')) continue;
				stack.push(next);
			}
		}

		return seen;
	}
}
