import type {DependencyGraph} from '../graph/types.js';
import {emptyRiskCounts} from './levels.js';
import {stronglyConnectedComponents} from './scc.js';
import {type PackageReport, type Rollup, riskLevels} from './types.js';

/** Slots per counted set: one per level, then the suspicious releases. */
const levelCount = riskLevels.length;
const suspiciousSlot = levelCount;
const stride = levelCount + 1;
/** A package that is not counted at all (outside a filtered view). */
const notCounted = -1;
const unknownLevel = riskLevels.indexOf('unknown');

/** A release the release side raised to moderate or worse (the `suspicious` filter, and the roll-ups' count). */
export function isSuspiciousRelease(report: PackageReport | undefined): boolean {
	const risk = report?.release?.risk;
	return risk === 'critical' || risk === 'high' || risk === 'moderate';
}

/**
 * Blast-radius roll-ups kept up to date as reports arrive: for every package and root, how many of its distinct
 * descendants (itself excluded) sit at each level, the worst known one, and how many are suspicious releases.
 *
 * The graph, cycles included, is condensed once into its strongly connected components (a DAG); each component
 * keeps the counts of everything reachable from it, its own members included. A package's roll-up is its
 * component's counts less its own contribution (inside a cycle the other members are descendants, the package
 * itself is not); a root's are kept apart, over everything its direct dependencies reach.
 *
 * A changed report changes the counts of its ancestors only. Changes are propagated 32 at a time: each carries
 * one bit up the reverse edges of the condensation, in topological order, so every ancestor component is visited
 * once per batch of 32 and learns, by popcounts, how many of the 32 it reaches at each level — a shared subtree
 * counts once per ancestor because bits, not sums, travel up.
 *
 * Costs, with V packages, E edges, C components, R roots:
 * - construction: O(V + E) (Tarjan, the condensation's reverse edges) plus, when everything starts counted, one
 *   propagation of the V packages as below;
 * - `set`/`exclude`: O(1) (noted, not yet propagated);
 * - `commit` of k changed packages: O(k log k) to order them, then per batch of 32: O(A + E_A) for its A ancestor
 *   components and the reverse edges between them (and their roots), plus a scan of the component order from the
 *   batch's lowest component up to its highest ancestor (a typed-array loop). Nothing is done for packages whose
 *   level and suspicion did not change; nothing is quadratic in the tree;
 * - `table`: O(C + V) to copy the counts into an immutable snapshot (once per commit); a lookup is O(1).
 */
export class RollupIndex {
	private readonly ids: string[];
	private readonly indexOf: Map<string, number>;
	private readonly rootIds: string[];
	private readonly componentOf: Int32Array;
	private readonly componentCount: number;
	/** Reverse edges of the condensation (CSR): the components with an edge into component c. */
	private readonly predecessorStart: Int32Array;
	private readonly predecessors: Int32Array;
	/** The roots with a direct dependency inside component c (CSR). */
	private readonly rootStart: Int32Array;
	private readonly rootsOf: Int32Array;
	/** Per component (and per root): counts over everything it reaches, `stride` slots each. */
	private readonly counts: Int32Array;
	private readonly rootCounts: Int32Array;
	/** Per package: the level index it is counted at (`notCounted` outside the view), and whether suspicious. */
	private readonly level: Int8Array;
	private readonly suspicious: Uint8Array;
	/** Changes noted since the last commit: package index → [level, suspicious]. */
	private readonly pending = new Map<number, number>();
	/** Scratch for propagation: the bits each component has received in the current batch, the marked ones by
	 * index, and each changed package's new value. */
	private readonly marks: Int32Array;
	private readonly heap: MinHeap;
	private readonly next: Int8Array;
	private readonly rootMarks: Int32Array;
	private snapshot: RollupTable | null = null;

