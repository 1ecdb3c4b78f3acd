import {setMaxListeners} from 'node:events';
import {type CacheEntry, type CacheKey, FactsCache, isFresh} from '../cache/index.js';
import {downloadsRangeUrl, isBulkable, maxBulkNames} from '../ecosystems/npm/downloads.js';
import {authTokenFor} from '../ecosystems/npm/npmrc.js';
import {packumentUrl} from '../ecosystems/npm/packument.js';
import {pypiJsonUrl} from '../ecosystems/pypi/pypi-json.js';
import {pypistatsUrl} from '../ecosystems/pypi/pypistats.js';
import type {DependencyGraph} from '../graph/types.js';
import {registryFor} from '../registries/endpoints.js';
import {buildPackageFacts, type Settled} from '../registries/facts.js';
import {
	type FetchOutcome,
	fetchNpmDownloads,
	fetchNpmMetadata,
	fetchPypiMetadata,
	fetchPypistats,
} from '../registries/fetch.js';
import {type HttpFailure, toFailure} from '../registries/http.js';
import type {DownloadHistory, FactOrigin, PackageMetadata} from '../registries/types.js';
import {Channel} from './channel.js';
import {type NameWork, planScan, type ScanPlan} from './plan.js';
import type {Scan, ScanEvent, ScanOptions, ScanProgress, ScanTuning} from './types.js';

/**
 * The scheduler: turns a dependency graph into registry requests and a stream of `PackageFacts`.
 *
 * - One metadata request per distinct name; npm downloads in bulk batches of ≤128 unscoped names, one
 *   request per scoped name; pypistats one per name.
 * - Per-host queues ordered by priority (default order, or `prioritize` for the rows on screen), with
 *   per-host concurrency and an optional per-host rate (requests/minute, spaced evenly).
 * - 429/503 pause the host (Retry-After, capped, else exponential backoff with jitter); timeouts, resets
 *   and 5xx retry a bounded number of times; a host that keeps refusing connections is marked down and
 *   its remaining requests fail at once. A failure lands in the package's `errors`; the scan goes on.
 * - The cache is consulted first: a fresh entry makes no request at all.
 */

type Kind = 'metadata' | 'downloads';

type Task = {
	readonly kind: Kind;
	readonly work: NameWork;
	readonly host: HostState;
	/** Base URL the request is made against (also part of the cache key). */
	readonly base: string;
	/** An npm unscoped downloads request: it travels in a bulk batch. */
	readonly bulk: boolean;
	/** The cached entry, for a 304 and for the ETag sent with it. */
	readonly cached: CacheEntry<unknown> | null;
	attempts: number;
	notBefore: number;
	/** Insertion order, to break priority ties stably. */
	readonly seq: number;
};

type HostState = {
	/** `host[:port]` of the base URL; concurrency is per this. */
	readonly host: string;
	readonly pending: Set<Task>;
	inflight: number;
	/** Minimum gap between two request starts (0 = no rate limit). */
	readonly intervalMs: number;
	nextStartAt: number;
	pausedUntil: number;
	unreachableFailures: number;
	down: string | null;
	timer: NodeJS.Timeout | null;
	timerAt: number;
};

/** Priority order: lower priority value first, then first queued. */
function before(a: Task, b: Task): boolean {
	return a.work.priority < b.work.priority || (a.work.priority === b.work.priority && a.seq < b.seq);
}

const defaults = {
	retryLimit: 3,
	baseDelayMs: 1000,
	maxDelayMs: 60_000,
	hostDownAfter: 3,
	progressIntervalMs: 100,
};

/** Cache-file lookups in flight at once during the warm-up pass. */
const cacheReadConcurrency = 32;

