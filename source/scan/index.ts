import {AdvisoryLookup} from '../advisories/lookup.js';
import {FactsCache} from '../cache/index.js';
import type {DependencyGraph} from '../graph/types.js';
import {maintainAfterScan, Scheduler} from './scheduler.js';
import type {Scan, ScanOptions, ScanTuning} from './types.js';
import {withAdvisories} from './with-advisories.js';

export {isRegistryPackage} from './plan.js';
export {createProgressLine, formatProgress} from './progress-line.js';

/**
 * Fetches registry facts for every registry package of `graph` (the caller has already applied --prod)
 * and streams them as `facts` events, with throttled `progress` events; with `options.advisories` enabled, the
 * OSV lookup runs beside it and streams `advisories` events. Abort with `signal`: in-flight requests are
 * cancelled and `events` ends. Both read and write one cache instance (a warm run reads the packed cache once),
 * maintained once both have ended.
 */
export function startScan(
	graph: DependencyGraph,
	options: ScanOptions & ScanTuning,
	signal?: AbortSignal,
): Scan {
	const cache = options.cacheDir ? new FactsCache(options.cacheDir, options.maxCacheBytes) : null;
	const scheduler = new Scheduler(graph, options, signal, cache);
	scheduler.start();
	let scan = scheduler.scan;
	if (options.advisories?.enabled) {
		const lookup = new AdvisoryLookup(graph, options, signal, cache);
		lookup.start();
		scan = withAdvisories(scan, lookup);
	}

	if (cache) void scan.done.then(() => maintainAfterScan(cache));
	return scan;
}
