import type {ParsedLockfile} from '../lockfiles/types.js';
import {type ForeignTarball, foreignTarballs} from './tarball-hosts.js';
import {
	type Ecosystem,
	type EdgeKind,
	type EdgeOrigin,
	type GraphEdge,
	isRegistrySource,
	type LockfileFormat,
	type LockfileLateFile,
	otherOriginId,
	type PackageNode,
	type PackageSource,
	type PendingRequirement,
	packageId,
	type ResolutionContext,
	type RootNode,
	unresolvedVersion,
} from './types.js';

/**
 * How a dependency is declared. Flags on packages are computed from these, the same way for every format:
 * a package is `dev` when only dev edges from a root lead to it, `optional` when every path to it crosses an
 * optional edge. An optional peer (`peerOptional`) leads nowhere on its own — no package manager installs one
 * unless something else does — so a package it alone reaches is both `dev` and `optional`. Lockfiles that store
 * flags (npm v2/v3) compute them the same way, so the result agrees.
 */
export type {EdgeKind} from './types.js';

/**
 * One source's edges, each target once, in parallel lists (no object per edge: a large lockfile has tens of
 * thousands); `kinds` is made at the first edge that is not `prod`. Lists stay short for most packages; a list that
 * grows past a few dozen (a flat lock's root, a hub) gets an index by target, so adding an edge never walks it.
 */
class EdgeList {
	readonly targets: string[] = [];
	/** Parallel to `targets`; null while every edge is `prod`. */
	private kinds: EdgeKind[] | null = null;
	/** The targets' entries, looked up once by `build` for its walks (undefined: a target never added). */
	nodes: Array<PackageEntry | undefined> | null = null;
	private byTarget: Map<string, number> | null = null;

	add(to: string, kind: EdgeKind): void {
		const at = this.byTarget ? (this.byTarget.get(to) ?? -1) : this.targets.indexOf(to);
		if (at === -1) {
			const index = this.targets.push(to) - 1;
			if (this.kinds) this.kinds.push(kind);
			else if (kind !== 'prod') {
				this.kinds = this.targets.map((): EdgeKind => 'prod');
				this.kinds[index] = kind;
			}

			this.byTarget?.set(to, index);
			if (!this.byTarget && this.targets.length > 32)
				this.byTarget = new Map(this.targets.map((target, index) => [target, index]));
		} else if (edgeKindStrength[kind] > edgeKindStrength[this.kind(at)]) {
			this.kinds ??= this.targets.map((): EdgeKind => 'prod');
			this.kinds[at] = kind;
		}
	}

	kind(index: number): EdgeKind {
		return this.kinds?.[index] ?? 'prod';
	}
}

/** What the builder keeps per package until `build` (the first input's name, version and source). */
type PackageEntry = {
	readonly name: string;
	readonly version: string;
	readonly source: PackageSource | undefined;
	aliases: Set<string> | null;
	installScript: boolean;
	published: string | undefined;
	lateFile: LockfileLateFile | undefined;
	misplaced: ForeignTarball | undefined;
	/** The first tarball URL the lockfile gave it (npm `resolved`). */
	tarball: string | undefined;
	/** Other URLs given for it (another copy of it in npm's tree); null for none, as nearly always. */
	moreTarballs: string[] | null;
	tarballImplied: boolean;
	line: number | undefined;
	/** Made at its first edge: most packages of a large tree are leaves. */
	edges: EdgeList | null;
	/** `build`'s walks: which of them reached the package (bits). */
	reached: number;
};

export type AddPackageInput = {
	readonly name: string;
	readonly version: string;
	readonly source?: PackageSource;
	/** The name the package is installed under when it differs from `name` (an npm alias). */
	readonly alias?: string;
	/** The lockfile entry marks an install script (`hasInstallScript`). */
	readonly hasInstallScript?: boolean;
	/** The upload time of the version's first file, as the lockfile records it (an ISO time); the earliest is kept. */
	readonly published?: string;
	/** A file uploaded more than a day after the version's first, as the lockfile records it; the newest is kept. */
	readonly lateFile?: LockfileLateFile;
	/**
	 * A file URL the reader itself knows to be wrong (uv.lock, pylock.toml: a PyPI package's file on another host);
	 * the first one given is kept. The npm family's outliers are found from `tarball` instead, over the whole file.
	 */
	readonly foreignTarball?: ForeignTarball;
	/**
	 * The tarball URL the lockfile installs it from (npm `resolved`, yarn classic `resolved`, pnpm
	 * `resolution.tarball`, bun's URL). Every distinct one is kept: any copy of a package can be the edited one.
	 */
	readonly tarball?: string;
	/**
	 * The lockfile names no URL for it because it comes from the registry the package manager is configured with
	 * (pnpm, bun `""`, yarn berry `npm:`): counted as that registry when the lockfile's hosts are compared.
	 */
	readonly tarballImplied?: boolean;
	/** The 1-based line where its entry starts in the lockfile (the first one given is kept). */
	readonly line?: number;
};

