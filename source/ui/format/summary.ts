import cliTruncate from 'cli-truncate';
import {ecosystemFor} from '../../ecosystems/index.js';
import {pathsFromRoots} from '../../graph/query.js';
import {medianReleaseGapDays, weeklyHistory, wholeWeeks} from '../../scoring/history.js';
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
import {riskParts} from './columns.js';
import {formatPath, missingReason} from './detail.js';
import type {Palette} from './palette.js';
import {fit, labelOf} from './row.js';
import {textWidth} from './text-width.js';
import {wrapLines} from './wrap.js';

/** `── view: flat · sort: risk · filter: high+ · dev hidden · 3 marked · /qs 1/2 · 12/340 ──` */
export function separatorLine(state: UiState, width: number): string {
	const parts: string[] = [];
	if (state.viewKind !== 'tree') parts.push(state.viewKind === 'flat' ? 'flat' : 'direct only');
	const sort = state.viewKind === 'flat' && state.sort === 'tree' ? 'risk' : state.sort;
	if (sort !== 'tree') parts.push(`sort: ${sort}`);
	const {filter} = state;
	if (filter.level) parts.push(`${filter.level}${filter.level === 'critical' ? '' : '+'}`);
	if (filter.suspicious) parts.push('suspicious releases');
	if (filter.flag) parts.push(filter.flag === 'any' ? 'flagged' : `⚑ ${sanitizeText(filter.flag)}`);
	if (filter.publisher) parts.push(`by ${sanitizeText(filter.publisher.account)}`);
	if (!state.showDev) parts.push('dev hidden');
	if (state.expansion.mode === 'all' && state.viewKind === 'tree') parts.push('expanded');
	if (state.marks.size > 0) parts.push(`${state.marks.size} marked`);
	if (state.search.query) {
		// The matching rows, and which one the cursor is on (0 when it is on none).
		const {places, index} = state.search;
		parts.push(`/${sanitizeText(state.search.query)} ${index + 1}/${places.length}`);
	}

	parts.push(`${Math.min(state.cursor + 1, state.rows.length)}/${state.rows.length}`);
	let label = ` ${parts.join(' · ')} `;
	// On a narrow terminal the position (last) must stay: cut the description from its left.
	if (textWidth(label) > width - 4) label = ` …${label.slice(textWidth(label) - (width - 6))}`;
	const left = Math.max(0, width - textWidth(label) - 2);
	return `${'─'.repeat(left)}${label}──`.slice(0, Math.max(0, width));
}

const hints = 'enter details · / search · ] next critical · v view · ? help · q quit';
const shortHints = 'enter details · / search · ? help · q quit';
/** Under 42 columns (a middle cut would read `/ se…h`). */
const tinyHints = '/ search · ? help · q quit';

/** Cut in the middle (keeps both ends of a path), then pad. */
function fitMiddle(text: string, width: number): string {
	return fit(textWidth(text) > width ? cliTruncate(text, width, {position: 'middle'}) : text, width);
}

/** Two halves on one line, always at least two spaces apart (a cut left half never runs into the right). */
function split(left: string, right: string, width: number): string {
	const leftWidth = Math.floor(width * 0.55);
	return `${fit(left, leftWidth - 2)}  ${fit(right, width - leftWidth)}`;
}

/** The bottom line: the search prompt while typing, else a message, else the key hints. */
export function promptLine(state: UiState, width = 200): string {
	if (state.mode === 'search') {
		// The same count as the line under the tree: matching rows (places), not matching packages.
		const {places, index, draft} = state.search;
		const found =
			draft.trim() === '' ? '' : places.length === 0 ? '  no match' : `  ${index + 1}/${places.length}`;
		return `/${sanitizeText(draft)}▏${found}  (Enter keeps, Esc cancels)`;
	}

	if (state.message) return sanitizeText(state.message);
	return [hints, shortHints].find((text) => textWidth(text) <= width) ?? tinyHints;
}

