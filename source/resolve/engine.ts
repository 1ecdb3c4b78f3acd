import type {
	DeclaredDependency,
	DependencyList,
	EcosystemModule,
	NameFacts,
	ResolvedEndpoints,
	ResolverSpec,
	VersionRequest,
} from '../ecosystems/types.js';
import type {GrowingGraph} from '../graph/growing.js';
import {
	type EdgeKind,
	type PackageSource,
	type ResolutionContext,
	unresolvedVersion,
} from '../graph/types.js';

/**
 * The one resolution engine: it turns each context's requirements (unpinned lines, a manifest's ranges, a
 * `--package` spec) and flat packages (locked versions whose edges the lockfile lacks) into versions and edges
 * of a growing graph. Breadth-first from the roots, newest version satisfying each range, no backtracking;
 * a conflict is a warning naming both requirements. What "satisfies", "newest" and "depends on" mean is the
 * ecosystem's (`ResolverSpec`); where facts come from is the host's (the scheduler: cache, queues, retries).
 *
 * Each context's work is one FIFO queue processed strictly in order, so the result does not depend on which
 * response arrives first; everything a queued item will need is requested as soon as the item is queued, so
 * the network still works in parallel. Cost: O(1) amortised per queued item plus the ecosystem's work per
 * choice (`choose` scans the name's versions); nothing quadratic in the size of the tree.
 */

/** What the engine needs from the scan. */
export type ResolutionHost = {
	/**
	 * A name's facts once its metadata requests have settled (errors included); undefined while they are pending.
	 * Asking for a name the scan does not know yet starts fetching it.
	 */
	readonly nameFacts: (ecosystem: EcosystemModule, name: string) => NameFacts | undefined;
	/** Starts fetching one version's dependencies; the answer comes back through `versionSettled`. */
	readonly fetchVersion: (ecosystem: EcosystemModule, key: string, request: VersionRequest) => void;
	readonly endpoints: ResolvedEndpoints;
	/** The target environment setting's value for an ecosystem ('' when it has none). */
	readonly environment: (ecosystem: EcosystemModule) => string;
	readonly ecosystemOf: (id: string) => EcosystemModule | undefined;
};

/** A requirement being resolved (a root's, or a dependency a version's metadata declares). */
type Requirement = {
	readonly from: string;
	readonly name: string;
	readonly range: string;
	readonly kind: EdgeKind;
	readonly extras: readonly string[];
	readonly marker?: string;
	readonly text: string;
	/** The placeholder to replace (root requirements from a reader). */
	readonly placeholder?: string;
	readonly source?: PackageSource;
	readonly alias?: string;
};

type Item =
	| {readonly type: 'choose'; readonly requirement: Requirement}
	/** Read a version's dependencies; with `newExtras`, only those the new extras add. */
	| {readonly type: 'expand'; readonly id: string; readonly newExtras?: ReadonlySet<string>};

type VersionOutcome = {readonly list: DependencyList; readonly from: string} | {readonly error: string};

type ContextState = {
	readonly context: ResolutionContext;
	readonly ecosystem: EcosystemModule;
	readonly spec: ResolverSpec;
	readonly queue: Item[];
	head: number;
	/** Name → the ids of its versions in this context. */
	readonly versions: Map<string, string[]>;
	/** Id → the requirement that put that version there (for conflict warnings). */
	readonly chosenBy: Map<string, string>;
	/** Id → the extras whose dependencies were added (expanded once per id). */
	readonly expanded: Map<string, Set<string>>;
	resolvedCount: number;
	readonly unresolved: string[];
	readonly unknownEdges: Map<string, string[]>;
	finished: boolean;
};

export class ResolutionEngine {
	private readonly states: ContextState[] = [];
	/** `eco:name@version` → its dependencies once read (pending while undefined in `requested`). */
	private readonly versionOutcomes = new Map<string, VersionOutcome>();
	private readonly requested = new Set<string>();
	/** Expand items waiting for their name's facts before their version request can start. */
	private readonly waitingForName = new Map<string, Set<string>>();
	private running = false;
	private again = false;

	constructor(
		private readonly graph: GrowingGraph,
		contexts: readonly ResolutionContext[],
		private readonly host: ResolutionHost,
	) {
		for (const context of contexts) {
			const ecosystem = host.ecosystemOf(context.ecosystem);
			const spec = ecosystem?.resolver;
			if (!ecosystem || !spec) {
				graph.warn(`${context.lockfile}: ${context.ecosystem} packages cannot be resolved; left as they are`);
				continue;
			}

			this.states.push({
				context,
				ecosystem,
				spec,
				queue: [],
				head: 0,
				versions: new Map(),
				chosenBy: new Map(),
				expanded: new Map(),
				resolvedCount: 0,
				unresolved: [],
				unknownEdges: new Map(),
				finished: false,
			});
		}
	}

