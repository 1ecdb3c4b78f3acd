import type {RiskFlag} from '../../scoring/types.js';

/**
 * Flags on rows. Generic over flag ids: any flag a report carries is counted in the FLAGS column and can be
 * filtered on, whatever produced it — except the ones that only describe (a version far behind latest, a
 * warning about upgrading, a dormant maintainer, an archived project): those are shown in the detail pane but do
 * not count as a warning on the row. A new informational flag id is one entry here.
 */
export const informationalFlags: ReadonlySet<string> = new Set([
	'behind-latest',
	'latest-new-publisher',
	'dormant-publisher',
	'archived',
]);

/** The glyph of the FLAGS column and of flag lines in the detail pane. */
export const flagGlyph = '⚑';

/** The flags that count as a warning on the row. */
export function countedFlags(flags: readonly RiskFlag[] | undefined): RiskFlag[] {
	return (flags ?? []).filter((flag) => !informationalFlags.has(flag.id));
}

/** `⚑2` — or '' when no counted flag is set. */
export function flagsText(flags: readonly RiskFlag[] | undefined): string {
	const count = countedFlags(flags).length;
	return count === 0 ? '' : `${flagGlyph}${count}`;
}

/** What the flag filter (`F`) keeps: any counted flag, or one flag id. */
export type FlagFilter = 'any' | string;

export function matchesFlag(flags: readonly RiskFlag[] | undefined, filter: FlagFilter): boolean {
	if (filter === 'any') return countedFlags(flags).length > 0;
	return (flags ?? []).some((flag) => flag.id === filter);
}
