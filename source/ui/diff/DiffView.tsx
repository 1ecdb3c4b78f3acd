import cliTruncate from 'cli-truncate';
import {Box, Text, useApp, useStdin, useStdout} from 'ink';
import {useCallback, useMemo, useState} from 'react';
import type {DiffModel} from '../../diff/model.js';
import {riskLabel} from '../../scoring/levels.js';
import type {PackageReport} from '../../scoring/types.js';
import {sanitizeText} from '../../text/sanitize.js';
import type {Palette} from '../format/palette.js';
import {fit} from '../format/row.js';
import {textWidth} from '../format/text-width.js';
import {readSize, useTerminalSize} from '../hooks/use-terminal-size.js';
import type {KeyPress} from '../input/keys.js';
import {useKeyPresses} from '../input/use-key-presses.js';
import type {TerminalSize} from '../state/types.js';
import {type DiffRow, diffTreeRows} from './diff-rows.js';

export type DiffViewProps = {
	readonly model: DiffModel;
	readonly palette: Palette;
	/** The header line (sides, counts, the project's cooldown). */
	readonly title: string;
	/** Said after the title and kept whole (`12 added · 3 changed · 0 removed`): the title's paths are cut first. */
	readonly counts?: string;
	/** Size before the first resize event (tests). */
	readonly initialSize?: TerminalSize;
};

/**
 * `commit-tui diff` in a terminal: the head tree cut to what changed, `+` added, `~` changed (old → new),
 * `−` removed, only the branches leading to a change open; the selected row's reasons, flags and what the
 * policy accepted below. Keys: ↑/↓ (k/j), PgUp/PgDn, g/G, q or Esc to quit.
 */
export function DiffView({model, palette, title, counts, initialSize}: DiffViewProps) {
	const {exit} = useApp();
	const {stdout} = useStdout();
	const {isRawModeSupported} = useStdin();
	const [size, setSize] = useState<TerminalSize>(() => initialSize ?? readSize(stdout));
	const [cursor, setCursor] = useState(0);
	const rows = useMemo(() => diffTreeRows(model), [model]);
	// Header, column titles, separator and three detail lines; the root stays at rows - 1 (ink repaints
	// the whole screen when a frame reaches the terminal's height).
	const height = Math.max(3, size.rows - 1 - 6);
	const top = Math.min(Math.max(0, cursor - height + 1), Math.max(0, rows.length - height));
	// One call per key: a burst (`jjj`, tmux sending `j j G` in one write) is every key, as in the tree.
	const onKey = useCallback(
		({name, input}: KeyPress) => {
			const last = Math.max(0, rows.length - 1);
			if (name === 'ctrlC') exit();
			// No other Ctrl combination is a key: Ctrl+Q is not q, Ctrl+K not k.
			else if (name === 'ctrl') return;
			else if (input === 'q' || name === 'escape') exit();
			else if (name === 'up' || input === 'k') setCursor((value) => Math.max(0, value - 1));
			else if (name === 'down' || input === 'j') setCursor((value) => Math.min(last, value + 1));
			else if (name === 'pageUp') setCursor((value) => Math.max(0, value - height));
			else if (name === 'pageDown') setCursor((value) => Math.min(last, value + height));
			else if (input === 'g' || name === 'home') setCursor(0);
			else if (input === 'G' || name === 'end') setCursor(last);
		},
		[rows.length, height, exit],
	);
	useKeyPresses(onKey, {isActive: isRawModeSupported === true});
	useTerminalSize(useCallback((next: TerminalSize) => setSize(next), []));
	const width = size.columns;
	const visible = rows.slice(top, top + height);
	const selected = rows[cursor];
	return (
		<Box flexDirection="column" height={size.rows - 1}>
			<Text wrap="truncate">
				{headerLine(sanitizeText(title), counts ? sanitizeText(counts) : '', width)}
			</Text>
			<Text wrap="truncate">
				{palette.chalk.dim(`${fit('  PACKAGE', Math.max(10, width - 13))} ${fit('RISK', 12)}`)}
			</Text>
			{rows.length === 0 ? <Text>No dependency changed.</Text> : null}
			{visible.map((row, index) => (
				<Text key={row.key} wrap="truncate">
					{rowLine(row, top + index === cursor, width, palette)}
				</Text>
			))}
			<Box flexGrow={1} />
			<Text wrap="truncate">{palette.chalk.dim('─'.repeat(Math.max(0, width)))}</Text>
			{detailLines(model, selected, width, palette).map((line, index) => (
				<Text key={String(index)} wrap="truncate">
					{line}
				</Text>
			))}
		</Box>
	);
}

function rowLine(row: DiffRow, selected: boolean, width: number, palette: Palette): string {
	const pointer = selected ? '›' : ' ';
	if (row.mark === 'root') return `${pointer} ${palette.chalk.bold(sanitizeText(row.label))}`;
	const mark = row.mark === ' ' ? ' ' : row.mark;
	const was = row.otherHost
		? 'installed from another tarball'
		: row.from
			? `was ${sanitizeText(row.from)}`
			: '';
	const change = was ? ` ${palette.chalk.dim(`(${was})`)}` : '';
	const above = row.shownAbove ? palette.chalk.dim(' (shown above)') : '';
	const label = `${'  '.repeat(row.depth)}${mark} ${sanitizeText(row.label)}${change}${above}`;
	const styled =
		row.mark === ' '
			? palette.chalk.dim(label)
			: row.mark === '−'
				? palette.chalk.strikethrough(label)
				: label;
	const risk = row.level ? palette.level(row.level, riskLabel(row.level)) : '';
	// pointer (1) + label + space (1) + risk (12) = width
	return `${pointer}${fit(styled, Math.max(10, width - 14))} ${fit(risk, 12)}`;
}

/** The selected package's first reason, its flags, and what the policy accepted (dimmed, with the reason). */
function detailLines(model: DiffModel, row: DiffRow | undefined, width: number, palette: Palette): string[] {
	const report: PackageReport | undefined = row && row.mark !== '−' ? model.reports.get(row.id) : undefined;
	if (!row || row.mark === 'root') return ['', '', '↑/↓ move · PgUp/PgDn · q quit'];
	if (row.mark === '−') return [`${sanitizeText(row.label)} is no longer in the tree`, '', 'q quit'];
	if (row.mark === ' ') return [`${sanitizeText(row.label)}: unchanged, leads to a change`, '', 'q quit'];
	const reason = report ? sanitizeText(report.reasons[0] ?? '') : 'not scored (no registry data)';
	const flags = (report?.flags ?? []).map((flag) => sanitizeText(`${flag.id}: ${flag.message}`)).join(' · ');
	const accepted = (report?.ignored ?? [])
		.map((entry) => sanitizeText(`${entry.id} accepted: ${entry.reason} (${entry.source})`))
		.join(' · ');
	return [
		fit(`${sanitizeText(row.label)} · ${reason}`, width),
		fit(flags || 'no flags', width),
		accepted ? palette.chalk.dim(fit(accepted, width)) : palette.chalk.dim('↑/↓ move · PgUp/PgDn · q quit'),
	];
}

/**
 * `title · counts` in `width` cells: the title (two long lockfile paths) is cut in the middle before the counts,
 * which are what the header is read for.
 */
export function headerLine(title: string, counts: string, width: number): string {
	if (counts === '') return title;
	const whole = `${title} · ${counts}`;
	if (textWidth(whole) <= width) return whole;
	const room = width - textWidth(counts) - 3;
	if (room < 12) return whole;
	return `${cliTruncate(title, room, {position: 'middle'})} · ${counts}`;
}
