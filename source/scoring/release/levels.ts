import type {RiskFlag, RiskLevel} from '../types.js';
import {
	type ReleaseFlagId,
	type ReleaseRisk,
	type ReleaseRuleLevel,
	releaseEvidenceIds,
	releaseRiskLevels,
	trustChangeIds,
} from './types.js';

/**
 * The levels the release rules raise the release risk to. Each is a setting (`releaseRisk.<key>`); `none`
 * turns a rule off. `security-holding`, `quarantined` and `known-malicious` are always critical: they are not
 * suspicions but the registry's or an advisory's verdict.
 */
export type ReleaseLevels = {
	/** The locked version is in cooldown and carries at least one other piece of release evidence. */
	readonly cooldownWithEvidence: ReleaseRuleLevel;
	/** The locked version is in cooldown, nothing else. */
	readonly cooldownAlone: ReleaseRuleLevel;
	/** A trust change (install script added, provenance dropped, …) on a version older than the cooldown. */
	readonly trustChange: ReleaseRuleLevel;
	/** The lockfile installs the package from a host the rest of it does not use (`foreign-tarball`), any age. */
	readonly foreignTarball: ReleaseRuleLevel;
	/** The registry removed the locked version (`removed-version`), any age. */
	readonly removedVersion: ReleaseRuleLevel;
	/** The locked version's deprecation or yank message says it was compromised (`compromise-notice`), any age. */
	readonly compromiseNotice: ReleaseRuleLevel;
	/** Known vulnerabilities (OSV advisories other than malicious-package reports) … */
	readonly vulnerable: ReleaseRuleLevel;
	/** … of which at least one is of critical or high severity. */
	readonly vulnerableSevere: ReleaseRuleLevel;
};

export const defaultReleaseLevels: ReleaseLevels = {
	cooldownWithEvidence: 'high',
	cooldownAlone: 'moderate',
	trustChange: 'moderate',
	foreignTarball: 'high',
	removedVersion: 'high',
	compromiseNotice: 'high',
	vulnerable: 'moderate',
	vulnerableSevere: 'high',
};

/** Evidence that is a verdict, not a suspicion. */
export const verdictIds: ReadonlySet<ReleaseFlagId> = new Set([
	'known-malicious',
	'security-holding',
	'quarantined',
]);

const evidence: ReadonlySet<string> = new Set(releaseEvidenceIds);

/** 0 for critical … 3 for none; unknown 4. */
function rank(level: ReleaseRisk): number {
	return releaseRiskLevels.indexOf(level);
}

function worse(a: ReleaseRisk, b: ReleaseRisk): ReleaseRisk {
	return rank(a) <= rank(b) ? a : b;
}

/**
 * The release risk from the release-side flags, and which of them counted. O(flags).
 * - critical: security holding, quarantined, known malicious;
 * - in cooldown: `cooldownWithEvidence` with any other evidence (timing patterns included), else `cooldownAlone`;
 * - older: `trustChange` for install-script-added, provenance-dropped, trusted-publisher-changed, new-publisher,
 *   new-dependency; timing patterns (release-burst, dormant-return, account-burst) count for nothing;
 * - a foreign tarball host raises it to `foreignTarball` at any age (the lockfile, not the release, is suspect);
 * - a version the registry removed raises it to `removedVersion` at any age;
 * - a deprecation or yank message that says the version was compromised raises it to `compromiseNotice`;
 * - vulnerabilities raise it to `vulnerable` / `vulnerableSevere` (the flag says whether one is severe);
 * - package notices (latest-new-publisher, dormant-publisher, archived) never count;
 * - unknown when nothing counted and the locked version's facts are missing.
 */
export function releaseRiskOf(
	flags: readonly RiskFlag[],
	lockedKnown: boolean,
	levels: ReleaseLevels,
	severeVulnerability: boolean,
): {risk: ReleaseRisk; counted: ReleaseFlagId[]} {
	const ids = flags.map((flag) => flag.id as ReleaseFlagId).filter((id) => evidence.has(id));
	const verdicts = ids.filter((id) => verdictIds.has(id));
	if (verdicts.length > 0) return {risk: 'critical', counted: verdicts};
	let risk: ReleaseRisk = 'none';
	const counted: ReleaseFlagId[] = [];
	const raise = (level: ReleaseRuleLevel, raised: readonly ReleaseFlagId[]) => {
		if (level === 'none' || raised.length === 0) return;
		risk = worse(risk, level);
		for (const id of raised) if (!counted.includes(id)) counted.push(id);
	};

	const others = ids.filter((id) => id !== 'cooldown' && id !== 'vulnerable');
	if (ids.includes('cooldown')) {
		if (others.length > 0) raise(levels.cooldownWithEvidence, ['cooldown', ...others]);
		else raise(levels.cooldownAlone, ['cooldown']);
	}

	// A trust change counts on any version (young or old); timing patterns only within the cooldown, above.
	raise(
		levels.trustChange,
		others.filter((id) => trustChangeIds.has(id)),
	);
	// An edited lockfile's tarball is not the registry's release at all: its own level, whatever the version's age.
	if (ids.includes('foreign-tarball')) raise(levels.foreignTarball, ['foreign-tarball']);
	// What the registry stopped serving is installed from a cache, or not at all: whatever its age.
	if (ids.includes('removed-version')) raise(levels.removedVersion, ['removed-version']);
	// The maintainers' own word that this release is the attack, left where npm cannot remove a version quickly.
	if (ids.includes('compromise-notice')) raise(levels.compromiseNotice, ['compromise-notice']);

	if (ids.includes('vulnerable'))
		raise(severeVulnerability ? levels.vulnerableSevere : levels.vulnerable, ['vulnerable']);
	if (risk === 'none' && !lockedKnown) return {risk: 'unknown', counted};
	return {risk, counted};
}

/** The release risk on the structural scale, for the combined level; null when it adds nothing. */
export function releaseAsLevel(risk: ReleaseRisk): RiskLevel | null {
	return risk === 'critical' || risk === 'high' || risk === 'moderate' ? risk : null;
}