export class Scheduler {
	readonly scan: Scan;
	private readonly plan: ScanPlan;
	private readonly channel = new Channel<ScanEvent>();
	private readonly cache: FactsCache | null;
	private readonly hosts = new Map<string, HostState>();
	private readonly controller = new AbortController();
	private readonly emitted = new Set<string>();
	private readonly downHosts: string[] = [];
	private readonly retryLimit: number;
	private readonly baseDelayMs: number;
	private readonly maxDelayMs: number;
	private readonly hostDownAfter: number;
	private readonly progressIntervalMs: number;
	private errorCount = 0;
	private seq = 0;
	private urgentEpoch = 0;
	private cachePassDone = false;
	/** Set while the cache pass runs: re-orders the names it has not looked up yet. */
	private resortCachePass: (() => void) | null = null;
	private wroteCache = false;
	private finished = false;
	private progressTimer: NodeJS.Timeout | null = null;
	private lastProgressAt = 0;
	private rateLimitedHost: HostState | null = null;
	private resolveDone!: () => void;

	constructor(
		graph: DependencyGraph,
		private readonly options: ScanOptions & ScanTuning,
		private readonly signal?: AbortSignal,
	) {
		this.plan = planScan(graph);
		// Every in-flight request listens to this one signal.
		setMaxListeners(0, this.controller.signal);
		this.cache = options.cacheDir ? new FactsCache(options.cacheDir, options.maxCacheBytes) : null;
		this.retryLimit = options.retry?.limit ?? defaults.retryLimit;
		this.baseDelayMs = options.retry?.baseDelayMs ?? defaults.baseDelayMs;
		this.maxDelayMs = options.retry?.maxDelayMs ?? defaults.maxDelayMs;
		this.hostDownAfter = options.retry?.hostDownAfter ?? defaults.hostDownAfter;
		this.progressIntervalMs = options.progressIntervalMs ?? defaults.progressIntervalMs;
		const done = new Promise<void>((resolve) => {
			this.resolveDone = resolve;
		});
		this.scan = {
			events: this.channel,
			prioritize: (ids) => this.prioritize(ids),
			progress: () => this.progress(),
			done,
		};
	}

	start(): void {
		if (this.signal?.aborted) {
			this.abort();
			return;
		}

		this.signal?.addEventListener('abort', () => this.abort(), {once: true});
		this.emitProgress();
		this.cachePass().catch((error: unknown) => this.failEverything(error));
	}

	/** A bug must not leave the caller waiting forever: every unsettled package gets the error. */
	private failEverything(error: unknown): void {
		const message = `internal error: ${error instanceof Error ? error.message : String(error)}`;
		this.cachePassDone = true;
		for (const work of this.plan.names.values()) {
			this.settle(work, 'metadata', {value: null, origin: null, error: `metadata: ${message}`});
			this.settle(work, 'downloads', {value: null, origin: null, error: `downloads: ${message}`});
		}

		this.checkFinished();
	}

	private now(): number {
		return this.options.now ? this.options.now() : Date.now();
	}

	// ── Priorities ────────────────────────────────────────────────────────────────────────────────

	private prioritize(ids: readonly string[]): void {
		// Each call outranks every earlier one: the rows on screen now matter more than those a moment ago.
		this.urgentEpoch += 1;
		const base = -this.urgentEpoch * 10_000_000;
		ids.forEach((id, index) => {
			const work = this.plan.byId.get(id);
			if (work) work.priority = Math.min(work.priority, base + index);
		});
		this.resortCachePass?.();
		for (const host of this.hosts.values()) this.pump(host);
	}

	// ── The cache pass: settle what the cache can, queue the rest ─────────────────────────────────

	private async cachePass(): Promise<void> {
		// Remaining names, best priority LAST (popped); re-sorted when `prioritize` changes the order, so
		// prioritised names are looked up — and queued, and put in a bulk batch — next.
		const works = [...this.plan.names.values()].sort((a, b) => b.priority - a.priority);
		this.resortCachePass = () => works.sort((a, b) => b.priority - a.priority);
		const worker = async (): Promise<void> => {
			while (works.length > 0 && !this.finished) {
				const work = works.pop()!;
				await Promise.all([
					this.fromCacheOrQueue(work, 'metadata'),
					this.fromCacheOrQueue(work, 'downloads'),
				]);
			}
		};

		await Promise.all(Array.from({length: cacheReadConcurrency}, worker));
		this.resortCachePass = null;
		this.cachePassDone = true;
		for (const host of this.hosts.values()) this.pump(host);
		this.checkFinished();
	}

