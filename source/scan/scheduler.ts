import {setMaxListeners} from 'node:events';
import {type CacheEntry, type CacheKey, FactsCache, isFresh} from '../cache/index.js';
import {findEcosystem} from '../ecosystems/index.js';
import type {RequestSpec} from '../ecosystems/types.js';
import type {DependencyGraph, PackageNode} from '../graph/types.js';
import {rateLimitReason} from '../registries/endpoints.js';
import {buildPackageFacts, type Settled} from '../registries/facts.js';
import {type FetchOutcome, fetchOutcome} from '../registries/fetch.js';
import {HttpFailure} from '../registries/http-failure.js';
import {defaultResponseLimitsMB, megabyte} from '../registries/response-limits.js';
import type {PackageFacts} from '../registries/types.js';
import {startCachePass} from './cache-pass.js';
import {Channel} from './channel.js';
import {HostQueue, type QueueTask, type RetryPolicy} from './host-queue.js';
import {type NameWork, planScan, type ScanPlan} from './plan.js';
import {ProgressThrottle} from './progress.js';
import type {Scan, ScanEvent, ScanOptions, ScanProgress, ScanTuning} from './types.js';

/**
 * The scheduler: turns a dependency graph into registry requests and a stream of `PackageFacts`. It is
 * glue between four parts, each in its own module: the plan (one unit of work per package name), the
 * cache pass (fresh cached answers settle without a request), the host queues (concurrency, pacing,
 * retries, host down) and the ecosystems (which requests a name needs, how they parse and assemble).
 * A failure lands in the package's `errors`; the scan goes on.
 */

type Task = QueueTask & {
	readonly work: NameWork;
	readonly request: RequestSpec;
	/** Base URL the request is made against (also part of the cache key). */
	readonly base: string;
	/** The cached entry, for a 304 and for the ETag sent with it. */
	readonly cached: CacheEntry<unknown> | null;
};

const defaultRetry: RetryPolicy = {limit: 3, baseDelayMs: 1000, maxDelayMs: 60_000, hostDownAfter: 3};
const defaultProgressIntervalMs = 100;

/** Cache lookups in flight at once during the warm-up pass. */
const cacheReadConcurrency = 32;

/** Monotonic ms for delays: the wall clock (and a test's fixed `now`) must not stretch or freeze a backoff. */
const monotonic = (): number => performance.now();

export class Scheduler {
	readonly scan: Scan;
	private readonly plan: ScanPlan;
	private readonly channel = new Channel<ScanEvent>();
	private readonly cache: FactsCache | null;
	private readonly hosts = new Map<string, HostQueue<Task>>();
	private readonly controller = new AbortController();
	private readonly emitted = new Set<string>();
	private readonly retry: RetryPolicy;
	private readonly progressThrottle: ProgressThrottle;
	private errorCount = 0;
	private seq = 0;
	private urgentEpoch = 0;
	private cachePassDone = false;
	private resortCachePass: (() => void) | null = null;
	private wroteCache = false;
	private pendingWrites = 0;
	private finished = false;
	private rateLimitedHost: HostQueue<Task> | null = null;
	private resolveDone!: () => void;

	constructor(
		graph: DependencyGraph,
		private readonly options: ScanOptions & ScanTuning,
		private readonly signal?: AbortSignal,
	) {
		this.plan = planScan(graph, findEcosystem);
		// Every in-flight request listens to this one signal.
		setMaxListeners(0, this.controller.signal);
		this.cache = options.cacheDir ? new FactsCache(options.cacheDir, options.maxCacheBytes) : null;
		this.retry = {...defaultRetry, ...definedOnly(options.retry ?? {})};
		this.progressThrottle = new ProgressThrottle(
			options.progressIntervalMs ?? defaultProgressIntervalMs,
			monotonic,
			() => this.channel.push({type: 'progress', progress: this.progress()}),
		);
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
		this.progressThrottle.emitNow();
		const pass = startCachePass([...this.plan.names.values()], (work) => this.fromCacheOrQueue(work), {
			concurrency: cacheReadConcurrency,
			isStopped: () => this.finished,
		});
		this.resortCachePass = pass.resort;
		pass.done
			.then(() => {
				this.resortCachePass = null;
				this.cachePassDone = true;
				for (const host of this.hosts.values()) host.pump();
				this.checkFinished();
			})
			.catch((error: unknown) => this.failEverything(error));
	}

