import {FAILSAFE_SCHEMA, load} from 'js-yaml';
import {isRecord} from '../../../util/records.js';

/**
 * The fast way to read a machine-written YAML lockfile (pnpm-lock.yaml, yarn berry's yarn.lock): js-yaml builds
 * the plain values in a quarter of the time the `yaml` library's Document model takes (a 1.8 MB pnpm lock: 122 vs
 * 479 ms; most of an offline run of a pnpm tree was that parse), and the lines of the entries come from a scan of
 * the text. Anything it is not sure of goes back to the Document path (yarn-yaml.ts), which names errors at their
 * lines: a file that js-yaml refuses (bad syntax, a key given twice), anchors or aliases (js-yaml shares an aliased
 * value where the Document path bounds their expansion), several documents, and keys the scan does not find
 * exactly as parsed.
 */

export type FastDocument = {
	readonly value: Record<string, unknown>;
	/** Top-level key → its line, and `section NUL key` → the line of a key inside a top-level mapping. */
	readonly lines: Map<string, number>;
};

/** The one document of `text` with its entries' lines, or null when the Document path must read it. */
export function readFastYaml(text: string): FastDocument | null {
	if (mayHoldAnchors(text) || holdsSeveralDocuments(text)) return null;
	let value: unknown;
	try {
		// The failsafe schema keeps every scalar a string, as the Document path's does (`version: 1.10` stays
		// '1.10'). js-yaml refuses a key given twice, at any depth: the Document path then says where.
		value = load(text, {schema: FAILSAFE_SCHEMA});
	} catch {
		return null;
	}

	if (!isRecord(value)) return null;
	const lines = scanKeyLines(text, value);
	return lines ? {value, lines} : null;
}

/**
 * `&name` or `*name` where a token starts: an anchor or an alias. pnpm and yarn never write them; a text that may
 * hold one is read the careful way. (A false alarm, a `*` range written unquoted, only costs the slow path.)
 */
function mayHoldAnchors(text: string): boolean {
	return /(?:^|[\s,[{])[&*][^\s,\]}'"]/m.test(text);
}

/** A `---` or `...` line after the first content: a stream of documents (pnpm 11's env document first). */
function holdsSeveralDocuments(text: string): boolean {
	return /^(?:---|\.\.\.)(?:\s|$)/m.test(text);
}

/**
 * The line of every key of the top-level mapping and of the mappings directly inside it, from the text: block
 * style as the package managers write it, children at one indentation below their section. Null unless every key
 * of `value` and of its mapping sections is found exactly once, at the place the scan expects it — so the lines
 * are right, or the Document path finds them.
 */
function scanKeyLines(text: string, value: Record<string, unknown>): Map<string, number> | null {
	const lines = new Map<string, number>();
	let section: string | null = null;
	let childIndent = -1;
	let lineNumber = 0;
	let start = 0;
	while (start <= text.length) {
		let end = text.indexOf('\n', start);
		if (end < 0) end = text.length;
		lineNumber += 1;
		const line = text.charCodeAt(end - 1) === 0x0d ? text.slice(start, end - 1) : text.slice(start, end);
		start = end + 1;
		const indent = leadingSpaces(line);
		if (indent === line.length || line.charCodeAt(indent) === 0x23) continue; // blank, or a comment
		if (line.charCodeAt(indent) === 0x09) return null; // a tab: not what a package manager writes
		if (indent === 0) {
			const key = keyAt(line, 0);
			if (key === null) return null;
			if (lines.has(key)) return null;
			lines.set(key, lineNumber);
			section = key;
			childIndent = -1;
			continue;
		}

		if (section === null) return null;
		if (childIndent < 0) childIndent = indent;
		if (indent < childIndent) return null;
		if (indent > childIndent || !isRecord(value[section])) continue;
		const key = keyAt(line, indent);
		if (key === null) return null;
		const scoped = `${section}\u0000${key}`;
		if (lines.has(scoped)) return null;
		lines.set(scoped, lineNumber);
	}

	return everyKeyFound(value, lines) ? lines : null;
}

/** Whether the scan found exactly the keys the parser made, and no others. */
function everyKeyFound(value: Record<string, unknown>, lines: ReadonlyMap<string, number>): boolean {
	let expected = 0;
	for (const [section, inner] of Object.entries(value)) {
		expected += 1;
		if (!lines.has(section)) return false;
		if (!isRecord(inner)) continue;
		for (const key of Object.keys(inner)) {
			expected += 1;
			if (!lines.has(`${section}\u0000${key}`)) return false;
		}
	}

	return expected === lines.size;
}

function leadingSpaces(line: string): number {
	let index = 0;
	while (index < line.length && line.charCodeAt(index) === 0x20) index++;
	return index;
}

/**
 * The key a `key:` line starts with at `at` — plain, 'single' or "double" quoted — when a `:` and then a blank or
 * the line's end follow it; else null.
 */
function keyAt(line: string, at: number): string | null {
	const first = line.charCodeAt(at);
	let key: string;
	let after: number;
	if (first === 0x27) {
		// 'It''s': a doubled quote is one quote.
		let index = at + 1;
		key = '';
		for (;;) {
			const close = line.indexOf("'", index);
			if (close < 0) return null;
			key += line.slice(index, close);
			if (line.charCodeAt(close + 1) === 0x27) {
				key += "'";
				index = close + 2;
				continue;
			}

			after = close + 1;
			break;
		}
	} else if (first === 0x22) {
		let index = at + 1;
		while (index < line.length && line.charCodeAt(index) !== 0x22)
			index += line.charCodeAt(index) === 0x5c ? 2 : 1;
		if (index >= line.length) return null;
		try {
			key = JSON.parse(line.slice(at, index + 1)) as string;
		} catch {
			return null;
		}

		after = index + 1;
	} else {
		// YAML's indicators cannot start a plain key (`[`, `{`, a tag, a block scalar, a directive, `@`, an anchor…);
		// `- ` is a sequence item and `? ` an explicit key. The Document path reads those.
		const character = line[at]!;
		if ('[]{}!|>%@`&*#,'.includes(character)) return null;
		if ('-?:'.includes(character) && (at + 1 === line.length || line.charCodeAt(at + 1) === 0x20))
			return null;
		let colon = line.indexOf(':', at);
		while (colon >= 0 && colon + 1 < line.length && line.charCodeAt(colon + 1) !== 0x20)
			colon = line.indexOf(':', colon + 1);
		if (colon < 0) return null;
		key = line.slice(at, colon).trimEnd();
		if (key === '' || key.includes(' #')) return null;
		after = colon;
	}

	if (line.charCodeAt(after) !== 0x3a) return null;
	const next = line.charCodeAt(after + 1);
	return after + 1 === line.length || next === 0x20 ? key : null;
}
