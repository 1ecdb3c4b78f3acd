/**
 * A streaming JSON reader that keeps only the values at chosen object paths and skips the rest byte by
 * byte, without building it. npm packuments run to tens of MB (every version's manifest, readmes); we need
 * a few KB of them, and `JSON.parse` of the whole document would hold the text and the object tree at once.
 *
 * It accepts exactly what `JSON.parse` accepts: a body that is corrupted or mixed (bytes before the document,
 * a second document after it, trailing commas, NaN, comments, single quotes, raw control characters in a
 * string) would otherwise be read as different facts — a second document's values would win — instead of
 * failing its package. Syntax errors throw a `JsonSyntaxError` at once; a truncated document is detected at
 * `end()`. It is bounded against hostile documents: nesting deeper than `jsonLimits.maxDepth` fails at once
 * (the frame stack would otherwise grow with the body), and so do kept values that add up to more than
 * `maxKeptBytes` or `jsonLimits.maxValues` (a multi-GB field at a wanted path).
 */

import {HttpFailure} from './http-failure.js';
import {jsonLimits, tooDeep, tooManyValues} from './json-guard.js';

const quote = 0x22;
const backslash = 0x5c;
const colon = 0x3a;
const comma = 0x2c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const minus = 0x2d;
const space = 0x20;
const tab = 0x09;
const lineFeed = 0x0a;
const carriageReturn = 0x0d;

const objectFrame = 1;
const arrayFrame = 2;

// What the next significant byte may be (outside strings).
const expectValue = 0;
/** Right after `[`: a value or `]`. */
const expectValueOrEnd = 1;
/** Right after `{`: a key or `}`. */
const expectKeyOrEnd = 2;
/** After a comma in an object: a key (a trailing comma is an error). */
const expectKey = 3;
const expectColon = 4;
/** After a value: a comma or the container's close. */
const afterValue = 5;
/** After the document's value: only whitespace. */
const finished = 6;
const inLiteral = 7;
const inNumber = 8;

// Number grammar (RFC 8259 §6): `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
const numberMinus = 1;
const numberZero = 2;
const numberInteger = 3;
const numberDot = 4;
const numberFraction = 5;
const numberExponent = 6;
const numberExponentSign = 7;
const numberExponentDigits = 8;

/** A byte that may follow a backslash in a string (`"\/bfnrt`; `u` takes four hex digits). */
const simpleEscapes = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);
const literals = new Map([
	[0x74, Buffer.from('true')],
	[0x66, Buffer.from('false')],
	[0x6e, Buffer.from('null')],
]);

/** What a value at a `'type'` path is (the first byte says). */
export type JsonValueType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export type JsonPickerOptions = {
	/** Deepest object level whose keys matter (1 = the top-level keys). Deeper keys are never decoded. */
	readonly maxDepth: number;
	/**
	 * Should the value at this path (object keys from the root) be kept (`true`)? `'type'`: not kept, but its type
	 * goes to `onType` (is `versions` an object, without keeping the versions).
	 */
	readonly wanted: (path: readonly string[]) => boolean | 'type';
	/** Receives each kept value, parsed. */
	readonly onValue: (path: readonly string[], value: unknown) => void;
	/** Receives the type of each value `wanted` answered `'type'` for. */
	readonly onType?: (path: readonly string[], type: JsonValueType) => void;
	/** Most bytes of kept values in all (default `defaultMaxKeptBytes`). */
	readonly maxKeptBytes?: number;
};

/** What a packument's kept fields add up to is a few MB even for packages with thousands of versions. */
export const defaultMaxKeptBytes = 32 * 1024 * 1024;

/** Text that is not JSON, at `offset` (bytes from the start of the body). */
export class JsonSyntaxError extends Error {
	constructor(
		readonly offset: number,
		/** The byte that cannot be there. */
		readonly byte: number,
		/** It is the first byte of the body that is not whitespace: the body is not JSON at all. */
		readonly leading: boolean,
	) {
		super(`invalid JSON at byte ${offset}`);
		this.name = 'JsonSyntaxError';
	}
}

function isWhitespace(byte: number): boolean {
	return byte === space || byte === lineFeed || byte === carriageReturn || byte === tab;
}

