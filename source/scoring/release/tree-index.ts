import type {PackageAdvisories} from '../../advisories/types.js';
import type {DependencyGraph} from '../../graph/types.js';
import type {PackageFacts} from '../../registries/types.js';
import {lowerBound} from '../../util/sorted.js';
import {publisherKey, repositoryKey} from './identity.js';
import type {ReleaseTreeView} from './tree.js';
import {positionOf, timelineOf, timeOf} from './versions.js';

/**
 * The tree-level index the release checks query, built incrementally as facts arrive (the UI adds each flush's
 * facts, the headless run all of them at the end). Deterministic: the same facts give the same answers,
 * whatever the order they were added in.
 *
 * Costs, with V = versions of the packages added so far, D = their dependency edges:
 * - `add`: O(versions of the package) the first time its name is seen (metadata is per name), O(1) after; its
 *   locked version joins its publisher's list at the next query (merged: O(m log m + n) for m new of n);
 * - `dependencyFacts`: O(dependencies of the asking package);
 * - `publisherActivity`: O(log n + w) for a publisher with n releases in the tree, w of them inside the window
 *   (a binary search into its releases sorted by time, then a walk through the window counting distinct
 *   repositories); a monorepo releasing forty packages at once is forty entries of one repository;
 * - `publisherBursts`: O(log n + w) likewise, for the w releases inside the lookback (two pointers, a count per
 *   repository); asked only of a locked version that is in a burst, to tell a habit from an event, which makes
 *   that package a burst candidate of the publisher;
 * - `affectedBy`: O(ids added + their dependents) plus, per version a touched publisher released since the last
 *   call, a binary search into that publisher's locked versions for the ones within the burst window of it
 *   (the widest window a query has asked about), and the publisher's burst candidates (an older release can make
 *   their burst a habit): only packages whose `account-burst` evidence can have changed.
 *   Before any query, or for the first call, every package locked by a touched publisher.
 * Nothing here is quadratic in the tree: a 30k-entry tree is V + D work once, plus the queries — a prolific
 * publisher touched by every flush costs each flush only what its new versions can reach.
 */
export class ReleaseTreeIndex implements ReleaseTreeView {
	private readonly facts = new Map<string, PackageFacts>();
	/** `${ecosystem}:${name}` of the names already indexed. */
	private readonly indexedNames = new Set<string>();
	/** `${ecosystem}|${publisher key}` → every version it published, by time. */
	private readonly byPublisher = new Map<string, PublisherTimeline>();
	/** Repository key → its number (timelines store numbers), and the smallest package name seen for it. */
	private readonly repositoryIds = new Map<string, number>();
	private readonly repositoryNames: string[] = [];
	/** `${ecosystem}|${publisher key}` → the ids whose locked version that publisher released, by its time. */
	private readonly lockedBy = new Map<string, LockedTimeline>();
	/** Where each id is in `lockedBy` (facts can be replaced). */
	private readonly lockedAt = new Map<string, {readonly key: string; readonly time: number}>();
	/** Per publisher, the times of the versions added since the last `affectedBy` (once it has been called). */
	private newTimes: Map<string, number[]> | null = null;
	/** Half the widest window `publisherActivity` was asked about; null before any query. */
	private burstSpan: number | null = null;
	/**
	 * `${ecosystem}|${publisher key}` → the ids whose locked version was found in a burst (`publisherBursts` was
	 * asked for them): the only ones an older release of that publisher can affect, by making the burst its habit.
	 */
	private readonly burstCandidates = new Map<string, Set<string>>();
	private dependents: Map<string, string[]> | null = null;
	private readonly advisories = new Map<string, PackageAdvisories>();

	constructor(private graph: DependencyGraph) {}

	/**
	 * The graph as it has grown (resolution adds packages and edges while the scan runs). Facts stay; the reverse
	 * edges are rebuilt at the next `affectedBy`. O(1) now.
	 */
	setGraph(graph: DependencyGraph): void {
		if (graph === this.graph) return;
		this.graph = graph;
		this.dependents = null;
	}

	/** What the advisory lookup found for one package (replaces an earlier answer). O(1). */
	setAdvisories(id: string, advisories: PackageAdvisories): void {
		this.advisories.set(id, advisories);
	}