	private async fromCacheOrQueue(work: NameWork, kind: Kind): Promise<void> {
		const base = this.baseFor(work, kind);
		const entry = this.cache ? await this.cache.read<unknown>(this.cacheKey(work, kind, base)) : null;
		if (this.finished) return;
		const lifetime = this.options.cacheLifetimeMs[kind];
		if (this.options.offline) {
			if (entry) this.settleFromEntry(work, kind, entry, entry.fetchedAt);
			else this.settle(work, kind, {value: null, origin: null, error: `${kind}: offline: not in cache`});
			return;
		}

		if (entry && !this.options.refresh && isFresh(entry, lifetime, this.now())) {
			this.settleFromEntry(work, kind, entry, entry.fetchedAt);
			return;
		}

		this.enqueue(work, kind, base, entry);
	}

	private baseFor(work: NameWork, kind: Kind): string {
		const {endpoints} = this.options;
		if (work.ecosystem === 'npm')
			return kind === 'metadata' ? registryFor(endpoints, work.name) : endpoints.npmDownloads;
		return kind === 'metadata' ? endpoints.pypi : endpoints.pypistats;
	}

	private cacheKey(work: NameWork, kind: Kind, base: string): CacheKey {
		return {kind, ecosystem: work.ecosystem, name: work.name, baseUrl: base};
	}

	// ── Queues and dispatch ───────────────────────────────────────────────────────────────────────

	private hostFor(base: string): HostState {
		const url = new URL(base);
		let host = this.hosts.get(url.host);
		if (!host) {
			const perMinute = this.options.rateLimits[url.hostname] ?? this.options.rateLimits[url.host];
			host = {
				host: url.host,
				pending: new Set(),
				inflight: 0,
				intervalMs: perMinute && perMinute > 0 ? 60_000 / perMinute : 0,
				nextStartAt: 0,
				pausedUntil: 0,
				unreachableFailures: 0,
				down: null,
				timer: null,
				timerAt: 0,
			};
			this.hosts.set(url.host, host);
		}

		return host;
	}

	private enqueue(work: NameWork, kind: Kind, base: string, cached: CacheEntry<unknown> | null): void {
		if (!URL.canParse(base)) {
			this.settle(work, kind, {value: null, origin: null, error: `${kind}: invalid base URL`});
			return;
		}

		const host = this.hostFor(base);
		const task: Task = {
			kind,
			work,
			host,
			base,
			bulk: kind === 'downloads' && work.ecosystem === 'npm' && isBulkable(work.name),
			cached,
			attempts: 0,
			notBefore: 0,
			seq: this.seq++,
		};
		if (host.down) {
			this.fail(task, `host down (${host.down})`);
			return;
		}

		host.pending.add(task);
		this.pump(host);
	}

	/** Starts as many requests on this host as its limits allow, best priority first. */
	private pump(host: HostState): void {
		if (this.finished || host.down) return;
		// A nonsense setting (0, NaN) must not stall the scan forever.
		const configured = this.options.concurrency;
		const concurrency = Number.isFinite(configured) && configured >= 1 ? Math.floor(configured) : 8;
		while (host.inflight < concurrency && host.pending.size > 0) {
			const now = Date.now();
			const gate = Math.max(host.pausedUntil, host.nextStartAt);
			if (gate > now) {
				this.wakeAt(host, gate);
				return;
			}

			const batch = this.pick(host, now);
			if (!batch) return;
			for (const task of batch) host.pending.delete(task);
			host.inflight += 1;
			if (host.intervalMs > 0) host.nextStartAt = now + host.intervalMs;
			void this.run(host, batch);
		}
	}