/**
 * Whether `chunk` holds a byte below 0x20, four bytes at a time: for a word x, `(x - 0x20202020) & ~x & 0x80808080`
 * is non-zero exactly when one of its bytes is below 0x20 (a borrow can only spill from a byte that is).
 */
export function hasControlByte(chunk: Uint8Array): boolean {
	const length = chunk.length;
	const offset = chunk.byteOffset;
	const head = Math.min((4 - (offset & 3)) & 3, length);
	for (let index = 0; index < head; index++) if (chunk[index]! < space) return true;
	const words = (length - head) >> 2;
	const view = words > 0 ? new Int32Array(chunk.buffer, offset + head, words) : new Int32Array(0);
	for (let index = 0; index < words; index++) {
		const word = view[index]!;
		if ((((word - 0x20202020) | 0) & ~word & 0x80808080) !== 0) return true;
	}

	for (let index = head + words * 4; index < length; index++) if (chunk[index]! < space) return true;
	return false;
}

export class JsonPicker {
	private readonly frames: number[] = [];
	private readonly path: string[] = [];
	private state = expectValue;
	private inString = false;
	/** The string being read is a key (after it: a colon), not a value. */
	private stringIsKey = false;
	/** After a backslash in a string. */
	private escaping = false;
	/** Hex digits still due after `\u`. */
	private hexLeft = 0;
	private literal: Buffer | null = null;
	private literalIndex = 0;
	private numberState = 0;
	/** Bytes of the chunks before this one. */
	private offset = 0;
	private started = false;
	/** Bytes of the key being read (only at depth ≤ maxDepth), across chunks. */
	private keyParts: Buffer[] | null = null;
	private keyStart = 0;
	/** The path whose value's type is wanted (set at its colon, reported at its first byte). */
	private typePath: string[] | null = null;
	/** The value being kept: its container depth and its bytes so far. */
	private capture: {depth: number; parts: Buffer[]; start: number; path: string[]} | null = null;
	/** Bytes of kept values so far (finished ones and the one being read, up to the last chunk). */
	private keptBytes = 0;
	/** Values inside kept values so far (each comma and each container opened while capturing). */
	private keptValues = 0;
	private readonly maxKeptBytes: number;

	constructor(private readonly options: JsonPickerOptions) {
		this.maxKeptBytes = options.maxKeptBytes ?? defaultMaxKeptBytes;
	}

