import {stringifyJson} from '../text/escape.js';

/**
 * A JSON document written in pieces: the parts of a report that grow with the tree (the packages, the SARIF
 * results) are produced and stringified one element at a time, so a 28.6k-package report never exists as one
 * object tree or one string. The pieces join to exactly the bytes `stringifyJson` gives for the same document
 * (two-space indent, the same `\u` escapes): a value inside a stream is stringified whole by `stringifyJson`
 * and re-indented to its depth, which is safe because a JSON string never holds a raw line break.
 */

/**
 * An object or array whose members are written one by one. Only a stream's own members may be streams: a
 * stream inside a plain value cannot be written (its `toJSON` throws, rather than writing `{}`).
 */
export class JsonStream {
	private constructor(
		readonly kind: 'object' | 'array',
		/** Object members in order (undefined values skipped, as JSON.stringify does), or array elements. */
		readonly members: Iterable<unknown>,
	) {}

	/** An object written property by property (in `record`'s key order). */
	static object(record: Readonly<Record<string, unknown>>): JsonStream {
		return new JsonStream('object', Object.entries(record));
	}

	/** An array written element by element, as `elements` yields them (iterated once). */
	static array(elements: Iterable<unknown>): JsonStream {
		return new JsonStream('array', elements);
	}

	toJSON(): never {
		throw new TypeError('a JsonStream can only be written by jsonChunks, inside another JsonStream');
	}
}

const indentUnit = '  ';

/**
 * The document's text in pieces: structural punctuation and whole stringified members (one per package,
 * say). Join them for the document; write them as they come to keep memory flat. Lazy: each member is
 * built only when its piece is asked for.
 */
export function* jsonChunks(value: unknown, depth = 0): Generator<string, void, undefined> {
	if (!(value instanceof JsonStream)) {
		yield stringifiedAt(value, depth);
		return;
	}

	const open = value.kind === 'object' ? '{' : '[';
	const close = value.kind === 'object' ? '}' : ']';
	const inner = `\n${indentUnit.repeat(depth + 1)}`;
	let first = true;
	for (const member of value.members) {
		let item = member;
		if (value.kind === 'object') {
			const [key, property] = member as [string, unknown];
			if (!isWritten(property)) continue;
			yield `${first ? open : ','}${inner}${stringifyJson(key)}: `;
			item = property;
		} else {
			// As JSON.stringify: an element that has no JSON form is written as null.
			if (!isWritten(item)) item = null;
			yield `${first ? open : ','}${inner}`;
		}

		first = false;
		yield* jsonChunks(item, depth + 1);
	}

	yield first ? `${open}${close}` : `\n${indentUnit.repeat(depth)}${close}`;
}

/** The document as a plain value (streams become objects and arrays): what `JSON.stringify` would see. */
export function materializeJson(value: unknown): unknown {
	if (!(value instanceof JsonStream)) return value;
	if (value.kind === 'array') return Array.from(value.members, materializeJson);
	const record: Record<string, unknown> = {};
	for (const [key, property] of value.members as Iterable<[string, unknown]>)
		record[key] = materializeJson(property);
	return record;
}

/** JSON.stringify leaves out undefined, functions and symbols (as properties; as elements they are null). */
function isWritten(value: unknown): boolean {
	return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

/**
 * `value` stringified as it stands `depth` levels deep in the document: JSON.stringify indents it there itself,
 * inside `depth` one-element arrays that are cut off again (their brackets are all the text outside it), which
 * spares a second pass over every line of a package's entry to re-indent it.
 */
function stringifiedAt(value: unknown, depth: number): string {
	if (depth === 0) return stringifyJson(value);
	let wrapped: unknown = value;
	// Each level opens with `[`, a line break and its indent, and closes with a line break, the indent and `]`.
	let head = 0;
	let tail = 0;
	for (let level = 0; level < depth; level++) {
		wrapped = [wrapped];
		head += 2 + indentUnit.length * (level + 1);
		tail += 2 + indentUnit.length * level;
	}

	const text = stringifyJson(wrapped);
	return text.slice(head, text.length - tail);
}
