import type {PackageFacts} from '../../registries/types.js';
import {daysSince, formatAgo, formatCompact} from '../../text/format.js';
import {sanitizeText} from '../../text/sanitize.js';
import type {Thresholds} from '../thresholds.js';
import type {RiskFlag} from '../types.js';
import {describePublisherKey, publisherKey} from './identity.js';
import type {ReleaseDetails} from './own.js';
import type {ReleaseFlagId} from './types.js';
import {timeOf} from './versions.js';

/**
 * Release evidence that needs the rest of the tree: a dependency the locked version added that is itself brand
 * new or barely used (`new-dependency`), and an account publishing across many repositories of this tree at
 * once (`account-burst`, the worm/phishing pattern). Pure over a `ReleaseTreeView`; each package costs
 * O(added dependencies × its dependencies + the view's publisher query).
 */

/** What the tree-level checks may ask about the rest of the tree (see `ReleaseTreeIndex`). */
export type ReleaseTreeView = {
	/** Facts of the package `id` depends on under `name` in this tree; undefined when absent or not fetched yet. */
	dependencyFacts(id: string, name: string): PackageFacts | undefined;
	/**
	 * Distinct source repositories of this tree with a version published by `key` (ecosystem-scoped publisher
	 * key) between `from` and `to` (epoch ms), and up to a few of their package names.
	 */
	publisherActivity(
		ecosystem: string,
		key: string,
		from: number,
		to: number,
	): {readonly repositories: number; readonly packages: readonly string[]};
};

const hourMs = 3_600_000;

export function treeReleaseFlags(
	id: string,
	facts: PackageFacts | null,
	details: ReleaseDetails,
	tree: ReleaseTreeView,
	thresholds: Thresholds,
	now: Date,
): RiskFlag[] {
	const flags: RiskFlag[] = [];
	const add = (flagId: ReleaseFlagId, message: string, short: string) =>
		flags.push({id: flagId, message: sanitizeText(message), side: 'release', short: sanitizeText(short)});
	const locked = facts?.locked;
	if (!facts || !locked) return flags;

	const risky: string[] = [];
	for (const name of details.addedDependencies ?? []) {
		const dependency = tree.dependencyFacts(id, name);
		const why = newDependencyReason(dependency, thresholds, now);
		if (why) risky.push(`${name} (${why})`);
	}

	if (risky.length > 0) {
		const previous = details.previous?.version ?? 'the previous version';
		add(
			'new-dependency',
			`${locked.version} adds ${risky.join(', ')}, which ${previous} did not depend on`,
			`adds ${risky.length === 1 ? 'a new dependency' : `${risky.length} new dependencies`}`,
		);
	}

	const key = publisherKey(locked);
	const at = timeOf(locked);
	if (key !== null && !Number.isNaN(at)) {
		const span = thresholds.accountBurstHours * hourMs;
		const activity = tree.publisherActivity(facts.ecosystem, key, at - span, at + span);
		if (activity.repositories >= thresholds.accountBurstRepositories) {
			const others = activity.repositories - activity.packages.length;
			add(
				'account-burst',
				`${describePublisherKey(key)} published versions of ${activity.repositories} repositories of this tree within ${thresholds.accountBurstHours} hours of ${locked.version}: ${activity.packages.join(', ')}${others > 0 ? ` and ${others} more` : ''}`,
				`its publisher released ${activity.repositories} repositories at once`,
			);
		}
	}

	return flags;
}

/** Why an added dependency is suspicious (brand new, or barely downloaded), or null. */
function newDependencyReason(
	dependency: PackageFacts | undefined,
	thresholds: Thresholds,
	now: Date,
): string | null {
	const metadata = dependency?.metadata;
	const first = metadata?.firstPublished ? daysSince(metadata.firstPublished, now) : null;
	const weekly = dependency?.downloads?.weekly ?? null;
	const reasons: string[] = [];
	if (first !== null && first < thresholds.newDependencyDays)
		reasons.push(`first published ${formatAgo(first)}`);
	if (weekly !== null && weekly < thresholds.newDependencyWeeklyDownloads)
		reasons.push(`${formatCompact(weekly)} downloads a week`);
	return reasons.length > 0 ? reasons.join(', ') : null;
}
