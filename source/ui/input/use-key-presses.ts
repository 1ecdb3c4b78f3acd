import {type Key, useInput} from 'ink';
import {useCallback, useRef} from 'react';
import {type KeyPress, keyPresses} from './keys.js';

/**
 * `useInput`, one call per key press: a burst (`jjjjj`, eleven Backspaces, `5M\r`, a paste) is split first, so
 * a handler never sees two keys as one. The handler is read through a ref, so the subscription stays put
 * (ink calls listeners in subscription order) and every press sees the handler of the latest render.
 */
export function useKeyPresses(
	handler: (press: KeyPress) => void,
	options: {readonly isActive?: boolean} = {},
): void {
	const latest = useRef(handler);
	latest.current = handler;
	const onInput = useCallback((input: string, key: Key) => {
		for (const press of keyPresses(input, key)) latest.current(press);
	}, []);
	useInput(onInput, {isActive: options.isActive !== false});
}
