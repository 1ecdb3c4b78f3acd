import type {PackageAdvisories} from '../../advisories/types.js';
import type {DependencyGraph} from '../../graph/types.js';
import type {PackageFacts} from '../../registries/types.js';
import type {Scan, ScanProgress} from '../../scan/types.js';
import {publisherConcentration} from '../../scoring/publishers.js';
import type {ReleaseTreeView} from '../../scoring/release/tree.js';
import {ReleaseTreeIndex} from '../../scoring/release/tree-index.js';
import {computeRollups} from '../../scoring/rollup.js';
import type {PackageReport} from '../../scoring/types.js';
import type {DataSnapshot} from '../state/types.js';

/**
 * The bridge between a running scan and the UI. Facts are collected as they stream in and turned into reports,
 * roll-ups and publisher reach once per flush (default every 100 ms), so a burst of 2,000 cached results costs
 * a handful of renders, not 2,000. Framework-free: the UI subscribes with `useSyncExternalStore`.
 */
export type ReportStore = {
	subscribe(listener: () => void): () => void;
	getSnapshot(): DataSnapshot;
	/** Start consuming a scan (replacing the previous one; reports already known stay until replaced). */
	attach(scan: Scan): void;
	/**
	 * Score every package again from the facts in memory (scoring is pure): a changed threshold applies at once,
	 * without fetching anything. The new reports arrive with the next flush.
	 */
	rescore(): void;
	/** Stop timers and ignore further events. */
	dispose(): void;
	/** Time spent in the last flush (scoring + roll-ups), ms: for the benchmark. */
	lastFlushMs(): number;
};

export type ReportStoreOptions = {
	/** The graph the UI starts with (the scan's `graph` events replace it as it grows). */
	readonly graph: DependencyGraph;
	readonly score: (id: string, facts: PackageFacts) => PackageReport;
	/**
	 * Recompute a report's tree-level release evidence (a new dependency, an account burst) against the rest
	 * of the tree; absent: reports keep only their own evidence.
	 */
	readonly withTree?: (report: PackageReport, tree: ReleaseTreeView) => PackageReport;
	/**
	 * The project's judgement (its policy file: accepted findings), applied last to every report — after the
	 * tree-level evidence, so that what the policy accepts includes what the tree found. Absent: none.
	 */
	readonly judge?: (report: PackageReport) => PackageReport;
	/** Batching interval in ms (default 100). */
	readonly flushMs?: number;
	/** Reports known before the scan starts (tests, benchmarks). */
	readonly initial?: ReadonlyMap<string, PackageReport>;
};

export function createReportStore(options: ReportStoreOptions): ReportStore {
	const flushMs = options.flushMs ?? 100;
	const reports = new Map<string, PackageReport>(options.initial ?? []);
	const pending = new Map<string, PackageFacts>();
	// Reports as scoring and the tree made them, before the project's judgement (what `withTree` re-derives).
	const scored = new Map<string, PackageReport>(options.initial ?? []);
	const pendingAdvisories = new Map<string, PackageAdvisories>();
	const tree = options.withTree ? new ReleaseTreeIndex(options.graph) : null;
	// Every package's latest facts, for rescoring without the network.
	const known = new Map<string, PackageFacts>();
	const judge = options.judge ?? ((report: PackageReport) => report);
	const listeners = new Set<() => void>();
	let progress: ScanProgress | null = null;
	// The graph grows while the scan resolves versions and edges (`graph` events); roll-ups follow it.
	let graph = options.graph;
	// A store exists to consume a scan: the first frame already says "fetching" (… in rows), not "not scanned".
	let scanning = true;
	let timer: NodeJS.Timeout | null = null;
	let disposed = false;
	let generation = 0;
	let flushMsTaken = 0;
	let snapshot: DataSnapshot = build(0);

	function build(version: number): DataSnapshot {
		const frozen = new Map(reports);
		return {
			reports: frozen,
			rollups: computeRollups(graph, frozen),
			publishers: publisherConcentration(graph, frozen),
			graph,
			progress,
			scanning,
			version,
		};
	}

	function flush(): void {
		timer = null;
		if (disposed) return;
		const start = performance.now();
		// Each package is scored once when its facts arrive (O(its versions)); then only the reports whose
		// tree-level evidence the new facts can change are re-derived, cheaply (see ReleaseTreeIndex).
		const touched = new Set<string>();
		const changed = new Set<string>();
		for (const [id, facts] of pending) {
			scored.set(id, options.score(id, facts));
			changed.add(id);
			if (tree) for (const key of tree.add(id, facts)) touched.add(key);
		}

		for (const [id, advisories] of pendingAdvisories) tree?.setAdvisories(id, advisories);
		if (tree && options.withTree) {
			for (const id of tree.affectedBy([...pending.keys(), ...pendingAdvisories.keys()], touched)) {
				const report = scored.get(id);
				if (!report) continue;
				const derived = options.withTree(report, tree);
				if (derived === report) continue;
				scored.set(id, derived);
				changed.add(id);
			}
		}

		for (const id of changed) reports.set(id, judge(scored.get(id)!));

		pending.clear();
		pendingAdvisories.clear();
		snapshot = build(snapshot.version + 1);
		flushMsTaken = performance.now() - start;
		for (const listener of listeners) listener();
	}

	function schedule(): void {
		if (timer === null && !disposed) timer = setTimeout(flush, flushMs);
	}

	async function consume(scan: Scan, mine: number): Promise<void> {
		try {
			for await (const event of scan.events) {
				if (disposed || mine !== generation) return;
				if (event.type === 'facts') {
					pending.set(event.id, event.facts);
					known.set(event.id, event.facts);
				} else if (event.type === 'advisories') pendingAdvisories.set(event.id, event.advisories);
				else if (event.type === 'graph') {
					graph = event.graph;
					// New edges change who depends on whom (`new-dependency` asks the graph).
					tree?.setGraph(graph);
				} else progress = event.progress;
				schedule();
			}
		} catch (error) {
			// A failing scan must not take the UI down: show it as a down "host" in the status line.
			const reason = error instanceof Error ? error.message : String(error);
			progress = {
				...(progress ?? scan.progress()),
				downHosts: [...(progress?.downHosts ?? []), `scan: ${reason}`],
			};
		}

		if (disposed || mine !== generation) return;
		scanning = false;
		progress = scan.progress();
		if (timer !== null) clearTimeout(timer);
		flush();
	}

	return {
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		getSnapshot: () => snapshot,
		attach(scan) {
			generation++;
			scanning = true;
			progress = scan.progress();
			// A new scan (refresh) resolves again from the graph it starts with.
			graph = scan.graph?.() ?? graph;
			tree?.setGraph(graph);
			// Show "scanning" at once (spinner, … in empty rows) rather than at the first flush.
			snapshot = {...snapshot, graph, scanning, progress, version: snapshot.version + 1};
			for (const listener of listeners) listener();
			void consume(scan, generation);
		},
		rescore() {
			if (disposed) return;
			for (const [id, facts] of known) pending.set(id, facts);
			// Reports given up front (benchmarks) have their facts with them.
			for (const [id, report] of scored) if (!known.has(id) && report.facts) pending.set(id, report.facts);
			if (pending.size > 0) schedule();
		},
		dispose() {
			disposed = true;
			if (timer !== null) clearTimeout(timer);
			timer = null;
			listeners.clear();
		},
		lastFlushMs: () => flushMsTaken,
	};
}
