import {setMaxListeners} from 'node:events';
import {type CacheEntry, type CacheKey, cacheToUse, type FactsCache, isFresh} from '../cache/index.js';
import type {VersionedSchema} from '../cache/schema.js';
import {findEcosystem} from '../ecosystems/index.js';
import type {
	DependencyList,
	EcosystemModule,
	NameFacts,
	RequestSpec,
	VersionRequest,
} from '../ecosystems/types.js';
import {GrowingGraph} from '../graph/growing.js';
import type {DependencyGraph, PackageNode} from '../graph/types.js';
import {defaultConcurrency, rateLimitReason} from '../registries/endpoints.js';
import {assembleName, buildPackageFacts, type NameAssembly, type Settled} from '../registries/facts.js';
import {type FetchOutcome, fetchOutcome} from '../registries/fetch.js';
import {HttpFailure} from '../registries/http-failure.js';
import {defaultResponseLimitsMB, megabyte, type ResponseSize} from '../registries/response-limits.js';
import type {PackageFacts, VersionDependencies} from '../registries/types.js';
import {ResolutionEngine} from '../resolve/engine.js';
import {startCachePass} from './cache-pass.js';
import {Channel} from './channel.js';
import {versionDependenciesOf, versionsToCompare, withVersionDependencies} from './compared-versions.js';
import {HostQueue, type QueueTask, type RetryPolicy} from './host-queue.js';
import {isRegistryPackage, type NameWork, nameFactsOf, planScan, type ScanPlan} from './plan.js';
import {ProgressThrottle} from './progress.js';
import type {Scan, ScanEvent, ScanOptions, ScanProgress, ScanTuning} from './types.js';
import {predatesLockedVersion, unlistedVersions} from './unlisted-versions.js';

/**
 * The scheduler: turns a dependency graph into registry requests and a stream of `PackageFacts`. It is
 * glue between four parts, each in its own module: the plan (one unit of work per package name), the
 * cache pass (fresh cached answers settle without a request), the host queues (concurrency, pacing,
 * retries, host down) and the ecosystems (which requests a name needs, how they parse and assemble).
 * A failure lands in the package's `errors`; the scan goes on.
 *
 * When the graph asks for resolution (unpinned requirements, manifests, flat locks), the graph grows while
 * the scan runs: the resolution engine (source/resolve/) asks for names it discovers (they get their own
 * requests and are scored like any other) and for one dependency request per version, through the same
 * cache and host queues; the grown graph is published as `graph` events.
 */

type NameTask = QueueTask & {
	readonly type: 'name';
	readonly work: NameWork;
	readonly request: RequestSpec;
	/** Base URL the request is made against (also part of the cache key). */
	readonly base: string;
	/** The cached entry, for a 304 and for the ETag sent with it. */
	readonly cached: CacheEntry<unknown> | null;
};

/** One version's dependency request (`VersionRequest`), for the resolution engine. */
type VersionTask = QueueTask & {
	readonly type: 'version';
	readonly work: VersionWork;
	readonly request: VersionRequest;
};

type Task = NameTask | VersionTask;

type VersionOutcome = {readonly list: DependencyList; readonly from: string} | {readonly error: string};

/** A version whose dependencies the engine (or the release comparison) asked for: `key` is its package id. */
type VersionWork = {
	readonly key: string;
	readonly ecosystem: EcosystemModule;
	settled: boolean;
};

export const defaultRetry: RetryPolicy = {limit: 3, baseDelayMs: 1000, maxDelayMs: 60_000, hostDownAfter: 3};
const defaultProgressIntervalMs = 100;

/** Cache lookups in flight at once during the warm-up pass. */
const cacheReadConcurrency = 32;

/**
 * How long a cached version list is trusted when resolution picks a version from it ("newest satisfying"): five
 * minutes, the registry's own `max-age` for a packument, so a resolved tree is what npm or pip would install now —
 * a release published an hour ago (an attack on everyone installing latest) is in it. A version a lockfile pins
 * keeps the cache lifetime (and is asked again only when the answer lacks it), and so does a paced host's list.
 */
const resolvingLifetimeMs = 5 * 60_000;

