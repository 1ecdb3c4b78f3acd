/**
 * Text helpers the UI needs (sanitising untrusted strings, compact numbers, ages, sparklines).
 * Adapter: until source/text/ lands these are small local versions; swap to re-exports when it does.
 */

// CSI, OSC (terminated by BEL or ST), DCS/SOS/PM/APC (terminated by ST), and lone ESC + one char.
const escapeSequence = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[PX^_][^\u001B]*(?:\u001B\\)?|.)?/gs;
const c1Csi = /\u009B[0-?]*[ -/]*[@-~]/g;
// C0 (except nothing: even tab/newline would break a one-line row), DEL, C1, bidi overrides/isolates.
const controls = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Strip terminal escape sequences, control characters and bidi overrides from an untrusted string. */
export function sanitize(value: string): string {
	return value.replace(escapeSequence, '').replace(c1Csi, '').replace(controls, '');
}

/** 99.2M, 38.1K, 950. */
export function compactNumber(value: number): string {
	const abs = Math.abs(value);
	const units: Array<[number, string]> = [
		[1e9, 'B'],
		[1e6, 'M'],
		[1e3, 'K'],
	];
	for (const [size, suffix] of units) {
		if (abs >= size) {
			const scaled = value / size;
			return `${scaled >= 100 ? Math.round(scaled) : scaled.toFixed(1).replace(/\.0$/, '')}${suffix}`;
		}
	}

	return String(Math.round(value));
}

const dayMs = 86_400_000;

/** Short age for a column: 5d, 3w, 2mo, 8y. */
export function shortAge(fromIso: string, now: Date): string {
	const days = Math.max(0, Math.floor((now.getTime() - Date.parse(fromIso)) / dayMs));
	if (days < 14) return `${days}d`;
	if (days < 60) return `${Math.floor(days / 7)}w`;
	if (days < 730) return `${Math.floor(days / 30.44)}mo`;
	return `${Math.floor(days / 365.25)}y`;
}

/** Long age for sentences: "34 days ago", "today". */
export function longAge(fromIso: string, now: Date): string {
	const days = Math.max(0, Math.floor((now.getTime() - Date.parse(fromIso)) / dayMs));
	if (days === 0) return 'today';
	if (days === 1) return '1 day ago';
	if (days < 730) return `${days} days ago`;
	return `${(days / 365.25).toFixed(1)} years ago`;
}

const bars = '▁▂▃▄▅▆▇█';

/** One block character per value, scaled between the series' min and max. */
export function sparkline(values: readonly number[]): string {
	if (values.length === 0) return '';
	const max = Math.max(...values);
	const min = Math.min(...values);
	const span = max - min;
	return values
		.map((value) => (span === 0 ? (max === 0 ? bars[0] : bars[3]) : bars[Math.round(((value - min) / span) * 7)]))
		.join('');
}
