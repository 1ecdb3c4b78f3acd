/** Every key, grouped, for the help overlay (`?`) and the README. */
export const helpSections: ReadonlyArray<{title: string; keys: ReadonlyArray<[string, string]>}> = [
	{
		title: 'Move',
		keys: [
			['↑ k / ↓ j', 'previous / next row'],
			['→ l', 'expand, or go to the first child'],
			['← h', 'collapse, or go to the parent'],
			['gg Home / G End', 'first / last row'],
			['PgUp / PgDn', 'one screen up / down'],
		],
	},
	{
		title: 'Tree',
		keys: [
			['Enter', 'open the detail pane of the selected package'],
			['Space', 'mark / unmark the package (export the marked ones)'],
			['= / -', 'expand all (shared subtrees shown once, "deduped") / collapse all'],
			['s', 'cycle sort: tree, risk, score, name, downloads, publishers'],
			['f', 'cycle filter: all, moderate+, high+, critical'],
			['d', 'show / hide dev dependencies'],
			['/ then Enter', 'search package names (Esc cancels)'],
			['n / N', 'next / previous match'],
		],
	},
	{
		title: 'Views',
		keys: [
			['w', 'why-paths: every path from a root to the package'],
			['p', 'publishers: accounts ranked by reach (Enter jumps to their packages)'],
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

/** The help page as lines. */
export function helpLines(bold: (text: string) => string): string[] {
	const lines: string[] = [bold('commit-tui keys'), ''];
	for (const section of helpSections) {
		lines.push(bold(section.title));
		for (const [key, meaning] of section.keys) lines.push(`  ${key.padEnd(18)} ${meaning}`);
		lines.push('');
	}

	lines.push(
		'RISK shows the worse of the package and what is beneath it; ▲n counts critical/high descendants.',
	);
	lines.push('…  = data not yet arrived · ↻ = cycle (not expanded again) · (deduped) = subtree shown above.');
	lines.push(
		'~  before a version = resolved by commit-tui (newest release satisfying the requirement), not locked;',
	);
	lines.push('   name@~unknown = not resolved yet (or offline, or nothing satisfies it). Enter says why.');
	return lines;
}
