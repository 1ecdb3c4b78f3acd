import {
	type Document,
	isMap,
	isScalar,
	isSeq,
	LineCounter,
	type Node,
	parseAllDocuments,
	parseDocument,
} from 'yaml';
import {type Locator, yamlLineOf} from '../../../lockfiles/fields.js';
import {LockfileError} from '../../../lockfiles/types.js';
import {isRecord} from '../../../util/records.js';
import {readFastYaml} from './yaml-fast.js';

/**
 * YAML for the yarn berry and pnpm readers: a malformed document becomes a LockfileError carrying the
 * parser's line; anything that is not a mapping at the top is refused. One document: a second one is an error.
 */
export function parseYamlLockfile(file: string, text: string): Record<string, unknown> {
	return fastDocument(text) ?? parseYamlLockfileByDocument(file, text);
}

/** `parseYamlLockfile` the careful way, always: the `yaml` library's Document (errors at their lines). */
export function parseYamlLockfileByDocument(file: string, text: string): Record<string, unknown> {
	const lineCounter = new LineCounter();
	const document = parseDocument(text, yamlOptions(lineCounter));
	return documentValue(file, document, lineCounter);
}

/**
 * The plain values by js-yaml, with the entries' lines from the text (yaml-fast.ts), when it is sure of both; the
 * Document for the lines of a wrong-typed field is parsed only if one is asked for. Null: the Document path reads it.
 */
function fastDocument(text: string): Record<string, unknown> | null {
	const fast = readFastYaml(text);
	if (!fast) return null;
	parsedDocuments.set(fast.value, {document: undefined, lineCounter: undefined, lines: fast.lines, text});
	return fast.value;
}

/**
 * Every document of a YAML stream (`---` between them), each as `parseYamlLockfile` reads one: pnpm 11 and later
 * write an env document (config dependencies, the package manager) before the project's own in
 * `pnpm-lock.yaml`. At least one; a document that is not a mapping is refused, naming which one it is.
 */
export function parseYamlDocuments(file: string, text: string): Array<Record<string, unknown>> {
	const fast = fastDocument(text);
	return fast ? [fast] : parseYamlDocumentsByDocument(file, text);
}

/** `parseYamlDocuments` the careful way, always (see `parseYamlLockfileByDocument`). */
export function parseYamlDocumentsByDocument(file: string, text: string): Array<Record<string, unknown>> {
	const lineCounter = new LineCounter();
	const documents = parseAllDocuments(text, yamlOptions(lineCounter));
	// A stream with no document at all (only comments, say) is an empty stream.
	if (!Array.isArray(documents) || documents.length === 0) throw new LockfileError(file, 'file is empty');
	return documents.map((document, index) =>
		documentValue(file, document, lineCounter, documents.length > 1 ? index + 1 : undefined),
	);
}

function yamlOptions(lineCounter: LineCounter) {
	// The failsafe schema keeps every scalar a string: `version: 1.10` must not become the number 1.1, and
	// pnpm's `lockfileVersion: 5.4` stays '5.4'. The library's `uniqueKeys` check is quadratic in the size of
	// a map (a third of the parse time on a 2,000-package lockfile), so duplicates are checked below.
	return {schema: 'failsafe', uniqueKeys: false, merge: false, lineCounter} as const;
}

/** One parsed document as plain values, checked; `position` names it in a stream of several (1-based). */
function documentValue(
	file: string,
	document: Document.Parsed,
	lineCounter: LineCounter,
	position?: number,
): Record<string, unknown> {
	const error = document.errors[0];
	if (error) {
		const line = error.linePos?.[0]?.line;
		const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
		throw new LockfileError(file, `malformed YAML: ${message}`, line);
	}

	const duplicate = findDuplicateKey(document.contents);
	if (duplicate) {
		const offset = duplicate.range?.[0];
		const line = offset === undefined ? undefined : lineCounter.linePos(offset).line;
		throw new LockfileError(
			file,
			`malformed YAML: duplicate key ${JSON.stringify(String(duplicate.value))}`,
			line,
		);
	}

	const value = toJavaScript(file, document);
	if (!isRecord(value)) {
		// Under the failsafe schema an empty document (a bare `---`) is the empty string.
		const empty = value === null || value === undefined || value === '';
		if (position === undefined)
			throw new LockfileError(file, empty ? 'file is empty' : 'expected a YAML mapping at the top level');
		throw new LockfileError(
			file,
			`document ${position}: ${empty ? 'empty' : 'expected a YAML mapping at the top level'}`,
			startLine(document, lineCounter),
		);
	}

	parsedDocuments.set(value, {document, lineCounter, lines: undefined, text: undefined});
	return value;
}

