import {parse as parseJsonc} from 'jsonc-parser';
import {parse as parseToml} from 'smol-toml';
import {isMap, isScalar, LineCounter, parseDocument} from 'yaml';
import {isRecord} from '../../util/records.js';

/**
 * Small, forgiving readers for other tools' config files (package managers, update bots). A file commit-tui
 * cannot read is never an error of the scan: the reader says why, and the setting is left out.
 */

/** Reads a file of the project by its path relative to the project folder; undefined when it is absent. */
export type ProjectFileReader = (relativePath: string) => string | undefined;

/** A config file's top-level values, with the 1-based line of each top-level key where known. */
export type ConfigFile = {
	readonly values: Record<string, unknown>;
	readonly lineOf: (key: string) => number | undefined;
};

/** A failure to read one config file, as a sentence (`pnpm-workspace.yaml: malformed YAML`). */
export class ConfigFileError extends Error {}

/**
 * YAML (`pnpm-workspace.yaml`, `.yarnrc.yml`, `dependabot.yml`), with the line of every top-level key. `failsafe`
 * keeps every scalar a string (a version range `1.10` must not become the number 1.1).
 */
export function readYamlConfig(
	file: string,
	text: string,
	options: {readonly failsafe?: boolean} = {},
): ConfigFile {
	const lineCounter = new LineCounter();
	const document = parseDocument(text, {
		lineCounter,
		uniqueKeys: false,
		...(options.failsafe ? {schema: 'failsafe' as const} : {}),
	});
	if (document.errors.length > 0) throw new ConfigFileError(`${file}: malformed YAML`);
	let values: unknown;
	try {
		values = document.toJS({maxAliasCount: 100});
	} catch {
		// An alias bomb (the library's budget) or nesting deeper than the stack: a file nobody meant as config.
		throw new ConfigFileError(`${file}: YAML aliases expand too far, or nest too deep`);
	}

	if (values === null || values === undefined) return {values: {}, lineOf: () => undefined};
	if (!isRecord(values)) throw new ConfigFileError(`${file}: not a YAML mapping`);
	const lines = new Map<string, number>();
	if (isMap(document.contents)) {
		for (const pair of document.contents.items) {
			if (!isScalar(pair.key)) continue;
			const offset = pair.key.range?.[0];
			if (offset !== undefined) lines.set(String(pair.key.value), lineCounter.linePos(offset).line);
		}
	}

	return {values, lineOf: (key) => lines.get(key)};
}

/** YAML too, for the line of any node by its path of keys and indexes (`updates`, 0, `cooldown`). */
export function yamlLineAt(text: string, keys: ReadonlyArray<string | number>): number | undefined {
	const lineCounter = new LineCounter();
	const document = parseDocument(text, {lineCounter, uniqueKeys: false});
	const node = document.getIn(keys, true) as {range?: readonly number[]} | undefined;
	const pair = keys.length > 0 ? document.getIn(keys.slice(0, -1), true) : undefined;
	// The key's line reads better than the value's (a block mapping's value starts on the next line).
	if (isMap(pair)) {
		const key = pair.items.find((item) => isScalar(item.key) && item.key.value === keys.at(-1))?.key;
		const offset = isScalar(key) ? key.range?.[0] : undefined;
		if (offset !== undefined) return lineCounter.linePos(offset).line;
	}

	const offset = node?.range?.[0];
	return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

/** TOML (`bunfig.toml`, `pyproject.toml`, `uv.toml`). */
export function readTomlConfig(file: string, text: string): Record<string, unknown> {
	try {
		return parseToml(text) as Record<string, unknown>;
	} catch {
		throw new ConfigFileError(`${file}: malformed TOML`);
	}
}

/** JSON with comments and trailing commas (Renovate's `.json5` files mostly are that). */
export function readJsoncConfig(file: string, text: string): Record<string, unknown> {
	const errors: import('jsonc-parser').ParseError[] = [];
	const value = parseJsonc(text, errors, {allowTrailingComma: true, disallowComments: false});
	if (errors.length > 0 || !isRecord(value)) throw new ConfigFileError(`${file}: malformed JSON`);
	return value;
}

/** One `key=value` line of an ini file (`.npmrc`), with its 1-based line; comments and blanks skipped. */
export type IniEntry = {readonly key: string; readonly value: string; readonly line: number};

export function readIni(text: string): IniEntry[] {
	const entries: IniEntry[] = [];
	text.split(/\r?\n/).forEach((raw, index) => {
		const line = raw.trim();
		if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
		const equals = line.indexOf('=');
		if (equals <= 0) return;
		const value = line.slice(equals + 1).trim();
		entries.push({
			key: line.slice(0, equals).trim(),
			value: /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value,
			line: index + 1,
		});
	});
	return entries;
}

/** The 1-based line of the first line matching `pattern` (TOML keys: smol-toml keeps no positions). */
export function firstLineMatching(text: string, pattern: RegExp): number | undefined {
	const index = text.split(/\r?\n/).findIndex((line) => pattern.test(line));
	return index === -1 ? undefined : index + 1;
}

/** Strings of an array (package patterns); anything else is left out. */
export function stringList(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
