import stringWidth from 'string-width';
import {releaseFlagInfo} from '../../scoring/release/descriptions.js';
import {packageNoticeIds, releaseEvidenceIds} from '../../scoring/release/types.js';

/** Every key, grouped, for the help overlay (`?`) and the README. */
export const helpSections: ReadonlyArray<{title: string; keys: ReadonlyArray<[string, string]>}> = [
	{
		title: 'Move',
		keys: [
			['↑ k / ↓ j', 'previous / next row'],
			['→ l', 'expand, or go to the first child'],
			['← h', 'collapse, or go to the parent'],
			['gg Home / G End', 'first / last row'],
			['PgUp / PgDn', 'one screen up / down (in pages too: detail, why-paths, help)'],
			['] / [', 'nearest row below / above of a package that is itself critical or high'],
			['mouse', 'wheel scrolls; click selects; click the selected row to expand it or open it'],
		],
	},
	{
		title: 'Tree',
		keys: [
			['Enter', 'open the detail pane (on a root: the whole-tree summary)'],
			['Space', 'mark / unmark the package (export the marked ones)'],
			['= / -', 'expand all (shared subtrees shown once, "deduped") / collapse all'],
			['s', 'cycle sort: tree, risk, score, name, downloads, publishers'],
			['f', 'cycle the level filter: all, moderate+, high+, critical, suspicious releases only'],
			['F', 'cycle the flag filter: any flag, then each flag in the tree'],
			['d', 'show / hide dev dependencies (roll-ups and counts follow)'],
			['v', 'cycle the view: tree, flat list sorted by risk, direct dependencies only'],
			['/', 'search as you type; Enter keeps it, Esc goes back'],
			['n / N', 'nearest matching row below / above (every row is a match; wraps)'],
			['a / A', 'nearest row below / above of a package with known advisories (OSV)'],
			['Esc', 'clear the search, then the filters'],
			['y', 'copy name@version to the clipboard (OSC 52)'],
			['o', "open the package's registry page in the browser"],
		],
	},
	{
		title: 'Views',
		keys: [
			['w', 'why-paths: every path from a root, grouped by direct dependency'],
			['p', 'publishers: accounts by reach (Enter jumps, f filters the tree, / searches)'],
			['e', 'export the selected subtree, the marked packages or the whole tree'],
			[',', 'settings'],
			['r', 'refresh: fetch everything again'],
			['?', 'this help'],
		],
	},
	{
		title: 'Leave',
		keys: [
			['Esc', 'back'],
			['q', 'close the overlay, or quit'],
			['Ctrl+C', 'quit at once'],
		],
	},
];

/** The columns and the marks in rows, explained (help overlay and README). */
export const legendSections: ReadonlyArray<{title: string; keys: ReadonlyArray<[string, string]>}> = [
	{
		title: 'Columns',
		keys: [
			[
				'RISK',
				"the package's OWN level — the worse of its structure and its locked release; then, dimmer, what it drags in (▲n, ▵n)",
			],
			['FLAGS', '⚑n: warnings on the package (release evidence, deprecated…); details on Enter'],
			['SCORE', 'its score, 0–100'],
			['PUBS', 'accounts that can publish it'],
			['WEEKLY', 'downloads in the last 7 days'],
			['TREND', 'the last 8 weeks of downloads, scaled from zero'],
			['LAST', 'age of the last release'],
			['AGE', 'age of the locked version (hours under a day), coloured by its release risk'],
			[
				'ADV',
				'OSV advisories: MAL (malicious-package report), or a count and the worst severity (3H: C/H/M/L)',
			],
		],
	},
	{
		title: 'Marks',
		keys: [
			['▲n', 'n critical or high packages beneath (a root: its word is the worst beneath)'],
			['▵n', 'n moderate packages beneath, nothing worse'],
			['▲n…', 'partial: packages beneath are still being fetched'],
			['…', 'not arrived yet (the scan is fetching it)'],
			['~1.2.3', 'resolved by commit-tui (newest release satisfying the requirement), not locked'],
			['@~unknown', 'not resolved yet (or offline, or nothing satisfies it); Enter says why'],
			['?', 'unknown: the registry did not say, or an error'],
			['local git url', 'in RISK: a workspace, path or git package, which no registry holds'],
			[
				'⚑',
				'a flag (informational ones — behind-latest, latest-new-publisher, dormant-publisher, archived — are not counted)',
			],
			['dev', 'reachable only through dev dependencies'],
			['↻ (cycle)', 'the package is its own ancestor: not expanded again'],
			['(deduped)', 'its subtree is shown above (expand it there, or here with →)'],
			['13›', 'depth, where indentation would push the name off the row'],
			['› •', 'the cursor; a marked package'],
			['dim row', 'kept only as an ancestor of what the filter selects'],
			['underlined', 'a search match (bold: the current one)'],
			['colours', 'critical bold red, high red, moderate yellow, good cyan, healthy green'],
		],
	},
	{
		title: 'Release evidence (is the locked version an attack?)',
		keys: [...releaseEvidenceIds, ...packageNoticeIds].map((id): [string, string] => [
			id,
			releaseFlagInfo[id].meaning,
		]),
	},
];

/** `text` broken into lines of at most `width` cells, at spaces. */
function wrap(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		const next = line === '' ? word : `${line} ${word}`;
		if (stringWidth(next) > width && line !== '') {
			lines.push(line);
			line = word;
		} else line = next;
	}

	lines.push(line);
	return lines;
}

/** The help page as lines that fit `width` (meanings wrap under themselves, so nothing is cut at 80 columns). */
export function helpLines(bold: (text: string) => string, width = 100): string[] {
	const keyWidth = 16;
	// The page draws each line after one space.
	const room = Math.max(20, width - 2 - 2 - keyWidth - 1);
	const lines: string[] = [bold('commit-tui keys'), ''];
	for (const section of [...helpSections, ...legendSections]) {
		lines.push(bold(section.title));
		for (const [key, meaning] of section.keys) {
			const [first, ...rest] = wrap(meaning, room);
			// A key longer than its column (a release flag id) has its meaning on the lines below it.
			if (stringWidth(key) > keyWidth) lines.push(`  ${key}`, `  ${' '.repeat(keyWidth)} ${first}`);
			else lines.push(`  ${key.padEnd(keyWidth)} ${first}`);
			for (const more of rest) lines.push(`  ${' '.repeat(keyWidth)} ${more}`);
		}

		lines.push('');
	}

	return lines;
}
