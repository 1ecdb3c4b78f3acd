import {filterGraph, restrictGraph} from '../../graph/filter.js';
import {dependentsIndex} from '../../graph/query.js';
import type {DependencyGraph} from '../../graph/types.js';
import {isAtLeast} from '../../scoring/levels.js';
import {isSuspiciousRelease} from '../../scoring/rollup.js';
import {TreeCounts} from '../../scoring/tree-counts.js';
import type {PackageReport, PublisherReach, RiskLevel, Rollup} from '../../scoring/types.js';
import {type FlagFilter, matchesFlag} from '../format/flags.js';
import type {DataSnapshot} from '../state/types.js';

/** What the tree is narrowed to. Every part that is set must hold for a package to match. */
export type TreeFilter = {
	/** Own level at or above this one (unknown never matches). */
	readonly level: RiskLevel | null;
	/** Carries this flag (`any`: any counted flag). */
	readonly flag: FlagFilter | null;
	/** Only suspicious releases: the locked version's release risk is moderate or worse (`f`'s last step). */
	readonly suspicious: boolean;
	/** Publishable by this account. */
	readonly publisher: {readonly ecosystem: string; readonly account: string} | null;
};

export const noFilter: TreeFilter = {level: null, flag: null, suspicious: false, publisher: null};

export function isFiltering(filter: TreeFilter): boolean {
	return filter.level !== null || filter.flag !== null || filter.suspicious || filter.publisher !== null;
}

/** The data a view is computed from (the store's snapshot). */
export type ViewSource = {
	readonly reports: ReadonlyMap<string, PackageReport>;
	/** What changed since the previous snapshot (see `DataSnapshot.changes`): views count only those again. */
	readonly changes?: DataSnapshot['changes'];
	/** Roll-ups and publishers of the whole graph (reused when the view is the whole graph). */
	readonly rollups: ReadonlyMap<string, Rollup>;
	readonly publishers: readonly PublisherReach[];
};

/**
 * The graph as the user sees it, and everything counted over it. Roll-ups (`▲n`), the level counts and the
 * publishers view follow what is shown: with dev dependencies hidden or a filter on, they are computed over
 * the shown graph, not the whole one.
 */
export type ViewData = {
	/** The shown graph: without hidden dev packages, and with a filter only the matches and their ancestors. */
	readonly graph: DependencyGraph;
	/** Packages the filter selects; null without a filter. Shown packages not in it are context (dimmed). */
	readonly matches: ReadonlySet<string> | null;
	readonly rollups: ReadonlyMap<string, Rollup>;
	readonly publishers: readonly PublisherReach[];
	/** Packages left out because they are dev-only and dev dependencies are hidden. */
	readonly hiddenDev: number;
};

/** Whether a package's own report matches the filter. */
export function matchesFilter(
	graph: DependencyGraph,
	id: string,
	report: PackageReport | undefined,
	filter: TreeFilter,
): boolean {
	if (!report) return false;
	if (filter.level !== null && !isAtLeast(report.risk, filter.level)) return false;
	if (filter.flag !== null && !matchesFlag(report.flags, filter.flag)) return false;
	if (filter.suspicious && !isSuspiciousRelease(report)) return false;
	if (filter.publisher !== null) {
		const {ecosystem, account} = filter.publisher;
		if (graph.packages.get(id)?.ecosystem !== ecosystem) return false;
		if (!report.facts?.metadata?.publishers?.some((publisher) => publisher.name === account)) return false;
	}

	return true;
}

// The production graph depends only on the graph: build it once per graph, not once per flush.
const productionGraphs = new WeakMap<DependencyGraph, DependencyGraph>();

function productionGraph(graph: DependencyGraph): DependencyGraph {
	let production = productionGraphs.get(graph);
	if (!production) {
		production = filterGraph(graph, {production: true});
		productionGraphs.set(graph, production);
	}

	return production;
}

/** Counts over a graph, and the reports they were last brought to. */
type Synced = {readonly counts: TreeCounts; synced: ReadonlyMap<string, PackageReport> | null};

/**
 * The ids whose reports may differ from those the counts were brought to: the snapshot's `changes` when they
 * start from there (O(changed)), else every package (O(V)); none when nothing changed.
 */
function changedSince(view: Synced, source: ViewSource, all: Iterable<string>): Iterable<string> {
	if (view.synced === source.reports) return [];
	const changes = source.changes;
	return changes && view.synced !== null && changes.since === view.synced ? changes.ids : all;
}

// The production graph's counts, kept up to date flush by flush (one per graph, dropped with it).
const productionCounts = new WeakMap<DependencyGraph, Synced>();

/** Roll-ups and publishers over the production graph: only the changed reports are counted again. */
function countProduction(production: DependencyGraph, source: ViewSource): ViewCounts {
	let view = productionCounts.get(production);
	if (!view) {
		view = {counts: new TreeCounts(production), synced: null};
		productionCounts.set(production, view);
	}

	for (const id of changedSince(view, source, production.packages.keys()))
		view.counts.set(id, source.reports.get(id));
	view.synced = source.reports;
	return view.counts.snapshot();
}

type ViewCounts = {
	readonly rollups: ReadonlyMap<string, Rollup>;
	readonly publishers: readonly PublisherReach[];
};

