import type {AdvisoryProgress, PackageAdvisories} from '../advisories/types.js';
import type {ResolvedEndpoints} from '../ecosystems/types.js';
import type {DependencyGraph} from '../graph/types.js';
import type {ResponseSize} from '../registries/response-limits.js';
import type {PackageFacts} from '../registries/types.js';

export type {ResolvedEndpoints} from '../ecosystems/types.js';

export type ScanOptions = {
	readonly endpoints: ResolvedEndpoints;
	/** Requests in flight per host. */
	readonly concurrency: number;
	/** Requests per minute per host name; hosts without an entry are limited by concurrency only. */
	readonly rateLimits: Readonly<Record<string, number>>;
	/** Cache folder; null disables the on-disk cache. */
	readonly cacheDir: string | null;
	readonly cacheLifetimeMs: {readonly metadata: number; readonly downloads: number};
	/** No request at all: only what the cache has. */
	readonly offline: boolean;
	/** Revalidate every cache entry (If-None-Match) instead of trusting its lifetime. */
	readonly refresh: boolean;
	/** Wall clock (ages, cache freshness, fetch times), for tests; delays always use a monotonic clock. */
	readonly now?: () => number;
	/** Deadline of one request in ms, redirects and body included (default 30 s). */
	readonly timeoutMs?: number;
	/** Most decompressed bytes read per response, by class (default `defaultResponseLimitsMB`). */
	readonly responseLimits?: Readonly<Record<ResponseSize, number>>;
	/**
	 * The target environment of each ecosystem that has one (ecosystem id → the setting's value, e.g.
	 * `pypi` → `3.12/linux-x86_64/cpython`): markers and requires-python are judged against it. Default: the
	 * ecosystem's default.
	 */
	readonly environments?: Readonly<Record<string, string>>;
	/** The OSV advisory lookup (one cross-tree service, beside the registries); absent or disabled: none. */
	readonly advisories?: AdvisoryOptions;
};

export type AdvisoryOptions = {
	readonly enabled: boolean;
	/** OSV ecosystem exports (`all.zip`) to read instead of the API (`--advisories-db`). */
	readonly exportFiles: readonly string[];
	/** How long a cached query answer is used without asking again (`advisories.cacheHours`). */
	readonly queryLifetimeMs: number;
};

export type ScanProgress = {
	/** Packages to fetch (registry packages in scope). */
	readonly total: number;
	/** Packages whose facts are final (with or without errors). */
	readonly done: number;
	/** Packages finished with at least one error. */
	readonly errors: number;
	/** Epoch ms until which some host is rate-limited (we are waiting on a 429), else null. */
	readonly rateLimitedUntil: number | null;
	readonly rateLimitedHost: string | null;
	/** Hosts marked unreachable for this run, with the reason ('registry.npmjs.org: connection refused'). */
	readonly downHosts: string[];
	/**
	 * Cache entries found damaged or edited this run (each was a miss, and was deleted), with the first one's
	 * problem; absent when there were none.
	 */
	readonly invalidCacheEntries?: {readonly count: number; readonly first: string | null};
	/** The cache folder could not be written (`~/.cache/commit-tui: permission denied (EACCES)`); absent when it was. */
	readonly cacheWriteError?: string;
	/** Hosts whose requests are spaced by a rate limit and still have some queued (why a scan is slow). */
	readonly pacedHosts: ReadonlyArray<{
		readonly host: string;
		readonly queued: number;
		/** The policy behind the default limit ('crates.io allows 1 request a second'), or null for a setting. */
		readonly reason: string | null;
	}>;
	/** The advisory lookup's own progress; absent when it is off. */
	readonly advisories?: AdvisoryProgress;
};

export type ScanEvent =
	| {readonly type: 'facts'; readonly id: string; readonly facts: PackageFacts}
	| {readonly type: 'advisories'; readonly id: string; readonly advisories: PackageAdvisories}
	| {readonly type: 'progress'; readonly progress: ScanProgress}
	/**
	 * The graph grew (resolution chose versions, found edges, replaced placeholders): the new graph, whole and
	 * immutable. At most one per progress interval, and always one before the scan ends when anything changed.
	 */
	| {readonly type: 'graph'; readonly graph: DependencyGraph};

/** A running scan. Results come out as an async iterator; the scan ends when every package is done. */
export type Scan = {
	/** Every event, in order. Iterate once. Ends when the scan is complete or aborted. */
	readonly events: AsyncIterable<ScanEvent>;
	/** Move these package ids to the front of the queue (the rows on screen). */
	prioritize(ids: readonly string[]): void;
	/** The latest progress. */
	progress(): ScanProgress;
	/** The graph as the scan has grown it so far (the one it was given when nothing is resolved). */
	graph?(): DependencyGraph;
	/** Resolves when every package is done (or the scan was aborted). */
	readonly done: Promise<void>;
};

/** Retry policy for failed requests (429/503, 5xx, timeouts, resets). Optional: defaults in scan/scheduler.ts. */
export type RetryOptions = {
	/** Retries after the first attempt (default 3). */
	readonly limit?: number;
	/** First backoff delay when the server gives no Retry-After (default 1 s), doubled per attempt, with jitter. */
	readonly baseDelayMs?: number;
	/** Cap on any wait, Retry-After included (default 60 s). */
	readonly maxDelayMs?: number;
	/** Consecutive connection failures or timeouts after which a host is marked down for the run (default 3). */
	readonly hostDownAfter?: number;
};

/** Additive options (all optional) read by `startScan`; the CLI may ignore them. */
export type ScanTuning = {
	readonly retry?: RetryOptions;
	/** Size bound of the on-disk cache (default: `COMMIT_TUI_CACHE_MAX_MB`, else 200 MB). */
	readonly maxCacheBytes?: number;
	/** Minimum gap between two `progress` events (default 100 ms). */
	readonly progressIntervalMs?: number;
};
