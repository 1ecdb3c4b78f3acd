import {setMaxListeners} from 'node:events';
import {type CacheEntry, type CacheKey, cacheToUse, type FactsCache, isFresh} from '../cache/index.js';
import {ecosystems, findEcosystem} from '../ecosystems/index.js';
import type {EcosystemModule} from '../ecosystems/types.js';
import {type DependencyGraph, type PackageNode, unresolvedVersion} from '../graph/types.js';
import {fetchOutcome} from '../registries/fetch.js';
import {HttpFailure, readJson} from '../registries/http.js';
import {defaultResponseLimitsMB, megabyte, type ResponseSize} from '../registries/response-limits.js';
import {Channel} from '../scan/channel.js';
import {HostQueue, type QueueTask, type RetryPolicy} from '../scan/host-queue.js';
import {isRegistryPackage} from '../scan/plan.js';
import {defaultRetry, definedOnly} from '../scan/scheduler.js';
import type {ScanOptions, ScanTuning} from '../scan/types.js';
import {mergeAliases} from './aliases.js';
import {
	type CachedQuery,
	cachedQuerySchema,
	maxBatchQueries,
	type OsvQuery,
	parseQuerybatch,
	querybatchBody,
	querybatchUrl,
	vulnUrl,
} from './osv-api.js';
import {readOsvExport} from './osv-export.js';
import {
	advisoryFor,
	affectsVersion,
	type OsvAffected,
	type OsvRecord,
	osvRecordSchema,
	parseOsvRecord,
} from './osv-record.js';
import type {AdvisoryProgress, PackageAdvisories} from './types.js';

/**
 * The advisory lookup: every registry package of the tree against OSV, as one cross-tree service beside the
 * registry scan. Costs ⌈packages / 1,000⌉ `querybatch` requests (plus one per extra result page) and one
 * `vulns/<id>` per distinct id not already cached — through the same HTTP layer, host queue (concurrency,
 * pacing, retries, host down) and cache as the registries. A host that is down or rate-limited costs only the
 * advisories: each package then gets `advisories: null` with the reason, and the scan goes on.
 *
 * With export files (`--advisories-db`), no request at all: the records are read from disk and each locked
 * version is matched against their ranges with its ecosystem's version order.
 *
 * A graph that grows while the scan resolves versions (`graph` events) adds its new packages with `grow`; the
 * lookup ends only once `seal` says the graph is final. Until then short batches wait (the tree's queries still
 * share ⌈packages / 1,000⌉ requests), and an export file is read once the names are all known.
 */

export type AdvisoryEvent =
	| {readonly type: 'advisories'; readonly id: string; readonly advisories: PackageAdvisories}
	| {readonly type: 'progress'; readonly progress: AdvisoryProgress};

/** One (ecosystem, name, version) of the tree, with the graph ids locked at it. */
type Triple = {
	readonly key: string;
	readonly ecosystem: EcosystemModule;
	readonly name: string;
	readonly version: string;
	readonly ids: string[];
	/** Vulnerabilities OSV listed so far (pages accumulate), with their `modified`. */
	vulns: Array<{id: string; modified: string | null}>;
	/** The page tokens OSV handed out for this query: a token seen twice is a loop, not more results. */
	pageTokens: Set<string>;
	/** Set when the query answer is complete. */
	answered: boolean;
	fetchedAt: string | null;
	fromCache: boolean;
};

type Task = QueueTask &
	(
		| {readonly kind: 'query'; readonly triple: Triple; readonly pageToken?: string}
		| {readonly kind: 'vuln'; readonly id: string}
	);

const monotonic = (): number => performance.now();

/**
 * The most result pages one query may take. OSV returns up to 1,000 vulnerabilities a page, so 20 pages is far past
 * any real package; a server still paging after that (or handing out a token twice) would keep the scan going
 * forever, each page growing the list.
 */
export const maxQueryPages = 20;