	/**
	 * @param counted `all`: every package starts counted, as unknown (a tree before its scan); `none`: nothing is
	 * counted until `set` (a filtered view counts only what it shows).
	 */
	constructor(graph: DependencyGraph, counted: 'all' | 'none' = 'all') {
		this.ids = [...graph.packages.keys()];
		this.indexOf = new Map(this.ids.map((id, index) => [id, index]));
		this.rootIds = graph.roots.map((root) => root.id);
		const taken = new Int32Array(this.ids.length).fill(-1);
		const successors = this.ids.map((id, node) =>
			this.indexesOf(graph.packages.get(id)!.dependencies, taken, node),
		);
		const {componentOf, components} = stronglyConnectedComponents(successors);
		this.componentOf = componentOf;
		this.componentCount = components.length;

		// The condensation's reverse edges, each once: `seen[target] === c` while component c's edges are listed.
		const seen = new Int32Array(this.componentCount).fill(-1);
		const reverse = new CsrBuilder(this.componentCount);
		for (const pass of [0, 1]) {
			seen.fill(-1);
			components.forEach((members, c) => {
				for (const node of members) {
					for (const next of successors[node]!) {
						const target = componentOf[next]!;
						if (target === c || seen[target] === c) continue;
						seen[target] = c;
						reverse.add(pass, target, c);
					}
				}
			});
			if (pass === 0) reverse.allocate();
		}

		[this.predecessorStart, this.predecessors] = reverse.result();
		const rootEdges = new CsrBuilder(this.componentCount);
		taken.fill(-1);
		const rootDependencies = graph.roots.map((root, index) =>
			this.indexesOf(root.dependencies, taken, index),
		);
		for (const pass of [0, 1]) {
			seen.fill(-1);
			rootDependencies.forEach((dependencies, root) => {
				for (const node of dependencies) {
					const target = componentOf[node]!;
					if (seen[target] === root) continue;
					seen[target] = root;
					rootEdges.add(pass, target, root);
				}
			});
			if (pass === 0) rootEdges.allocate();
		}

		[this.rootStart, this.rootsOf] = rootEdges.result();
		this.counts = new Int32Array(this.componentCount * stride);
		this.rootCounts = new Int32Array(this.rootIds.length * stride);
		this.level = new Int8Array(this.ids.length).fill(notCounted);
		this.suspicious = new Uint8Array(this.ids.length);
		this.marks = new Int32Array(this.componentCount);
		this.heap = new MinHeap(this.componentCount);
		this.next = new Int8Array(this.ids.length);
		this.rootMarks = new Int32Array(this.rootIds.length);
		if (counted === 'all') {
			for (let node = 0; node < this.ids.length; node++) this.pending.set(node, encode(unknownLevel, false));
			this.commit();
		}
	}

	/** Counts the package with this report (undefined: not scored yet, counted as unknown). O(1) until commit. */
	set(id: string, report: PackageReport | undefined): void {
		const node = this.indexOf.get(id);
		if (node === undefined) return;
		const level = report ? riskLevels.indexOf(report.risk) : unknownLevel;
		this.pending.set(node, encode(level, isSuspiciousRelease(report)));
	}

	/** Stops counting the package (a filtered view that no longer shows it). O(1) until commit. */
	exclude(id: string): void {
		const node = this.indexOf.get(id);
		if (node !== undefined) this.pending.set(node, encode(notCounted, false));
	}

