import {resolveRunPolicy} from '../../source/cli/project-policy.js';
import {scanAndScore} from '../../source/cli/scan-and-score.js';
import {defaultSettings} from '../../source/config/settings.js';
import type {DependencyGraph} from '../../source/graph/types.js';
import {loadProject} from '../../source/lockfiles/index.js';
import type {ReportInput} from '../../source/report/index.js';
import type {ScanOptions, ScanTuning} from '../../source/scan/types.js';
import {computeRollups} from '../../source/scoring/rollup.js';

/**
 * A project folder scanned and scored as the headless CLI does (default settings, the project's policy, a fixed
 * clock), as the input every report renderer takes.
 */
export async function headlessReportInput(
	directory: string,
	scanOptions: ScanOptions & ScanTuning,
	now: Date,
): Promise<{input: ReportInput; graph: DependencyGraph}> {
	const initial = loadProject({directory});
	const run = resolveRunPolicy({
		directory,
		flags: {},
		settings: defaultSettings,
		graph: initial,
		env: {},
		now,
	});
	const {reports, graph} = await scanAndScore(initial, scanOptions, run.settings, run.context);
	const input: ReportInput = {
		graph,
		reports,
		rollups: computeRollups(graph, reports),
		meta: {
			toolVersion: '1.2.3',
			generatedAt: now,
			failOn: 'high',
			thresholds: run.settings.thresholds,
			project: run.project,
		},
	};
	return {input, graph};
}