export class AdvisoryLookup {
	readonly events = new Channel<AdvisoryEvent>();
	readonly done: Promise<void>;
	private resolveDone!: () => void;
	private readonly triples = new Map<string, Triple>();
	private readonly cache: FactsCache | null;
	/** False when the cache is the registry scan's (shared): its bad entries are counted there, once. */
	private readonly ownsCache: boolean;
	private readonly base: string;
	private readonly controller = new AbortController();
	private host: HostQueue<Task> | null = null;
	private readonly records = new Map<string, OsvRecord | null>();
	/** Vulnerability id → the triples waiting for its record. */
	private readonly waiting = new Map<string, Set<Triple>>();
	private readonly requested = new Set<string>();
	private readonly vulnErrors = new Map<string, string>();
	private emitted = 0;
	private errors = 0;
	private total = 0;
	private oldestCached: string | null = null;
	private queueing = true;
	private finished = false;
	private seq = 0;
	/** Graph ids already considered (placeholders are skipped until resolution gives them a version). */
	private readonly seen = new Set<string>();
	/** No more packages will come (the graph is final). */
	private sealed: boolean;
	private started = false;
	/** Cache reads in flight: short batches wait for them (their misses join the batches). */
	private reads = 0;
	/** Set when the whole lookup failed (an unreadable export): later packages get the same error. */
	private failure: string | null = null;

	/**
	 * `cache`: the registry scan's facts cache, shared (a warm run then reads the packed cache once, not twice); by
	 * default one of its own on `options.cacheDir`.
	 */
	constructor(
		graph: DependencyGraph,
		private readonly options: ScanOptions & ScanTuning,
		private readonly signal?: AbortSignal,
		cache?: FactsCache | null,
	) {
		this.done = new Promise((resolve) => {
			this.resolveDone = resolve;
		});
		this.ownsCache = cache === undefined;
		this.cache = cacheToUse(cache, options);
		this.base = options.endpoints.urls.osv ?? 'https://api.osv.dev/';
		setMaxListeners(0, this.controller.signal);
		this.sealed = (graph.resolution?.contexts.length ?? 0) === 0;
		this.addPackages(graph.packages.values());
	}

	/** The graph grew: its new packages are looked up too (in the batches still waiting, when they can be). */
	grow(graph: DependencyGraph): void {
		if (this.finished) return;
		const added = this.addPackages(graph.packages.values());
		if (!this.started) return;
		for (const triple of added) {
			if (this.failure) this.emitError(triple, this.failure);
			else if (!this.fromExportFiles()) void this.lookUp(triple);
		}
	}

	/** The graph is final: no package will be added. Short batches may go; an export file is read now. */
	seal(): void {
		if (this.sealed || this.finished) return;
		this.sealed = true;
		if (!this.started) return;
		if (this.fromExportFiles()) this.run(this.fromExports(this.options.advisories!.exportFiles));
		else this.releaseShortBatches();
		this.checkFinished();
	}

	/** New triples (or new ids of known ones) for the registry packages among `nodes` not seen before. */
	private addPackages(nodes: Iterable<PackageNode>): Triple[] {
		const added: Triple[] = [];
		for (const node of nodes) {
			if (this.seen.has(node.id)) continue;
			// A placeholder has no version yet: it is considered again when resolution has chosen one.
			if (node.locked === false && node.version === unresolvedVersion) continue;
			this.seen.add(node.id);
			const ecosystem = findEcosystem(node.ecosystem);
			if (!ecosystem || !isRegistryPackage(node) || !this.validName(ecosystem, node.name)) continue;
			const key = `${ecosystem.osvName}\n${node.name}\n${node.version}`;
			let triple = this.triples.get(key);
			if (!triple) {
				triple = {
					key,
					ecosystem,
					name: node.name,
					version: node.version,
					ids: [],
					vulns: [],
					pageTokens: new Set(),
					answered: false,
					fetchedAt: null,
					fromCache: false,
				};
				this.triples.set(key, triple);
				added.push(triple);
			}

			triple.ids.push(node.id);
			this.total += 1;
		}

		return added;
	}

	/** Names already judged, per ecosystem: a 28k-entry tree locks each name at several versions. */
	private readonly validNames = new Map<string, boolean>();

	private validName(ecosystem: EcosystemModule, name: string): boolean {
		const key = `${ecosystem.id}:${name}`;
		let valid = this.validNames.get(key);
		if (valid === undefined) this.validNames.set(key, (valid = ecosystem.isValidName(name)));
		return valid;
	}

	private fromExportFiles(): boolean {
		return (this.options.advisories?.exportFiles.length ?? 0) > 0;
	}

