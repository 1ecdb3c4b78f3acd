import {type HttpFailure, maxRetryAfterMs} from '../registries/http.js';
import {formatElapsed} from '../text/format.js';

/**
 * One host's queue: concurrency, pacing (requests per minute), pauses on 429/503, retries with backoff, and
 * "host down" after repeated connection failures. It knows nothing about ecosystems or what a request is:
 * the scheduler hands it tasks and an `execute` that makes the request and settles them.
 */

/** What the queue needs of a task. */
export type QueueTask = {
	/** Lower runs first; read on every pick (the rows on screen move up while they wait). */
	priority(): number;
	/** Queue order, to break priority ties stably. */
	readonly seq: number;
	/** Tasks with the same key may travel in one request, up to `max`. */
	readonly bulk: {readonly key: string; readonly max: number} | null;
	attempts: number;
	/** Monotonic ms before which the task may not start (a retry's backoff). */
	notBefore: number;
};

export type RetryPolicy = {
	/** Retries after the first attempt. */
	readonly limit: number;
	/** First backoff delay when the server gives no Retry-After, doubled per attempt, with jitter. */
	readonly baseDelayMs: number;
	/** Cap on any wait, Retry-After included. */
	readonly maxDelayMs: number;
	/**
	 * Consecutive connection failures or timeouts after which the host is down for the run; also the number of
	 * different requests that may time out (successes in between or not) before it is.
	 */
	readonly hostDownAfter: number;
};

export type HostQueueOptions<T extends QueueTask> = {
	/** `host[:port]`. */
	readonly host: string;
	readonly concurrency: number;
	/** Minimum gap between two request starts, ms (0 = no pacing). */
	readonly intervalMs: number;
	readonly retry: RetryPolicy;
	/** Monotonic clock for delays (ms). */
	readonly clock: () => number;
	/** Makes the request for a batch and settles its tasks; throws an `HttpFailure` when it failed. */
	readonly execute: (batch: T[]) => Promise<void>;
	/** Settles a task that will not be retried. */
	readonly fail: (task: T, message: string) => void;
	/** Whether a bulk batch shorter than its maximum may go now (more tasks may still be coming). */
	readonly shortBatchesAllowed: () => boolean;
	/** The host was paused (rate limited) or marked down. */
	readonly onStateChange: () => void;
	readonly isStopped: () => boolean;
};

/**
 * The queue's cost: every step is O(log n) in the tasks queued (n), never a scan of the queue — a 30k-package
 * tree would make a per-dispatch scan O(n²) overall:
 * - `add`: O(log n) (a push on one heap);
 * - a dispatch: O(log n) for a single request, O(k log n) for a bulk batch of k names, plus O(d log n) for the
 *   d retries whose backoff ended since the last one (each moves once from the waiting heap to a ready one);
 * - `reprioritize` (the rows on screen changed): O(n), the ready heaps rebuilt in place;
 * - `markDown`: O(n).
 * Bulk lanes (one per bulk key: npm's downloads API, per base URL) are few, so looking at each lane's best task
 * per dispatch is a constant.
 */
export class HostQueue<T extends QueueTask> {
	readonly host: string;
	/** Ready tasks that travel alone, best priority first. */
	private readonly singles = new TaskHeap<T>(before);
	/** Ready tasks that may share a request, per bulk key. */
	private readonly lanes = new Map<string, {readonly max: number; readonly heap: TaskHeap<T>}>();
	/** Tasks waiting for their backoff (`notBefore`), soonest first. */
	private readonly waiting = new TaskHeap<T>(
		(a, b) => a.notBefore < b.notBefore || (a.notBefore === b.notBefore && a.seq < b.seq),
	);
	private inflight = 0;
	private nextStartAt = 0;
	/** Monotonic ms until which the host is paused by a 429/503. */
	pausedUntil = 0;
	private consecutiveFailures = 0;
	/** Whether any request to the host succeeded this run. */
	private answered = false;
	/** Tasks that timed out at least once: each cost a whole deadline, whatever else the host answered. */
	private readonly timedOut = new Set<T>();
	/** Why the host is down for this run, or null. */
	down: string | null = null;
	private timer: NodeJS.Timeout | null = null;
	private timerAt = 0;

	constructor(private readonly options: HostQueueOptions<T>) {
		this.host = options.host;
	}

	/** Queued (not in flight) tasks. */
	get size(): number {
		let size = this.singles.size + this.waiting.size;
		for (const lane of this.lanes.values()) size += lane.heap.size;
		return size;
	}

	get paced(): boolean {
		return this.options.intervalMs > 0;
	}

	add(task: T): void {
		if (this.down) {
			this.options.fail(task, `host down (${this.down})`);
			return;
		}

		this.queue(task, this.options.clock());
		this.pump();
	}

