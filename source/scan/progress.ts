/**
 * Throttles progress events: at most one per interval, and always one when asked to `emitNow` (start,
 * a host paused or down, the end). Thousands of cached facts must not mean thousands of events.
 */
export class ProgressThrottle {
	private timer: NodeJS.Timeout | null = null;
	private lastAt = Number.NEGATIVE_INFINITY;

	constructor(
		private readonly intervalMs: number,
		private readonly clock: () => number,
		private readonly emit: () => void,
	) {}

	emitNow(): void {
		this.cancel();
		this.lastAt = this.clock();
		this.emit();
	}

	/** An event soon: now when the interval has passed, else when it does. */
	schedule(): void {
		if (this.timer) return;
		const wait = this.lastAt + this.intervalMs - this.clock();
		if (wait <= 0) {
			this.emitNow();
			return;
		}

		this.timer = setTimeout(() => {
			this.timer = null;
			this.emitNow();
		}, wait);
	}

	cancel(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
	}
}
