/** A push-based async iterable: the scheduler pushes events, one consumer pulls them. */
export class Channel<T> implements AsyncIterable<T> {
	private readonly buffer: T[] = [];
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
		if (this.waiting && this.buffer.length === 0) {
			const resolve = this.waiting;
			this.waiting = null;
			resolve({value: undefined, done: true});
		}
	}

	[Symbol.asyncIterator](): AsyncIterator<T> {
		return {
			next: () => {
				const item = this.buffer.shift();
				if (item !== undefined) return Promise.resolve({value: item, done: false});
				if (this.ended) return Promise.resolve({value: undefined, done: true});
				return new Promise((resolve) => {
					this.waiting = resolve;
				});
			},
			return: () => {
				this.ended = true;
				this.buffer.length = 0;
				return Promise.resolve({value: undefined, done: true});
			},
		};
	}
}
