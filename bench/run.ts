/**
 * `npm run bench`: every benchmark, each printing ratios against a baseline measured in the same run.
 * Figures, not assertions: tests never time anything.
 */
type Bench = {readonly title: string; readonly load: () => Promise<() => Promise<string[]>>};

const benches: Bench[] = [
	{title: 'Lockfile → JSON (issue 2)', load: async () => (await import('./parse.js')).benchParse},
	{title: 'Registry scan (issue 3)', load: async () => (await import('./registry.js')).benchRegistry},
	{title: 'Terminal UI (issue 5)', load: async () => (await import('./ui.js')).benchUi},
	{
		title: 'Scale: big trees, the cache and the HTTP client (issue 15)',
		load: async () => (await import('./scale.js')).benchScale,
	},
	{
		title: 'Large trees in the UI (issue 15, part B)',
		load: async () => (await import('./ui-large.js')).benchUiLarge,
	},
];

const only = process.argv[2];
let failed = false;
for (const bench of benches) {
	if (only && !bench.title.toLowerCase().includes(only.toLowerCase())) continue;
	console.log(`\n## ${bench.title}`);
	try {
		const run = await bench.load();
		for (const line of await run()) console.log(`  ${line}`);
	} catch (error) {
		failed = true;
		console.log(`  failed: ${error instanceof Error ? error.message : String(error)}`);
	}
}

process.exitCode = failed ? 1 : 0;