	/** Priorities changed (`QueueTask.priority` reads them live): the ready heaps are rebuilt. O(n). */
	reprioritize(): void {
		this.singles.rebuild();
		for (const lane of this.lanes.values()) lane.heap.rebuild();
	}

	/** Starts as many requests as the host's limits allow, best priority first. */
	pump(): void {
		const {options} = this;
		if (options.isStopped() || this.down) return;
		while (this.inflight < options.concurrency && this.size > 0) {
			const now = options.clock();
			const gate = Math.max(this.pausedUntil, this.nextStartAt);
			if (gate > now) {
				this.wakeAt(gate);
				return;
			}

			const batch = this.pick(now);
			if (!batch) return;
			this.inflight += 1;
			if (options.intervalMs > 0) this.nextStartAt = now + options.intervalMs;
			void this.run(batch);
		}
	}

	stop(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
	}

	private queue(task: T, now: number): void {
		if (task.notBefore > now) {
			this.waiting.push(task);
			return;
		}

		if (!task.bulk) {
			this.singles.push(task);
			return;
		}

		let lane = this.lanes.get(task.bulk.key);
		if (!lane) {
			lane = {max: task.bulk.max, heap: new TaskHeap<T>(before)};
			this.lanes.set(task.bulk.key, lane);
		}

		lane.heap.push(task);
	}

	/**
	 * The next request, taken off the queue: the best ready task, alone or with the best tasks of its bulk lane.
	 * A lane with fewer tasks than a full batch waits while more may still come (`shortBatchesAllowed`).
	 */
	private pick(now: number): T[] | null {
		while (this.waiting.size > 0 && this.waiting.peek()!.notBefore <= now)
			this.queue(this.waiting.pop()!, now);
		let best = this.singles.peek();
		let bestLane: {readonly max: number; readonly heap: TaskHeap<T>} | null = null;
		let shortAllowed: boolean | undefined;
		for (const lane of this.lanes.values()) {
			const head = lane.heap.peek();
			if (!head || (best && !before(head, best))) continue;
			shortAllowed ??= this.options.shortBatchesAllowed();
			// Until every name is queued, a short batch would waste a request.
			if (lane.heap.size < lane.max && !shortAllowed) continue;
			best = head;
			bestLane = lane;
		}

		if (bestLane) {
			const batch: T[] = [];
			while (batch.length < bestLane.max && bestLane.heap.size > 0) batch.push(bestLane.heap.pop()!);
			return batch;
		}

		if (best) return [this.singles.pop()!];
		const soonest = this.waiting.peek();
		if (soonest) this.wakeAt(soonest.notBefore);
		return null;
	}

	private wakeAt(at: number): void {
		if (this.timer && this.timerAt <= at) return;
		if (this.timer) clearTimeout(this.timer);
		this.timerAt = at;
		this.timer = setTimeout(
			() => {
				this.timer = null;
				this.pump();
			},
			Math.max(0, at - this.options.clock()),
		);
	}

	private async run(batch: T[]): Promise<void> {
		for (const task of batch) task.attempts += 1;
		try {
			await this.options.execute(batch);
			this.consecutiveFailures = 0;
			this.answered = true;
		} catch (error) {
			if (!this.options.isStopped()) this.handleFailure(batch, error as HttpFailure);
		} finally {
			this.inflight -= 1;
			this.pump();
		}
	}

