import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/**
 * Lines (possibly coloured) wrapped to `width` cells at spaces; a continuation line is indented under the text
 * of the line it continues, so a long "levels" or "Beneath" line reads as one item at 80 columns instead of
 * being cut. Lines that fit are returned as they are.
 */
export function wrapLines(lines: readonly string[], width: number): string[] {
	const result: string[] = [];
	for (const line of lines) {
		if (stringWidth(line) <= width) {
			result.push(line);
			continue;
		}

		const indent = /^ */.exec(line.replace(/\u001B\[[0-9;]*m/g, ''))?.[0].length ?? 0;
		const hanging = ' '.repeat(Math.min(indent + 2, Math.floor(width / 3)));
		const [first, ...rest] = wrapAnsi(line, width, {hard: true, trim: false}).split('\n');
		result.push(first ?? '');
		if (rest.length === 0) continue;
		// Re-wrap the remainder at the narrower width the hanging indent leaves.
		// Each part trimmed: with `trim: false` a part keeps the space it was broken at, and joining would double it.
		const words = rest.map(trimAroundCodes).filter((part) => part !== '');
		const remainder = wrapAnsi(words.join(' '), Math.max(10, width - hanging.length), {
			hard: true,
		});
		for (const part of remainder.split('\n')) result.push(hanging + part);
	}

	return result;
}

const leadingSpace = /^((?:\u001B\[[0-9;]*m)*)\s+/;
const trailingSpace = /\s+((?:\u001B\[[0-9;]*m)*)$/;

/** A part without the spaces at its ends, colour codes around them kept (a coloured part starts with its code). */
function trimAroundCodes(part: string): string {
	return part.replace(leadingSpace, '$1').replace(trailingSpace, '$1');
}
