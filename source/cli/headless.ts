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
import {describeWriteError, writeMessage, writeReport} from './output.js';

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
	const {graph} = options;
	// Resolve the scope before any request: a typo in --subtree should fail at once, not after a scan.
	const scope = subtreeScope(graph, options.subtree);
	printWarnings(graph.warnings);
	const reports = await fetchAndScore(graph, options.scanOptions, options.settings);
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

/**
 * Reader warnings go to stderr: a CI log shows them, a report on stdout stays clean. They quote lockfiles, so
 * each is sanitised (a package name can carry terminal escapes).
 */
function printWarnings(warnings: readonly string[], limit = 20): void {
	for (const warning of warnings.slice(0, limit)) writeMessage(`commit-tui: warning: ${warning}`);
	if (warnings.length > limit)
		writeMessage(`commit-tui: … and ${warnings.length - limit} more warnings (all in --json)`);
}

function subtreeScope(graph: DependencyGraph, spec: string | undefined): ReportScope {
	if (spec === undefined) return {kind: 'all'};
	const resolution = resolveSubtreeSpec(graph, spec);
	if (!resolution.ok) throw new UsageError(`--subtree: ${resolution.message}`);
	return {kind: 'subtree', id: resolution.id};
}

/** Streams the scan into scores, with a progress line on stderr when it is a terminal. Ctrl+C aborts cleanly. */
async function fetchAndScore(
	graph: DependencyGraph,
	scanOptions: ScanOptions,
	settings: Settings,
): Promise<Map<string, PackageReport>> {
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
			else progressLine.update(event.progress);
		}

		const {downHosts, invalidCacheEntries} = scan.progress();
		progressLine.done();
		for (const down of downHosts) writeMessage(`commit-tui: warning: ${down}`);
		if (invalidCacheEntries) writeMessage(invalidCacheWarning(invalidCacheEntries, scanOptions.offline));
	} finally {
		progressLine.done();
		process.off('SIGINT', interrupt);
		process.off('SIGTERM', interrupt);
	}

	if (controller.signal.aborted) throw new UsageError('interrupted');
	return reports;
}

/** Said once per run: which entries were bad, and what became of their packages. */
function invalidCacheWarning(invalid: {count: number; first: string | null}, offline: boolean): string {
	const entries = invalid.count === 1 ? '1 cache entry was' : `${invalid.count} cache entries were`;
	const what = invalid.first ? ` (${invalid.first}${invalid.count > 1 ? ', …' : ''})` : '';
	const one = invalid.count === 1;
	const then = offline
		? `${one ? 'its package is' : 'their packages are'} unknown in this offline run`
		: `${one ? 'its package was' : 'their packages were'} fetched again`;
	return `commit-tui: warning: ${entries} damaged or edited${what} and removed; ${then}`;
}

/**
 * stdout, or a file written atomically (a CI job never sees half a report). A reader that closes the pipe early
 * (`| head -1`) ends the writing quietly; a full disk is an error (exit 2).
 */
async function writeOutput(text: string, output: string | undefined): Promise<void> {
	const body = text.endsWith('\n') ? text : `${text}\n`;
	if (output === undefined || output === '-') {
		await writeReport(body);
		return;
	}

	try {
		await writeFileAtomic(path.resolve(output), body);
	} catch (error) {
		throw new UsageError(`cannot write ${output}: ${describeWriteError(error)}`);
	}
}
