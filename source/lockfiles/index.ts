import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {type LockfileContribution, mergeLockfiles} from '../graph/merge.js';
import type {DependencyGraph} from '../graph/types.js';
import {findLockfiles, formatFromContent, formatFromFileName, supportedFileNames} from './detect.js';
import {LockfileError, type LockfileInput} from './types.js';

/** No supported lockfile where we looked (exit code 3). */
export class NoLockfileError extends Error {
	override readonly name = 'NoLockfileError';
}

export type LoadOptions = {
	/** The project directory (default for detection, and the base of display paths). */
	readonly directory: string;
	/** Explicit lockfiles (`--file`); when given, the directory is not searched. */
	readonly files?: readonly string[];
};

/** Reads every lockfile of a project into one graph. Throws LockfileError (exit 2) or NoLockfileError (exit 3). */
export function loadProject(options: LoadOptions): DependencyGraph {
	const directory = path.resolve(options.directory);
	const explicit = options.files && options.files.length > 0;
	let targets: Array<{absolutePath: string; displayPath: string}>;
	if (explicit) {
		targets = options.files!.map((file) => ({absolutePath: path.resolve(file), displayPath: file}));
	} else {
		assertDirectory(directory);
		const names = findLockfiles(directory);
		if (names.length === 0) {
			throw new NoLockfileError(
				`no supported lockfile in ${options.directory} (looked for ${supportedFileNames.join(', ')})`,
			);
		}

		targets = names.map((name) => ({absolutePath: path.join(directory, name), displayPath: name}));
	}

	const read = targets.map((target) => readLockfile(target.absolutePath, target.displayPath));
	// A manifest that declares nothing (a pyproject.toml of tool settings) is no input beside real ones.
	const useful = read.filter((entry) => !(entry.info.resolved && entry.roots.length === 0));
	const contributions = useful.length > 0 ? useful : read;
	const graph = mergeLockfiles(contributions);
	if (graph.packages.size === 0 && graph.roots.every((root) => root.dependencies.length === 0)) {
		throw new NoLockfileError(`no packages in ${targets.map((target) => target.displayPath).join(', ')}`);
	}

	return graph;
}

/** Reads one lockfile, choosing the reader by file name, else by content. */
export function readLockfile(absolutePath: string, displayPath: string): LockfileContribution {
	return parseLockfile(lockfileInput(absolutePath, displayPath, readText(absolutePath, displayPath)));
}

/**
 * Reads a lockfile's text, from disk or elsewhere (a git commit): the reader is chosen by the file name,
 * else by the content.
 */
export function parseLockfile(input: LockfileInput): LockfileContribution {
	const {text, path: displayPath, absolutePath} = input;
	const detected = formatFromFileName(path.basename(absolutePath)) ?? formatFromContent(text);
	if (detected === undefined) {
		throw new LockfileError(
			displayPath,
			`not a supported lockfile (supported: ${supportedFileNames.join(', ')})`,
		);
	}

	const {spec} = detected;
	if (!spec.read) throw spec.refuse?.(displayPath) ?? new LockfileError(displayPath, 'cannot be read');
	const parsed = spec.read(input);
	return {
		info: {
			path: displayPath,
			format: parsed.format,
			ecosystem: parsed.ecosystem,
			...(parsed.resolved ? {resolved: true} : {}),
		},
		roots: parsed.roots,
		packages: parsed.packages,
		warnings: parsed.warnings,
		...(parsed.resolution ? {resolution: parsed.resolution} : {}),
	};
}

/** What a reader gets for a lockfile at `absolutePath`: its text, and siblings read from its folder. */
export function lockfileInput(absolutePath: string, displayPath: string, text: string): LockfileInput {
	const directory = path.dirname(absolutePath);
	return {
		path: displayPath,
		absolutePath,
		text,
		readRelative(relativePath) {
			try {
				return readFileSync(path.resolve(directory, relativePath), 'utf8');
			} catch {
				return undefined;
			}
		},
	};
}

/** A UTF-8 byte order mark is legal in JSON/TOML files written on Windows; readers should not see it. */
export function withoutByteOrderMark(text: string): string {
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function readText(absolutePath: string, displayPath: string): string {
	try {
		return withoutByteOrderMark(readFileSync(absolutePath, 'utf8'));
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const reason =
			code === 'ENOENT'
				? 'no such file'
				: code === 'EISDIR'
					? 'is a directory, not a lockfile'
					: code === 'EACCES'
						? 'permission denied'
						: `cannot read (${code ?? 'unknown error'})`;
		throw new LockfileError(displayPath, reason);
	}
}

function assertDirectory(directory: string): void {
	let isDirectory = false;
	try {
		isDirectory = statSync(directory).isDirectory();
	} catch {
		throw new LockfileError(directory, 'no such directory');
	}

	if (!isDirectory)
		throw new LockfileError(directory, 'not a directory (to read a lockfile by name, use --file)');
}
