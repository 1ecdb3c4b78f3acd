import {LockfileError} from '../../../lockfiles/types.js';

/**
 * A line parser for yarn classic's own lockfile syntax (not YAML): top-level blocks keyed by one or more
 * comma-separated, optionally quoted descriptors and ending in `:`, indented `key value` fields, and nested
 * `key:` objects (`dependencies:`). `@yarnpkg/lockfile` is unmaintained since 2018, hence our own, which
 * also reports line numbers.
 */

export type YarnV1Value = string | YarnV1Object;
export type YarnV1Object = {[key: string]: YarnV1Value};

/** One top-level block: the descriptors it answers for, its fields, and the line it starts on. */
export type YarnV1Block = {
	readonly keys: string[];
	readonly fields: YarnV1Object;
	readonly line: number;
};

type Frame = {readonly indent: number; readonly object: YarnV1Object};

/** Parses the whole file; throws LockfileError with the 1-based line on malformed input. */
export function parseYarnV1(file: string, text: string): YarnV1Block[] {
	const blocks: YarnV1Block[] = [];
	const lines = text.split(/\r?\n/);
	let stack: Frame[] = [];
	for (let index = 0; index < lines.length; index++) {
		const lineNumber = index + 1;
		const raw = lines[index]!;
		const trimmed = raw.trim();
		if (trimmed === '' || trimmed.startsWith('#')) continue;
		if (/^(<{7}|={7}|>{7})/.test(trimmed)) {
			throw new LockfileError(file, 'unresolved merge conflict marker', lineNumber);
		}

		const indent = raw.length - raw.trimStart().length;
		if (raw.slice(0, indent).includes('\t')) throw new LockfileError(file, 'tab in indentation', lineNumber);
		const fail = (message: string): never => {
			throw new LockfileError(file, message, lineNumber);
		};

		if (indent === 0) {
			if (!trimmed.endsWith(':')) fail(`expected a package entry ending in ':', found ${quote(trimmed)}`);
			const keys = splitKeys(trimmed.slice(0, -1), fail);
			if (keys.length === 0) fail('package entry without a name');
			const fields: YarnV1Object = {};
			blocks.push({keys, fields, line: lineNumber});
			stack = [{indent: 0, object: fields}];
			continue;
		}

		if (stack.length === 0) fail('indented line outside a package entry');
		// Close nested objects this line is no longer inside.
		while (stack.length > 1 && indent <= stack[stack.length - 1]!.indent) stack.pop();
		const frame = stack[stack.length - 1]!;
		if (indent <= frame.indent) fail('unexpected indentation');

		const tokens = tokenize(trimmed, fail);
		const [key, ...rest] = tokens;
		if (key === undefined) fail('empty field');
		if (key!.opensObject) {
			if (rest.length > 0) fail(`unexpected text after ${quote(key!.text)}:`);
			const child: YarnV1Object = {};
			frame.object[key!.text] = child;
			stack.push({indent, object: child});
			continue;
		}

		if (rest.length !== 1)
			fail(rest.length === 0 ? `field ${quote(key!.text)} has no value` : 'too many values');
		frame.object[key!.text] = rest[0]!.text;
	}

	return blocks;
}

type Token = {readonly text: string; readonly opensObject: boolean};

/** Splits `"a@^1", a@^2` into descriptors; quoted ones may contain commas and colons. */
function splitKeys(text: string, fail: (message: string) => never): string[] {
	const keys: string[] = [];
	let position = 0;
	while (position < text.length) {
		while (text[position] === ' ') position++;
		if (position >= text.length) break;
		let key: string;
		if (text[position] === '"') {
			const end = closingQuote(text, position, fail);
			key = unquote(text.slice(position, end + 1), fail);
			position = end + 1;
		} else {
			const comma = text.indexOf(',', position);
			const end = comma === -1 ? text.length : comma;
			key = text.slice(position, end).trim();
			position = end;
		}

		keys.push(key);
		while (text[position] === ' ') position++;
		if (position < text.length) {
			if (text[position] !== ',') fail(`expected ',' between package names in ${quote(text)}`);
			position++;
		}
	}

	return keys.filter((key) => key !== '');
}

/** A field line: `key value`, `key "quoted value"`, `"quoted key" value`, or `key:` (opens an object). */
function tokenize(text: string, fail: (message: string) => never): Token[] {
	const tokens: Token[] = [];
	let position = 0;
	while (position < text.length) {
		while (text[position] === ' ') position++;
		if (position >= text.length) break;
		let value: string;
		if (text[position] === '"') {
			const end = closingQuote(text, position, fail);
			value = unquote(text.slice(position, end + 1), fail);
			position = end + 1;
		} else {
			let end = position;
			while (end < text.length && text[end] !== ' ') end++;
			value = text.slice(position, end);
			position = end;
		}

		let opensObject = false;
		// `key:` at the end of the line opens an object; `key: value` is tolerated as `key value`.
		if (tokens.length === 0 && text[position] === ':') {
			position++;
			opensObject = text.slice(position).trim() === '';
		} else if (tokens.length === 0 && value.endsWith(':') && text[position - 1] !== '"') {
			value = value.slice(0, -1);
			opensObject = text.slice(position).trim() === '';
		}

		tokens.push({text: value, opensObject});
	}

	return tokens;
}

function closingQuote(text: string, start: number, fail: (message: string) => never): number {
	for (let index = start + 1; index < text.length; index++) {
		if (text[index] === '\\') index++;
		else if (text[index] === '"') return index;
	}

	return fail(`unterminated string: ${excerpt(text.slice(start))}`);
}

function unquote(quoted: string, fail: (message: string) => never): string {
	try {
		return JSON.parse(quoted) as string;
	} catch {
		return fail(`invalid string ${quoted}`);
	}
}

function quote(text: string): string {
	return JSON.stringify(excerpt(text));
}

function excerpt(text: string): string {
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