	advisoriesOf(id: string): PackageAdvisories | undefined {
		return this.advisories.get(id);
	}

	/**
	 * Adds (or replaces) one package's facts and returns the publisher keys whose activity changed (for
	 * `affectedBy`).
	 */
	add(id: string, facts: PackageFacts): string[] {
		this.facts.set(id, facts);
		const touched: string[] = [];
		const locked = facts.locked;
		const metadata = facts.metadata;
		const versions = metadata ? timelineOf(metadata) : undefined;
		const lockedAt = versions && locked ? positionOf(versions, locked) : -1;
		const lockedKey = locked ? (lockedAt >= 0 ? versions!.keys[lockedAt]! : publisherKey(locked)) : null;
		const lockedTime = locked ? timeOf(locked, versions, lockedAt) : Number.NaN;
		const previous = this.lockedAt.get(id);
		const scopedLocked = lockedKey === null ? null : `${facts.ecosystem}|${lockedKey}`;
		if (previous && (previous.key !== scopedLocked || previous.time !== lockedTime)) {
			this.lockedBy.get(previous.key)?.remove(id, previous.time);
			this.lockedAt.delete(id);
		}

		// Without a time, no window holds the locked version: no burst can ever be found for it.
		if (scopedLocked !== null && !Number.isNaN(lockedTime) && !this.lockedAt.has(id)) {
			let timeline = this.lockedBy.get(scopedLocked);
			if (!timeline) this.lockedBy.set(scopedLocked, (timeline = new LockedTimeline()));
			timeline.add(id, lockedTime);
			this.lockedAt.set(id, {key: scopedLocked, time: lockedTime});
		}

		const nameKey = `${facts.ecosystem}:${facts.name}`;
		if (!metadata || !versions || this.indexedNames.has(nameKey)) return touched;
		this.indexedNames.add(nameKey);
		// No repository known: the package is its own repository (it cannot be told apart from any other).
		const repository = this.repositoryId(
			repositoryKey(metadata.repository) ?? `package:${nameKey}`,
			facts.name,
		);
		// A package has few publishers and many versions, mostly one after the other by the same account: each
		// publisher's timeline (and its list of new times) is looked up once, the last one kept at hand.
		const {keys, times} = versions;
		const newTimes = this.newTimes;
		const timelines = new Map<string, {timeline: PublisherTimeline; added: number[] | null}>();
		let lastKey: string | null = null;
		let last: {timeline: PublisherTimeline; added: number[] | null} | undefined;
		for (let index = 0; index < keys.length; index++) {
			const key = keys[index]!;
			const time = times[index]!;
			if (key === null || Number.isNaN(time)) continue;
			if (key !== lastKey) {
				last = timelines.get(key);
				if (!last) {
					const scoped = `${facts.ecosystem}|${key}`;
					let timeline = this.byPublisher.get(scoped);
					if (!timeline) this.byPublisher.set(scoped, (timeline = new PublisherTimeline()));
					let added: number[] | null = null;
					if (newTimes) {
						added = newTimes.get(scoped) ?? null;
						if (!added) newTimes.set(scoped, (added = []));
					}

					timelines.set(key, (last = {timeline, added}));
					touched.push(scoped);
				}

				lastKey = key;
			}

			last!.timeline.add(time, repository);
			last!.added?.push(time);
		}

		return touched;
	}

	dependencyFacts(id: string, name: string): PackageFacts | undefined {
		const node = this.graph.packages.get(id);
		if (!node) return undefined;
		for (const dependency of node.dependencies) {
			const target = this.graph.packages.get(dependency);
			if (target?.name === name) return this.facts.get(dependency);
		}

		return undefined;
	}

	/** O(log n + w) for the w versions the publisher released inside the window. */
	publisherActivity(
		ecosystem: string,
		key: string,
		from: number,
		to: number,
		namedFrom = 0,
	): {repositories: number; packages: string[]} {
		const span = (to - from) / 2;
		if (this.burstSpan === null || span > this.burstSpan) this.burstSpan = span;
		const timeline = this.byPublisher.get(`${ecosystem}|${key}`);
		if (!timeline) return {repositories: 0, packages: []};
		const repositories = timeline.repositoriesBetween(from, to);
		if (repositories.size < namedFrom) return {repositories: repositories.size, packages: []};
		const names = [...repositories].map((repository) => this.repositoryNames[repository]!);
		return {repositories: repositories.size, packages: names.sort().slice(0, 3)};
	}