	/** The scan's wall clock: ages, cache freshness and `fetchedAt` (tests fix it). */
	private now(): number {
		return this.options.now ? this.options.now() : Date.now();
	}

	/** A bug must not leave the caller waiting forever: every unsettled package gets the error. */
	private failEverything(error: unknown): void {
		const message = `internal error: ${error instanceof Error ? error.message : String(error)}`;
		this.cachePassDone = true;
		for (const work of this.plan.names.values()) {
			for (const request of work.ecosystem.registry.requests) this.settleError(work, request, message);
		}

		this.checkFinished();
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
		for (const host of this.hosts.values()) host.pump();
	}

	// ── Cache first, then the queue ───────────────────────────────────────────────────────────────

	private async fromCacheOrQueue(work: NameWork): Promise<void> {
		const {ecosystem} = work;
		const requests = ecosystem.registry.requests;
		if (!ecosystem.isValidName(work.name)) {
			// A lockfile can name anything; a URL is built only for a name the registry could have.
			for (const request of requests)
				this.settleError(work, request, `not a valid ${ecosystem.displayName} package name`);
			return;
		}

		await Promise.all(requests.map((request) => this.requestFromCacheOrQueue(work, request)));
	}

	private async requestFromCacheOrQueue(work: NameWork, request: RequestSpec): Promise<void> {
		const base = this.baseFor(work, request);
		const key = this.cacheKey(work, request, base);
		const entry = this.cache ? await this.cache.read<unknown>(key, request.cacheSchema) : null;
		if (this.finished) return;
		if (this.options.offline) {
			if (entry) this.settleFromEntry(work, request, entry, entry.fetchedAt);
			else this.settleError(work, request, 'offline: not in cache');
			return;
		}

		const lifetime =
			request.lifetime === 'immutable'
				? Number.POSITIVE_INFINITY
				: this.options.cacheLifetimeMs[request.lifetime];
		const trusted = request.lifetime === 'immutable' || !this.options.refresh;
		if (entry && trusted && isFresh(entry, lifetime, this.now())) {
			this.settleFromEntry(work, request, entry, entry.fetchedAt);
			return;
		}

		this.enqueue(work, request, base, entry);
	}

	private baseFor(work: NameWork, request: RequestSpec): string {
		const {endpoints} = this.options;
		const plan = work.ecosystem.registry;
		return plan.baseFor
			? plan.baseFor(request, work.name, endpoints)
			: (endpoints.urls[request.endpoint] ?? '');
	}

	private cacheKey(work: NameWork, request: RequestSpec, base: string): CacheKey {
		return {kind: request.kind, ecosystem: work.ecosystem.id, name: work.name, baseUrl: base};
	}

	private enqueue(
		work: NameWork,
		request: RequestSpec,
		base: string,
		cached: CacheEntry<unknown> | null,
	): void {
		if (!URL.canParse(base)) {
			this.settleError(work, request, 'invalid base URL');
			return;
		}

		const bulk = request.bulk?.accepts(work.name)
			? {key: `${request.kind} ${base}`, max: request.bulk.maxNames}
			: null;
		this.hostFor(base).add({
			work,
			request,
			base,
			cached,
			bulk,
			priority: () => work.priority,
			seq: this.seq++,
			attempts: 0,
			notBefore: 0,
		});
	}

