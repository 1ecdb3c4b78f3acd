import {loadSettings} from '../config/settings.js';
import {diffGraphs} from '../diff/graph-diff.js';
import {buildDiffModel} from '../diff/model.js';
import {diffScanGraph} from '../diff/scan-graph.js';
import {loadSide} from '../diff/sides.js';
import {filterGraph} from '../graph/filter.js';
import type {DiffReportInput} from '../report/diff-input.js';
import {renderDiffReport, renderDiffText} from '../report/diff-text.js';
import {evaluateGate, gateMessages} from '../report/gate.js';
import type {ReportFormat} from '../report/types.js';
import {colorAllowed} from '../text/color.js';
import {isCi} from '../util/ci.js';
import {UsageError} from './errors.js';
import type {CliFlags} from './flags.js';
import {writeOutput} from './headless.js';
import {resolveRunPolicy} from './project-policy.js';
import {printGate, scanAndScore} from './scan-and-score.js';
import {buildScanOptions} from './scan-options.js';
import {printWarnings} from './warnings.js';

export type DiffCommandOptions = {
	/** `[base] [head]` as typed. */
	readonly refs: readonly string[];
	readonly flags: CliFlags;
	readonly format: ReportFormat | undefined;
	readonly version: string;
};

/**
 * `commit-tui diff [base] [head]`: load both sides (git refs through `git show`, lockfiles, directories),
 * diff the graphs, fetch and score only what the change adds or moves to (and the versions it moved from:
 * the same requests), render, and gate on what the change adds (0 pass, 1 threshold, 4 incomplete).
 */
export async function runDiff(options: DiffCommandOptions): Promise<number> {
	const {flags} = options;
	if (options.refs.length > 2) {
		throw new UsageError(`diff takes at most a base and a head, got: ${options.refs.join(' ')}`);
	}

	if (flags.file && flags.file.length > 0) {
		throw new UsageError('diff takes its lockfiles as arguments: commit-tui diff old.lock new.lock');
	}

	if (flags.subtree !== undefined) throw new UsageError('--subtree does not apply to diff');
	const cwd = process.cwd();
	const sideOptions = {allowOutsideIncludes: flags.allowOutsideIncludes};
	const head = loadSide('head', options.refs[1], cwd, sideOptions);
	const base = loadSide('base', options.refs[0], cwd, sideOptions);
	const production = {production: flags.prod};
	const headGraph = filterGraph(head.graph, production);
	const baseGraph = filterGraph(base.graph, production);
	const warnings = [
		...base.warnings,
		...baseGraph.warnings.map((warning) => `base: ${warning}`),
		...headGraph.warnings,
	];
	printWarnings(warnings);

	const now = new Date();
	const run = resolveRunPolicy({
		directory: head.directory,
		flags,
		settings: loadSettings(),
		graph: headGraph,
		env: process.env,
		now,
		read: head.read,
	});
	const diff = diffGraphs(baseGraph, headGraph);
	const scanGraph = diffScanGraph(baseGraph, headGraph, diff);
	const scanOptions = buildScanOptions({
		flags,
		settings: run.settings,
		env: process.env,
		projectDirectory: head.directory,
	});
	const {reports, downHosts} = await scanAndScore(scanGraph, scanOptions, run.settings, run.context);
	const model = buildDiffModel({
		base: {label: base.label, commit: base.commit, graph: baseGraph},
		head: {label: head.label, commit: head.commit, graph: headGraph},
		diff,
		reports,
		warnings,
	});
	const input: DiffReportInput = {
		model,
		meta: {
			toolVersion: options.version,
			generatedAt: now,
			failOn: run.gate.failOn,
			thresholds: run.settings.thresholds,
			project: run.project,
			sarifNotes: flags.sarifNotes === true,
		},
	};

	if (
		options.format === undefined &&
		process.stdout.isTTY === true &&
		process.stdin.isTTY === true &&
		!isCi(process.env)
	) {
		const {runDiffInteractive} = await import('./diff-interactive.js');
		await runDiffInteractive(input, colorAllowed(flags.color, process.env));
	} else {
		const text = options.format ? renderDiffReport(options.format, input) : renderDiffText(input);
		await writeOutput(text, flags.output);
	}

	const gate = evaluateGate({
		ids: model.changedIds,
		graph: headGraph,
		reports,
		failOn: run.gate.failOn,
		downHosts,
		maxUnknownShare: run.gate.maxUnknownShare,
		allowIncomplete: run.gate.allowIncomplete,
	});
	printGate(gateMessages(gate, run.gate.failOn));
	return gate.exitCode;
}
