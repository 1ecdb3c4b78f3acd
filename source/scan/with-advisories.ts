import type {AdvisoryLookup} from '../advisories/lookup.js';
import type {AdvisoryProgress} from '../advisories/types.js';
import {Channel} from './channel.js';
import type {Scan, ScanEvent, ScanProgress} from './types.js';

/**
 * One scan from two producers: the registry scan and the advisory lookup run side by side, and their events
 * arrive in one stream (progress carries both). It ends when both have. The advisories never hold up the
 * registry facts: each producer is drained on its own. When the scan grows the graph (resolution), the lookup
 * is told of each new graph and, once the scan has ended, that the graph is final.
 */
export function withAdvisories(scan: Scan, lookup: AdvisoryLookup): Scan {
	const channel = new Channel<ScanEvent>();
	let advisories: AdvisoryProgress = lookup.progress();
	let registry: ScanProgress = scan.progress();
	const merged = (): ScanProgress => combine(registry, advisories);
	const drainScan = (async () => {
		try {
			for await (const event of scan.events) {
				if (event.type === 'progress') {
					registry = event.progress;
					channel.push({type: 'progress', progress: merged()});
					continue;
				}

				if (event.type === 'graph') lookup.grow(event.graph);
				channel.push(event);
			}
		} finally {
			lookup.seal();
		}
	})();
	const drainLookup = (async () => {
		for await (const event of lookup.events) {
			if (event.type === 'progress') {
				advisories = event.progress;
				channel.push({type: 'progress', progress: merged()});
			} else channel.push(event);
		}
	})();
	const done = Promise.all([drainScan, drainLookup, scan.done, lookup.done]).then(() => {
		advisories = lookup.progress();
		registry = scan.progress();
		channel.push({type: 'progress', progress: merged()});
		channel.end();
	});
	return {
		events: channel,
		prioritize: (ids) => scan.prioritize(ids),
		progress: () => combine(scan.progress(), lookup.progress()),
		...(scan.graph ? {graph: () => scan.graph!()} : {}),
		done,
	};
}

/** The registry's progress with the lookup's beside it; bad cache entries of both counted together, a write failure of either. */
function combine(registry: ScanProgress, advisories: AdvisoryProgress): ScanProgress {
	const mine = registry.invalidCacheEntries;
	const theirs = advisories.invalidCacheEntries;
	const writeError = registry.cacheWriteError ?? advisories.cacheWriteError;
	const combined = writeError
		? {...registry, advisories, cacheWriteError: writeError}
		: {...registry, advisories};
	if (!theirs) return combined;
	return {
		...combined,
		invalidCacheEntries: {
			count: (mine?.count ?? 0) + theirs.count,
			first: mine?.first ?? theirs.first,
		},
	};
}
