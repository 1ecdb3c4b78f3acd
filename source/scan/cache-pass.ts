/**
 * The warm-up pass: every name's cached answers are read before anything is queued, best priority first,
 * a bounded number at a time. `resort()` re-orders what is left when priorities change (the rows on
 * screen), so those names are looked up — and queued, and put in a bulk batch — next.
 */
export type CachePass = {
	readonly done: Promise<void>;
	resort(): void;
};

export function startCachePass<T extends {readonly priority: number}>(
	items: readonly T[],
	visit: (item: T) => Promise<void>,
	options: {readonly concurrency: number; readonly isStopped: () => boolean},
): CachePass {
	// Remaining items, best priority LAST (popped).
	const remaining = [...items].sort((a, b) => b.priority - a.priority);
	const worker = async (): Promise<void> => {
		while (remaining.length > 0 && !options.isStopped()) await visit(remaining.pop()!);
	};

	const done = Promise.all(Array.from({length: options.concurrency}, worker)).then(() => undefined);
	return {done, resort: () => remaining.sort((a, b) => b.priority - a.priority)};
}
