import type {DependencyGraph, PackageNode, RootNode} from '../../source/graph/types.js';
import type {PackageFacts} from '../../source/registries/types.js';
import {
	type PackageReport,
	type ReleaseReport,
	type RiskLevel,
	riskLevels,
} from '../../source/scoring/types.js';
import {makeReport} from './factories.js';

/**
 * Random trees and reports for the property tests of the incremental counts (roll-ups, publisher reach, views):
 * seeded, so a failure names the seed that reproduces it.
 */

/** mulberry32: small, fast, and the same sequence on every machine. */
export function randomSource(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

export type Random = ReturnType<typeof randomSource>;

export function pick<T>(random: Random, values: readonly T[]): T {
	return values[Math.floor(random() * values.length)]!;
}

/** Fisher–Yates, in place. */
export function shuffle<T>(random: Random, values: T[]): T[] {
	for (let index = values.length - 1; index > 0; index--) {
		const other = Math.floor(random() * (index + 1));
		[values[index], values[other]] = [values[other]!, values[index]!];
	}

	return values;
}

const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p'];

/**
 * A graph of `size` packages (several versions of a few names, as lockfiles have), mostly edges "downwards" with
 * some back edges (cycles), self-loops and unknown targets, one to three roots, some packages nothing reaches,
 * and dev-only packages.
 */
export function randomGraph(random: Random, size: number): DependencyGraph {
	const packages = new Map<string, PackageNode>();
	const ids: string[] = [];
	for (let index = 0; index < size; index++) {
		const name = pick(random, names);
		const id = `npm:${name}@${index}.0.0`;
		ids.push(id);
		packages.set(id, {
			id,
			ecosystem: 'npm',
			name,
			version: `${index}.0.0`,
			direct: false,
			dev: random() < 0.3,
			optional: false,
			dependencies: [],
			lockfiles: ['package-lock.json'],
		});
	}

	ids.forEach((id, index) => {
		const node = packages.get(id)!;
		const degree = Math.floor(random() * 4);
		for (let edge = 0; edge < degree; edge++) {
			const roll = random();
			let target: string;
			if (roll < 0.15)
				target = pick(random, ids); // anywhere: back edges make cycles
			else if (roll < 0.2)
				target = id; // a self-loop
			else if (roll < 0.22)
				target = 'npm:missing@1.0.0'; // an edge to nothing the graph has
			else if (index + 1 < ids.length)
				target = ids[index + 1 + Math.floor(random() * (ids.length - index - 1))]!;
			else continue;
			if (!node.dependencies.includes(target)) node.dependencies.push(target);
		}
	});
	const roots: RootNode[] = Array.from({length: 1 + Math.floor(random() * 3)}, (_, index) => ({
		id: index === 0 ? 'root:package-lock.json' : `root:package-lock.json#w${index}`,
		name: `app${index}`,
		lockfile: 'package-lock.json',
		workspace: index === 0 ? '.' : `w${index}`,
		dependencies: [
			...new Set(Array.from({length: 1 + Math.floor(random() * 4)}, () => pick(random, ids.slice(0, 8)))),
		],
	}));
	for (const root of roots) for (const id of root.dependencies) packages.get(id)!.direct = true;
	return {
		lockfiles: [{path: 'package-lock.json', format: 'npm-lock-v3', ecosystem: 'npm'}],
		roots,
		packages,
		warnings: [],
	};
}

/**
 * The graph grown as a scan's resolution grows one: `extra` packages added, each with an edge from an existing
 * package or a root, and a few new edges between existing packages (new cycles too). The input is not changed.
 */
export function growGraph(random: Random, graph: DependencyGraph, extra: number): DependencyGraph {
	const packages = new Map<string, PackageNode>();
	for (const [id, node] of graph.packages) packages.set(id, {...node, dependencies: [...node.dependencies]});
	const roots = graph.roots.map((root) => ({...root, dependencies: [...root.dependencies]}));
	const start = packages.size;
	for (let index = 0; index < extra; index++) {
		const name = pick(random, names);
		const id = `npm:${name}@${start + index}.1.0`;
		const parent = pick(random, [...packages.values()]);
		packages.set(id, {
			id,
			ecosystem: 'npm',
			name,
			version: `${start + index}.1.0`,
			direct: false,
			dev: parent.dev,
			optional: false,
			dependencies: random() < 0.3 ? [pick(random, [...packages.keys()])] : [],
			lockfiles: ['package-lock.json'],
		});
		if (random() < 0.2) pick(random, roots).dependencies.push(id);
		else parent.dependencies.push(id);
	}

	const all = [...packages.values()];
	for (let edge = 0; edge < 3; edge++) {
		const from = pick(random, all);
		const to = pick(random, all).id;
		if (!from.dependencies.includes(to)) from.dependencies.push(to);
	}

	return {...graph, roots, packages};
}

const accounts = ['alice', 'bob', 'carol', 'dave', 'erin'];

/**
 * A report with a random own level, sometimes a suspicious release (release risk moderate or worse), and facts
 * saying who can publish the package (unknown sometimes) and how often it is downloaded (unknown sometimes).
 */
export function randomReport(random: Random, node: PackageNode): PackageReport {
	const risk: RiskLevel = pick(random, riskLevels);
	const releaseRisk = pick(random, ['critical', 'high', 'moderate', 'low', 'none'] as const);
	const publishers =
		random() < 0.15
			? null
			: [...new Set(Array.from({length: 1 + Math.floor(random() * 3)}, () => pick(random, accounts)))].map(
					(name) => ({name, role: null}),
				);
	const weekly = random() < 0.2 ? null : Math.floor(random() * 1000);
	const facts = {
		ecosystem: node.ecosystem,
		name: node.name,
		lockedVersion: node.version,
		metadata: {publishers},
		downloads: weekly === null ? null : {weekly},
	} as unknown as PackageFacts;
	return makeReport(node.id, {
		risk,
		facts,
		release: {risk: releaseRisk} as unknown as ReleaseReport,
	});
}
