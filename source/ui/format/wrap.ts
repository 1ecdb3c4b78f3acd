import {textWidth} from './text-width.js';
import {wrapWords} from './wrap-words.js';

/**
 * Lines (possibly coloured) wrapped to `width` cells at spaces; a continuation line is indented under the text
 * of the line it continues, so a long "levels" or "Beneath" line reads as one item at 80 columns instead of
 * being cut. Lines that fit are returned as they are.
 */
export function wrapLines(lines: readonly string[], width: number): string[] {
	const result: string[] = [];
	for (const line of lines) wrapInto(result, line, width);
	return result;
}

/**
 * The lines that fill a pane of `height` lines, wrapped, and how many of the given lines are not shown whole (the
 * last line then says so). Only what is shown is wrapped: wrapping a long detail costs far more than drawing it,
 * and a pane beside the tree is redrawn at every cursor move.
 */
export function wrapForPane(
	lines: readonly string[],
	width: number,
	height: number,
): {readonly lines: string[]; readonly more: number} {
	const result: string[] = [];
	// Where each given line starts among the wrapped ones.
	const starts: number[] = [];
	for (const line of lines) {
		starts.push(result.length);
		wrapInto(result, line, width);
		if (result.length <= height) continue;
		// The pane's last line says what is left, from the given line that reaches into it.
		const last = Math.max(0, height - 1);
		let owner = starts.length - 1;
		while (owner > 0 && starts[owner]! > last) owner--;
		result.length = last;
		return {lines: result, more: lines.length - owner};
	}

	return {lines: result, more: 0};
}

/** Appends the line wrapped to `width` (see `wrapLines`). */
function wrapInto(result: string[], line: string, width: number): void {
	if (textWidth(line) <= width) {
		result.push(line);
		return;
	}

	const indent = /^ */.exec(line.replace(/\u001B\[[0-9;]*m/g, ''))?.[0].length ?? 0;
	const hanging = ' '.repeat(Math.min(indent + 2, Math.floor(width / 3)));
	const [first, ...rest] = wrapWords(line, width, {trim: false}).split('\n');
	result.push(first ?? '');
	if (rest.length === 0) return;
	// Re-wrap the remainder at the narrower width the hanging indent leaves.
	const remainder = wrapWords(rejoin(rest), Math.max(10, width - hanging.length));
	for (const part of remainder.split('\n')) result.push(hanging + part);
}

/**
 * The rows of a wrap as one text again. With `trim: false` a row broken at a space keeps that space at one of its
 * ends: those rows are joined by one space. A row broken inside a word (longer than the width) has none: it is
 * joined with nothing, so the word is not split in two (a name or a URL gains no space when copied).
 */
function rejoin(rows: readonly string[]): string {
	let text = '';
	let brokeAtSpace = false;
	for (const row of rows) {
		const trimmed = trimAroundCodes(row);
		const atSpace = brokeAtSpace || leadingSpace.test(row);
		if (trimmed !== '') text += text === '' ? trimmed : (atSpace ? ' ' : '') + trimmed;
		brokeAtSpace = trimmed === '' || trailingSpace.test(row);
	}

	return text;
}

const leadingSpace = /^((?:\u001B\[[0-9;]*m)*)\s+/;
const trailingSpace = /\s+((?:\u001B\[[0-9;]*m)*)$/;

/** A part without the spaces at its ends, colour codes around them kept (a coloured part starts with its code). */
function trimAroundCodes(part: string): string {
	return part.replace(leadingSpace, '$1').replace(trailingSpace, '$1');
}