	start(): void {
		if (this.signal?.aborted) {
			this.stop();
			return;
		}

		this.signal?.addEventListener('abort', this.onAbort, {once: true});
		this.started = true;
		if (!this.fromExportFiles()) this.run(this.fromApi());
		// An export is matched against the whole tree's names: a growing tree waits for the last of them.
		else if (this.sealed) this.run(this.fromExports(this.options.advisories!.exportFiles));
	}

	private run(work: Promise<void>): void {
		work
			.catch((error: unknown) => {
				const message = `advisories: ${error instanceof Error ? error.message : String(error)}`;
				this.failure = message;
				for (const triple of this.triples.values()) this.emitError(triple, message);
			})
			.finally(() => this.checkFinished());
	}

	progress(): AdvisoryProgress {
		const host = this.host;
		const paused = host && host.pausedUntil > monotonic() ? host.pausedUntil : null;
		const now = this.now();
		return {
			state: this.finished ? 'done' : 'fetching',
			done: this.emitted,
			total: this.total,
			errors: this.errors,
			firstError: this.firstError,
			down: host?.down ?? null,
			rateLimitedUntil: paused === null ? null : now + (paused - monotonic()),
			oldestCached: this.oldestCached,
			exportFiles: this.options.advisories?.exportFiles ?? [],
			...(this.cache && this.ownsCache && this.cache.invalidEntries.count > 0
				? {invalidCacheEntries: this.cache.invalidEntries}
				: {}),
			...(this.cache && this.ownsCache && this.cache.writeError
				? {cacheWriteError: this.cache.writeError}
				: {}),
		};
	}

	private now(): number {
		return this.options.now ? this.options.now() : Date.now();
	}

	// ── From an export file ───────────────────────────────────────────────────────────────────────

	private async fromExports(files: readonly string[]): Promise<void> {
		const wanted = new Set(
			[...this.triples.values()].map((triple) => packageKey(triple.ecosystem, triple.name)),
		);
		const keyOf = (ecosystem: string, name: string): string => {
			const module = byOsvName.get(ecosystem);
			return module ? packageKey(module, name) : '';
		};
		const records = new Map<string, OsvRecord>();
		for (const file of files)
			for (const record of await readOsvExport(file, wanted, keyOf)) records.set(record.id, record);

		// Index the records by package once: O(records + triples), not records × triples.
		const byPackage = new Map<string, Set<OsvRecord>>();
		for (const record of records.values()) {
			for (const affected of record.affected) {
				const key = keyOf(affected.ecosystem, affected.name);
				let set = byPackage.get(key);
				if (!set) byPackage.set(key, (set = new Set()));
				set.add(record);
			}
		}

		for (const triple of this.triples.values()) {
			if (this.answeredTriples.has(triple.key)) continue;
			const matches = (affected: OsvAffected) => this.matches(triple, affected);
			const candidates = [...(byPackage.get(packageKey(triple.ecosystem, triple.name)) ?? [])];
			const affecting = candidates.filter(
				(record) =>
					!record.withdrawn &&
					record.affected.some(
						(affected) =>
							matches(affected) &&
							affectsVersion(affected, triple.version, triple.ecosystem.versions.compare),
					),
			);
			this.emit(triple, {
				advisories: mergeAliases(affecting.map((record) => advisoryFor(record, matches))),
				error: null,
				fetchedAt: null,
				source: 'export',
			});
		}
	}

	// ── From the API ──────────────────────────────────────────────────────────────────────────────

	private async fromApi(): Promise<void> {
		// Held while the lookups start: without a cache they finish at once, and the first one must not release
		// short batches before the others are queued.
		this.reads += 1;
		try {
			// Every triple's cached answer in one read of the cache (a 28k-entry tree has as many triples): no
			// promise per triple, and most — no advisory, nothing more to look up — finish right here.
			const triples = [...this.triples.values()];
			const entries = this.cache
				? await this.cache.readMany<CachedQuery>(
						triples.map((triple) => this.queryKey(triple)),
						cachedQuerySchema,
					)
				: [];
			const pending: Promise<void>[] = [];
			for (const [index, triple] of triples.entries()) {
				const answered = this.fromCached(triple, entries[index] ?? null);
				if (answered) pending.push(answered);
			}

			await Promise.all(pending);
		} finally {
			this.reads -= 1;
			this.releaseShortBatches();
		}
	}

