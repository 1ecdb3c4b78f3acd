/** A JSON path as {@link jsonKeyLines} keys it: the keys from the top, joined with NUL. */
export function jsonPath(...keys: readonly string[]): string {
	return keys.join('\u0000');
}

const quote = 34; // "
const backslash = 92;
const colon = 58;
const newline = 10;

/**
 * The 1-based line of every object key whose value is an object or an array (`"node_modules/a": {`, bun's
 * `"a": ["a@1", …]`), in a JSON document written one key per line as npm and bun write theirs, keyed by its
 * {@link jsonPath}. Nesting is read from the indentation: a key whose line ends in `{` or `[` is the parent of
 * the keys indented below it. Scalar members are skipped, and a file written on one line gives no lines at
 * all, so callers leave `line` out rather than guess. One pass over the text, no regular expression: it runs
 * on every npm lockfile read (about a millisecond per 10,000 lines).
 */
export function jsonKeyLines(text: string): Map<string, number> {
	const lines = new Map<string, number>();
	const stack: Array<{readonly indent: number; readonly key: string}> = [];
	let lineNumber = 0;
	let start = 0;
	while (start <= text.length) {
		let end = text.indexOf('\n', start);
		if (end === -1) end = text.length;
		lineNumber++;
		scanLine(text, start, end, lineNumber, stack, lines);
		start = end + 1;
	}

	return lines;
}

/**
 * The lines {@link jsonKeyLines} gives for the members of one top-level object (npm's `packages`: the entries), keyed
 * by the member's key alone — the same lines, found without keeping every other key: the top level's indentation
 * is the first key's, the object's members are the keys one level below it, deeper lines are skipped by their
 * indentation alone. A file written on one line (or not one key per line) gives none.
 */
export function jsonMemberLines(text: string, topKey: string): Map<string, number> {
	const lines = new Map<string, number>();
	let topIndent = -1;
	let memberIndent = -1;
	let inside = false;
	let lineNumber = 0;
	for (let start = 0; start <= text.length; ) {
		let end = text.indexOf('\n', start);
		if (end === -1) end = text.length;
		lineNumber++;
		if (inside) {
			// Most lines are deeper than the members: told apart by the few characters of indentation that matter.
			const limit = Math.min(end, start + topIndent + 1);
			let index = start;
			while (index < limit && isBlank(text.charCodeAt(index))) index++;
			if (index < limit) break; // back at the top level: the object has ended
			if (index === end) {
				start = end + 1;
				continue;
			}

			if (memberIndent === -1) {
				while (index < end && isBlank(text.charCodeAt(index))) index++;
				if (index < end && text.charCodeAt(index) === quote) {
					memberIndent = index - start;
					member(text, index, end, lineNumber, lines);
				}
			} else if (text.charCodeAt(start + memberIndent) === quote && start + memberIndent < end) {
				while (index < start + memberIndent && isBlank(text.charCodeAt(index))) index++;
				if (index === start + memberIndent) member(text, index, end, lineNumber, lines);
			}
		} else {
			let index = start;
			while (index < end && isBlank(text.charCodeAt(index))) index++;
			const indent = index - start;
			const key =
				index < end && text.charCodeAt(index) === quote && (topIndent === -1 || indent === topIndent)
					? keyOfLine(text, index, end)
					: undefined;
			if (key !== undefined) {
				topIndent = indent;
				// Its value continues on the next lines: the members follow.
				if (key.key === topKey && key.value === 'opens') inside = true;
			}
		}

		start = end + 1;
	}

	return lines;
}

/** A member's line, kept when its value is an object or an array (the first line of a repeated key). */
function member(
	text: string,
	index: number,
	end: number,
	lineNumber: number,
	lines: Map<string, number>,
): void {
	const key = keyOfLine(text, index, end);
	if (key !== undefined && key.value !== 'scalar' && !lines.has(key.key)) lines.set(key.key, lineNumber);
}

function isBlank(code: number): boolean {
	return code === 32 || code === 9;
}

/**
 * The key a line starts with (at `index`), and its value: `opens` (an object or array continued on the next
 * lines), `inline` (one that closes on this line) or `scalar`. Undefined when the line is not a key.
 */
function keyOfLine(
	text: string,
	index: number,
	end: number,
): {key: string; value: 'opens' | 'inline' | 'scalar'} | undefined {
	let close = index + 1;
	let escaped = false;
	for (; close < end; close++) {
		const code = text.charCodeAt(close);
		if (code === backslash) {
			escaped = true;
			close++; // the escaped character cannot end the key
		} else if (code === quote) break;
	}

	if (close >= end) return undefined;
	let after = close + 1;
	while (after < end && text.charCodeAt(after) === 32) after++;
	if (text.charCodeAt(after) !== colon) return undefined;
	after++;
	while (after < end && text.charCodeAt(after) === 32) after++;
	const raw = text.slice(index + 1, close);
	const key = escaped ? unescapeKey(raw) : raw;
	const opener = text.charCodeAt(after);
	if (opener !== 123 && opener !== 91) return {key, value: 'scalar'};
	let last = end - 1;
	while (
		last > after &&
		(text.charCodeAt(last) === 32 || text.charCodeAt(last) === 13 || text.charCodeAt(last) === newline)
	)
		last--;
	return {key, value: last === after ? 'opens' : 'inline'};
}

function scanLine(
	text: string,
	start: number,
	end: number,
	lineNumber: number,
	stack: Array<{readonly indent: number; readonly key: string}>,
	lines: Map<string, number>,
): void {
	let index = start;
	while (index < end && (text.charCodeAt(index) === 32 || text.charCodeAt(index) === 9)) index++;
	if (index >= end || text.charCodeAt(index) !== quote) return;
	const indent = index - start;
	const found = keyOfLine(text, index, end);
	// Only { and [ values: entries are objects or tuples.
	if (found === undefined || found.value === 'scalar') return;
	while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
	const {key} = found;
	const path = stack.length === 0 ? key : jsonPath(...stack.map((entry) => entry.key), key);
	if (!lines.has(path)) lines.set(path, lineNumber);
	// The value opens here and continues on the next lines: its keys are this key's children.
	if (found.value === 'opens') stack.push({indent, key});
}

function unescapeKey(raw: string): string {
	try {
		return JSON.parse(`"${raw}"`) as string;
	} catch {
		return raw;
	}
}
