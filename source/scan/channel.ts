/**
 * A push-based async iterable: the scheduler pushes events, one consumer pulls them. A warm run settles a whole
 * tree from the cache before the consumer has read the first event, so the buffer can hold tens of thousands of
 * events: it is read from a moving head (`Array.prototype.shift` on a buffer that large copies it every time,
 * quadratic over a 28k-package tree), and the consumed part is cut off once it is most of the buffer: O(1)
 * amortised per event.
 */
export class Channel<T> implements AsyncIterable<T> {
	private buffer: T[] = [];
	/** The next item to read is `buffer[head]`. */
	private head = 0;
	private waiting: ((result: IteratorResult<T>) => void) | null = null;
	private ended = false;

	push(item: T): void {
		if (this.ended) return;
		if (this.waiting) {
			const resolve = this.waiting;
			this.waiting = null;
			resolve({value: item, done: false});
		} else this.buffer.push(item);
	}

	/** No more items; a pending or later `next()` sees the end once the buffer is drained. */
	end(): void {
		this.ended = true;
		if (this.waiting && this.head === this.buffer.length) {
			const resolve = this.waiting;
			this.waiting = null;
			resolve({value: undefined, done: true});
		}
	}

	private take(): T | undefined {
		if (this.head === this.buffer.length) return undefined;
		const item = this.buffer[this.head]!;
		this.head += 1;
		if (this.head === this.buffer.length) {
			this.buffer = [];
			this.head = 0;
		} else if (this.head >= 1024 && this.head * 2 >= this.buffer.length) {
			this.buffer = this.buffer.slice(this.head);
			this.head = 0;
		}

		return item;
	}

	[Symbol.asyncIterator](): AsyncIterator<T> {
		return {
			next: () => {
				const item = this.take();
				if (item !== undefined) return Promise.resolve({value: item, done: false});
				if (this.ended) return Promise.resolve({value: undefined, done: true});
				return new Promise((resolve) => {
					this.waiting = resolve;
				});
			},
			return: () => {
				this.ended = true;
				this.buffer = [];
				this.head = 0;
				return Promise.resolve({value: undefined, done: true});
			},
		};
	}
}
