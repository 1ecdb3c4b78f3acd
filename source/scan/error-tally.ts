import type {PackageFacts} from '../registries/types.js';

/**
 * What went wrong across a scan, by reason: `metadata: not a packument` for 1,989 packages says "this is not a
 * registry" (a captive portal, a proxy's login page, a wrong --registry) where 1,989 rows of it say nothing. A
 * host marked down is said on its own (`down: …`), so its `host down (…)` errors are left out here.
 */

export type ErrorReason = {readonly reason: string; readonly packages: number};

export type ErrorTally = {
	/** Packages with at least one error not caused by a host marked down. */
	readonly packages: number;
	/** The reasons, the most common first (ties: the first met first). */
	readonly reasons: readonly ErrorReason[];
};

/** O(packages × errors per package). */
export function tallyErrors(facts: Iterable<PackageFacts>): ErrorTally {
	const counts = new Map<string, number>();
	let packages = 0;
	for (const each of facts) {
		let counted = false;
		for (const error of new Set(each.errors)) {
			if (error.includes('host down (')) continue;
			counts.set(error, (counts.get(error) ?? 0) + 1);
			counted = true;
		}

		if (counted) packages += 1;
	}

	const reasons = [...counts].map(([reason, count]) => ({reason, packages: count}));
	// Array.prototype.sort is stable: equal counts keep the order they were first met in.
	reasons.sort((a, b) => b.packages - a.packages);
	return {packages, reasons};
}

/** `metadata: not a packument (1989), downloads: invalid JSON (1989), +2 more`: the first `shown` reasons. */
export function reasonsText(tally: ErrorTally, shown = 2): string {
	const first = tally.reasons.slice(0, shown).map((each) => `${each.reason} (${each.packages})`);
	const more = tally.reasons.length - shown;
	return more > 0 ? `${first.join(', ')}, +${more} more` : first.join(', ');
}
