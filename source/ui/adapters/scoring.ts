import type {DependencyGraph} from '../../graph/types.js';
import type {DownloadHistory, PackageMetadata} from '../../registries/types.js';
import {type PackageReport, type PublisherReach, type RiskLevel, riskLevels, type Rollup} from '../../scoring/types.js';

/**
 * Scoring helpers the UI needs. Adapter: small local versions until source/scoring/ lands
 * (same names and signatures), then these become re-exports.
 */

const rank = new Map<RiskLevel, number>(riskLevels.map((level, index) => [level, index]));

/** Lower is worse. */
export function levelRank(level: RiskLevel): number {
	return rank.get(level) ?? riskLevels.length;
}

function emptyCounts(): Record<RiskLevel, number> {
	return {critical: 0, high: 0, moderate: 0, good: 0, healthy: 0, unknown: 0};
}

/** Worst level beneath every package and root, with counts of distinct descendants per level. */
export function computeRollups(
	graph: DependencyGraph,
	reports: ReadonlyMap<string, PackageReport>,
): Map<string, Rollup> {
	const ids = [...graph.packages.keys()];
	const index = new Map(ids.map((id, i) => [id, i]));
	const words = Math.ceil(ids.length / 32);
	const closure = new Map<string, Uint32Array>();
	const visiting = new Set<string>();
	// Memoised closure bitsets; on a cycle the partial set is used (members of a cycle may undercount
	// each other, which the real implementation fixes with SCCs).
	const closureOf = (id: string): Uint32Array => {
		const known = closure.get(id);
		if (known) return known;
		const bits = new Uint32Array(words);
		if (visiting.has(id)) return bits;
		visiting.add(id);
		for (const dep of graph.packages.get(id)?.dependencies ?? []) {
			const depIndex = index.get(dep);
			if (depIndex === undefined) continue;
			bits[depIndex >>> 5]! |= 1 << (depIndex & 31);
			const sub = closureOf(dep);
			for (let w = 0; w < words; w++) bits[w]! |= sub[w]!;
		}

		visiting.delete(id);
		closure.set(id, bits);
		return bits;
	};

	const levels = ids.map((id) => reports.get(id)?.risk ?? 'unknown');
	const summarise = (bits: Uint32Array, self: number | undefined): Rollup => {
		const counts = emptyCounts();
		let worst: RiskLevel = 'unknown';
		for (let w = 0; w < words; w++) {
			let word = bits[w]!;
			while (word !== 0) {
				const bit = 31 - Math.clz32(word);
				word &= ~(1 << bit);
				const i = w * 32 + bit;
				if (i === self) continue;
				const level = levels[i]!;
				counts[level]++;
				if (levelRank(level) < levelRank(worst)) worst = level;
			}
		}

		return {worst, counts};
	};

	const result = new Map<string, Rollup>();
	for (const id of ids) result.set(id, summarise(closureOf(id), index.get(id)));
	for (const root of graph.roots) {
		const bits = new Uint32Array(words);
		for (const dep of root.dependencies) {
			const depIndex = index.get(dep);
			if (depIndex === undefined) continue;
			bits[depIndex >>> 5]! |= 1 << (depIndex & 31);
			const sub = closureOf(dep);
			for (let w = 0; w < words; w++) bits[w]! |= sub[w]!;
		}

		result.set(root.id, summarise(bits, undefined));
	}

	return result;
}

/** Accounts ranked by how many packages of the tree they can publish, then by downloads behind them. */
export function publisherConcentration(
	graph: DependencyGraph,
	reports: ReadonlyMap<string, PackageReport>,
): PublisherReach[] {
	const byAccount = new Map<string, {reach: PublisherReach; names: Set<string>}>();
	for (const node of graph.packages.values()) {
		const publishers = reports.get(node.id)?.facts?.metadata?.publishers;
		if (!publishers) continue;
		for (const account of publishers) {
			const key = `${node.ecosystem}:${account.name}`;
			let entry = byAccount.get(key);
			if (!entry) {
				entry = {
					reach: {account: account.name, ecosystem: node.ecosystem, packages: [], weeklyDownloads: 0},
					names: new Set(),
				};
				byAccount.set(key, entry);
			}

			entry.reach.packages.push(node.id);
			if (!entry.names.has(node.name)) {
				entry.names.add(node.name);
				(entry.reach as {weeklyDownloads: number}).weeklyDownloads +=
					reports.get(node.id)?.stats.weeklyDownloads ?? 0;
			}
		}
	}

	return [...byAccount.values()]
		.map((entry) => entry.reach)
		.sort((a, b) => b.packages.length - a.packages.length || b.weeklyDownloads - a.weeklyDownloads);
}

/** Weekly sums of the daily history, oldest first, the last `weeks` full weeks ending at the newest day. */
export function weeklyHistory(downloads: DownloadHistory, weeks: number): number[] {
	const daily = downloads.daily;
	const result: number[] = [];
	for (let end = daily.length; end > 0 && result.length < weeks; end -= 7) {
		const start = Math.max(0, end - 7);
		if (end - start < 7 && result.length > 0) break;
		let sum = 0;
		for (let i = start; i < end; i++) sum += daily[i]!.downloads;
		result.unshift(sum);
	}

	return result;
}

/** Releases per calendar month over the last `months` months, oldest first. */
export function releaseCadence(metadata: PackageMetadata, now: Date, months = 24): number[] {
	const counts = new Array<number>(months).fill(0);
	const nowIndex = now.getUTCFullYear() * 12 + now.getUTCMonth();
	for (const version of metadata.versions) {
		if (!version.published) continue;
		const date = new Date(version.published);
		const offset = nowIndex - (date.getUTCFullYear() * 12 + date.getUTCMonth());
		if (offset >= 0 && offset < months) counts[months - 1 - offset]!++;
	}

	return counts;
}
