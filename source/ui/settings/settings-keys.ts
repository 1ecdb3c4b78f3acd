import type {KeyPress} from '../input/keys.js';
import type {SettingsAction} from './use-settings-state.js';

/**
 * Key presses → settings actions. Pure, so the key map is tested without rendering. While editing, printable
 * keys are text (so `q`, `r`, `j` and `k` can be typed); otherwise they are commands. Bursts (fast typing, key
 * repeat, a paste) are split into presses before they get here (`keyPresses`), one action each.
 */
export function settingsKeyAction(press: KeyPress, editing: boolean): SettingsAction | null {
	const {name, input} = press;
	if (name === 'escape') return {type: 'back'};
	if (name === 'enter') return {type: 'activate'};
	if (editing) {
		// Most terminals send DEL (0x7f) for Backspace; forward delete (ESC [ 3 ~) is reported the same way by
		// ink, so both erase backwards, as in ink-text-input.
		if (name === 'backspace') return {type: 'deleteBackward'};
		if (name === 'left') return {type: 'caret', to: 'left'};
		if (name === 'right') return {type: 'caret', to: 'right'};
		if (name === 'home' || (name === 'ctrl' && input === 'a')) return {type: 'caret', to: 'start'};
		if (name === 'end' || (name === 'ctrl' && input === 'e')) return {type: 'caret', to: 'end'};
		if (name !== null || input === '') return null;
		return {type: 'insert', text: input};
	}

	// Ctrl+letter is bound only in the editor: Ctrl+R must not reset as `r` does.
	if (name === 'ctrl') return null;
	if (name === 'mouse') {
		if (press.mouse?.button === 'wheelUp') return {type: 'move', delta: -3};
		if (press.mouse?.button === 'wheelDown') return {type: 'move', delta: 3};
		return null;
	}

	if (name === 'up' || input === 'k') return {type: 'move', delta: -1};
	if (name === 'down' || input === 'j') return {type: 'move', delta: 1};
	if (name === 'pageUp') return {type: 'move', delta: -10};
	if (name === 'pageDown') return {type: 'move', delta: 10};
	if (name === 'home' || input === 'g') return {type: 'first'};
	if (name === 'end' || input === 'G') return {type: 'last'};
	if (input === ' ') return {type: 'toggle'};
	if (input === 'r') return {type: 'reset'};
	if (input === 'q') return {type: 'back'};
	return null;
}
