import path from 'node:path';
import {fileBytesAt, filesAt, repositoryPrefix, shortCommit} from '../git/git.js';
import {mergeLockfiles} from '../graph/merge.js';
import type {DependencyGraph} from '../graph/types.js';
import {selectLockfiles, supportedFileNames} from './detect.js';
import {includedText, NoLockfileError, parseLockfile, textOf} from './index.js';
import {LockfileError, type LockfileInput} from './types.js';

export type CommitLoadOptions = {
	/** The project directory in the work tree; the same folder is read at the commit. */
	readonly directory: string;
	/** The commit to read (a sha: resolve refs first). */
	readonly commit: string;
	/** How the commit is shown in messages (`main`, `HEAD~1`). */
	readonly label: string;
	/** Lockfiles to read, relative to the directory (`--file`); when absent the folder is searched. */
	readonly files?: readonly string[];
};

/**
 * A project's lockfiles as they were at a commit, read with `git show` (no checkout): which lockfiles
 * existed comes from the commit's tree (`git ls-tree`), with the same detection rules as a directory, and a
 * reader's sibling files (package.json, pyproject.toml, Cargo.toml, `-r` includes) come from the same commit.
 * Display paths are the same as in the work tree, so both sides of a diff name their lockfiles alike.
 */
export function loadProjectAtCommit(options: CommitLoadOptions): DependencyGraph {
	const directory = path.resolve(options.directory);
	const prefix = repositoryPrefix(directory);
	const names = options.files
		? [...options.files]
		: selectLockfiles(filesAt(directory, options.commit, prefix));
	if (names.length === 0) {
		throw new NoLockfileError(
			`no supported lockfile in ${prefix || './'} at ${options.label} (looked for ${supportedFileNames.join(', ')})`,
		);
	}

	const contributions = names.map((name) => {
		const repositoryPath = toRepositoryPath(prefix, name);
		const bytes =
			repositoryPath === undefined ? undefined : fileBytesAt(directory, options.commit, repositoryPath);
		if (bytes === undefined) {
			throw new LockfileError(name, `not in ${options.label} (${shortCommit(options.commit)})`);
		}

		return parseLockfile(inputAtCommit(directory, prefix, options.commit, name, textOf(bytes, name)));
	});
	return mergeLockfiles(contributions);
}

/** What a reader gets for a lockfile at a commit: its text, and siblings read from the same commit. */
function inputAtCommit(
	directory: string,
	prefix: string,
	commit: string,
	displayPath: string,
	text: string,
): LockfileInput {
	const folder = path.posix.dirname(displayPath.split(path.sep).join('/'));
	return {
		path: displayPath,
		absolutePath: path.join(directory, displayPath),
		text,
		readRelative(relativePath) {
			const file = toRepositoryPath(prefix, path.posix.join(folder, relativePath.split(path.sep).join('/')));
			if (file === undefined) return undefined;
			const content = fileBytesAt(directory, commit, file);
			if (content === undefined) return undefined;
			return includedText(content, displayPath, relativePath);
		},
	};
}

/** `prefix` + a project-relative path, normalised; undefined when it climbs out of the repository. */
function toRepositoryPath(prefix: string, relative: string): string | undefined {
	const joined = path.posix.normalize(`${prefix}${relative.split(path.sep).join('/')}`);
	if (joined === '..' || joined.startsWith('../') || path.posix.isAbsolute(joined)) return undefined;
	return joined.replace(/^\.\//, '');
}
