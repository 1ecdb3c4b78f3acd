import {statSync} from 'node:fs';
import path from 'node:path';
import {loadSettings} from '../config/settings.js';
import {filterGraph} from '../graph/filter.js';
import {loadProject} from '../lockfiles/index.js';
import {defaultFailOn} from '../report/gate.js';
import type {FailOn, ReportFormat} from '../report/types.js';
import {colorAllowed} from '../text/color.js';
import {runConfigCommand} from './config-command.js';
import {reportError, UsageError} from './errors.js';
import type {CliFlags} from './flags.js';
import {buildScanOptions} from './scan-options.js';

/** Everything after flag parsing: choose the job, run it, turn every failure into one line and an exit code. */
export async function runMain(input: readonly string[], flags: CliFlags, version: string): Promise<number> {
	const io = {env: process.env, stdout: process.stdout, stderr: process.stderr};
	try {
		if (input[0] === 'config') return runConfigCommand(input.slice(1), io);
		if (input.length > 1) throw new UsageError(`expected at most one directory, got: ${input.join(' ')}`);
		if (flags.concurrency !== undefined && !(Number.isInteger(flags.concurrency) && flags.concurrency > 0)) {
			throw new UsageError('--concurrency must be a whole number above 0');
		}

		const {directory, files} = resolveTarget(input[0], flags.file);
		const settings = loadSettings();
		const graph = filterGraph(
			loadProject({directory, files, allowOutsideIncludes: flags.allowOutsideIncludes}),
			{production: flags.prod},
		);
		const scanOptions = buildScanOptions({flags, settings, env: process.env, projectDirectory: directory});
		const format: ReportFormat | undefined = flags.json ? 'json' : (flags.format as ReportFormat | undefined);
		const failOn = (flags.failOn as FailOn | undefined) ?? defaultFailOn(process.env);
		const allowColor = colorAllowed(flags.color, process.env);
		const interactive = format === undefined && process.stdout.isTTY === true && process.stdin.isTTY === true;

		if (interactive) {
			// Loaded only here: a headless run never pays for ink and react.
			const {runInteractive} = await import('./interactive.js');
			return await runInteractive({
				graph,
				settings,
				scanOptions,
				directory,
				colorAllowed: allowColor,
				offline: flags.offline,
				version,
			});
		}

		const {runHeadless} = await import('./headless.js');
		return await runHeadless({
			graph,
			settings,
			scanOptions,
			format,
			output: flags.output,
			subtree: flags.subtree,
			failOn,
			version,
		});
	} catch (error) {
		return reportError(error, io.stderr);
	}
}

/** `[dir]` may also name a lockfile; `--file` wins over detection. */
function resolveTarget(
	positional: string | undefined,
	fileFlags: readonly string[] | undefined,
): {directory: string; files: string[] | undefined} {
	const files = fileFlags && fileFlags.length > 0 ? [...fileFlags] : undefined;
	if (positional === undefined) {
		return {directory: files ? path.dirname(path.resolve(files[0]!)) : process.cwd(), files};
	}

	let isFile = false;
	try {
		isFile = statSync(positional).isFile();
	} catch {
		// A missing directory is reported by loadProject with its name.
	}

	if (isFile) {
		if (files) throw new UsageError(`give either a lockfile (${positional}) or --file, not both`);
		return {directory: path.dirname(path.resolve(positional)), files: [positional]};
	}

	return {directory: positional, files};
}
