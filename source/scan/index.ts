import {AdvisoryLookup} from '../advisories/lookup.js';
import type {DependencyGraph} from '../graph/types.js';
import {Scheduler} from './scheduler.js';
import type {Scan, ScanOptions, ScanTuning} from './types.js';
import {withAdvisories} from './with-advisories.js';

export {isRegistryPackage} from './plan.js';
export {createProgressLine, formatProgress} from './progress-line.js';

/**
 * Fetches registry facts for every registry package of `graph` (the caller has already applied --prod)
 * and streams them as `facts` events, with throttled `progress` events; with `options.advisories` enabled, the
 * OSV lookup runs beside it and streams `advisories` events. Abort with `signal`: in-flight requests are
 * cancelled and `events` ends.
 */
export function startScan(
	graph: DependencyGraph,
	options: ScanOptions & ScanTuning,
	signal?: AbortSignal,
): Scan {
	const scheduler = new Scheduler(graph, options, signal);
	scheduler.start();
	if (!options.advisories?.enabled) return scheduler.scan;
	const lookup = new AdvisoryLookup(graph, options, signal);
	lookup.start();
	return withAdvisories(scheduler.scan, lookup);
}
