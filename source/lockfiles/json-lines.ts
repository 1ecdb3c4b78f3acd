/** A JSON path as {@link jsonKeyLines} keys it: the keys from the top, joined with NUL. */
export function jsonPath(...keys: readonly string[]): string {
	return keys.join('\u0000');
}

const keyLinePattern = /^(\s*)"((?:[^"\\]|\\.)*)"\s*:\s*(.*)$/;

/**
 * The 1-based line of every object key in a JSON document written one key per line (npm and bun write
 * theirs so), keyed by its {@link jsonPath}. Nesting is read from the indentation: a key that opens an
 * object or array at the end of its line is the parent of the keys indented below it. A file written on one
 * line gives no lines at all, so callers leave `line` out rather than guess. One pass over the text.
 */
export function jsonKeyLines(text: string): Map<string, number> {
	const lines = new Map<string, number>();
	const stack: Array<{readonly indent: number; readonly key: string}> = [];
	let lineNumber = 0;
	for (const line of text.split('\n')) {
		lineNumber++;
		const match = keyLinePattern.exec(line);
		if (!match) continue;
		const indent = match[1]!.length;
		while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
		const key = unescapeKey(match[2]!);
		const path = jsonPath(...stack.map((entry) => entry.key), key);
		if (!lines.has(path)) lines.set(path, lineNumber);
		const rest = match[3]!.trimEnd();
		if (rest === '{' || rest === '[') stack.push({indent, key});
	}

	return lines;
}

function unescapeKey(raw: string): string {
	if (!raw.includes('\\')) return raw;
	try {
		return JSON.parse(`"${raw}"`) as string;
	} catch {
		return raw;
	}
}
