/**
 * Look at the real screen without a network: `npx tsx test/helpers/ink-demo.tsx [lockfile-dir]`.
 * Loads the lockfiles, streams synthetic facts, scores them for real. Not a test.
 */

import {defaultSettings} from '../../source/config/settings.js';
import {scorePackage} from '../../source/scoring/score.js';
import {runTui} from '../../source/ui/run.js';
import {makeBigGraph} from './ink-fixtures.js';
import {syntheticScan} from './ink-synthetic.js';

const directory = process.argv[2] ?? 'bench/fixtures/large';
async function load() {
	try {
		const {loadProject} = await import('../../source/lockfiles/index.js');
		return loadProject({directory});
	} catch (error) {
		console.error(`demo: ${error instanceof Error ? error.message : String(error)}; using a generated graph`);
		return makeBigGraph(2300);
	}
}

const graph = await load();
const now = new Date();
const code = await runTui({
	graph,
	settings: defaultSettings,
	startScan: (signal) => syntheticScan(graph, signal, {intervalMs: 15, batch: 8, now}),
	score: (id, facts) => scorePackage(id, facts, defaultSettings.thresholds, now),
	exportReport: async () => '/tmp/not-written.md',
	saveSettings: () => {},
	lockfileLabel: graph.lockfiles.map((lockfile) => lockfile.path).join(', '),
	offline: false,
});
process.exit(code);
