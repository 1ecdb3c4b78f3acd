import path from 'node:path';
import type {Settings} from '../config/settings.js';
import type {DependencyGraph} from '../graph/types.js';
import type {PolicyContext} from '../policy/apply.js';
import {
	evaluateGate,
	type FailOn,
	gateMessages,
	type ReportFormat,
	type ReportInput,
	type ReportScope,
	renderReportChunks,
	renderSummary,
} from '../report/index.js';
import {resolveScope, resolveSubtreeSpec} from '../report/scope.js';
import type {ReportProjectPolicy} from '../report/types.js';
import type {ScanOptions} from '../scan/types.js';
import {computeRollups} from '../scoring/rollup.js';
import {writeFileReplacing} from '../util/atomic-write.js';
import {UsageError} from './errors.js';
import {batched, describeWriteError, writeChunks} from './output.js';
import {printGate, scanAndScore} from './scan-and-score.js';
import {printWarnings} from './warnings.js';

/** How the gate judges a run: the level, and how much it may not know. */
export type GateSettings = {
	readonly failOn: FailOn;
	/** Share (0–1) of registry packages in scope that may stay unknown. */
	readonly maxUnknownShare: number;
	readonly allowIncomplete: boolean;
};

export type HeadlessOptions = {
	readonly graph: DependencyGraph;
	readonly settings: Settings;
	readonly scanOptions: ScanOptions;
	/** Undefined: the short human summary. */
	readonly format: ReportFormat | undefined;
	readonly output: string | undefined;
	readonly subtree: string | undefined;
	readonly gate: GateSettings;
	readonly version: string;
	/** The project's policy and cooldowns, as scoring applies them. */
	readonly policy: PolicyContext;
	/** The same, as the reports show them. */
	readonly project: ReportProjectPolicy;
	readonly sarifNotes: boolean;
};

/**
 * A run without a UI (CI, a pipe, `--format`): fetch, score, write one report, and turn the result into an
 * exit code (0 pass, 1 threshold reached, 4 incomplete). Nothing here loads ink or react.
 */
export async function runHeadless(options: HeadlessOptions): Promise<number> {
	const initial = options.graph;
	// Resolve the scope before any request: a typo in --subtree should fail at once, not after a scan. When the
	// scan resolves versions, the names and ids it will have are known only afterwards.
	const early = initial.resolution ? null : subtreeScope(initial, options.subtree);
	printWarnings(initial.warnings);
	const {reports, graph, downHosts} = await scanAndScore(
		initial,
		options.scanOptions,
		options.settings,
		options.policy,
	);
	// What resolution found out (resolved counts, conflicts, missing metadata) comes after the scan.
	printWarnings(graph.warnings.slice(initial.warnings.length));
	const scope = early ?? subtreeScope(graph, options.subtree);
	const input: ReportInput = {
		graph,
		reports,
		rollups: computeRollups(graph, reports),
		scope,
		meta: {
			toolVersion: options.version,
			generatedAt: options.policy.now,
			failOn: options.gate.failOn,
			thresholds: options.settings.thresholds,
			project: options.project,
			sarifNotes: options.sarifNotes,
		},
	};
	// Written as it is made (a 28.6k-package JSON report is ~75 MB: never one string, nor one object tree).
	const text = options.format ? renderReportChunks(options.format, input) : renderSummary(input);
	await writeOutput(text, options.output);
	const gate = evaluateGate({
		ids: resolveScope(graph, scope),
		graph,
		reports,
		failOn: options.gate.failOn,
		downHosts,
		maxUnknownShare: options.gate.maxUnknownShare,
		allowIncomplete: options.gate.allowIncomplete,
	});
	printGate(gateMessages(gate, options.gate.failOn));
	return gate.exitCode;
}

function subtreeScope(graph: DependencyGraph, spec: string | undefined): ReportScope {
	if (spec === undefined) return {kind: 'all'};
	const resolution = resolveSubtreeSpec(graph, spec);
	if (!resolution.ok) throw new UsageError(`--subtree: ${resolution.message}`);
	return {kind: 'subtree', id: resolution.id};
}

/**
 * stdout, or a file written atomically (a CI job never sees half a report) — a device or a FIFO (`-o /dev/null`)
 * in place, a symlink's target rather than the link (util/atomic-write.ts); a report in pieces is written as
 * they are made. A reader that closes the pipe early (`| head -1`) ends the writing quietly; a full disk is an
 * error (exit 2).
 */
export async function writeOutput(
	text: string | Iterable<string>,
	output: string | undefined,
): Promise<void> {
	const body = endingWithNewline(typeof text === 'string' ? [text] : text);
	if (output === '') throw new UsageError('--output needs a file name (or - for stdout)');
	if (output === undefined || output === '-' || namesStandardOutput(output)) {
		await writeChunks(body);
		return;
	}

	try {
		await writeFileReplacing(path.resolve(output), batched(body));
	} catch (error) {
		throw new UsageError(`cannot write ${output}: ${describeWriteError(error)}`);
	}
}

/**
 * `-o /dev/stdout` (`/dev/fd/1`, `/proc/self/fd/1`) is stdout, written as stdout is: opened again by name it would
 * fail when stdout is a socket (as a parent Node process or a service manager gives it: ENXIO), and truncate a log
 * the shell opened for appending.
 */
function namesStandardOutput(output: string): boolean {
	return (
		process.platform !== 'win32' &&
		/^\/(dev\/stdout|dev\/fd\/1|proc\/self\/fd\/1)$/.test(path.resolve(output))
	);
}

/** The pieces, and a line break after them unless they end with one. */
function* endingWithNewline(pieces: Iterable<string>): Generator<string, void, undefined> {
	let last = '';
	for (const piece of pieces) {
		if (piece.length > 0) last = piece;
		yield piece;
	}

	if (!last.endsWith('\n')) yield '\n';
}
