/**
 * The full recomputations that roll-ups and publisher reach were before issue 15 made them incremental, kept
 * verbatim as the reference the incremental indexes are checked against (test/scoring/rollup-index.test.ts):
 * one bitset pass over the condensation for roll-ups, one pass over every report for publisher reach.
 */
import type {DependencyGraph, Ecosystem} from '../../source/graph/types.js';
import {emptyRiskCounts} from '../../source/scoring/levels.js';
import {isSuspiciousRelease, stronglyConnectedComponents} from '../../source/scoring/rollup.js';
import {
	type PackageReport,
	type PublisherReach,
	type RiskLevel,
	type Rollup,
	riskLevels,
} from '../../source/scoring/types.js';

export function referenceRollups(
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

export function referencePublishers(
	graph: DependencyGraph,
	reports: ReadonlyMap<string, PackageReport>,
	scope?: ReadonlySet<string>,
): PublisherReach[] {
	type Entry = {
		account: string;
		ecosystem: Ecosystem;
		packages: string[];
		downloadsByName: Map<string, number | null>;
	};
	const entries = new Map<string, Entry>();
	for (const [id, node] of graph.packages) {
		if (scope && !scope.has(id)) continue;
		const facts = reports.get(id)?.facts;
		const publishers = facts?.metadata?.publishers;
		if (!publishers) continue;
		const weekly = facts.downloads ? facts.downloads.weekly : null;
		for (const account of new Set(publishers.map((publisher) => publisher.name))) {
			const key = `${node.ecosystem}\u0000${account}`;
			let entry = entries.get(key);
			if (!entry) {
				entry = {account, ecosystem: node.ecosystem, packages: [], downloadsByName: new Map()};
				entries.set(key, entry);
			}

			entry.packages.push(id);
			// A known figure for a name wins over an unknown one from another version's report.
			const previous = entry.downloadsByName.get(node.name);
			entry.downloadsByName.set(node.name, previous ?? weekly);
		}
	}

	const reaches: PublisherReach[] = [...entries.values()].map((entry) => {
		let weeklyDownloads = 0;
		const unknownDownloads: string[] = [];
		for (const [name, weekly] of entry.downloadsByName) {
			if (weekly === null) unknownDownloads.push(name);
			else weeklyDownloads += weekly;
		}

		return {
			account: entry.account,
			ecosystem: entry.ecosystem,
			packages: entry.packages.sort(),
			weeklyDownloads,
			unknownDownloads: unknownDownloads.sort(),
		};
	});
	return reaches.sort(
		(a, b) =>
			b.packages.length - a.packages.length ||
			b.weeklyDownloads - a.weeklyDownloads ||
			compareText(a.account, b.account) ||
			compareText(a.ecosystem, b.ecosystem),
	);
}

function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
