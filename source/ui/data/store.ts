import type {PackageAdvisories} from '../../advisories/types.js';
import type {DependencyGraph} from '../../graph/types.js';
import type {PackageFacts} from '../../registries/types.js';
import type {Scan, ScanProgress} from '../../scan/types.js';
import type {ReleaseTreeView} from '../../scoring/release/tree.js';
import {ReleaseTreeIndex} from '../../scoring/release/tree-index.js';
import {TreeCounts} from '../../scoring/tree-counts.js';
import type {PackageReport, Rollup} from '../../scoring/types.js';
import type {DataSnapshot} from '../state/types.js';

/**
 * The bridge between a running scan and the UI. Facts are collected as they stream in and turned into reports
 * once per flush, so a burst of 2,000 cached results costs a handful of renders, not 2,000. Roll-ups and publisher
 * reach are kept up to date by `TreeCounts`: a flush changes the counts of its new reports' ancestors and
 * accounts only, never recounts the tree.
 *
 * Flushes are paced by their own cost: one that took X ms (its work, its listeners', the render the UI reports
 * with `noteRenderCost` and ink's frame, `frameCost`) waits at least `paceFactor` × X before the next, and never less than `flushMs` (default
 * `defaultFlushMs`) after the first result it carries, nor more than a second. A big tree streaming fast then gets fewer, larger flushes instead of starving the scan and the keys.
 * Framework-free: the UI subscribes with `useSyncExternalStore`.
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
	/**
	 * A key was pressed: the frame that answers it is drawn before the next slice of a flush in progress (that slice
	 * was queued first and would run first, a whole slice before the frame).
	 */
	yieldToInput(): void;
	/** Time spent in the last flush (scoring + roll-ups), ms: for the benchmark. */
	lastFlushMs(): number;
	/**
	 * What showing the last flush cost the UI (its render and the frame), ms: part of the flush's cost that paces
	 * the next one.
	 */
	noteRenderCost(ms: number): void;
};

export type ReportStoreOptions = {
	/** The graph the UI starts with (the scan's `graph` events replace it as it grows). */
	readonly graph: DependencyGraph;
	readonly score: (id: string, facts: PackageFacts) => PackageReport;
	/**
	 * Score one package with its tree-level release evidence: the report `withTree(score(…), tree)` makes, in one
	 * pass. Given with `withTree`, each package is judged once when it arrives, not judged and then re-derived.
	 */
	readonly scoreWithTree?: (id: string, facts: PackageFacts, tree: ReleaseTreeView) => PackageReport;
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
	/** Batching interval in ms (default `defaultFlushMs`). */
	readonly flushMs?: number;
	/**
	 * A flush that took X ms waits at least this many times X before the next (default 4: while results stream,
	 * showing them takes at most a fifth of a core, whatever a frame costs on this terminal and machine).
	 */
	readonly paceFactor?: number;
	/** What the UI's last frame cost ink (layout and output), ms: counted with the render that paces flushes. */
	readonly frameCost?: () => number;
	/** The clock flushes are timed with, in ms (tests); default `performance.now`. */
	readonly now?: () => number;
	/** Reports known before the scan starts (tests, benchmarks). */
	readonly initial?: ReadonlyMap<string, PackageReport>;
};

/**
 * The shortest time between two flushes. Each flush costs its own work plus a frame (~50 ms of CPU together on a
 * cold 2,300-entry scan at 120×40, most of it outside the scoring: roll-up and view updates, React, ink's layout
 * and output): at 100 ms, paced by cost alone, a cold scan drew a frame every ~200 ms and the TUI spent 1.28× the
 * headless run's CPU (median of five back-to-back pairs); at 250 ms, 1.08×, with the rows still moving about four
 * times a second. Keys are drawn at once whatever this is, and the scan's end is flushed at once.
 */
export const defaultFlushMs = 250;

