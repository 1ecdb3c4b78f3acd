import {Box, Text} from 'ink';
import {memo} from 'react';
import stringWidth from 'string-width';
import {fit} from '../format/row.js';
import {Spinner} from './Spinner.js';

export type HeaderProps = {
	/** Left side: tool · lockfile(s) · ecosystem · N packages. */
	readonly title: string;
	/** Right side: scan progress. */
	readonly status: string;
	/** Show the spinner (the scan is running). */
	readonly busy: boolean;
	readonly width: number;
	/** Colour on (the spinner is cyan). */
	readonly color?: boolean;
};

/**
 * The top line: what is being looked at, and how far the scan is. Both halves are cut to fit rather than one
 * pushing the other off: the title keeps at least its first 40 cells (or half the line).
 */
export const Header = memo(function Header({title, status, busy, width, color = true}: HeaderProps) {
	const spinner = busy ? 2 : 0;
	const titleText = ` ${title}`;
	const keep = Math.min(stringWidth(titleText), Math.max(Math.floor(width / 2), Math.min(40, width - 20)));
	const statusRoom = Math.max(0, width - keep - 2 - spinner);
	const statusText = fit(status, Math.min(stringWidth(status) + 1, statusRoom));
	const titleRoom = Math.max(0, width - stringWidth(statusText) - spinner - 2);
	// The title is cut, not padded: the gap is layout (ink writes, and tokenises, every blank it is given at every
	// frame — a hundred of them here at 200 columns).
	const titleCut = fit(titleText, Math.min(titleRoom, stringWidth(titleText)));
	return (
		<Box width={width} height={1}>
			<Box width={titleRoom + 2} flexShrink={0}>
				<Text bold wrap="truncate">
					{titleCut}
				</Text>
			</Box>
			{busy ? <Spinner color={color ? 'cyan' : undefined} /> : null}
			<Text wrap="truncate">{statusText}</Text>
		</Box>
	);
});
