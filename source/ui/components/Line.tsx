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

// Anything but a colour code: ink would strip it (its own sanitising), so such a line goes to ink as it is.
const otherEscape = /\u001B(?!\[[0-9;]*m)|\u009B/;

/**
 * One line of text, drawn as `<Text wrap="truncate">{text}</Text>` draws it, for less. ink measures the text of every
 * `<Text>` at every frame with a grapheme segmenter (and first re-tokenises every coloured one to sanitise it) —
 * about 1 µs a character once a line holds anything but ASCII, ~8 ms of a 200×50 frame — to learn widths that are
 * known here. So ink is given blanks as wide as the line to measure and lay out, and the line itself replaces them
 * when the frame is written (`<Transform>`, whose one rule — never change the size — holds: same width, one line).
 */
export const Line = memo(function Line({text, width}: LineProps) {
	if (otherEscape.test(text) || text.includes('\n')) return <Text wrap="truncate">{text}</Text>;
	const cells = textWidth(text);
	const line = cells > width ? cliTruncate(text, width) : text;
	const shown = line === text ? cells : textWidth(line);
	if (shown === 0) return <Text wrap="truncate">{line}</Text>;
	return <Transform transform={() => line}>{' '.repeat(shown)}</Transform>;
});
