import {parse, TomlError} from 'smol-toml';
import {Fields, tomlLocator} from './fields.js';
import {LockfileError, type LockfileInput} from './types.js';

/** A parsed TOML table. Values are untyped: readers check every field they use. */
export type TomlTable = Record<string, unknown>;

/**
 * Parses a TOML lockfile. An empty file and a syntax error are LockfileErrors (with smol-toml's line number),
 * never an empty graph.
 */
export function parseTomlLockfile(input: LockfileInput): TomlTable {
	if (input.text.trim() === '') throw new LockfileError(input.path, 'file is empty');
	return parseTomlText(input.text, input.path);
}

/** Parses TOML text (a lockfile or a pyproject.toml beside it), reporting errors against `file`. */
export function parseTomlText(text: string, file: string): TomlTable {
	try {
		return parse(text) as TomlTable;
	} catch (error) {
		if (error instanceof TomlError) {
			// smol-toml's message carries a code excerpt after the first line; the CLI wants one line.
			const message = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
			const duplicate = /redefine/.test(message) ? keyOnLine(text, error.line) : undefined;
			throw new LockfileError(
				file,
				duplicate === undefined
					? `invalid TOML: ${message}`
					: `invalid TOML: duplicate key ${JSON.stringify(duplicate)}`,
				error.line,
			);
		}

		throw error;
	}
}

/** The key a TOML line defines (`name = …`, `[table]`, `[[table]]`), for a message about it. */
function keyOnLine(text: string, line: number): string | undefined {
	const source = text.split(/\r?\n/)[line - 1] ?? '';
	const match = /^\s*(?:\[\[?\s*([^\]]+?)\s*\]\]?|("[^"]*"|[A-Za-z0-9_.-]+)\s*=)/.exec(source);
	const key = match?.[1] ?? match?.[2];
	return key?.replace(/^"|"$/g, '');
}

export function isTable(value: unknown): value is TomlTable {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function asString(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

export function asTables(value: unknown): TomlTable[] {
	return Array.isArray(value) ? value.filter(isTable) : [];
}

export function asStrings(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The 1-based line of the first line matching `pattern`, to point an error at a key smol-toml parsed fine. */
export function lineOf(text: string, pattern: RegExp): number | undefined {
	const lines = text.split(/\r?\n/);
	const index = lines.findIndex((line) => pattern.test(line));
	return index === -1 ? undefined : index + 1;
}

/**
 * The 1-based lines of the `[[name]]` headers (`[[package]]`, `[[packages]]`), in order: smol-toml gives no
 * positions, so the n-th entry of that array of tables starts at the n-th header. Only exact when every entry
 * has a header (none written inline as `name = [...]`): callers check the count against their entries.
 */
export function arrayTableLines(text: string, name: string): number[] {
	const header = new RegExp(`^\\s*\\[\\[\\s*${name}\\s*\\]\\]\\s*(#.*)?$`);
	const lines: number[] = [];
	text.split('\n').forEach((line, index) => {
		if (header.test(line.replace(/\r$/, ''))) lines.push(index + 1);
	});
	return lines;
}

/** The n-th entry's header line from {@link arrayTableLines}, when those lines match the entries one to one. */
export function entryLineAt(lines: readonly number[], entries: number, index: number): number | undefined {
	return lines.length === entries ? lines[index] : undefined;
}

/**
 * A pdm.lock or poetry.lock: its `[metadata]` table, when there is one, and its `[[package]]` entries. With
 * neither, it is not that lockfile and `notALockfile` is the error.
 */
export function parsePackageLock(
	input: LockfileInput,
	notALockfile: string,
): {metadata: TomlTable | undefined; entries: TomlTable[]} {
	const document = parseTomlLockfile(input);
	const fields = Fields.of(input, tomlLocator);
	const metadata = fields.table(document.metadata, ['metadata']);
	// A `package` that is not a list of tables is an error, not a lockfile without packages.
	const entries = fields.tables(document.package, ['package']);
	if (!metadata && entries.length === 0) throw new LockfileError(input.path, notALockfile);
	return {metadata, entries};
}

/**
 * Checks the lock format version `[metadata] <key>` against the supported major versions. A missing one is
 * read as the newest supported (with a warning); another major is an error pointing at the key's line.
 */
export function checkMetadataVersion(
	input: LockfileInput,
	metadata: TomlTable | undefined,
	key: string,
	supportedMajors: readonly string[],
	warn: (message: string) => void,
): void {
	const raw = metadata?.[key];
	if (raw === undefined) {
		warn(`${input.path}: no [metadata] ${key}; read as ${key} ${supportedMajors.at(-1)}.x`);
		return;
	}

	if (typeof raw !== 'string' && typeof raw !== 'number')
		throw Fields.of(input, tomlLocator).wrongType(['metadata', key], raw, 'a version');
	const version = String(raw);
	if (!supportedMajors.includes(version.split('.')[0]!)) {
		throw new LockfileError(
			input.path,
			`unsupported ${key} ${version} (supported: ${supportedMajors.map((major) => `${major}.x`).join(', ')})`,
			lineOf(input.text, new RegExp(`^\\s*${key}\\s*=`)),
		);
	}
}
