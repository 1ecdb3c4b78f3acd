import type {Ecosystem, LockfileFormat, PackageNode, ResolutionContext, RootNode} from '../graph/types.js';

/** What a reader gets: the file's text plus a way to read files next to it (package.json, `-r` includes). */
export type LockfileInput = {
	/** Display path (relative to the scanned directory, or as given with --file). */
	readonly path: string;
	/** Absolute path on disk. */
	readonly absolutePath: string;
	readonly text: string;
	/**
	 * Read a file relative to the lockfile's directory; undefined when it does not exist. Readers use it for
	 * package.json beside a yarn.lock and for requirements `-r`/`-c` includes. It throws a LockfileError (for the
	 * lockfile, saying why, never quoting the file) when the file is outside the project or not a regular file.
	 */
	readonly readRelative: (relativePath: string) => string | undefined;
};

/** What every reader returns. The graph module merges several of these into one DependencyGraph. */
export type ParsedLockfile = {
	readonly format: LockfileFormat;
	readonly ecosystem: Ecosystem;
	readonly roots: RootNode[];
	readonly packages: PackageNode[];
	readonly warnings: string[];
	/** What commit-tui must resolve from the registry (unpinned requirements, a flat lock's missing edges). */
	readonly resolution?: ResolutionContext;
	/** A manifest, not a lockfile: every version is resolved ("resolved, no lockfile"). */
	readonly resolved?: boolean;
};

export type LockfileReader = (input: LockfileInput) => ParsedLockfile;

/**
 * A lockfile that cannot be read. The CLI prints `commit-tui: <file>[:<line>]: <message>` and exits 2,
 * with no stack trace. Readers throw this, never a bare Error, for anything wrong with the file itself.
 */
export class LockfileError extends Error {
	override readonly name = 'LockfileError';

	constructor(
		readonly file: string,
		message: string,
		readonly line?: number,
		options?: ErrorOptions,
	) {
		super(message, options);
	}

	/** One line for the terminal. */
	describe(): string {
		return `${this.file}${this.line === undefined ? '' : `:${this.line}`}: ${this.message}`;
	}
}

/** A sibling file a lockfile asked for and may not read (outside the project, not a regular file). */
export class IncludeRefusedError extends LockfileError {
	constructor(
		file: string,
		/** The path as the lockfile wrote it. */
		readonly target: string,
		/** Why, in words ("outside the project (…)"), never the file's content. */
		readonly reason: string,
	) {
		super(file, `${target}: ${reason}`);
	}
}