function addTarball(entry: PackageEntry, url: string): void {
	if (entry.tarball === undefined) entry.tarball = url;
	else if (entry.tarball !== url && !entry.moreTarballs?.includes(url)) (entry.moreTarballs ??= []).push(url);
}

/** A requirement the reader cannot pin (see `PendingRequirement`); the builder adds its placeholder. */
export type RequirementInput = Omit<PendingRequirement, 'placeholder'>;

/** How `build` hands a lockfile's resolution work on (see `ResolutionContext.direct`). */
export type ResolutionOptions = {
	readonly direct: ResolutionContext['direct'];
	readonly declared?: readonly GraphEdge[];
	/** A manifest or `--package` spec rather than a lockfile ("resolved, no lockfile"). */
	readonly resolved?: boolean;
};

/**
 * Collects packages, roots and edges while a reader walks a lockfile, then computes the flags.
 * Readers never build PackageNode objects by hand.
 */
export class GraphBuilder {
	private readonly packages = new Map<string, PackageEntry>();
	private readonly roots: Array<{root: Omit<RootNode, 'dependencies'>; edges: EdgeList}> = [];
	private readonly rootEdges = new Map<string, EdgeList>();
	private readonly warnings: string[] = [];
	private readonly requirements: PendingRequirement[] = [];
	private readonly expand: string[] = [];
	private readonly expanding = new Set<string>();
	private readonly expandExtras: Record<string, string[]> = {};
	/** Placeholders of requirements: their versions are not fixed by the file. */
	private readonly unlocked = new Set<string>();
	/** `build` hands its lists over to the nodes: nothing may be added after it. */
	private built = false;

	constructor(
		readonly ecosystem: Ecosystem,
		/** The lockfile's display path. */
		readonly lockfile: string,
	) {}

	/**
	 * Adds (or finds) a package and returns its id. The same name@version added twice is one package — unless one
	 * comes from the registry and the other from the project itself (a workspace, a folder, a git checkout): babel's
	 * yarn.lock locks `@babel/core@8.0.1` from npm (what its published plugins install) and as the workspace of the
	 * same version. Merged, the registry download would be shown as local and never looked up. The second of the
	 * two to arrive says which it is in its id (`npm:@babel/core@8.0.1#local`, or `#registry`); a reader that wants
	 * the registry copy to keep the plain id adds the registry packages first.
	 */
	addPackage(input: AddPackageInput): string {
		if (this.built) throw new Error('GraphBuilder: build() has handed its lists over; the builder is done');
		let id = packageId(this.ecosystem, input.name, input.version);
		let entry = this.packages.get(id);
		if (entry && isRegistrySource(entry.source) !== isRegistrySource(input.source)) {
			id = otherOriginId(id, input.source);
			entry = this.packages.get(id);
		}

		if (!entry) {
			entry = {
				name: input.name,
				version: input.version,
				source: input.source,
				aliases: null,
				installScript: false,
				published: undefined,
				lateFile: undefined,
				misplaced: undefined,
				tarball: undefined,
				moreTarballs: null,
				tarballImplied: false,
				line: undefined,
				edges: null,
				reached: 0,
			};
			this.packages.set(id, entry);
		}

		if (input.hasInstallScript) entry.installScript = true;
		if (input.published && (entry.published === undefined || input.published < entry.published))
			entry.published = input.published;
		if (input.lateFile && (entry.lateFile === undefined || input.lateFile.uploaded > entry.lateFile.uploaded))
			entry.lateFile = input.lateFile;
		entry.misplaced ??= input.foreignTarball;
		entry.line ??= input.line;
		if (input.tarball !== undefined) addTarball(entry, input.tarball);
		if (input.tarballImplied) entry.tarballImplied = true;
		if (input.alias && input.alias !== input.name) (entry.aliases ??= new Set()).add(input.alias);
		return id;
	}

	hasPackage(id: string): boolean {
		return this.packages.has(id);
	}

