import {Box, Text, useInput} from 'ink';
import {useState} from 'react';

/**
 * The key-latency baseline of the large-tree bench: the least an Ink list can do — `height` lines of text and a
 * cursor that j/k move. Import it only after NODE_ENV is set (react picks its build when first loaded).
 */
export function TrivialList({labels, height}: {readonly labels: readonly string[]; readonly height: number}) {
	const [cursor, setCursor] = useState(0);
	useInput((input) => {
		if (input === 'j') setCursor((value) => Math.min(labels.length - 1, value + 1));
		if (input === 'k') setCursor((value) => Math.max(0, value - 1));
	});
	const top = Math.max(0, cursor - height + 1);
	return (
		<Box flexDirection="column">
			{labels.slice(top, top + height).map((label, index) => (
				<Text key={label} wrap="truncate">
					{`${index + top === cursor ? '›' : ' '} ${label}`}
				</Text>
			))}
		</Box>
	);
}
