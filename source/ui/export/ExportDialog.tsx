import {Box, Text, useInput} from 'ink';
import SelectInput from 'ink-select-input';
import {useEffect, useRef, useState} from 'react';
import type {ExportScope} from '../../cli/export.js';
import type {ExportFormat} from '../../config/settings.js';
import {sanitizeText} from '../../text/sanitize.js';

export type ExportDialogProps = {
	/** The package (or root) under the cursor: "the selected subtree". Null hides that choice. */
	readonly selectedId: string | null;
	/** How the selected package reads, e.g. `express@4.21.2` (sanitised here: it comes from a registry). */
	readonly selectedLabel: string;
	/** Marked packages (Space in the tree). Empty hides "the marked packages". */
	readonly markedIds: readonly string[];
	/** Format highlighted first (settings.exportFormat). */
	readonly defaultFormat: ExportFormat;
	/** Write the report; resolves to the file's absolute path, rejects with a reason to show. */
	readonly onExport: (format: ExportFormat, scope: ExportScope) => Promise<string>;
	/** Esc from the first step, or any of Esc/Enter/q once the result is shown. */
	readonly onClose: () => void;
	/**
	 * Whether the dialog receives keys (the app routes input to one overlay at a time).
	 *
	 * @default true
	 */
	readonly isActive?: boolean;
	/** Where the file goes, shown under the title (the export folder setting; '' = the current directory). */
	readonly directory?: string;
	/** Width of the dialog; long paths are shortened in the middle to fit one line. */
	readonly width?: number;
};

/** The formats, in the order offered. */
export const exportFormatChoices: ReadonlyArray<{label: string; value: ExportFormat}> = [
	{label: 'Markdown (.md)', value: 'md'},
	{label: 'HTML (.html, one self-contained file)', value: 'html'},
	{label: 'JSON (.json)', value: 'json'},
	{label: 'SARIF 2.1.0 (.sarif)', value: 'sarif'},
];

type ScopeChoice = 'subtree' | 'marked' | 'all';

type Step =
	| {readonly kind: 'format'}
	| {readonly kind: 'scope'; readonly format: ExportFormat}
	| {readonly kind: 'writing'; readonly format: ExportFormat}
	| {readonly kind: 'done'; readonly path: string}
	| {readonly kind: 'failed'; readonly error: string};

/**
 * The export overlay (`e`): step 1 the format, step 2 the scope (the selected subtree, the marked packages,
 * or the whole tree), then the report is written and its path (or the error) is shown on one line.
 * Esc steps back, and closes from the first step.
 */
export function ExportDialog({
	selectedId,
	selectedLabel,
	markedIds,
	defaultFormat,
	onExport,
	onClose,
	isActive = true,
	directory,
	width,
}: ExportDialogProps) {
	const [step, setStep] = useState<Step>({kind: 'format'});
	const [formatIndex, setFormatIndex] = useState(() =>
		Math.max(
			0,
			exportFormatChoices.findIndex((choice) => choice.value === defaultFormat),
		),
	);
	// The write may finish after the dialog was closed: do not set state on an unmounted component.
	const mounted = useRef(true);
	useEffect(
		() => () => {
			mounted.current = false;
		},
		[],
	);

	const scopeChoices = buildScopeChoices(selectedId, selectedLabel, markedIds);
	// Marked packages are the deliberate choice when there are any (PRODUCT.md: `e` exports the selected
	// subtree, or the marked packages).
	const initialScope = Math.max(
		0,
		scopeChoices.findIndex((choice) => choice.value === (markedIds.length > 0 ? 'marked' : 'subtree')),
	);

	const startExport = (format: ExportFormat, choice: ScopeChoice) => {
		const scope = toScope(choice, selectedId, markedIds);
		setStep({kind: 'writing', format});
		onExport(format, scope).then(
			(path) => {
				if (mounted.current) setStep({kind: 'done', path});
			},
			(error: unknown) => {
				if (mounted.current) setStep({kind: 'failed', error: errorText(error)});
			},
		);
	};

	useInput(
		(input, key) => {
			const back = key.escape || input === 'q';
			switch (step.kind) {
				case 'format':
					if (back) onClose();
					return;
				case 'scope':
					if (back) setStep({kind: 'format'});
					return;
				case 'writing':
					// The write is short and not cancellable; keys wait for its result.
					return;
				case 'done':
				case 'failed':
					if (back || key.return) onClose();
			}
		},
		{isActive},
	);

	const hint =
		step.kind === 'format'
			? '↑/↓ choose · Enter next · Esc close'
			: step.kind === 'scope'
				? '↑/↓ choose · Enter export · Esc back'
				: step.kind === 'writing'
					? ''
					: 'Enter/Esc close';

	return (
		<Box flexDirection="column" borderStyle="round" paddingX={1} width={width}>
			<Text bold wrap="truncate-end">
				Export report
				{step.kind === 'format' ? ' · 1/2 format' : step.kind === 'scope' ? ' · 2/2 scope' : ''}
			</Text>
			{directory !== undefined && (
				<Text dimColor wrap="truncate-middle">
					to {directory.trim() === '' ? 'the current directory' : sanitizeText(directory)}
				</Text>
			)}
			{step.kind === 'format' && (
				<SelectInput
					items={[...exportFormatChoices]}
					initialIndex={formatIndex}
					isFocused={isActive}
					onHighlight={(item) => setFormatIndex(exportFormatChoices.findIndex((c) => c.value === item.value))}
					onSelect={(item) => setStep({kind: 'scope', format: item.value})}
				/>
			)}
			{step.kind === 'scope' && (
				<SelectInput
					items={scopeChoices}
					initialIndex={initialScope}
					isFocused={isActive}
					onSelect={(item) => startExport(step.format, item.value)}
				/>
			)}
			{step.kind === 'writing' && <Text>Writing {step.format.toUpperCase()} report…</Text>}
			{step.kind === 'done' && <Text wrap="truncate-middle">Wrote {sanitizeText(step.path)}</Text>}
			{step.kind === 'failed' && <Text wrap="truncate-end">Export failed: {step.error}</Text>}
			{hint !== '' && <Text dimColor>{hint}</Text>}
		</Box>
	);
}

function buildScopeChoices(
	selectedId: string | null,
	selectedLabel: string,
	markedIds: readonly string[],
): Array<{key: string; label: string; value: ScopeChoice}> {
	const choices: Array<{key: string; label: string; value: ScopeChoice}> = [];
	if (selectedId !== null) {
		choices.push({
			key: 'subtree',
			label: `The selected subtree  ${sanitizeText(selectedLabel)}`,
			value: 'subtree',
		});
	}

	if (markedIds.length > 0) {
		const noun = markedIds.length === 1 ? 'package' : 'packages';
		choices.push({key: 'marked', label: `The marked ${noun} (${markedIds.length})`, value: 'marked'});
	}

	choices.push({key: 'all', label: 'The whole tree', value: 'all'});
	return choices;
}

function toScope(choice: ScopeChoice, selectedId: string | null, markedIds: readonly string[]): ExportScope {
	if (choice === 'subtree' && selectedId !== null) return {kind: 'subtree', id: selectedId};
	if (choice === 'marked') return {kind: 'marked', ids: [...markedIds]};
	return {kind: 'all'};
}

/** One line: errors can carry paths and multi-line messages. */
function errorText(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return sanitizeText(message).replaceAll(/\s+/g, ' ').trim() || 'unknown error';
}
