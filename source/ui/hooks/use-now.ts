import {useEffect, useState} from 'react';

/** The current time, ticking every `intervalMs` while `active` (e.g. a rate-limit countdown). */
export function useNow(active: boolean, fixed?: Date, intervalMs = 1000): Date {
	const [now, setNow] = useState(() => fixed ?? new Date());
	useEffect(() => {
		if (!active || fixed) return;
		setNow(new Date());
		const timer = setInterval(() => setNow(new Date()), intervalMs);
		return () => clearInterval(timer);
	}, [active, fixed, intervalMs]);
	return fixed ?? now;
}
