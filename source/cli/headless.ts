import path from 'node:path';
import {scoreWithSettings} from '../config/score-with.js';
import type {Settings} from '../config/settings.js';
import type {DependencyGraph} from '../graph/types.js';
import {
	type FailOn,
	gateExitCode,
	type ReportFormat,
	type ReportInput,
	type ReportScope,
	renderReport,
	renderSummary,
} from '../report/index.js';
import {resolveScope, resolveSubtreeSpec} from '../report/scope.js';
import {createProgressLine, startScan} from '../scan/index.js';
import type {ScanOptions} from '../scan/types.js';
import {computeRollups} from '../scoring/rollup.js';
import type {PackageReport} from '../scoring/types.js';
import {writeFileAtomic} from '../util/atomic-write.js';
import {UsageError} from './errors.js';

export type HeadlessOptions = {
	readonly graph: DependencyGraph;
	readonly settings: Settings;
	readonly scanOptions: ScanOptions;
	/** Undefined: the short human summary. */
	readonly format: ReportFormat | undefined;
	readonly output: string | undefined;
	readonly subtree: string | undefined;
	readonly failOn: FailOn;
	readonly version: string;
};

/**
 * A run without a UI (CI, a pipe, `--format`): fetch, score, write one report, and turn the result into an
 * exit code. Nothing here loads ink or react.
 */
export async function runHeadless(options: HeadlessOptions): Promise<number> {
	const initial = options.graph;
	// Resolve the scope before any request: a typo in --subtree should fail at once, not after a scan. When the
	// scan resolves versions, the names and ids it will have are known only afterwards.
	const early = initial.resolution ? null : subtreeScope(initial, options.subtree);
	printWarnings(initial.warnings);
	const {reports, graph} = await fetchAndScore(initial, options.scanOptions, options.settings);
	// What resolution found out (resolved counts, conflicts, missing metadata) comes after the scan.
	printWarnings(graph.warnings.slice(initial.warnings.length));
	const scope = early ?? subtreeScope(graph, options.subtree);
	const input: ReportInput = {
		graph,
		reports,
		rollups: computeRollups(graph, reports),
		scope,
		meta: {
			toolVersion: options.version,
			generatedAt: new Date(),
			failOn: options.failOn,
			thresholds: options.settings.thresholds,
		},
	};
	const text = options.format ? renderReport(options.format, input) : renderSummary(input);
	await writeOutput(text, options.output);
	const inScope = resolveScope(graph, scope);
	const levels = [...inScope].map((id) => reports.get(id)?.risk ?? 'unknown');
	return gateExitCode(levels, options.failOn);
}

/** Reader warnings go to stderr: a CI log shows them, a report on stdout stays clean. */
function printWarnings(warnings: readonly string[], limit = 20): void {
	for (const warning of warnings.slice(0, limit)) process.stderr.write(`commit-tui: warning: ${warning}\n`);
	if (warnings.length > limit) {
		process.stderr.write(`commit-tui: … and ${warnings.length - limit} more warnings (all in --json)\n`);
	}
}

function subtreeScope(graph: DependencyGraph, spec: string | undefined): ReportScope {
	if (spec === undefined) return {kind: 'all'};
	const resolution = resolveSubtreeSpec(graph, spec);
	if (!resolution.ok) throw new UsageError(`--subtree: ${resolution.message}`);
	return {kind: 'subtree', id: resolution.id};
}

/**
 * Streams the scan into scores, with a progress line on stderr when it is a terminal. Ctrl+C aborts cleanly.
 * Returns the graph as the scan grew it (resolution), and the reports of its packages.
 */
async function fetchAndScore(
	initial: DependencyGraph,
	scanOptions: ScanOptions,
	settings: Settings,
): Promise<{reports: Map<string, PackageReport>; graph: DependencyGraph}> {
	let graph = initial;
	const controller = new AbortController();
	const interrupt = () => controller.abort();
	process.once('SIGINT', interrupt);
	process.once('SIGTERM', interrupt);
	const progressLine = createProgressLine(process.stderr);
	const reports = new Map<string, PackageReport>();
	const now = new Date();
	try {
		const scan = startScan(graph, scanOptions, controller.signal);
		for await (const event of scan.events) {
			if (event.type === 'facts')
				reports.set(event.id, scoreWithSettings(event.id, event.facts, settings, now));
			else if (event.type === 'graph') graph = event.graph;
			else progressLine.update(event.progress);
		}

		const {downHosts} = scan.progress();
		progressLine.done();
		for (const down of downHosts) process.stderr.write(`commit-tui: warning: ${down}\n`);
	} finally {
		progressLine.done();
		process.off('SIGINT', interrupt);
		process.off('SIGTERM', interrupt);
	}

	if (controller.signal.aborted) throw new UsageError('interrupted');
	// A placeholder scored before its version was chosen is not in the final graph.
	for (const id of reports.keys()) if (!graph.packages.has(id)) reports.delete(id);
	return {reports, graph};
}

/** stdout, or a file written atomically (a CI job never sees half a report). */
async function writeOutput(text: string, output: string | undefined): Promise<void> {
	const body = text.endsWith('\n') ? text : `${text}\n`;
	if (output === undefined || output === '-') {
		process.stdout.write(body);
		return;
	}

	try {
		await writeFileAtomic(path.resolve(output), body);
	} catch (error) {
		throw new UsageError(`cannot write ${output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
	}
}
