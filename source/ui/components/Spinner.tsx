import {Text} from 'ink';
import {memo, useEffect, useState} from 'react';

/** The braille dots of cli-spinners' `dots`. */
const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A spinner that moves four times a second. Every frame of the whole screen costs ink a full layout and output
 * pass (≈ 10 ms at 120×40), so the usual 80 ms spinner alone would spend a tenth of a core while the scan needs it.
 */
export const Spinner = memo(function Spinner({
	intervalMs = 250,
	color,
}: {
	readonly intervalMs?: number;
	readonly color?: string;
}) {
	const [frame, setFrame] = useState(0);
	useEffect(() => {
		const timer = setInterval(() => setFrame((value) => (value + 1) % frames.length), intervalMs);
		return () => clearInterval(timer);
	}, [intervalMs]);
	return <Text color={color}>{frames[frame]} </Text>;
});
