import {findEcosystem} from '../ecosystems/index.js';
import type {PackageNode} from '../graph/types.js';
import {withReleaseFlags} from '../scoring/release/assess.js';
import type {ReleaseLevels} from '../scoring/release/levels.js';
import type {IgnoredFinding, PackageReport, RiskFlag} from '../scoring/types.js';
import {sanitizeText} from '../text/sanitize.js';
import {cooldownViolation, describeThreshold, settingsFor} from './cooldown/audit.js';
import {formatSpan} from './cooldown/durations.js';
import type {CooldownAudit} from './cooldown/types.js';
import {installScriptFlagIds, publisherFlagIds} from './flag-ids.js';
import type {IgnoreRule, PackagePattern, Policy} from './types.js';

/** What a project says about judging its packages, as `applyPolicy` needs it. */
export type PolicyContext = {
	readonly policy: Policy | null;
	readonly cooldown: CooldownAudit;
	/**
	 * True when commit-tui's own cooldown threshold was chosen by the user (a changed setting, the policy's
	 * `thresholds.cooldownDays`): then the scoring's `cooldown` flag stands, and the project's rules add to
	 * it. Otherwise the project's own rules replace the default threshold.
	 */
	readonly cooldownChosen: boolean;
	readonly now: Date;
	/** The release rules' levels (`releaseRisk.*` settings), to decide the release risk again; defaults if absent. */
	readonly releaseLevels?: ReleaseLevels;
};

/** The package a report is about: what the policy's patterns match. */
export type PolicySubject = Pick<PackageNode, 'ecosystem' | 'name' | 'version'>;

/** The subject of a package's facts (its identity is in them, whatever graph it came from). */
export function subjectOf(facts: {
	readonly ecosystem: string;
	readonly name: string;
	readonly lockedVersion: string;
}): PolicySubject {
	return {ecosystem: facts.ecosystem, name: facts.name, version: facts.lockedVersion};
}

/**
 * A package's report as the project's policy sees it. Pure.
 * 1. Cooldown: the project's own release-age rules (pnpm, yarn, bun, npm, uv, Renovate, Dependabot) decide the
 *    `cooldown` flag, measured to the minute, and its message names the rule.
 * 2. `ignore` entries in force (not expired) move the flags they name out of `flags`, and mark the level
 *    ignored (it still shows; the gate skips it); an entry with neither `flags` nor `levels` takes both.
 * 3. `allowInstallScripts` and `trustedPublishers` accept the install-script and publisher flags of the
 *    packages and accounts they name.
 * 4. The release risk is decided again from the release flags left, and the combined level with it; level
 *    ignores apply to that level.
 * Every accepted finding goes to `ignored`, with the reason and the policy line.
 */
export function applyPolicy(
	report: PackageReport,
	node: PolicySubject,
	context: PolicyContext,
): PackageReport {
	let flags = cooldownFlags(report, node, context);
	const ignored: IgnoredFinding[] = [...(report.ignored ?? [])];
	const accept = (flag: RiskFlag, reason: string, source: string, expires?: string) =>
		ignored.push({
			kind: 'flag',
			id: flag.id,
			message: flag.message,
			reason,
			source,
			...(expires ? {expires} : {}),
		});
	const policy = context.policy;
	const rules = policy
		? activeRules(policy, context.now).filter((rule) => matchesPackage(rule.package, node))
		: [];
	for (const rule of rules) {
		const everything = rule.flags === undefined && rule.levels === undefined;
		flags = flags.filter((flag) => {
			if (!(everything || rule.flags?.includes(flag.id))) return true;
			accept(flag, rule.reason, rule.source, rule.expires);
			return false;
		});
	}

	if (policy) {
		const scripts = policy.allowInstallScripts.find((pattern) => matchesPackage(pattern, node));
		if (scripts) {
			flags = flags.filter((flag) => {
				if (!installScriptFlagIds.includes(flag.id)) return true;
				accept(flag, `allowed to run install scripts (${scripts.text})`, scripts.source);
				return false;
			});
		}

		flags = flags.filter((flag) => {
			if (!publisherFlagIds.includes(flag.id)) return true;
			const account = publisherOfFlag(flag, report);
			const trusted = account
				? policy.trustedPublishers.find(
						(entry) =>
							entry.account === account &&
							(entry.ecosystem === undefined || entry.ecosystem === node.ecosystem),
					)
				: undefined;
			if (!trusted) return true;
			accept(flag, `${sanitizeText(account!)} is a trusted publisher`, trusted.source);
			return false;
		});
	}

	// What the release side still holds decides its risk again: an accepted install script, a cooldown the
	// project's own rules lift, no longer raise the level (they stay listed, dimmed, under `ignored`).
	const judged = releaseChanged(report.flags, flags)
		? withReleaseFlags(
				{...report, flags},
				flags.filter((flag) => flag.side === 'release'),
				context.releaseLevels,
			)
		: flags === report.flags
			? report
			: {...report, flags};
	// Levels last, against the level the package ends up with.
	for (const rule of rules) {
		const everything = rule.flags === undefined && rule.levels === undefined;
		const levelIgnored = everything || rule.levels?.includes(judged.risk);
		if (levelIgnored && !ignored.some((entry) => entry.kind === 'level')) {
			ignored.push({
				kind: 'level',
				id: judged.risk,
				message: judged.reasons[0] ?? judged.risk,
				reason: rule.reason,
				source: rule.source,
				...(rule.expires ? {expires: rule.expires} : {}),
			});
		}
	}

	if (judged === report && ignored.length === (report.ignored?.length ?? 0)) return report;
	return {...judged, ...(ignored.length > 0 ? {ignored} : {})};
}

