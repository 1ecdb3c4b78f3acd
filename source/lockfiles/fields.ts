import {findNodeAtLocation, parseTree} from 'jsonc-parser';
import {isMap, isSeq, type LineCounter, type Node} from 'yaml';
import {isRecord} from '../util/records.js';
import {LockfileError, type LockfileInput} from './types.js';

/**
 * Strict reads of the fields a lockfile reader uses. A field that is absent is absent; a field that is there
 * with the wrong type is a LockfileError naming the file, the line where the locator finds it, the field and
 * what it should have been — never read as empty (a pnpm importer that is a string is not a root without
 * dependencies, an npm `dependencies: "str"` is not a package without them). Readers skip an *entry* that is
 * not an entry at all with a warning; a wrong-typed field of an entry they keep is an error.
 */

/** Where a value sits in the document: object keys and array indexes from the top. */
export type FieldPath = readonly (string | number)[];

/** The 1-based line of the value at `path`, when the format can tell. */
export type Locator = (path: FieldPath) => number | undefined;

export class Fields {
	constructor(
		/** The display path of the file the values come from (the lockfile, or a package.json beside it). */
		readonly file: string,
		private readonly locate: Locator = () => undefined,
	) {}

	/** For a lockfile's own values, located in its text by `locatorFor`. */
	static of(input: LockfileInput, locatorFor: (text: string) => Locator): Fields {
		return new Fields(input.path, locatorFor(input.text));
	}

	/** A LockfileError for the value at `path`: `packages["x"].dependencies: is a string, expected …`. */
	error(path: FieldPath, problem: string): LockfileError {
		return new LockfileError(this.file, `${describePath(path)}: ${problem}`, this.lineOf(path));
	}

	/** The line, when the locator can find it: a document too deep for its parser still gets its message. */
	private lineOf(path: FieldPath): number | undefined {
		try {
			return this.locate(path);
		} catch {
			return undefined;
		}
	}

	wrongType(path: FieldPath, value: unknown, expected: string): LockfileError {
		return this.error(path, `is ${describeValue(value)}, expected ${expected}`);
	}

	/** A mapping, or undefined when absent. */
	table(value: unknown, path: FieldPath): Record<string, unknown> | undefined {
		if (value === undefined || value === null) return undefined;
		if (isRecord(value) && !(value instanceof Date)) return value;
		throw this.wrongType(path, value, 'a mapping');
	}

	/** A string, or undefined when absent. */
	string(value: unknown, path: FieldPath): string | undefined {
		if (value === undefined || value === null) return undefined;
		if (typeof value === 'string') return value;
		throw this.wrongType(path, value, 'a string');
	}

	/** true/false (also the strings YAML's failsafe schema leaves), or undefined when absent. */
	boolean(value: unknown, path: FieldPath): boolean | undefined {
		if (value === undefined || value === null) return undefined;
		if (value === true || value === 'true') return true;
		if (value === false || value === 'false') return false;
		throw this.wrongType(path, value, 'true or false');
	}

	/** A list, or [] when absent. */
	list(value: unknown, path: FieldPath): readonly unknown[] {
		if (value === undefined || value === null) return [];
		if (Array.isArray(value)) return value;
		throw this.wrongType(path, value, 'a list');
	}

	/** A list of strings, or [] when absent. */
	strings(value: unknown, path: FieldPath): string[] {
		return this.list(value, path).map((item, index) => {
			if (typeof item === 'string') return item;
			throw this.wrongType([...path, index], item, 'a string');
		});
	}

	/** A list of mappings, or [] when absent. */
	tables(value: unknown, path: FieldPath): Record<string, unknown>[] {
		return this.list(value, path).map((item, index) => {
			const table = this.table(item, [...path, index]);
			if (table === undefined) throw this.wrongType([...path, index], item, 'a mapping');
			return table;
		});
	}

	/** `name → range` pairs of a mapping, or [] when absent; a range that is not a string is an error. */
	stringMap(value: unknown, path: FieldPath): Array<[string, string]> {
		const table = this.table(value, path);
		if (table === undefined) return [];
		const entries: Array<[string, string]> = [];
		for (const [key, item] of Object.entries(table)) {
			if (typeof item !== 'string') throw this.wrongType([...path, key], item, 'a version range (a string)');
			entries.push([key, item]);
		}

		return entries;
	}
}

