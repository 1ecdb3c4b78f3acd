import cliTruncate from 'cli-truncate';
import {Box, Text, Transform} from 'ink';
import {memo, type ReactNode} from 'react';
import {textWidth} from '../format/text-width.js';

export type LineProps = {
	/** One line, pre-built: sanitised (no escape codes but colours), possibly coloured. */
	readonly text: string;
	/** The cells its box gives it: a longer line is cut as `<Text wrap="truncate">` cuts it. */
	readonly width: number;
};

export type ColumnProps = {
	/** Lines, pre-built as for `Line`, drawn one under the other, each on its own row. */
	readonly lines: readonly string[];
	/** The column's cells: a longer line is cut as for `Line`. */
	readonly width: number;
};

// Anything but a colour code: ink would strip it (its own sanitising), so such a line goes to ink as it is.
const otherEscape = /\u001B(?!\[[0-9;]*m)|\u009B/;

/** The line cut to `width` as ink's truncation cuts it, and the cells it then takes; null: leave it to ink. */
function fitted(text: string, width: number): {readonly line: string; readonly cells: number} | null {
	if (otherEscape.test(text) || text.includes('\n')) return null;
	const cells = textWidth(text);
	if (cells <= width) return {line: text, cells};
	const line = cliTruncate(text, width);
	return {line, cells: textWidth(line)};
}

/**
 * One line of text, drawn as `<Text wrap="truncate">{text}</Text>` draws it, for less. ink measures the text of every
 * `<Text>` at every frame with a grapheme segmenter (and first re-tokenises every coloured one to sanitise it) —
 * about 1 µs a character once a line holds anything but ASCII, ~8 ms of a 200×50 frame — to learn widths that are
 * known here. So ink is given blanks as wide as the line to measure and lay out, and the line itself replaces them
 * when the frame is written (`<Transform>`, whose one rule — never change the size — holds: same width, one line).
 */
export const Line = memo(function Line({text, width}: LineProps) {
	const fit = fitted(text, width);
	if (!fit || fit.cells === 0) return <Text wrap="truncate">{fit?.line ?? text}</Text>;
	const {line} = fit;
	return <Transform transform={() => line}>{' '.repeat(fit.cells)}</Transform>;
});

/**
 * Lines one under the other in a box `width` cells wide, each on its own row (an empty line takes its row and draws
 * nothing), drawn as a `<Line>` each would draw them, as one element: one column of a table whose columns sit side
 * by side (the tree's columns, the side pane's border beside its text). One node costs React, the layout and ink one
 * update at a cursor move instead of fifty, and the blanks after each line are never written (ink writes and
 * tokenises every character it is given at every frame; a blank it is not given costs nothing).
 *
 * ink is given a stand-in as tall as the lines and one cell wide, and the transform puts line `index` back in its
 * place when the frame is written. That breaks `<Transform>`'s rule (never change the size) on purpose, where it
 * cannot matter: the stand-in is alone in a box of the column's own width, so its measured width places nothing,
 * and ink neither measures nor lays out the lines' blanks.
 */
export const Column = memo(function Column({lines, width}: ColumnProps) {
	const fits = lines.map((text) => (text === '' ? {line: '', cells: 0} : fitted(text, width)));
	let body: ReactNode;
	if (fits.some((fit) => fit === null))
		body = lines.map((text, index) => (
			// biome-ignore lint/suspicious/noArrayIndexKey: positional lines
			<Line key={index} text={text === '' ? ' ' : text} width={width} />
		));
	else if (lines.length > 0) {
		const shown = fits.map((fit) => fit!.line);
		body = (
			<Transform
				transform={(_, index) => shown[index] ?? ''}
			>{` ${'\n'.repeat(lines.length - 1)}`}</Transform>
		);
	}

	return (
		<Box flexDirection="column" width={width} flexShrink={0}>
			{body}
		</Box>
	);
});
