import type {Rollup} from '../../scoring/types.js';
import {riskLevels} from '../../scoring/types.js';

/**
 * Two roll-ups that say the same (worst level, counts, suspicious releases). Each flush's roll-up table makes its
 * objects afresh, so what was drawn from a roll-up is kept while its values are the same, not its identity: a
 * flush then redraws the rows (and the side pane) whose counts changed, not every one on screen.
 */
export function sameRollup(a: Rollup | undefined, b: Rollup | undefined): boolean {
	if (a === b) return true;
	if (!a || !b || a.worst !== b.worst || (a.suspicious ?? 0) !== (b.suspicious ?? 0)) return false;
	return riskLevels.every((level) => a.counts[level] === b.counts[level]);
}
