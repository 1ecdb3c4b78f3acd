import type {ExportScope} from '../../cli/export.js';
import type {ExportFormat} from '../../config/settings.js';
import {sanitizeText} from '../../text/sanitize.js';
import type {KeyPress} from '../input/keys.js';

/**
 * The export dialog's state and its pure reducer (no React): step 1 the format, step 2 the scope, then the
 * write (performed by the caller: the reducer only asks for it) and its result. Keys of a burst (`↓` + Enter
 * in one read) are applied one after another to the state each left behind, so Enter picks the format the
 * arrow moved to.
 */

/** The formats, in the order offered. */
export const exportFormatChoices: ReadonlyArray<{label: string; value: ExportFormat}> = [
	{label: 'Markdown (.md)', value: 'md'},
	{label: 'HTML (.html, one self-contained file)', value: 'html'},
	{label: 'JSON (.json)', value: 'json'},
	{label: 'SARIF 2.1.0 (.sarif)', value: 'sarif'},
];

export type ScopeChoice = 'subtree' | 'marked' | 'all';

/** What the dialog offers: from the tree at the moment it opened. */
export type ExportContext = {
	/** The package (or root) under the cursor: "the selected subtree". Null hides that choice. */
	readonly selectedId: string | null;
	/** How the selected package reads, e.g. `express@4.21.2` (sanitised here: it comes from a registry). */
	readonly selectedLabel: string;
	/** Marked packages (Space in the tree). Empty hides "the marked packages". */
	readonly markedIds: readonly string[];
	/** Format highlighted first (settings.exportFormat). */
	readonly defaultFormat: ExportFormat;
};

export type ExportStep =
	| {readonly kind: 'format'; readonly index: number}
	| {readonly kind: 'scope'; readonly format: ExportFormat; readonly index: number}
	| {readonly kind: 'writing'; readonly format: ExportFormat; readonly scope: ExportScope}
	| {readonly kind: 'done'; readonly path: string}
	| {readonly kind: 'failed'; readonly error: string};

export type ExportAction =
	| {readonly type: 'move'; readonly delta: number}
	/** `1`–`9`: choose that item and go on. */
	| {readonly type: 'pick'; readonly index: number}
	| {readonly type: 'enter'}
	| {readonly type: 'back'}
	| {readonly type: 'written'; readonly path: string}
	| {readonly type: 'failed'; readonly error: unknown};

export type ExportTransition = {
	readonly step: ExportStep;
	/** Close the dialog. */
	readonly close: boolean;
	/** Write this report now (the caller answers with `written` or `failed`). */
	readonly write: {readonly format: ExportFormat; readonly scope: ExportScope} | null;
};

export function initialExportStep(context: ExportContext): ExportStep {
	const index = exportFormatChoices.findIndex((choice) => choice.value === context.defaultFormat);
	return {kind: 'format', index: Math.max(0, index)};
}

/** The scopes offered: the selected subtree, the marked packages (when some are), the whole tree. */
export function scopeChoices(context: ExportContext): Array<{label: string; value: ScopeChoice}> {
	const choices: Array<{label: string; value: ScopeChoice}> = [];
	if (context.selectedId !== null)
		choices.push({label: `The selected subtree  ${sanitizeText(context.selectedLabel)}`, value: 'subtree'});
	const marked = context.markedIds.length;
	if (marked > 0)
		choices.push({label: `The marked ${marked === 1 ? 'package' : 'packages'} (${marked})`, value: 'marked'});
	choices.push({label: 'The whole tree', value: 'all'});
	return choices;
}

/** Marked packages are the deliberate choice when there are any (PRODUCT.md: `e` exports the selected
 * subtree, or the marked packages). */
function initialScopeIndex(context: ExportContext): number {
	const wanted: ScopeChoice = context.markedIds.length > 0 ? 'marked' : 'subtree';
	return Math.max(
		0,
		scopeChoices(context).findIndex((choice) => choice.value === wanted),
	);
}

function toScope(choice: ScopeChoice, context: ExportContext): ExportScope {
	if (choice === 'subtree' && context.selectedId !== null) return {kind: 'subtree', id: context.selectedId};
	if (choice === 'marked') return {kind: 'marked', ids: [...context.markedIds]};
	return {kind: 'all'};
}

/** Keys → dialog actions. ↑/↓ or k/j move, 1–9 pick, Enter goes on, Esc/q step back (or close). */
export function exportKeyAction(press: KeyPress): ExportAction | null {
	switch (press.name) {
		case 'up':
			return {type: 'move', delta: -1};
		case 'down':
			return {type: 'move', delta: 1};
		case 'enter':
			return {type: 'enter'};
		case 'escape':
			return {type: 'back'};
		case 'mouse':
			if (press.mouse?.button === 'wheelUp') return {type: 'move', delta: -1};
			if (press.mouse?.button === 'wheelDown') return {type: 'move', delta: 1};
			return null;
		case null:
			break;
		default:
			return null;
	}

	if (press.input === 'k') return {type: 'move', delta: -1};
	if (press.input === 'j') return {type: 'move', delta: 1};
	if (press.input === 'q') return {type: 'back'};
	if (/^[1-9]$/.test(press.input)) return {type: 'pick', index: Number(press.input) - 1};
	return null;
}

const clamp = (value: number, count: number) => Math.max(0, Math.min(value, count - 1));

/** Apply one action. Pure. */
export function exportReducer(
	step: ExportStep,
	action: ExportAction,
	context: ExportContext,
): ExportTransition {
	const stay = (next: ExportStep = step): ExportTransition => ({step: next, close: false, write: null});
	const close: ExportTransition = {step, close: true, write: null};
	switch (step.kind) {
		case 'format': {
			const count = exportFormatChoices.length;
			if (action.type === 'move') return stay({...step, index: clamp(step.index + action.delta, count)});
			if (action.type === 'back') return close;
			const index = action.type === 'pick' ? action.index : action.type === 'enter' ? step.index : -1;
			if (index < 0 || index >= count) return stay();
			return stay({
				kind: 'scope',
				format: exportFormatChoices[index]!.value,
				index: initialScopeIndex(context),
			});
		}

		case 'scope': {
			const choices = scopeChoices(context);
			if (action.type === 'move')
				return stay({...step, index: clamp(step.index + action.delta, choices.length)});
			if (action.type === 'back') return stay(initialExportStepFor(step.format));
			const index = action.type === 'pick' ? action.index : action.type === 'enter' ? step.index : -1;
			if (index < 0 || index >= choices.length) return stay();
			const scope = toScope(choices[index]!.value, context);
			return {
				step: {kind: 'writing', format: step.format, scope},
				close: false,
				write: {format: step.format, scope},
			};
		}

		case 'writing':
			// The write is short and not cancellable; keys wait for its result.
			if (action.type === 'written') return stay({kind: 'done', path: action.path});
			if (action.type === 'failed') return stay({kind: 'failed', error: errorText(action.error)});
			return stay();
		case 'done':
		case 'failed':
			return action.type === 'back' || action.type === 'enter' ? close : stay();
	}
}

/** Back from the scope step: the format step with the format just chosen highlighted. */
function initialExportStepFor(format: ExportFormat): ExportStep {
	return {
		kind: 'format',
		index: Math.max(
			0,
			exportFormatChoices.findIndex((choice) => choice.value === format),
		),
	};
}

/** One line: errors can carry paths and multi-line messages. */
function errorText(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return sanitizeText(message).replaceAll(/\s+/g, ' ').trim() || 'unknown error';
}
