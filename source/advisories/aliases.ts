import type {Advisory, AdvisorySeverity} from './types.js';

/**
 * One advisory per vulnerability: OSV often holds the same one under several ids that alias each other (a
 * MAL- report and GitHub's malware advisory, a PYSEC and a GHSA record), and a query answers with all of them.
 * Groups joined by shared ids or aliases (transitively: an alias chain) become one entry: the MAL- id for a
 * malicious report, else the smallest id; aliases, fixed versions and the worst severity merged. O(n · aliases).
 */
export function mergeAliases(advisories: readonly Advisory[]): Advisory[] {
	const parent = advisories.map((_, index) => index);
	const find = (index: number): number => {
		while (parent[index] !== index) index = parent[index] = parent[parent[index]!]!;
		return index;
	};

	const owner = new Map<string, number>();
	advisories.forEach((advisory, index) => {
		for (const name of [advisory.id, ...advisory.aliases]) {
			const seen = owner.get(name);
			if (seen === undefined) owner.set(name, index);
			else parent[find(index)] = find(seen);
		}
	});

	const groups = new Map<number, Advisory[]>();
	advisories.forEach((advisory, index) => {
		const root = find(index);
		let group = groups.get(root);
		if (!group) groups.set(root, (group = []));
		group.push(advisory);
	});

	return [...groups.values()].map(merge).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const rank: Record<AdvisorySeverity, number> = {critical: 0, high: 1, moderate: 2, low: 3};

function merge(group: Advisory[]): Advisory {
	if (group.length === 1) return group[0]!;
	const sorted = [...group].sort((a, b) => (a.id < b.id ? -1 : 1));
	const lead = sorted.find((advisory) => advisory.id.startsWith('MAL-')) ?? sorted[0]!;
	const names = new Set(sorted.flatMap((advisory) => [advisory.id, ...advisory.aliases]));
	names.delete(lead.id);
	const severities = sorted
		.map((advisory) => advisory.severity)
		.filter((severity): severity is AdvisorySeverity => severity !== null);
	const scores = sorted.map((advisory) => advisory.score).filter((score): score is number => score !== null);
	return {
		...lead,
		aliases: [...names].sort(),
		summary: lead.summary ?? sorted.find((advisory) => advisory.summary)?.summary ?? null,
		severity: severities.sort((a, b) => rank[a] - rank[b])[0] ?? null,
		score: scores.length > 0 ? Math.max(...scores) : null,
		fixed: [...new Set(sorted.flatMap((advisory) => advisory.fixed))],
		malicious: sorted.some((advisory) => advisory.malicious),
	};
}
