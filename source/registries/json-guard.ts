import {HttpFailure} from './http-failure.js';

/**
 * Bounds on the JSON a registry may send, checked byte by byte before (or while) it is parsed. A body within
 * its size limit can still make `JSON.parse` build far more than its size: 32 MB of `[{},{},…]` becomes about
 * a gigabyte of objects, and 200 KB of gzipped `[` is a nesting no reader needs. Real registry documents nest
 * fewer than 20 levels and hold well under a million values (the largest PyPI JSON, tens of MB, about 500,000).
 */
export const jsonLimits = {
	/** Deepest nesting of arrays and objects. */
	maxDepth: 256,
	/** Most values (scalars, arrays and objects) in one document, or kept from one streamed document. */
	maxValues: 2_000_000,
} as const;

const quote = 0x22;
const backslash = 0x5c;
const comma = 0x2c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;

export function tooDeep(): HttpFailure {
	return new HttpFailure('invalid', `JSON nested deeper than ${jsonLimits.maxDepth} levels`);
}

export function tooManyValues(): HttpFailure {
	return new HttpFailure(
		'invalid',
		`JSON with more than ${jsonLimits.maxValues.toLocaleString('en-US')} values`,
	);
}

/**
 * Feeds on a JSON body chunk by chunk and throws an `HttpFailure` as soon as it nests too deep or holds too
 * many values. It does not check the syntax (JSON.parse does that afterwards); it only keeps the parse cheap.
 */
export class JsonGuard {
	private depth = 0;
	private values = 1;
	private inString = false;
	private escaped = false;

	write(chunk: Uint8Array): void {
		const length = chunk.length;
		for (let index = 0; index < length; index++) {
			if (this.inString) {
				if (this.escaped) {
					this.escaped = false;
					continue;
				}

				const end = stringEnd(chunk, index);
				if (end < 0) {
					this.escaped = endsEscaping(chunk, index);
					break;
				}

				index = end;
				this.inString = false;
				continue;
			}

			const byte = chunk[index]!;
			if (byte === quote) this.inString = true;
			else if (byte === openBrace || byte === openBracket) {
				if (++this.depth > jsonLimits.maxDepth) throw tooDeep();
				// A container's first value is not preceded by a comma: count it with the container.
				if ((this.values += 2) > jsonLimits.maxValues) throw tooManyValues();
			} else if (byte === closeBrace || byte === closeBracket) this.depth -= 1;
			else if (byte === comma && ++this.values > jsonLimits.maxValues) throw tooManyValues();
		}
	}
}

/**
 * Where the string being read ends (its closing quote) in `chunk` from `from` on, or -1 when it goes on past the
 * chunk. `from` is not an escaped byte; a quote preceded by an odd run of backslashes is escaped. O(bytes), with
 * native searches for the quotes.
 */
export function stringEnd(chunk: Uint8Array, from: number): number {
	let at = chunk.indexOf(quote, from);
	while (at >= 0) {
		let run = 0;
		for (let index = at - 1; index >= from && chunk[index] === backslash; index--) run += 1;
		if (run % 2 === 0) return at;
		at = chunk.indexOf(quote, at + 1);
	}

	return -1;
}

/** Whether a string running past the end of `chunk` leaves its next byte escaped (an odd run of backslashes). */
export function endsEscaping(chunk: Uint8Array, from: number): boolean {
	let run = 0;
	for (let index = chunk.length - 1; index >= from && chunk[index] === backslash; index--) run += 1;
	return run % 2 === 1;
}
