import type {ColumnName} from '../../config/settings.js';
import type {PackageSource} from '../../graph/types.js';
import {weeklyHistory} from '../../scoring/history.js';
import {riskRank} from '../../scoring/levels.js';
import {worstSeverity} from '../../scoring/release/tree.js';
import type {PackageReport, RiskLevel, Rollup} from '../../scoring/types.js';
import {
	daysSince,
	formatAgeShort,
	formatAgeShortMs,
	formatCompact,
	sparkline,
	unknownText,
} from '../../text/format.js';
import {flagsText} from './flags.js';
import type {Palette} from './palette.js';

/**
 * The row model: one small table of column definitions. A column is its title, width, alignment, how readily it
 * is dropped on a narrow terminal, and how one cell reads. Adding a column (AGE, ADV…) is one entry here and its
 * name in `columnNames` (config/settings.ts).
 */

/** Marks used in cells; `?` help explains each. */
export const marks = {
	/** Not known (the registry did not say, an error, or not a registry package). One glyph everywhere. */
	unknown: unknownText,
	/** Not arrived yet: the scan is still fetching it. */
	pending: '…',
	/** n critical/high packages beneath. */
	severeBeneath: '▲',
	/** n moderate packages beneath, and nothing worse. */
	moderateBeneath: '▵',
} as const;

/** What a cell is drawn from. */
export type CellInput = {
	readonly report: PackageReport | undefined;
	/** Roll-up over the shown graph (follows dev hidden and the filter). */
	readonly rollup: Rollup | undefined;
	/** The scan is still running: no report yet means "…", not "unknown". */
	readonly scanning: boolean;
	readonly isRoot: boolean;
	/** The package is looked up in a registry at all (a git or file dependency never gets data: `?`). */
	readonly lookedUp: boolean;
	/** Where it comes from when not a registry: its RISK cell says so (`local`, `git`, `url`) instead of `?`. */
	readonly source?: PackageSource;
	/** The advisory lookup is still running (ADV shows `…` until its answer). */
	readonly advisoriesPending?: boolean;
	readonly now: Date;
	readonly palette: Palette;
};

export type ColumnDef = {
	readonly title: string;
	/** Display cells including the leading space. */
	readonly width: number;
	readonly align: 'left' | 'right';
	/**
	 * Narrow terminals drop the column with the lowest `keep` first: TREND, LAST, SCORE, WEEKLY, PUBS, then AGE,
	 * ADV, FLAGS (what says whether the locked release looks wrong goes last), RISK never before the name is short.
	 */
	readonly keep: number;
	/** The cell text, possibly coloured; the caller fits it to `width - 1`. Roots only get cells of `roots` columns. */
	readonly cell: (input: CellInput) => string;
	readonly roots?: boolean;
};

/** Critical/high beneath as a short number: `12`, `999`, `12K`. */
function countText(count: number): string {
	return count < 1000 ? String(count) : `${Math.floor(count / 1000)}K`;
}

/** The RISK cell's two parts: what the package itself is, and (apart, dimmer) what sits beneath it. */
export type RiskParts = {
	/** The package's own level (a root has none: its word is the worst beneath, drawn dim). */
	readonly level: RiskLevel;
	/** `CRITICAL`, `HEALTHY`, `?` (unknown) or `…` (not arrived). */
	readonly word: string;
	/** The word is a roll-up (roots), not the package's own level. */
	readonly rolledUp: boolean;
	/** `▲12` (critical/high beneath), `▵3` (only moderate beneath), '' when neither; `…` appended while partial. */
	readonly beneath: string;
	/** The level `beneath` is coloured by (the worst beneath). */
	readonly beneathLevel: RiskLevel;
};

/**
 * The RISK cell. The level is the package's OWN; what it drags in is shown apart: `▲n` counts the critical and
 * high packages beneath it, `▵n` the moderate ones when nothing worse is beneath and moderate is worse than the
 * package itself. While the scan runs and some package beneath has no level yet, the count is marked partial
 * (`▲3…`). A root is no package: its word is the worst level beneath it.
 */
