import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Box, Text} from 'ink';
import {render} from 'ink-testing-library';
import {Column, Line} from '../../source/ui/components/Line.js';

const red = (text: string) => `\u001B[31m${text}\u001B[39m`;
const bold = (text: string) => `\u001B[1m${text}\u001B[22m`;

const lines = [
	'plain ascii line',
	'',
	`  ▾ ${bold('express@4.21.2')}   ${red('CRITICAL ▲1')}  ⚑1  ▁▂▃▅▇█  1y`,
	` ${'\u001B[2m│\u001B[22m'} Why is this here · app › express › qs`,
	'a line far too wide for its box, cut with an ellipsis as ink cuts it',
	`${red('coloured and far too wide for its box, cut with an ellipsis too')} tail`,
	'中文 wide characters · 中文中文中文中文中文中文',
	'cafe\u0301 and 🚀 go to ink as they are',
	'   ',
];

type Drawn = 'text' | 'line' | 'column';

/** Each line in a column `width` wide, beside a second column (the side pane's place). */
function Screen({
	width,
	drawn,
	given = lines,
}: {
	readonly width: number;
	readonly drawn: Drawn;
	readonly given?: readonly string[];
}) {
	return (
		<Box flexDirection="row">
			<Box flexDirection="column" width={width}>
				{drawn === 'column' ? (
					<Column lines={given} width={width} />
				) : (
					given.map((text, index) =>
						drawn === 'line' ? (
							// biome-ignore lint/suspicious/noArrayIndexKey: positional test lines
							<Line key={index} text={text} width={width} />
						) : (
							// biome-ignore lint/suspicious/noArrayIndexKey: positional test lines
							<Text key={index} wrap="truncate">
								{text}
							</Text>
						),
					)
				)}
			</Box>
			<Box flexDirection="column" width={6}>
				{given.map((_, index) => (
					// biome-ignore lint/suspicious/noArrayIndexKey: positional test lines
					<Text key={index}>{`|${index}`}</Text>
				))}
			</Box>
		</Box>
	);
}

test('Line draws what <Text wrap="truncate"> draws: colours, symbols, wide characters, cut lines, blanks', () => {
	for (const width of [12, 30, 60, 94]) {
		const text = render(<Screen width={width} drawn="text" />);
		const expected = text.lastFrame();
		text.unmount();
		const line = render(<Screen width={width} drawn="line" />);
		assert.equal(line.lastFrame(), expected, `at ${width} columns`);
		line.unmount();
	}
});

test('Column draws what a <Text wrap="truncate"> each draws, as one block (an empty line too takes its row)', () => {
	const portable = lines.filter((text) => !/🚀|\u0301/u.test(text));
	const coloursOnly = ['first', red(''), 'last'];
	// An empty <Text> takes no row: beside the column, a blank one stands for an empty line.
	const asText = (given: readonly string[]) => given.map((text) => (text === '' ? ' ' : text));
	for (const given of [portable, lines, coloursOnly])
		for (const width of [12, 30, 94]) {
			const text = render(<Screen width={width} drawn="text" given={asText(given)} />);
			const expected = text.lastFrame();
			text.unmount();
			const block = render(<Screen width={width} drawn="column" given={given} />);
			assert.equal(block.lastFrame(), expected, `at ${width} columns: ${JSON.stringify(given)}`);
			block.unmount();
		}
});

test('Column draws each line on its own row, an empty one too; side by side, columns make the lines they were cut from', () => {
	const given = ['left', '', `${red('mid')} x`, '   '];
	// Beside a column of markers: an empty line keeps its row, so the markers stay level with their lines.
	const screen = (drawn: 'column' | 'text') => (
		<Box flexDirection="row">
			<Box flexDirection="column" width={8}>
				{drawn === 'column' ? (
					<Column lines={given} width={8} />
				) : (
					given.map((text, index) => (
						// biome-ignore lint/suspicious/noArrayIndexKey: positional test lines
						<Text key={index} wrap="truncate">
							{text === '' ? ' ' : text}
						</Text>
					))
				)}
			</Box>
			<Box flexDirection="column" width={4}>
				{given.map((_, index) => (
					// biome-ignore lint/suspicious/noArrayIndexKey: positional test lines
					<Text key={index}>{`|${index}`}</Text>
				))}
			</Box>
		</Box>
	);
	const text = render(screen('text'));
	const expected = text.lastFrame();
	text.unmount();
	const column = render(screen('column'));
	assert.equal(column.lastFrame(), expected);
	column.unmount();
	assert.equal(expected?.split('\n')[2], `${red('mid')} x   |2`);
});
