import {execFileSync} from 'node:child_process';

/**
 * The few git questions `commit-tui diff` asks, through the `git` executable (plumbing commands only, never
 * a checkout): is this a repository, what is that ref, which files did a commit have in a folder, what did
 * one of them contain. Every call is synchronous and bounded: a lockfile is at most tens of MB.
 */

/** git failed, or is not installed: the message is one line for the user. */
export class GitError extends Error {
	override readonly name = 'GitError';
}

const maxBuffer = 512 * 1024 * 1024;

/** Runs git in `cwd`; stdout as a Buffer, or null when git exits non-zero (a missing ref, a missing file). */
function git(cwd: string, args: readonly string[]): Buffer | null {
	try {
		return execFileSync('git', args, {cwd, maxBuffer, stdio: ['ignore', 'pipe', 'pipe']});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') throw new GitError('git is not installed (needed to read lockfiles at a git ref)');
		if (code === 'ENOBUFS') throw new GitError(`git ${args[0]}: output too large`);
		return null;
	}
}

function gitText(cwd: string, args: readonly string[]): string | null {
	const output = git(cwd, args);
	return output === null ? null : output.toString('utf8').trim();
}

/** The repository's top folder, or null when `directory` is not inside a git work tree. */
export function repositoryRoot(directory: string): string | null {
	return gitText(directory, ['rev-parse', '--show-toplevel']) || null;
}

/** `directory` relative to the repository root, `/`-separated with a trailing `/` ('' at the root). */
export function repositoryPrefix(directory: string): string {
	return gitText(directory, ['rev-parse', '--show-prefix']) ?? '';
}

/**
 * The commit a ref names (`main`, `origin/main`, `HEAD~2`, a sha, a tag), or null when it names none. A ref
 * that starts with `-` is never passed to git (it would be read as an option).
 */
export function resolveCommit(directory: string, ref: string): string | null {
	if (ref === '' || ref.startsWith('-')) return null;
	return gitText(directory, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) || null;
}

/** The best common ancestor of two commits, or null when they have none. */
export function mergeBase(directory: string, first: string, second: string): string | null {
	return gitText(directory, ['merge-base', first, second]) || null;
}

/**
 * The default branch to diff against: `origin/HEAD` (what the remote calls its default), else `main`, else
 * `master` (local branches first, then `origin/…`). Null when there is none of them.
 */
export function defaultBranch(directory: string): string | null {
	const remoteHead = gitText(directory, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
	if (remoteHead && resolveCommit(directory, remoteHead)) return remoteHead;
	for (const candidate of ['main', 'master', 'origin/main', 'origin/master']) {
		if (resolveCommit(directory, candidate)) return candidate;
	}

	return null;
}

/**
 * The regular files directly inside `folder` (a repository-relative path, '' for the root) at `commit`, by
 * name. Symbolic links and submodules are left out: their content is not a file's.
 */
export function filesAt(directory: string, commit: string, folder: string): string[] {
	const treeish = `${commit}:${folder.replace(/\/+$/, '')}`;
	// --full-tree: from a subfolder, ls-tree would otherwise look for that subfolder inside the tree given.
	const output = git(directory, ['ls-tree', '--full-tree', '-z', treeish]);
	if (output === null) return [];
	const names: string[] = [];
	for (const record of output.toString('utf8').split('\0')) {
		// `<mode> SP <type> SP <object> TAB <name>`
		const tab = record.indexOf('\t');
		if (tab < 0) continue;
		const [mode, type] = record.slice(0, tab).split(' ');
		if (type === 'blob' && mode !== '120000') names.push(record.slice(tab + 1));
	}

	return names;
}

/** A file's text at `commit` (`git show <commit>:<path>`, a repository-relative path), or undefined when absent. */
export function fileAt(directory: string, commit: string, file: string): string | undefined {
	return fileBytesAt(directory, commit, file)?.toString('utf8');
}

/** `fileAt` as bytes (a lockfile's encoding is read from them). */
export function fileBytesAt(directory: string, commit: string, file: string): Buffer | undefined {
	const output = git(directory, ['show', `${commit}:${file}`]);
	return output === null ? undefined : output;
}

/** A short form of a commit for display (`1a2b3c4`). */
export function shortCommit(commit: string): string {
	return commit.slice(0, 7);
}
