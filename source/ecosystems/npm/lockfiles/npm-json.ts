import {type ParseError, parse as parseJsonc, printParseErrorCode} from 'jsonc-parser';
import {LockfileError, type LockfileInput} from '../../../lockfiles/types.js';
import {isRecord} from '../../../util/records.js';

/** A JSON object as read from a lockfile: fields are unknown until checked. */
export type JsonObject = Record<string, unknown>;

/**
 * Parses a JSON lockfile (npm) or a JSONC one (bun: comments, trailing commas). Empty and malformed files
 * throw a LockfileError with the line of the first syntax error. Strict JSON goes through JSON.parse,
 * which is several times faster than jsonc-parser on large lockfiles; jsonc-parser only explains failures.
 */
export function parseLockfileJson(input: LockfileInput, options: {jsonc: boolean}): JsonObject {
	if (input.text.trim() === '') throw new LockfileError(input.path, 'file is empty');
	let value: unknown;
	if (options.jsonc) {
		const errors: ParseError[] = [];
		value = parseJsonc(input.text, errors, {allowTrailingComma: true, disallowComments: false});
		const first = errors[0];
		if (first) {
			throw new LockfileError(
				input.path,
				`malformed JSONC: ${describeError(first)}`,
				lineAt(input.text, first.offset),
			);
		}
	} else {
		try {
			value = JSON.parse(input.text);
		} catch (error) {
			throw malformedJson(input, error);
		}
	}

	if (!isObject(value)) throw new LockfileError(input.path, 'expected a JSON object at the top level');
	return value;
}

/** Locates a JSON.parse failure with jsonc-parser (strict settings), which reports offsets on every Node. */
function malformedJson(input: LockfileInput, error: unknown): LockfileError {
	const errors: ParseError[] = [];
	parseJsonc(input.text, errors, {allowTrailingComma: false, disallowComments: true});
	const first = errors[0];
	if (first) {
		return new LockfileError(
			input.path,
			`malformed JSON: ${describeError(first)}`,
			lineAt(input.text, first.offset),
		);
	}

	const message = error instanceof Error ? error.message : String(error);
	return new LockfileError(input.path, `malformed JSON: ${message}`);
}

function describeError(error: ParseError): string {
	// 'PropertyNameExpected' → 'property name expected'
	return printParseErrorCode(error.error)
		.replaceAll(/([a-z])([A-Z])/g, '$1 $2')
		.toLowerCase();
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
	let line = 1;
	const end = Math.min(offset, text.length);
	for (let index = 0; index < end; index++) if (text.charCodeAt(index) === 10) line++;
	return line;
}

/** A JSON object (the shared `isRecord`, under the name these readers use). */
export const isObject: (value: unknown) => value is JsonObject = isRecord;

/** A `name → range` map from a lockfile field; anything else (missing, wrong type) reads as empty. */
export function stringMap(value: unknown): Array<[string, string]> {
	if (!isObject(value)) return [];
	const result: Array<[string, string]> = [];
	for (const [key, range] of Object.entries(value)) if (typeof range === 'string') result.push([key, range]);
	return result;
}

export function stringField(object: JsonObject, key: string): string | undefined {
	const value = object[key];
	return typeof value === 'string' ? value : undefined;
}
