import {pathToFileURL} from 'node:url';
import {startScan} from '../../source/scan/index.js';
import type {ScanOptions} from '../../source/scan/types.js';
import {graphOf, type PackageSpec} from './registry-scan.js';

/**
 * A scan in its own process, for tests of what two processes do to one cache folder.
 * Argument: JSON `{options: ScanOptions, specs: PackageSpec[]}`. Prints JSON `{facts, withErrors}`.
 */
async function main(): Promise<void> {
	const input = JSON.parse(process.argv[2]!) as {options: ScanOptions; specs: PackageSpec[]};
	const scan = startScan(graphOf(input.specs), input.options);
	let facts = 0;
	let withErrors = 0;
	for await (const event of scan.events) {
		if (event.type !== 'facts') continue;
		facts += 1;
		if (event.facts.errors.length > 0 || !event.facts.metadata || !event.facts.downloads) withErrors += 1;
	}

	await scan.done;
	process.stdout.write(JSON.stringify({facts, withErrors}));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
