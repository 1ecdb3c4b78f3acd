import path from 'node:path';
import {asString, asStrings, isTable, parseTomlText, type TomlTable} from '../../lockfiles/toml.js';
import {LockfileError, type LockfileInput} from '../../lockfiles/types.js';

/** Workspace members found through the Cargo.toml beside a Cargo.lock: crate name → what its manifest says. */
export type WorkspaceMembers = ReadonlyMap<string, WorkspaceMember>;

export type WorkspaceMember = {
	/** The member's folder ('.' for the root). */
	readonly path: string;
	/**
	 * Crates it names only under `[dev-dependencies]` (any target's): Cargo builds them for its tests, examples
	 * and benches, never for a crate that depends on it. Real package names (`package = "…"` renames followed,
	 * also through `[workspace.dependencies]` for `name.workspace = true`).
	 */
	readonly devOnly: ReadonlySet<string>;
};

/**
 * Reads the Cargo.toml beside the lockfile: its `[package]` (a single-crate project, or the root crate of a
 * workspace) is the member at '.', and every `[workspace] members` entry names a folder whose Cargo.toml
 * `[package] name` is a member. Returns undefined without a Cargo.toml.
 *
 * Readers can read files but not list folders, so a glob member (`crates/*`) is matched against the
 * source-less crates of the lockfile, `candidates`: `crates/<name>` is tried for each of them (with `-` and
 * `_` swapped too). A member whose folder is named differently from its crate is not found this way; the
 * reader still makes it a root when nothing depends on it.
 *
 * With a `[workspace]` table, Cargo also makes every path dependency of a member that lies inside the workspace
 * folder a member (and so on, from it), unless `exclude` names it: wezterm lists 13 members and has 50 more
 * this way (termwiz, vtparse, …), whose dev-dependencies the lockfile holds like any member's.
 */
export function readWorkspaceMembers(
	input: LockfileInput,
	candidates: readonly string[],
	warn: (message: string) => void,
): WorkspaceMembers | undefined {
	const root = readManifest(input, '.', warn);
	if (!root) return undefined;
	const members = new Map<string, WorkspaceMember>();
	const workspace = isTable(root.workspace) ? root.workspace : {};
	const inherited = isTable(workspace.dependencies) ? workspace.dependencies : {};
	// Members whose path dependencies are still to follow: folder and manifest.
	const pending: Array<[string, TomlTable]> = [];
	const add = (folder: string, manifest: TomlTable) => {
		const name = packageName(manifest);
		if (!name || members.has(name)) return;
		members.set(name, {path: folder, devOnly: devOnlyDependencies(manifest, inherited)});
		pending.push([folder, manifest]);
	};

	add('.', root);
	const excluded = asStrings(workspace.exclude).map(normalizeMemberPath);
	const isExcluded = (folder: string) =>
		excluded.some((exclude) => folder === exclude || folder.startsWith(`${exclude}/`));
	for (const folder of memberFolders(asStrings(workspace.members), candidates)) {
		if (isExcluded(folder)) continue;
		const manifest = readManifest(input, folder, warn);
		if (manifest) add(folder, manifest);
	}

	// Without [workspace] the package is alone: its path dependencies are just that (Cargo's rule too).
	if (!isTable(root.workspace)) return members;
	const visited = new Set([...members.values()].map((member) => member.path));
	for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
		for (const folder of pathDependencyFolders(next[0], next[1], inherited)) {
			if (visited.has(folder) || isExcluded(folder)) continue;
			visited.add(folder);
			const manifest = readManifest(input, folder, warn);
			if (manifest) add(folder, manifest);
		}
	}

	return members;
}

