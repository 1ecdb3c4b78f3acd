import {Box, Text} from 'ink';
import {memo} from 'react';
import {fit} from '../format/row.js';

export type SidePaneProps = {
	/** Pre-built (sanitised, coloured) lines: the selected package's detail. */
	readonly lines: readonly string[];
	readonly width: number;
	readonly height: number;
	/** Dim the border line. */
	readonly dim: (text: string) => string;
};

/**
 * The detail of the selected row beside the tree on a wide terminal (as lazygit does): it follows the cursor,
 * cut to the height; Enter still opens the full, scrollable pane.
 */
export const SidePane = memo(function SidePane({lines, width, height, dim}: SidePaneProps) {
	const body = lines.slice(0, height);
	const more = lines.length > height ? lines.length - height + 1 : 0;
	const shown =
		more > 0 ? [...body.slice(0, height - 1), dim(`… ${more} more lines · Enter shows all`)] : body;
	// ` │ ` then the text: the tree's last column never touches the border.
	const border = ` ${dim('│')} `;
	return (
		<Box flexDirection="column" width={width + 1} height={height}>
			{Array.from({length: height}, (_, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: positional lines of a fixed-height pane
				<Text key={index} wrap="truncate">
					{`${border}${fit(shown[index] ?? '', Math.max(0, width - 2))}`}
				</Text>
			))}
		</Box>
	);
});