	/** Queues every context's initial work and resolves as far as the facts at hand allow. */
	start(): void {
		for (const state of this.states) {
			const {context} = state;
			for (const node of this.graphNodesOf(context.lockfile)) {
				if (node.ecosystem !== context.ecosystem || node.version === unresolvedVersion) continue;
				if (node.source !== undefined && node.source !== 'registry') continue;
				this.remember(
					state,
					node.name,
					node.id,
					`${node.name} ${node.version} locked in ${context.lockfile}`,
				);
			}

			// Breadth-first: the roots' own requirements, then what the locked packages need. A requirement whose
			// placeholder was left out before the scan (`--prod` drops dev ones) is not resolved at all.
			for (const requirement of context.requirements) {
				if (!this.graph.node(requirement.placeholder)) continue;
				this.enqueue(state, {
					type: 'choose',
					requirement: {...requirement, extras: requirement.extras ?? []},
				});
			}

			for (const id of context.expand) {
				const extras = (context.extras?.[id] ?? []).map((extra) => extra.toLowerCase());
				state.expanded.set(id, new Set(extras));
				this.enqueueExpand(state, id, undefined);
			}
		}

		this.run();
	}

	/** A name's metadata requests settled: resolution may go on. */
	nameSettled(ecosystem: EcosystemModule, name: string): void {
		const waiting = this.waitingForName.get(`${ecosystem.id}:${name}`);
		if (waiting) {
			this.waitingForName.delete(`${ecosystem.id}:${name}`);
			for (const id of waiting) this.prefetchVersion(id);
		}

		this.run();
	}

	/** One version's dependencies arrived (or failed for good). */
	versionSettled(key: string, outcome: VersionOutcome): void {
		this.versionOutcomes.set(key, outcome);
		this.run();
	}

	/** Every context's queue is empty: nothing more will change. */
	get idle(): boolean {
		return this.states.every((state) => state.finished);
	}

	/**
	 * Stops resolving (a bug must not leave a scan waiting forever): every context is finished as it stands, and
	 * the graph says why.
	 */
	abandon(reason: string): void {
		for (const state of this.states) {
			if (state.finished) continue;
			state.finished = true;
			state.head = state.queue.length;
			this.graph.warn(`${state.context.lockfile}: resolution stopped: ${reason}`);
		}
	}

	// ── The queue ─────────────────────────────────────────────────────────────────────────────────────

	private run(): void {
		// Re-entrant calls (a host answering synchronously from memory) just ask for another pass.
		if (this.running) {
			this.again = true;
			return;
		}

		this.running = true;
		try {
			do {
				this.again = false;
				for (const state of this.states) {
					while (state.head < state.queue.length && this.process(state, state.queue[state.head]!)) {
						state.head += 1;
					}

					if (state.head === state.queue.length && !state.finished) this.finish(state);
				}
			} while (this.again);
		} finally {
			this.running = false;
		}
	}

	private enqueue(state: ContextState, item: Item): void {
		state.queue.push(item);
		state.finished = false;
		if (item.type === 'choose') {
			// Start fetching now, unless a version already in the tree will do (no request needed for it).
			const {requirement} = item;
			if (requirement.source === undefined && !this.existingFit(state, requirement))
				this.host.nameFacts(state.ecosystem, requirement.name);
		}
	}

	private enqueueExpand(state: ContextState, id: string, newExtras: ReadonlySet<string> | undefined): void {
		this.enqueue(state, {type: 'expand', id, ...(newExtras && newExtras.size > 0 ? {newExtras} : {})});
		this.prefetchVersion(id);
	}

	/** Requests a version's dependencies ahead of its turn (once its name's facts say where they are). */
	private prefetchVersion(id: string): void {
		const node = this.graph.node(id);
		const ecosystem = node && this.host.ecosystemOf(node.ecosystem);
		if (!node || !ecosystem?.resolver) return;
		const facts = this.host.nameFacts(ecosystem, node.name);
		if (!facts) {
			const key = `${ecosystem.id}:${node.name}`;
			let waiting = this.waitingForName.get(key);
			if (!waiting) this.waitingForName.set(key, (waiting = new Set()));
			waiting.add(id);
			return;
		}

		const source = ecosystem.resolver.dependencies(facts, node.version, this.host.endpoints);
		if (source.kind === 'request' && !this.requested.has(id)) {
			this.requested.add(id);
			this.host.fetchVersion(ecosystem, id, source.request);
		}
	}

	/** Handles the queue's head; false when it must wait for facts still on their way. */
	private process(state: ContextState, item: Item): boolean {
		return item.type === 'choose' ? this.choose(state, item.requirement) : this.expand(state, item);
	}

	// ── Choosing a version ────────────────────────────────────────────────────────────────────────────

