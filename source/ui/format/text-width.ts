import stringWidth from 'string-width';

/**
 * What takes string-width's own way: marks (variation selectors too) and joiners (a grapheme of several code
 * points), astral code points (emoji), control and format characters, Hangul jamo (they combine), and escapes other
 * than colour codes.
 */
const unportable =
	/[\p{M}\p{Cf}\p{Cs}\u0000-\u0009\u000B-\u001A\u001C-\u001F\u007F-\u009F\u1100-\u11FF\u2028\u2029\uA960-\uA97F\uD7B0-\uD7FF\u{10000}-\u{10FFFF}]|\u001B(?!\[[0-9;]*m)/u;

/** Text in which every grapheme is one code point, and the only escape codes are colours (chalk's SGR). */
export function portable(text: string): boolean {
	return !unportable.test(text);
}

/**
 * Cells of a line as string-width counts them, without its grapheme segmenter where a grapheme is a code point (text
 * `portable` accepts): the widths of its characters, colour codes left out. Rows and the summary measure every
 * cell they pad or cut, at every cursor move.
 */
export function textWidth(text: string): number {
	return portable(text) ? visibleWidth(text) : stringWidth(text);
}

const colourCode = /\u001B\[[0-9;]*m/g;
const printableAscii = /^[\u0020-\u007E]*$/;
const characterWidths = new Map<string, number>();

/** Cells of one code point (string-width's, cached: the pane uses a handful of symbols). */
export function characterWidth(character: string): number {
	const code = character.charCodeAt(0);
	if (code >= 0x20 && code <= 0x7e) return 1;
	let width = characterWidths.get(character);
	if (width === undefined) {
		width = stringWidth(character);
		characterWidths.set(character, width);
	}

	return width;
}

/** Cells of portable text: its characters' widths, colour codes left out. */
export function visibleWidth(text: string): number {
	const plain = text.includes('\u001B') ? text.replace(colourCode, '') : text;
	if (printableAscii.test(plain)) return plain.length;
	let width = 0;
	for (const character of plain) width += characterWidth(character);
	return width;
}
