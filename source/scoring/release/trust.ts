import type {ReleaseCoverage, VersionFacts} from '../../registries/types.js';
import {type TrustRung, trustRungs} from './types.js';

/**
 * A version's rung on the trust ladder: staged-approved › trusted publisher (with provenance) › provenance ›
 * none (pnpm's `trustPolicy` ranks them the same way). Null when the registry does not report any of it.
 * Trusted publishing counts with provenance where the registry has provenance (npm creates it automatically);
 * on a registry without provenance (crates.io) trusted publishing is the rung by itself.
 */
export function trustRung(version: VersionFacts, coverage: ReleaseCoverage | undefined): TrustRung | null {
	if (!coverage?.provenance && !coverage?.trustedPublishing) return null;
	if (version.approver) return 'staged';
	if (version.trustedPublisher && (version.provenance || !coverage.provenance)) return 'trusted-publisher';
	if (version.provenance) return 'provenance';
	return 'none';
}

/** Higher is stronger: staged 3 … none 0. */
export function rungStrength(rung: TrustRung): number {
	return trustRungs.length - 1 - trustRungs.indexOf(rung);
}

/** "an approved staged publish", "trusted publishing with provenance", "provenance", "no provenance". */
export function describeRung(rung: TrustRung, coverage: ReleaseCoverage | undefined): string {
	switch (rung) {
		case 'staged':
			return 'an approved staged publish';
		case 'trusted-publisher':
			return coverage?.provenance ? 'trusted publishing with provenance' : 'trusted publishing';
		case 'provenance':
			return 'provenance';
		case 'none':
			return coverage?.provenance ? 'neither provenance nor trusted publishing' : 'no trusted publishing';
	}
}
