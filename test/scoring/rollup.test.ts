import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {DependencyGraph} from '../../source/graph/types.js';
import {computeRollups, stronglyConnectedComponents} from '../../source/scoring/rollup.js';
import {type PackageReport, type RiskLevel, riskLevels} from '../../source/scoring/types.js';
import {makeGraph, makeReport, makeReports} from '../helpers/factories.js';

const counts = (partial: Partial<Record<RiskLevel, number>>) => ({
	critical: 0,
	high: 0,
	moderate: 0,
	good: 0,
	healthy: 0,
	unknown: 0,
	...partial,
});

/** Reference implementation: breadth-first closure per node (slow, obviously right). */
function naiveDescendants(graph: DependencyGraph, id: string): Set<string> {
	const seen = new Set<string>();
	const queue = [
		...(graph.packages.get(id)?.dependencies ?? graph.roots.find((root) => root.id === id)!.dependencies),
	];
	while (queue.length > 0) {
		const next = queue.pop()!;
		if (seen.has(next)) continue;
		seen.add(next);
		queue.push(...graph.packages.get(next)!.dependencies);
	}

	seen.delete(id);
	return seen;
}

describe('computeRollups', () => {
	it('counts distinct descendants of a shared subtree once', () => {
		// app → a, b; a → c; b → c; c → d. c and d are shared.
		const graph = makeGraph({
			roots: {app: ['a@1', 'b@1']},
			packages: {'a@1': ['c@1'], 'b@1': ['c@1'], 'c@1': ['d@1'], 'd@1': []},
		});
		const reports = makeReports(graph, {'npm:c@1': 'high', 'npm:d@1': 'critical', 'npm:a@1': 'moderate'});
		const rollups = computeRollups(graph, reports);
		assert.deepEqual(rollups.get('root:package-lock.json'), {
			worst: 'critical',
			counts: counts({critical: 1, high: 1, moderate: 1, healthy: 1}),
		});
		assert.deepEqual(rollups.get('npm:a@1'), {worst: 'critical', counts: counts({critical: 1, high: 1})});
		assert.deepEqual(rollups.get('npm:c@1'), {worst: 'critical', counts: counts({critical: 1})});
		assert.deepEqual(rollups.get('npm:d@1'), {worst: 'unknown', counts: counts({})});
	});

	it('handles cycles: members see each other but never themselves', () => {
		// a → b → c → a (a cycle), c → d, and a self-loop on d.
		const graph = makeGraph({
			roots: {app: ['a@1']},
			packages: {'a@1': ['b@1'], 'b@1': ['c@1'], 'c@1': ['a@1', 'd@1'], 'd@1': ['d@1']},
		});
		const reports = makeReports(graph, {'npm:a@1': 'critical', 'npm:b@1': 'high', 'npm:d@1': 'good'});
		const rollups = computeRollups(graph, reports);
		assert.deepEqual(rollups.get('npm:a@1'), {worst: 'high', counts: counts({high: 1, healthy: 1, good: 1})});
		assert.deepEqual(rollups.get('npm:b@1'), {
			worst: 'critical',
			counts: counts({critical: 1, healthy: 1, good: 1}),
		});
		assert.deepEqual(rollups.get('npm:c@1'), {
			worst: 'critical',
			counts: counts({critical: 1, high: 1, good: 1}),
		});
		assert.deepEqual(rollups.get('npm:d@1'), {worst: 'unknown', counts: counts({})});
		assert.deepEqual(
			rollups.get('root:package-lock.json')!.counts,
			counts({critical: 1, high: 1, healthy: 1, good: 1}),
		);
	});

	it('counts packages without a report as unknown, and unknown is worst only when nothing is known', () => {
		const graph = makeGraph({roots: {app: ['a@1']}, packages: {'a@1': ['b@1', 'c@1'], 'b@1': [], 'c@1': []}});
		const only = new Map<string, PackageReport>([['npm:b@1', makeReport('npm:b@1', {risk: 'moderate'})]]);
		const rollups = computeRollups(graph, only);
		assert.deepEqual(rollups.get('npm:a@1'), {worst: 'moderate', counts: counts({moderate: 1, unknown: 1})});
		assert.deepEqual(computeRollups(graph, new Map()).get('npm:a@1'), {
			worst: 'unknown',
			counts: counts({unknown: 2}),
		});
	});

	it('gives every root and package a roll-up, including several roots and an empty graph', () => {
		const graph = makeGraph({roots: {app: ['a@1'], web: ['b@1']}, packages: {'a@1': [], 'b@1': ['a@1']}});
		const rollups = computeRollups(graph, makeReports(graph));
		assert.deepEqual([...rollups.keys()].sort(), [
			'npm:a@1',
			'npm:b@1',
			'root:package-lock.json',
			'root:package-lock.json#web',
		]);
		assert.equal(rollups.get('root:package-lock.json#web')!.counts.healthy, 2);
		assert.equal(
			computeRollups(makeGraph({roots: {app: []}}), new Map()).get('root:package-lock.json')!.worst,
			'unknown',
		);
	});

	it('matches a naive closure on a large random graph with cycles (2,300 packages, 10k edges)', () => {
		let seed = 42;
		const random = () => {
			seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
			return seed / 2_147_483_648;
		};
		const size = 2300;
		const names = Array.from({length: size}, (_, index) => `p${index}@1.0.0`);
		const packages: Record<string, string[]> = {};
		for (const [index, name] of names.entries()) {
			const edges = new Set<string>();
			for (let edge = 0; edge < 5; edge++) {
				// Mostly forward edges (a realistic DAG), a few backward ones making cycles.
				const forward = random() < 0.97;
				const target = forward
					? index + 1 + Math.floor(random() * Math.min(200, size - index - 1))
					: Math.floor(random() * index);
				if (target !== index && target < size && target >= 0) edges.add(names[target]!);
			}

			packages[name] = [...edges];
		}

		const graph = makeGraph({roots: {app: names.slice(0, 30)}, packages});
		const edgeCount = [...graph.packages.values()].reduce(
			(total, node) => total + node.dependencies.length,
			0,
		);
		assert.ok(edgeCount > 10_000, `edges: ${edgeCount}`);
		const levels: Record<string, RiskLevel> = {};
		for (const id of graph.packages.keys())
			levels[id] = riskLevels[Math.floor(random() * riskLevels.length)]!;
		const reports = makeReports(graph, levels);

		// Its speed is the bench's to measure (bench/ui.ts, the roll-up figures); here, that it is right.
		const rollups = computeRollups(graph, reports);

		const sample = [
			'root:package-lock.json',
			...[...graph.packages.keys()].filter((_, index) => index % 97 === 0),
		];
		for (const id of sample) {
			const expected = counts({});
			for (const descendant of naiveDescendants(graph, id)) expected[reports.get(descendant)!.risk] += 1;
			assert.deepEqual(rollups.get(id)!.counts, expected, id);
		}
	});
});

describe('stronglyConnectedComponents', () => {
	it('emits components in reverse topological order, surviving a 100,000-deep chain', () => {
		const chain = Array.from({length: 100_000}, (_, index) => (index + 1 < 100_000 ? [index + 1] : []));
		const {components} = stronglyConnectedComponents(chain);
		assert.equal(components.length, 100_000);
		assert.deepEqual(components[0], [99_999]);
		const cyclic = stronglyConnectedComponents([[1], [2], [0, 3], []]);
		assert.deepEqual(
			cyclic.components.map((component) => component.sort()),
			[[3], [0, 1, 2]],
		);
	});
});
