import type {Advisory} from '../advisories/types.js';
import type {DependencyGraph, PackageNode} from '../graph/types.js';
import type {PublisherAccount} from '../registries/types.js';
import {compareRisk, emptyRiskCounts} from '../scoring/levels.js';
import {publisherConcentration} from '../scoring/publishers.js';
import {computeRollups} from '../scoring/rollup.js';
import {defaultThresholds, type Thresholds} from '../scoring/thresholds.js';
import type {PackageReport, PublisherReach, RiskFlag, RiskLevel, Rollup} from '../scoring/types.js';
import {formatInteger} from '../text/format.js';
import {describeScope, resolveScope} from './scope.js';
import type {FailOn, ReportInput, ReportScope} from './types.js';

/** One package as every report format shows it. Strings are raw (untrusted): escape when rendering. */
export type ReportRow = {
	readonly node: PackageNode;
	readonly report: PackageReport | null;
	readonly risk: RiskLevel;
	readonly score: number | null;
	readonly publishers: number | null;
	readonly publisherNames: string[] | null;
	readonly weeklyDownloads: number | null;
	readonly lastPublished: string | null;
	readonly flags: readonly RiskFlag[];
	readonly reasons: readonly string[];
	readonly rollup: Rollup | null;
	/**
	 * The names on the shortest path from a root to this package, the package itself excluded
	 * (`['requests']` for certifi under requests); empty for a direct dependency or an unreachable package.
	 */
	readonly via: readonly string[];
};

/** The input, resolved once: scope, rows sorted worst first, counts, roll-ups and publishers. */
export type PreparedReport = {
	readonly graph: DependencyGraph;
	readonly scope: ReportScope;
	readonly scopeIds: ReadonlySet<string>;
	readonly scopeDescription: string;
	/** Rows of the packages in scope, in graph order. */
	readonly rows: readonly ReportRow[];
	/** The same rows, worst first (then most downloaded, then name). */
	readonly rowsByRisk: readonly ReportRow[];
	readonly byRisk: Record<RiskLevel, number>;
	/**
	 * How many of the `unknown` are local packages (a workspace, a link, a folder, a git or URL source): never looked
	 * up in a registry, so unknown by nature rather than for want of data.
	 */
	readonly localPackages: number;
	readonly rollups: ReadonlyMap<string, Rollup>;
	readonly publishers: readonly PublisherReach[];
	readonly toolName: string;
	readonly toolVersion: string;
	readonly generatedAt: string;
	readonly now: Date;
	/** The SARIF listing threshold: `failOn`, or `high` when none was given. */
	readonly listFrom: Exclude<FailOn, 'none'>;
	readonly thresholds: Thresholds;
};

/** Resolve a report input into what the renderers share. Pure. */
export function prepareReport(input: ReportInput): PreparedReport {
	const scope = input.scope ?? {kind: 'all'};
	const scopeIds = resolveScope(input.graph, scope);
	const rollups = input.rollups ?? computeRollups(input.graph, input.reports);
	const rows: ReportRow[] = [];
	const byRisk = emptyRiskCounts();
	let localPackages = 0;
	const parents = shortestParents(input.graph);
	for (const [id, node] of input.graph.packages) {
		if (!scopeIds.has(id)) continue;
		const row = makeRow(
			node,
			input.reports.get(id) ?? null,
			rollups.get(id) ?? null,
			viaOf(input.graph, parents, id),
		);
		byRisk[row.risk] += 1;
		if (!row.report && isLocal(node)) localPackages += 1;
		rows.push(row);
	}

	const now =
		typeof input.meta.generatedAt === 'string' ? new Date(input.meta.generatedAt) : input.meta.generatedAt;
	const failOn = input.meta.failOn ?? 'none';
	return {
		graph: input.graph,
		scope,
		scopeIds,
		scopeDescription: describeScope(input.graph, scope),
		rows,
		rowsByRisk: [...rows].sort(compareRows),
		byRisk,
		localPackages,
		rollups,
		// Always over the report's scope: a subtree or the marked packages list only their own accounts, in the
		// headless CLI and in UI exports alike (a whole-tree list passed in from the UI was the bug).
		publishers: publisherConcentration(input.graph, input.reports, scopeIds),
		toolName: input.meta.toolName ?? 'commit-tui',
		toolVersion: input.meta.toolVersion,
		generatedAt: now.toISOString(),
		now,
		listFrom: failOn === 'none' ? 'high' : failOn,
		thresholds: input.meta.thresholds ?? defaultThresholds,
	};
}

