/**
 * The CVSS v3.0/v3.1 base score of a vector (`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H` → 9.8), per the
 * FIRST specification's formulas, and the qualitative rating OSV consumers use. Null for anything else (a
 * CVSS v2 or v4 vector, a malformed one): the severity is then unknown rather than guessed.
 */

const weights = {
	AV: {N: 0.85, A: 0.62, L: 0.55, P: 0.2},
	AC: {L: 0.77, H: 0.44},
	UI: {N: 0.85, R: 0.62},
	C: {H: 0.56, L: 0.22, N: 0},
	I: {H: 0.56, L: 0.22, N: 0},
	A: {H: 0.56, L: 0.22, N: 0},
} as const;

/** Privileges required weigh more when the scope changes. */
const privileges = {unchanged: {N: 0.85, L: 0.62, H: 0.27}, changed: {N: 0.85, L: 0.68, H: 0.5}} as const;

export function cvss3BaseScore(vector: string): number | null {
	const parts = vector.trim().split('/');
	if (!/^CVSS:3\.[01]$/.test(parts[0] ?? '')) return null;
	const metrics = new Map<string, string>();
	for (const part of parts.slice(1)) {
		const [name, value] = part.split(':');
		if (name && value) metrics.set(name, value);
	}

	const pick = <T extends Record<string, number>>(table: T, name: string): number | null => {
		const value = metrics.get(name);
		return value !== undefined && value in table ? table[value as keyof T]! : null;
	};

	const scope = metrics.get('S');
	if (scope !== 'U' && scope !== 'C') return null;
	const changed = scope === 'C';
	const av = pick(weights.AV, 'AV');
	const ac = pick(weights.AC, 'AC');
	const pr = pick(changed ? privileges.changed : privileges.unchanged, 'PR');
	const ui = pick(weights.UI, 'UI');
	const c = pick(weights.C, 'C');
	const i = pick(weights.I, 'I');
	const a = pick(weights.A, 'A');
	if (av === null || ac === null || pr === null || ui === null || c === null || i === null || a === null)
		return null;
	const iss = 1 - (1 - c) * (1 - i) * (1 - a);
	const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
	if (impact <= 0) return 0;
	const exploitability = 8.22 * av * ac * pr * ui;
	const raw = changed
		? Math.min(1.08 * (impact + exploitability), 10)
		: Math.min(impact + exploitability, 10);
	return roundUp(raw);
}

/** CVSS's "round up to one decimal" (v3.1 appendix A), immune to floating-point noise. */
function roundUp(value: number): number {
	const integer = Math.round(value * 100_000);
	return integer % 10_000 === 0 ? integer / 100_000 : (Math.floor(integer / 10_000) + 1) / 10;
}

/** The CVSS v3 qualitative rating, in GitHub's words (`medium` is `moderate`); null for 0 (none). */
export function ratingOf(score: number): 'critical' | 'high' | 'moderate' | 'low' | null {
	if (score >= 9) return 'critical';
	if (score >= 7) return 'high';
	if (score >= 4) return 'moderate';
	if (score > 0) return 'low';
	return null;
}