/** `packages["node_modules/a"].dependencies`, `package[3].name`. */
export function describePath(path: FieldPath): string {
	let text = '';
	for (const part of path) {
		if (typeof part === 'number') text += `[${part}]`;
		else if (/^[A-Za-z_$][\w$-]*$/.test(part)) text += text === '' ? part : `.${part}`;
		else text += `[${JSON.stringify(part)}]`;
	}

	return text === '' ? 'the top level' : text;
}

/** "a string", "a number", "a list", "a mapping", "null". */
export function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (value instanceof Date) return 'a date';
	if (typeof value === 'object') return 'a mapping';
	if (typeof value === 'string') return 'a string';
	if (typeof value === 'number') return 'a number';
	if (typeof value === 'boolean') return `${value}`;
	return typeof value;
}

/** Lines of JSON paths, found only when an error needs one (the tree is built then, once). */
export function jsonLocator(text: string): Locator {
	let tree: ReturnType<typeof parseTree> | null = null;
	return (path) => {
		tree ??= parseTree(text, [], {allowTrailingComma: true, disallowComments: false}) ?? null;
		if (!tree) return undefined;
		for (let depth = path.length; depth > 0; depth--) {
			const node = findNodeAtLocation(tree, [...path.slice(0, depth)]);
			if (node) return lineAt(text, node.parent?.type === 'property' ? node.parent.offset : node.offset);
		}

		return undefined;
	};
}

/**
 * The line of the value at `path` inside a parsed YAML node (one document of a stream), or of its nearest
 * ancestor found. `lines` counted the whole text the node was parsed from.
 */
export function yamlLineOf(contents: Node | null, lines: LineCounter, path: FieldPath): number | undefined {
	for (let depth = path.length; depth > 0; depth--) {
		const node = nodeAt(contents, path.slice(0, depth));
		const offset = node?.range?.[0];
		if (offset !== undefined) return lines.linePos(offset).line;
	}

	return undefined;
}

function nodeAt(start: Node | null, path: FieldPath): Node | null {
	let node: Node | null = start;
	for (const part of path) {
		if (isMap(node)) {
			const pair = node.items.find(
				(item) => String((item.key as {value?: unknown} | null)?.value) === String(part),
			);
			node = (pair?.value as Node | null | undefined) ?? null;
		} else if (isSeq(node) && typeof part === 'number')
			node = (node.items[part] as Node | null | undefined) ?? null;
		else return null;
	}

	return node;
}

/**
 * Lines of TOML paths (`package[3].dependencies`): the n-th `[[table]]` header, then the key after it. smol-toml
 * keeps no positions, so this reads the text; it is only an aid to the message.
 */
export function tomlLocator(text: string): Locator {
	const lines = text.split(/\r?\n/);
	return (path) => {
		let from = 0;
		let rest = path;
		if (typeof path[0] === 'string' && typeof path[1] === 'number') {
			const header = new RegExp(`^\\s*\\[\\[\\s*${escapeRegExp(path[0])}\\s*\\]\\]`);
			let seen = -1;
			const index = lines.findIndex((line) => header.test(line) && ++seen === path[1]);
			if (index === -1) return undefined;
			from = index;
			rest = path.slice(2);
		}

		const key = rest.find((part): part is string => typeof part === 'string');
		if (key === undefined) return from + 1;
		const pattern = new RegExp(
			`^\\s*(?:"${escapeRegExp(key)}"|${escapeRegExp(key)})\\s*=|^\\s*\\[[^\\]]*\\.${escapeRegExp(key)}\\]`,
		);
		for (let index = from; index < lines.length; index++) {
			if (index > from && /^\s*\[\[/.test(lines[index]!)) break;
			if (pattern.test(lines[index]!)) return index + 1;
		}

		return from + 1;
	};
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
	let line = 1;
	const end = Math.min(offset, text.length);
	for (let index = 0; index < end; index++) if (text.charCodeAt(index) === 10) line++;
	return line;
}
