import {existsSync, statSync} from 'node:fs';
import path from 'node:path';
import {loadSettings} from '../config/settings.js';
import {filterGraph} from '../graph/filter.js';
import {loadProject} from '../lockfiles/index.js';
import {reportFormatNamed} from '../report/formats.js';
import type {ReportFormat} from '../report/types.js';
import {packageSpecGraph} from '../resolve/package-specs.js';
import {colorAllowed} from '../text/color.js';
import {isCi} from '../util/ci.js';
import {runConfigCommand} from './config-command.js';
import {reportError, UsageError} from './errors.js';
import type {CliFlags} from './flags.js';
import {resolveRunPolicy} from './project-policy.js';
import {buildScanOptions} from './scan-options.js';

/** Everything after flag parsing: choose the job, run it, turn every failure into one line and an exit code. */
export async function runMain(input: readonly string[], flags: CliFlags, version: string): Promise<number> {
	const io = {env: process.env, stdout: process.stdout, stderr: process.stderr};
	try {
		if (input[0] === 'config') return runConfigCommand(input.slice(1), io);
		if (flags.concurrency !== undefined && !(Number.isInteger(flags.concurrency) && flags.concurrency > 0)) {
			throw new UsageError('--concurrency must be a whole number above 0');
		}

		const format: ReportFormat | undefined = flags.json
			? 'json'
			: flags.format === undefined
				? undefined
				: reportFormatNamed(flags.format);
		if (input[0] === 'diff') {
			// Loaded only here: the diff's git plumbing and renderers cost a plain scan nothing.
			const {runDiff} = await import('./diff-command.js');
			return await runDiff({refs: input.slice(1), flags, format, version});
		}

		if (input.length > 1) throw new UsageError(`expected at most one directory, got: ${input.join(' ')}`);
		const specs = flags.package && flags.package.length > 0 ? flags.package : undefined;
		if (specs && flags.file && flags.file.length > 0)
			throw new UsageError('give either --package or --file, not both (--package scans only its packages)');
		const {directory, files} = specs
			? {directory: input[0] ?? process.cwd(), files: undefined}
			: resolveTarget(input[0], flags.file);
		const loaded = specs
			? packageSpecGraph(specs)
			: loadProject({directory, files, allowOutsideIncludes: flags.allowOutsideIncludes});
		const graph = filterGraph(loaded, {production: flags.prod});
		const storedSettings = loadSettings();
		const run = resolveRunPolicy({
			directory,
			flags,
			settings: storedSettings,
			graph,
			env: process.env,
			now: new Date(),
		});
		const {settings} = run;
		const scanOptions = buildScanOptions({flags, settings, env: process.env, projectDirectory: directory});
		const allowColor = colorAllowed(flags.color, process.env);
		// On a terminal, and not in CI: a CI job given a terminal would otherwise wait for keys nobody types.
		const interactive =
			format === undefined &&
			process.stdout.isTTY === true &&
			process.stdin.isTTY === true &&
			!isCi(process.env);

		if (interactive) {
			// Loaded only here: a headless run never pays for ink and react.
			const {runInteractive} = await import('./interactive.js');
			return await runInteractive({
				graph,
				// The UI edits and saves the stored settings; the policy's thresholds apply when it scores.
				settings: storedSettings,
				scanOptions,
				directory,
				colorAllowed: allowColor,
				offline: flags.offline,
				version,
				policy: run.context,
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
			gate: run.gate,
			version,
			policy: run.context,
			project: run.project,
			sarifNotes: flags.sarifNotes === true,
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
	for (const target of [positional, ...(files ?? [])]) {
		// `-` is stdin to many tools; a lockfile's format is known by its name, so there is none to read there.
		if (target === '-' && !existsSync(target))
			throw new UsageError(
				"-: a lockfile cannot be read from standard input (its name says its format); give the lockfile's path or its folder",
			);
	}

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