	private choose(state: ContextState, requirement: Requirement): boolean {
		const {spec, ecosystem} = state;
		const environment = this.host.environment(ecosystem);
		if (requirement.source !== undefined) {
			this.placeholderFor(state, requirement, `a ${requirement.source} dependency: not looked up`);
			return true;
		}

		if (
			requirement.marker &&
			spec.applies &&
			!spec.applies(declared(requirement), environment, new Set<string>())
		) {
			this.fail(state, requirement, `not for this environment (${requirement.marker})`, false);
			return true;
		}

		const existing = state.versions.get(requirement.name) ?? [];
		let target = this.existingFit(state, requirement);
		if (target === undefined && existing.length > 0 && spec.oneVersionPerName) {
			target = existing[0]!;
			const version = this.graph.node(target)?.version ?? '?';
			this.graph.warn(
				`${state.context.lockfile}: conflict: ${requirement.text} is not satisfied by ${requirement.name} ${version}, ` +
					`chosen for ${state.chosenBy.get(target) ?? 'another requirement'}; kept ${version} (no backtracking)`,
			);
		}

		if (target === undefined) {
			const facts = this.host.nameFacts(ecosystem, requirement.name);
			if (!facts) return false;
			const choice = facts.metadata
				? spec.choose(facts, requirement.range, environment)
				: {error: facts.errors.join('; ') || 'no registry data'};
			if ('error' in choice) {
				this.fail(state, requirement, choice.error, true);
				return true;
			}

			const parent = this.graph.node(requirement.from);
			if (parent && parent.locked !== false && state.context.expand.length > 0) {
				this.graph.warn(
					`${state.context.lockfile}: ${parent.name} ${parent.version} requires ${requirement.text}, which is not in the lockfile: added ${requirement.name} ${choice.version} (resolved, not locked)`,
				);
			}

			const {id} = this.graph.addPackage({
				ecosystem: ecosystem.id,
				name: requirement.name,
				version: choice.version,
				lockfile: state.context.lockfile,
				...(requirement.alias ? {alias: requirement.alias} : {}),
				origin: {version: `${choice.note}, for ${requirement.text}`},
			});
			target = id;
			state.resolvedCount += 1;
			this.remember(state, requirement.name, id, requirement.text);
		} else if (requirement.alias) {
			const node = this.graph.node(target)!;
			this.graph.addPackage({
				ecosystem: ecosystem.id,
				name: node.name,
				version: node.version,
				lockfile: state.context.lockfile,
				alias: requirement.alias,
			});
		}

		this.link(requirement, target);
		const extras = new Set(requirement.extras.map((extra) => extra.toLowerCase()));
		const applied = state.expanded.get(target);
		// A package whose edges its lockfile records is not read from the registry.
		if (this.graph.node(target)?.edgesFrom === undefined) return true;
		if (!applied) {
			state.expanded.set(target, extras);
			this.enqueueExpand(state, target, undefined);
		} else {
			const added = new Set([...extras].filter((extra) => !applied.has(extra)));
			if (added.size > 0) {
				for (const extra of added) applied.add(extra);
				this.enqueueExpand(state, target, added);
			}
		}

		return true;
	}

	/** A version of the name already in this context that satisfies the range, if any. */
	private existingFit(state: ContextState, requirement: Requirement): string | undefined {
		return (state.versions.get(requirement.name) ?? []).find((id) => {
			const node = this.graph.node(id);
			return node !== undefined && state.spec.satisfies(node.version, requirement.range);
		});
	}

	private remember(state: ContextState, name: string, id: string, why: string): void {
		const list = state.versions.get(name) ?? [];
		if (!list.includes(id)) list.push(id);
		state.versions.set(name, list);
		if (!state.chosenBy.has(id)) state.chosenBy.set(id, why);
	}

	private link(requirement: Requirement, target: string): void {
		if (requirement.placeholder) this.graph.redirect(requirement.from, requirement.placeholder, target);
		else this.graph.addEdge(requirement.from, target, requirement.kind);
	}

	/** No version could be chosen: the placeholder stays (or is made), saying why. */
	private fail(state: ContextState, requirement: Requirement, reason: string, count: boolean): void {
		this.placeholderFor(state, requirement, reason);
		if (count) state.unresolved.push(`${requirement.text}: ${reason}`);
	}

	private placeholderFor(state: ContextState, requirement: Requirement, reason: string): void {
		let id = requirement.placeholder;
		if (id === undefined) {
			id = this.graph.addPackage({
				ecosystem: state.ecosystem.id,
				name: requirement.name,
				version: unresolvedVersion,
				lockfile: state.context.lockfile,
				...(requirement.source ? {source: requirement.source} : {}),
				...(requirement.alias ? {alias: requirement.alias} : {}),
			}).id;
			this.graph.addEdge(requirement.from, id, requirement.kind);
		}

		this.graph.update(id, {origin: {version: `not resolved: ${reason} (${requirement.text})`}});
	}