	private hostFor(base: string): HostQueue<Task> {
		const url = new URL(base);
		let host = this.hosts.get(url.host);
		if (!host) {
			const perMinute = this.options.rateLimits[url.hostname] ?? this.options.rateLimits[url.host];
			// A nonsense setting (0, NaN) must not stall the scan forever.
			const configured = this.options.concurrency;
			const concurrency = Number.isFinite(configured) && configured >= 1 ? Math.floor(configured) : 8;
			host = new HostQueue<Task>({
				host: url.host,
				concurrency,
				intervalMs: perMinute && perMinute > 0 ? 60_000 / perMinute : 0,
				retry: this.retry,
				clock: monotonic,
				execute: (batch) => this.execute(batch),
				fail: (task, message) => this.settleError(task.work, task.request, message),
				shortBatchesAllowed: () => this.cachePassDone,
				onStateChange: () => {
					if (host!.pausedUntil > monotonic()) this.rateLimitedHost = host!;
					this.progressThrottle.emitNow();
				},
				isStopped: () => this.finished,
			});
			this.hosts.set(url.host, host);
		}

		return host;
	}

	// ── One request ───────────────────────────────────────────────────────────────────────────────

	private async execute(batch: Task[]): Promise<void> {
		const first = batch[0]!;
		const {request, base} = first;
		const now = new Date(this.now());
		const size = request.responseSize ?? 'medium';
		const common = {
			signal: this.controller.signal,
			timeoutMs: this.options.timeoutMs,
			accept: request.accept,
			maxBytes: this.options.responseLimits?.[size] ?? defaultResponseLimitsMB[size] * megabyte,
		};
		if (first.bulk && request.bulk) {
			const names = batch.map((task) => task.work.name);
			const bulkUrl = request.bulk.url(base, names);
			const outcome = await fetchOutcome(bulkUrl, {...common, etag: null}, (body) =>
				request.bulk!.parse(body, names, {now, url: bulkUrl}),
			);
			if (outcome.status !== 'ok') {
				for (const task of batch) this.settleOutcome(task, outcome);
				return;
			}

			for (const task of batch) {
				const value = outcome.value.get(task.work.name) ?? null;
				// One malformed entry of a batch: that name is unknown with the reason, the others are not.
				if (value instanceof HttpFailure) {
					this.settleError(task.work, request, value.message);
					continue;
				}

				// A bulk ETag validates the whole batch, not one name: it is not kept.
				this.settleOutcome(
					task,
					value === null ? {status: 'missing', reason: 'not found'} : {status: 'ok', value, etag: null},
				);
			}

			return;
		}

		const url = request.url(base, first.work.name);
		const outcome = await fetchOutcome(
			url,
			{
				...common,
				etag: first.cached?.etag ?? null,
				// The HTTP layer picks each hop's token from these by its URL (redirects included).
				authTokens: request.authenticated ? this.options.endpoints.authTokens : null,
			},
			(body) => request.parse(body, first.work.name, {now, url}) as Promise<unknown>,
		);
		this.settleOutcome(first, outcome);
	}

	private settleOutcome(task: Task, outcome: FetchOutcome<unknown>): void {
		if (this.finished) return;
		const {work, request} = task;
		const fetchedAt = new Date(this.now()).toISOString();
		const url = request.url(task.base, work.name);
		const key = this.cacheKey(work, request, task.base);
		// Writes are registered before settling, so the scan cannot finish before its cache is on disk.
		if (outcome.status === 'not-modified' && task.cached) {
			// The registry confirmed our copy: reuse it, and renew its lifetime.
			void this.writeCache({...task.cached, fetchedAt}, request);
			this.settleFromEntry(work, request, task.cached, fetchedAt);
			return;
		}

		if (outcome.status === 'ok') {
			void this.writeCache(
				{key, etag: outcome.etag, fetchedAt, url, value: outcome.value, missing: null},
				request,
			);
			this.settle(work, request, {
				value: outcome.value,
				origin: {url, fetchedAt, fromCache: false},
				error: null,
			});
			return;
		}

		const reason = outcome.status === 'missing' ? outcome.reason : 'HTTP 304 without a cached copy';
		// "Not found" is an answer too: caching it keeps a warm run at zero requests.
		if (outcome.status === 'missing')
			void this.writeCache({key, etag: null, fetchedAt, url, value: null, missing: reason}, request);
		this.settle(work, request, {
			value: null,
			origin: {url, fetchedAt, fromCache: false},
			error: errorText(request, reason),
		});
	}

	// ── Results ───────────────────────────────────────────────────────────────────────────────────

