import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {fit} from '../format/row.js';
import {wrapLines} from '../format/wrap.js';

export type ScrollPageProps = {
	/** Pre-built (sanitised, coloured) lines. */
	readonly lines: readonly string[];
	/** First line shown; clamped so the page never scrolls past its end. */
	readonly scroll: number;
	readonly height: number;
	readonly width: number;
	/** Key hints on the last line. */
	readonly footer: string;
};

/**
 * A full-height scrollable page (detail, why-paths, help): long lines wrap (nothing is cut at 80 columns), and
 * only the lines that fit are rendered.
 */
export function ScrollPage({lines: given, scroll, height, width, footer}: ScrollPageProps) {
	// Each line is drawn after one space.
	const lines = useMemo(() => wrapLines(given, Math.max(10, width - 1)), [given, width]);
	const body = Math.max(1, height - 1);
	const top = Math.max(0, Math.min(scroll, lines.length - body));
	const visible = lines.slice(top, top + body);
	const more =
		lines.length > body ? ` · ${top + 1}-${Math.min(lines.length, top + body)}/${lines.length}` : '';
	return (
		<Box flexDirection="column" height={height}>
			<Box flexDirection="column" height={body}>
				{visible.map((line, index) => (
					// biome-ignore lint/suspicious/noArrayIndexKey: lines are positional in a static page
					<Text key={index} wrap="truncate">
						{` ${line}`}
					</Text>
				))}
			</Box>
			<Text dimColor wrap="truncate">
				{fit(` ${footer}${more}`, width)}
			</Text>
		</Box>
	);
}
