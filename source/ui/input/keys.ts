import type {Key} from 'ink';

/** A key press normalised once, so the handlers read like the key map in PRODUCT.md. */
export type KeyPress = {
	/** Named key, or null for plain text. */
	readonly name:
		| 'up'
		| 'down'
		| 'left'
		| 'right'
		| 'enter'
		| 'escape'
		| 'pageUp'
		| 'pageDown'
		| 'home'
		| 'end'
		| 'backspace'
		| 'tab'
		| 'ctrlC'
		| null;
	/** The typed text (for letters, `/`, space…); '' for named keys. */
	readonly input: string;
};

/** From ink's `useInput` arguments. Esc may arrive late with `key.meta` set: `escape` wins. */
export function normaliseKey(input: string, key: Key): KeyPress {
	if (key.ctrl && input === 'c') return {name: 'ctrlC', input: ''};
	if (key.escape) return {name: 'escape', input: ''};
	if (key.upArrow) return {name: 'up', input: ''};
	if (key.downArrow) return {name: 'down', input: ''};
	if (key.leftArrow) return {name: 'left', input: ''};
	if (key.rightArrow) return {name: 'right', input: ''};
	if (key.return) return {name: 'enter', input: ''};
	if (key.pageUp) return {name: 'pageUp', input: ''};
	if (key.pageDown) return {name: 'pageDown', input: ''};
	if (key.home) return {name: 'home', input: ''};
	if (key.end) return {name: 'end', input: ''};
	if (key.backspace || key.delete) return {name: 'backspace', input: ''};
	if (key.tab) return {name: 'tab', input: ''};
	if (key.ctrl || key.meta) return {name: null, input: ''};
	return {name: null, input};
}

/**
 * Split one `useInput` call into key presses. Keys typed faster than the terminal is read (or sent by tmux
 * in one write, or pasted) arrive as ONE string such as `jj\r`: each character is its own key.
 */
export function keyPresses(input: string, key: Key): KeyPress[] {
	const press = normaliseKey(input, key);
	if (press.name !== null || press.input.length <= 1) return [press];
	return Array.from(press.input, (char): KeyPress => {
		if (char === '\r' || char === '\n') return {name: 'enter', input: ''};
		if (char === '\u007F' || char === '\b') return {name: 'backspace', input: ''};
		if (char === '\u001B') return {name: 'escape', input: ''};
		if (char < ' ') return {name: null, input: ''};
		return {name: null, input: char};
	});
}