/** How long resolution must have found no new name before a bulk request may go out short. */
const discoveryQuietMs = 250;

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
	/** Emitted ids whose facts carry errors. */
	private readonly errored = new Set<string>();
	private readonly retry: RetryPolicy;
	private readonly progressThrottle: ProgressThrottle;
	private readonly growing: GrowingGraph | null = null;
	private readonly engine: ResolutionEngine | null = null;
	private readonly graphThrottle: ProgressThrottle;
	/** Version requests not yet answered (a scan with resolution ends only when they are). */
	private pendingVersions = 0;
	private seq = 0;
	private urgentEpoch = 0;
	private cachePassDone = false;
	private resortCachePass: (() => void) | null = null;
	private wroteCache = false;
	/** The last batch of cache writes, being written (the scan ends once it is on disk). */
	private cacheFlush: Promise<void> | null = null;
	private cacheFlushed = false;
	private finished = false;
	private rateLimitedHost: HostQueue<Task> | null = null;
	private resolveDone!: () => void;
	/** False when the cache was given (shared with the advisory lookup): its owner maintains it after both. */
	private readonly ownsCache: boolean;

	/**
	 * `cache`: the facts cache to read and write (shared with the advisory lookup, so a warm run reads the packed
	 * cache once); by default one of its own on `options.cacheDir`, maintained and released when the scan ends.
	 */
	constructor(
		graph: DependencyGraph,
		private readonly options: ScanOptions & ScanTuning,
		private readonly signal?: AbortSignal,
		cache?: FactsCache | null,
	) {
		this.plan = planScan(graph, findEcosystem);
		const intervalMs = options.progressIntervalMs ?? defaultProgressIntervalMs;
		this.graphThrottle = new ProgressThrottle(intervalMs, monotonic, () => this.publishGraph());
		const contexts = graph.resolution?.contexts ?? [];
		if (contexts.length > 0) {
			this.growing = new GrowingGraph(graph, contexts);
			this.growing.listener = {added: (node) => this.track(node), removed: (id) => this.untrack(id)};
			this.engine = new ResolutionEngine(this.growing, contexts, {
				nameFacts: (ecosystem, name) => this.nameFacts(ecosystem, name),
				fetchVersion: (ecosystem, key, request) => this.fetchVersion(ecosystem, key, request),
				endpoints: options.endpoints,
				environment: (ecosystem) =>
					options.environments?.[ecosystem.id] ?? ecosystem.resolver?.environment?.defaultValue ?? '',
				ecosystemOf: findEcosystem,
			});
		}

		// Every in-flight request listens to this one signal.
		setMaxListeners(0, this.controller.signal);
		this.ownsCache = cache === undefined;
		this.cache = cacheToUse(cache, options);
		this.retry = {...defaultRetry, ...definedOnly(options.retry ?? {})};
		this.progressThrottle = new ProgressThrottle(intervalMs, monotonic, () =>
			this.channel.push({type: 'progress', progress: this.progress()}),
		);
		const done = new Promise<void>((resolve) => {
			this.resolveDone = resolve;
		});
		this.scan = {
			events: this.channel,
			prioritize: (ids) => this.prioritize(ids),
			progress: () => this.progress(),
			graph: () => this.growing?.snapshot ?? graph,
			done,
		};
	}

	start(): void {
		if (this.signal?.aborted) {
			this.abort();
			return;
		}

		this.signal?.addEventListener('abort', this.onAbort, {once: true});
		this.progressThrottle.emitNow();
		const pass = startCachePass([...this.plan.names.values()], (work) => this.fromCacheOrQueue(work), {
			concurrency: cacheReadConcurrency,
			isStopped: () => this.finished,
		});
		this.resortCachePass = pass.resort;
		this.resolving(() => this.engine?.start());

		this.graphThrottle.schedule();
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
		this.failed = message;
		for (const work of [...this.plan.names.values()]) {
			for (const request of work.ecosystem.registry.requests) this.settleError(work, request, message);
		}

		for (const work of [...this.versions.values()]) this.settleVersion(work, {error: message});
		this.checkFinished();
	}

	// ── Resolution: names and versions the graph grows by ────────────────────────────────────────

	private failed: string | null = null;
	private readonly versions = new Map<string, VersionWork>();
	/** Monotonic ms when resolution last discovered a name (short bulk batches wait for a quiet moment). */
	private lastDiscovery = Number.NEGATIVE_INFINITY;
	private discoveryTimer: NodeJS.Timeout | null = null;
	private graphNotBefore = 0;
	private graphTimer: NodeJS.Timeout | null = null;

	/** A new name: bulk requests wait until names stop coming, then the queues are woken to send them. */
	private noteDiscovery(): void {
		this.lastDiscovery = monotonic();
		if (this.discoveryTimer) return;
		const check = () => {
			this.discoveryTimer = null;
			if (this.finished) return;
			const quietFor = monotonic() - this.lastDiscovery;
			if (quietFor < discoveryQuietMs) {
				this.discoveryTimer = setTimeout(check, discoveryQuietMs - quietFor);
				return;
			}

			for (const host of this.hosts.values()) host.pump();
		};
		this.discoveryTimer = setTimeout(check, discoveryQuietMs);
	}

	/** The work for a name, made (and fetched) when resolution discovers it. */
	private nameWork(ecosystem: EcosystemModule, name: string): NameWork {
		const key = `${ecosystem.id}:${name}`;
		let work = this.plan.names.get(key);
		if (!work) {
			work = {key, ecosystem, name, ids: [], priority: this.plan.names.size, settled: new Map()};
			this.plan.names.set(key, work);
			this.noteDiscovery();
			if (this.failed) {
				for (const request of ecosystem.registry.requests) this.settleError(work, request, this.failed);
			} else {
				void this.fromCacheOrQueue(work).catch((error: unknown) => this.failEverything(error));
			}
		}

		return work;
	}

	private nameFacts(ecosystem: EcosystemModule, name: string): NameFacts | undefined {
		return nameFactsOf(this.nameWork(ecosystem, name));
	}

	/** A package resolution added: it is fetched and scored like any other (at once if its name is settled). */
	private track(node: PackageNode): void {
		const ecosystem = findEcosystem(node.ecosystem);
		if (!ecosystem || !isRegistryPackage(node) || this.plan.nodes.has(node.id)) return;
		const work = this.nameWork(ecosystem, node.name);
		work.ids.push(node.id);
		this.plan.byId.set(node.id, work);
		this.plan.nodes.set(node.id, node);
		if (work.settled.size === ecosystem.registry.requests.length) this.emitFacts(work, node.id);
		this.progressThrottle.schedule();
	}

	/** A placeholder replaced by the version chosen for it. */
	private untrack(id: string): void {
		const work = this.plan.byId.get(id);
		if (!work) return;
		const at = work.ids.indexOf(id);
		if (at >= 0) work.ids.splice(at, 1);
		this.plan.byId.delete(id);
		this.plan.nodes.delete(id);
		this.emitted.delete(id);
		this.errored.delete(id);
		this.progressThrottle.schedule();
	}

	private fetchVersion(ecosystem: EcosystemModule, key: string, request: VersionRequest): void {
		let work = this.versions.get(key);
		if (work) return;
		work = {key, ecosystem, settled: false};
		this.versions.set(key, work);
		this.pendingVersions += 1;
		if (this.failed) {
			this.settleVersion(work, {error: this.failed});
			return;
		}

		void this.versionFromCacheOrQueue(work, request).catch((error: unknown) => this.failEverything(error));
	}

	private versionCacheKey(work: VersionWork, request: VersionRequest): CacheKey {
		return {
			kind: request.kind,
			ecosystem: work.ecosystem.id,
			// The id without its `ecosystem:` prefix: name@version.
			name: work.key.slice(work.ecosystem.id.length + 1),
			baseUrl: this.options.endpoints.urls[request.endpoint] ?? '',
		};
	}

	private async versionFromCacheOrQueue(work: VersionWork, request: VersionRequest): Promise<void> {
		const entry = this.cache
			? await this.cache.read<DependencyList>(this.versionCacheKey(work, request), request.cacheSchema)
			: null;
		if (this.finished || work.settled) return;
		// A version's dependencies never change: a cached answer is always good, even with --refresh.
		if (entry) {
			this.versionAnswered(work, request, entry.value, entry.missing ?? 'not found', true);
			return;
		}

		if (this.options.offline) {
			this.settleVersion(work, {error: 'offline: not in cache'});
			return;
		}

		if (!URL.canParse(request.url)) {
			this.settleVersion(work, {error: 'invalid URL'});
			return;
		}

		const url = new URL(request.url);
		this.hostFor(`${url.protocol}//${url.host}/`).add({
			type: 'version',
			work,
			request,
			bulk: null,
			// With its package's name: what the tree needs next, before that name's download counts.
			priority: () => (this.plan.byId.get(work.key)?.priority ?? 0) - 0.5,
			seq: this.seq++,
			attempts: 0,
			notBefore: 0,
		});
	}

	/** A version request's answer (fetched or cached); a missing one falls back to the request's fallback. */
	private versionAnswered(
		work: VersionWork,
		request: VersionRequest,
		value: DependencyList | null,
		missing: string,
		fromCache: boolean,
	): void {
		if (value !== null) {
			this.settleVersion(work, {list: value, from: request.describe});
			return;
		}

		if (request.fallback) {
			const fallback = request.fallback;
			void this.versionFromCacheOrQueue(work, fallback).catch((error: unknown) => this.failEverything(error));
			return;
		}

		this.settleVersion(work, {error: `${fromCache ? 'cached: ' : ''}${missing}`});
	}

	private settleVersion(work: VersionWork, outcome: VersionOutcome): void {
		if (work.settled) return;
		work.settled = true;
		this.pendingVersions -= 1;
		this.versionOutcomes.set(work.key, outcome);
		const waiters = this.versionWaiters.get(work.key) ?? [];
		this.versionWaiters.delete(work.key);
		for (const waiter of waiters) waiter(outcome);
		if (!this.finished) this.resolving(() => this.engine?.versionSettled(work.key, outcome));
		this.graphThrottle.schedule();
		this.checkFinished();
	}

	/** Runs a step of the resolution engine; a bug in it stops resolving, never the scan (which would hang). */
	private resolving(step: () => void): void {
		try {
			step();
		} catch (error) {
			this.engine?.abandon(`internal error: ${error instanceof Error ? error.message : String(error)}`);
		}
	}

	/**
	 * Publishes the grown graph (O(V + E)); paced by its own cost, so a 30k-package tree is not copied every
	 * interval while it grows: the next publish waits at least four times as long as this one took.
	 */
	private publishGraph(final = false): void {
		if (!this.growing) return;
		const now = monotonic();
		if (!final && now < this.graphNotBefore) {
			if (!this.graphTimer)
				this.graphTimer = setTimeout(() => {
					this.graphTimer = null;
					this.publishGraph();
				}, this.graphNotBefore - now);
			return;
		}

		const graph = this.growing.publish();
		this.graphNotBefore = monotonic() + 4 * (monotonic() - now);
		if (graph && !this.finished) this.channel.push({type: 'graph', graph});
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
		// O(queued) per call: the queues' heaps are rebuilt for the new priorities, then dispatch goes on.
		for (const host of this.hosts.values()) {
			host.reprioritize();
			host.pump();
		}
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
				: request.versionsIn && this.picksVersionOf(work) && !this.isPaced(base)
					? Math.min(this.options.cacheLifetimeMs[request.lifetime], resolvingLifetimeMs)
					: this.options.cacheLifetimeMs[request.lifetime];
		const trusted = request.lifetime === 'immutable' || !this.options.refresh;
		if (
			entry &&
			trusted &&
			isFresh(entry, lifetime, this.now()) &&
			!predatesLockedVersion(request, entry, this.lockedVersionsOf(work), work.ecosystem.versions)
		) {
			this.settleFromEntry(work, request, entry, entry.fetchedAt);
			return;
		}

		this.enqueue(work, request, base, entry);
	}

	/**
	 * `absent` for an answer's cache entry: the locked versions it does not list, with those it already lacked
	 * when the registry only confirmed it (a 304: the same answer), if any.
	 */
	private absentFrom(
		work: NameWork,
		request: RequestSpec,
		value: unknown,
		before: readonly string[] = [],
	): {absent?: string[]} {
		const unlisted = unlistedVersions(request, value, this.lockedVersionsOf(work), work.ecosystem.versions);
		const absent = [...new Set([...before, ...unlisted])];
		return absent.length > 0 ? {absent} : {};
	}

	/**
	 * Whether resolution picks the version of this name ("newest satisfying"): a name it discovered, or one with a
	 * package no lockfile pins.
	 */
	private picksVersionOf(work: NameWork): boolean {
		return work.ids.length === 0 || work.ids.some((id) => this.plan.nodes.get(id)?.locked === false);
	}

	/**
	 * Whether requests to this base URL are paced (crates.io's API, one a second): revalidating a resolved crate
	 * tree every five minutes would cost minutes of waiting, so its version lists keep the cache lifetime.
	 */
	private isPaced(base: string): boolean {
		if (!URL.canParse(base)) return false;
		const url = new URL(base);
		return (this.options.rateLimits[url.hostname] ?? this.options.rateLimits[url.host] ?? 0) > 0;
	}

	/** The versions the lockfiles lock of a name (not those resolution picks: it picks them from the answer). */
	private lockedVersionsOf(work: NameWork): string[] {
		const versions: string[] = [];
		for (const id of work.ids) {
			const node = this.plan.nodes.get(id);
			if (node && node.locked !== false) versions.push(node.version);
		}

		return versions;
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
			type: 'name',
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
			const concurrency =
				Number.isFinite(configured) && configured >= 1 ? Math.floor(configured) : defaultConcurrency;
			host = new HostQueue<Task>({
				host: url.host,
				concurrency,
				intervalMs: perMinute && perMinute > 0 ? 60_000 / perMinute : 0,
				retry: this.retry,
				clock: monotonic,
				execute: (batch) => this.execute(batch),
				fail: (task, message) =>
					task.type === 'name'
						? this.settleError(task.work, task.request, message)
						: this.settleVersion(task.work, {error: message}),
				// Until every name is known (the cache pass; resolution still discovering), a short batch would
				// waste a request: npm's bulk downloads take 128 names, and its rate limit is strict.
				shortBatchesAllowed: () => this.cachePassDone && monotonic() - this.lastDiscovery >= discoveryQuietMs,
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
		const head = batch[0]!;
		if (head.type === 'version') {
			await this.executeVersion(head);
			return;
		}

		const first = head;
		const names = batch as NameTask[];
		const {request, base} = first;
		const now = new Date(this.now());
		const common = {
			signal: this.controller.signal,
			timeoutMs: this.options.timeoutMs,
			accept: request.accept,
			maxBytes: this.maxBytes(request.responseSize),
		};
		if (first.bulk && request.bulk) {
			const bulkNames = names.map((task) => task.work.name);
			const bulkUrl = request.bulk.url(base, bulkNames);
			const outcome = await fetchOutcome(bulkUrl, {...common, etag: null}, (body) =>
				request.bulk!.parse(body, bulkNames, {now, url: bulkUrl}),
			);
			if (outcome.status !== 'ok') {
				for (const task of names) this.settleOutcome(task, outcome);
				return;
			}

			for (const task of names) {
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

	/** Most decompressed bytes a response of this size class may have (`maxResponseMB.<class>`). */
	private maxBytes(size: ResponseSize = 'medium'): number {
		return this.options.responseLimits?.[size] ?? defaultResponseLimitsMB[size] * megabyte;
	}

	private async executeVersion(task: VersionTask): Promise<void> {
		const {work, request} = task;
		const outcome = await fetchOutcome(
			request.url,
			{
				signal: this.controller.signal,
				timeoutMs: this.options.timeoutMs,
				accept: request.accept,
				maxBytes: this.maxBytes(request.responseSize),
				etag: null,
				// The HTTP layer picks each hop's token from these by its URL (redirects included).
				authTokens: request.authenticated ? this.options.endpoints.authTokens : null,
			},
			(body) => request.parse(body, {now: new Date(this.now()), url: request.url}),
		);
		if (this.finished || work.settled) return;
		const key = this.versionCacheKey(work, request);
		const fetchedAt = new Date(this.now()).toISOString();
		if (outcome.status === 'ok') {
			this.writeCache(
				{key, etag: null, fetchedAt, url: request.url, value: outcome.value, missing: null},
				request.cacheSchema,
			);
			this.versionAnswered(work, request, outcome.value, '', false);
			return;
		}

		const reason = outcome.status === 'missing' ? outcome.reason : 'HTTP 304 without a cached copy';
		if (outcome.status === 'missing')
			this.writeCache(
				{key, etag: null, fetchedAt, url: request.url, value: null, missing: reason},
				request.cacheSchema,
			);
		this.versionAnswered(work, request, null, reason, false);
	}

	private settleOutcome(task: NameTask, outcome: FetchOutcome<unknown>): void {
		if (this.finished) return;
		const {work, request} = task;
		const fetchedAt = new Date(this.now()).toISOString();
		const url = request.url(task.base, work.name);
		const key = this.cacheKey(work, request, task.base);
		// Writes are registered before settling, so the scan cannot finish before its cache is on disk.
		if (outcome.status === 'not-modified' && task.cached) {
			// The registry confirmed our copy: reuse it, and renew its lifetime.
			this.writeCache(
				{...task.cached, fetchedAt, ...this.absentFrom(work, request, task.cached.value, task.cached.absent)},
				request.cacheSchema,
			);
			this.settleFromEntry(work, request, task.cached, fetchedAt);
			return;
		}

		if (outcome.status === 'ok') {
			this.writeCache(
				{
					key,
					etag: outcome.etag,
					fetchedAt,
					url,
					value: outcome.value,
					missing: null,
					...this.absentFrom(work, request, outcome.value),
				},
				request.cacheSchema,
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
			this.writeCache({key, etag: null, fetchedAt, url, value: null, missing: reason}, request.cacheSchema);
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
		const waiting = nameFactsOf(work) === undefined;
		work.settled.set(request.kind, settled);
		// Resolution needs only the metadata section: it goes on without waiting for download counts.
		if (this.engine && waiting && nameFactsOf(work) !== undefined) {
			this.resolving(() => this.engine?.nameSettled(work.ecosystem, work.name));
			this.graphThrottle.schedule();
		}

		if (work.settled.size < work.ecosystem.registry.requests.length) {
			this.checkFinished();
			return;
		}

		for (const id of [...work.ids]) this.emitFacts(work, id);
		this.progressThrottle.schedule();
		this.checkFinished();
	}

	private emitFacts(work: NameWork, id: string): void {
		if (this.emitted.has(id) || this.holding.has(id) || this.finished) return;
		const node = this.growing?.node(id) ?? this.plan.nodes.get(id);
		if (!node) return;
		const facts = this.factsOf(node, work);
		const versions = versionsToCompare(work.ecosystem, facts);
		if (versions.length === 0) {
			this.pushFacts(id, facts);
			return;
		}

		// The locked and previous versions' dependencies first (release evidence: what the locked one added). A
		// failure only leaves them unknown: it is never an error of the package's.
		this.holding.add(id);
		const found = new Map<string, VersionDependencies>();
		let left = versions.length;
		for (const version of versions) {
			this.whenVersion(work, version, (outcome) => {
				if ('list' in outcome) found.set(version, versionDependenciesOf(outcome.list));
				left -= 1;
				if (left > 0) return;
				this.holding.delete(id);
				// Resolution may have replaced the node meanwhile (a placeholder): then its facts are not wanted.
				if (this.plan.nodes.has(id)) this.pushFacts(id, withVersionDependencies(facts, found));
				this.checkFinished();
			});
		}
	}

	private pushFacts(id: string, facts: PackageFacts): void {
		if (this.emitted.has(id) || this.finished) return;
		this.emitted.add(id);
		if (facts.errors.length > 0) this.errored.add(id);
		this.channel.push({type: 'facts', id, facts});
	}

	/** Ids whose facts wait for their compared versions' dependencies (see compared-versions.ts). */
	private readonly holding = new Set<string>();
	/** Every settled version request's outcome, by package id (a later waiter is answered at once). */
	private readonly versionOutcomes = new Map<string, VersionOutcome>();
	private readonly versionWaiters = new Map<string, Array<(outcome: VersionOutcome) => void>>();

	/**
	 * Calls `then` with one version's dependencies: cached or settled already, known from the metadata, or fetched
	 * through the same version requests resolution makes (shared with it: one request per version whoever asks).
	 */
	private whenVersion(work: NameWork, version: string, then: (outcome: VersionOutcome) => void): void {
		const key = `${work.ecosystem.id}:${work.name}@${version}`;
		const settled = this.versionOutcomes.get(key);
		if (settled) {
			then(settled);
			return;
		}

		const facts = nameFactsOf(work);
		const source = facts
			? work.ecosystem.resolver?.dependencies(facts, version, this.options.endpoints)
			: undefined;
		if (!source || source.kind === 'unknown') {
			then({error: source?.reason ?? 'no registry data'});
			return;
		}

		if (source.kind === 'known') {
			then({list: source.list, from: source.from});
			return;
		}

		const waiters = this.versionWaiters.get(key) ?? [];
		waiters.push(then);
		this.versionWaiters.set(key, waiters);
		this.fetchVersion(work.ecosystem, key, source.request);
	}

	/**
	 * The package's facts; if assembling them fails (a value no schema caught: a bug), the package is unknown with
	 * the error instead — a scan that emitted nothing for it would never end.
	 */
	private factsOf(node: PackageNode, work: NameWork): PackageFacts {
		try {
			// Settled for good: every locked version of the name shares one assembly.
			let assembled = this.assembled.get(work);
			if (!assembled) this.assembled.set(work, (assembled = assembleName(work.ecosystem, work.settled)));
			return buildPackageFacts(node, work.ecosystem, work.settled, assembled);
		} catch (error) {
			const message = `internal error: ${error instanceof Error ? error.message : String(error)}`;
			return buildPackageFacts(
				node,
				work.ecosystem,
				new Map([...work.settled.keys()].map((kind) => [kind, {value: null, origin: null, error: message}])),
			);
		}
	}

	/** Each fully settled name's assembly (its outcomes never change once all are in). */
	private readonly assembled = new WeakMap<NameWork, NameAssembly>();

	/** Batched by the cache (a segment per few MB, not a file per entry); flushed before the scan ends. */
	private writeCache(entry: CacheEntry<unknown>, schema: VersionedSchema | undefined): void {
		if (!this.cache) return;
		this.wroteCache = true;
		this.cache.write(entry, schema);
	}

	private progress(): ScanProgress {
		const mono = monotonic();
		const limited =
			this.rateLimitedHost && this.rateLimitedHost.pausedUntil > mono ? this.rateLimitedHost : null;
		const hosts = [...this.hosts.values()];
		return {
			total: this.plan.nodes.size,
			done: this.emitted.size,
			errors: this.errored.size,
			rateLimitedUntil: limited ? this.now() + (limited.pausedUntil - mono) : null,
			rateLimitedHost: limited ? limited.host : null,
			downHosts: hosts.flatMap((host) => (host.down ? [host.down] : [])),
			...(this.cache && this.cache.invalidEntries.count > 0
				? {invalidCacheEntries: this.cache.invalidEntries}
				: {}),
			...(this.cache?.writeError ? {cacheWriteError: this.cache.writeError} : {}),
			pacedHosts: hosts
				.filter((host) => host.paced && host.size > 0 && !host.down)
				.map((host) => ({host: host.host, queued: host.size, reason: rateLimitReason(host.host)})),
		};
	}

	private checkFinished(): void {
		if (this.finished || !this.cachePassDone) return;
		if (this.emitted.size < this.plan.nodes.size) return;
		if (this.pendingVersions > 0 || (this.engine && !this.engine.idle)) return;
		// Everything is settled: the scan ends once this run's answers are on disk.
		if (this.cache && this.wroteCache && !this.cacheFlushed) {
			this.cacheFlush ??= this.cache.flush().then(() => {
				this.cacheFlushed = true;
				this.checkFinished();
			});
			return;
		}

		this.graphThrottle.cancel();
		this.publishGraph(true);
		this.progressThrottle.emitNow();
		this.stop();
		if (this.cache && this.ownsCache) maintainAfterScan(this.cache);
	}

	// Removed when the scan stops: the caller's signal outlives the scan (the UI keeps its controller until the next
	// scan), and a listener left on it kept the whole finished scheduler — plan, queues, advisory lookup — alive.
	private readonly onAbort = () => this.abort();

	private abort(): void {
		if (this.finished) return;
		this.controller.abort();
		// An interrupted run (Ctrl+C, q) keeps what it fetched: the process may exit before anything async runs.
		this.cache?.flushSync();
		this.stop();
	}

	private stop(): void {
		this.finished = true;
		this.signal?.removeEventListener('abort', this.onAbort);
		this.progressThrottle.cancel();
		this.graphThrottle.cancel();
		if (this.discoveryTimer) clearTimeout(this.discoveryTimer);
		this.discoveryTimer = null;
		if (this.graphTimer) clearTimeout(this.graphTimer);
		this.graphTimer = null;
		for (const host of this.hosts.values()) host.stop();
		this.channel.end();
		this.resolveDone();
	}
}

/**
 * Housekeeping once a scan's results are out (compaction when due), then the cache lets go of what it read: nobody
 * waits for it, and an interrupted compaction is harmless (its temporary file is debris, its lock goes stale).
 */
export function maintainAfterScan(cache: FactsCache): void {
	void cache
		.maintain()
		.catch(() => 0)
		.finally(() => cache.release());
}

/** 'metadata: HTTP 500', or with the request's label when a section has several ('metadata: owners: …'). */
function errorText(request: RequestSpec, message: string): string {
	return `${request.section}: ${request.label ? `${request.label}: ` : ''}${message}`;
}

export function definedOnly<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
