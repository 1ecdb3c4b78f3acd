import type {Advisory} from '../../advisories/types.js';
import type {TrustedPublisherFacts} from '../../registries/types.js';

/**
 * The release side of a report: does the version in the lockfile look like an attack? Every flag id here is
 * stable (JSON, SARIF rule ids, the UI legend).
 */

/** Release risk, worst first. `none` = nothing suspicious; `unknown` = the locked version's facts are missing. */
export const releaseRiskLevels = ['critical', 'high', 'moderate', 'none', 'unknown'] as const;
export type ReleaseRisk = (typeof releaseRiskLevels)[number];

/** The level a rule raises the release risk to (a setting); `none` turns the rule off. */
export type ReleaseRuleLevel = Exclude<ReleaseRisk, 'unknown'>;

/** Evidence about the locked release: each can raise the release risk (see `countedEvidence`). */
export const releaseEvidenceIds = [
	'known-malicious',
	'security-holding',
	'quarantined',
	'cooldown',
	'foreign-tarball',
	'removed-version',
	'compromise-notice',
	'install-script-added',
	'provenance-dropped',
	'trusted-publisher-changed',
	'new-publisher',
	'new-dependency',
	'release-burst',
	'dormant-return',
	'account-burst',
	'vulnerable',
] as const;

/** Release-side flags that describe the package, not the locked release: shown, never counted. */
export const packageNoticeIds = ['latest-new-publisher', 'dormant-publisher', 'archived'] as const;

export type ReleaseEvidenceId = (typeof releaseEvidenceIds)[number];
export type PackageNoticeId = (typeof packageNoticeIds)[number];
export type ReleaseFlagId = ReleaseEvidenceId | PackageNoticeId;

/** A change in how the release was made, worth a look even on an old version. */
export const trustChangeIds: ReadonlySet<ReleaseFlagId> = new Set([
	'install-script-added',
	'provenance-dropped',
	'trusted-publisher-changed',
	'new-publisher',
	'new-dependency',
]);

/** Timing patterns: they matter while the version is young (in cooldown); later, time has passed. */
export const timingIds: ReadonlySet<ReleaseFlagId> = new Set([
	'release-burst',
	'dormant-return',
	'account-burst',
]);

/** Evidence that needs the rest of the tree (or the advisories): recomputed when other packages arrive. */
export const treeEvidenceIds: ReadonlySet<ReleaseFlagId> = new Set([
	'new-dependency',
	'account-burst',
	'known-malicious',
	'vulnerable',
]);

/**
 * The trust ladder (pnpm's `trustPolicy`, and ours): an approved staged publish › trusted publishing with
 * provenance › provenance alone › nothing. A step down from what earlier versions had is `provenance-dropped`.
 */
export const trustRungs = ['staged', 'trusted-publisher', 'provenance', 'none'] as const;
export type TrustRung = (typeof trustRungs)[number];

export type InstallScript = {
	/** `preinstall`, `install`, `postinstall`; `hasInstallScript` when only the lockfile says there is one. */
	readonly name: string;
	/** The command (untrusted text), or null when only the lockfile's flag is known. */
	readonly command: string | null;
};

/** What the release side says about the locked version. Untrusted strings: sanitise before display. */
export type ReleaseReport = {
	readonly risk: ReleaseRisk;
	/** "release: 2 hours old, adds a postinstall script, drops the provenance earlier versions had". */
	readonly reason: string;
	/** The locked version. */
	readonly version: string;
	readonly publishedAt: string | null;
	readonly ageDays: number | null;
	/** The account that published it (npm `_npmUser`, crates.io `published_by`); "GitHub Actions" under npm OIDC. */
	readonly publisher: string | null;
	readonly trustedPublisher: TrustedPublisherFacts | null;
	/** npm staged publishing: who approved it. */
	readonly approver: string | null;
	/** Null when the registry does not say. */
	readonly provenance: boolean | null;
	/** Its rung on the trust ladder; null when unknown. */
	readonly trust: TrustRung | null;
	/** Null when unknown; [] when it has none. */
	readonly installScripts: readonly InstallScript[] | null;
	/** The version it was compared with (the previous one in its line), or null when there is none. */
	readonly previous: {readonly version: string; readonly publishedAt: string | null} | null;
	/** Dependencies the locked version declares that the previous one did not; null when unknown. */
	readonly addedDependencies: readonly string[] | null;
	/** OSV advisories affecting the locked version (withdrawn ones left out); null when not looked up or unknown. */
	readonly advisories: readonly Advisory[] | null;
	/** Why the advisories are unknown or incomplete; null when they are known. */
	readonly advisoriesError: string | null;
	/** Every release-side flag id of the package (evidence and notices), in the order of `flags`. */
	readonly evidence: readonly ReleaseFlagId[];
	/** The ids that raised `risk`. */
	readonly counted: readonly ReleaseFlagId[];
};
