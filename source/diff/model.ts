import {subtreeOf} from '../graph/query.js';
import type {DependencyGraph} from '../graph/types.js';
import {levelOf} from '../report/gate.js';
import {compareRisk, emptyRiskCounts} from '../scoring/levels.js';
import type {PackageReport, RiskLevel} from '../scoring/types.js';
import {changedIds, type GraphDiff} from './graph-diff.js';

/** One side of a diff: where its lockfiles came from and the graph they make. */
export type DiffSide = {
	/** As the user named it: `main`, `HEAD~1`, `old/package-lock.json`, `the working tree`. */
	readonly label: string;
	/** The commit it was read at, when it is a git ref. */
	readonly commit: string | null;
	readonly graph: DependencyGraph;
};

/** What a change brings in beneath one direct dependency: "this PR adds 2 HIGH beneath express". */
export type DirectRollupChange = {
	/** The root (project or workspace) the dependency belongs to. */
	readonly rootId: string;
	readonly rootName: string;
	/** The direct dependency (head side). */
	readonly id: string;
	/** Whether the direct dependency itself was added or bumped. */
	readonly itself: boolean;
	/** Packages added or changed beneath it (itself included), by level. */
	readonly counts: Record<RiskLevel, number>;
	readonly ids: readonly string[];
	/** The worst level among them. */
	readonly worst: RiskLevel;
};

/** An account that can publish packages the change brings into the tree. */
export type PublisherGain = {
	readonly account: string;
	readonly ecosystem: string;
	/** The added packages it can publish. */
	readonly packages: readonly string[];
	/** Their weekly downloads (unknown ones count 0). */
	readonly weeklyDownloads: number;
};

/** A diff with its scores: what every diff report renders. */
export type DiffModel = {
	readonly base: DiffSide;
	readonly head: DiffSide;
	readonly diff: GraphDiff;
	/** Scores of what was added or changed, and of the versions changes moved from. */
	readonly reports: ReadonlyMap<string, PackageReport>;
	/** Added ids and the new side of every change: what is scored, reported and gated. */
	readonly changedIds: readonly string[];
	readonly rollups: readonly DirectRollupChange[];
	readonly publishers: readonly PublisherGain[];
	/** Reader warnings of both sides and the diff's own (a base without lockfiles). */
	readonly warnings: readonly string[];
};

/** Puts the scored diff together. Pure. */
export function buildDiffModel(input: {
	readonly base: DiffSide;
	readonly head: DiffSide;
	readonly diff: GraphDiff;
	readonly reports: ReadonlyMap<string, PackageReport>;
	readonly warnings?: readonly string[];
}): DiffModel {
	return {
		...input,
		changedIds: changedIds(input.diff),
		rollups: directRollupChanges(input.head.graph, input.diff, input.reports),
		publishers: publisherGains(input.diff, input.reports),
		warnings: input.warnings ?? [],
	};
}

/**
 * For each direct dependency of each head root: the packages beneath it (itself included) that its root's
 * diff added or moved to, counted by level. Dependencies with nothing new beneath are left out; the rest come
 * worst first.
 */
export function directRollupChanges(
	head: DependencyGraph,
	diff: GraphDiff,
	reports: ReadonlyMap<string, PackageReport>,
): DirectRollupChange[] {
	const changes: DirectRollupChange[] = [];
	for (const rootDiff of diff.roots) {
		const root = head.roots.find((candidate) => candidate.id === rootDiff.headRoot);
		if (!root) continue;
		const touched = new Set([...rootDiff.added, ...rootDiff.changed.map((change) => change.to)]);
		if (touched.size === 0) continue;
		for (const direct of root.dependencies) {
			const ids = [...subtreeOf(head, direct)].filter((id) => touched.has(id)).sort();
			if (ids.length === 0) continue;
			const counts = emptyRiskCounts();
			for (const id of ids) counts[levelOf(reports.get(id))] += 1;
			const worst = ids.map((id) => levelOf(reports.get(id))).sort(compareRisk)[0]!;
			changes.push({
				rootId: root.id,
				rootName: root.name,
				id: direct,
				itself: touched.has(direct),
				counts,
				ids,
				worst,
			});
		}
	}

	return changes.sort(
		(a, b) => compareRisk(a.worst, b.worst) || b.ids.length - a.ids.length || a.id.localeCompare(b.id),
	);
}

/**
 * Accounts that can publish the packages the change adds (names new to a root): the reach the change hands
 * them in this tree, most packages first, then most downloads. Version bumps are left out: the same accounts
 * could publish the package before.
 */
export function publisherGains(
	diff: GraphDiff,
	reports: ReadonlyMap<string, PackageReport>,
): PublisherGain[] {
	const byAccount = new Map<string, {account: string; ecosystem: string; packages: Set<string>}>();
	for (const id of diff.added) {
		const report = reports.get(id);
		const publishers = report?.facts?.metadata?.publishers;
		if (!report?.facts || !publishers) continue;
		for (const account of new Set(publishers.map((publisher) => publisher.name))) {
			const key = `${report.facts.ecosystem}\u0000${account}`;
			let entry = byAccount.get(key);
			if (!entry) {
				entry = {account, ecosystem: report.facts.ecosystem, packages: new Set()};
				byAccount.set(key, entry);
			}

			entry.packages.add(id);
		}
	}

	return [...byAccount.values()]
		.map((entry) => {
			const packages = [...entry.packages].sort();
			const weeklyDownloads = packages.reduce(
				(total, id) => total + (reports.get(id)?.stats.weeklyDownloads ?? 0),
				0,
			);
			return {account: entry.account, ecosystem: entry.ecosystem, packages, weeklyDownloads};
		})
		.sort(
			(a, b) =>
				b.packages.length - a.packages.length ||
				b.weeklyDownloads - a.weeklyDownloads ||
				a.account.localeCompare(b.account),
		);
}

/** The locked version's publisher before and after a change, when the registry says and they differ. */
export function publisherChange(
	from: PackageReport | undefined,
	to: PackageReport | undefined,
): {readonly before: string; readonly after: string} | null {
	const before = from?.facts?.locked?.publishedBy ?? null;
	const after = to?.facts?.locked?.publishedBy ?? null;
	return before && after && before !== after ? {before, after} : null;
}
