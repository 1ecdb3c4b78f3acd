/**
 * A text file's bytes as text, by its byte order mark: UTF-8 (the mark dropped), and UTF-16 in either byte order,
 * which Windows tools write (PowerShell 5's `pip freeze > requirements.txt` gives UTF-16LE with a mark; pip reads
 * it, by the mark, as its `auto_decode` does). UTF-32, and UTF-16 without a mark (every other byte zero), are not
 * guessed at: they are a problem to name, rather than text that would read as garbage or as no packages at all.
 */
import {withoutByteOrderMark} from './byte-order-mark.js';

export type DecodedText = {readonly text: string} | {readonly problem: string};

export function decodeText(bytes: Uint8Array): DecodedText {
	const [b0, b1, b2, b3] = bytes;
	if (
		(b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) ||
		(b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)
	)
		return {problem: 'is UTF-32 text; save it as UTF-8'};
	if (b0 === 0xff && b1 === 0xfe) return {text: new TextDecoder('utf-16le').decode(bytes.subarray(2))};
	if (b0 === 0xfe && b1 === 0xff)
		return {text: new TextDecoder('utf-16le').decode(swappedPairs(bytes.subarray(2)))};
	if (looksLikeUnmarkedUtf16(bytes))
		return {problem: 'looks like UTF-16 text without a byte order mark; save it as UTF-8'};
	return {
		text: withoutByteOrderMark(
			Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
		),
	};
}

/** The bytes of UTF-16BE as UTF-16LE (Node's own decoder knows only the latter without full ICU). */
function swappedPairs(bytes: Uint8Array): Uint8Array {
	const swapped = new Uint8Array(bytes.length - (bytes.length % 2));
	for (let index = 0; index + 1 < bytes.length; index += 2) {
		swapped[index] = bytes[index + 1]!;
		swapped[index + 1] = bytes[index]!;
	}

	return swapped;
}

/**
 * ASCII text written as UTF-16 without a mark: in its first bytes, one of each pair is zero and the other is
 * not, in the same position throughout. A binary file (bun.lockb) has zeros here and there, not in step.
 */
function looksLikeUnmarkedUtf16(bytes: Uint8Array): boolean {
	const pairs = Math.min(32, Math.floor(bytes.length / 2));
	if (pairs < 2) return false;
	let evenZero = 0;
	let oddZero = 0;
	for (let pair = 0; pair < pairs; pair++) {
		const even = bytes[pair * 2]!;
		const odd = bytes[pair * 2 + 1]!;
		if (even === 0 && odd !== 0) evenZero++;
		else if (odd === 0 && even !== 0) oddZero++;
		else return false;
	}

	return evenZero === pairs || oddZero === pairs;
}