export function riskParts(
	report: PackageReport | undefined,
	rollup: Rollup | undefined,
	options: {
		readonly scanning: boolean;
		readonly isRoot: boolean;
		readonly lookedUp?: boolean;
		readonly source?: PackageSource;
	},
): RiskParts {
	const worst = rollup?.worst ?? 'unknown';
	const counts = rollup?.counts;
	const severe = counts ? counts.critical + counts.high : 0;
	const partial = options.scanning && (counts?.unknown ?? 0) > 0;
	const pending = options.scanning && options.lookedUp !== false;
	let level: RiskLevel;
	let word: string;
	// A root with nothing beneath it (a monorepo's own package, its dependencies all in workspaces) has nothing to
	// rate: its cell stays empty rather than `?`, which would say something is unknown.
	if (options.isRoot && counts && Object.values(counts).every((count) => count === 0))
		return {level: 'unknown', word: '', rolledUp: true, beneath: '', beneathLevel: 'unknown'};
	if (options.isRoot) {
		level = worst;
		word = worst === 'unknown' ? (options.scanning ? marks.pending : marks.unknown) : worst.toUpperCase();
	} else {
		level = report?.risk ?? 'unknown';
		word = report
			? report.risk === 'unknown'
				? marks.unknown
				: report.risk.toUpperCase()
			: pending
				? marks.pending
				: marks.unknown;
		// A workspace package, a path or a git dependency is not unknown: nobody publishes it to look up.
		if (level === 'unknown' && options.source) word = notLookedUpWord(options.source) ?? word;
	}

	let beneath = '';
	if (severe > 0) beneath = `${marks.severeBeneath}${countText(severe)}`;
	else if (worst === 'moderate' && (options.isRoot || riskRank(level) > riskRank('moderate')))
		beneath = `${marks.moderateBeneath}${countText(counts?.moderate ?? 0)}`;
	if (beneath !== '' && partial) beneath += marks.pending;
	return {level, word, rolledUp: options.isRoot, beneath, beneathLevel: worst};
}

/** What a package no registry holds is, in place of a level: `local` (a workspace, link or path), `git`, `url`. */
export function notLookedUpWord(source: PackageSource): string | null {
	if (source === 'registry') return null;
	return source === 'git' || source === 'url' ? source : 'local';
}

/** The RISK cell as plain text: `HEALTHY  ▲10`. */
export function riskText(parts: RiskParts): string {
	return parts.beneath === '' ? parts.word : `${parts.word.padEnd(8)} ${parts.beneath}`;
}

function riskCell(input: CellInput): string {
	const parts = riskParts(input.report, input.rollup, input);
	const {palette} = input;
	const word = palette.level(parts.level, parts.word);
	const own = parts.rolledUp ? palette.dim(word) : word;
	if (parts.beneath === '') return own;
	return `${own}${' '.repeat(Math.max(1, 9 - parts.word.length))}${palette.dim(palette.level(parts.beneathLevel, parts.beneath))}`;
}

/** A numeric cell: `?` when unknown, '' while the row waits for data (RISK and SCORE say `…`). */
function statCell(input: CellInput, value: (report: PackageReport) => string): string {
	if (input.report) return value(input.report);
	return input.scanning && input.lookedUp ? '' : marks.unknown;
}

/**
 * The AGE cell: the locked version's age, to the hour while it is young; coloured by the release risk it
 * carries (a young, suspicious release stands out before anyone opens it).
 */
function ageCell(input: CellInput): string {
	return statCell(input, (report) => {
		const published = report.stats.lockedVersionPublished;
		const time = published ? Date.parse(published) : Number.NaN;
		if (Number.isNaN(time)) return marks.unknown;
		const age = formatAgeShortMs(input.now.getTime() - time);
		const release = report.release?.risk;
		return release === 'critical' || release === 'high' || release === 'moderate'
			? input.palette.level(release, age)
			: age;
	});
}

const severityLetters = {critical: 'C', high: 'H', moderate: 'M', low: 'L'} as const;
const severityLevels = {critical: 'critical', high: 'high', moderate: 'moderate', low: 'good'} as const;

/**
 * The ADV cell: `MAL` for a malicious-package report, else the count of advisories with the worst severity's
 * letter (`3H`), nothing when there are none, `…` while the lookup runs, `?` when it could not tell.
 */