/** The folders the `members` patterns stand for: literal ones as written, globs expanded over `candidates`. */
function memberFolders(patterns: readonly string[], candidates: readonly string[]): string[] {
	const folders = new Set<string>();
	for (const pattern of patterns.map(normalizeMemberPath)) {
		if (!/[*?[]/.test(pattern)) {
			folders.add(pattern);
			continue;
		}

		const matcher = globMatcher(pattern);
		const parent = path.posix.dirname(pattern);
		for (const name of candidates) {
			for (const folderName of new Set([name, name.replaceAll('_', '-'), name.replaceAll('-', '_')])) {
				const folder = parent === '.' ? folderName : `${parent}/${folderName}`;
				if (matcher.test(folder)) folders.add(folder);
			}
		}
	}

	return [...folders];
}

/**
 * The folders, relative to the workspace root, of a member's path dependencies (any kind, any target's) that lie
 * inside the workspace folder: `{ path = "../x" }` from the member's folder, and `x.workspace = true` through a
 * `[workspace.dependencies]` entry's path, which is written from the root. Ones outside (`../../elsewhere`) are
 * not members, and the lockfile reader must not read there anyway.
 */
function pathDependencyFolders(folder: string, manifest: TomlTable, inherited: TomlTable): string[] {
	const folders: string[] = [];
	for (const table of dependencyTables(manifest)) {
		for (const key of dependencyKinds) {
			const dependencies = table[key];
			if (!isTable(dependencies)) continue;
			for (const [name, entry] of Object.entries(dependencies)) {
				if (!isTable(entry)) continue;
				const workspaceEntry = entry.workspace === true ? inherited[name] : undefined;
				const own = asString(entry.path);
				const fromRoot = isTable(workspaceEntry) ? asString(workspaceEntry.path) : undefined;
				const written = own ?? fromRoot;
				if (written === undefined || /^([/\\]|[A-Za-z]:)/.test(written)) continue;
				const joined = path.posix.normalize(
					path.posix.join(own === undefined ? '.' : folder, written.replaceAll('\\', '/')),
				);
				const relative = normalizeMemberPath(joined);
				if (relative !== '..' && !relative.startsWith('../') && relative !== '.') folders.push(relative);
			}
		}
	}

	return folders;
}

/** The manifest itself and its `[target.<cfg>]` tables: where dependency tables are. */
function dependencyTables(manifest: TomlTable): TomlTable[] {
	return [manifest, ...Object.values(isTable(manifest.target) ? manifest.target : {}).filter(isTable)];
}

const dependencyKinds = [
	'dependencies',
	'dev-dependencies',
	'build-dependencies',
	'dev_dependencies',
	'build_dependencies',
] as const;

/** `./crates/foo/` → `crates/foo`; Windows separators become `/`. */
function normalizeMemberPath(member: string): string {
	return member
		.replaceAll('\\', '/')
		.replace(/^(\.\/)+/, '')
		.replace(/\/+$/, '');
}

/** Cargo's glob syntax as far as one path segment goes: `*`, `?` and `[…]` classes never cross a `/`. */
function globMatcher(pattern: string): RegExp {
	let source = '';
	for (let index = 0; index < pattern.length; index++) {
		const character = pattern[index]!;
		const classEnd = character === '[' ? pattern.indexOf(']', index + 1) : -1;
		if (character === '*') source += '[^/]*';
		else if (character === '?') source += '[^/]';
		else if (classEnd !== -1) {
			const body = pattern.slice(index + 1, classEnd).replace(/^!/, '^');
			source += `[${body.replaceAll('\\', '\\\\')}]`;
			index = classEnd;
		} else source += character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
	}

	return new RegExp(`^${source}$`);
}

/**
 * A member's Cargo.toml, parsed; undefined when there is none. A broken one is a warning and reads as an
 * empty manifest (the lockfile is still readable, and there *is* a Cargo.toml, just not a useful one).
 */
function readManifest(
	input: LockfileInput,
	folder: string,
	warn: (message: string) => void,
): TomlTable | undefined {
	const relative = folder === '.' ? 'Cargo.toml' : `${folder}/Cargo.toml`;
	const text = input.readRelative(relative);
	if (text === undefined) return undefined;
	try {
		return parseTomlText(text, path.join(path.dirname(input.path), relative));
	} catch (error) {
		if (!(error instanceof LockfileError)) throw error;
		warn(`${error.describe()} (ignored; workspace members guessed from the lockfile)`);
		return {};
	}
}

/**
 * The crates a manifest names under `[dev-dependencies]` and not under `[dependencies]` or
 * `[build-dependencies]` (build scripts run at every build), `[target.<cfg>.…]` tables included, and the old
 * `dev_dependencies` spellings. `inherited` is the root's `[workspace.dependencies]`, where a `name.workspace =
 * true` entry finds its real package name.
 */
function devOnlyDependencies(manifest: TomlTable, inherited: TomlTable): ReadonlySet<string> {
	const tables = dependencyTables(manifest);
	const built = new Set<string>();
	const dev = new Set<string>();
	for (const table of tables) {
		for (const key of ['dependencies', 'build-dependencies', 'build_dependencies'])
			for (const name of dependencyNames(table[key], inherited)) built.add(name);
		for (const key of ['dev-dependencies', 'dev_dependencies'])
			for (const name of dependencyNames(table[key], inherited)) dev.add(name);
	}

	return new Set([...dev].filter((name) => !built.has(name)));
}

/**
 * The package names of one dependency table: its keys, or `package` where an entry renames one. A
 * `key.workspace = true` entry takes its rename from `[workspace.dependencies]` (Cargo forbids `package` beside
 * `workspace = true`): deno's `test_util.workspace = true` is the crate `test_server`, which is what the lockfile
 * names.
 */
function dependencyNames(table: unknown, inherited: TomlTable): string[] {
	if (!isTable(table)) return [];
	return Object.entries(table).map(([key, entry]) => {
		if (!isTable(entry)) return key;
		const workspaceEntry = entry.workspace === true ? inherited[key] : undefined;
		return (
			asString(entry.package) ??
			(isTable(workspaceEntry) ? asString(workspaceEntry.package) : undefined) ??
			key
		);
	});
}

/** `[package] name`, or `[project] name` (the old spelling Cargo accepted until 2024). */
function packageName(manifest: TomlTable): string | undefined {
	const table = manifest.package ?? manifest.project;
	return isTable(table) ? asString(table.name) : undefined;
}