	/** One triple: its cached answer when fresh (or offline), else a query in the next batch. */
	private async lookUp(triple: Triple): Promise<void> {
		this.reads += 1;
		try {
			const entry = this.cache
				? await this.cache.read<CachedQuery>(this.queryKey(triple), cachedQuerySchema)
				: null;
			await this.fromCached(triple, entry);
		} finally {
			this.reads -= 1;
			this.releaseShortBatches();
		}
	}

	/**
	 * A triple with its cache entry read: answered from it when fresh (or offline), else queued. Returns the wait
	 * for its records when it lists vulnerabilities; null when it is settled (or queued) already.
	 */
	private fromCached(triple: Triple, entry: CacheEntry<CachedQuery> | null): Promise<void> | null {
		if (this.finished) return null;
		const lifetime = this.options.advisories?.queryLifetimeMs ?? 24 * 3_600_000;
		const usable = entry?.value ? entry : null;
		if (this.options.offline || (usable && !this.options.refresh && isFresh(usable, lifetime, this.now()))) {
			if (!usable) {
				this.emitError(triple, 'advisories: offline: not in cache');
				return null;
			}

			triple.vulns = [...usable.value!.vulns];
			triple.fetchedAt = usable.fetchedAt;
			triple.fromCache = true;
			// Offline, the status line says how old the answers are.
			if (this.options.offline && (this.oldestCached === null || usable.fetchedAt < this.oldestCached))
				this.oldestCached = usable.fetchedAt;
			// No vulnerability listed: no record to find, finished now (as `answered` would, without its wait).
			if (triple.vulns.length === 0) {
				triple.answered = true;
				this.finishTriple(triple);
				return null;
			}

			return this.answered(triple);
		}

		this.enqueue({kind: 'query', triple});
		return null;
	}

	/** Once every query is queued (the graph final, the cache read), short batches may go. */
	private releaseShortBatches(): void {
		if (!this.sealed || this.reads > 0 || !this.queueing) return;
		this.queueing = false;
		this.host?.pump();
	}

	/** The size limit of an OSV answer: a batch of 1,000 results is a document; one record is small. */
	private maxBytes(size: ResponseSize): number {
		return this.options.responseLimits?.[size] ?? defaultResponseLimitsMB[size] * megabyte;
	}

	private queryKey(triple: Triple): CacheKey {
		return {
			kind: 'osv-query',
			ecosystem: triple.ecosystem.id,
			name: `${triple.name}@${triple.version}`,
			baseUrl: this.base,
		};
	}

	private vulnKey(id: string): CacheKey {
		return {kind: 'osv-vuln', ecosystem: 'osv', name: id, baseUrl: this.base};
	}

	private enqueue(
		task: {kind: 'query'; triple: Triple; pageToken?: string} | {kind: 'vuln'; id: string},
	): void {
		const host = this.hostQueue();
		host.add({
			...task,
			bulk: task.kind === 'query' ? {key: 'querybatch', max: maxBatchQueries} : null,
			// Vulnerability records first: they finish packages; queries only start more work.
			priority: () => (task.kind === 'vuln' ? 0 : 1),
			seq: this.seq++,
			attempts: 0,
			notBefore: 0,
		} as Task);
	}

	private hostQueue(): HostQueue<Task> {
		if (this.host) return this.host;
		const url = new URL(this.base);
		const perMinute = this.options.rateLimits[url.hostname] ?? this.options.rateLimits[url.host];
		const retry: RetryPolicy = {...defaultRetry, ...definedOnly(this.options.retry ?? {})};
		const configured = this.options.concurrency;
		this.host = new HostQueue<Task>({
			host: url.host,
			concurrency: Number.isFinite(configured) && configured >= 1 ? Math.floor(configured) : 8,
			intervalMs: perMinute && perMinute > 0 ? 60_000 / perMinute : 0,
			retry,
			clock: monotonic,
			execute: (batch) => this.execute(batch),
			fail: (task, message) => this.failTask(task, `advisories: ${message}`),
			shortBatchesAllowed: () => !this.queueing,
			onStateChange: () => this.events.push({type: 'progress', progress: this.progress()}),
			isStopped: () => this.finished,
		});
		return this.host;
	}

