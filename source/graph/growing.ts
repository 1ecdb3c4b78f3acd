import {edgeKindStrength} from './builder.js';
import {
	type DependencyGraph,
	type EdgeKind,
	isRegistrySource,
	otherOriginId,
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

/**
 * A dependency graph that grows while a scan resolves it: packages and edges are added, placeholders replaced,
 * and roots' direct dependencies and every package's flags follow. Consumers never see it change under them:
 * `publish()` returns a new immutable `DependencyGraph` (the previous snapshot's unchanged node objects are
 * reused), so the UI and reports keep working on plain graphs.
 *
 * Cost: every mutation is O(1) amortised (O(degree) for a redirect, which finds the placeholder's place in its
 * parent's list); `publish()` is O(V + E) — the graph is indexed into integer arrays once, flags and direct
 * dependencies are recomputed for the resolving contexts' packages by walks over them, and the node map is
 * copied — so callers publish at most once per progress interval (paced by its cost), not per change.
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
		let id = packageId(input.ecosystem, input.name, input.version);
		let existing = this.nodes.get(id);
		// The registry's release of a workspace's name@version is another package, as in the lockfile's graph.
		if (existing && isRegistrySource(existing.source) !== isRegistrySource(input.source)) {
			id = otherOriginId(id, input.source);
			existing = this.nodes.get(id);
		}

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
		if (!this.hasEdge(from, to)) list.push(to);
		this.index(from, to, kind);
		this.touch(from);

		if (known === undefined || edgeKindStrength[kind] > edgeKindStrength[known]) this.setKind(from, to, kind);
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
		if (list && at >= 0 && !this.hasEdge(from, target) && this.nodes.has(target)) {
			list[at] = target;
			// The placeholder's edge is gone with it; the target's is where it was.
			this.index(from, target, kind);
			this.dependents.get(placeholder)?.delete(from);
			this.kinds.get(from)?.delete(placeholder);
			this.touch(from);
		} else this.removeEdge(from, placeholder);
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
		const indexed = this.indexed();
		this.recomputeDirect(indexed);
		this.recomputeFlags(indexed);
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

	/**
	 * Whether `from` lists `to`: the reverse index holds exactly the edges of the lists (kept with every change to
	 * them), so this is O(1) where a search of a flat lock's root would be O(its thousands of edges).
	 */
	private hasEdge(from: string, to: string): boolean {
		return this.dependents.get(to)?.has(from) ?? false;
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

	/**
	 * The graph as integer arrays for one publish: node indexes, each node's edges (CSR, known targets only) with
	 * their kinds, and per context which nodes are its members. O(V + E); every walk below is then typed-array work
	 * rather than sets of strings.
	 */
	private indexed(): Indexed {
		const ids = [...this.nodes.keys()];
		const indexOf = new Map<string, number>();
		for (const [index, id] of ids.entries()) indexOf.set(id, index);
		const start = new Int32Array(ids.length + 1);
		const targets: number[] = [];
		const kinds: number[] = [];
		let optionalPeers = false;
		ids.forEach((id, index) => {
			const out = this.kinds.get(id);
			for (const to of this.nodes.get(id)!.dependencies) {
				const target = indexOf.get(to);
				if (target === undefined) continue;
				const kind = out?.get(to) ?? 'prod';
				if (kind === 'peerOptional') optionalPeers = true;
				targets.push(target);
				kinds.push(edgeKindStrength[kind]);
			}

			start[index + 1] = targets.length;
		});
		const members = this.contexts.map((context) => {
			const member = new Uint8Array(ids.length);
			ids.forEach((id, index) => {
				if (this.nodes.get(id)!.lockfiles.includes(context.lockfile)) member[index] = 1;
			});
			return member;
		});
		return {
			ids,
			indexOf,
			start,
			targets: Int32Array.from(targets),
			kinds: Uint8Array.from(kinds),
			optionalPeers,
			members,
		};
	}

	/**
	 * `unrequired` contexts (flat locks): a root keeps its declared edges, and an edge to each candidate nothing in
	 * the context requires — plus, for a cycle nothing outside leads into, its first member (else it would hang in
	 * the air). O(V + E) per context: one pass for what is required, one walk shared by every candidate.
	 */
	private recomputeDirect(graph: Indexed): void {
		for (const [index, context] of this.contexts.entries()) {
			if (context.direct !== 'unrequired') continue;
			const member = graph.members[index]!;
			const depended = new Uint8Array(graph.ids.length);
			for (let node = 0; node < graph.ids.length; node++) {
				if (member[node] === 0) continue;
				for (let edge = graph.start[node]!; edge < graph.start[node + 1]!; edge++) {
					const to = graph.targets[edge]!;
					if (to !== node && member[to] === 1) depended[to] = 1;
				}
			}

			for (const root of this.roots) {
				if (root.lockfile !== context.lockfile) continue;
				const candidates = this.provisional.get(root.id) ?? new Map<string, EdgeKind>();
				const next = new Map<string, EdgeKind>();
				for (const [id, kind] of this.declared.get(root.id) ?? []) if (this.nodes.has(id)) next.set(id, kind);
				for (const [id, kind] of candidates) {
					const node = graph.indexOf.get(id);
					if (node !== undefined && depended[node] === 0) next.set(id, kind);
				}

				const reached = new Uint8Array(graph.ids.length);
				this.walk(graph, [...next.keys()], member, reached, 'any');
				for (const [id, kind] of candidates) {
					const node = graph.indexOf.get(id);
					if (node === undefined || reached[node] === 1) continue;
					next.set(id, kind);
					this.walk(graph, [id], member, reached, 'any');
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
					kept.some((id, position) => id !== root.dependencies[position]);
				root.dependencies = kept;
				if (changed) this.dirty = true;
			}
		}
	}

	/**
	 * Flags of every resolving context's packages from its roots, as GraphBuilder computes them: dev = reached only
	 * through the roots' dev edges or optional peers, optional = every path crosses an optional edge or an optional
	 * peer; combined over contexts and with
	 * what lockfiles without resolution say (`fixedFlags`). O(V + E) per context (at most three walks).
	 */
	private recomputeFlags(graph: Indexed): void {
		const count = graph.ids.length;
		// Per node: seen in a context yet, and the flags combined so far.
		const seen = new Uint8Array(count);
		const direct = new Uint8Array(count);
		const dev = new Uint8Array(count);
		const optional = new Uint8Array(count);
		for (const [index, context] of this.contexts.entries()) {
			const member = graph.members[index]!;
			const rootEdges: Array<{readonly to: string; readonly kind: EdgeKind}> = [];
			for (const root of this.roots)
				if (root.lockfile === context.lockfile)
					for (const to of root.dependencies) rootEdges.push({to, kind: this.kindOf(root.id, to)});
			const all = new Uint8Array(count);
			this.walk(
				graph,
				rootEdges.map((edge) => edge.to),
				member,
				all,
				'any',
			);
			// Most trees have no dev root edge and no optional peer: then the prod walk is the same as `all`.
			const prodStart = rootEdges
				.filter((edge) => edge.kind !== 'dev' && edge.kind !== 'peerOptional')
				.map((edge) => edge.to);
			let prod = all;
			if (prodStart.length !== rootEdges.length || graph.optionalPeers)
				this.walk(graph, prodStart, member, (prod = new Uint8Array(count)), 'prod');
			const required = new Uint8Array(count);
			this.walk(
				graph,
				rootEdges
					.filter((edge) => edge.kind !== 'optional' && edge.kind !== 'peerOptional')
					.map((edge) => edge.to),
				member,
				required,
				'required',
			);
			const directHere = new Uint8Array(count);
			for (const edge of rootEdges) {
				const node = graph.indexOf.get(edge.to);
				if (node !== undefined) directHere[node] = 1;
			}

			for (let node = 0; node < count; node++) {
				if (member[node] === 0) continue;
				const ownDirect = directHere[node]!;
				const ownDev = all[node] === 1 && prod[node] === 0 ? 1 : 0;
				const ownOptional = all[node] === 1 && required[node] === 0 ? 1 : 0;
				if (seen[node] === 0) {
					seen[node] = 1;
					direct[node] = ownDirect;
					dev[node] = ownDev;
					optional[node] = ownOptional;
				} else {
					direct[node] = direct[node]! | ownDirect;
					dev[node] = dev[node]! & ownDev;
					optional[node] = optional[node]! & ownOptional;
				}
			}
		}

		for (let index = 0; index < count; index++) {
			if (seen[index] === 0) continue;
			const id = graph.ids[index]!;
			const fixed = this.fixedFlags.get(id);
			const final = {
				direct: direct[index] === 1 || (fixed?.direct ?? false),
				dev: dev[index] === 1 && (fixed?.dev ?? true),
				optional: optional[index] === 1 && (fixed?.optional ?? true),
			};
			const node = this.nodes.get(id)!;
			if (node.direct !== final.direct || node.dev !== final.dev || node.optional !== final.optional) {
				node.direct = final.direct;
				node.dev = final.dev;
				node.optional = final.optional;
				this.changed.add(id);
			}
		}
	}

	/**
	 * Marks in `seen` the members reachable from `start` (ids) through the edges `through` follows, as
	 * GraphBuilder's walks do: `any` every edge, `prod` no optional peer, `required` neither optional edges nor
	 * optional peers. Nodes already marked are not walked again (a walk can continue an earlier one).
	 */
	private walk(
		graph: Indexed,
		start: readonly string[],
		member: Uint8Array,
		seen: Uint8Array,
		through: 'any' | 'prod' | 'required',
	): void {
		const stack: number[] = [];
		for (const id of start) {
			const node = graph.indexOf.get(id);
			if (node !== undefined && member[node] === 1 && seen[node] === 0) {
				seen[node] = 1;
				stack.push(node);
			}
		}

		while (stack.length > 0) {
			const node = stack.pop()!;
			for (let edge = graph.start[node]!; edge < graph.start[node + 1]!; edge++) {
				const to = graph.targets[edge]!;
				if (seen[to] === 1 || member[to] === 0) continue;
				const kind = graph.kinds[edge];
				if (through !== 'any' && kind === edgeKindStrength.peerOptional) continue;
				if (through === 'required' && kind === edgeKindStrength.optional) continue;
				seen[to] = 1;
				stack.push(to);
			}
		}
	}
}

/** The nodes and edges of a growing graph as integers, for one publish's walks. */
type Indexed = {
	readonly ids: readonly string[];
	readonly indexOf: ReadonlyMap<string, number>;
	/** CSR: the edges of node i are `targets[start[i]]` … `targets[start[i + 1] - 1]`, with `kinds` (strengths). */
	readonly start: Int32Array;
	readonly targets: Int32Array;
	readonly kinds: Uint8Array;
	/** Some edge is an optional peer (the prod walk then differs from the walk of every edge). */
	readonly optionalPeers: boolean;
	/** Per context: 1 for the nodes that list its lockfile. */
	readonly members: readonly Uint8Array[];
};