	/**
	 * A requirement without a fixed version, resolved from the registry during the scan. Its placeholder
	 * (`name@unknown`, not locked) stands in the graph from the first frame, so nothing named is ever missing.
	 * Returns the placeholder's id.
	 */
	addRequirement(requirement: RequirementInput, source?: PackageSource): string {
		const placeholder = this.addPackage({
			name: requirement.name,
			version: unresolvedVersion,
			...(source ? {source} : {}),
		});
		this.addEdge(requirement.from, placeholder, requirement.kind);
		this.unlocked.add(placeholder);
		// A non-registry reference (git, a path) is shown, never looked up: nothing to resolve.
		if (source === undefined || source === 'registry') this.requirements.push({...requirement, placeholder});
		return placeholder;
	}

	/**
	 * A locked package whose dependencies the lockfile does not record: they are read from the registry (with
	 * the Python extras the lockfile asks for on it, `requests[socks]==2.32.3`).
	 */
	expandFromRegistry(id: string, extras?: readonly string[]): void {
		if (!this.packages.has(id)) return;
		if (!this.expanding.has(id)) {
			this.expanding.add(id);
			this.expand.push(id);
		}

		if (extras && extras.length > 0)
			this.expandExtras[id] = [...new Set([...(this.expandExtras[id] ?? []), ...extras])];
	}

	/** A root: the lockfile's project (workspace '.') or one workspace/importer. Returns its id. */
	addRoot(name: string, workspace = '.'): string {
		const id = workspace === '.' ? `root:${this.lockfile}` : `root:${this.lockfile}#${workspace}`;
		if (!this.rootEdges.has(id)) {
			const edges = new EdgeList();
			this.roots.push({root: {id, name, lockfile: this.lockfile, workspace}, edges});
			this.rootEdges.set(id, edges);
		}

		return id;
	}

	/**
	 * An edge from a package or a root to a package. Duplicate edges are kept once (strongest kind wins). O(1)
	 * amortised: the source is found by id, the target in its edge list by a short scan or its index.
	 */
	addEdge(from: string, to: string, kind: EdgeKind = 'prod'): void {
		if (this.built) throw new Error('GraphBuilder: build() has handed its lists over; the builder is done');
		if (from.startsWith('root:')) {
			const edges = this.rootEdges.get(from);
			if (!edges) throw new Error(`GraphBuilder: unknown edge source ${from}`);
			edges.add(to, kind);
			return;
		}

		const entry = this.packages.get(from);
		if (!entry) throw new Error(`GraphBuilder: unknown edge source ${from}`);
		(entry.edges ??= new EdgeList()).add(to, kind);
	}

	warn(message: string): void {
		this.warnings.push(message);
	}

	/** Roots without any edges get every package nothing depends on, as direct dependencies. */
	adoptOrphansAsDirect(rootId: string): void {
		const depended = new Set<string>();
		for (const {edges} of this.packages.values()) if (edges) for (const to of edges.targets) depended.add(to);
		for (const id of this.packages.keys()) if (!depended.has(id)) this.addEdge(rootId, id, 'prod');
	}

