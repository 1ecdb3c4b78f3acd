import type {DependencyGraph} from '../graph/types.js';
import {emptyRiskCounts} from './levels.js';
import {type PackageReport, type RiskLevel, type Rollup, riskLevels} from './types.js';

/**
 * Blast-radius roll-ups: for every package and every root, the worst level among its distinct descendants
 * (excluding itself) and how many descendants sit at each level.
 *
 * How: Tarjan's strongly connected components (iterative, so deep chains cannot overflow the stack) turn the
 * graph, cycles included, into a DAG of components; components come out of Tarjan in reverse topological
 * order, so one pass builds each component's "reachable below" set as a bitset from its successors'. Counts
 * are popcounts of that set AND-ed with one bitset per level. Shared subtrees are counted once per ancestor
 * because sets, not sums, are propagated. Cost: O((V + E) · V / 32) word operations — about 2 ms for
 * 2,300 packages and 10,000 edges.
 */
export function computeRollups(
	graph: DependencyGraph,
	reports: ReadonlyMap<string, PackageReport>,
): Map<string, Rollup> {
	const ids = [...graph.packages.keys()];
	const indexOf = new Map(ids.map((id, index) => [id, index]));
	const successors = ids.map((id) =>
		uniqueIndexes(graph.packages.get(id)!.dependencies.map((dependency) => indexOf.get(dependency))),
	);
	const words = Math.ceil(ids.length / 32) || 1;

	const levelSets = new Map<RiskLevel, Uint32Array>(
		riskLevels.map((level) => [level, new Uint32Array(words)]),
	);
	// Packages whose locked release looks wrong (release risk moderate or worse): the "suspicious" filter.
	const suspicious = new Uint32Array(words);
	ids.forEach((id, index) => {
		const report = reports.get(id);
		setBit(levelSets.get(report?.risk ?? 'unknown')!, index);
		if (isSuspiciousRelease(report)) setBit(suspicious, index);
	});

	const {componentOf, components} = stronglyConnectedComponents(successors);
	// below[c]: every package reachable from component c through at least one edge that leaves c.
	const below = components.map(() => new Uint32Array(words));
	// members[c]: the packages of component c.
	const members = components.map((component) => {
		const set = new Uint32Array(words);
		for (const node of component) setBit(set, node);
		return set;
	});
	// Tarjan emits a component only after every component it reaches: process in emission order.
	components.forEach((component, c) => {
		const set = below[c]!;
		for (const node of component) {
			for (const next of successors[node]!) {
				const target = componentOf[next]!;
				if (target === c) continue;
				orInto(set, members[target]!);
				orInto(set, below[target]!);
			}
		}
	});

	const rollups = new Map<string, Rollup>();
	const scratch = new Uint32Array(words);
	ids.forEach((id, node) => {
		const c = componentOf[node]!;
		scratch.set(below[c]!);
		// Inside a cycle, the other members of the component are descendants too; the node itself is not.
		if (components[c]!.length > 1) orInto(scratch, members[c]!);
		clearBit(scratch, node);
		rollups.set(id, summarise(scratch, levelSets, suspicious));
	});

	for (const root of graph.roots) {
		scratch.fill(0);
		for (const dependency of root.dependencies) {
			const node = indexOf.get(dependency);
			if (node === undefined) continue;
			const c = componentOf[node]!;
			orInto(scratch, members[c]!);
			orInto(scratch, below[c]!);
		}

		rollups.set(root.id, summarise(scratch, levelSets, suspicious));
	}

	return rollups;
}

/** Counts per level of one descendant set, and the worst known level among them. */
function summarise(
	set: Uint32Array,
	levelSets: ReadonlyMap<RiskLevel, Uint32Array>,
	suspicious: Uint32Array,
): Rollup {
	const counts = emptyRiskCounts();
	for (const level of riskLevels) counts[level] = popcountAnd(set, levelSets.get(level)!);
	const worst = riskLevels.find((level) => level !== 'unknown' && counts[level] > 0) ?? 'unknown';
	const suspects = popcountAnd(set, suspicious);
	return suspects > 0 ? {worst, counts, suspicious: suspects} : {worst, counts};
}

/** A release the release side raised to moderate or worse. */
export function isSuspiciousRelease(report: PackageReport | undefined): boolean {
	const risk = report?.release?.risk;
	return risk === 'critical' || risk === 'high' || risk === 'moderate';
}

/**
 * Iterative Tarjan. Returns each node's component index and the components in the order Tarjan completes
 * them — reverse topological order of the condensation (a component comes after all it reaches).
 */
export function stronglyConnectedComponents(successors: ReadonlyArray<readonly number[]>): {
	componentOf: Int32Array;
	components: number[][];
} {
	const count = successors.length;
	const index = new Int32Array(count).fill(-1);
	const lowLink = new Int32Array(count);
	const onStack = new Uint8Array(count);
	const componentOf = new Int32Array(count).fill(-1);
	const components: number[][] = [];
	const stack: number[] = [];
	let nextIndex = 0;
	// Explicit call stack: [node, position in its successor list].
	const callNodes = new Int32Array(count);
	const callEdges = new Int32Array(count);

	for (let start = 0; start < count; start++) {
		if (index[start] !== -1) continue;
		let depth = 0;
		callNodes[0] = start;
		callEdges[0] = 0;
		index[start] = lowLink[start] = nextIndex++;
		stack.push(start);
		onStack[start] = 1;
		while (depth >= 0) {
			const node = callNodes[depth]!;
			const edges = successors[node]!;
			const position = callEdges[depth]!;
			if (position < edges.length) {
				callEdges[depth] = position + 1;
				const next = edges[position]!;
				if (index[next] === -1) {
					index[next] = lowLink[next] = nextIndex++;
					stack.push(next);
					onStack[next] = 1;
					depth++;
					callNodes[depth] = next;
					callEdges[depth] = 0;
				} else if (onStack[next]) {
					lowLink[node] = Math.min(lowLink[node]!, index[next]!);
				}

				continue;
			}

			if (lowLink[node] === index[node]) {
				const component: number[] = [];
				let member: number;
				do {
					member = stack.pop()!;
					onStack[member] = 0;
					componentOf[member] = components.length;
					component.push(member);
				} while (member !== node);
				components.push(component);
			}

			depth--;
			if (depth >= 0) {
				const parent = callNodes[depth]!;
				lowLink[parent] = Math.min(lowLink[parent]!, lowLink[node]!);
			}
		}
	}

	return {componentOf, components};
}

function uniqueIndexes(values: ReadonlyArray<number | undefined>): number[] {
	return [...new Set(values.filter((value): value is number => value !== undefined))];
}

function setBit(set: Uint32Array, bit: number): void {
	set[bit >>> 5]! |= 1 << (bit & 31);
}

function clearBit(set: Uint32Array, bit: number): void {
	set[bit >>> 5]! &= ~(1 << (bit & 31));
}

function orInto(target: Uint32Array, source: Uint32Array): void {
	for (let word = 0; word < target.length; word++) target[word]! |= source[word]!;
}

function popcountAnd(a: Uint32Array, b: Uint32Array): number {
	let total = 0;
	for (let word = 0; word < a.length; word++) {
		let value = (a[word]! & b[word]!) >>> 0;
		value -= (value >>> 1) & 0x55555555;
		value = (value & 0x33333333) + ((value >>> 2) & 0x33333333);
		total += (((value + (value >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
	}

	return total;
}