	/** Propagates the noted changes to the ancestors' counts (see the class comment for the cost). */
	commit(): void {
		if (this.pending.size === 0) return;
		// Ordered by component (neighbours in the component order share ancestors: a batch of them visits each
		// ancestor once), as numbers: component × V + node sorts as a Float64Array without a comparator (exact
		// below 2⁵³, so for up to ~90 million packages).
		const span = this.ids.length;
		const keys = new Float64Array(this.pending.size);
		let count = 0;
		for (const [node, value] of this.pending) {
			if (value === encode(this.level[node]!, this.suspicious[node] === 1)) continue;
			keys[count++] = this.componentOf[node]! * span + node;
			this.next[node] = value;
		}

		this.pending.clear();
		if (count === 0) return;
		this.snapshot = null;
		const changes = keys.subarray(0, count).sort();
		const added = new Int32Array(stride);
		const removed = new Int32Array(stride);
		const heap = this.heap;
		for (let start = 0; start < count; start += 32) {
			added.fill(0);
			removed.fill(0);
			const end = Math.min(count, start + 32);
			for (let bit = 0; bit < end - start; bit++) {
				const node = changes[start + bit]! % span;
				const mask = 1 << bit;
				const oldLevel = this.level[node]!;
				if (oldLevel !== notCounted) removed[oldLevel]! |= mask;
				if (this.suspicious[node] === 1) removed[suspiciousSlot]! |= mask;
				const {level, suspicious} = decode(this.next[node]!);
				if (level !== notCounted) added[level]! |= mask;
				if (suspicious) added[suspiciousSlot]! |= mask;
				this.level[node] = level;
				this.suspicious[node] = suspicious ? 1 : 0;
				const component = this.componentOf[node]!;
				if (this.marks[component] === 0) heap.push(component);
				this.marks[component]! |= mask;
			}

			// Lowest component first: components come in topological order (descendants first), so by the time
			// one is taken, every descendant has handed it its bits. Only marked components are ever visited.
			while (heap.size > 0) {
				const c = heap.pop();
				const mask = this.marks[c]!;
				this.marks[c] = 0;
				applyDelta(this.counts, c * stride, mask, added, removed);
				for (let edge = this.predecessorStart[c]!; edge < this.predecessorStart[c + 1]!; edge++) {
					const parent = this.predecessors[edge]!;
					if (this.marks[parent] === 0) heap.push(parent);
					this.marks[parent]! |= mask;
				}

				for (let edge = this.rootStart[c]!; edge < this.rootStart[c + 1]!; edge++)
					this.rootMarks[this.rootsOf[edge]!]! |= mask;
			}

			for (let root = 0; root < this.rootIds.length; root++) {
				const mask = this.rootMarks[root]!;
				if (mask === 0) continue;
				this.rootMarks[root] = 0;
				applyDelta(this.rootCounts, root * stride, mask, added, removed);
			}
		}
	}

	/** The roll-ups as they are now, as an immutable table (the same object until the next change). */
	table(): RollupTable {
		this.commit();
		this.snapshot ??= new RollupTable({
			ids: this.ids,
			indexOf: this.indexOf,
			rootIds: this.rootIds,
			componentOf: this.componentOf,
			counts: this.counts.slice(),
			rootCounts: this.rootCounts.slice(),
			level: this.level.slice(),
			suspicious: this.suspicious.slice(),
		});
		return this.snapshot;
	}

	/** Known ids as indexes, each once (`seen` marks the ones taken for `owner`): O(ids), no set per list. */
	private indexesOf(ids: readonly string[], seen: Int32Array, owner: number): number[] {
		const indexes: number[] = [];
		for (const id of ids) {
			const index = this.indexOf.get(id);
			if (index === undefined || seen[index] === owner) continue;
			seen[index] = owner;
			indexes.push(index);
		}

		return indexes;
	}
}

/**
 * The roll-ups of one moment, read like a map (package and root ids → `Rollup`, packages in graph order then
 * roots). Built from copied counts, so it never changes; each `Rollup` is made on first lookup.
 */
export class RollupTable implements ReadonlyMap<string, Rollup> {
	private readonly made = new Map<string, Rollup>();
	private readonly rootIndex: Map<string, number>;

	constructor(
		private readonly data: {
			readonly ids: readonly string[];
			readonly indexOf: ReadonlyMap<string, number>;
			readonly rootIds: readonly string[];
			readonly componentOf: Int32Array;
			readonly counts: Int32Array;
			readonly rootCounts: Int32Array;
			readonly level: Int8Array;
			readonly suspicious: Uint8Array;
		},
	) {
		this.rootIndex = new Map(data.rootIds.map((id, index) => [id, index]));
	}

	get size(): number {
		return this.data.ids.length + this.rootIndex.size;
	}

	has(id: string): boolean {
		return this.data.indexOf.has(id) || this.rootIndex.has(id);
	}

	get(id: string): Rollup | undefined {
		const made = this.made.get(id);
		if (made) return made;
		const node = this.data.indexOf.get(id);
		let rollup: Rollup | undefined;
		if (node !== undefined) {
			const base = this.data.componentOf[node]! * stride;
			// The component's counts include the package itself: take its own contribution out.
			const own = this.data.level[node]!;
			const ownSuspicious = this.data.suspicious[node]!;
			rollup = summarise(this.data.counts, base, own, ownSuspicious);
		} else {
			const root = this.rootIndex.get(id);
			if (root !== undefined) rollup = summarise(this.data.rootCounts, root * stride, notCounted, 0);
		}

		if (rollup) this.made.set(id, rollup);
		return rollup;
	}

