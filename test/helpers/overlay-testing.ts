import type {render} from 'ink-testing-library';

/** Raw key sequences as a terminal sends them. */
export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	enter: '\r',
	escape: '\u001B',
	backspace: '\u007F',
	space: ' ',
} as const;

type Instance = ReturnType<typeof render>;

/**
 * Poll the last frame until `predicate` holds (ink renders asynchronously after input). Polls every few
 * milliseconds instead of sleeping a fixed time; fails with the last frame after `timeoutMs`.
 */
export async function waitForFrame(
	instance: Instance,
	predicate: (frame: string) => boolean,
	timeoutMs = 2000,
): Promise<string> {
	const started = Date.now();
	for (;;) {
		const frame = instance.lastFrame() ?? '';
		if (predicate(frame)) return frame;
		if (Date.now() - started > timeoutMs) {
			throw new Error(`timed out waiting for the frame; last frame:\n${frame}`);
		}

		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

/** Write keys one at a time, waiting for each to change the frame (or for `until` when given). */
export async function press(
	instance: Instance,
	key: string,
	until?: (frame: string) => boolean,
): Promise<string> {
	const before = instance.lastFrame() ?? '';
	instance.stdin.write(key);
	const frame = await waitForFrame(instance, until ?? ((frame) => frame !== before));
	await settle();
	return frame;
}

/**
 * Let React run the effects of the frame just painted. Components that re-subscribe `useInput` with new
 * state in an effect (ink-select-input does) would otherwise see the next key with the previous state.
 */
export async function settle(): Promise<void> {
	await new Promise((resolve) => setImmediate(resolve));
	await new Promise((resolve) => setImmediate(resolve));
}

/** Let ink attach its stdin listener before the first key (it does so in an effect after the first render). */
export async function ready(instance: Instance): Promise<void> {
	await waitForFrame(instance, (frame) => frame.length > 0);
	await settle();
}
