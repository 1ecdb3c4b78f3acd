import type {AdvisoryLookup} from '../advisories/lookup.js';
import type {AdvisoryProgress} from '../advisories/types.js';
import {Channel} from './channel.js';
import type {Scan, ScanEvent, ScanProgress} from './types.js';

/**
 * One scan from two producers: the registry scan and the advisory lookup run side by side, and their events
 * arrive in one stream (progress carries both). It ends when both have. The advisories never hold up the
 * registry facts: each producer is drained on its own.
 */
export function withAdvisories(scan: Scan, lookup: AdvisoryLookup): Scan {
	const channel = new Channel<ScanEvent>();
	let advisories: AdvisoryProgress = lookup.progress();
	let registry: ScanProgress = scan.progress();
	const merged = (): ScanProgress => ({...registry, advisories});
	const drainScan = (async () => {
		for await (const event of scan.events) {
			if (event.type === 'progress') {
				registry = event.progress;
				channel.push({type: 'progress', progress: merged()});
			} else channel.push(event);
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
		progress: () => ({...scan.progress(), advisories: lookup.progress()}),
		done,
	};
}
