import cliTruncate from 'cli-truncate';
import {Text, Transform} from 'ink';
import {memo} from 'react';
import {textWidth} from '../format/text-width.js';

export type LineProps = {
	/** One line, pre-built: sanitised (no escape codes but colours), possibly coloured. */
	readonly text: string;
	/** The cells its box gives it: a longer line is cut as `<Text wrap="truncate">` cuts it. */
	readonly width: number;
};

export type LinesProps = {
	/** Lines, pre-built as for `Line`, drawn one under the other. */
	readonly lines: readonly string[];
	/** The cells their box gives each of them. */
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
 * Lines one under the other, drawn as a `<Line>` each would draw them, as one element: the side pane and the tree's
 * rows change together at every cursor move, and one node costs React, the layout and ink one update instead of
 * fifty. The blanks of each line stand in for it; the transform puts line `index` back in its place.
 */
export const Lines = memo(function Lines({lines, width}: LinesProps) {
	// An empty <Text> takes no row at all: so neither does an empty line here.
	const kept = lines.filter((text) => text !== '');
	const fits = kept.map((text) => fitted(text, width));
	if (fits.some((fit) => fit === null || fit.cells === 0))
		return kept.map((text, index) => (
			// biome-ignore lint/suspicious/noArrayIndexKey: positional lines
			<Line key={index} text={text} width={width} />
		));
	if (kept.length === 0) return null;
	const shown = fits.map((fit) => fit!.line);
	const standIn = fits.map((fit) => ' '.repeat(fit!.cells)).join('\n');
	return <Transform transform={(_, index) => shown[index] ?? ''}>{standIn}</Transform>;
});

/**
 * Lines one under the other, each on its own row, an empty line included (it takes its row and draws nothing): one
 * column of a table whose columns sit side by side (the tree's columns, the side pane's border beside its text).
 * Drawn as `Lines` draws them; blanks to the right of a line are not written at all.
 */
export const Column = memo(function Column({lines, width}: LinesProps) {
	const fits = lines.map((text) => (text === '' ? {line: '', cells: 0} : fitted(text, width)));
	if (fits.some((fit) => fit === null))
		return lines.map((text, index) => (
			// biome-ignore lint/suspicious/noArrayIndexKey: positional lines
			<Line key={index} text={text === '' ? ' ' : text} width={width} />
		));
	if (lines.length === 0) return null;
	const shown = fits.map((fit) => fit!.line);
	const standIn = fits.map((fit) => ' '.repeat(fit!.cells)).join('\n');
	return <Transform transform={(_, index) => shown[index] ?? ''}>{standIn}</Transform>;
});
