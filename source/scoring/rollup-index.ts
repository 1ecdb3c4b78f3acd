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
/**
 * Changes propagated per pass, 32 to a word: a pass visits each ancestor of its changes once, so wider passes
 * mean fewer visits; its word operations are the same in total.
 */
const passWords = 16;
const passSize = passWords * 32;

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
 * A changed report changes the counts of its ancestors only. Changes are propagated up to 512 at a time (a pass):
 * each carries one bit up the reverse edges of the condensation, in topological order, so every ancestor component
 * is visited once per pass and learns, by popcounts, how many of the pass's changes it reaches at each level — a
 * shared subtree counts once per ancestor because bits, not sums, travel up.
 *
 * Costs, with V packages, E edges, C components, R roots:
 * - construction: O(V + E) (Tarjan, the condensation's reverse edges) plus, when everything starts counted, one
 *   propagation of the V packages as below;
 * - `set`/`exclude`: O(1) (noted, not yet propagated);
 * - `commit` of k changed packages: O(k log k) to order them, then per pass of up to 512: O((A + E_A) · w) word
 *   operations for its A ancestor components and the reverse edges between them (and their roots; w ≤ 16 words
 *   of 32 changes), plus a scan of the component order from the pass's lowest component up (a typed-array loop,
 *   O(C)). Nothing is done for packages whose level and suspicion did not change. A stream of results is a few
 *   changes per commit. Counting every package at once (the headless report) is k = V: O(V/32 · (C + E)) word
 *   operations in the worst case: distinct-descendant counts are a transitive closure, which nothing does in
 *   linear time. The bits make it a 32nd of the work, and the wide pass visits each ancestor once per 512 changes
 *   (a real 2,039-package tree's one-shot count, in the CLI: 112 ms with 32 a pass and a heap, 18–27 ms now);
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
	/** Scratch for propagation: per component (and root) the bits it has received in the current pass,
	 * `passWords` words each; whether a component has any; each changed package's new value. */
	private readonly marks: Int32Array;
	private readonly touched: Uint8Array;
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
		this.marks = new Int32Array(this.componentCount * passWords);
		this.touched = new Uint8Array(this.componentCount);
		this.next = new Int8Array(this.ids.length);
		this.rootMarks = new Int32Array(this.rootIds.length * passWords);
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
		// Ordered by component (neighbours in the component order share ancestors: a pass over them visits each
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
		for (let start = 0; start < count; start += passSize)
			this.propagate(changes, start, Math.min(count, start + passSize));
	}

	/**
	 * One pass: changes [start, end) (at most `passSize`, bit `i % 32` of word `i / 32` each) are applied to their
	 * packages, then their bits travel up the condensation. Components are numbered descendants first, so one
	 * ascending scan from the lowest changed component meets each ancestor after all it reaches have handed it
	 * their bits; only the marked ones do work.
	 */
	private propagate(changes: Float64Array, start: number, end: number): void {
		const span = this.ids.length;
		const {marks, touched, rootMarks} = this;
		const delta = new PassDelta(end - start);
		let lowest = this.componentCount;
		for (let offset = 0; offset < end - start; offset++) {
			const node = changes[start + offset]! % span;
			const word = offset >> 5;
			const mask = 1 << (offset & 31);
			const {level, suspicious} = decode(this.next[node]!);
			delta.change(word, mask, this.level[node]!, this.suspicious[node] === 1, level, suspicious);
			this.level[node] = level;
			this.suspicious[node] = suspicious ? 1 : 0;
			const component = this.componentOf[node]!;
			marks[component * passWords + word]! |= mask;
			touched[component] = 1;
			if (component < lowest) lowest = component;
		}

		delta.seal();
		const words = delta.words;
		for (let c = lowest; c < this.componentCount; c++) {
			if (touched[c] === 0) continue;
			touched[c] = 0;
			const base = c * passWords;
			for (let word = 0; word < words; word++) {
				const mask = marks[base + word]!;
				if (mask !== 0) delta.apply(this.counts, c * stride, word, mask);
			}

			for (let edge = this.predecessorStart[c]!; edge < this.predecessorStart[c + 1]!; edge++) {
				const parent = this.predecessors[edge]!;
				orInto(marks, parent * passWords, marks, base, words);
				touched[parent] = 1;
			}

			for (let edge = this.rootStart[c]!; edge < this.rootStart[c + 1]!; edge++)
				orInto(rootMarks, this.rootsOf[edge]! * passWords, marks, base, words);
			marks.fill(0, base, base + words);
		}

		for (let root = 0; root < this.rootIds.length; root++) {
			const base = root * passWords;
			for (let word = 0; word < words; word++) {
				const mask = rootMarks[base + word]!;
				if (mask === 0) continue;
				rootMarks[base + word] = 0;
				delta.apply(this.rootCounts, root * stride, word, mask);
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

/** `target[targetBase + w] |= source[sourceBase + w]` for the pass's words. */
function orInto(
	target: Int32Array,
	targetBase: number,
	source: Int32Array,
	sourceBase: number,
	words: number,
): void {
	for (let word = 0; word < words; word++) {
		const mask = source[sourceBase + word]!;
		if (mask !== 0) target[targetBase + word]! |= mask;
	}
}

/**
 * What one pass's changes add to and take from the counts of a set that reaches some of them: per word and slot,
 * the changes counted there after (`added`) and before (`removed`). A set reaching a whole word gets the word's
 * net change at once; otherwise only the slots any change of the word touched are popcounted.
 */
class PassDelta {
	readonly words: number;
	private readonly size: number;
	private readonly added: Int32Array;
	private readonly removed: Int32Array;
	/** Per word: the mask of all its changes, its net change per slot, and the slots it touches. */
	private readonly full: Int32Array;
	private readonly net: Int32Array;
	private readonly slots: Int8Array;
	private readonly slotCount: Int8Array;

	constructor(size: number) {
		this.size = size;
		this.words = Math.ceil(size / 32);
		this.added = new Int32Array(this.words * stride);
		this.removed = new Int32Array(this.words * stride);
		this.full = new Int32Array(this.words);
		this.net = new Int32Array(this.words * stride);
		this.slots = new Int8Array(this.words * stride);
		this.slotCount = new Int8Array(this.words);
	}

	change(
		word: number,
		mask: number,
		oldLevel: number,
		oldSuspicious: boolean,
		level: number,
		suspicious: boolean,
	): void {
		const base = word * stride;
		if (oldLevel !== notCounted) this.removed[base + oldLevel]! |= mask;
		if (oldSuspicious) this.removed[base + suspiciousSlot]! |= mask;
		if (level !== notCounted) this.added[base + level]! |= mask;
		if (suspicious) this.added[base + suspiciousSlot]! |= mask;
	}

	/** Derives the per-word figures once every change is in. */
	seal(): void {
		for (let word = 0; word < this.words; word++) {
			const inWord = Math.min(32, this.size - word * 32);
			this.full[word] = inWord === 32 ? -1 : (1 << inWord) - 1;
			const base = word * stride;
			let slots = 0;
			for (let slot = 0; slot < stride; slot++) {
				const added = this.added[base + slot]!;
				const removed = this.removed[base + slot]!;
				if (added === 0 && removed === 0) continue;
				this.net[base + slot] = popcount(added) - popcount(removed);
				this.slots[base + slots++] = slot;
			}

			this.slotCount[word] = slots;
		}
	}

	/** Adds to one counted set the changes of `word` its mask says it reaches, their old contributions out. */
	apply(counts: Int32Array, countsBase: number, word: number, mask: number): void {
		const base = word * stride;
		const whole = mask === this.full[word];
		for (let index = 0; index < this.slotCount[word]!; index++) {
			const slot = this.slots[base + index]!;
			const change = whole
				? this.net[base + slot]!
				: popcount(mask & this.added[base + slot]!) - popcount(mask & this.removed[base + slot]!);
			if (change !== 0) counts[countsBase + slot]! += change;
		}
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
