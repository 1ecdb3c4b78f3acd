import {scoreWithSettings} from '../config/score-with.js';
import type {Settings} from '../config/settings.js';
import type {DependencyGraph} from '../graph/types.js';
import {applyPolicy, type PolicyContext, subjectOf} from '../policy/apply.js';
import {createProgressLine, startScan} from '../scan/index.js';
import type {ScanOptions} from '../scan/types.js';
import type {PackageReport} from '../scoring/types.js';
import {sanitizeText} from '../text/sanitize.js';
import {UsageError} from './errors.js';

export type ScoredScan = {
	readonly reports: Map<string, PackageReport>;
	/** The graph as the scan grew it (resolution adds packages and edges); `graph` itself when nothing grew. */
	readonly graph: DependencyGraph;
	/** Hosts the scan marked unreachable (`registry.npmjs.org: connection refused`). */
	readonly downHosts: string[];
};

/**
 * Streams a scan of `initial` (growing it as resolution finds packages) into scores, each seen through the project's policy, with a progress line on
 * stderr when it is a terminal. Ctrl+C aborts cleanly. Hosts that went down are warned about on stderr and
 * returned (the gate needs them).
 */
export async function scanAndScore(
	initial: DependencyGraph,
	scanOptions: ScanOptions,
	settings: Settings,
	policy: PolicyContext,
): Promise<ScoredScan> {
	let graph = initial;
	const controller = new AbortController();
	const interrupt = () => controller.abort();
	process.once('SIGINT', interrupt);
	process.once('SIGTERM', interrupt);
	const progressLine = createProgressLine(process.stderr);
	const reports = new Map<string, PackageReport>();
	let downHosts: string[] = [];
	try {
		const scan = startScan(graph, scanOptions, controller.signal);
		for await (const event of scan.events) {
			if (event.type === 'facts') {
				const report = scoreWithSettings(event.id, event.facts, settings, policy.now);
				reports.set(event.id, applyPolicy(report, subjectOf(event.facts), policy));
			} else if (event.type === 'graph') graph = event.graph;
			else progressLine.update(event.progress);
		}

		downHosts = [...scan.progress().downHosts];
		progressLine.done();
		for (const down of downHosts) process.stderr.write(`commit-tui: warning: ${sanitizeText(down)}\n`);
	} finally {
		progressLine.done();
		process.off('SIGINT', interrupt);
		process.off('SIGTERM', interrupt);
	}

	if (controller.signal.aborted) throw new UsageError('interrupted');
	// A placeholder scored before its version was chosen is not in the final graph.
	for (const id of reports.keys()) if (!graph.packages.has(id)) reports.delete(id);
	return {reports, graph, downHosts};
}

/** The gate's lines on stderr, each prefixed like every other message. */
export function printGate(lines: readonly string[]): void {
	for (const line of lines) process.stderr.write(`commit-tui: ${line}\n`);
}