	write(chunk: Buffer): void {
		const length = chunk.length;
		// Most of a packument is string content (descriptions, readmes), and a registry sends it compact: in a chunk
		// without a byte below 0x20 (checked four bytes at a time), a string runs natively to its next quote or
		// backslash. Only a chunk with one (a pretty-printed document) is read byte by byte.
		const plain = !hasControlByte(chunk);
		/** The first backslash at or after the string being read (-2: not looked for yet), in a plain chunk. */
		let nextBackslash = -2;
		for (let i = 0; i < length; i++) {
			if (this.inString) {
				if (this.escaping || this.hexLeft > 0) {
					this.escapedByte(chunk, i);
					continue;
				}

				let end: number;
				if (plain) {
					if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = chunk.indexOf(backslash, i);
					const nextQuote = chunk.indexOf(quote, i);
					end =
						nextBackslash >= 0 && (nextQuote < 0 || nextBackslash < nextQuote)
							? nextBackslash
							: nextQuote < 0
								? length
								: nextQuote;
				} else {
					end = i;
					while (end < length) {
						const byte = chunk[end]!;
						if (byte === quote || byte === backslash || byte < space) break;
						end++;
					}
				}

				if (end === length) break;
				i = end;
				const byte = chunk[i]!;
				if (byte === backslash) this.escaping = true;
				else if (byte === quote) this.endString(chunk, i);
				// A raw control character (a line break, a NUL): JSON.parse refuses it, and so does this.
				else this.fail(chunk, i);
				continue;
			}

			const byte = chunk[i]!;
			// Whitespace is looked at only where the byte is nothing else (compact JSON has none): a number ends at
			// it, and a literal or a misplaced byte fails on it as on any other.
			switch (this.state) {
				case afterValue: {
					if (byte === comma) {
						if (this.capture !== null) {
							if (this.capture.depth === this.frames.length) this.finishValue(chunk, i);
							else if (++this.keptValues > jsonLimits.maxValues) throw tooManyValues();
						}

						this.state = this.frames.at(-1) === objectFrame ? expectKey : expectValue;
					} else if (byte === closeBrace || byte === closeBracket) this.close(chunk, i, byte);
					else this.whitespace(chunk, i, byte);
					break;
				}

				case expectKeyOrEnd:
				case expectKey: {
					if (byte === quote) {
						this.inString = true;
						this.stringIsKey = true;
						if (this.capture === null && this.frames.length <= this.options.maxDepth) {
							this.keyParts = [];
							this.keyStart = i;
						}
					} else if (byte === closeBrace && this.state === expectKeyOrEnd) this.close(chunk, i, byte);
					else this.whitespace(chunk, i, byte);
					break;
				}

				case expectColon: {
					if (byte !== colon) {
						this.whitespace(chunk, i, byte);
						break;
					}

					this.state = expectValue;
					const depth = this.frames.length;
					if (this.capture === null && depth <= this.options.maxDepth) {
						const path = this.path.slice(0, depth);
						const wanted = this.options.wanted(path);
						if (wanted === true) this.capture = {depth, parts: [], start: i + 1, path};
						else if (wanted === 'type') this.typePath = path;
					}

					break;
				}

				case expectValueOrEnd:
				case expectValue: {
					if (byte === closeBracket && this.state === expectValueOrEnd) this.close(chunk, i, byte);
					else if (isWhitespace(byte)) continue;
					else this.startValue(chunk, i, byte);
					break;
				}

				case inNumber: {
					if (!this.numberByte(byte)) {
						this.endNumber(chunk, i);
						// The byte after a number is read again as what follows a value.
						i--;
					}

					break;
				}

				case inLiteral: {
					const literal = this.literal!;
					if (byte !== literal[this.literalIndex]) this.fail(chunk, i);
					if (++this.literalIndex === literal.length) this.valueDone();
					break;
				}

				default:
					// After the document, only whitespace: not a second document, not trailing bytes.
					this.whitespace(chunk, i, byte);
			}
		}

		// Carry partial key/value bytes over to the next chunk.
		if (this.keyParts) {
			this.keyParts.push(chunk.subarray(this.keyStart));
			this.keyStart = 0;
		}

		if (this.capture) {
			const rest = chunk.subarray(this.capture.start);
			this.capture.parts.push(rest);
			this.capture.start = 0;
			this.keep(rest.length);
		}

		this.offset += length;
	}

	/** Call after the last chunk: throws when the document stopped in the middle. */
	end(): void {
		if (this.state === inNumber && !this.inString && this.frames.length === 0 && this.numberComplete())
			this.state = finished;
		if (this.state !== finished || this.inString) throw new Error('truncated JSON');
	}

	/** A byte where only whitespace may stand besides what the state expects. */
	private whitespace(chunk: Buffer, i: number, byte: number): void {
		if (!isWhitespace(byte)) this.fail(chunk, i);
	}

	private startValue(chunk: Buffer, i: number, byte: number): void {
		let type: JsonValueType;
		if (byte === quote) {
			this.inString = true;
			this.stringIsKey = false;
			type = 'string';
		} else if (byte === openBrace || byte === openBracket) {
			if (this.frames.push(byte === openBrace ? objectFrame : arrayFrame) > jsonLimits.maxDepth)
				throw tooDeep();
			if (this.capture !== null && (this.keptValues += 2) > jsonLimits.maxValues) throw tooManyValues();
			if (byte === openBrace) {
				this.state = expectKeyOrEnd;
				type = 'object';
			} else {
				// Arrays have no keys: a stale key at this level must not match a wanted path.
				this.path[this.frames.length - 1] = '[]';
				this.state = expectValueOrEnd;
				type = 'array';
			}
		} else if (byte === minus || (byte >= 0x30 && byte <= 0x39)) {
			this.state = inNumber;
			this.numberState = byte === minus ? numberMinus : byte === 0x30 ? numberZero : numberInteger;
			type = 'number';
		} else {
			const literal = literals.get(byte);
			if (!literal) this.fail(chunk, i);
			this.literal = literal;
			this.literalIndex = 1;
			this.state = inLiteral;
			type = byte === 0x6e ? 'null' : 'boolean';
		}

		this.started = true;
		if (this.typePath !== null) {
			const path = this.typePath;
			this.typePath = null;
			this.options.onType?.(path, type);
		}
	}

