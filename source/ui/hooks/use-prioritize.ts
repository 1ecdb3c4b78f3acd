import {useEffect, useRef} from 'react';

/**
 * Tell the scheduler which packages are on screen, debounced: scrolling fast through a long tree should
 * not re-sort the fetch queue on every key, only where the view comes to rest.
 */
export function usePrioritize(
	ids: readonly string[],
	prioritize: ((ids: readonly string[]) => void) | null,
	delayMs = 150,
): void {
	const key = ids.join('\n');
	const latest = useRef(ids);
	latest.current = ids;
	useEffect(() => {
		if (!prioritize || latest.current.length === 0) return;
		const timer = setTimeout(() => prioritize(latest.current), delayMs);
		return () => clearTimeout(timer);
	}, [key, prioritize, delayMs]);
}
