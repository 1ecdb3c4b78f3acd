import {type RiskLevel, riskLevels} from './types.js';

/**
 * Ordering helpers for risk levels. `riskLevels` runs from worst (critical) to best (healthy), then
 * `unknown`, which is *not* "better than healthy": it is outside the scale, so it never trips a gate and
 * is only the worst of a roll-up when nothing beneath is known.
 */

/** 0 for critical … 4 for healthy, 5 for unknown. */
export function riskRank(level: RiskLevel): number {
	return riskLevels.indexOf(level);
}

/** Sort comparator: worst first, unknown last. */
export function compareRisk(a: RiskLevel, b: RiskLevel): number {
	return riskRank(a) - riskRank(b);
}

/** True when `level` is as bad as `threshold` or worse. `unknown` is never at or above anything but itself. */
export function isAtLeast(level: RiskLevel, threshold: RiskLevel): boolean {
	if (level === 'unknown') return threshold === 'unknown';
	return riskRank(level) <= riskRank(threshold);
}

/** The worse of two levels; a known level beats `unknown`. */
export function worseOf(a: RiskLevel, b: RiskLevel): RiskLevel {
	return compareRisk(a, b) <= 0 ? a : b;
}

/** Upper-case label for display ('CRITICAL'); the level is always a word, so it reads without colour. */
export function riskLabel(level: RiskLevel): string {
	return level.toUpperCase();
}

/** A record with a zero for every level, in order. */
export function emptyRiskCounts(): Record<RiskLevel, number> {
	return {critical: 0, high: 0, moderate: 0, good: 0, healthy: 0, unknown: 0};
}