/** Whether the release-side flags differ (by id and message; O(flags)). */
function releaseChanged(before: readonly RiskFlag[], after: readonly RiskFlag[]): boolean {
	if (before === after) return false;
	const key = (flags: readonly RiskFlag[]) =>
		flags
			.filter((flag) => flag.side === 'release')
			.map((flag) => `${flag.id}\u0000${flag.message}`)
			.join('\u0001');
	return key(before) !== key(after);
}

/** Ignore entries that still apply at `now`: no expiry, or an expiry day not yet over (UTC). */
export function activeRules(policy: Policy, now: Date): IgnoreRule[] {
	return policy.ignore.filter((rule) => !isExpired(rule, now));
}

export function isExpired(rule: IgnoreRule, now: Date): boolean {
	return rule.expires !== undefined && now.getTime() >= Date.parse(`${rule.expires}T00:00:00Z`) + 86_400_000;
}

/**
 * Warnings about the policy's expiry dates: an entry past its date no longer applies; one ending within two
 * weeks is about to.
 */
export function expiryWarnings(policy: Policy, now: Date, soonDays = 14): string[] {
	const warnings: string[] = [];
	for (const rule of policy.ignore) {
		if (rule.expires === undefined) continue;
		const end = Date.parse(`${rule.expires}T00:00:00Z`) + 86_400_000;
		const left = Math.ceil((end - now.getTime()) / 86_400_000);
		if (left <= 0) {
			warnings.push(
				`${rule.source}: ignore entry for ${rule.package.text} expired on ${rule.expires}; it no longer applies`,
			);
		} else if (left <= soonDays) {
			warnings.push(
				`${rule.source}: ignore entry for ${rule.package.text} expires on ${rule.expires} (in ${left} ${left === 1 ? 'day' : 'days'})`,
			);
		}
	}

	return warnings;
}

/** Whether a policy's package pattern names this package (the ecosystem's name rules, `*` wildcards, a range). */
export function matchesPackage(
	pattern: PackagePattern,
	node: Pick<PackageNode, 'ecosystem' | 'name' | 'version'>,
): boolean {
	if (pattern.ecosystem !== undefined && pattern.ecosystem !== node.ecosystem) return false;
	const ecosystem = findEcosystem(node.ecosystem);
	const normalize = ecosystem?.normalizeName ?? ((name: string) => name);
	const regex = new RegExp(
		`^${normalize(pattern.name)
			.split('*')
			.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
			.join('.*')}$`,
	);
	if (!regex.test(normalize(node.name))) return false;
	if (pattern.range === undefined) return true;
	return ecosystem?.versions.satisfies?.(node.version, pattern.range) === true;
}

/**
 * The `cooldown` flag under the project's own rules. When rules govern the package and the user did not pick
 * commit-tui's threshold, they replace it; a version younger than a rule gets a flag naming it, to the minute.
 */
function cooldownFlags(report: PackageReport, node: PolicySubject, context: PolicyContext): RiskFlag[] {
	const settings = settingsFor(context.cooldown, node.ecosystem, node.name);
	if (settings.length === 0) return report.flags;
	const published = report.stats.lockedVersionPublished;
	const violation = published ? cooldownViolation(settings, published, context.now) : null;
	const others = report.flags.filter((flag) => flag.id !== 'cooldown');
	if (violation) {
		// To the minute: "2 hours", not "2 hours 9 seconds".
		const age = formatSpan(Math.max(60_000, Math.floor(violation.ageMs / 60_000) * 60_000));
		// First, as the scoring's own cooldown flag is: the reason reads "2 hours old, …, adds a postinstall script".
		return [
			{
				id: 'cooldown',
				message: `locked version published ${age} ago, younger than the project's cooldown of ${describeThreshold(violation.setting)}`,
				side: 'release',
				short: `${age} old, inside the project's cooldown`,
			},
			...others,
		];
	}

	return context.cooldownChosen ? report.flags : others;
}

/**
 * The account a publisher flag is about, for `trustedPublishers`: the latest version's publisher for
 * `latest-new-publisher`, else the locked version's (`new-publisher`, `account-burst`).
 */
function publisherOfFlag(flag: RiskFlag, report: PackageReport): string | null {
	const metadata = report.facts?.metadata;
	if (!metadata) return null;
	if (flag.id === 'latest-new-publisher')
		return (
			metadata.versions.find((version) => version.version === metadata.latestVersion)?.publishedBy ?? null
		);

	return report.facts?.locked?.publishedBy ?? null;
}
