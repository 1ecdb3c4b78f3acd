import type {PackageFacts, VersionFacts} from '../registries/types.js';
import {formatElapsed} from '../text/format.js';
import {sanitizeText} from '../text/sanitize.js';
import {removedEntry} from './release/own.js';
import type {Thresholds} from './thresholds.js';
import type {RiskFlag} from './types.js';

/** What the flags are computed from, besides the facts (so the score and the flags agree on each number). */
export type FlagInputs = {
	readonly facts: PackageFacts;
	readonly locked: VersionFacts | null;
	readonly versionsBehind: number | null;
	readonly thresholds: Thresholds;
	/** The scan's clock: how old the registry data is that lacks the locked version. */
	readonly now?: Date;
};

/**
 * The structural side's flags, shown beside the level (they never change it). Release evidence (cooldown,
 * new publisher, …) is `release/own.ts`'s. Every message is sanitised here because it quotes registry text
 * (deprecation messages); the report escapers sanitise again, which is harmless.
 */
export function computeFlags({facts, locked, versionsBehind, thresholds, now}: FlagInputs): RiskFlag[] {
	const flags: RiskFlag[] = [];
	const metadata = facts.metadata;
	const add = (id: RiskFlag['id'], message: string) =>
		flags.push({id, message: clean(message), side: 'structure'});
	if (locked?.deprecated) add('deprecated', `locked version deprecated: ${locked.deprecated}`);
	if (locked?.yanked) {
		const reason = locked.yankedReason ? `: ${locked.yankedReason}` : '';
		add('yanked', `locked version yanked${reason}`);
	}

	if (versionsBehind !== null && versionsBehind >= thresholds.behindLatestVersions) {
		const latest = metadata?.latestVersion ? ` (latest ${metadata.latestVersion})` : '';
		add('behind-latest', `${versionsBehind} stable versions behind latest${latest}`);
	}

	if (metadata?.unpublished) add('unpublished', 'package unpublished from the registry');
	// A placeholder commit-tui could not resolve has no version to miss; one the registry records as removed is
	// release evidence (`removed-version`), not a guess.
	else if (metadata && metadata.versions.length > 0 && !locked && !facts.unresolved && !removedEntry(facts))
		add('unpublished', notListed(facts, now));
	return flags;
}

/**
 * A locked version the registry's answer lacks. From an answer an hour old or more (offline, or a version known
 * absent when it was fetched), the version may have been published since: the message says how old the answer is.
 */
function notListed(facts: PackageFacts, now: Date | undefined): string {
	const fetched = Date.parse(facts.origins.metadata?.fetchedAt ?? '');
	const age = now ? now.getTime() - fetched : Number.NaN;
	return age >= 3_600_000
		? `locked version ${facts.lockedVersion} is not in the registry's answer of ${formatElapsed(age)} ago (unpublished, or published since?)`
		: `locked version ${facts.lockedVersion} is not in the registry (unpublished?)`;
}

function clean(text: string): string {
	return sanitizeText(text);
}
