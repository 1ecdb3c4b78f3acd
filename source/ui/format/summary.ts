import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';
import {ecosystemFor} from '../../ecosystems/index.js';
import {pathsFromRoots} from '../../graph/query.js';
import {weeklyHistory, wholeWeeks} from '../../scoring/history.js';
import {
	daysSince,
	formatAgo,
	formatChange,
	formatCompact,
	formatDuration,
	sparkline,
} from '../../text/format.js';
import {sanitizeText} from '../../text/sanitize.js';
import type {UiState} from '../state/types.js';
import {formatPath, missingReason} from './detail.js';
import type {Palette} from './palette.js';
import {fit, labelOf, riskCell} from './row.js';

/** `── sort: risk · filter: high and worse · dev hidden · 3 marked ──` */
export function separatorLine(state: UiState, width: number): string {
	const parts: string[] = [];
	if (state.sort !== 'tree') parts.push(`sort: ${state.sort}`);
	if (state.filter === 'suspicious') parts.push('filter: suspicious releases');
	else if (state.filter) parts.push(`filter: ${state.filter}${state.filter === 'critical' ? '' : '+'}`);
	if (!state.showDev) parts.push('dev hidden');
	if (state.expansion.mode === 'all') parts.push('expanded');
	if (state.marks.size > 0) parts.push(`${state.marks.size} marked`);
	if (state.search.query) {
		const {matches, index} = state.search;
		parts.push(
			`/${sanitizeText(state.search.query)} ${matches.length === 0 ? 0 : index + 1}/${matches.length}`,
		);
	}

	parts.push(`${state.cursor + 1}/${state.rows.length}`);
	const label = ` ${parts.join(' · ')} `;
	const left = Math.max(0, width - stringWidth(label) - 2);
	return `${'─'.repeat(left)}${label}──`.slice(0, Math.max(0, width));
}

const hints = 'enter details · / search · e export · ? help · q quit';

/** Cut in the middle (keeps both ends of a path), then pad. */
function fitMiddle(text: string, width: number): string {
	return fit(stringWidth(text) > width ? cliTruncate(text, width, {position: 'middle'}) : text, width);
}

/** Two halves on one line. */
function split(left: string, right: string, width: number): string {
	const leftWidth = Math.floor(width * 0.55);
	return fit(left, leftWidth) + fit(right, width - leftWidth);
}

/** The bottom line: the search prompt while typing, else a message, else the key hints. */
export function promptLine(state: UiState): string {
	if (state.mode === 'search') return `/${state.search.draft}▏  (enter to search, esc to cancel)`;
	return state.message ? sanitizeText(state.message) : hints;
}

/** The selected row in three lines, as in PRODUCT.md's screen (or just the prompt when the terminal is short). */
export function summaryLines(
	state: UiState,
	input: {palette: Palette; width: number; lines: number; now: Date; offline: boolean},
): string[] {
	const {palette, width, now} = input;
	const prompt = promptLine(state);
	if (input.lines < 3) return [fitMiddle(prompt, width)];
	const row = state.rows[state.cursor];
	if (!row) return [fit('', width), fit('', width), fit(prompt, width)];
	const {graph, data} = state;
	const report = data.reports.get(row.id);
	const label = labelOf(graph, row.id);
	const {level, text} = riskCell(report, data.rollups.get(row.id), data.scanning);
	const node = graph.packages.get(row.id);
	// The row's RISK cell may show the roll-up; here the package's own level comes first, the roll-up after.
	const own = report?.risk;
	let line1Left = `${palette.chalk.bold(label)} · ${own ? palette.level(own, own.toUpperCase()) : palette.level(level, text)}`;
	let line1Right = '';
	let line2Left = '';
	let line2Right = '';
	if (node && report?.facts) {
		line1Left += `: ${sanitizeText(report.reasons[0] ?? '')}`;
		if (level !== own) line1Left += ` · beneath ${palette.level(level, text)}`;
		const publishers = report.facts.metadata?.publishers;
		const by = report.facts.locked?.publishedBy;
		const names = publishers?.map((account) => sanitizeText(account.name)) ?? [];
		const version = sanitizeText(node.version);
		const locked = by
			? names.length === 1 && names[0] === sanitizeText(by)
				? ` (published ${version})`
				: ` (${version} by ${sanitizeText(by)})`
			: '';
		line1Right = publishers ? `Publishers: ${names.join(', ') || 'none'}${locked}` : 'Publishers: unknown';
		const downloads = report.facts.downloads;
		if (downloads) {
			const weeks = wholeWeeks(downloads, ecosystemFor(node.ecosystem).historyWeeks);
			const history = weeklyHistory(downloads, weeks) ?? [];
			line2Left = `Downloads (${weeks} wk) ${sparkline(
				history.map((week) => week.downloads),
				{width: 26, fromZero: false},
			)} ${formatChange(report.stats.trend90d)} / 90d`;
		} else line2Left = 'Downloads: unknown';
		const stats = report.stats;
		line2Right =
			stats.versionCount === null
				? 'Releases: unknown'
				: `Releases: ${stats.versionCount} · last ${stats.lastPublished ? formatAgo(daysSince(stats.lastPublished, now)) : '?'} · median gap ${formatDuration(stats.medianReleaseGapDays)}`;
	} else if (node) {
		line1Right = `weekly ${formatCompact(null)} · ${missingReason({graph, id: row.id, report, rollup: undefined, scanning: data.scanning, offline: input.offline, progress: data.progress, now, palette})}`;
	} else {
		const root = graph.roots.find((item) => item.id === row.id);
		line1Right = root
			? `${root.dependencies.length} direct dependencies · ${sanitizeText(root.lockfile)}`
			: '';
	}

	// Narrow terminals: one fact per line instead of two halves that both get cut.
	if (width < 110)
		return [fit(line1Left, width), fit(line1Right || line2Left, width), fitMiddle(prompt, width)];
	const why = node ? pathsFromRoots(graph, row.id, 1).paths[0] : undefined;
	const whyText = why ? `Why: ${formatPath(graph, why)}` : '';
	// A message or the search prompt gets the whole line (a written file's path is long).
	const line3 =
		state.mode === 'search' || state.message ? fitMiddle(prompt, width) : split(whyText, prompt, width);
	return [split(line1Left, line1Right, width), split(line2Left, line2Right, width), line3];
}