	/**
	 * The next request: the best ready task, or a bulk batch formed from the front of the queue. Linear
	 * scans rather than a sort per dispatch: thousands of queued names must not cost O(n² log n).
	 */
	private pick(host: HostState, now: number): Task[] | null {
		let best: Task | null = null;
		let bestSingle: Task | null = null;
		let earliest = Number.POSITIVE_INFINITY;
		for (const task of host.pending) {
			if (task.notBefore > now) {
				earliest = Math.min(earliest, task.notBefore);
				continue;
			}

			if (!best || before(task, best)) best = task;
			if (!task.bulk && (!bestSingle || before(task, bestSingle))) bestSingle = task;
		}

		if (best?.bulk) {
			const base = best.base;
			const candidates = [...host.pending].filter(
				(task) => task.bulk && task.base === base && task.notBefore <= now,
			);
			// Until the cache pass has queued every name, a short batch would waste a request.
			if (candidates.length >= maxBulkNames || this.cachePassDone) {
				return candidates.sort((a, b) => (before(a, b) ? -1 : 1)).slice(0, maxBulkNames);
			}

			best = bestSingle;
		}

		if (best) return [best];
		if (earliest < Number.POSITIVE_INFINITY) this.wakeAt(host, earliest);
		return null;
	}

	private wakeAt(host: HostState, at: number): void {
		if (host.timer && host.timerAt <= at) return;
		if (host.timer) clearTimeout(host.timer);
		host.timerAt = at;
		host.timer = setTimeout(
			() => {
				host.timer = null;
				this.pump(host);
				this.scheduleProgress();
			},
			Math.max(0, at - Date.now()),
		);
	}

	// ── One request ───────────────────────────────────────────────────────────────────────────────

	private async run(host: HostState, batch: Task[]): Promise<void> {
		for (const task of batch) task.attempts += 1;
		const first = batch[0]!;
		const requestOptions = {
			signal: this.controller.signal,
			timeoutMs: this.options.timeoutMs,
			etag: first.bulk ? null : (first.cached?.etag ?? null),
		};
		try {
			if (first.kind === 'metadata') {
				const {work, base} = first;
				const url = this.urlFor(first);
				const outcome =
					work.ecosystem === 'npm'
						? await fetchNpmMetadata(base, work.name, {
								...requestOptions,
								authToken: authTokenFor(url, this.options.endpoints.npmAuthTokens),
							})
						: await fetchPypiMetadata(base, work.name, requestOptions);
				host.unreachableFailures = 0;
				this.settleOutcome(first, outcome);
			} else if (first.work.ecosystem === 'npm') {
				const names = batch.map((task) => task.work.name);
				const outcome = await fetchNpmDownloads(first.base, names, requestOptions);
				host.unreachableFailures = 0;
				if (outcome.status === 'ok') {
					for (const task of batch) {
						const history = outcome.value.get(task.work.name) ?? null;
						this.settleOutcome(
							task,
							history
								? // A bulk ETag validates the whole batch, not this name: keep only a single request's.
									{status: 'ok', value: history, etag: task.bulk ? null : outcome.etag}
								: {status: 'missing', reason: 'not found'},
						);
					}
				} else for (const task of batch) this.settleOutcome(task, outcome);
			} else {
				const outcome = await fetchPypistats(first.base, first.work.name, requestOptions);
				host.unreachableFailures = 0;
				this.settleOutcome(first, outcome);
			}
		} catch (error) {
			if (!this.finished) this.handleFailure(host, batch, toFailure(error, this.controller.signal));
		} finally {
			host.inflight -= 1;
			this.pump(host);
		}
	}

	/** The URL of a task's request, without credentials (for origins and the cache). */
	private urlFor(task: Task): string {
		const {work, base} = task;
		if (task.kind === 'metadata')
			return work.ecosystem === 'npm' ? packumentUrl(base, work.name) : pypiJsonUrl(base, work.name);
		return work.ecosystem === 'npm' ? downloadsRangeUrl(base, [work.name]) : pypistatsUrl(base, work.name);
	}

