import {isAtLeast} from '../scoring/levels.js';
import type {RiskLevel} from '../scoring/types.js';
import {exitCodes} from './exit-codes.js';
import {resolveScope} from './scope.js';
import type {FailOn, ReportInput} from './types.js';

export {compareRisk, emptyRiskCounts, isAtLeast, riskLabel, riskRank, worseOf} from '../scoring/levels.js';

/** Accepted `--fail-on` values. */
export const failOnValues: readonly FailOn[] = ['critical', 'high', 'moderate', 'none'];

/** Parse a `--fail-on` value (case-insensitive); null when it is not one of {@link failOnValues}. */
export function parseFailOn(value: string): FailOn | null {
	const lower = value.trim().toLowerCase();
	return (failOnValues as readonly string[]).includes(lower) ? (lower as FailOn) : null;
}

/** `high` when the `CI` environment variable is set (and not 'false'/'0'), else `none`. */
export function defaultFailOn(env: NodeJS.ProcessEnv = process.env): FailOn {
	const ci = env.CI?.trim().toLowerCase();
	return ci && ci !== 'false' && ci !== '0' ? 'high' : 'none';
}

/** True when a package at `level` trips the gate. `unknown` never does; `none` never trips. */
export function tripsGate(level: RiskLevel, failOn: FailOn): boolean {
	return failOn !== 'none' && isAtLeast(level, failOn);
}

/**
 * The exit code for the levels of the packages in scope: 1 when any is at or above `failOn`, else 0.
 * (2 — usage/input error — and 3 — no lockfile/packages — are the CLI's to return.)
 */
export function gateExitCode(levels: Iterable<RiskLevel>, failOn: FailOn): 0 | 1 {
	for (const level of levels) if (tripsGate(level, failOn)) return exitCodes.thresholdReached;
	return exitCodes.ok;
}

/**
 * The gate over a report's scope: the exit code and the ids of the packages that tripped it (for a message
 * such as "2 packages at or above high").
 */
export function gateForReport(
	input: Pick<ReportInput, 'graph' | 'reports' | 'scope'>,
	failOn: FailOn,
): {readonly exitCode: 0 | 1; readonly tripped: string[]} {
	const tripped: string[] = [];
	for (const id of resolveScope(input.graph, input.scope)) {
		const level = input.reports.get(id)?.risk ?? 'unknown';
		if (tripsGate(level, failOn)) tripped.push(id);
	}

	return {exitCode: tripped.length > 0 ? exitCodes.thresholdReached : exitCodes.ok, tripped: tripped.sort()};
}
