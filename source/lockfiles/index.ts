import {readFileSync, realpathSync, statSync} from 'node:fs';
import path from 'node:path';
import {type LockfileContribution, mergeLockfiles} from '../graph/merge.js';
import type {DependencyGraph} from '../graph/types.js';
import {withoutByteOrderMark} from '../util/byte-order-mark.js';
import {isInside, realOrSelf} from '../util/paths.js';
import {decodeText} from '../util/text-encoding.js';
import {findLockfiles, formatFromContent, formatFromFileName, supportedFileNames} from './detect.js';
import {IncludeRefusedError, LockfileError, type LockfileInput} from './types.js';

export {withoutByteOrderMark};

/** No supported lockfile where we looked (exit code 3). */
export class NoLockfileError extends Error {
	override readonly name = 'NoLockfileError';

	/**
	 * @param warnings What the readers said about the files they did read: when nothing is left, they are why
	 * (every entry skipped, every line unreadable), and the error alone would hide them.
	 */
	constructor(
		message: string,
		readonly warnings: readonly string[] = [],
	) {
		super(message);
	}
}

export type LoadOptions = {
	/** The project directory (default for detection, and the base of display paths). */
	readonly directory: string;
	/** Explicit lockfiles (`--file`); when given, the directory is not searched. */
	readonly files?: readonly string[];
	/**
	 * Let a lockfile read files outside its project (`-r ../../shared.txt`; `--allow-outside-includes`).
	 * Default false: a lockfile from a pull request must not be able to copy `/proc/self/environ` or a CI secret
	 * into a report.
	 */
	readonly allowOutsideIncludes?: boolean;
};

/** Larger than any real lockfile (the biggest are tens of MB); past it the file is refused, not read. */
export const maxLockfileBytes = 256 * 1024 * 1024;

/** Reads every lockfile of a project into one graph. Throws LockfileError (exit 2) or NoLockfileError (exit 3). */
export function loadProject(options: LoadOptions): DependencyGraph {
	const directory = path.resolve(options.directory);
	const explicit = options.files && options.files.length > 0;
	let targets: Array<{absolutePath: string; displayPath: string}>;
	if (explicit) {
		targets = options.files!.map((file) => ({absolutePath: path.resolve(file), displayPath: file}));
	} else {
		assertDirectory(directory);
		const names = listLockfiles(directory, options.directory);
		if (names.length === 0) {
			throw new NoLockfileError(
				`no supported lockfile in ${options.directory} (looked for ${supportedFileNames.join(', ')})`,
			);
		}

		targets = names.map((name) => ({absolutePath: path.join(directory, name), displayPath: name}));
	}

	const read = targets.map((target) =>
		readLockfile(target.absolutePath, target.displayPath, {
			projectRoot: directory,
			allowOutsideIncludes: options.allowOutsideIncludes === true,
		}),
	);
	// A manifest that declares nothing (a pyproject.toml of tool settings) is no input beside real ones.
	const useful = read.filter((entry) => !(entry.info.resolved && entry.roots.length === 0));
	const contributions = useful.length > 0 ? useful : read;
	const graph = mergeLockfiles(contributions);
	if (graph.packages.size === 0 && graph.roots.every((root) => root.dependencies.length === 0)) {
		throw new NoLockfileError(
			`no packages in ${targets.map((target) => target.displayPath).join(', ')}`,
			graph.warnings,
		);
	}

	return graph;
}

/** Where a lockfile may read its siblings from (see `lockfileInput`). */
export type IncludePolicy = {
	/** The scanned directory. */
	readonly projectRoot?: string;
	readonly allowOutsideIncludes?: boolean;
};

/** Reads one lockfile from disk (see `parseLockfile`); its siblings are read under `policy`. */
export function readLockfile(
	absolutePath: string,
	displayPath: string,
	policy: IncludePolicy = {},
): LockfileContribution {
	return readLockfileText(absolutePath, displayPath, readText(absolutePath, displayPath), policy);
}

/** `readLockfile` for text already in hand (as if it were the file at `absolutePath`; siblings come from disk). */
export function readLockfileText(
	absolutePath: string,
	displayPath: string,
	text: string,
	policy: IncludePolicy = {},
): LockfileContribution {
	return parseLockfile(lockfileInput(absolutePath, displayPath, text, policy));
}

/**
 * Reads a lockfile's text, from disk or elsewhere (a git commit): the reader is chosen by the file name,
 * else by the content. Whatever goes wrong inside a reader ends as a LockfileError naming the file: nesting
 * too deep for the stack is said so, and anything else unexpected (a reader bug) says that too, instead of a
 * bare "unexpected error".
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
	if (looksBinary(text)) throw new LockfileError(displayPath, 'is binary data, not a text lockfile');
	const read = spec.read;
	const parsed = withNamedErrors(displayPath, () => read(input));
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

/**
 * Binary data read as text: a NUL, or more than one character in ten not UTF-8, in its first 8 KB. (A few
 * stray Latin-1 bytes are a line the reader names; random bytes are a hundred such lines and no package.)
 */
function looksBinary(text: string): boolean {
	const start = text.slice(0, 8192);
	if (start.includes('\0')) return true;
	let replaced = 0;
	for (let index = start.indexOf('\uFFFD'); index >= 0; index = start.indexOf('\uFFFD', index + 1))
		replaced++;
	return replaced * 10 > start.length;
}

