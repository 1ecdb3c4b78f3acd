import path from 'node:path';
import {scoreWithSettings, treeEvidenceWithSettings} from '../config/score-with.js';
import {type Settings, saveSettings} from '../config/settings.js';
import type {DependencyGraph} from '../graph/types.js';
import {applyPolicy, type PolicyContext, subjectOf} from '../policy/apply.js';
import {settingsWithPolicy} from '../policy/load.js';
import {startScan} from '../scan/index.js';
import type {Scan, ScanOptions} from '../scan/types.js';
import type {TuiOptions} from '../ui/types.js';
import {loadWithInkForTerminal} from '../util/ci.js';
import {writeExport} from './export.js';
import {writeMessage} from './output.js';
import {cacheWriteWarning} from './scan-and-score.js';

export type InteractiveOptions = {
	readonly graph: DependencyGraph;
	readonly settings: Settings;
	readonly scanOptions: ScanOptions;
	readonly directory: string;
	/** False with --no-color or NO_COLOR; the live `color` setting decides the rest. */
	readonly colorAllowed: boolean;
	readonly offline: boolean;
	readonly version: string;
	/** The project's policy file and cooldowns, applied to every score (`now` is taken per score). */
	readonly policy: PolicyContext;
};

/** Wires the real scheduler, scoring and exporter into the Ink UI (loaded only for interactive runs). */
export async function runInteractive(options: InteractiveOptions): Promise<number> {
	const {runTui} = await loadWithInkForTerminal(() => import('../ui/run.js'));
	const {graph} = options;
	const projectName = graph.roots[0]?.name ?? path.basename(path.resolve(options.directory));
	// The latest scan (the first, or the last `r`): what it could not write to the cache is said after the UI.
	let latestScan: Scan | null = null;
	const exitCode = await runTui({
		graph,
		settings: options.settings,
		lockfileLabel: lockfileLabel(graph, options.directory),
		offline: options.offline,
		colorAllowed: options.colorAllowed,
		startScan: scanStarter((signal, refresh) => {
			latestScan = startScan(graph, {...options.scanOptions, refresh}, signal);
			return latestScan;
		}, options.scanOptions.refresh),
		// `now` is taken per call: a long session keeps ages honest.
		// The policy's thresholds apply over the live settings, and are never saved into them.
		score: (id, facts, settings) =>
			scoreWithSettings(id, facts, settingsWithPolicy(settings, options.policy.policy), new Date()),
		scoreWithTree: (id, facts, tree, settings) =>
			scoreWithSettings(id, facts, settingsWithPolicy(settings, options.policy.policy), new Date(), tree),
		withTree: (report, tree, settings) =>
			treeEvidenceWithSettings(report, tree, settingsWithPolicy(settings, options.policy.policy), new Date()),
		// Last, over the tree's evidence too: what the project's policy accepts.
		judge: (report) =>
			report.facts
				? applyPolicy(report, subjectOf(report.facts), {...options.policy, now: new Date()})
				: report,
		exportReport: uiExportReport({graph, projectName, version: options.version}),
		saveSettings,
	});
	// As a headless run says it, and in the terminal after the UI (which showed "cache not writable").
	const cacheWriteError = (latestScan as Scan | null)?.progress().cacheWriteError;
	if (cacheWriteError) writeMessage(cacheWriteWarning(cacheWriteError));
	return exitCode;
}

/**
 * The UI's `startScan`: the first scan (at mount) and every `r`. `--refresh` (`refreshFlag`) revalidates the first
 * scan as `r` revalidates the others — the UI asks for its first scan with `refresh: false`, which must not
 * override the flag.
 */
export function scanStarter(
	start: (signal: AbortSignal, refresh: boolean) => Scan,
	refreshFlag: boolean,
): TuiOptions['startScan'] {
	return (signal, overrides) => start(signal, refreshFlag || overrides?.refresh === true);
}

/**
 * The UI's `e`: a report of the data the UI has, for the scope chosen, with the live settings (export folder,
 * thresholds). Publisher concentration is left to the report, which counts it over that scope — exactly as a
 * headless `--subtree` run does.
 */
export function uiExportReport(input: {
	readonly graph: DependencyGraph;
	readonly projectName: string;
	readonly version: string;
	/** Default: the moment of each export. */
	readonly now?: () => Date;
	readonly cwd?: string;
}): TuiOptions['exportReport'] {
	return (format, scope, data, settings) =>
		writeExport({
			format,
			scope,
			// The graph as the scan grew it (resolution), when it grew.
			graph: data.graph ?? input.graph,
			reports: data.reports,
			rollups: data.rollups,
			directory: settings.exportDirectory,
			now: input.now?.() ?? new Date(),
			projectName: input.projectName,
			toolVersion: input.version,
			thresholds: settings.thresholds,
			cwd: input.cwd,
		});
}

/** `web-app/package-lock.json`, or `3 lockfiles` when there are several; `--package` specs as given. */
function lockfileLabel(graph: DependencyGraph, directory: string): string {
	if (graph.lockfiles.length > 0 && graph.lockfiles.every((lockfile) => lockfile.format === 'package'))
		return graph.lockfiles.map((lockfile) => lockfile.path).join(', ');
	if (graph.lockfiles.length !== 1) return `${graph.lockfiles.length} lockfiles`;
	const lockfile = graph.lockfiles[0]!.path;
	return path.isAbsolute(lockfile) || lockfile.includes('/')
		? lockfile
		: `${path.basename(path.resolve(directory))}/${lockfile}`;
}
