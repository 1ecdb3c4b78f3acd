import type {Key} from 'ink';
import type {SettingsAction} from './use-settings-state.js';

/**
 * Keys → settings actions. Pure, so the key map is tested without rendering. While editing, printable
 * keys are text (so `q`, `r`, `j` and `k` can be typed); otherwise they are commands.
 */
export function settingsKeyAction(input: string, key: Key, editing: boolean): SettingsAction | null {
	if (key.escape) return {type: 'back'};
	if (key.return) return {type: 'activate'};
	if (editing) {
		// Most terminals send DEL (0x7f) for Backspace, which ink reports as `delete`; forward delete
		// (ESC [ 3 ~) is reported the same way, so both erase backwards, as in ink-text-input.
		if (key.backspace || key.delete) return {type: 'deleteBackward'};
		if (key.leftArrow) return {type: 'caret', to: 'left'};
		if (key.rightArrow) return {type: 'caret', to: 'right'};
		if (key.home || (key.ctrl && input === 'a')) return {type: 'caret', to: 'start'};
		if (key.end || (key.ctrl && input === 'e')) return {type: 'caret', to: 'end'};
		if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.tab || input === '') return null;
		return {type: 'insert', text: input};
	}

	if (key.upArrow || input === 'k') return {type: 'move', delta: -1};
	if (key.downArrow || input === 'j') return {type: 'move', delta: 1};
	if (key.pageUp) return {type: 'move', delta: -10};
	if (key.pageDown) return {type: 'move', delta: 10};
	if (key.home || input === 'g') return {type: 'first'};
	if (key.end || input === 'G') return {type: 'last'};
	if (input === ' ') return {type: 'toggle'};
	if (input === 'r') return {type: 'reset'};
	if (input === 'q') return {type: 'back'};
	return null;
}
