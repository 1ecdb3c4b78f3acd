import {Box, Text} from 'ink';
import {useEffect, useRef, useState} from 'react';
import type {ExportScope} from '../../cli/export.js';
import type {ExportFormat} from '../../config/settings.js';
import {sanitizeText} from '../../text/sanitize.js';
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
};

/** The export dialog as drawn. */
export function ExportView({step, context, directory, width}: ExportViewProps) {
	const hint =
		step.kind === 'format'
			? '↑/↓ choose · Enter next · Esc close'
			: step.kind === 'scope'
				? '↑/↓ choose · Enter export · Esc back'
				: step.kind === 'writing'
					? ''
					: 'Enter/Esc close';
	const items =
		step.kind === 'format'
			? exportFormatChoices.map((choice) => choice.label)
			: step.kind === 'scope'
				? scopeChoices(context).map((choice) => choice.label)
				: [];
	const selected = step.kind === 'format' || step.kind === 'scope' ? step.index : -1;

	return (
		<Box flexDirection="column" borderStyle="round" paddingX={1} width={width}>
			<Text bold wrap="truncate-end">
				Export report
				{step.kind === 'format' ? ' · 1/2 format' : step.kind === 'scope' ? ' · 2/2 scope' : ''}
			</Text>
			{directory !== undefined && (
				<Text dimColor wrap="wrap">
					to {directory.trim() === '' ? 'the current directory' : sanitizeText(directory)}
				</Text>
			)}
			{items.map((label, index) => (
				<Text key={label} wrap="truncate-end">
					{index === selected ? <Text bold>{`❯ ${label}`}</Text> : `  ${label}`}
				</Text>
			))}
			{step.kind === 'writing' && <Text>Writing {step.format.toUpperCase()} report…</Text>}
			{/* The whole path, wrapped: cutting it in the middle hides the part one needs to find the file. */}
			{step.kind === 'done' && <Text wrap="wrap">Wrote {sanitizeText(step.path)}</Text>}
			{step.kind === 'failed' && <Text wrap="wrap">Export failed: {step.error}</Text>}
			{hint !== '' && <Text dimColor>{hint}</Text>}
		</Box>
	);
}