	// ── A version's dependencies ──────────────────────────────────────────────────────────────────────

	private expand(state: ContextState, item: Extract<Item, {type: 'expand'}>): boolean {
		const node = this.graph.node(item.id);
		if (!node || node.version === unresolvedVersion) return true;
		const {ecosystem, spec} = state;
		const facts = this.host.nameFacts(ecosystem, node.name);
		if (!facts) return false;
		const source = spec.dependencies(facts, node.version, this.host.endpoints);
		let outcome: VersionOutcome;
		if (source.kind === 'known') outcome = {list: source.list, from: source.from};
		else if (source.kind === 'unknown') outcome = {error: source.reason};
		else {
			const known = this.versionOutcomes.get(item.id);
			if (!known) {
				if (!this.requested.has(item.id)) {
					this.requested.add(item.id);
					this.host.fetchVersion(ecosystem, item.id, source.request);
				}

				return false;
			}

			outcome = known;
		}

		if ('error' in outcome) {
			if (!item.newExtras) {
				this.graph.update(item.id, {edgesFrom: 'none', origin: {edges: `unknown: ${outcome.error}`}});
				const list = state.unknownEdges.get(outcome.error) ?? [];
				list.push(`${node.name} ${node.version}`);
				state.unknownEdges.set(outcome.error, list);
			}

			return true;
		}

		const {list, from} = outcome;
		if (!item.newExtras) {
			this.graph.update(item.id, {
				edgesFrom: 'registry',
				origin: {edges: list.caveat ? `${from} (${list.caveat})` : from},
			});
			if (list.caveat) this.graph.warn(`${node.name} ${node.version}: ${list.caveat}`);
		}

		const environment = this.host.environment(ecosystem);
		const extras = state.expanded.get(item.id) ?? new Set<string>();
		const before = item.newExtras
			? new Set([...extras].filter((extra) => !item.newExtras!.has(extra)))
			: null;
		const label = `${node.name} ${node.version}`;
		for (const dependency of list.dependencies) {
			const applies = (set: ReadonlySet<string>) => spec.applies?.(dependency, environment, set) ?? true;
			if (!applies(extras)) continue;
			if (before && applies(before)) continue;
			this.enqueue(state, {
				type: 'choose',
				requirement: {
					from: item.id,
					name: dependency.name,
					range: dependency.range,
					kind: dependency.kind,
					extras: dependency.extras ?? [],
					text: `${dependency.text} (required by ${label})`,
					...(dependency.source ? {source: dependency.source} : {}),
					...(dependency.alias ? {alias: dependency.alias} : {}),
				},
			});
		}

		return true;
	}

	// ── The end of a context ──────────────────────────────────────────────────────────────────────────

	private finish(state: ContextState): void {
		state.finished = true;
		const {lockfile} = state.context;
		if (state.resolvedCount > 0) {
			this.graph.warn(
				`${lockfile}: commit-tui resolved ${state.resolvedCount} ${state.resolvedCount === 1 ? 'package' : 'packages'} itself ` +
					'(newest releases satisfying the requirements, not versions from a lockfile)',
			);
		}

		if (state.unresolved.length > 0) {
			const shown = state.unresolved.slice(0, 10).join('; ');
			const more = state.unresolved.length > 10 ? `; and ${state.unresolved.length - 10} more` : '';
			this.graph.warn(
				`${lockfile}: ${state.unresolved.length} ${state.unresolved.length === 1 ? 'requirement' : 'requirements'} not resolved (shown with version unknown): ${shown}${more}`,
			);
		}

		for (const [reason, names] of state.unknownEdges) {
			const shown = names.slice(0, 10).join(', ');
			const more = names.length > 10 ? ` and ${names.length - 10} more` : '';
			this.graph.warn(
				`${lockfile}: dependencies of ${names.length} ${names.length === 1 ? 'package' : 'packages'} unknown (${reason}): ${shown}${more}`,
			);
		}

		state.unresolved.length = 0;
		state.unknownEdges.clear();
		state.resolvedCount = 0;
	}

	private graphNodesOf(lockfile: string) {
		const nodes = [];
		for (const root of this.graph.snapshot.packages.values())
			if (root.lockfiles.includes(lockfile)) nodes.push(root);
		return nodes;
	}
}

/** A requirement as the ecosystem's `applies` sees a declared dependency. */
function declared(requirement: Requirement): DeclaredDependency {
	return {
		name: requirement.name,
		range: requirement.range,
		kind: requirement.kind,
		extras: requirement.extras,
		...(requirement.marker ? {marker: requirement.marker} : {}),
		text: requirement.text,
	};
}
