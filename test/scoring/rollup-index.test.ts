import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {restrictGraph} from '../../source/graph/filter.js';
import {dependentsIndex} from '../../source/graph/query.js';
import type {DependencyGraph} from '../../source/graph/types.js';
import {PublisherIndex} from '../../source/scoring/publisher-index.js';
import {publisherConcentration} from '../../source/scoring/publishers.js';
import {computeRollups} from '../../source/scoring/rollup.js';
import {RollupIndex} from '../../source/scoring/rollup-index.js';
import {TreeCounts} from '../../source/scoring/tree-counts.js';
import type {PackageReport} from '../../source/scoring/types.js';
import {pick, randomGraph, randomReport, randomSource, shuffle} from '../helpers/random-trees.js';
import {referencePublishers, referenceRollups} from '../helpers/rollup-reference.js';

const seeds = Array.from({length: 40}, (_, index) => 1000 + index);

/** Every package's reports arriving in a random order, in random batches, some of them twice (rescoring). */
function* arrivals(random: () => number, graph: DependencyGraph): Generator<Array<[string, PackageReport]>> {
	const order = shuffle(random, [...graph.packages.keys()]);
	// Some packages get a second, different report later (a rescore, the tree's evidence).
	for (const id of order.slice(0, Math.floor(order.length / 3))) order.push(id);
	let at = 0;
	while (at < order.length) {
		const size = 1 + Math.floor(random() * 9);
		yield order.slice(at, at + size).map((id) => [id, randomReport(random, graph.packages.get(id)!)]);
		at += size;
	}
}

function assertSameRollups(
	actual: ReadonlyMap<string, unknown>,
	expected: ReadonlyMap<string, unknown>,
	message: string,
) {
	assert.deepEqual([...actual.keys()], [...expected.keys()], message);
	for (const [id, rollup] of expected) assert.deepEqual(actual.get(id), rollup, `${message}: ${id}`);
}

describe('RollupIndex: incremental roll-ups', () => {
	it('equal the full recomputation after every batch, whatever the arrival order (cycles, self-loops, dev)', () => {
		for (const seed of seeds) {
			const random = randomSource(seed);
			const graph = randomGraph(random, 5 + Math.floor(random() * 55));
			const index = new RollupIndex(graph);
			const reports = new Map<string, PackageReport>();
			assertSameRollups(index.table(), referenceRollups(graph, reports), `seed ${seed}, before any report`);
			let batch = 0;
			for (const arrived of arrivals(random, graph)) {
				for (const [id, report] of arrived) {
					reports.set(id, report);
					index.set(id, report);
				}

				index.commit();
				assertSameRollups(index.table(), referenceRollups(graph, reports), `seed ${seed}, batch ${batch++}`);
			}
		}
	});

	it('counting only a filtered view (matches and their ancestors) equals the roll-ups of the restricted graph', () => {
		for (const seed of seeds) {
			const random = randomSource(seed);
			const graph = randomGraph(random, 5 + Math.floor(random() * 55));
			const reports = new Map<string, PackageReport>();
			for (const node of graph.packages.values()) reports.set(node.id, randomReport(random, node));
			const index = new RollupIndex(graph, 'none');
			const parents = dependentsIndex(graph);
			let kept = new Set<string>();
			for (let step = 0; step < 6; step++) {
				// The view moves: other matches, their ancestors kept, everything else left out.
				const matches = [...graph.packages.keys()].filter(() => random() < 0.2);
				const next = new Set<string>();
				const stack = [...matches];
				while (stack.length > 0) {
					const id = stack.pop()!;
					if (next.has(id) || !graph.packages.has(id)) continue;
					next.add(id);
					stack.push(...(parents.get(id) ?? []));
				}

				for (const id of kept) if (!next.has(id)) index.exclude(id);
				for (const id of next) index.set(id, reports.get(id));
				kept = next;
				const table = index.table();
				const expected = referenceRollups(restrictGraph(graph, kept), reports);
				for (const [id, rollup] of expected) assert.deepEqual(table.get(id), rollup, `seed ${seed}, ${id}`);
			}
		}
	});

	it('computeRollups (once) equals the reference, also on a larger tree', () => {
		for (const seed of [...seeds.slice(0, 5), 77]) {
			const random = randomSource(seed);
			const graph = randomGraph(random, seed === 77 ? 800 : 40);
			const reports = new Map<string, PackageReport>();
			for (const node of graph.packages.values())
				if (random() < 0.8) reports.set(node.id, randomReport(random, node));
			assertSameRollups(computeRollups(graph, reports), referenceRollups(graph, reports), `seed ${seed}`);
		}
	});

	it('commits of hundreds of changes (several passes of 512, a part-filled last word) equal the reference', () => {
		const random = randomSource(4242);
		const graph = randomGraph(random, 1400);
		const index = new RollupIndex(graph);
		const reports = new Map<string, PackageReport>();
		const order = shuffle(random, [...graph.packages.keys()]);
		// 700, then 1,100 (300 of them rescores, some of those unchanged), then the rest at once.
		for (const [from, to] of [
			[0, 700],
			[400, 1500],
			[1000, order.length],
		] as const) {
			for (const id of order.slice(from, to)) {
				const report = randomReport(random, graph.packages.get(id)!);
				reports.set(id, report);
				index.set(id, report);
			}

			index.commit();
			assertSameRollups(index.table(), referenceRollups(graph, reports), `after ${from}..${to}`);
		}
	});
	it('a table is a snapshot: later changes do not reach it', () => {
		const random = randomSource(5);
		const graph = randomGraph(random, 20);
		const index = new RollupIndex(graph);
		const before = index.table();
		const expected = referenceRollups(graph, new Map());
		for (const node of graph.packages.values()) index.set(node.id, randomReport(random, node));
		index.commit();
		assertSameRollups(before, expected, 'the first table');
		assert.notEqual(index.table(), before);
	});
});

