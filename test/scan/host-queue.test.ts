import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {HttpFailure} from '../../source/registries/http-failure.js';
import {HostQueue, type QueueTask} from '../../source/scan/host-queue.js';

/** The queue on its own: which tasks go out, in which order and batches (the scan tests cover it end to end). */

type Task = QueueTask & {readonly name: string; rank: number};

let seq = 0;
function task(name: string, rank: number, bulk: string | null = null, max = 3): Task {
	const made: Task = {
		name,
		rank,
		seq: seq++,
		bulk: bulk ? {key: bulk, max} : null,
		attempts: 0,
		notBefore: 0,
		priority: () => made.rank,
	};
	return made;
}

/** A queue whose requests are held until `release()`; `started` lists each batch's names as it goes out. */
function queue(
	options: {
		concurrency?: number;
		shortBatches?: () => boolean;
		failFirst?: string;
		/** The failure a task's request gets (null: it succeeds), for every attempt. */
		failWith?: (name: string) => HttpFailure | null;
	} = {},
) {
	const started: string[][] = [];
	const failed: string[] = [];
	const holds: Array<() => void> = [];
	let clock = 0;
	let failNext = options.failFirst;
	const host = new HostQueue<Task>({
		host: 'example.test',
		concurrency: options.concurrency ?? 1,
		intervalMs: 0,
		retry: {limit: 2, baseDelayMs: 1000, maxDelayMs: 5000, hostDownAfter: 3},
		clock: () => clock,
		execute: (batch) => {
			started.push(batch.map((each) => each.name));
			const failure = options.failWith?.(batch[0]!.name) ?? null;
			if (failure) return Promise.reject(failure);
			if (batch.some((each) => each.name === failNext)) {
				failNext = undefined;
				return Promise.reject(new HttpFailure('status', 'HTTP 500', 500, null));
			}

			return new Promise<void>((resolve) => holds.push(resolve));
		},
		fail: (each, message) => failed.push(`${each.name}: ${message}`),
		shortBatchesAllowed: options.shortBatches ?? (() => true),
		onStateChange: () => {},
		isStopped: () => false,
	});
	const release = async () => {
		holds.shift()?.();
		// Let the settled request's `finally` pump the next one.
		for (let turn = 0; turn < 5; turn++) await Promise.resolve();
	};
	return {host, started, failed, release, tick: (ms: number) => (clock += ms)};
}

describe('HostQueue', () => {
	test('best priority first, ties in queue order', async () => {
		const {host, started, release} = queue();
		host.add(task('first', 5));
		for (const [name, rank] of [
			['c', 3],
			['a', 1],
			['b', 2],
			['a2', 1],
		] as const)
			host.add(task(name, rank));
		for (let index = 0; index < 5; index++) await release();
		assert.deepEqual(started.flat(), ['first', 'a', 'a2', 'b', 'c']);
		assert.equal(host.size, 0);
	});

	test('a priority lowered while waiting is seen at the next dispatch (reprioritize)', async () => {
		const {host, started, release} = queue();
		host.add(task('busy', 0));
		const late = task('late', 9);
		for (const each of [task('x', 5), task('y', 6), late]) host.add(each);
		late.rank = 1;
		host.reprioritize();
		for (let index = 0; index < 4; index++) await release();
		assert.deepEqual(started.flat(), ['busy', 'late', 'x', 'y']);
	});

	test('bulk tasks go out together, best first, at most the maximum; short batches wait until allowed', async () => {
		let allowed = false;
		const {host, started, release} = queue({shortBatches: () => allowed});
		host.add(task('busy', 0));
		for (const [name, rank] of [
			['d1', 4],
			['d2', 1],
			['d3', 3],
			['d4', 2],
			['d5', 5],
		] as const)
			host.add(task(name, rank, 'downloads'));
		host.add(task('single', 10));
		await release();
		await release();
		// A full batch goes first; the two left wait (a short batch would waste a request), so the single one goes.
		assert.deepEqual(started, [['busy'], ['d2', 'd4', 'd3'], ['single']]);
		allowed = true;
		await release();
		assert.deepEqual(started.at(-1), ['d1', 'd5']);
	});

	test('a failed request waits out its backoff before its retry, without holding up others', async () => {
		const {host, started, release, tick} = queue({failFirst: 'flaky'});
		host.add(task('flaky', 0));
		host.add(task('next', 1));
		await release();
		await release();
		assert.deepEqual(started.flat(), ['flaky', 'next']);
		assert.equal(host.size, 1, 'the retry is queued, waiting');
		tick(10_000);
		host.pump();
		await release();
		assert.deepEqual(started.flat(), ['flaky', 'next', 'flaky']);
	});

	test('thousands of queued tasks: each dispatch takes the best without scanning the queue', async () => {
		const {host, started, release} = queue({concurrency: 1});
		const count = 5000;
		host.add(task('head', -1));
		for (let index = 0; index < count; index++) host.add(task(`t${index}`, (index * 7919) % count));
		for (let index = 0; index <= count; index++) await release();
		const ranks = started
			.flat()
			.slice(1)
			.map((name) => (Number(name.slice(1)) * 7919) % count);
		assert.equal(ranks.length, count);
		assert.ok(ranks.every((rank, index) => index === 0 || rank >= ranks[index - 1]!));
	});

	test('a host whose name does not resolve, never answered: down at its first ENOTFOUND, without a backoff round', async () => {
		const notFound = () => new HttpFailure('unreachable', 'DNS lookup failed', null, null, 'ENOTFOUND');
		const {host, started, failed, release} = queue({failWith: notFound});
		host.add(task('only-batch', 1));
		host.add(task('second', 2));
		await release();
		assert.deepEqual(started, [['only-batch']], 'one request, not retried');
		assert.equal(host.down, 'example.test: DNS lookup failed');
		assert.deepEqual(failed, [
			'only-batch: host down (example.test: DNS lookup failed)',
			'second: host down (example.test: DNS lookup failed)',
		]);
	});

	test('ENOTFOUND after the host answered, or EAI_AGAIN: retried, down only after three strikes', async () => {
		let answered = false;
		const notFound = (name: string) =>
			name === 'fine' ? null : new HttpFailure('unreachable', 'DNS lookup failed', null, null, 'ENOTFOUND');
		const first = queue({failWith: (name) => (answered ? notFound(name) : null)});
		first.host.add(task('fine', 1));
		await first.release();
		answered = true;
		first.host.add(task('blip', 2));
		await first.release();
		assert.equal(first.host.down, null, 'a host that answered is not down at one DNS failure');
		assert.deepEqual(first.failed, []);
		assert.equal(first.host.size, 1, 'the request waits for its retry');
		first.host.stop();

		const again = () => new HttpFailure('unreachable', 'DNS lookup failed', null, null, 'EAI_AGAIN');
		const second = queue({failWith: again});
		second.host.add(task('a', 1));
		await second.release();
		assert.equal(second.host.down, null, 'EAI_AGAIN is "try again": not down at once');
		assert.deepEqual(second.failed, []);
		assert.equal(second.host.size, 1, 'the request waits for its retry');
		second.host.stop();
	});
});
