import type {AdvisoryProgress, PackageAdvisories} from '../advisories/types.js';
import {scoreWithSettings} from '../config/score-with.js';
import type {Settings} from '../config/settings.js';
import type {DependencyGraph} from '../graph/types.js';
import {applyPolicy, type PolicyContext, subjectOf} from '../policy/apply.js';
import type {PackageFacts} from '../registries/types.js';
import {type ErrorTally, reasonsText, tallyErrors} from '../scan/error-tally.js';
import {createProgressLine, startScan} from '../scan/index.js';
import type {ScanOptions} from '../scan/types.js';
import {ReleaseTreeIndex} from '../scoring/release/tree-index.js';
import type {PackageReport} from '../scoring/types.js';
import {UsageError} from './errors.js';
import {writeMessage} from './output.js';

export type ScoredScan = {
	readonly reports: Map<string, PackageReport>;
	/** The graph as the scan grew it (resolution adds packages and edges); `graph` itself when nothing grew. */
	readonly graph: DependencyGraph;
	/** Hosts the scan marked unreachable (`registry.npmjs.org: connection refused`). */
	readonly downHosts: string[];
};

/**
 * Streams a scan of `initial` (growing it as resolution finds packages), with a progress line on stderr when it is
 * a terminal; then scores every package once, over the final graph, with its tree-level release evidence (new
 * dependencies, account bursts, advisories), and sees each report through the project's policy last (so that what
 * the policy accepts includes what the tree found). Nobody reads a report before the scan ends, so none is made
 * before the tree is known (scoring twice, once without the tree, cost a warm run a second verdict per package).
 * Ctrl+C aborts cleanly. Hosts that went down are warned about on stderr and returned (the gate needs them).
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
	const facts = new Map<string, PackageFacts>();
	const advisories = new Map<string, PackageAdvisories>();
	let downHosts: string[] = [];
	try {
		const scan = startScan(graph, scanOptions, controller.signal);
		for await (const event of scan.events) {
			if (event.type === 'facts') facts.set(event.id, event.facts);
			else if (event.type === 'advisories') advisories.set(event.id, event.advisories);
			else if (event.type === 'graph') graph = event.graph;
			else progressLine.update(event.progress);
		}

		const progress = scan.progress();
		downHosts = [...progress.downHosts];
		progressLine.done();
		for (const down of downHosts) writeMessage(`commit-tui: warning: ${down}`);
		const advisoryNotice = advisoryWarning(progress.advisories, scanOptions.offline);
		if (advisoryNotice) writeMessage(`commit-tui: warning: ${advisoryNotice}`);
		if (progress.invalidCacheEntries)
			writeMessage(invalidCacheWarning(progress.invalidCacheEntries, scanOptions.offline));
		if (progress.cacheWriteError) writeMessage(cacheWriteWarning(progress.cacheWriteError));
	} finally {
		progressLine.done();
		process.off('SIGINT', interrupt);
		process.off('SIGTERM', interrupt);
	}

	if (controller.signal.aborted) throw new UsageError('interrupted');
	// A placeholder fetched before its version was chosen is not in the final graph.
	for (const id of facts.keys()) if (!graph.packages.has(id)) facts.delete(id);
	// Offline, what is not cached is unknown without a line for it (as the advisories are).
	if (!scanOptions.offline) {
		const warning = packageErrorsWarning(tallyErrors(facts.values()), facts.size);
		if (warning) writeMessage(warning);
	}
	// The tree-level release evidence needs every package's facts (and advisories): one index, then one pass.
	const tree = new ReleaseTreeIndex(graph);
	for (const [id, found] of advisories) tree.setAdvisories(id, found);
	for (const [id, each] of facts) tree.add(id, each);
	const reports = new Map<string, PackageReport>();
	for (const [id, each] of facts) {
		const report = scoreWithSettings(id, each, settings, policy.now, tree);
		reports.set(id, applyPolicy(report, subjectOf(each), policy));
	}

	return {reports, graph, downHosts};
}

/**
 * What a CI log should know about the advisories: the host was down, or some packages stayed unknown; offline,
 * how old the cached answers are (what an offline run could not know is unknown, as its registry data is,
 * without a line for it).
 */
function advisoryWarning(progress: AdvisoryProgress | undefined, offline: boolean): string | null {
	if (!progress) return null;
	const cached = progress.oldestCached
		? `advisories from the cache, the oldest fetched ${progress.oldestCached}`
		: null;
	if (progress.errors === 0 || offline) return cached;
	// The host's being down says why; else the first unknown answer's reason (an OSV URL that answers HTML).
	const reason = progress.down ?? progress.firstError ?? null;
	const why = reason ? ` (${reason})` : '';
	const unknown = `advisories unknown for ${progress.errors} of ${progress.total} packages${why}`;
	return cached ? `${unknown}; ${cached}` : unknown;
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
 * `commit-tui: warning: 1989 of 1989 packages have errors: metadata: not a packument (1989), …`: one line for a CI
 * log, whose JSON would otherwise hold the reason once per package. Null when none has an error of its own.
 */
export function packageErrorsWarning(tally: ErrorTally, total: number): string | null {
	if (tally.packages === 0) return null;
	const packages = total === 1 ? 'package' : 'packages';
	const have = tally.packages === 1 ? 'has' : 'have';
	return `commit-tui: warning: ${tally.packages} of ${total} ${packages} ${have} errors: ${reasonsText(tally)}`;
}

/** A cache that keeps nothing makes every run cold: said once, with where and why, and how to point it elsewhere. */
export function cacheWriteWarning(failure: string): string {
	return `commit-tui: warning: cannot write the cache (${failure}); this run's answers are not kept (--cache-dir or COMMIT_TUI_CACHE_DIR names another folder)`;
}

/** The gate's lines on stderr, each prefixed like every other message (and sanitised: they name packages). */
export function printGate(lines: readonly string[]): void {
	for (const line of lines) writeMessage(`commit-tui: ${line}`);
}
