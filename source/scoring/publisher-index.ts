import type {DependencyGraph, Ecosystem} from '../graph/types.js';
import type {PackageMetadata} from '../registries/types.js';
import {lowerBound} from '../util/sorted.js';
import type {PackageReport, PublisherReach} from './types.js';

/** What one package gives the accounts that can publish it. */
type Contribution = {readonly accounts: readonly string[]; readonly weekly: number | null};

type Entry = {
	readonly account: string;
	readonly ecosystem: Ecosystem;
	/** Package ids; sorted unless `unsorted` (ids are appended, and sorted when next read). */
	packages: string[];
	unsorted: boolean;
	/** Per name, the weekly figure of each of its packages here, by the package's position in the graph. */
	readonly names: Map<string, Map<number, number | null>>;
};

/**
 * Publisher concentration kept up to date as reports arrive: the tree inverted to accounts. For each account (per
 * ecosystem — npm `alice` is not PyPI `alice`), the package ids of this tree it can publish and their total weekly
 * downloads, where several locked versions of one name count that name's downloads once (download counts are per
 * name: the first known figure in graph order wins over an unknown one). Sorted by reach: most packages first,
 * then most downloads, then account name.
 *
 * Costs, with p the packages of a touched account and A the accounts:
 * - `set`: O(publishers of the package) — each account's list takes the id at its end, sorted when next read —
 *   and O(1) per account noted as touched; `exclude` (and a changed contribution): a binary search and a removal
 *   in each account's list, O(log p + p), after sorting it if ids were added since;
 * - `list` after t accounts were touched: O(p log p) per touched account to sort what was added (appended ids
 *   in graph order: a whole tree in one go is one sort per account, not p insertions), O(their packages and
 *   names) to rebuild their entries, O(t log t) to order them, and O(A) to merge them into the previous order.
 *   Nothing is re-sorted that did not change.
 * The accounts of a package come from its metadata, shared by every locked version of the name: read once each.
 */
export class PublisherIndex {
	private readonly position = new Map<string, number>();
	private readonly nodes: DependencyGraph['packages'];
	private readonly applied = new Map<string, Contribution>();
	private readonly entries = new Map<string, Entry>();
	private readonly touched = new Set<string>();
	private order: PublisherReach[] = [];
	private listed: readonly PublisherReach[] | null = [];

	constructor(graph: DependencyGraph) {
		this.nodes = graph.packages;
		let index = 0;
		for (const id of graph.packages.keys()) this.position.set(id, index++);
	}

	/** Counts the package with this report's publishers and downloads (undefined: it gives nothing yet). */
	set(id: string, report: PackageReport | undefined): void {
		const node = this.nodes.get(id);
		if (!node) return;
		const facts = report?.facts;
		const metadata = facts?.metadata;
		const next: Contribution | null = metadata?.publishers
			? {accounts: accountsOf(metadata), weekly: facts?.downloads ? facts.downloads.weekly : null}
			: null;
		const previous = this.applied.get(id) ?? null;
		if (sameContribution(previous, next)) return;
		if (previous) this.remove(id, node.ecosystem, node.name, previous);
		if (next) this.add(id, node.ecosystem, node.name, next);
	}

	/** Stops counting the package (a filtered view that no longer shows it). */
	exclude(id: string): void {
		this.set(id, undefined);
	}

	/** Accounts by reach, as they are now (the same array until something changes). */
	list(): readonly PublisherReach[] {
		if (this.listed) return this.listed;
		const rebuilt: PublisherReach[] = [];
		for (const key of this.touched) {
			const entry = this.entries.get(key);
			if (!entry) continue;
			if (entry.packages.length === 0) this.entries.delete(key);
			else rebuilt.push(reachOf(entry));
		}

		rebuilt.sort(byReach);
		// The untouched accounts keep their order: merge the rebuilt ones into it.
		const kept = this.order.filter((reach) => !this.touched.has(keyOf(reach.ecosystem, reach.account)));
		const merged: PublisherReach[] = [];
		let a = 0;
		let b = 0;
		while (a < kept.length || b < rebuilt.length) {
			if (b >= rebuilt.length || (a < kept.length && byReach(kept[a]!, rebuilt[b]!) <= 0))
				merged.push(kept[a++]!);
			else merged.push(rebuilt[b++]!);
		}

		this.touched.clear();
		this.order = merged;
		this.listed = merged;
		return merged;
	}

