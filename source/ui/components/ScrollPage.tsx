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
	/** A notice (`copied …`, `could not open a browser …: <url>`), wrapped above the key hints. */
	readonly message?: string | null;
};

/**
 * A full-height scrollable page (detail, why-paths, help): long lines wrap (nothing is cut at 80 columns), and
 * only the lines that fit are rendered.
 */
export function ScrollPage({lines: given, scroll, height, width, footer, message}: ScrollPageProps) {
	// Each line is drawn after one space.
	const lines = useMemo(() => wrapLines(given, Math.max(10, width - 1)), [given, width]);
	// Wrapped, not cut: an address that could not be opened is there to be copied whole.
	const notice = message
		? wrapLines([message], Math.max(10, width - 1)).slice(0, Math.max(0, height - 2))
		: [];
	const body = Math.max(1, height - 1 - notice.length);
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
			{notice.map((line, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: the notice's wrapped lines are positional
				<Text key={`notice-${index}`} wrap="truncate">
					{` ${line}`}
				</Text>
			))}
			<Text dimColor wrap="truncate">
				{fit(` ${footer}${more}`, width)}
			</Text>
		</Box>
	);
}
