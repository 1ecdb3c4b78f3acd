import {pathToFileURL} from 'node:url';
import {startScan} from '../../source/scan/index.js';
import type {ScanOptions} from '../../source/scan/types.js';
import {graphOf, type PackageSpec} from './registry-scan.js';

/**
 * A scan in its own process, for tests of what two processes do to one cache folder, and of what a scan costs
 * (its peak memory facing hostile responses). Argument: JSON `{options: ScanOptions, specs: PackageSpec[],
 * details?: true}`. Prints JSON `{facts, withErrors}`; with `details`, also `errors: {id: [...]}` and `maxRssMb`.
 */
async function main(): Promise<void> {
	const input = JSON.parse(process.argv[2]!) as {
		options: ScanOptions;
		specs: PackageSpec[];
		details?: boolean;
	};
	const scan = startScan(graphOf(input.specs), input.options);
	let facts = 0;
	let withErrors = 0;
	const errors: Record<string, string[]> = {};
	for await (const event of scan.events) {
		if (event.type !== 'facts') continue;
		facts += 1;
		errors[event.id] = event.facts.errors;
		if (event.facts.errors.length > 0 || !event.facts.metadata || !event.facts.downloads) withErrors += 1;
	}

	await scan.done;
	// resourceUsage().maxRSS is in kilobytes: the peak of the whole run, not a sample.
	const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
	process.stdout.write(
		JSON.stringify(input.details ? {facts, withErrors, errors, maxRssMb} : {facts, withErrors}),
	);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