	private async execute(batch: Task[]): Promise<void> {
		// No credentials ever go to OSV (no tokens: every hop of a redirect goes without one).
		const common = {signal: this.controller.signal, timeoutMs: this.options.timeoutMs, etag: null};
		const first = batch[0]!;
		if (first.kind === 'vuln') {
			const url = vulnUrl(this.base, first.id);
			const outcome = await fetchOutcome(url, {...common, maxBytes: this.maxBytes('small')}, async (body) =>
				parseOsvRecord(await readJson(body)),
			);
			const fetchedAt = new Date(this.now()).toISOString();
			if (outcome.status === 'ok') {
				void this.cache?.write(
					{
						key: this.vulnKey(first.id),
						etag: outcome.etag,
						fetchedAt,
						url,
						value: outcome.value,
						missing: null,
					},
					osvRecordSchema,
				);
				this.recordArrived(first.id, outcome.value);
			} else
				this.recordArrived(
					first.id,
					null,
					`advisories: ${first.id}: ${outcome.status === 'missing' ? outcome.reason : 'not modified'}`,
				);
			return;
		}

		const queries = batch as Array<Extract<Task, {kind: 'query'}>>;
		const osvQueries: OsvQuery[] = queries.map((task) => ({
			ecosystem: task.triple.ecosystem.osvName,
			name: task.triple.name,
			version: task.triple.version,
			...(task.pageToken ? {pageToken: task.pageToken} : {}),
		}));
		const url = querybatchUrl(this.base);
		const outcome = await fetchOutcome(
			url,
			{...common, jsonBody: querybatchBody(osvQueries), maxBytes: this.maxBytes('medium')},
			async (body) => parseQuerybatch(await readJson(body), osvQueries.length),
		);
		if (outcome.status !== 'ok')
			throw new HttpFailure('invalid', outcome.status === 'missing' ? outcome.reason : 'not modified');
		const fetchedAt = new Date(this.now()).toISOString();
		await Promise.all(
			outcome.value.map(async (result, index) => {
				const {triple} = queries[index]!;
				triple.vulns.push(...result.vulns);
				if (result.nextPageToken) {
					const loop = triple.pageTokens.has(result.nextPageToken)
						? 'a page token came back twice'
						: triple.pageTokens.size + 1 >= maxQueryPages
							? `more than ${maxQueryPages} pages`
							: null;
					if (loop) {
						// What the pages listed so far is not the whole answer: unknown, never a partial verdict.
						triple.vulns = [];
						this.emitError(triple, `advisories: OSV kept paging (${loop})`);
						return;
					}

					// More results than one page: ask again for the next page, in a later batch.
					triple.pageTokens.add(result.nextPageToken);
					this.enqueue({kind: 'query', triple, pageToken: result.nextPageToken});
					return;
				}

				triple.fetchedAt = fetchedAt;
				void this.cache?.write(
					{
						key: this.queryKey(triple),
						etag: null,
						fetchedAt,
						url: `${url}#${triple.ecosystem.osvName}/${triple.name}@${triple.version}`,
						value: {vulns: triple.vulns} satisfies CachedQuery,
						missing: null,
					},
					cachedQuerySchema,
				);
				await this.answered(triple);
			}),
		);
		this.host?.pump();
	}

	/** The query answer is complete: find each record (memory, cache, or a request) and finish when all are in. */
	private async answered(triple: Triple): Promise<void> {
		triple.answered = true;
		const missing: string[] = [];
		for (const {id, modified} of triple.vulns) {
			if (this.records.has(id)) continue;
			if (this.requested.has(id)) {
				missing.push(id);
				continue;
			}

			const entry = this.cache ? await this.cache.read<OsvRecord>(this.vulnKey(id), osvRecordSchema) : null;
			if (this.records.has(id)) continue;
			if (entry?.value && (this.options.offline || upToDate(entry, modified))) {
				this.records.set(id, entry.value);
				continue;
			}

			missing.push(id);
			if (this.options.offline) {
				this.recordArrived(id, null, 'advisories: offline: not in cache');
				continue;
			}

			if (!this.requested.has(id)) {
				this.requested.add(id);
				this.enqueue({kind: 'vuln', id});
			}
		}

		if (missing.every((id) => this.records.has(id))) {
			this.finishTriple(triple);
			return;
		}

		for (const id of missing) {
			let waiting = this.waiting.get(id);
			if (!waiting) this.waiting.set(id, (waiting = new Set()));
			waiting.add(triple);
		}
	}

