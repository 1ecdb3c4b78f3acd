import {lineAt} from './fields.js';

/**
 * A key repeated within one JSON object. `JSON.parse` keeps the last silently (as npm does), while the YAML and
 * TOML readers refuse duplicates; a JSON lockfile's are reported as a warning naming the key, so a botched merge
 * or a smuggled second entry is never silent.
 *
 * The check must not cost a large lockfile's parse time: the keys in the text (every `"…":`) are counted with
 * one regular expression and compared with the keys of the parsed value; only when the text has more (or a
 * string value happens to contain `":`) is the text scanned to name the duplicate.
 */
export function duplicateJsonKey(text: string, parsed: unknown): {key: string; line: number} | undefined {
	if (keysInText(text) <= countKeys(parsed)) return undefined;
	const found = scanForDuplicate(text);
	return found ? {key: found.key, line: lineAt(text, found.offset)} : undefined;
}

/** `"…":` in the text, counted without building a list (JSON writers put no space before the colon). */
function keysInText(text: string): number {
	if (/"\s+:/.test(text)) return text.match(/"\s*:/g)?.length ?? 0;
	let count = 0;
	for (let at = text.indexOf('":'); at !== -1; at = text.indexOf('":', at + 2)) count += 1;
	return count;
}

/**
 * Keys in all the objects of a parsed value; without recursion, so any nesting JSON.parse accepted is fine. Only
 * objects and arrays go on the stack (a lockfile's values are mostly strings).
 */
function countKeys(value: unknown): number {
	if (value === null || typeof value !== 'object') return 0;
	let count = 0;
	const stack: object[] = [value];
	for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
		if (Array.isArray(item)) {
			for (const element of item) if (element !== null && typeof element === 'object') stack.push(element);
			continue;
		}

		for (const key in item) {
			count += 1;
			const child = (item as Record<string, unknown>)[key];
			if (child !== null && typeof child === 'object') stack.push(child);
		}
	}

	return count;
}

/** The first key seen twice in one object, walking the text (strings and escapes respected, comments not). */
function scanForDuplicate(text: string): {key: string; offset: number} | undefined {
	const stack: Array<Set<string> | null> = [];
	let keys: Set<string> | null = null;
	for (let index = 0; index < text.length; index++) {
		const char = text.charCodeAt(index);
		if (char === 0x22) {
			const end = closingQuote(text, index);
			if (end === -1) return undefined;
			let next = end + 1;
			while (next < text.length && /\s/.test(text[next]!)) next++;
			if (keys !== null && text.charCodeAt(next) === 0x3a) {
				const key = JSON.parse(text.slice(index, end + 1)) as string;
				if (keys.has(key)) return {key, offset: index};
				keys.add(key);
			}

			index = end;
		} else if (char === 0x7b) {
			stack.push(keys);
			keys = new Set();
		} else if (char === 0x5b) {
			stack.push(keys);
			keys = null;
		} else if (char === 0x7d || char === 0x5d) keys = stack.pop() ?? null;
	}

	return undefined;
}

function closingQuote(text: string, open: number): number {
	let at = open + 1;
	for (;;) {
		at = text.indexOf('"', at);
		if (at === -1) return -1;
		let backslashes = 0;
		for (let before = at - 1; text.charCodeAt(before) === 0x5c; before--) backslashes++;
		if (backslashes % 2 === 0) return at;
		at += 1;
	}
}