	/** A string, literal or number ended, or a container closed. */
	private valueDone(): void {
		this.state = this.frames.length === 0 ? finished : afterValue;
	}

	private endString(chunk: Buffer, i: number): void {
		this.inString = false;
		if (this.stringIsKey) {
			if (this.keyParts) this.finishKey(chunk, i);
			this.state = expectColon;
		} else this.valueDone();
	}

	/** The byte after a backslash, or one of the four hex digits of `\u`. */
	private escapedByte(chunk: Buffer, i: number): void {
		const byte = chunk[i]!;
		if (this.escaping) {
			this.escaping = false;
			if (byte === 0x75) this.hexLeft = 4;
			else if (!simpleEscapes.has(byte)) this.fail(chunk, i);
			return;
		}

		const hex = (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66);
		if (!hex) this.fail(chunk, i);
		this.hexLeft -= 1;
	}

	/** Takes one more byte of the number being read; false when it cannot be part of it. */
	private numberByte(byte: number): boolean {
		const digit = byte >= 0x30 && byte <= 0x39;
		switch (this.numberState) {
			case numberMinus:
				if (!digit) return false;
				this.numberState = byte === 0x30 ? numberZero : numberInteger;
				return true;
			case numberZero:
			case numberInteger:
				if (digit && this.numberState === numberInteger) return true;
				if (byte === 0x2e) this.numberState = numberDot;
				else if ((byte | 0x20) === 0x65) this.numberState = numberExponent;
				else return false;
				return true;
			case numberDot:
			case numberFraction:
				if (digit) this.numberState = numberFraction;
				else if (this.numberState === numberFraction && (byte | 0x20) === 0x65)
					this.numberState = numberExponent;
				else return false;
				return true;
			case numberExponent:
				if (digit) this.numberState = numberExponentDigits;
				else if (byte === 0x2b || byte === minus) this.numberState = numberExponentSign;
				else return false;
				return true;
			default:
				if (!digit) return false;
				this.numberState = numberExponentDigits;
				return true;
		}
	}

	private numberComplete(): boolean {
		const state = this.numberState;
		return (
			state === numberZero ||
			state === numberInteger ||
			state === numberFraction ||
			state === numberExponentDigits
		);
	}

	/** The number ended at the byte `i` (not part of it): `1.`, `-` or `1e` are not numbers. */
	private endNumber(chunk: Buffer, i: number): void {
		if (!this.numberComplete()) this.fail(chunk, i);
		this.valueDone();
	}

	private close(chunk: Buffer, i: number, byte: number): void {
		if (this.frames.at(-1) !== (byte === closeBrace ? objectFrame : arrayFrame)) this.fail(chunk, i);
		if (this.capture !== null && this.capture.depth === this.frames.length) this.finishValue(chunk, i);
		this.frames.pop();
		this.valueDone();
	}

	private fail(chunk: Buffer, i: number): never {
		throw new JsonSyntaxError(this.offset + i, chunk[i]!, !this.started);
	}

	private keep(bytes: number): void {
		this.keptBytes += bytes;
		if (this.keptBytes > this.maxKeptBytes)
			throw new HttpFailure('invalid', `kept fields over ${Math.round(this.maxKeptBytes / 1024 / 1024)} MB`);
	}

	private finishKey(chunk: Buffer, endIndex: number): void {
		const parts = this.keyParts!;
		parts.push(chunk.subarray(this.keyStart, endIndex + 1));
		this.keyParts = null;
		const raw = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
		// A key without escapes is its bytes between the quotes (almost every key): no JSON.parse needed.
		this.path[this.frames.length - 1] =
			raw.indexOf(backslash) < 0
				? raw.toString('utf8', 1, raw.length - 1)
				: (JSON.parse(raw.toString('utf8')) as string);
	}

	private finishValue(chunk: Buffer, endIndex: number): void {
		const capture = this.capture!;
		const last = chunk.subarray(capture.start, endIndex);
		capture.parts.push(last);
		this.keep(last.length);
		this.capture = null;
		const raw = capture.parts.length === 1 ? capture.parts[0]! : Buffer.concat(capture.parts);
		this.options.onValue(capture.path, JSON.parse(raw.toString('utf8')) as unknown);
	}
}