/** Each package's parent on a shortest path from a root (breadth-first over every root): O(V + E). */
function shortestParents(graph: DependencyGraph): Map<string, string | null> {
	const parents = new Map<string, string | null>();
	let frontier: string[] = [];
	for (const root of graph.roots) {
		for (const id of root.dependencies) {
			if (parents.has(id) || !graph.packages.has(id)) continue;
			parents.set(id, null);
			frontier.push(id);
		}
	}

	while (frontier.length > 0) {
		const next: string[] = [];
		for (const id of frontier) {
			for (const child of graph.packages.get(id)?.dependencies ?? []) {
				if (parents.has(child) || !graph.packages.has(child)) continue;
				parents.set(child, id);
				next.push(child);
			}
		}

		frontier = next;
	}

	return parents;
}

function viaOf(graph: DependencyGraph, parents: ReadonlyMap<string, string | null>, id: string): string[] {
	const via: string[] = [];
	let parent = parents.get(id) ?? null;
	while (parent !== null && via.length < 100) {
		via.unshift(graph.packages.get(parent)?.name ?? parent);
		parent = parents.get(parent) ?? null;
	}

	return via;
}

/** `requests › certifi`: the path that brings a transitive package in, or '' for a direct one. */
export function viaPhrase(row: ReportRow): string {
	return row.via.length === 0 ? '' : [...row.via, row.node.name].join(' › ');
}

function makeRow(
	node: PackageNode,
	report: PackageReport | null,
	rollup: Rollup | null,
	via: readonly string[],
): ReportRow {
	const metadata = report?.facts?.metadata ?? null;
	return {
		node,
		report,
		risk: report?.risk ?? 'unknown',
		score: report?.score ?? null,
		publishers: report?.stats.publishers ?? null,
		publisherNames: metadata?.publishers ? namesOf(metadata.publishers) : null,
		weeklyDownloads: report?.stats.weeklyDownloads ?? null,
		lastPublished: report?.stats.lastPublished ?? null,
		flags: report?.flags ?? [],
		reasons: report ? report.reasons : [missingReason(node)],
		rollup,
		via,
	};
}

/** Not a registry package: a workspace, a link, a folder, a git or URL source (never looked up). */
export function isLocal(node: PackageNode): boolean {
	return node.source !== undefined && node.source !== 'registry';
}

/** Everything in the report that could have registry data is unknown (offline, graph-only, every fetch failed). */
export function noRegistryData(report: PreparedReport): boolean {
	const registry = report.rows.length - report.localPackages;
	return registry > 0 && report.byRisk.unknown - report.localPackages === registry;
}

/** `3 unknown` / `3 unknown (2 local, not looked up)`: the unknown count, saying how many are local packages. */
export function unknownCountText(report: PreparedReport): string {
	const unknown = formatInteger(report.byRisk.unknown);
	return report.localPackages > 0
		? `${unknown} unknown (${formatInteger(report.localPackages)} local, not looked up)`
		: `${unknown} unknown`;
}

/**
 * The account names of a publishers list, once per list: every locked version of a name shares its metadata
 * (rows only read them).
 */
const publisherNames = new WeakMap<readonly PublisherAccount[], string[]>();

function namesOf(publishers: readonly PublisherAccount[]): string[] {
	let names = publisherNames.get(publishers);
	if (!names) publisherNames.set(publishers, (names = publishers.map((account) => account.name)));
	return names;
}

/** Why a package has no report: not a registry package, or no data was fetched (offline, graph-only run). */
export function missingReason(node: PackageNode): string {
	const source = node.source ?? 'registry';
	return source === 'registry'
		? 'no registry data (not fetched)'
		: `${source} package: not looked up in a registry`;
}

function compareRows(a: ReportRow, b: ReportRow): number {
	return (
		compareRisk(a.risk, b.risk) ||
		(b.weeklyDownloads ?? -1) - (a.weeklyDownloads ?? -1) ||
		(a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0)
	);
}

const severityOrder = {critical: 1, high: 2, moderate: 3, low: 4} as const;

/** Every (package, advisory) of the scope: malicious reports first, then by severity, then by package. */
export function advisoryRows(report: PreparedReport): Array<{row: ReportRow; advisory: Advisory}> {
	const entries = report.rows.flatMap((row) =>
		(row.report?.release?.advisories ?? []).map((advisory) => ({row, advisory})),
	);
	const rank = (advisory: Advisory) =>
		advisory.malicious ? 0 : advisory.severity ? severityOrder[advisory.severity] : 5;
	return entries.sort(
		(a, b) =>
			rank(a.advisory) - rank(b.advisory) ||
			(a.row.node.id < b.row.node.id ? -1 : a.row.node.id > b.row.node.id ? 1 : 0),
	);
}

/** "2 critical, 5 high" — the serious levels beneath a node, or '' when none. */
export function rollupPhrase(rollup: Rollup | null): string {
	if (!rollup) return '';
	const parts = (['critical', 'high', 'moderate'] as const)
		.filter((level) => rollup.counts[level] > 0)
		.map((level) => `${rollup.counts[level]} ${level}`);
	return parts.join(', ');
}
