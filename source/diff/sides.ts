import {statSync} from 'node:fs';
import path from 'node:path';
import {
	defaultBranch,
	fileAt,
	mergeBase,
	repositoryPrefix,
	repositoryRoot,
	resolveCommit,
	shortCommit,
} from '../git/git.js';
import {mergeLockfiles} from '../graph/merge.js';
import type {DependencyGraph} from '../graph/types.js';
import {loadProjectAtCommit} from '../lockfiles/at-commit.js';
import {loadProject, NoLockfileError, readLockfile} from '../lockfiles/index.js';
import {LockfileError} from '../lockfiles/types.js';
import type {ProjectFileReader} from '../policy/cooldown/config-files.js';
import {diskReader} from '../policy/load.js';

/** A side of a diff, loaded: its graph, how to name it, and how to read the project's other files there. */
export type LoadedSide = {
	readonly label: string;
	readonly commit: string | null;
	readonly graph: DependencyGraph;
	/** The project folder (on disk) the side belongs to. */
	readonly directory: string;
	/** The project's files as this side has them (the policy file, the tools' cooldown settings). */
	readonly read: ProjectFileReader;
	readonly warnings: readonly string[];
};

/** A side of `commit-tui diff`, as given: nothing (the default), a path, or a git ref. */
export type SideSpec = string | undefined;

/** How a side on disk reads the files its lockfiles name (`--allow-outside-includes`; see `loadProject`). */
export type SideOptions = {readonly allowOutsideIncludes?: boolean};

/**
 * Loads one side. A spec naming an existing file is a lockfile, an existing directory a project; anything
 * else must be a git ref, read at that commit with `git show` (no checkout). With no spec the head is the
 * working tree of `cwd`, and the base the merge-base of HEAD with the default branch (`origin/HEAD`, else
 * `main`, else `master`). A base without any lockfile is an empty graph (everything is added).
 */
export function loadSide(
	role: 'base' | 'head',
	spec: SideSpec,
	cwd: string,
	options: SideOptions = {},
): LoadedSide {
	if (spec === undefined && role === 'head') return workingTree(cwd, options);
	if (spec !== undefined) {
		const kind = pathKind(path.resolve(cwd, spec));
		if (kind === 'file') {
			const file = path.resolve(cwd, spec);
			const directory = path.dirname(file);
			return {
				label: spec,
				commit: null,
				// Named as given: both sides of `diff old.lock new.lock` keep the names the user typed.
				graph: mergeLockfiles([
					readLockfile(file, spec, {allowOutsideIncludes: options.allowOutsideIncludes === true}),
				]),
				directory,
				read: diskReader(directory),
				warnings: [],
			};
		}

		if (kind === 'directory') {
			const directory = path.resolve(cwd, spec);
			return {...workingTree(directory, options), label: spec};
		}
	}

	if (repositoryRoot(cwd) === null) {
		throw new LockfileError(
			spec ?? cwd,
			spec === undefined
				? 'not a git repository: give the base as a lockfile, a directory or a git ref'
				: 'no such file or directory, and not a git repository to read a ref from',
		);
	}

	const {commit, label} = spec === undefined ? defaultBase(cwd) : namedCommit(cwd, spec);
	const prefix = repositoryPrefix(cwd);
	const read: ProjectFileReader = (relative) => {
		const file = path.posix.normalize(`${prefix}${relative}`);
		return file.startsWith('../') ? undefined : fileAt(cwd, commit, file);
	};
	try {
		const graph = loadProjectAtCommit({directory: cwd, commit, label});
		return {label, commit, graph, directory: path.resolve(cwd), read, warnings: []};
	} catch (error) {
		if (role === 'base' && error instanceof NoLockfileError) {
			return {
				label,
				commit,
				graph: {lockfiles: [], roots: [], packages: new Map(), warnings: []},
				directory: path.resolve(cwd),
				read,
				warnings: [`no supported lockfile at ${label}: every package of the head is added`],
			};
		}

		throw error;
	}
}

function workingTree(directory: string, options: SideOptions): LoadedSide {
	return {
		label: 'the working tree',
		commit: null,
		graph: loadProject({directory, allowOutsideIncludes: options.allowOutsideIncludes === true}),
		directory: path.resolve(directory),
		read: diskReader(directory),
		warnings: [],
	};
}

function namedCommit(cwd: string, ref: string): {commit: string; label: string} {
	const commit = resolveCommit(cwd, ref);
	if (commit === null) throw new LockfileError(ref, 'not a file, a directory or a git ref (commit)');
	return {commit, label: ref};
}

/** The merge-base of HEAD with the default branch: what a pull request would be compared with. */
function defaultBase(cwd: string): {commit: string; label: string} {
	const branch = defaultBranch(cwd);
	if (branch === null) {
		throw new LockfileError(
			cwd,
			'no default branch to diff against (no origin/HEAD, main or master): give the base, e.g. commit-tui diff HEAD~1',
		);
	}

	const head = resolveCommit(cwd, 'HEAD');
	const base = head ? mergeBase(cwd, head, branch) : null;
	if (base === null)
		throw new LockfileError(branch, `has no common ancestor with HEAD: give the base explicitly`);
	return {commit: base, label: `merge-base with ${branch} (${shortCommit(base)})`};
}

function pathKind(file: string): 'file' | 'directory' | null {
	try {
		const stat = statSync(file);
		return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : null;
	} catch {
		return null;
	}
}
