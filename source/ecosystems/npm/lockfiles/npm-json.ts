import {type ParseError, parse as parseJsonc, printParseErrorCode} from 'jsonc-parser';
import {lineAt} from '../../../lockfiles/fields.js';
import {duplicateJsonKey} from '../../../lockfiles/json-duplicates.js';
import {LockfileError, type LockfileInput} from '../../../lockfiles/types.js';
import {isRecord} from '../../../util/records.js';

/** A JSON object as read from a lockfile: fields are unknown until checked. */
export type JsonObject = Record<string, unknown>;

/**
 * Parses a JSON lockfile (npm) or a JSONC one (bun: comments, trailing commas). Empty and malformed files
 * throw a LockfileError with the line of the first syntax error. Strict JSON goes through JSON.parse,
 * which is several times faster than jsonc-parser on large lockfiles; jsonc-parser only explains failures.
 */
export function parseLockfileJson(
	input: LockfileInput,
	options: {readonly jsonc: boolean; readonly warn?: (message: string) => void},
): JsonObject {
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
	const duplicate = duplicateJsonKey(input.text, value);
	if (duplicate)
		options.warn?.(
			`${input.path}:${duplicate.line}: duplicate key ${JSON.stringify(duplicate.key)}; the last one is used, as npm does`,
		);
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

/** A JSON object (the shared `isRecord`, under the name these readers use). */
export const isObject: (value: unknown) => value is JsonObject = isRecord;
