import type {ParsedLockfile} from '../lockfiles/types.js';
import {
	type Ecosystem,
	type EdgeKind,
	type EdgeOrigin,
	type GraphEdge,
	type LockfileFormat,
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
 * optional edge. Lockfiles that store flags (npm v2/v3) compute them the same way, so the result agrees.
 */
export type {EdgeKind} from './types.js';

type Edge = {readonly to: string; readonly kind: EdgeKind};

/**
 * One source's edges, each target once. Lists stay short for most packages; a list that grows past a few dozen
 * (a flat lock's root, a hub) gets an index by target, so adding an edge never walks the list.
 */
class EdgeList {
	readonly edges: Edge[] = [];
	private byTarget: Map<string, number> | null = null;

	add(to: string, kind: EdgeKind): void {
		let at = -1;
		if (this.byTarget) at = this.byTarget.get(to) ?? -1;
		else
			for (let index = 0; index < this.edges.length; index++)
				if (this.edges[index]!.to === to) {
					at = index;
					break;
				}
		if (at === -1) {
			this.edges.push({to, kind});
			this.byTarget?.set(to, this.edges.length - 1);
			if (!this.byTarget && this.edges.length > 32)
				this.byTarget = new Map(this.edges.map((edge, index) => [edge.to, index]));
		} else if (kindStrength(kind) > kindStrength(this.edges[at]!.kind)) this.edges[at] = {to, kind};
	}
}

export type AddPackageInput = {
	readonly name: string;
	readonly version: string;
	readonly source?: PackageSource;
	/** The name the package is installed under when it differs from `name` (an npm alias). */
	readonly alias?: string;
	/** The lockfile entry marks an install script (`hasInstallScript`). */
	readonly hasInstallScript?: boolean;
	/** The 1-based line where its entry starts in the lockfile (the first one given is kept). */
	readonly line?: number;
};

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
	private readonly packages = new Map<
		string,
		{input: AddPackageInput; aliases: Set<string>; installScript: boolean; line: number | undefined}
	>();
	private readonly packageEdges = new Map<string, EdgeList>();
	private readonly roots: Array<{root: Omit<RootNode, 'dependencies'>; edges: EdgeList}> = [];
	private readonly rootEdges = new Map<string, EdgeList>();
	private readonly warnings: string[] = [];
	private readonly requirements: PendingRequirement[] = [];
	private readonly expand: string[] = [];
	private readonly expanding = new Set<string>();
	private readonly expandExtras: Record<string, string[]> = {};
	/** Placeholders of requirements: their versions are not fixed by the file. */
	private readonly unlocked = new Set<string>();

	constructor(
		readonly ecosystem: Ecosystem,
		/** The lockfile's display path. */
		readonly lockfile: string,
	) {}

	/** Adds (or finds) a package and returns its id. The same name@version added twice is one package. */
	addPackage(input: AddPackageInput): string {
		const id = packageId(this.ecosystem, input.name, input.version);
		let entry = this.packages.get(id);
		if (!entry) {
			entry = {input, aliases: new Set(), installScript: false, line: undefined};
			this.packages.set(id, entry);
			this.packageEdges.set(id, new EdgeList());
		}

		if (input.hasInstallScript) entry.installScript = true;
		entry.line ??= input.line;
		if (input.alias && input.alias !== input.name) entry.aliases.add(input.alias);
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
		const edges = from.startsWith('root:') ? this.rootEdges.get(from) : this.packageEdges.get(from);
		if (!edges) throw new Error(`GraphBuilder: unknown edge source ${from}`);
		edges.add(to, kind);
	}

	warn(message: string): void {
		this.warnings.push(message);
	}

	/** Roots without any edges get every package nothing depends on, as direct dependencies. */
	adoptOrphansAsDirect(rootId: string): void {
		const depended = new Set<string>();
		for (const edges of this.packageEdges.values()) for (const edge of edges.edges) depended.add(edge.to);
		for (const id of this.packages.keys()) if (!depended.has(id)) this.addEdge(rootId, id, 'prod');
	}

	build(format: LockfileFormat, resolution?: ResolutionOptions): ParsedLockfile {
		const rootEdges = this.roots.flatMap((entry) => entry.edges.edges);
		const reachable = this.reach(rootEdges, () => true);
		const prodReachable = this.reach(
			rootEdges.filter((edge) => edge.kind !== 'dev'),
			() => true,
		);
		const requiredReachable = this.reach(
			rootEdges.filter((edge) => edge.kind !== 'optional'),
			(edge) => edge.kind !== 'optional',
		);
		const direct = new Set(rootEdges.map((edge) => edge.to));

		const expanding = this.expanding;
		const packages: PackageNode[] = [];
		for (const [id, {input, aliases, installScript, line}] of this.packages) {
			const node: PackageNode = {
				id,
				ecosystem: this.ecosystem,
				name: input.name,
				version: input.version,
				direct: direct.has(id),
				dev: reachable.has(id) && !prodReachable.has(id),
				optional: reachable.has(id) && !requiredReachable.has(id),
				dependencies: (this.packageEdges.get(id)?.edges ?? []).map((edge) => edge.to),
				lockfiles: [this.lockfile],
			};
			if (aliases.size > 0) node.aliases = [...aliases].sort();
			if (input.source && input.source !== 'registry') node.source = input.source;
			if (installScript) node.hasInstallScript = true;
			if (this.unlocked.has(id)) node.locked = false;
			// Until the registry answers, the edges of a package to expand are unknown.
			if (expanding.has(id) || this.unlocked.has(id)) node.edgesFrom = 'none' satisfies EdgeOrigin;
			if (line !== undefined) node.lines = {[this.lockfile]: line};
			packages.push(node);
		}

		const roots: RootNode[] = this.roots.map(({root, edges}) => ({
			...root,
			dependencies: edges.edges.map((edge) => edge.to),
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
		for (const {root, edges: out} of this.roots)
			for (const edge of out.edges) edges.push({from: root.id, ...edge});
		for (const [from, out] of this.packageEdges) for (const edge of out.edges) edges.push({from, ...edge});
		return edges;
	}

	private reach(start: readonly Edge[], follow: (edge: Edge) => boolean): Set<string> {
		const seen = new Set<string>();
		const stack = start.map((edge) => edge.to);
		while (stack.length > 0) {
			const id = stack.pop()!;
			if (seen.has(id)) continue;
			seen.add(id);
			for (const edge of this.packageEdges.get(id)?.edges ?? []) {
				if (follow(edge) && !seen.has(edge.to)) stack.push(edge.to);
			}
		}

		return seen;
	}
}

/** prod beats peer beats optional beats dev when the same edge is declared twice. */
function kindStrength(kind: EdgeKind): number {
	return {dev: 0, optional: 1, peer: 2, prod: 3}[kind];
}
