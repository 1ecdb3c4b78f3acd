import {packageNoticeIds, releaseEvidenceIds} from '../scoring/release/types.js';
import type {FlagId, StructureFlagId} from '../scoring/types.js';

/** The structural side's flags (scoring/flags.ts). */
const structureFlagIds: readonly StructureFlagId[] = ['deprecated', 'yanked', 'behind-latest', 'unpublished'];

/** Every flag id a policy's `ignore … flags` may name: the structural ones and the release table's. */
export const knownFlagIds: readonly FlagId[] = [
	...releaseEvidenceIds,
	...packageNoticeIds,
	...structureFlagIds,
];

/** Flags about a version's install scripts, which `allowInstallScripts` accepts for the packages it names. */
export const installScriptFlagIds: readonly FlagId[] = ['install-script-added'];

/**
 * Flags about who published, which `trustedPublishers` accepts when the account is one the project vouches
 * for; `publisherOfFlag` in policy/apply.ts says whose account each is about.
 */
export const publisherFlagIds: readonly FlagId[] = ['new-publisher', 'latest-new-publisher', 'account-burst'];
