import {Box, Text} from 'ink';
import {useEffect, useRef, useState} from 'react';
import type {ExportScope} from '../../cli/export.js';
import type {ExportFormat} from '../../config/settings.js';
import {sanitizeText} from '../../text/sanitize.js';
import {wrapWords} from '../format/wrap-words.js';
import {useKeyPresses} from '../input/use-key-presses.js';
import {
	type ExportContext,
	type ExportStep,
	exportFormatChoices,
	exportKeyAction,
	exportReducer,
	initialExportStep,
	scopeChoices,
} from './export-state.js';

export {exportFormatChoices} from './export-state.js';

export type ExportDialogProps = ExportContext & {
	/** Write the report; resolves to the file's absolute path, rejects with a reason to show. */
	readonly onExport: (format: ExportFormat, scope: ExportScope) => Promise<string>;
	/** Esc from the first step, or any of Esc/Enter/q once the result is shown. */
	readonly onClose: () => void;
	/**
	 * Whether the dialog receives keys.
	 *
	 * @default true
	 */
	readonly isActive?: boolean;
	/** Where the file goes, shown under the title (the export folder setting; '' = the current directory). */
	readonly directory?: string;
	/** Width of the dialog; long paths wrap onto further lines rather than being cut. */
	readonly width?: number;
};

/**
 * The export overlay (`e`) as a self-contained component: step 1 the format, step 2 the scope (the selected
 * subtree, the marked packages, or the whole tree), then the report is written and its path (or the error) is
 * shown. Esc steps back, and closes from the first step. The app keeps the same state in its reducer and draws
 * `ExportView` (one input path); this wrapper is the same reducer behind its own input.
 */
export function ExportDialog({
	onExport,
	onClose,
	isActive = true,
	directory,
	width,
	...context
}: ExportDialogProps) {
	const [step, setStep] = useState<ExportStep>(() => initialExportStep(context));
	// Presses of one burst are applied in one go, before React re-renders: keep the latest step in a ref.
	const stepRef = useRef(step);
	// The write may finish after the dialog was closed: do not set state on an unmounted component.
	const mounted = useRef(true);
	useEffect(
		() => () => {
			mounted.current = false;
		},
		[],
	);

	const apply = (action: Parameters<typeof exportReducer>[1]) => {
		const transition = exportReducer(stepRef.current, action, context);
		stepRef.current = transition.step;
		setStep(transition.step);
		if (transition.close) onClose();
		if (transition.write) {
			onExport(transition.write.format, transition.write.scope).then(
				(path) => {
					if (mounted.current) apply({type: 'written', path});
				},
				(error: unknown) => {
					if (mounted.current) apply({type: 'failed', error});
				},
			);
		}
	};

	useKeyPresses(
		(press) => {
			const action = exportKeyAction(press);
			if (action) apply(action);
		},
		{isActive},
	);

	return <ExportView step={step} context={context} directory={directory} width={width} />;
}

export type ExportViewProps = {
	readonly step: ExportStep;
	readonly context: ExportContext;
	/** The folder the file goes to, already resolved ('' = the current directory). */
	readonly directory?: string;
	readonly width?: number;
	/** Lines available, the border included (a short terminal); unset: as tall as the content. */
	readonly height?: number;
};

/** The export dialog as drawn. */
export function ExportView({step, context, directory, width, height}: ExportViewProps) {
	const items =
		step.kind === 'format'
			? exportFormatChoices.map((choice) => choice.label)
			: step.kind === 'scope'
				? scopeChoices(context).map((choice) => choice.label)
				: [];
	const selected = step.kind === 'format' || step.kind === 'scope' ? step.index : -1;
	const folder =
		directory === undefined
			? null
			: `to ${directory.trim() === '' ? 'the current directory' : sanitizeText(directory)}`;
	const status = statusOf(step);
	// Inside the border (2 columns) and the padding (2).
	const inner = Math.max(1, (width ?? 80) - 4);
	const hint = hintOf(step);
	const fits = budget(height === undefined ? Number.POSITIVE_INFINITY : Math.max(1, height - 2), {
		items: items.length,
		hint: hint === '' ? 0 : 1,
		status: status ? rowsOf(status, inner) : 0,
		folder: folder ? rowsOf(folder, inner) : 0,
	});
	// The window of choices keeps the selected one in view.
	const first = Math.max(0, Math.min(selected - fits.items + 1, items.length - fits.items));

	return (
		<Box flexDirection="column" borderStyle="round" paddingX={1} width={width}>
			{fits.title && (
				<Text bold wrap="truncate-end">
					Export report
					{step.kind === 'format' ? ' · 1/2 format' : step.kind === 'scope' ? ' · 2/2 scope' : ''}
				</Text>
			)}
			{folder !== null && fits.folder > 0 && (
				<Box height={fits.folder} overflowY="hidden">
					<Text dimColor wrap="wrap">
						{folder}
					</Text>
				</Box>
			)}
			{items.slice(first, first + fits.items).map((label, offset) => (
				<Text key={label} wrap="truncate-end">
					{first + offset === selected ? <Text bold>{`❯ ${label}`}</Text> : `  ${label}`}
				</Text>
			))}
			{/* The whole path, wrapped: cutting it in the middle hides the part one needs to find the file. */}
			{status && fits.status > 0 && (
				<Box height={fits.status} overflowY="hidden">
					<Text wrap="wrap">{status}</Text>
				</Box>
			)}
			{fits.hint && <Text dimColor>{hint}</Text>}
		</Box>
	);
}

function hintOf(step: ExportStep): string {
	switch (step.kind) {
		case 'format':
			return '↑/↓ choose · Enter next · Esc close';
		case 'scope':
			return '↑/↓ choose · Enter export · Esc back';
		case 'writing':
			return '';
		default:
			return 'Enter/Esc close';
	}
}

function statusOf(step: ExportStep): string | null {
	switch (step.kind) {
		case 'writing':
			return `Writing ${step.format.toUpperCase()} report…`;
		case 'done':
			return `Wrote ${sanitizeText(step.path)}`;
		case 'failed':
			return `Export failed: ${step.error}`;
		default:
			return null;
	}
}

/** The rows a text takes wrapped to `width`, as ink wraps it. */
function rowsOf(text: string, width: number): number {
	return wrapWords(text, width, {trim: false}).split('\n').length;
}

/**
 * What fits in `rows` inside the border, so the dialog never draws over its own border on a short terminal: the
 * choices (or what was written) first, then the title, the key hints, and the folder last.
 */
function budget(
	rows: number,
	wanted: {readonly items: number; readonly hint: number; readonly status: number; readonly folder: number},
): {items: number; status: number; folder: number; title: boolean; hint: boolean} {
	let left = rows;
	const take = (count: number) => {
		const taken = Math.min(count, left);
		left -= taken;
		return taken;
	};

	const items = take(wanted.items);
	const status = take(wanted.status);
	const title = take(1) === 1;
	const hint = take(wanted.hint) === 1;
	return {items, status, folder: take(wanted.folder), title, hint};
}
