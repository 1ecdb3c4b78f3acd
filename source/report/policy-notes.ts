import type {IgnoredFinding} from '../scoring/types.js';
import type {ReportRow} from './model.js';
import type {ReportProjectPolicy} from './types.js';

/**
 * What the reports say about the project's own policy: its tools' cooldowns in the header, and the findings
 * it accepted, listed apart. Strings are raw: each renderer escapes them for its format.
 */

/** `npm: 1 day, from pnpm minimumReleaseAge (pnpm-workspace.yaml:3)` per ecosystem; empty without settings. */
export function cooldownLines(project: ReportProjectPolicy | undefined): string[] {
	return (project?.strictest ?? []).map((entry) => `${entry.ecosystem}: ${entry.description}`);
}

/** One accepted finding of one package. */
export type AcceptedFinding = {readonly row: ReportRow; readonly finding: IgnoredFinding};

/** Every finding the policy accepted, in the rows' order. */
export function acceptedFindings(rows: readonly ReportRow[]): AcceptedFinding[] {
	return rows.flatMap((row) => (row.report?.ignored ?? []).map((finding) => ({row, finding})));
}

/** `cooldown: locked version published 2 hours ago` or `level HIGH: 1 publisher and 2.0M downloads a week`. */
export function findingText(finding: IgnoredFinding): string {
	return finding.kind === 'level'
		? `level ${finding.id.toUpperCase()}: ${finding.message}`
		: `${finding.id}: ${finding.message}`;
}

/** `accepted until 2027-01-31: vendored, never loaded (.commit-tui.yml:12)` */
export function acceptanceText(finding: IgnoredFinding): string {
	const until = finding.expires ? ` until ${finding.expires}` : '';
	return `accepted${until}: ${finding.reason} (${finding.source})`;
}