/** A filter's view of one graph: what matches, what is kept (matches and their ancestors), and its counts. */
type Filtered = Synced & {
	readonly key: string;
	matches: ReadonlySet<string>;
	/** Mutated in place: only the view's own bookkeeping (the shown graph is a copy). */
	kept: Set<string>;
	shown: DependencyGraph | null;
};

// The last few filters used on each (production or whole) graph, most recent last, kept up to date flush by
// flush while in use (`f` steps through levels and back: each comes back with its counts).
const filteredViews = new WeakMap<DependencyGraph, Map<string, Filtered>>();
const filtersKept = 4;

/**
 * The filtered view, brought up to date with the changed reports: each is matched again (O(changed)); a new match
 * adds its ancestors not yet kept (a walk up the reverse edges that stops at kept packages, so O(V + E) over all
 * flushes); a lost match recomputes the kept set (O(V + E), rare: a level that went down). The counts are kept over
 * the base graph with only kept packages counted, which equals counting over the shown graph: every ancestor of a
 * kept package is kept, so a kept package's descendants in the shown graph are its kept descendants. The shown
 * graph is rebuilt (O(V + E)) only when the kept set changed.
 */
function filterView(base: DependencyGraph, source: ViewSource, filter: TreeFilter): Filtered {
	const key = JSON.stringify(filter);
	let views = filteredViews.get(base);
	if (!views) filteredViews.set(base, (views = new Map()));
	let view = views.get(key);
	views.delete(key);
	view ??= {
		key,
		counts: new TreeCounts(base, 'none'),
		synced: null,
		matches: new Set(),
		kept: new Set(),
		shown: null,
	};
	views.set(key, view);
	if (views.size > filtersKept) views.delete(views.keys().next().value!);

	// Views hand their matches out: a changed set is a new one, the old one stays as it was.
	let matches: Set<string> | null = null;
	let lost = false;
	const gained: string[] = [];
	const candidates = [...changedSince(view, source, base.packages.keys())];
	for (const id of candidates) {
		if (!base.packages.has(id)) continue;
		const matching = matchesFilter(base, id, source.reports.get(id), filter);
		if (matching === view.matches.has(id)) continue;
		matches ??= new Set(view.matches);
		if (matching) {
			matches.add(id);
			gained.push(id);
		} else {
			matches.delete(id);
			lost = true;
		}
	}

	const parents = dependentsIndex(base);
	let keptChanged = false;
	if (matches && lost) {
		const kept = new Set<string>();
		addAncestors(matches, kept, parents, base);
		for (const id of view.kept) if (!kept.has(id)) view.counts.exclude(id);
		for (const id of kept) if (!view.kept.has(id)) view.counts.set(id, source.reports.get(id));
		view.kept = kept;
		keptChanged = true;
	} else if (gained.length > 0) {
		const added = addAncestors(gained, view.kept, parents, base);
		for (const id of added) view.counts.set(id, source.reports.get(id));
		keptChanged = added.length > 0;
	}

	for (const id of candidates) if (view.kept.has(id)) view.counts.set(id, source.reports.get(id));
	if (keptChanged || view.shown === null) view.shown = restrictGraph(base, view.kept);
	if (matches) view.matches = matches;
	view.synced = source.reports;
	return view;
}

/**
 * Adds `from` and every ancestor of them to `kept` (the walk stops at packages already kept); returns what it
 * added. O(what it adds and their reverse edges).
 */
function addAncestors(
	from: Iterable<string>,
	kept: Set<string>,
	parents: ReadonlyMap<string, readonly string[]>,
	base: DependencyGraph,
): string[] {
	const added: string[] = [];
	for (const id of from) {
		if (kept.has(id)) continue;
		kept.add(id);
		added.push(id);
	}

	for (let next = 0; next < added.length; next++) {
		for (const parent of parents.get(added[next]!) ?? []) {
			if (kept.has(parent) || !base.packages.has(parent)) continue;
			kept.add(parent);
			added.push(parent);
		}
	}

	return added;
}

/**
 * The view for these options, computed once per change of the data or of the view options — never per row
 * or per key press that only moves the cursor.
 *
 * Cost: the whole graph shown (dev shown, no filter) reuses the store's roll-ups and publishers: O(1). Dev
 * hidden: the production graph is built once per graph (O(V + E)) and its counts are kept up to date with the
 * changed reports only (the snapshot's `changes`: their ancestors' roll-ups and their accounts, see TreeCounts).
 * A filter: see `filterView` — O(changed) matching, its walks and counts for what changed, and the shown graph
 * rebuilt when what it keeps changed. Another filter, or another graph, starts its counts once from scratch.
 */
export function computeView(
	graph: DependencyGraph,
	source: ViewSource,
	options: {readonly showDev: boolean; readonly filter: TreeFilter},
): ViewData {
	const base = options.showDev ? graph : productionGraph(graph);
	const hiddenDev = graph.packages.size - base.packages.size;
	if (!isFiltering(options.filter)) {
		if (base === graph) {
			return {graph, matches: null, rollups: source.rollups, publishers: source.publishers, hiddenDev};
		}

		return {graph: base, matches: null, ...countProduction(base, source), hiddenDev};
	}

	const view = filterView(base, source, options.filter);
	const {rollups, publishers} = view.counts.snapshot();
	return {graph: view.shown!, matches: view.matches, rollups, publishers, hiddenDev};
}
