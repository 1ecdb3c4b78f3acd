import type {DependencyGraph} from '../graph/types.js';
import {PublisherIndex} from './publisher-index.js';
import {RollupIndex, type RollupTable} from './rollup-index.js';
import type {PackageReport, PublisherReach} from './types.js';

/** What is counted over a graph at one moment: immutable, replaced after every change. */
export type TreeCountsSnapshot = {
	readonly rollups: RollupTable;
	readonly publishers: readonly PublisherReach[];
};

/** A package that the counts leave out (outside a filtered view). */
const excluded = Symbol('excluded');

/**
 * Roll-ups and publisher reach of one graph, kept up to date report by report (`RollupIndex`, `PublisherIndex`):
 * the UI's store keeps one over the whole graph, a narrowed view (dev dependencies hidden, a filter) one over what
 * it shows. Remembers the report it counted for each package, so `sync` touches only what changed.
 */
export class TreeCounts {
	private readonly rollups: RollupIndex;
	private readonly publishers: PublisherIndex;
	/** Per package, what is counted now: its report (undefined: not scored yet), or `excluded`. */
	private readonly applied = new Map<string, PackageReport | undefined | typeof excluded>();
	private current: TreeCountsSnapshot | null = null;

	/**
	 * @param counted `all`: every package of the graph is counted from the start (as unknown until its report
	 * comes); `none`: nothing until `set`.
	 */
	constructor(
		readonly graph: DependencyGraph,
		counted: 'all' | 'none' = 'all',
	) {
		this.rollups = new RollupIndex(graph, counted);
		this.publishers = new PublisherIndex(graph);
		const initial = counted === 'all' ? undefined : excluded;
		for (const id of graph.packages.keys()) this.applied.set(id, initial);
	}

	/** Counts the package with this report. O(1) for the roll-ups until the next snapshot. */
	set(id: string, report: PackageReport | undefined): void {
		if (!this.applied.has(id) || this.applied.get(id) === report) return;
		this.applied.set(id, report);
		this.rollups.set(id, report);
		this.publishers.set(id, report);
		this.current = null;
	}

	/** Leaves the package out. */
	exclude(id: string): void {
		if (!this.applied.has(id) || this.applied.get(id) === excluded) return;
		this.applied.set(id, excluded);
		this.rollups.exclude(id);
		this.publishers.exclude(id);
		this.current = null;
	}

	/** Counts every package of the graph with its report in `reports`: O(V) lookups, work only for changes. */
	setAll(reports: ReadonlyMap<string, PackageReport>): void {
		for (const id of this.graph.packages.keys()) this.set(id, reports.get(id));
	}

	/** The counts now (the same object until something changes). */
	snapshot(): TreeCountsSnapshot {
		this.current ??= {rollups: this.rollups.table(), publishers: this.publishers.list()};
		return this.current;
	}
}
