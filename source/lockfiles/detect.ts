import {readdirSync} from 'node:fs';
import {ecosystems} from '../ecosystems/index.js';
import type {EcosystemModule, FileNamePattern, LockfileFormatSpec} from '../ecosystems/types.js';

/**
 * Which reader a file goes to, generated from the ecosystems' lockfile formats: by file name in a
 * directory, by content for a file given with `--file` under another name.
 */

export type DetectedFormat = {readonly ecosystem: EcosystemModule; readonly spec: LockfileFormatSpec};

/** Every format, in display order (ecosystem order, then each ecosystem's own order). */
const formats: readonly DetectedFormat[] = ecosystems.flatMap((ecosystem) =>
	ecosystem.lockfiles.map((spec) => ({ecosystem, spec})),
);

/** Sniffers, most specific first (stable within a priority: display order). */
const sniffers = formats
	.filter((format) => format.spec.sniff)
	.map((format, index) => ({format, index}))
	.sort(
		(a, b) => (a.format.spec.sniffPriority ?? 50) - (b.format.spec.sniffPriority ?? 50) || a.index - b.index,
	)
	.map(({format}) => format);

/** What directory detection looks for, in the order lockfiles are shown (`requirements*.txt` as a pattern). */
export const supportedFileNames: readonly string[] = formats.flatMap((format) =>
	format.spec.fileNames.map((pattern) => pattern.display),
);

/** The format for a file name, or undefined when the name says nothing. */
export function formatFromFileName(fileName: string): DetectedFormat | undefined {
	return formats.find((format) => format.spec.fileNames.some((pattern) => pattern.matches(fileName)));
}

/** The format of a file whose name does not say, from its text; undefined when it looks like none. */
export function formatFromContent(text: string): DetectedFormat | undefined {
	return sniffers.find((format) => format.spec.sniff!(text));
}

function patternFor(fileName: string): FileNamePattern | undefined {
	for (const format of formats) {
		const pattern = format.spec.fileNames.find((candidate) => candidate.matches(fileName));
		if (pattern) return pattern;
	}

	return undefined;
}

/** The reader kind for a file name ('npm', 'requirements', …), or undefined. */
export function kindFromFileName(fileName: string): string | undefined {
	return formatFromFileName(fileName)?.spec.kind;
}

/** The reader kind a text looks like, or undefined. */
export function kindFromContent(text: string): string | undefined {
	return formatFromContent(text)?.spec.kind;
}

/**
 * Supported lockfiles at the top of `directory` (never inside node_modules or .venv: detection does not
 * descend), in display order. A file a format ignores when another is beside it (package-lock.json beside
 * npm-shrinkwrap.json, bun.lockb beside bun.lock) is left out, as the package manager itself would; so is a
 * manifest (package.json, pyproject.toml) beside any lockfile of its ecosystem: a lockfile always wins.
 */
export function findLockfiles(directory: string): string[] {
	// Every entry, folders too: a folder, a FIFO or a device named like a lockfile is refused by name when read
	// (exit 2, "is a directory"), not skipped into "no supported lockfile" — the package manager fails on it too.
	return selectLockfiles(readdirSync(directory));
}

/**
 * The supported lockfiles among the file names of one folder (a directory's entries, or a commit's tree
 * from `git ls-tree`), in display order, with the same rules as {@link findLockfiles}.
 */
export function selectLockfiles(names: readonly string[]): string[] {
	const present = new Set(names);
	const found = names
		.map((name) => ({name, format: formatFromFileName(name), pattern: patternFor(name)}))
		.filter((entry): entry is {name: string; format: DetectedFormat; pattern: FileNamePattern} =>
			Boolean(entry.format && entry.pattern),
		)
		.filter(({pattern}) => !(pattern.ignoredBeside ?? []).some((other) => present.has(other)));
	const locked = new Set(
		found.filter((entry) => !entry.format.spec.manifest).map((entry) => entry.format.ecosystem.id),
	);
	return found
		.filter((entry) => !(entry.format.spec.manifest && locked.has(entry.format.ecosystem.id)))
		.sort((a, b) => formats.indexOf(a.format) - formats.indexOf(b.format) || a.name.localeCompare(b.name))
		.map((entry) => entry.name);
}