	/** O(log n + w) for the w versions the publisher released in [from, to). */
	publisherBursts(
		id: string,
		ecosystem: string,
		key: string,
		query: {from: number; to: number; span: number; repositories: number; enough: number},
	): number {
		const scoped = `${ecosystem}|${key}`;
		let candidates = this.burstCandidates.get(scoped);
		if (!candidates) this.burstCandidates.set(scoped, (candidates = new Set()));
		candidates.add(id);
		const timeline = this.byPublisher.get(scoped);
		if (!timeline) return 0;
		return timeline.burstsBetween(query.from, query.to, query.span, query.repositories, query.enough);
	}

	/**
	 * The ids whose tree-level evidence may have changed after `ids` were added with these touched publisher
	 * keys: the packages themselves, the packages that depend on them (`new-dependency`), and the packages
	 * whose locked version a touched publisher released (`account-burst`).
	 */
	affectedBy(ids: Iterable<string>, touchedKeys: Iterable<string>): Set<string> {
		const affected = new Set<string>();
		const dependents = this.dependentsIndex();
		for (const id of ids) {
			affected.add(id);
			for (const dependent of dependents.get(id) ?? []) affected.add(dependent);
		}

		const newTimes = this.newTimes;
		const span = this.burstSpan;
		for (const key of touchedKeys) {
			const locked = this.lockedBy.get(key);
			if (!locked) continue;
			const times = newTimes?.get(key);
			// Only the locked versions within a window of a new release can have a new burst; and of those already
			// in one, any can find it has become the publisher's habit (a package that is in no burst is not
			// asked about habits, and its burst window did not change).
			if (times && span !== null) {
				for (const time of times) locked.between(time - span, time + span, affected);
				if (times.length > 0) for (const id of this.burstCandidates.get(key) ?? []) affected.add(id);
			} else locked.all(affected);
		}

		this.newTimes = new Map();
		return affected;
	}

	private repositoryId(key: string, name: string): number {
		let id = this.repositoryIds.get(key);
		if (id === undefined) {
			id = this.repositoryNames.length;
			this.repositoryIds.set(key, id);
			this.repositoryNames.push(name);
		} else if (name < this.repositoryNames[id]!) {
			// The name shown for a repository is its smallest, whatever order the packages arrived in.
			this.repositoryNames[id] = name;
		}

		return id;
	}

	/** Reverse edges, built once: O(packages + edges). */
	private dependentsIndex(): Map<string, string[]> {
		if (this.dependents) return this.dependents;
		const dependents = new Map<string, string[]>();
		for (const node of this.graph.packages.values()) {
			for (const dependency of node.dependencies) {
				let list = dependents.get(dependency);
				if (!list) dependents.set(dependency, (list = []));
				list.push(node.id);
			}
		}

		this.dependents = dependents;
		return dependents;
	}
}

/**
 * Values sorted by a time (parallel arrays). Added ones wait and are merged in at the next read: the new ones sorted
 * through an index permutation (no tuple per entry), then both sorted runs merged — O(m log m + n) for m new of n,
 * where inserting each in place (a splice) costs O(n) apiece: quadratic for one account that locked thousands of
 * the tree's packages. Equal times keep the order they were added in.
 */
class TimeOrdered<T> {
	private times: number[] = [];
	private values: T[] = [];
	private pendingTimes: number[] = [];
	private pendingValues: T[] = [];

	/** O(1); merged at the next read. */
	add(time: number, value: T): void {
		this.pendingTimes.push(time);
		this.pendingValues.push(value);
	}

	/** Everything added so far, sorted by time. */
	sorted(): {readonly times: readonly number[]; readonly values: readonly T[]} {
		this.merge();
		return {times: this.times, values: this.values};
	}

	/** Takes one value at this time out (rare: replaced facts). */
	remove(value: T, time: number): void {
		this.merge();
		for (
			let index = lowerBound(this.times, time);
			index < this.times.length && this.times[index] === time;
			index++
		) {
			if (this.values[index] !== value) continue;
			this.times.splice(index, 1);
			this.values.splice(index, 1);
			return;
		}
	}

