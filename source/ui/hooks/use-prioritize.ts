import {useEffect} from 'react';

/**
 * Tell the scheduler which packages are on screen, debounced: scrolling fast through a long tree should
 * not re-sort the fetch queue on every key, only where the view comes to rest.
 */
export function usePrioritize(
	ids: readonly string[],
	prioritize: ((ids: readonly string[]) => void) | null,
	delayMs = 150,
): void {
	// A string key: the effect re-runs when the ids change, not when an equal array is rebuilt.
	const key = ids.join('\n');
	useEffect(() => {
		if (!prioritize || key === '') return;
		const timer = setTimeout(() => prioritize(key.split('\n')), delayMs);
		return () => clearTimeout(timer);
	}, [key, prioritize, delayMs]);
}