/** The line a document of a stream starts on (its `---`, or its first node). */
function startLine(document: Document.Parsed, lineCounter: LineCounter): number | undefined {
	const offset = document.range?.[0];
	return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

/**
 * Where the values of a document `parseYamlLockfile` or `parseYamlDocuments` returned sit in the text, for the
 * messages of a wrong-typed field (each document of a stream finds its own).
 */
export function documentLocator(value: object): Locator {
	return (path) => {
		const parsed = parsedDocuments.get(value);
		if (!parsed) return undefined;
		const {document, lineCounter} = documentOf(parsed);
		return yamlLineOf(document.contents as Node | null, lineCounter, path);
	};
}

/** The Document behind a parsed value, parsed now for one read the fast way (one document, known to be valid). */
function documentOf(parsed: ParsedDocument): {document: Document.Parsed; lineCounter: LineCounter} {
	if (!parsed.document || !parsed.lineCounter) {
		parsed.lineCounter = new LineCounter();
		parsed.document = parseDocument(parsed.text ?? '', yamlOptions(parsed.lineCounter));
	}

	return {document: parsed.document, lineCounter: parsed.lineCounter};
}

/**
 * The document as plain values. An alias bomb (`&a [*b, *b, …]` nested) stops at the library's alias budget,
 * and a document nested deeper than the stack allows stops too: both are named errors, not crashes.
 */
function toJavaScript(file: string, document: Document.Parsed): unknown {
	try {
		return document.toJS({maxAliasCount: 100});
	} catch (error) {
		if (error instanceof RangeError) throw new LockfileError(file, 'nested too deeply to read');
		if (error instanceof ReferenceError && /alias/i.test(error.message))
			throw new LockfileError(
				file,
				'YAML aliases expand too far (more than 100 times the document: an alias bomb?)',
			);
		throw error;
	}
}

type ParsedDocument = {
	/** Undefined for a document read the fast way, until a field's line is asked for. */
	document: Document.Parsed | undefined;
	lineCounter: LineCounter | undefined;
	/** Top-level key → its line, and `section NUL key` → the line of a key inside a top-level mapping. */
	lines: Map<string, number> | undefined;
	/** The text of a document read the fast way (its Document is parsed from it when needed). */
	readonly text: string | undefined;
};

/** The YAML behind each value parseYamlLockfile returned, for the lines of its entries (readers ask by value). */
const parsedDocuments = new WeakMap<object, ParsedDocument>();

/**
 * The 1-based line where an entry of a lockfile parsed by {@link parseYamlLockfile} starts: a top-level key
 * (`entryLine(lock, 'lodash@npm:^4')`, yarn berry) or a key inside a top-level mapping
 * (`entryLine(lock, 'packages', '/lodash@4.17.21')`, pnpm). Undefined for anything else.
 */
export function entryLine(lockfile: object, ...keys: [string] | [string, string]): number | undefined {
	const parsed = parsedDocuments.get(lockfile);
	if (!parsed) return undefined;
	parsed.lines ??= keyLines(documentOf(parsed));
	return parsed.lines.get(keys.join('\u0000'));
}

/** Lines of the keys of the top-level mapping and of the mappings directly inside it (one pass, on first use). */
function keyLines({
	document,
	lineCounter,
}: {
	document: Document.Parsed;
	lineCounter: LineCounter;
}): Map<string, number> {
	const lines = new Map<string, number>();
	const lineOf = (key: Node) => {
		const offset = key.range?.[0];
		return offset === undefined ? undefined : lineCounter.linePos(offset).line;
	};

	if (!isMap(document.contents)) return lines;
	for (const pair of document.contents.items) {
		if (!isScalar(pair.key)) continue;
		const section = String(pair.key.value);
		const line = lineOf(pair.key);
		if (line !== undefined && !lines.has(section)) lines.set(section, line);
		if (!isMap(pair.value)) continue;
		for (const inner of pair.value.items) {
			if (!isScalar(inner.key)) continue;
			const innerLine = lineOf(inner.key);
			const key = `${section}\u0000${String(inner.key.value)}`;
			if (innerLine !== undefined && !lines.has(key)) lines.set(key, innerLine);
		}
	}

	return lines;
}

/** The string-valued entries of a mapping (`{name: range}` sections); anything else is ignored. */
export function stringEntries(value: unknown): Array<[string, string]> {
	if (!isRecord(value)) return [];
	const entries: Array<[string, string]> = [];
	for (const [key, entry] of Object.entries(value)) {
		if (typeof entry === 'string') entries.push([key, entry]);
	}

	return entries;
}

/** A YAML boolean under the failsafe schema (the string 'true'), or a real boolean. */
export function isTrue(value: unknown): boolean {
	return value === true || value === 'true';
}

/** A string field of a mapping, or undefined. */
export function stringField(value: unknown, key: string): string | undefined {
	if (!isRecord(value)) return undefined;
	const field = value[key];
	return typeof field === 'string' ? field : undefined;
}

/**
 * The first key repeated within one mapping, at any depth (entries, their fields, the dependency maps inside
 * them): a duplicated entry is a botched merge, and silently keeping one is wrong — pnpm's and yarn's own parsers
 * refuse such a file. Iterative (a hostile file nests 50,000 deep) and linear in the nodes; an alias is not
 * followed (its target is checked where it stands).
 */
function findDuplicateKey(root: Node | null): {value: unknown; range?: readonly number[] | null} | undefined {
	const pending: unknown[] = [root];
	while (pending.length > 0) {
		const node = pending.pop();
		if (isMap(node)) {
			const seen = new Set<unknown>();
			for (const pair of node.items) {
				const key = isScalar(pair.key) ? pair.key : undefined;
				if (key) {
					if (seen.has(key.value)) return key;
					seen.add(key.value);
				}
			}

			// Children last to first, so the first taken is the first in the file (the error names the earliest).
			for (let index = node.items.length - 1; index >= 0; index--) pending.push(node.items[index]!.value);
		} else if (isSeq(node)) {
			for (let index = node.items.length - 1; index >= 0; index--) pending.push(node.items[index]);
		}
	}

	return undefined;
}
