import type {FlagId} from '../scoring/types.js';

/** The flags scoring computes today (scoring/types.ts `FlagId`). */
const scoringFlagIds: readonly FlagId[] = [
	'new-publisher',
	'deprecated',
	'yanked',
	'cooldown',
	'behind-latest',
	'unpublished',
];

/**
 * SEAM(issue 9 — release evidence): the evidence flag ids that issue announces, accepted in policy files
 * now so a policy written today keeps working when they land. Once issue 9 is merged, derive this list from
 * its flag table instead and delete the literal.
 */
const releaseEvidenceFlagIds = [
	'install-script-added',
	'provenance-dropped',
	'trusted-publisher-changed',
	'latest-new-publisher',
	'new-dependency',
	'release-burst',
	'dormant-return',
	'account-burst',
	'dormant-publisher',
	'quarantined',
	'archived',
	'security-holding',
] as const;

/** Every flag id a policy's `ignore … flags` may name. */
export const knownFlagIds: readonly string[] = [...scoringFlagIds, ...releaseEvidenceFlagIds];

/**
 * Flags about a version's install scripts, which `allowInstallScripts` accepts for the packages it names.
 * SEAM(issue 9): `install-script-added` is issue 9's; nothing raises it before that lands.
 */
export const installScriptFlagIds: readonly string[] = ['install-script-added'];

/**
 * Flags about who published, which `trustedPublishers` accepts when the account is one the project vouches
 * for. SEAM(issue 9): `new-publisher` moves to the locked version and `latest-new-publisher`, `account-burst`
 * and `dormant-publisher` arrive; `publisherOfFlag` in policy/apply.ts says whose account each is about.
 */
export const publisherFlagIds: readonly string[] = [
	'new-publisher',
	'latest-new-publisher',
	'account-burst',
	'dormant-publisher',
];
