import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {resolveRunPolicy} from '../../source/cli/project-policy.js';
import {scanAndScore} from '../../source/cli/scan-and-score.js';
import {defaultSettings} from '../../source/config/settings.js';
import type {DependencyGraph} from '../../source/graph/types.js';
import {loadProject} from '../../source/lockfiles/index.js';
import type {ReportInput} from '../../source/report/index.js';
import type {ScanOptions, ScanTuning} from '../../source/scan/types.js';
import {computeRollups} from '../../source/scoring/rollup.js';
import {repoRoot} from './paths.js';
import {defaultDataset, registryNow} from './registry-data.js';
import {type RegistryServer, startRegistryServer} from './registry-server.js';
import {releaseAdvisories, releaseDataset, releaseLockfile} from './release-data.js';
import {datasetForGraph} from './synthetic-dataset.js';

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

/** The two real-shaped trees the report tests scan, each with a local registry serving it. */
export type ReportTrees = {
	/** The 2,350-entry bench lockfile, and plausible registry data for every package of it. */
	readonly large: {readonly directory: string; readonly server: RegistryServer};
	/** The release fixture (a hijacked release, release evidence, OSV advisories), written into `folder`. */
	readonly release: {readonly directory: string; readonly server: RegistryServer};
	close(): Promise<void>;
};

export async function startReportTrees(folder: string): Promise<ReportTrees> {
	const large = path.join(repoRoot, 'bench', 'fixtures', 'large');
	const largeServer = await startRegistryServer({dataset: datasetForGraph(loadProject({directory: large}))});
	const base = defaultDataset();
	const releaseServer = await startRegistryServer({
		dataset: {
			...base,
			npm: [...base.npm, ...releaseDataset(registryNow).npm],
			osv: releaseAdvisories(registryNow),
		},
	});
	const releaseProject = path.join(folder, 'release-app');
	mkdirSync(releaseProject, {recursive: true});
	writeFileSync(path.join(releaseProject, 'package-lock.json'), JSON.stringify(releaseLockfile(), null, 2));
	return {
		large: {directory: large, server: largeServer},
		release: {directory: releaseProject, server: releaseServer},
		async close() {
			await largeServer.close();
			await releaseServer.close();
		},
	};
}
