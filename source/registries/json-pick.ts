/**
 * A streaming JSON reader that keeps only the values at chosen object paths and skips the rest byte by
 * byte, without building it. npm packuments run to tens of MB (every version's manifest, readmes); we need
 * a few KB of them, and `JSON.parse` of the whole document would hold the text and the object tree at once.
 *
 * It assumes well-formed JSON (what a registry sends); a truncated document is detected at `end()`, and
 * a malformed picked value fails its own `JSON.parse`. It is bounded against hostile documents: nesting deeper
 * than `jsonLimits.maxDepth` fails at once (the frame stack would otherwise grow with the body), and so do kept
 * values that add up to more than `maxKeptBytes` or `jsonLimits.maxValues` (a multi-GB field at a wanted path).
 */

import {HttpFailure} from './http-failure.js';
import {endsEscaping, jsonLimits, stringEnd, tooDeep, tooManyValues} from './json-guard.js';

const quote = 0x22;
const backslash = 0x5c;
const colon = 0x3a;
const comma = 0x2c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;

const objectFrame = 1;
const arrayFrame = 2;

export type JsonPickerOptions = {
	/** Deepest object level whose keys matter (1 = the top-level keys). Deeper keys are never decoded. */
	readonly maxDepth: number;
	/** Should the value at this path (object keys from the root) be kept? */
	readonly wanted: (path: readonly string[]) => boolean;
	/** Receives each kept value, parsed. */
	readonly onValue: (path: readonly string[], value: unknown) => void;
	/** Most bytes of kept values in all (default `defaultMaxKeptBytes`). */
	readonly maxKeptBytes?: number;
};

/** What a packument's kept fields add up to is a few MB even for packages with thousands of versions. */
export const defaultMaxKeptBytes = 32 * 1024 * 1024;

export class JsonPicker {
	private readonly frames: number[] = [];
	private readonly path: string[] = [];
	private inString = false;
	private escaped = false;
	private expectKey = false;
	/** Bytes of the key being read (only at depth ≤ maxDepth), across chunks. */
	private keyParts: Buffer[] | null = null;
	private keyStart = 0;
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
		for (let i = 0; i < length; i++) {
			if (this.inString) {
				if (this.escaped) {
					this.escaped = false;
					continue;
				}

				// Most of a packument is string content (descriptions, readmes): jump to its end natively.
				const end = stringEnd(chunk, i);
				if (end < 0) {
					this.escaped = endsEscaping(chunk, i);
					break;
				}

				i = end;
				this.inString = false;
				if (this.keyParts) this.finishKey(chunk, i);
				continue;
			}

			const byte = chunk[i]!;

			switch (byte) {
				case quote: {
					this.inString = true;
					if (this.expectKey) {
						this.expectKey = false;
						if (this.capture === null && this.frames.length <= this.options.maxDepth) {
							this.keyParts = [];
							this.keyStart = i;
						}
					}

					break;
				}

				case colon: {
					const depth = this.frames.length;
					if (this.capture === null && depth <= this.options.maxDepth) {
						const path = this.path.slice(0, depth);
						if (this.options.wanted(path)) this.capture = {depth, parts: [], start: i + 1, path};
					}

					break;
				}

				case comma: {
					if (this.capture !== null) {
						if (this.capture.depth === this.frames.length) this.finishValue(chunk, i);
						else if (++this.keptValues > jsonLimits.maxValues) throw tooManyValues();
					}

					if (this.frames.at(-1) === objectFrame) this.expectKey = true;
					break;
				}

				case openBrace: {
					if (this.frames.push(objectFrame) > jsonLimits.maxDepth) throw tooDeep();
					if (this.capture !== null && (this.keptValues += 2) > jsonLimits.maxValues) throw tooManyValues();
					this.expectKey = true;
					break;
				}

				case openBracket: {
					if (this.frames.push(arrayFrame) > jsonLimits.maxDepth) throw tooDeep();
					if (this.capture !== null && (this.keptValues += 2) > jsonLimits.maxValues) throw tooManyValues();
					// Arrays have no keys: a stale key at this level must not match a wanted path.
					this.path[this.frames.length - 1] = '[]';
					this.expectKey = false;
					break;
				}

				case closeBrace:
				case closeBracket: {
					if (this.capture !== null && this.capture.depth === this.frames.length) this.finishValue(chunk, i);
					this.frames.pop();
					this.expectKey = false;
					break;
				}

				default:
					break;
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
	}

	private keep(bytes: number): void {
		this.keptBytes += bytes;
		if (this.keptBytes > this.maxKeptBytes)
			throw new HttpFailure('invalid', `kept fields over ${Math.round(this.maxKeptBytes / 1024 / 1024)} MB`);
	}

	/** Call after the last chunk: throws when the document stopped in the middle. */
	end(): void {
		if (this.frames.length > 0 || this.inString) throw new Error('truncated JSON');
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
