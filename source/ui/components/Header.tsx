import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import {memo} from 'react';

export type HeaderProps = {
	/** Left side: tool · lockfile(s) · ecosystem · N packages. */
	readonly title: string;
	/** Right side: scan progress. */
	readonly status: string;
	/** Show the spinner (the scan is running). */
	readonly busy: boolean;
	readonly width: number;
};

/** The top line: what is being looked at, and how far the scan is. */
export const Header = memo(function Header({title, status, busy, width}: HeaderProps) {
	return (
		<Box width={width} height={1}>
			<Box flexGrow={1} flexShrink={1} overflow="hidden">
				<Text bold wrap="truncate">
					{` ${title}`}
				</Text>
			</Box>
			<Box flexShrink={0} marginLeft={2}>
				{busy ? (
					<Text color="cyan">
						<Spinner type="dots" />{' '}
					</Text>
				) : null}
				<Text wrap="truncate">{`${status} `}</Text>
			</Box>
		</Box>
	);
});