	private settleFromEntry(
		work: NameWork,
		request: RequestSpec,
		entry: CacheEntry<unknown>,
		fetchedAt: string,
	): void {
		this.settle(work, request, {
			value: entry.value,
			origin: {url: entry.url, fetchedAt, fromCache: true},
			error: entry.value === null ? errorText(request, entry.missing ?? 'not found') : null,
		});
	}

	private settleError(work: NameWork, request: RequestSpec, message: string): void {
		this.settle(work, request, {value: null, origin: null, error: errorText(request, message)});
	}

	private settle(work: NameWork, request: RequestSpec, settled: Settled<unknown>): void {
		if (this.finished || work.settled.has(request.kind)) return;
		work.settled.set(request.kind, settled);
		if (work.settled.size < work.ecosystem.registry.requests.length) return;
		for (const id of work.ids) {
			if (this.emitted.has(id)) continue;
			const node = this.plan.nodes.get(id);
			if (!node) continue;
			const facts = this.factsOf(node, work);
			this.emitted.add(id);
			if (facts.errors.length > 0) this.errorCount += 1;
			this.channel.push({type: 'facts', id, facts});
		}

		this.progressThrottle.schedule();
		this.checkFinished();
	}

	/**
	 * The package's facts; if assembling them fails (a value no schema caught: a bug), the package is unknown with
	 * the error instead — a scan that emitted nothing for it would never end.
	 */
	private factsOf(node: PackageNode, work: NameWork): PackageFacts {
		try {
			return buildPackageFacts(node, work.ecosystem, work.settled);
		} catch (error) {
			const message = `internal error: ${error instanceof Error ? error.message : String(error)}`;
			return buildPackageFacts(
				node,
				work.ecosystem,
				new Map([...work.settled.keys()].map((kind) => [kind, {value: null, origin: null, error: message}])),
			);
		}
	}

	private async writeCache(entry: CacheEntry<unknown>, request: RequestSpec): Promise<void> {
		if (!this.cache) return;
		this.wroteCache = true;
		this.pendingWrites += 1;
		try {
			await this.cache.write(entry, request.cacheSchema);
		} finally {
			this.pendingWrites -= 1;
			this.checkFinished();
		}
	}

	private progress(): ScanProgress {
		const mono = monotonic();
		const limited =
			this.rateLimitedHost && this.rateLimitedHost.pausedUntil > mono ? this.rateLimitedHost : null;
		const hosts = [...this.hosts.values()];
		return {
			total: this.plan.packages.length,
			done: this.emitted.size,
			errors: this.errorCount,
			rateLimitedUntil: limited ? this.now() + (limited.pausedUntil - mono) : null,
			rateLimitedHost: limited ? limited.host : null,
			downHosts: hosts.flatMap((host) => (host.down ? [host.down] : [])),
			...(this.cache && this.cache.invalidEntries.count > 0
				? {invalidCacheEntries: this.cache.invalidEntries}
				: {}),
			pacedHosts: hosts
				.filter((host) => host.paced && host.size > 0 && !host.down)
				.map((host) => ({host: host.host, queued: host.size, reason: rateLimitReason(host.host)})),
		};
	}

	private checkFinished(): void {
		if (this.finished || !this.cachePassDone) return;
		if (this.emitted.size < this.plan.packages.length || this.pendingWrites > 0) return;
		this.progressThrottle.emitNow();
		this.stop();
		// Housekeeping after the results are out: nobody waits for it, and an interrupted prune is harmless.
		if (this.cache && this.wroteCache) void this.cache.pruneIfDue().catch(() => 0);
	}

	private abort(): void {
		if (this.finished) return;
		this.controller.abort();
		this.stop();
	}

	private stop(): void {
		this.finished = true;
		this.progressThrottle.cancel();
		for (const host of this.hosts.values()) host.stop();
		this.channel.end();
		this.resolveDone();
	}
}

/** 'metadata: HTTP 500', or with the request's label when a section has several ('metadata: owners: …'). */
function errorText(request: RequestSpec, message: string): string {
	return `${request.section}: ${request.label ? `${request.label}: ` : ''}${message}`;
}

function definedOnly<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