function withNamedErrors<T>(displayPath: string, run: () => T): T {
	try {
		return run();
	} catch (error) {
		if (error instanceof LockfileError) throw error;
		if (error instanceof RangeError && /call stack/i.test(error.message))
			throw new LockfileError(displayPath, 'nested too deeply to read', undefined, {cause: error});
		const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
		throw new LockfileError(displayPath, `unexpected error while reading it: ${message}`, undefined, {
			cause: error,
		});
	}
}

/**
 * What a reader gets for a lockfile at `absolutePath`: its text, and siblings read from its folder. A sibling
 * (a `-r` include, a workspace's package.json) is read only when it is a regular file inside the project — the
 * scanned directory when the lockfile is in it, else the lockfile's own folder — after symlinks are followed,
 * unless `allowOutsideIncludes`. A refused one throws a LockfileError saying why (never its content); a missing
 * one is undefined.
 */
export function lockfileInput(
	absolutePath: string,
	displayPath: string,
	text: string,
	policy: IncludePolicy = {},
): LockfileInput {
	const directory = path.dirname(absolutePath);
	const project = policy.projectRoot ? path.resolve(policy.projectRoot) : directory;
	const root = isInside(absolutePath, project) ? project : directory;
	let realRoot: string | undefined;
	return {
		path: displayPath,
		absolutePath,
		text,
		readRelative(relativePath) {
			const target = path.resolve(directory, relativePath);
			let real: string;
			try {
				real = realpathSync(target);
			} catch {
				return undefined;
			}

			if (!policy.allowOutsideIncludes) {
				realRoot ??= realOrSelf(root);
				if (!isInside(real, realRoot))
					throw new IncludeRefusedError(displayPath, relativePath, `outside the project (${outsideHint})`);
			}

			const stat = statSync(real, {throwIfNoEntry: false});
			if (!stat) return undefined;
			if (!stat.isFile()) throw new IncludeRefusedError(displayPath, relativePath, notRegular(stat));
			if (stat.size > maxLockfileBytes)
				throw new IncludeRefusedError(displayPath, relativePath, 'file too large');
			let bytes: Buffer;
			try {
				bytes = readFileSync(real);
			} catch (error) {
				throw new IncludeRefusedError(displayPath, relativePath, readFailure(error));
			}

			return includedText(bytes, displayPath, relativePath);
		},
	};
}

const outsideHint = 'not read; --allow-outside-includes reads it';

/** Why a path that exists is not read as a file: a FIFO or a device would block or never end. */
function notRegular(stat: import('node:fs').Stats): string {
	if (stat.isDirectory()) return 'is a directory, not a file';
	if (stat.isFIFO()) return 'is a named pipe, not a regular file';
	if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'is a device, not a regular file';
	if (stat.isSocket()) return 'is a socket, not a regular file';
	return 'not a regular file';
}

function readFailure(error: unknown): string {
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'ENOENT') return 'no such file';
	if (code === 'EISDIR') return 'is a directory, not a lockfile';
	if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
	return `cannot read (${code ?? 'unknown error'})`;
}

/** The lockfile's text: only a regular file is read (a FIFO or /dev/zero would hang or never end). */
function readText(absolutePath: string, displayPath: string): string {
	let stat: import('node:fs').Stats | undefined;
	try {
		stat = statSync(absolutePath);
	} catch (error) {
		throw new LockfileError(displayPath, readFailure(error));
	}

	if (stat.isDirectory()) throw new LockfileError(displayPath, 'is a directory, not a lockfile');
	if (!stat.isFile()) throw new LockfileError(displayPath, notRegular(stat));
	if (stat.size > maxLockfileBytes)
		throw new LockfileError(displayPath, `file too large (${Math.round(stat.size / 1024 / 1024)} MB)`);
	let bytes: Buffer;
	try {
		bytes = readFileSync(absolutePath);
	} catch (error) {
		throw new LockfileError(displayPath, readFailure(error));
	}

	return textOf(bytes, displayPath);
}

/** An included file's bytes as text (`decodeText`), or an IncludeRefusedError naming the include and why not. */
export function includedText(bytes: Uint8Array, displayPath: string, relativePath: string): string {
	const decoded = decodeText(bytes);
	if ('problem' in decoded) throw new IncludeRefusedError(displayPath, relativePath, decoded.problem);
	return decoded.text;
}

/** A lockfile's bytes as text (`decodeText`: UTF-8, or UTF-16 with a mark), or a LockfileError saying why not. */
export function textOf(bytes: Uint8Array, displayPath: string): string {
	const decoded = decodeText(bytes);
	if ('problem' in decoded) throw new LockfileError(displayPath, decoded.problem);
	return decoded.text;
}

function listLockfiles(directory: string, displayPath: string): string[] {
	try {
		return findLockfiles(directory);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const reason =
			code === 'EACCES' || code === 'EPERM'
				? 'permission denied'
				: `cannot list (${code ?? 'unknown error'})`;
		throw new LockfileError(displayPath, `${reason}: cannot look for lockfiles in it`);
	}
}

function assertDirectory(directory: string): void {
	let isDirectory = false;
	try {
		isDirectory = statSync(directory).isDirectory();
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new LockfileError(directory, code === 'EACCES' ? 'permission denied' : 'no such directory');
	}

	if (!isDirectory)
		throw new LockfileError(directory, 'not a directory (to read a lockfile by name, use --file)');
}
