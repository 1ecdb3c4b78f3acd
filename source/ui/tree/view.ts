import {filterGraph, restrictGraph} from '../../graph/filter.js';
import {dependentsIndex} from '../../graph/query.js';
import type {DependencyGraph} from '../../graph/types.js';
import {isAtLeast} from '../../scoring/levels.js';
import {publisherConcentration} from '../../scoring/publishers.js';
import {computeRollups, isSuspiciousRelease} from '../../scoring/rollup.js';
import type {PackageReport, PublisherReach, RiskLevel, Rollup} from '../../scoring/types.js';
import {type FlagFilter, matchesFlag} from '../format/flags.js';

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

/**
 * The view for these options, computed once per change of the data or of the view options — never per row
 * or per key press that only moves the cursor.
 *
 * Cost: the whole graph shown (dev shown, no filter) reuses the store's roll-ups and publishers: O(1). Dev
 * hidden: the production graph is built once per graph (O(V + E)), then one roll-up pass over it. A filter:
 * the matches (O(V)), their ancestors by one walk up the reverse edges (O(V + E)), the restricted graph
 * (O(V + E)) and one roll-up pass over it. The roll-up pass is `computeRollups`' O((V + E) · V / 32) word
 * operations — the same pass the store makes per flush, so a filtered view at most doubles it; nothing here
 * is repeated per row, per ancestor or per match.
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

		return {
			graph: base,
			matches: null,
			rollups: computeRollups(base, source.reports),
			publishers: publisherConcentration(base, source.reports),
			hiddenDev,
		};
	}

	const matches = new Set<string>();
	for (const id of base.packages.keys())
		if (matchesFilter(base, id, source.reports.get(id), options.filter)) matches.add(id);
	// Keep every ancestor of a match, so each match is reached from its root (and why it is there shows).
	const parents = dependentsIndex(base);
	const kept = new Set(matches);
	const stack = [...matches];
	while (stack.length > 0) {
		for (const parent of parents.get(stack.pop()!) ?? []) {
			if (kept.has(parent) || !base.packages.has(parent)) continue;
			kept.add(parent);
			stack.push(parent);
		}
	}

	const shown = restrictGraph(base, kept);
	return {
		graph: shown,
		matches,
		rollups: computeRollups(shown, source.reports),
		publishers: publisherConcentration(shown, source.reports),
		hiddenDev,
	};
}