/** The selected row in three lines, as in PRODUCT.md's screen (or just the prompt when the terminal is short). */
export function summaryLines(
	state: UiState,
	input: {palette: Palette; width: number; lines: number; now: Date; offline: boolean},
): string[] {
	const {palette, width, now} = input;
	const prompt = promptLine(state, width);
	if (input.lines < 3) return [fitMiddle(prompt, width)];
	const row = state.rows[state.cursor];
	if (!row) return [fit('', width), fit('', width), fitMiddle(prompt, width)];
	const {graph, data} = state;
	const report = data.reports.get(row.id);
	const label = labelOf(graph, row.id);
	const node = graph.packages.get(row.id);
	const parts = riskParts(report, state.view.rollups.get(row.id), {
		scanning: data.scanning,
		isRoot: row.isRoot,
		lookedUp: !node?.source || node.source === 'registry',
		...(node?.source ? {source: node.source} : {}),
	});
	const word = palette.level(parts.level, parts.word);
	// Prose, not a column: one space before the roll-up (`HIGH ▲1`, not the cell's `HIGH     ▲1`).
	const rootRisk = parts.beneath === '' ? parts.word : `${parts.word} ${parts.beneath}`;
	const risk = row.isRoot ? palette.dim(rootRisk) : word;
	let line1Left = parts.word === '' ? palette.bold(label) : `${palette.bold(label)} · ${risk}`;
	let line1Right = '';
	let line2Left = '';
	let line2Right = '';
	if (node && report?.facts) {
		line1Left += `: ${sanitizeText(report.reasons[0] ?? '')}`;
		if (parts.beneath)
			line1Left += ` · beneath ${palette.dim(palette.level(parts.beneathLevel, parts.beneath))}`;
		const publishers = report.facts.metadata?.publishers;
		const by = report.facts.locked?.publishedBy;
		const names = publishers?.map((account) => sanitizeText(account.name)) ?? [];
		const version = sanitizeText(node.version);
		const locked = by
			? names.length === 1 && names[0] === sanitizeText(by)
				? ` (published ${version})`
				: ` (${version} by ${sanitizeText(by)})`
			: '';
		line1Right = publishers ? `Publishers: ${names.join(', ') || 'none'}${locked}` : 'Publishers: ?';
		const downloads = report.facts.downloads;
		if (downloads) {
			const weeks = wholeWeeks(downloads, ecosystemFor(node.ecosystem).historyWeeks);
			const history = weeklyHistory(downloads, weeks) ?? [];
			line2Left = `Downloads (${weeks} wk) ${sparkline(
				history.map((week) => week.downloads),
				{width: 26},
			)} ${formatChange(report.stats.trend90d)} / 90d`;
		} else line2Left = 'Downloads: ?';
		const stats = report.stats;
		line2Right =
			stats.versionCount === null
				? 'Releases: ?'
				: `Releases: ${stats.versionCount} · last ${stats.lastPublished ? formatAgo(daysSince(stats.lastPublished, now)) : '?'} · median gap ${formatDuration(medianReleaseGapDays(report.facts.metadata))}`;
	} else if (node) {
		line1Right = `weekly ${formatCompact(null)} · ${missingReason({graph, id: row.id, report, rollup: undefined, scanning: data.scanning, offline: input.offline, progress: data.progress, now, palette})}`;
	} else {
		const root = graph.roots.find((item) => item.id === row.id);
		const direct = state.view.graph.roots.find((item) => item.id === row.id)?.dependencies.length ?? 0;
		line1Right = root
			? `${direct} direct ${direct === 1 ? 'dependency' : 'dependencies'} · ${sanitizeText(root.lockfile)} · Enter: summary`
			: '';
	}

	// A notice too long for one line (a written file's path) takes the two bottom lines, whole.
	if (textWidth(prompt) > width && state.mode !== 'search') {
		const [first = '', ...rest] = wrapLines([prompt], width);
		return [fit(line1Left, width), fit(first, width), fitMiddle(rest.join(' ').trim(), width)];
	}

	// Narrow terminals: one fact per line instead of two halves that both get cut.
	if (width < 110)
		return [fit(line1Left, width), fit(line1Right || line2Left, width), fitMiddle(prompt, width)];
	const why = node ? pathsFromRoots(state.view.graph, row.id, 1).paths[0] : undefined;
	const whyText = why ? `Why: ${formatPath(graph, why)}` : '';
	// A message or the search prompt gets the whole line (a written file's path is long).
	const line3 =
		state.mode === 'search' || state.message ? fitMiddle(prompt, width) : split(whyText, prompt, width);
	return [split(line1Left, line1Right, width), split(line2Left, line2Right, width), line3];
}
