import wrapAnsi from 'wrap-ansi';
import {characterWidth, portable, visibleWidth} from './text-width.js';

/**
 * `wrapAnsi(text, columns, {hard: true, trim})` — the same rows and the same colour codes, row for row — without
 * wrap-ansi's cost: it measures every word and every row with a grapheme segmenter, every character of a long
 * word on its own, and builds a regular expression at every escape code. The side pane wraps some thirty detail
 * lines at every cursor move, which cost more than drawing them.
 *
 * The port runs on text whose every character is one cell-counted code point (ASCII, Latin, punctuation, the
 * pane's symbols, CJK) and whose only escape codes are colours (SGR, as chalk writes them): there a grapheme is a
 * code point and a row's width is the sum of its characters'. Anything else (combining marks, joiners, variation
 * selectors, astral characters such as emoji, other escape sequences) goes to wrap-ansi itself. Widths come from
 * string-width 8, the one ink measures with (wrap-ansi bundles string-width 7, which counts `⚠` as two cells
 * where ink draws one).
 */
export function wrapWords(text: string, columns: number, options: {readonly trim?: boolean} = {}): string {
	const trim = options.trim !== false;
	if (!portable(text)) return wrapAnsi(text, columns, {hard: true, trim});
	return text
		.normalize()
		.replaceAll('\r\n', '\n')
		.split('\n')
		.map((line) => wrapLine(line, columns, trim))
		.join('\n');
}

/** wrap-ansi's `exec` with `hard: true` and `wordWrap: true`: the words of one line into rows, then the codes. */
function wrapLine(line: string, columns: number, trim: boolean): string {
	if (trim && line.trim() === '') return '';
	const words = line.split(' ');
	let rows = [''];
	// The width of the last row, kept as it grows instead of measured again for every word.
	let rowWidth = 0;
	for (let index = 0; index < words.length; index++) {
		const word = words[index]!;
		if (trim) {
			const last = rows.at(-1)!;
			const trimmed = last.trimStart();
			if (trimmed !== last) {
				rows[rows.length - 1] = trimmed;
				rowWidth = visibleWidth(trimmed);
			}
		}

		let rowLength = rowWidth;
		if (index !== 0) {
			// A full row starts a new one before the space (wrap-ansi does so only when it does not trim).
			if (rowLength >= columns && !trim) {
				rows.push('');
				rowLength = 0;
			}

			if (rowLength > 0 || !trim) {
				rows[rows.length - 1] += ' ';
				rowLength++;
			}
		}

		const length = visibleWidth(word);
		if (length > columns) {
			const remainingColumns = columns - rowLength;
			const breaksStartingThisLine = 1 + Math.floor((length - remainingColumns - 1) / columns);
			const breaksStartingNextLine = Math.floor((length - 1) / columns);
			if (breaksStartingNextLine < breaksStartingThisLine) rows.push('');
			wrapWord(rows, word, columns);
			rowWidth = visibleWidth(rows.at(-1)!);
			continue;
		}

		if (rowLength + length > columns && rowLength > 0 && length > 0) {
			rows.push('');
			rowLength = 0;
		}

		rows[rows.length - 1] += word;
		rowWidth = rowLength + length;
	}

	if (trim) rows = rows.map(trimSpacesRight);
	const joined = rows.join('\n');
	return joined.includes('\u001B') ? carryCodes(joined) : joined;
}

/**
 * A word longer than a row, cut character by character (wrap-ansi's `wrapWord`, quirks kept: the characters of an
 * escape code count against the row while it is being placed, and never against the width after).
 */
function wrapWord(rows: string[], word: string, columns: number): void {
	const characters = [...word];
	let insideEscape = false;
	let visible = visibleWidth(rows.at(-1)!);
	for (let index = 0; index < characters.length; index++) {
		const character = characters[index]!;
		const length = character === '\u001B' ? 0 : characterWidth(character);
		if (visible + length <= columns) rows[rows.length - 1] += character;
		else {
			rows.push(character);
			visible = 0;
		}

		if (character === '\u001B') insideEscape = true;
		if (insideEscape) {
			if (character === 'm') insideEscape = false;
			continue;
		}

		visible += length;
		if (visible === columns && index < characters.length - 1) {
			rows.push('');
			visible = 0;
		}
	}

	// The last row can hold only escape codes: they go back to the row before.
	if (!visible && rows.at(-1)!.length > 0 && rows.length > 1) rows[rows.length - 2] += rows.pop()!;
}

/** The row without the spaces at its end that hold nothing visible (wrap-ansi's `stringVisibleTrimSpacesRight`). */
function trimSpacesRight(row: string): string {
	const words = row.split(' ');
	let last = words.length;
	while (last > 0 && visibleWidth(words[last - 1]!) === 0) last--;
	if (last === words.length) return row;
	return words.slice(0, last).join(' ') + words.slice(last).join('');
}

/** Open code → its closing code, as ansi-styles lists them (what wrap-ansi closes a row with). */
const closing = new Map<number, number>([
	[0, 0],
	[1, 22],
	[2, 22],
	[3, 23],
	[4, 24],
	[53, 55],
	[7, 27],
	[8, 28],
	[9, 29],
]);
for (const code of [30, 31, 32, 33, 34, 35, 36, 37, 90, 91, 92, 93, 94, 95, 96, 97]) closing.set(code, 39);
for (const code of [40, 41, 42, 43, 44, 45, 46, 47, 100, 101, 102, 103, 104, 105, 106, 107])
	closing.set(code, 49);

// wrap-ansi's search, unanchored from each escape on (it can find a later code: a compound one has no match).
const codeSearch = /(?:\[(?<code>\d+)m|\]8;;(?<uri>.*)\u0007)/g;

/**
 * wrap-ansi's last pass: the last single code seen (only one) is closed at the end of a row and opened again at
 * the start of the next.
 */
function carryCodes(text: string): string {
	let result = '';
	let escapeCode: number | undefined;
	let offset = 0;
	const characters = [...text];
	for (let index = 0; index < characters.length; index++) {
		const character = characters[index]!;
		result += character;
		if (character === '\u001B') {
			codeSearch.lastIndex = offset;
			const code = codeSearch.exec(text)?.groups?.code;
			if (code !== undefined) {
				const value = Number.parseFloat(code);
				escapeCode = value === 39 ? undefined : value;
			}
		}

		const close = escapeCode === undefined ? undefined : closing.get(escapeCode);
		if (characters[index + 1] === '\n') {
			if (escapeCode && close) result += `\u001B[${close}m`;
		} else if (character === '\n' && escapeCode && close) result += `\u001B[${escapeCode}m`;
		offset += character.length;
	}

	return result;
}
