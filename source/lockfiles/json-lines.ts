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
	let close = index + 1;
	let escaped = false;
	for (; close < end; close++) {
		const code = text.charCodeAt(close);
		if (code === backslash) {
			escaped = true;
			close++; // the escaped character cannot end the key
		} else if (code === quote) break;
	}

	if (close >= end) return;
	let after = close + 1;
	while (after < end && text.charCodeAt(after) === 32) after++;
	if (text.charCodeAt(after) !== colon) return;
	after++;
	while (after < end && text.charCodeAt(after) === 32) after++;
	const opener = text.charCodeAt(after);
	if (opener !== 123 && opener !== 91) return; // only { and [ values: entries are objects or tuples
	while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
	const raw = text.slice(index + 1, close);
	const key = escaped ? unescapeKey(raw) : raw;
	const path = stack.length === 0 ? key : jsonPath(...stack.map((entry) => entry.key), key);
	if (!lines.has(path)) lines.set(path, lineNumber);
	// The value opens here and continues on the next lines: its keys are this key's children.
	let last = end - 1;
	while (
		last > after &&
		(text.charCodeAt(last) === 32 || text.charCodeAt(last) === 13 || text.charCodeAt(last) === newline)
	)
		last--;
	if (last === after) stack.push({indent, key});
}

function unescapeKey(raw: string): string {
	try {
		return JSON.parse(`"${raw}"`) as string;
	} catch {
		return raw;
	}
}