describe('PublisherIndex: incremental publisher reach', () => {
	it('equals the full recomputation after every batch, whatever the arrival order', () => {
		for (const seed of seeds) {
			const random = randomSource(seed);
			const graph = randomGraph(random, 5 + Math.floor(random() * 55));
			const index = new PublisherIndex(graph);
			const reports = new Map<string, PackageReport>();
			for (const arrived of arrivals(random, graph)) {
				for (const [id, report] of arrived) {
					reports.set(id, report);
					index.set(id, report);
				}

				assert.deepEqual(index.list(), referencePublishers(graph, reports), `seed ${seed}`);
			}
		}
	});

	it('a scope, and packages leaving it, as the one-shot reports count them', () => {
		for (const seed of seeds) {
			const random = randomSource(seed);
			const graph = randomGraph(random, 5 + Math.floor(random() * 55));
			const reports = new Map<string, PackageReport>();
			for (const node of graph.packages.values()) reports.set(node.id, randomReport(random, node));
			const scope = new Set([...graph.packages.keys()].filter(() => random() < 0.5));
			assert.deepEqual(
				publisherConcentration(graph, reports, scope),
				referencePublishers(graph, reports, scope),
				`seed ${seed}`,
			);
			const index = new PublisherIndex(graph);
			for (const id of graph.packages.keys()) index.set(id, reports.get(id));
			for (const id of graph.packages.keys()) if (!scope.has(id)) index.exclude(id);
			assert.deepEqual(index.list(), referencePublishers(graph, reports, scope), `seed ${seed}, excluded`);
		}
	});
});

describe('TreeCounts', () => {
	it('follows reports and exclusions like both indexes, and keeps its snapshot until something changes', () => {
		const random = randomSource(9);
		const graph = randomGraph(random, 30);
		const counts = new TreeCounts(graph);
		const reports = new Map<string, PackageReport>();
		for (const node of graph.packages.values()) reports.set(node.id, randomReport(random, node));
		counts.setAll(reports);
		const first = counts.snapshot();
		assert.equal(counts.snapshot(), first, 'the same snapshot while nothing changes');
		counts.setAll(reports);
		assert.equal(counts.snapshot(), first, 'the same reports again change nothing');
		assertSameRollups(first.rollups, referenceRollups(graph, reports), 'roll-ups');
		assert.deepEqual(first.publishers, referencePublishers(graph, reports));
		const id = pick(random, [...graph.packages.keys()]);
		const changed = randomReport(random, graph.packages.get(id)!);
		reports.set(id, changed);
		counts.set(id, changed);
		assert.notEqual(counts.snapshot(), first);
		assertSameRollups(counts.snapshot().rollups, referenceRollups(graph, reports), 'after one change');
	});
});