	private settleOutcome(task: Task, outcome: FetchOutcome<unknown>): void {
		if (this.finished) return;
		const fetchedAt = new Date(this.now()).toISOString();
		const url = this.urlFor(task);
		// Writes are registered before settling, so the scan cannot finish before its cache is on disk.
		if (outcome.status === 'not-modified' && task.cached) {
			// The registry confirmed our copy: reuse it, and renew its lifetime.
			void this.writeCache({...task.cached, fetchedAt});
			this.settleFromEntry(task.work, task.kind, task.cached, fetchedAt);
			return;
		}

		if (outcome.status === 'ok') {
			void this.writeCache({
				key: this.cacheKey(task.work, task.kind, task.base),
				etag: outcome.etag,
				fetchedAt,
				url,
				value: outcome.value,
				missing: null,
			});
			this.settle(task.work, task.kind, {
				value: outcome.value,
				origin: {url, fetchedAt, fromCache: false},
				error: null,
			});
			return;
		}

		const reason = outcome.status === 'missing' ? outcome.reason : 'HTTP 304 without a cached copy';
		if (outcome.status === 'missing') {
			// "Not found" is an answer too: caching it keeps a warm run at zero requests.
			void this.writeCache({
				key: this.cacheKey(task.work, task.kind, task.base),
				etag: null,
				fetchedAt,
				url,
				value: null,
				missing: reason,
			});
		}

		this.settle(task.work, task.kind, {
			value: null,
			origin: {url, fetchedAt, fromCache: false},
			error: `${task.kind}: ${reason}`,
		});
	}

	private handleFailure(host: HostState, batch: Task[], failure: HttpFailure): void {
		if (failure.kind === 'aborted') return;
		const now = Date.now();
		const attempts = batch[0]!.attempts;
		const canRetry = attempts <= this.retryLimit;
		if (host.down) {
			// Requests that were in flight when the host was marked down.
			for (const task of batch) this.fail(task, `host down (${host.down})`);
			return;
		}

		if (failure.kind === 'unreachable') {
			host.unreachableFailures += 1;
			if (host.unreachableFailures >= this.hostDownAfter) {
				this.markDown(host, failure.message, batch);
				return;
			}
		}

		const status = failure.statusCode;
		const throttled = status === 429 || status === 503;
		const transient =
			throttled ||
			failure.kind === 'timeout' ||
			failure.kind === 'network' ||
			failure.kind === 'unreachable' ||
			(status !== null && [408, 500, 502, 504].includes(status));
		if (!transient || !canRetry) {
			for (const task of batch) this.fail(task, failure.message);
			return;
		}

		const backoff = this.backoff(attempts);
		if (throttled) {
			// The whole host waits, not just this request: every other request would get a 429 too.
			const wait = Math.min(failure.retryAfterMs ?? backoff, this.maxDelayMs);
			host.pausedUntil = Math.max(host.pausedUntil, now + wait);
			this.rateLimitedHost = host;
			this.emitProgress();
		}

		for (const task of batch) {
			task.notBefore = throttled ? host.pausedUntil : now + backoff;
			host.pending.add(task);
		}
	}