	private merge(): void {
		const count = this.pendingTimes.length;
		if (count === 0) return;
		const pendingTimes = this.pendingTimes;
		const pendingValues = this.pendingValues;
		this.pendingTimes = [];
		this.pendingValues = [];
		// Each package adds its versions oldest first: new entries often arrive in order already, and then after
		// everything before them (the first merge of a timeline), which needs no sort and no merge.
		let ascending = true;
		for (let index = 1; index < count && ascending; index++)
			ascending = pendingTimes[index - 1]! <= pendingTimes[index]!;
		const merged = this.times.length;
		if (ascending && (merged === 0 || this.times[merged - 1]! <= pendingTimes[0]!)) {
			this.times = merged === 0 ? pendingTimes : this.times.concat(pendingTimes);
			this.values = merged === 0 ? pendingValues : this.values.concat(pendingValues);
			return;
		}

		const order = new Uint32Array(count);
		for (let index = 0; index < count; index++) order[index] = index;
		if (!ascending) order.sort((a, b) => pendingTimes[a]! - pendingTimes[b]! || a - b);
		const times: number[] = new Array(this.times.length + count);
		const values: T[] = new Array(this.times.length + count);
		let old = 0;
		let next = 0;
		for (let index = 0; index < times.length; index++) {
			const takeOld =
				next >= count || (old < this.times.length && this.times[old]! <= pendingTimes[order[next]!]!);
			if (takeOld) {
				times[index] = this.times[old]!;
				values[index] = this.values[old++]!;
			} else {
				times[index] = pendingTimes[order[next]!]!;
				values[index] = pendingValues[order[next++]!]!;
			}
		}

		this.times = times;
		this.values = values;
	}
}

/** The ids whose locked version one publisher released, by that version's time. */
class LockedTimeline {
	private readonly entries = new TimeOrdered<string>();

	add(id: string, time: number): void {
		this.entries.add(time, id);
	}

	remove(id: string, time: number): void {
		this.entries.remove(id, time);
	}

	/** Adds the ids locked in [from, to] to `into`: O(log n + found), after a merge of what was added. */
	between(from: number, to: number, into: Set<string>): void {
		const {times, values} = this.entries.sorted();
		for (let index = lowerBound(times, from); index < times.length && times[index]! <= to; index++)
			into.add(values[index]!);
	}

	all(into: Set<string>): void {
		for (const id of this.entries.sorted().values) into.add(id);
	}
}

/** One publisher's releases across the tree, by time: the repository (its number) of each. */
class PublisherTimeline {
	private readonly releases = new TimeOrdered<number>();

	add(time: number, repository: number): void {
		this.releases.add(time, repository);
	}

	/** Distinct repositories with a release in [from, to]. */
	repositoriesBetween(from: number, to: number): Set<number> {
		const {times, values} = this.releases.sorted();
		const found = new Set<number>();
		for (let index = lowerBound(times, from); index < times.length && times[index]! <= to; index++)
			found.add(values[index]!);
		return found;
	}

	/**
	 * Windows of `span` in [from, to) holding releases of at least `repositories` distinct repositories, counted
	 * greedily (the next starts after the last one's end), up to `enough`. Two pointers with a count per
	 * repository: O(log n + w) for the w releases in [from, to).
	 */
	burstsBetween(from: number, to: number, span: number, repositories: number, enough: number): number {
		const {times, values} = this.releases.sorted();
		const end = lowerBound(times, to);
		const inWindow = new Map<number, number>();
		let bursts = 0;
		let last = lowerBound(times, from);
		for (let first = last; first < end && bursts < enough; ) {
			while (last < end && times[last]! - times[first]! <= span) {
				inWindow.set(values[last]!, (inWindow.get(values[last]!) ?? 0) + 1);
				last++;
			}

			if (inWindow.size >= repositories) {
				bursts++;
				inWindow.clear();
				first = last;
				continue;
			}

			const left = (inWindow.get(values[first]!) ?? 1) - 1;
			if (left === 0) inWindow.delete(values[first]!);
			else inWindow.set(values[first]!, left);
			first++;
		}

		return bursts;
	}
}
