import {Text} from 'ink';
import {useEffect, useReducer, useRef} from 'react';

/** The braille dots of cli-spinners' `dots`. */
const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

const defaultClock = () => performance.now();

/**
 * A spinner that moves four times a second without costing frames of its own while the screen is redrawn anyway.
 * Every frame of the whole screen costs ink a full layout and output pass (≈ 10 ms at 120×40, more at 200×50), so
 * a spinner on its own timer added four frames a second to the scan's flushes — a third of the UI's frames on a
 * cold scan. Its dot is therefore read from the clock whenever it is drawn (its header redraws at every flush, as
 * the progress moves), and its timer draws it only when nothing else has for a whole interval: while results
 * stream the spinner costs nothing, and while the scan waits (a slow host, a rate limit) it still turns.
 */
export function Spinner({
	intervalMs = 250,
	color,
	clock = defaultClock,
}: {
	readonly intervalMs?: number;
	readonly color?: string;
	/** The time in ms the dot is read from (tests). */
	readonly clock?: () => number;
}) {
	const [, redraw] = useReducer((count: number) => count + 1, 0);
	const drawnAt = useRef(0);
	const now = clock();
	drawnAt.current = now;
	useEffect(() => {
		const timer = setInterval(() => {
			if (clock() - drawnAt.current >= intervalMs) redraw();
		}, intervalMs);
		return () => clearInterval(timer);
	}, [intervalMs, clock]);
	return <Text color={color}>{frames[Math.floor(now / intervalMs) % frames.length]} </Text>;
}
