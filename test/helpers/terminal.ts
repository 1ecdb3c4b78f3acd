import type {render} from 'ink-testing-library';

/** Terminal helpers for UI tests: key codes, and waiting for a frame instead of sleeping. */

/** Raw key sequences as a terminal sends them. */
export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	enter: '\r',
	escape: '\u001B',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
	backspace: '\u007F',
	space: ' ',
	ctrlC: '\u0003',
} as const;

/** Strip ANSI escape sequences (for asserting on text when colour is on). */
export function stripAnsi(text: string): string {
	return text.replace(/\u001B\[[0-9;?]*[ -/]*[@-~]/g, '');
}

/**
 * How much longer than its stated timeout every wait here may take before it fails. The timeouts are written for
 * this machine; CI's are slower and busier (the whole suite runs in parallel on two cores). A wait that succeeds
 * ends as soon as it does, so patience costs nothing, and a test fails on what it asserts, never on the machine.
 */
export const slowMachineFactor = 5;

/** `timeoutMs` as a deadline from now, with the slow machine's patience. */
export function deadlineIn(timeoutMs: number): number {
	return Date.now() + timeoutMs * slowMachineFactor;
}

/** An ink-testing-library render. */
type Instance = ReturnType<typeof render>;

/** Where frames come from: a render's `lastFrame`, or the render itself. */
export type FrameSource = (() => string | undefined) | Pick<Instance, 'lastFrame'>;

/**
 * Poll until `predicate(frame)` holds and return that frame; throws with the last frame after `timeoutMs`.
 * Frames change asynchronously (React commits, the store's flush timer), so tests wait for the change.
 */
export async function waitForFrame(
	source: FrameSource,
	predicate: (frame: string) => boolean,
	timeoutMs = 3000,
	label = 'the expected frame',
): Promise<string> {
	const lastFrame = typeof source === 'function' ? source : () => source.lastFrame();
	const deadline = deadlineIn(timeoutMs);
	for (;;) {
		const frame = lastFrame() ?? '';
		if (predicate(frame)) return frame;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}; last frame:\n${frame}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

/** Wait until `condition()` holds (for non-frame effects: files written, callbacks called). */
export async function waitFor(
	condition: () => boolean,
	timeoutMs = 3000,
	label = 'the condition',
): Promise<void> {
	const deadline = deadlineIn(timeoutMs);
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

/**
 * Write keys one at a time, letting ink read each and React run its effects before the next (as a person
 * would type): a component mounted by one key registers its input handler in an effect.
 */
export async function typeKeys(stdin: {write(data: string): void}, ...sequence: string[]): Promise<void> {
	for (const key of sequence) {
		stdin.write(key);
		await new Promise((resolve) => setTimeout(resolve, 2));
	}
}

/**
 * Press a key until `done()` holds, re-sending it every `intervalMs`. For keys aimed at a component that has
 * just mounted: it subscribes to input in an effect, and a key that arrives before that is not seen by it.
 * Only for keys whose repetition after success is harmless.
 */
export async function pressUntil(
	stdin: {write(data: string): void},
	key: string,
	done: () => boolean,
	timeoutMs = 3000,
	intervalMs = 40,
): Promise<void> {
	const deadline = deadlineIn(timeoutMs);
	while (!done()) {
		if (Date.now() > deadline) throw new Error(`pressing ${JSON.stringify(key)} had no effect`);
		stdin.write(key);
		const next = Date.now() + intervalMs;
		while (!done() && Date.now() < next) await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

/** How long `press` and `ready` wait for a frame. */
const overlayTimeoutMs = 2000;

/** Write one key and wait for it to change the frame (or for `until` when given); then `settle`. */
export async function press(
	instance: Instance,
	key: string,
	until?: (frame: string) => boolean,
): Promise<string> {
	const before = instance.lastFrame() ?? '';
	instance.stdin.write(key);
	const frame = await waitForFrame(instance, until ?? ((frame) => frame !== before), overlayTimeoutMs);
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
	await waitForFrame(instance, (frame) => frame.length > 0, overlayTimeoutMs);
	await settle();
}

/**
 * Make a render's terminal `columns` wide (ink-testing-library's is always 100). ink lays its screen out at that
 * width and keeps a blank cell for every column of it; past the 100th, cells nothing wrote do not exist, and what
 * follows them on the line moves left — a wide screen (the side pane at 200 columns) drawn into a 100-column
 * terminal is not what a terminal shows. From the next frame on.
 */
export function widen(instance: Pick<Instance, 'stdout'>, columns: number): void {
	Object.defineProperty(instance.stdout, 'columns', {configurable: true, get: () => columns});
}
