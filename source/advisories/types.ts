/**
 * Known advisories for the locked versions of a tree, from OSV (api.osv.dev or an ecosystem export): OpenSSF
 * malicious-package reports (`MAL-…`) and vulnerabilities (GHSA, PYSEC, RUSTSEC, …). Untrusted text: sanitise
 * before display.
 */

/** GitHub's and OSV's usual words; `null` when the record gives neither a level nor a CVSS v3 vector. */
export type AdvisorySeverity = 'critical' | 'high' | 'moderate' | 'low';

/** One advisory as it concerns one package. */
export type Advisory = {
	/** `MAL-2025-47141`, `GHSA-8hc4-vh64-cxmj`, `PYSEC-2023-74`, `RUSTSEC-2020-0071`. */
	readonly id: string;
	readonly aliases: readonly string[];
	readonly summary: string | null;
	readonly severity: AdvisorySeverity | null;
	/** The CVSS v3 base score, when the record has a vector. */
	readonly score: number | null;
	/** Versions the record says fix it, for this package (`fixed` events). */
	readonly fixed: readonly string[];
	/** An OpenSSF malicious-package report (a `MAL-` id, or an alias of one). */
	readonly malicious: boolean;
	readonly modified: string | null;
	/** The record's advisory page (the first ADVISORY reference, else the first one). */
	readonly url: string | null;
};

/** What the lookup found for one package (id). */
export type PackageAdvisories = {
	/** Not withdrawn, affecting the locked version; null when unknown (failed, offline and not cached). */
	readonly advisories: readonly Advisory[] | null;
	/** Why it is unknown or incomplete ('advisories: HTTP 500', 'advisories: offline: not in cache'). */
	readonly error: string | null;
	/** When the answer was fetched (from the cache: originally); null for an export file. */
	readonly fetchedAt: string | null;
	readonly source: 'api' | 'cache' | 'export';
};

/** The lookup's progress, for the status line. */
export type AdvisoryProgress = {
	readonly state: 'fetching' | 'done' | 'off';
	/** Packages answered so far, of `total`. */
	readonly done: number;
	readonly total: number;
	/** Packages whose advisories are unknown. */
	readonly errors: number;
	/** Why the first of them is (`querybatch: invalid JSON`); null while none is. */
	readonly firstError?: string | null;
	/** The OSV host is down or keeps refusing ('api.osv.dev: connection refused'), or rate-limited until. */
	readonly down: string | null;
	readonly rateLimitedUntil: number | null;
	/** Offline: the oldest cached answer used (ISO), to say how old the advisories are. */
	readonly oldestCached: string | null;
	/** Reading an export file instead of the API. */
	readonly exportFiles: readonly string[];
	/** Cached answers found damaged or edited (each a miss, deleted); absent when there were none. */
	readonly invalidCacheEntries?: {readonly count: number; readonly first: string | null};
	/** Its own cache folder could not be written (as `ScanProgress.cacheWriteError`); absent when it was. */
	readonly cacheWriteError?: string;
};