	private handleFailure(batch: T[], failure: HttpFailure): void {
		if (failure.kind === 'aborted') return;
		const {retry, clock} = this.options;
		const now = clock();
		if (this.down) {
			// Requests that were in flight when the host was marked down.
			for (const task of batch) this.options.fail(task, `host down (${this.down})`);
			return;
		}

		// A host that refuses connections or never answers is down for the run: hundreds of packages must not
		// each wait out their own timeouts and retries. Timeouts count even when other requests to the host
		// succeed in between (a registry that answers small requests but trickles its big documents): three
		// different requests that each used up the whole deadline say every other one will too. One request
		// timing out again and again is one bad document, not a bad host: it counts once.
		// A name that does not resolve (NXDOMAIN: an air-gapped runner, a resolver that blocks the host) resolves no
		// better a second later: a host that never answered this run is down at its first ENOTFOUND, rather than
		// after a round of backoff (a host asked only a few times, like OSV's batches, waited ~1 s for its third
		// strike). One that did answer may have hit a resolver's blip: it gets the usual three strikes, as does
		// EAI_AGAIN ("try again").
		if (failure.errno === 'ENOTFOUND' && !this.answered) {
			this.markDown(failure.message, batch);
			return;
		}

		if (failure.kind === 'unreachable' || failure.kind === 'timeout') {
			this.consecutiveFailures += 1;
			if (failure.kind === 'timeout') for (const task of batch) this.timedOut.add(task);
			if (this.consecutiveFailures >= retry.hostDownAfter || this.timedOut.size >= retry.hostDownAfter) {
				this.markDown(failure.message, batch);
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
		const attempts = batch[0]!.attempts;
		// A request that used up its whole deadline is tried once more at most: each try costs that deadline.
		const limit = failure.kind === 'timeout' ? Math.min(1, retry.limit) : retry.limit;
		if (!transient || attempts > limit) {
			for (const task of batch) this.options.fail(task, failure.message);
			return;
		}

		// A wait past the cap is "not now", not "soon": waiting the cap instead, three times over, stalled a scan
		// minutes for an answer that was never coming (`Retry-After: 99999999999999999999`, a date in 9999).
		if (throttled && (failure.retryAfterMs ?? 0) > Math.max(maxRetryAfterMs, retry.maxDelayMs)) {
			const message = `${failure.message} (the server asks to wait ${askedWait(failure.retryAfterMs!)})`;
			for (const task of batch) this.options.fail(task, message);
			return;
		}

		const backoff = this.backoff(attempts);
		if (throttled) {
			// The whole host waits, not just this request: every other request would get a 429 too.
			// `Retry-After: 0` (or a past date) would retry at once, the whole retry budget in a burst at a server
			// that just said it is overloaded: never less than the backoff's own lower half.
			const asked = failure.retryAfterMs ?? backoff;
			const wait = Math.min(Math.max(asked, backoff / 2), retry.maxDelayMs);
			this.pausedUntil = Math.max(this.pausedUntil, now + wait);
			this.options.onStateChange();
		}

		for (const task of batch) {
			task.notBefore = throttled ? this.pausedUntil : now + backoff;
			this.queue(task, now);
		}
	}

	/** Exponential backoff with jitter: base × 2^(attempt-1), between 50 % and 100 % of it, capped. */
	private backoff(attempt: number): number {
		const {baseDelayMs, maxDelayMs} = this.options.retry;
		const full = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
		return Math.round(full * (0.5 + Math.random() * 0.5));
	}

	private markDown(reason: string, batch: T[]): void {
		this.down = `${this.host}: ${reason}`;
		const waiting = [...batch, ...this.singles.drain(), ...this.waiting.drain()];
		for (const lane of this.lanes.values()) waiting.push(...lane.heap.drain());
		this.stop();
		for (const task of waiting) this.options.fail(task, `host down (${this.down})`);
		this.options.onStateChange();
	}
}

/** `2 hours`, `3 days`, `more than 100 years` (a date in 9999, twenty nines of seconds). */
function askedWait(ms: number): string {
	return ms >= centuryMs ? 'more than 100 years' : formatElapsed(ms);
}

const centuryMs = 100 * 365.25 * 86_400_000;

/** Priority order: lower priority value first, then first queued. */
function before(a: QueueTask, b: QueueTask): boolean {
	const pa = a.priority();
	const pb = b.priority();
	return pa < pb || (pa === pb && a.seq < b.seq);
}

/** A binary min-heap under `less`. */
class TaskHeap<T> {
	private items: T[] = [];

	constructor(private readonly less: (a: T, b: T) => boolean) {}

	get size(): number {
		return this.items.length;
	}

	peek(): T | undefined {
		return this.items[0];
	}

	/** O(log n). */
	push(item: T): void {
		const {items} = this;
		items.push(item);
		let index = items.length - 1;
		while (index > 0) {
			const parent = (index - 1) >> 1;
			if (!this.less(items[index]!, items[parent]!)) break;
			[items[index], items[parent]] = [items[parent]!, items[index]!];
			index = parent;
		}
	}

	/** O(log n). */
	pop(): T | undefined {
		const {items} = this;
		const top = items[0];
		const last = items.pop();
		if (items.length > 0 && last !== undefined) {
			items[0] = last;
			this.siftDown(0);
		}

		return top;
	}

	/** Restores the order after the keys changed: O(n) (Floyd's heapify). */
	rebuild(): void {
		for (let index = (this.items.length >> 1) - 1; index >= 0; index--) this.siftDown(index);
	}

	/** Everything, emptied. */
	drain(): T[] {
		const items = this.items;
		this.items = [];
		return items;
	}

	private siftDown(start: number): void {
		const {items} = this;
		let index = start;
		for (;;) {
			const left = index * 2 + 1;
			const right = left + 1;
			let smallest = index;
			if (left < items.length && this.less(items[left]!, items[smallest]!)) smallest = left;
			if (right < items.length && this.less(items[right]!, items[smallest]!)) smallest = right;
			if (smallest === index) return;
			[items[index], items[smallest]] = [items[smallest]!, items[index]!];
			index = smallest;
		}
	}
}
