import {Box} from 'ink';
import {memo, useMemo} from 'react';
import {trimTrailingSpaces} from '../format/row.js';
import {Column} from './Line.js';

export type SidePaneProps = {
	/** Pre-built (sanitised, coloured, wrapped) lines of the selected package's detail, at most `height`. */
	readonly lines: readonly string[];
	/** Lines of the detail not shown whole (see `wrapForPane`): the last line says so. */
	readonly more: number;
	readonly width: number;
	readonly height: number;
	/** Dim the border line. */
	readonly dim: (text: string) => string;
};

/**
 * The detail of the selected row beside the tree on a wide terminal (as lazygit does): it follows the cursor,
 * cut to the height (lines come wrapped to the width; anything wider is cut); Enter still opens the full,
 * scrollable pane.
 */
export const SidePane = memo(function SidePane({lines, more, width, height, dim}: SidePaneProps) {
	const body = lines.slice(0, more > 0 ? height - 1 : height);
	const shown = more > 0 ? [...body, dim(`… ${more} more lines · Enter shows all`)] : body;
	// ` │ ` then the text: the tree's last column never touches the border. The border is a column of its own, the
	// same line all the way down (ink tokenises it once a frame), and the text beside it is written from its first
	// cell: no border nor blanks in front of every line.
	const border = useMemo(() => Array.from({length: height}, () => ` ${dim('│')}`), [height, dim]);
	return (
		<Box flexDirection="row" width={width + 1} height={height}>
			<Column lines={border} width={borderWidth} />
			<Column lines={shown.map(trimTrailingSpaces)} width={width + 1 - borderWidth} />
		</Box>
	);
});

/** ` │ `: a blank, the line, a blank. */
const borderWidth = 3;
