import type {PackageFacts, VersionFacts} from '../registries/types.js';
import {formatAgo} from '../text/format.js';
import {sanitizeText} from '../text/sanitize.js';
import type {Thresholds} from './thresholds.js';
import type {RiskFlag} from './types.js';

/** What the flags are computed from, besides the facts (so the score and the flags agree on each number). */
export type FlagInputs = {
	readonly facts: PackageFacts;
	readonly locked: VersionFacts | null;
	readonly lockedAgeDays: number | null;
	readonly versionsBehind: number | null;
	readonly thresholds: Thresholds;
};

/**
 * The extra signals shown beside the level. Every message is sanitised here because it quotes registry
 * text (account names, deprecation messages); the report escapers sanitise again, which is harmless.
 */
export function computeFlags({
	facts,
	locked,
	lockedAgeDays,
	versionsBehind,
	thresholds,
}: FlagInputs): RiskFlag[] {
	const flags: RiskFlag[] = [];
	const metadata = facts.metadata;
	const newPublisher = metadata ? newPublisherOfLatest(metadata.versions, metadata.latestVersion) : null;
	if (newPublisher) {
		flags.push({
			id: 'new-publisher',
			message: clean(
				`latest ${newPublisher.version} was published by ${newPublisher.account}, who never published an earlier version`,
			),
		});
	}

	if (locked?.deprecated) {
		flags.push({id: 'deprecated', message: clean(`locked version deprecated: ${locked.deprecated}`)});
	}

	if (locked?.yanked) {
		const reason = locked.yankedReason ? `: ${locked.yankedReason}` : '';
		flags.push({id: 'yanked', message: clean(`locked version yanked${reason}`)});
	}

	if (lockedAgeDays !== null && lockedAgeDays < thresholds.cooldownDays) {
		flags.push({
			id: 'cooldown',
			message: `locked version published ${formatAgo(lockedAgeDays)} (cooldown ${thresholds.cooldownDays} days)`,
		});
	}

	if (versionsBehind !== null && versionsBehind >= thresholds.behindLatestVersions) {
		const latest = metadata?.latestVersion ? ` (latest ${metadata.latestVersion})` : '';
		flags.push({
			id: 'behind-latest',
			message: clean(`${versionsBehind} stable versions behind latest${latest}`),
		});
	}

	if (metadata?.unpublished) {
		flags.push({id: 'unpublished', message: 'package unpublished from the registry'});
	} else if (metadata && metadata.versions.length > 0 && !locked && !facts.unresolved) {
		flags.push({
			id: 'unpublished',
			message: clean(`locked version ${facts.lockedVersion} is not in the registry (unpublished?)`),
		});
	}

	return flags;
}

/**
 * The account that published the latest version, when no earlier version was published by it — the classic
 * account-takeover signal. Null when there is nothing to compare (first release, unknown publishers).
 */
export function newPublisherOfLatest(
	versions: readonly VersionFacts[],
	latestVersion: string | null,
): {readonly version: string; readonly account: string} | null {
	if (!latestVersion) return null;
	const latestIndex = versions.findIndex((version) => version.version === latestVersion);
	const latest = versions[latestIndex];
	if (!latest?.publishedBy) return null;
	const latestTime = latest.published ? Date.parse(latest.published) : Number.NaN;
	// `versions` is sorted by publication time; "earlier" is by date when both are known, else by position.
	const earlier = versions.filter((version, index) => {
		if (version === latest) return false;
		const time = version.published ? Date.parse(version.published) : Number.NaN;
		return Number.isNaN(time) || Number.isNaN(latestTime) ? index < latestIndex : time < latestTime;
	});
	const knownEarlier = earlier.filter((version) => version.publishedBy !== null);
	if (knownEarlier.length === 0) return null;
	if (knownEarlier.some((version) => version.publishedBy === latest.publishedBy)) return null;
	return {version: latest.version, account: latest.publishedBy};
}

function clean(text: string): string {
	return sanitizeText(text);
}