	private add(id: string, ecosystem: Ecosystem, name: string, contribution: Contribution): void {
		this.applied.set(id, contribution);
		const position = this.position.get(id)!;
		for (const account of contribution.accounts) {
			const key = keyOf(ecosystem, account);
			let entry = this.entries.get(key);
			if (!entry) {
				entry = {account, ecosystem, packages: [], unsorted: false, names: new Map()};
				this.entries.set(key, entry);
			}

			const last = entry.packages.at(-1);
			if (last !== undefined && last > id) entry.unsorted = true;
			entry.packages.push(id);
			let figures = entry.names.get(name);
			if (!figures) entry.names.set(name, (figures = new Map()));
			figures.set(position, contribution.weekly);
			this.touch(key);
		}
	}

	private remove(id: string, ecosystem: Ecosystem, name: string, contribution: Contribution): void {
		this.applied.delete(id);
		const position = this.position.get(id)!;
		for (const account of contribution.accounts) {
			const key = keyOf(ecosystem, account);
			const entry = this.entries.get(key);
			if (!entry) continue;
			sortPackages(entry);
			const at = lowerBound(entry.packages, id);
			if (entry.packages[at] === id) entry.packages.splice(at, 1);
			const figures = entry.names.get(name);
			figures?.delete(position);
			if (figures?.size === 0) entry.names.delete(name);
			this.touch(key);
		}
	}

	private touch(key: string): void {
		this.touched.add(key);
		this.listed = null;
	}
}

/** The entry's ids sorted, if any were added out of order. Ids are unique per account (a package is set once). */
function sortPackages(entry: Entry): void {
	if (!entry.unsorted) return;
	entry.packages.sort(compareText);
	entry.unsorted = false;
}

/** A metadata's accounts, each once, in its order; read once per metadata object (facts are never changed). */
const accountsByMetadata = new WeakMap<PackageMetadata, readonly string[]>();

export function accountsOf(metadata: PackageMetadata): readonly string[] {
	let accounts = accountsByMetadata.get(metadata);
	if (!accounts) {
		accounts = [...new Set((metadata.publishers ?? []).map((publisher) => publisher.name))];
		accountsByMetadata.set(metadata, accounts);
	}

	return accounts;
}

function reachOf(entry: Entry): PublisherReach {
	sortPackages(entry);
	let weeklyDownloads = 0;
	const unknownDownloads: string[] = [];
	for (const [name, figures] of entry.names) {
		// The first known figure in graph order, as a single pass over the graph would keep it.
		let best = -1;
		let weekly: number | null = null;
		for (const [position, figure] of figures) {
			if (figure !== null && (best === -1 || position < best)) {
				best = position;
				weekly = figure;
			}
		}

		if (weekly === null) unknownDownloads.push(name);
		else weeklyDownloads += weekly;
	}

	return {
		account: entry.account,
		ecosystem: entry.ecosystem,
		packages: [...entry.packages],
		weeklyDownloads,
		unknownDownloads: unknownDownloads.sort(),
	};
}

/** Most packages first, then most downloads, then account name (a total order: accounts are unique per ecosystem). */
export function byReach(a: PublisherReach, b: PublisherReach): number {
	return (
		b.packages.length - a.packages.length ||
		b.weeklyDownloads - a.weeklyDownloads ||
		compareText(a.account, b.account) ||
		compareText(a.ecosystem, b.ecosystem)
	);
}

function keyOf(ecosystem: Ecosystem, account: string): string {
	return `${ecosystem}\u0000${account}`;
}

function sameContribution(a: Contribution | null, b: Contribution | null): boolean {
	if (a === null || b === null) return a === b;
	return (
		a.weekly === b.weekly &&
		a.accounts.length === b.accounts.length &&
		a.accounts.every((account, index) => account === b.accounts[index])
	);
}

export function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
