import path from 'node:path';
import {asString, asStrings, isTable, parseTomlText, type TomlTable} from '../../lockfiles/toml.js';
import {LockfileError, type LockfileInput} from '../../lockfiles/types.js';

/** Workspace members found through the Cargo.toml beside a Cargo.lock: crate name → path ('.' for the root). */
export type WorkspaceMembers = ReadonlyMap<string, string>;

/**
 * Reads the Cargo.toml beside the lockfile: its `[package]` (a single-crate project, or the root crate of a
 * workspace) is the member at '.', and every `[workspace] members` entry names a folder whose Cargo.toml
 * `[package] name` is a member. Returns undefined without a Cargo.toml.
 *
 * Readers can read files but not list folders, so a glob member (`crates/*`) is matched against the
 * source-less crates of the lockfile, `candidates`: `crates/<name>` is tried for each of them (with `-` and
 * `_` swapped too). A member whose folder is named differently from its crate is not found this way; the
 * reader still makes it a root when nothing depends on it.
 */
export function readWorkspaceMembers(
	input: LockfileInput,
	candidates: readonly string[],
	warn: (message: string) => void,
): WorkspaceMembers | undefined {
	const root = readManifest(input, '.', warn);
	if (!root) return undefined;
	const members = new Map<string, string>();
	const rootName = packageName(root);
	if (rootName) members.set(rootName, '.');

	const workspace = isTable(root.workspace) ? root.workspace : {};
	const excluded = asStrings(workspace.exclude).map(normalizeMemberPath);
	for (const folder of memberFolders(asStrings(workspace.members), candidates)) {
		if (excluded.some((exclude) => folder === exclude || folder.startsWith(`${exclude}/`))) continue;
		const manifest = readManifest(input, folder, warn);
		const name = manifest && packageName(manifest);
		if (name && !members.has(name)) members.set(name, folder);
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

/** `[package] name`, or `[project] name` (the old spelling Cargo accepted until 2024). */
function packageName(manifest: TomlTable): string | undefined {
	const table = manifest.package ?? manifest.project;
	return isTable(table) ? asString(table.name) : undefined;
}
