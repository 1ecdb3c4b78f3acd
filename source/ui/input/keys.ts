import type {Key} from 'ink';

/** A mouse event from the terminal's SGR mouse reporting (enabled by run.tsx: `ESC[?1000h ESC[?1006h`). */
export type MouseEvent = {
	readonly button: 'left' | 'middle' | 'right' | 'wheelUp' | 'wheelDown';
	/** 0-based cell column and row of the screen. */
	readonly x: number;
	readonly y: number;
	/** A button was let go (SGR `m`); wheel events are never releases. */
	readonly release: boolean;
};

/** A key press normalised once, so the handlers read like the key map in PRODUCT.md. */
export type KeyPress = {
	/** Named key, or null for plain text. `ctrl` is Ctrl with the letter in `input` (Ctrl+C is `ctrlC`). */
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
		| 'ctrl'
		| 'mouse'
		| null;
	/** The typed text (for letters, `/`, space…); '' for named keys; the letter for `ctrl`. */
	readonly input: string;
	/** Set for `mouse`. */
	readonly mouse?: MouseEvent;
};

/** `ESC [ < button ; x ; y M|m` — ink hands it over without the ESC. */
const sgrMouse = /^\u001B?\[<(\d+);(\d+);(\d+)([Mm])$/;

/** An SGR mouse report, or null. Motion and modifier bits are ignored; other buttons are dropped. */
export function parseMouse(input: string): MouseEvent | null {
	const match = sgrMouse.exec(input);
	if (!match) return null;
	const code = Number(match[1]);
	const x = Number(match[2]) - 1;
	const y = Number(match[3]) - 1;
	const release = match[4] === 'm';
	// Bit 32 is motion (drag), bits 4/8/16 are Shift/Meta/Ctrl: a drag is not a click.
	if (code & 32) return null;
	const base = code & ~(4 | 8 | 16);
	const buttons: Record<number, MouseEvent['button']> = {
		0: 'left',
		1: 'middle',
		2: 'right',
		64: 'wheelUp',
		65: 'wheelDown',
	};
	const button = buttons[base];
	if (!button) return null;
	return {button, x, y, release: release && base < 64};
}

/** From ink's `useInput` arguments. Esc may arrive late with `key.meta` set: `escape` wins. */
export function normaliseKey(input: string, key: Key): KeyPress {
	const mouse = parseMouse(input);
	if (mouse) return {name: 'mouse', input: '', mouse};
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
	if (key.ctrl && /^[a-z]$/.test(input)) return {name: 'ctrl', input};
	if (key.ctrl || key.meta) return {name: null, input: ''};
	return {name: null, input};
}

/** One character of a burst as a key press. */
function charPress(char: string): KeyPress {
	if (char === '\r' || char === '\n') return {name: 'enter', input: ''};
	if (char === '\u007F' || char === '\b') return {name: 'backspace', input: ''};
	if (char === '\u001B') return {name: 'escape', input: ''};
	if (char === '\t') return {name: 'tab', input: ''};
	if (char === '\u0003') return {name: 'ctrlC', input: ''};
	if (char < ' ') {
		const letter = String.fromCodePoint(char.codePointAt(0)! + 96);
		return /^[a-z]$/.test(letter) ? {name: 'ctrl', input: letter} : {name: null, input: ''};
	}

	return {name: null, input: char};
}

/**
 * Split one `useInput` call into key presses. Keys typed faster than the terminal is read (key repeat, tmux
 * sending several keys in one write, a paste) arrive as ONE string such as `jj\r` or `\u007F\u007F\u007F`:
 * each character is its own key. Ink already splits escape sequences (arrows, mouse) from text. Every input
 * path of the UI goes through here, so no overlay can lose or misread keys of a burst.
 */
export function keyPresses(input: string, key: Key): KeyPress[] {
	// Esc and the next key in one read (`Esc` then `v` sent by tmux, or typed fast) reach ink as Alt+v. Nothing
	// here is bound to Alt: it is the two keys.
	if (key.meta && !key.escape && !key.ctrl && input.length === 1 && input >= ' ' && !parseMouse(input))
		return [{name: 'escape', input: ''}, charPress(input)];
	const press = normaliseKey(input, key);
	if (press.name !== null || press.input.length <= 1) {
		// A lone control character that ink did not name (Ctrl+letter arrives named; DEL alone is `backspace`).
		if (press.name === null && press.input.length === 1 && press.input < ' ') return [charPress(press.input)];
		return [press];
	}

	return Array.from(press.input, charPress);
}