	private recordArrived(id: string, record: OsvRecord | null, error?: string): void {
		this.records.set(id, record);
		if (error) this.vulnErrors.set(id, error);
		const waiting = this.waiting.get(id);
		this.waiting.delete(id);
		for (const triple of waiting ?? []) {
			if (triple.vulns.every((vuln) => this.records.has(vuln.id))) this.finishTriple(triple);
		}

		this.checkFinished();
	}

	private finishTriple(triple: Triple): void {
		// Most packages of a tree have no advisory: nothing to look up, merge or match.
		if (triple.vulns.length === 0) {
			this.emit(triple, {
				advisories: [],
				error: null,
				fetchedAt: triple.fetchedAt,
				source: triple.fromCache ? 'cache' : 'api',
			});
			return;
		}

		const errors = triple.vulns.flatMap((vuln) =>
			this.vulnErrors.has(vuln.id) ? [this.vulnErrors.get(vuln.id)!] : [],
		);
		const matches = (affected: OsvAffected) => this.matches(triple, affected);
		const records = [
			...new Set(
				triple.vulns
					.map((vuln) => this.records.get(vuln.id))
					.filter((record): record is OsvRecord => !!record),
			),
		];
		this.emit(triple, {
			advisories:
				errors.length > 0 && records.length === 0
					? null
					: mergeAliases(
							records.filter((record) => !record.withdrawn).map((record) => advisoryFor(record, matches)),
						),
			error: errors.length > 0 ? errors[0]! : null,
			fetchedAt: triple.fetchedAt,
			source: triple.fromCache ? 'cache' : 'api',
		});
	}

	private failTask(task: Task, message: string): void {
		if (task.kind === 'vuln') this.recordArrived(task.id, null, message);
		else this.emitError(task.triple, message);
	}

	/** Does an affected entry name this package (its ecosystem's name rules, case-blind)? */
	private matches(triple: Triple, affected: OsvAffected): boolean {
		return (
			affected.ecosystem === triple.ecosystem.osvName &&
			packageKey(triple.ecosystem, affected.name) === packageKey(triple.ecosystem, triple.name)
		);
	}

	// ── Results ───────────────────────────────────────────────────────────────────────────────────

	private emitError(triple: Triple, error: string): void {
		this.emit(triple, {advisories: null, error, fetchedAt: null, source: 'api'});
	}

	/** The first unknown answer's reason (`querybatch: invalid JSON`), for the line that counts them. */
	private firstError: string | null = null;

	/** Triples already answered (each is emitted once). */
	private readonly answeredTriples = new Set<string>();

	private emit(triple: Triple, advisories: PackageAdvisories): void {
		if (this.finished || this.answeredTriples.has(triple.key)) return;
		this.answeredTriples.add(triple.key);
		for (const id of triple.ids) {
			this.emitted += 1;
			if (advisories.advisories === null) {
				this.errors += 1;
				this.firstError ??= advisories.error;
			}
			this.events.push({type: 'advisories', id, advisories});
		}

		this.checkFinished();
	}

	private checkFinished(): void {
		if (this.finished || !this.sealed || this.answeredTriples.size < this.triples.size) return;
		this.events.push({type: 'progress', progress: {...this.progress(), state: 'done'}});
		this.stop();
	}

	// Removed when the lookup stops: the caller's signal outlives it, and would keep every triple alive.
	private readonly onAbort = () => this.stop();

	private stop(): void {
		if (this.finished) return;
		this.finished = true;
		this.signal?.removeEventListener('abort', this.onAbort);
		this.controller.abort();
		this.host?.stop();
		// The cache batches writes: the lookup is done once this run's answers are on disk (flush never rejects).
		void (this.cache?.flush() ?? Promise.resolve()).then(() => {
			this.events.end();
			this.resolveDone();
		});
	}
}

const byOsvName = new Map(ecosystems.map((ecosystem) => [ecosystem.osvName, ecosystem]));

/**
 * A package as OSV records and the tree both name it: the ecosystem's normal form, case-blind (GitHub's records
 * write `Axios` for npm's `axios`).
 */
function packageKey(ecosystem: EcosystemModule, name: string): string {
	return `${ecosystem.osvName}\n${ecosystem.normalizeName(name).toLowerCase()}`;
}

/** A cached record is current when it is at least as new as the `modified` the query listed. */
function upToDate(entry: CacheEntry<OsvRecord>, listed: string | null): boolean {
	const cached = entry.value?.modified;
	if (!listed || !cached) return true;
	return Date.parse(cached) >= Date.parse(listed);
}
