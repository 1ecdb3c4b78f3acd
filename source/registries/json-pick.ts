/**
 * A streaming JSON reader that keeps only the values at chosen object paths and skips the rest byte by
 * byte, without building it. npm packuments run to tens of MB (every version's manifest, readmes); we need
 * a few KB of them, and `JSON.parse` of the whole document would hold the text and the object tree at once.
 *
 * It assumes well-formed JSON (what a registry sends); a truncated document is detected at `end()`, and
 * a malformed picked value fails its own `JSON.parse`.
 */

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
};

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

	constructor(private readonly options: JsonPickerOptions) {}

	write(chunk: Buffer): void {
		const length = chunk.length;
		for (let i = 0; i < length; i++) {
			const byte = chunk[i]!;
			if (this.inString) {
				if (this.escaped) this.escaped = false;
				else if (byte === backslash) this.escaped = true;
				else if (byte === quote) {
					this.inString = false;
					if (this.keyParts) this.finishKey(chunk, i);
				}

				continue;
			}

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
					if (this.capture !== null && this.capture.depth === this.frames.length) this.finishValue(chunk, i);
					if (this.frames.at(-1) === objectFrame) this.expectKey = true;
					break;
				}

				case openBrace: {
					this.frames.push(objectFrame);
					this.expectKey = true;
					break;
				}

				case openBracket: {
					this.frames.push(arrayFrame);
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
			this.capture.parts.push(chunk.subarray(this.capture.start));
			this.capture.start = 0;
		}
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
		this.path[this.frames.length - 1] = JSON.parse(raw.toString('utf8')) as string;
	}

	private finishValue(chunk: Buffer, endIndex: number): void {
		const capture = this.capture!;
		capture.parts.push(chunk.subarray(capture.start, endIndex));
		this.capture = null;
		const raw = capture.parts.length === 1 ? capture.parts[0]! : Buffer.concat(capture.parts);
		this.options.onValue(capture.path, JSON.parse(raw.toString('utf8')) as unknown);
	}
}
