import type {Advisory, PackageAdvisories} from '../../advisories/types.js';
import type {PackageFacts} from '../../registries/types.js';
import {daysSince, formatAgo, formatCompact} from '../../text/format.js';
import {sanitizeText} from '../../text/sanitize.js';
import type {Thresholds} from '../thresholds.js';
import type {RiskFlag} from '../types.js';
import {describePublisherKey, publisherKey} from './identity.js';
import type {ReleaseDetails} from './own.js';
import type {ReleaseFlagId} from './types.js';
import {habit, positionOf, timelineOf, timeOf} from './versions.js';

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
	 * key) between `from` and `to` (epoch ms), and up to a few of their package names — named only when there
	 * are at least `namedFrom` of them (a burst to describe; most windows are not one).
	 */
	publisherActivity(
		ecosystem: string,
		key: string,
		from: number,
		to: number,
		namedFrom?: number,
	): {readonly repositories: number; readonly packages: readonly string[]};
	/**
	 * How many windows of `span` in [from, to) hold versions of at least `repositories` distinct repositories of
	 * this tree published by `key`, up to `enough` (whether the burst `id`'s locked version is in is the account's
	 * habit).
	 */
	publisherBursts(
		id: string,
		ecosystem: string,
		key: string,
		query: {from: number; to: number; span: number; repositories: number; enough: number},
	): number;
	/** What the advisory lookup found for `id`; undefined when it has not answered (or is off). */
	advisoriesOf?(id: string): PackageAdvisories | undefined;
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

	const timeline = facts.metadata ? timelineOf(facts.metadata) : undefined;
	const position = timeline ? positionOf(timeline, locked) : -1;
	const key = position >= 0 ? timeline!.keys[position]! : publisherKey(locked);
	const at = timeOf(locked, timeline, position);
	if (key !== null && !Number.isNaN(at)) {
		const span = thresholds.accountBurstHours * hourMs;
		const activity = tree.publisherActivity(
			facts.ecosystem,
			key,
			at - span,
			at + span,
			thresholds.accountBurstRepositories,
		);
		if (
			activity.repositories >= thresholds.accountBurstRepositories &&
			!habitualBurst(tree, id, facts.ecosystem, key, at - span, span, activity.repositories)
		) {
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

/**
 * Some accounts release many repositories together as a matter of course (one maintainer of a hundred small
 * packages updating them in a batch; the unified and es-shims families). A burst is their habit when, in the year
 * before it, they released at least as many of this tree's repositories within one window twice. The worm and the
 * phished account of 2025 published far more at once than those accounts ever had: it stays a burst.
 */
function habitualBurst(
	tree: ReleaseTreeView,
	id: string,
	ecosystem: string,
	key: string,
	windowStart: number,
	span: number,
	repositories: number,
): boolean {
	const earlier = tree.publisherBursts(id, ecosystem, key, {
		from: windowStart - habit.lookbackMs,
		to: windowStart,
		span: 2 * span,
		repositories,
		enough: habit.times,
	});
	return earlier >= habit.times;
}

const severityRank = {critical: 0, high: 1, moderate: 2, low: 3} as const;

/** The worst severity among advisories (unknown severities last), or null when none is known. */
export function worstSeverity(advisories: readonly Advisory[]): Advisory['severity'] {
	let worst: Advisory['severity'] = null;
	for (const advisory of advisories) {
		const severity = advisory.severity;
		if (severity && (worst === null || severityRank[severity] < severityRank[worst])) worst = severity;
	}

	return worst;
}

/**
 * `known-malicious` for OpenSSF malicious-package reports (naming the record and its summary), `vulnerable` for
 * the other advisories (how many, the worst severity, what fixes them). O(advisories).
 */
export function advisoryFlags(version: string, advisories: readonly Advisory[]): RiskFlag[] {
	const flags: RiskFlag[] = [];
	const add = (id: ReleaseFlagId, message: string, short: string) =>
		flags.push({id, message: sanitizeText(message), side: 'release', short: sanitizeText(short)});
	const malicious = advisories.filter((advisory) => advisory.malicious);
	if (malicious.length > 0) {
		const named = malicious.map(
			(advisory) => `${advisory.id}${advisory.summary ? ` (${advisory.summary})` : ''}`,
		);
		add(
			'known-malicious',
			`${version} is named by a malicious-package report: ${named.join('; ')}`,
			`known malicious (${malicious.map((advisory) => advisory.id).join(', ')})`,
		);
	}

	const vulnerabilities = advisories.filter((advisory) => !advisory.malicious);
	if (vulnerabilities.length > 0) {
		const worst = worstSeverity(vulnerabilities);
		const listed = vulnerabilities.slice(0, 3).map((advisory) => {
			const aliases = advisory.aliases.filter((alias) => alias.startsWith('CVE-')).slice(0, 1);
			const fixed = advisory.fixed.length > 0 ? `, fixed in ${advisory.fixed.join(', ')}` : '';
			return `${advisory.id}${aliases.length > 0 ? ` (${aliases[0]})` : ''} ${advisory.severity ?? 'severity unknown'}${fixed}${advisory.summary ? `: ${advisory.summary}` : ''}`;
		});
		const more =
			vulnerabilities.length > listed.length ? `; and ${vulnerabilities.length - listed.length} more` : '';
		const count = `${vulnerabilities.length} known ${vulnerabilities.length === 1 ? 'vulnerability' : 'vulnerabilities'}`;
		add(
			'vulnerable',
			`${version} has ${count}${worst ? `, the worst ${worst}` : ''}: ${listed.join('; ')}${more}`,
			`${count}${worst ? ` (${worst})` : ''}`,
		);
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
