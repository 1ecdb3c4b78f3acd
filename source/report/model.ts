import type {DependencyGraph, PackageNode} from '../graph/types.js';
import {compareRisk, emptyRiskCounts} from '../scoring/levels.js';
import {publisherConcentration} from '../scoring/publishers.js';
import {computeRollups} from '../scoring/rollup.js';
import {defaultThresholds, type Thresholds} from '../scoring/thresholds.js';
import type {PackageReport, PublisherReach, RiskFlag, RiskLevel, Rollup} from '../scoring/types.js';
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
	for (const [id, node] of input.graph.packages) {
		if (!scopeIds.has(id)) continue;
		const row = makeRow(node, input.reports.get(id) ?? null, rollups.get(id) ?? null);
		byRisk[row.risk] += 1;
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

function makeRow(node: PackageNode, report: PackageReport | null, rollup: Rollup | null): ReportRow {
	const metadata = report?.facts?.metadata ?? null;
	return {
		node,
		report,
		risk: report?.risk ?? 'unknown',
		score: report?.score ?? null,
		publishers: report?.stats.publishers ?? null,
		publisherNames: metadata?.publishers ? metadata.publishers.map((account) => account.name) : null,
		weeklyDownloads: report?.stats.weeklyDownloads ?? null,
		lastPublished: report?.stats.lastPublished ?? null,
		flags: report?.flags ?? [],
		reasons: report ? report.reasons : [missingReason(node)],
		rollup,
	};
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

/** "2 critical, 5 high" — the serious levels beneath a node, or '' when none. */
export function rollupPhrase(rollup: Rollup | null): string {
	if (!rollup) return '';
	const parts = (['critical', 'high', 'moderate'] as const)
		.filter((level) => rollup.counts[level] > 0)
		.map((level) => `${rollup.counts[level]} ${level}`);
	return parts.join(', ');
}