	/**
	 * The lockfile's packages with their flags. O(V + E): every edge's target is looked up once, then three walks
	 * from the roots mark what they reach (all edges; edges that are not dev from the roots and not optional peers;
	 * edges that are neither optional nor optional peers) on the entries themselves.
	 */
	build(format: LockfileFormat, resolution?: ResolutionOptions): ParsedLockfile {
		this.built = true;
		for (const entry of this.packages.values()) {
			entry.reached = 0;
			if (entry.edges) entry.edges.nodes = entry.edges.targets.map((to) => this.packages.get(to));
		}

		const direct = new Set<string>();
		for (const {edges} of this.roots) {
			for (let index = 0; index < edges.targets.length; index++) {
				const to = edges.targets[index]!;
				const kind = edges.kind(index);
				direct.add(to);
				const entry = this.packages.get(to);
				if (entry === undefined) continue;
				this.walk(entry, reachedAny);
				if (kind !== 'dev' && follows(reachedProd, kind)) this.walk(entry, reachedProd);
				if (follows(reachedRequired, kind)) this.walk(entry, reachedRequired);
			}
		}

		const expanding = this.expanding;
		const foreign = foreignTarballs(this.packages.values());
		const packages: PackageNode[] = [];
		for (const [id, entry] of this.packages) {
			const {name, version, source, aliases, installScript, published, lateFile, line, edges, reached} =
				entry;
			const reachable = (reached & reachedAny) !== 0;
			const node: PackageNode = {
				id,
				ecosystem: this.ecosystem,
				name,
				version,
				direct: direct.has(id),
				dev: reachable && (reached & reachedProd) === 0,
				optional: reachable && (reached & reachedRequired) === 0,
				// Handed over: the builder is done.
				dependencies: edges ? edges.targets : [],
				lockfiles: [this.lockfile],
			};
			if (aliases !== null && aliases.size > 0) node.aliases = [...aliases].sort();
			if (source && source !== 'registry') node.source = source;
			if (installScript) node.hasInstallScript = true;
			if (published !== undefined) node.published = published;
			if (lateFile !== undefined) node.lateFile = lateFile;
			const elsewhere = foreign.get(entry) ?? entry.misplaced;
			if (elsewhere) node.foreignTarball = elsewhere;
			if (this.unlocked.has(id)) node.locked = false;
			// Until the registry answers, the edges of a package to expand are unknown.
			if (expanding.has(id) || this.unlocked.has(id)) node.edgesFrom = 'none' satisfies EdgeOrigin;
			if (line !== undefined) node.lines = {[this.lockfile]: line};
			packages.push(node);
		}

		const roots: RootNode[] = this.roots.map(({root, edges}) => ({
			...root,
			dependencies: edges.targets.slice(),
		}));
		const parsed: ParsedLockfile = {
			format,
			ecosystem: this.ecosystem,
			roots,
			packages,
			warnings: this.warnings,
		};
		if (this.requirements.length === 0 && this.expand.length === 0 && !resolution?.resolved) return parsed;
		return {
			...parsed,
			...(resolution?.resolved ? {resolved: true} : {}),
			resolution: {
				lockfile: this.lockfile,
				ecosystem: this.ecosystem,
				requirements: [...this.requirements],
				expand: [...this.expand],
				...(Object.keys(this.expandExtras).length > 0 ? {extras: {...this.expandExtras}} : {}),
				edges: this.allEdges(),
				direct: resolution?.direct ?? 'declared',
				...(resolution?.declared ? {declared: resolution.declared} : {}),
			},
		};
	}

	/** Every edge with its kind, roots' first (what a resolution context starts from). */
	private allEdges(): GraphEdge[] {
		const edges: GraphEdge[] = [];
		const add = (from: string, out: EdgeList | null) => {
			if (out)
				for (let index = 0; index < out.targets.length; index++)
					edges.push({from, to: out.targets[index]!, kind: out.kind(index)});
		};

		for (const {root, edges: out} of this.roots) add(root.id, out);
		for (const [from, {edges: out}] of this.packages) add(from, out);
		return edges;
	}

	/** Marks `bit` on `start` and everything it reaches through the edges that walk `follows`. */
	private walk(start: PackageEntry, bit: number): void {
		if ((start.reached & bit) !== 0) return;
		start.reached |= bit;
		const stack = [start];
		for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
			const nodes = entry.edges?.nodes;
			if (!nodes) continue;
			for (let index = 0; index < nodes.length; index++) {
				const target = nodes[index];
				if (target === undefined || (target.reached & bit) !== 0) continue;
				if (!follows(bit, entry.edges!.kind(index))) continue;
				target.reached |= bit;
				stack.push(target);
			}
		}
	}
}

/**
 * `build`'s walks from the roots: every edge (what is in the tree at all); no dev edge from a root and no optional
 * peer (what a production install installs); neither optional edges nor optional peers (what every install has).
 */
const reachedAny = 1;
const reachedProd = 2;
const reachedRequired = 4;

/**
 * Whether walk `bit` goes through an edge of `kind` (a root's dev edge aside: `build` leaves it out of the prod
 * walk). An optional peer is followed only to say the package is in the tree: it is satisfied where something
 * else installs the package, never installs it, so it makes nothing prod or required.
 */
function follows(bit: number, kind: EdgeKind): boolean {
	if (kind === 'peerOptional') return bit === reachedAny;
	if (kind === 'optional') return bit !== reachedRequired;
	return true;
}

/**
 * prod beats peer beats optional beats dev beats peerOptional when the same edge is declared twice: an optional
 * peer installs nothing, so any other declaration says more (a workspace's optional peer it also lists under
 * `devDependencies`, as libraries do to test against it, is a dev edge).
 */
export const edgeKindStrength: Readonly<Record<EdgeKind, number>> = {
	peerOptional: 0,
	dev: 1,
	optional: 2,
	peer: 3,
	prod: 4,
};