	/** Exponential backoff with jitter: base × 2^(attempt-1), between 50 % and 100 % of it, capped. */
	private backoff(attempt: number): number {
		const full = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.max(0, attempt - 1));
		return Math.round(full * (0.5 + Math.random() * 0.5));
	}

	private markDown(host: HostState, reason: string, batch: Task[]): void {
		host.down = `${host.host}: ${reason}`;
		this.downHosts.push(host.down);
		for (const task of [...batch, ...host.pending]) this.fail(task, `host down (${host.down})`);
		host.pending.clear();
		if (host.timer) clearTimeout(host.timer);
		host.timer = null;
		this.emitProgress();
	}

	private fail(task: Task, message: string): void {
		this.settle(task.work, task.kind, {value: null, origin: null, error: `${task.kind}: ${message}`});
	}

	// ── Results ───────────────────────────────────────────────────────────────────────────────────

	private settleFromEntry(work: NameWork, kind: Kind, entry: CacheEntry<unknown>, fetchedAt: string): void {
		const origin: FactOrigin = {url: entry.url, fetchedAt, fromCache: true};
		this.settle(work, kind, {
			value: entry.value,
			origin,
			error: entry.value === null ? `${kind}: ${entry.missing ?? 'not found'}` : null,
		});
	}

	private settle(work: NameWork, kind: Kind, settled: Settled<unknown>): void {
		if (this.finished || work[kind] !== null) return;
		if (kind === 'metadata') work.metadata = settled as Settled<PackageMetadata>;
		else work.downloads = settled as Settled<DownloadHistory>;
		if (!work.metadata || !work.downloads) return;
		for (const id of work.ids) {
			if (this.emitted.has(id)) continue;
			const node = this.plan.nodes.get(id);
			if (!node) continue;
			const facts = buildPackageFacts(node, work.metadata, work.downloads);
			this.emitted.add(id);
			if (facts.errors.length > 0) this.errorCount += 1;
			this.channel.push({type: 'facts', id, facts});
		}

		this.scheduleProgress();
		this.checkFinished();
	}

	private async writeCache(entry: CacheEntry<unknown>): Promise<void> {
		if (!this.cache) return;
		this.wroteCache = true;
		this.pendingWrites += 1;
		try {
			await this.cache.write(entry);
		} finally {
			this.pendingWrites -= 1;
			this.checkFinished();
		}
	}

	private pendingWrites = 0;

	private progress(): ScanProgress {
		const now = Date.now();
		const limited =
			this.rateLimitedHost && this.rateLimitedHost.pausedUntil > now ? this.rateLimitedHost : null;
		return {
			total: this.plan.packages.length,
			done: this.emitted.size,
			errors: this.errorCount,
			rateLimitedUntil: limited ? limited.pausedUntil : null,
			rateLimitedHost: limited ? limited.host : null,
			downHosts: [...this.downHosts],
		};
	}

	private emitProgress(): void {
		if (this.progressTimer) clearTimeout(this.progressTimer);
		this.progressTimer = null;
		this.lastProgressAt = Date.now();
		this.channel.push({type: 'progress', progress: this.progress()});
	}

	/** At most one progress event per interval: thousands of cached facts must not mean thousands of events. */
	private scheduleProgress(): void {
		if (this.finished || this.progressTimer) return;
		const wait = this.lastProgressAt + this.progressIntervalMs - Date.now();
		if (wait <= 0) {
			this.emitProgress();
			return;
		}

		this.progressTimer = setTimeout(() => {
			this.progressTimer = null;
			if (!this.finished) this.emitProgress();
		}, wait);
	}

	private checkFinished(): void {
		if (this.finished || !this.cachePassDone) return;
		if (this.emitted.size < this.plan.packages.length || this.pendingWrites > 0) return;
		this.finish();
	}

	private finish(): void {
		this.emitProgress();
		this.finished = true;
		this.clearTimers();
		this.channel.end();
		this.resolveDone();
		// Housekeeping after the results are out: nobody waits for it, and an interrupted prune is harmless.
		if (this.cache && this.wroteCache) void this.cache.pruneIfDue().catch(() => 0);
	}

	private abort(): void {
		if (this.finished) return;
		this.finished = true;
		this.controller.abort();
		this.clearTimers();
		this.channel.end();
		this.resolveDone();
	}

	private clearTimers(): void {
		if (this.progressTimer) clearTimeout(this.progressTimer);
		this.progressTimer = null;
		for (const host of this.hosts.values()) {
			if (host.timer) clearTimeout(host.timer);
			host.timer = null;
		}
	}
}