export function createReportStore(options: ReportStoreOptions): ReportStore {
	const flushMs = options.flushMs ?? defaultFlushMs;
	const paceFactor = options.paceFactor ?? 4;
	const now = options.now ?? (() => performance.now());
	// Scoring yields to the event loop this often during a flush: a key pressed meanwhile waits for the rest of the
	// slice under way (then `yieldToInput` puts its frame before the next one).
	const sliceMs = 5;
	// The longest a flush's pace holds the next one back (a big warm burst costs seconds to score at 28.6k).
	const maxPauseMs = Math.max(flushMs, 1000);
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
	// When the last flush ended and what it cost with its listeners: the next one waits `paceFactor` times that.
	let lastFlushEnd = 0;
	let lastFlushCost = 0;
	let lastRenderCost = 0;
	// The counts follow the graph: rebuilt (O(V + E) and one propagation) when the scan grows it. Not made before the
	// first frame (with nothing scored yet, every roll-up is "unknown" anyway) but right after it, before anything
	// arrives: made inside the first flush (~0.4 s at 25k packages), they held up the keys pressed then.
	let counts: TreeCounts | null = null;
	// The graph moved (a `graph` event) while a flush was being scored in slices: what was scored before it was
	// judged against the old graph, so the flush's end derives its tree evidence again.
	let graphMovedInBatch = false;
	let snapshot: DataSnapshot = build(0, null);
	let prepare: NodeJS.Immediate | null = setImmediate(() => {
		prepare = null;
		if (!disposed) countsForGraph();
	});

	/** The counts of the graph now, made when there are none for it yet. */
	function countsForGraph(): TreeCounts {
		if (counts?.graph !== graph) {
			counts = new TreeCounts(graph);
			counts.setAll(reports);
		}

		return counts;
	}

	/** A new immutable snapshot: the reports map is copied (O(V)); the counts' snapshot is immutable already. */
	function build(version: number, changed: ReadonlySet<string> | null): DataSnapshot {
		if (counts?.graph !== graph && (version > 0 || reports.size > 0)) countsForGraph();
		else if (counts && changed) for (const id of changed) counts.set(id, reports.get(id));
		const {rollups, publishers} = counts?.snapshot() ?? {rollups: new Map<string, Rollup>(), publishers: []};
		const frozen = new Map(reports);
		return {
			reports: frozen,
			rollups,
			publishers,
			graph,
			progress,
			scanning,
			version,
			// What views need to follow this flush without looking at every package (see computeView).
			...(changed ? {changes: {since: snapshot.reports, ids: changed}} : {}),
		};
	}

	/** One flush's work in progress: scored in slices, published once at the end. */
	type Batch = {
		readonly facts: Array<[string, PackageFacts]>;
		next: number;
		readonly advisories: Map<string, PackageAdvisories>;
		readonly touched: Set<string>;
		readonly changed: Set<string>;
		work: number;
	};
	let batch: Batch | null = null;
	let slice: NodeJS.Immediate | null = null;

	/**
	 * Scores what arrived since the last flush, then publishes one snapshot. Scoring yields to the event loop every
	 * `sliceMs` (keys are handled and drawn between slices: a flush of thousands of results never freezes the
	 * screen); what arrives meanwhile waits for the next flush. `whole`: no slicing (the scan's end).
	 */
	function flush(whole = false): void {
		timer = null;
		slice = null;
		if (disposed) return;
		const start = now();
		if (!batch) {
			batch = {
				facts: [...pending],
				next: 0,
				advisories: new Map(pendingAdvisories),
				touched: new Set(),
				changed: new Set(),
				work: 0,
			};
			pending.clear();
			pendingAdvisories.clear();
			graphMovedInBatch = false;
			// The tree learns the whole batch first (cheap: O(its versions) each), so every package of it is scored
			// once, with its tree-level evidence, as a headless run scores — a warm run's single burst of the
			// whole tree costs one verdict per package, not a verdict and then its re-derivation.
			if (tree) {
				for (const [id, facts] of batch.facts) for (const key of tree.add(id, facts)) batch.touched.add(key);
				for (const [id, advisories] of batch.advisories) tree.setAdvisories(id, advisories);
			}
		}

		const current = batch;
		const {scoreWithTree} = options;
		const oncePerPackage = tree !== null && options.withTree !== undefined && scoreWithTree !== undefined;
		while (current.next < current.facts.length) {
			const [id, facts] = current.facts[current.next++]!;
			scored.set(id, oncePerPackage ? scoreWithTree!(id, facts, tree!) : options.score(id, facts));
			current.changed.add(id);
			if (!whole && current.next < current.facts.length && now() - start >= sliceMs) {
				current.work += now() - start;
				slice = setImmediate(flush);
				return;
			}
		}

		const {changed} = current;
		if (tree && options.withTree) {
			// Then only the reports outside the batch whose tree-level evidence it can change are re-derived,
			// cheaply (see ReleaseTreeIndex); the batch's own were scored with it.
			const scoredWithTree =
				oncePerPackage && !graphMovedInBatch ? new Set(current.facts.map(([id]) => id)) : null;
			const ids = [...current.facts.map(([id]) => id), ...current.advisories.keys()];
			for (const id of tree.affectedBy(ids, current.touched)) {
				if (scoredWithTree?.has(id)) continue;
				const report = scored.get(id);
				if (!report) continue;
				const derived = options.withTree(report, tree);
				if (derived === report) continue;
				scored.set(id, derived);
				changed.add(id);
			}
		}

		for (const id of changed) reports.set(id, judge(scored.get(id)!));
		batch = null;
		snapshot = build(snapshot.version + 1, changed);
		flushMsTaken = current.work + now() - start;
		for (const listener of listeners) listener();
		lastFlushEnd = now();
		lastFlushCost = current.work + lastFlushEnd - start;
		if (pending.size > 0 || pendingAdvisories.size > 0) schedule();
	}

	/** Everything that arrived, scored and published now (the scan ended). */
	function flushAll(): void {
		if (timer !== null) clearTimeout(timer);
		if (slice !== null) clearImmediate(slice);
		do flush(true);
		while (!disposed && (pending.size > 0 || pendingAdvisories.size > 0));
	}

	function schedule(): void {
		if (timer !== null || slice !== null || batch !== null || disposed) return;
		const frame = options.frameCost?.() ?? 0;
		// At most a second apart, however big the last flush was: the screen stays alive.
		const pause = Math.min(maxPauseMs, paceFactor * (lastFlushCost + lastRenderCost + frame));
		const paced = lastFlushEnd + pause - now();
		timer = setTimeout(flush, Math.max(flushMs, paced));
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
					if (batch) graphMovedInBatch = true;
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
		flushAll();
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
			const {changes: _changes, ...unchanged} = snapshot;
			snapshot = {...unchanged, graph, scanning, progress, version: snapshot.version + 1};
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
			if (slice !== null) clearImmediate(slice);
			if (prepare !== null) clearImmediate(prepare);
			timer = null;
			slice = null;
			listeners.clear();
		},
		yieldToInput() {
			if (slice === null || disposed) return;
			clearImmediate(slice);
			slice = setImmediate(flush);
		},
		lastFlushMs: () => flushMsTaken,
		noteRenderCost(ms) {
			lastRenderCost = ms;
		},
	};
}