	forEach(callback: (value: Rollup, key: string, map: ReadonlyMap<string, Rollup>) => void): void {
		for (const [key, value] of this) callback(value, key, this);
	}

	*keys(): MapIterator<string> {
		yield* this.data.ids;
		yield* this.data.rootIds;
	}

	*values(): MapIterator<Rollup> {
		for (const key of this.keys()) yield this.get(key)!;
	}

	*entries(): MapIterator<[string, Rollup]> {
		for (const key of this.keys()) yield [key, this.get(key)!];
	}

	[Symbol.iterator](): MapIterator<[string, Rollup]> {
		return this.entries();
	}

	/** A plain `Map` with the same entries (reports keep one). O(V). */
	toMap(): Map<string, Rollup> {
		return new Map(this.entries());
	}
}

function summarise(counts: Int32Array, base: number, own: number, ownSuspicious: number): Rollup {
	const result = emptyRiskCounts();
	for (let level = 0; level < levelCount; level++)
		result[riskLevels[level]!] = counts[base + level]! - (level === own ? 1 : 0);
	const worst = riskLevels.find((level) => level !== 'unknown' && result[level] > 0) ?? 'unknown';
	const suspects = counts[base + suspiciousSlot]! - ownSuspicious;
	return suspects > 0 ? {worst, counts: result, suspicious: suspects} : {worst, counts: result};
}

/** Adds to one counted set the batch members its mask says it reaches, and takes their old contributions out. */
function applyDelta(
	counts: Int32Array,
	base: number,
	mask: number,
	added: Int32Array,
	removed: Int32Array,
): void {
	for (let slot = 0; slot < stride; slot++) {
		const delta = popcount(mask & added[slot]!) - popcount(mask & removed[slot]!);
		if (delta !== 0) counts[base + slot]! += delta;
	}
}

function popcount(value: number): number {
	value -= (value >>> 1) & 0x55555555;
	value = (value & 0x33333333) + ((value >>> 2) & 0x33333333);
	return (((value + (value >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** A level index and a suspicion in one small number (so "unchanged" is one comparison). */
function encode(level: number, suspicious: boolean): number {
	return (level + 1) * 2 + (suspicious ? 1 : 0);
}

function decode(value: number): {level: number; suspicious: boolean} {
	return {level: (value >> 1) - 1, suspicious: (value & 1) === 1};
}

/** A binary min-heap of distinct small integers (each pushed at most once while in it). */
class MinHeap {
	private readonly items: Int32Array;
	size = 0;

	constructor(capacity: number) {
		this.items = new Int32Array(Math.max(1, capacity));
	}

	push(value: number): void {
		const items = this.items;
		let at = this.size++;
		while (at > 0) {
			const parent = (at - 1) >> 1;
			if (items[parent]! <= value) break;
			items[at] = items[parent]!;
			at = parent;
		}

		items[at] = value;
	}

	pop(): number {
		const items = this.items;
		const top = items[0]!;
		const last = items[--this.size]!;
		let at = 0;
		for (;;) {
			let child = 2 * at + 1;
			if (child >= this.size) break;
			if (child + 1 < this.size && items[child + 1]! < items[child]!) child++;
			if (items[child]! >= last) break;
			items[at] = items[child]!;
			at = child;
		}

		items[at] = last;
		return top;
	}
}

/** Compressed adjacency lists built in two passes: count (pass 0), allocate, then fill (pass 1). */
class CsrBuilder {
	private readonly start: Int32Array;
	private values = new Int32Array(0);
	private fill: Int32Array | null = null;

	constructor(private readonly size: number) {
		this.start = new Int32Array(size + 1);
	}

	add(pass: number, from: number, value: number): void {
		if (pass === 0) this.start[from + 1]!++;
		else this.values[this.fill![from]!++] = value;
	}

	allocate(): void {
		for (let index = 0; index < this.size; index++) this.start[index + 1]! += this.start[index]!;
		this.values = new Int32Array(this.start[this.size]!);
		this.fill = this.start.slice(0, this.size);
	}

	result(): [Int32Array, Int32Array] {
		return [this.start, this.values];
	}
}
