import assert from 'node:assert/strict';
import {test} from 'node:test';
import {filterGraph, restrictGraph} from '../../source/graph/filter.js';
import {dependentsIndex} from '../../source/graph/query.js';
import type {DependencyGraph} from '../../source/graph/types.js';
import type {PackageFacts} from '../../source/registries/types.js';
import type {PackageReport} from '../../source/scoring/types.js';
import {createReportStore} from '../../source/ui/data/store.js';
import type {DataSnapshot} from '../../source/ui/state/types.js';
import {computeView, matchesFilter, noFilter, type TreeFilter} from '../../source/ui/tree/view.js';
import {FakeScan} from '../helpers/ink-fixtures.js';
import {growGraph, pick, randomGraph, randomReport, randomSource, shuffle} from '../helpers/random-trees.js';
import {referencePublishers, referenceRollups} from '../helpers/rollup-reference.js';
import {waitFor} from '../helpers/terminal.js';

/** The view as it was computed before the counts were incremental: restrict, then count everything again. */
function referenceView(
	graph: DependencyGraph,
	reports: ReadonlyMap<string, PackageReport>,
	showDev: boolean,
	filter: TreeFilter,
) {
	const base = showDev ? graph : filterGraph(graph, {production: true});
	let shown = base;
	let matches: Set<string> | null = null;
	if (filter !== noFilter) {
		matches = new Set(
			[...base.packages.keys()].filter((id) => matchesFilter(base, id, reports.get(id), filter)),
		);
		const parents = dependentsIndex(base);
		const kept = new Set(matches);
		const stack = [...matches];
		while (stack.length > 0)
			for (const parent of parents.get(stack.pop()!) ?? [])
				if (!kept.has(parent) && base.packages.has(parent)) {
					kept.add(parent);
					stack.push(parent);
				}
		shown = restrictGraph(base, kept);
	}

	return {
		shown,
		matches,
		rollups: referenceRollups(shown, reports),
		publishers: referencePublishers(shown, reports),
	};
}

const views: Array<{readonly showDev: boolean; readonly filter: TreeFilter}> = [
	{showDev: true, filter: noFilter},
	{showDev: false, filter: noFilter},
	{showDev: true, filter: {...noFilter, level: 'high'}},
	{showDev: false, filter: {...noFilter, suspicious: true}},
	{showDev: true, filter: {...noFilter, publisher: {ecosystem: 'npm', account: 'bob'}}},
];

function assertView(snapshot: DataSnapshot, graph: DependencyGraph, message: string) {
	for (const options of views) {
		const view = computeView(graph, snapshot, options);
		const expected = referenceView(graph, snapshot.reports, options.showDev, options.filter);
		const label = `${message}, ${JSON.stringify(options)}`;
		assert.deepEqual([...view.graph.packages.keys()], [...expected.shown.packages.keys()], `${label}: shown`);
		assert.deepEqual(view.graph.roots, expected.shown.roots, `${label}: roots`);
		assert.deepEqual(view.matches, expected.matches, `${label}: matches`);
		for (const [id, rollup] of expected.rollups)
			assert.deepEqual(view.rollups.get(id), rollup, `${label}: ${id}`);
		assert.deepEqual(view.publishers, expected.publishers, `${label}: publishers`);
	}
}

test('the store and every view count what a full recomputation counts, while results arrive in any order and the graph grows', async () => {
	for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
		const random = randomSource(seed);
		let graph = randomGraph(random, 10 + Math.floor(random() * 40));
		// The scorer is pure: each facts object stands for one report made in advance.
		const reportOf = new Map<PackageFacts, PackageReport>();
		const store = createReportStore({
			graph,
			score: (_id, facts) => reportOf.get(facts)!,
			flushMs: 1,
			paceFactor: 0,
		});
		const scan = new FakeScan();
		store.attach(scan);
		const order = shuffle(random, [...graph.packages.keys()]);
		const queued = new Set(order);
		for (let step = 0; order.length > 0 || step < 3; step++) {
			const version = store.getSnapshot().version;
			if (random() < 0.25) {
				// Resolution found more packages and edges: they arrive later in the same stream.
				graph = growGraph(random, graph, 1 + Math.floor(random() * 4));
				const added = [...graph.packages.keys()].filter((id) => !queued.has(id));
				for (const id of added) queued.add(id);
				order.push(...shuffle(random, added));
				scan.push({type: 'graph', graph});
			}

			// A few new results, and sometimes a result again (a rescore with another level).
			const batch = order.splice(0, 1 + Math.floor(random() * 6));
			if (random() < 0.3) batch.push(pick(random, [...graph.packages.keys()]));
			for (const id of batch) {
				const report = randomReport(random, graph.packages.get(id)!);
				reportOf.set(report.facts!, report);
				scan.push({type: 'facts', id, facts: report.facts!});
			}

			await waitFor(() => store.getSnapshot().version > version, 2000, 'a flush');
			const snapshot = store.getSnapshot();
			assert.equal(snapshot.graph, graph);
			const whole = referenceRollups(graph, snapshot.reports);
			for (const [id, rollup] of whole)
				assert.deepEqual(snapshot.rollups.get(id), rollup, `seed ${seed}: ${id}`);
			assert.deepEqual(snapshot.publishers, referencePublishers(graph, snapshot.reports), `seed ${seed}`);
			assertView(snapshot, graph, `seed ${seed}, step ${step}`);
		}

		scan.end();
		store.dispose();
	}
});

test('a view given snapshots out of order still counts them exactly (their changes are from another one)', () => {
	const random = randomSource(42);
	const graph = randomGraph(random, 40);
	const reports = new Map<string, PackageReport>();
	const snapshots: DataSnapshot[] = [];
	for (let step = 0; step < 6; step++) {
		const ids = new Set([...graph.packages.keys()].filter(() => random() < 0.3));
		for (const id of ids) reports.set(id, randomReport(random, graph.packages.get(id)!));
		const frozen = new Map(reports);
		const previous = snapshots.at(-1);
		snapshots.push({
			reports: frozen,
			rollups: referenceRollups(graph, frozen),
			publishers: referencePublishers(graph, frozen),
			progress: null,
			scanning: true,
			version: step,
			// What changed since the snapshot before it: useless, even misleading, when they come out of order.
			...(previous ? {changes: {since: previous.reports, ids}} : {}),
		});
	}

	for (const snapshot of shuffle(random, [...snapshots, ...snapshots]))
		assertView(snapshot, graph, 'shuffled');
});