function advisoryCell(input: CellInput): string {
	const {report, palette} = input;
	const advisories = report?.release?.advisories;
	if (!advisories) {
		if (report?.release?.advisoriesError) return marks.unknown;
		return input.advisoriesPending && input.lookedUp ? marks.pending : '';
	}

	if (advisories.length === 0) return '';
	if (advisories.some((advisory) => advisory.malicious)) return palette.level('critical', 'MAL');
	const worst = worstSeverity(advisories);
	const text = `${advisories.length}${worst ? severityLetters[worst] : marks.unknown}`;
	return palette.level(worst ? severityLevels[worst] : 'unknown', text);
}

export const columnDefs: Record<ColumnName, ColumnDef> = {
	risk: {title: 'RISK', width: 15, align: 'left', keep: 9, roots: true, cell: riskCell},
	flags: {
		title: 'FLAGS',
		width: 6,
		align: 'left',
		keep: 8,
		cell: (input) => input.palette.chalk.yellow(flagsText(input.report?.flags)),
	},
	score: {
		title: 'SCORE',
		width: 6,
		align: 'right',
		keep: 3,
		cell: (input) =>
			input.report
				? input.report.score === null
					? marks.unknown
					: String(input.report.score)
				: input.scanning && input.lookedUp
					? marks.pending
					: marks.unknown,
	},
	pubs: {
		title: 'PUBS',
		width: 5,
		align: 'right',
		keep: 5,
		cell: (input) =>
			statCell(input, (report) =>
				report.stats.publishers === null ? marks.unknown : String(report.stats.publishers),
			),
	},
	weekly: {
		title: 'WEEKLY',
		width: 8,
		align: 'right',
		keep: 4,
		cell: (input) => statCell(input, (report) => formatCompact(report.stats.weeklyDownloads)),
	},
	trend: {
		title: 'TREND',
		width: 10,
		align: 'left',
		keep: 1,
		cell: (input) =>
			statCell(input, (report) => {
				const weeks = weeklyHistory(report.facts?.downloads ?? null, 8);
				// From zero: a ±9% wobble must look flat, not like a crash (WEEKLY shows the size).
				return weeks ? sparkline(weeks.map((week) => week.downloads)) : marks.unknown;
			}),
	},
	last: {
		title: 'LAST',
		width: 6,
		align: 'right',
		keep: 2,
		cell: (input) =>
			statCell(input, (report) =>
				report.stats.lastPublished
					? formatAgeShort(daysSince(report.stats.lastPublished, input.now))
					: marks.unknown,
			),
	},
	age: {title: 'AGE', width: 6, align: 'right', keep: 6, cell: ageCell},
	adv: {title: 'ADV', width: 6, align: 'right', keep: 7, cell: advisoryCell},
};

/** Width of each data column including its leading space, in display cells. */
export const columnWidths = Object.fromEntries(
	Object.entries(columnDefs).map(([name, def]) => [name, def.width]),
) as Record<ColumnName, number>;

/** Cursor + mark gutter before the name. */
export const gutterWidth = 2;
/** The name column never gets narrower than this: columns are dropped first. */
export const minNameWidth = 38;
/** …nor wider than this: on a wide terminal the numbers stay next to the names they belong to. */
export const maxNameWidth = 72;

export type ColumnLayout = {
	readonly width: number;
	readonly nameWidth: number;
	readonly columns: readonly ColumnName[];
};

/**
 * Fit the configured columns into the width: while the name column would be narrower than `minNameWidth`, drop
 * the column with the lowest `keep` (TREND, then LAST, SCORE, WEEKLY, PUBS, AGE, ADV, FLAGS, RISK). The settings' order
 * is kept for the rest.
 */
export function fitColumns(width: number, wanted: readonly ColumnName[]): ColumnLayout {
	const columns = [...wanted];
	const used = () => columns.reduce((sum, column) => sum + columnDefs[column].width, 0);
	while (columns.length > 0 && gutterWidth + minNameWidth + used() > width) {
		let drop = 0;
		for (let index = 1; index < columns.length; index++)
			if (columnDefs[columns[index]!].keep < columnDefs[columns[drop]!].keep) drop = index;
		columns.splice(drop, 1);
	}

	return {width, nameWidth: Math.max(4, Math.min(maxNameWidth, width - gutterWidth - used())), columns};
}

/** The widest a tree needs to be: every column and a generous name. Beyond it a side pane can use the room. */
export function idealTreeWidth(wanted: readonly ColumnName[]): number {
	return gutterWidth + 56 + wanted.reduce((sum, column) => sum + columnDefs[column].width, 0);
}
