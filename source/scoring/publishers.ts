import type {DependencyGraph, Ecosystem} from '../graph/types.js';
import type {PackageReport, PublisherReach} from './types.js';

/**
 * Publisher concentration: the tree inverted to accounts. For each account (per ecosystem — npm `alice` is
 * not PyPI `alice`), the package ids of this tree it can publish and their total weekly downloads, where
 * several locked versions of one name count that name's downloads once (download counts are per name).
 * Sorted by reach: most packages first, then most downloads, then account name.
 *
 * @param scope Only these package ids (a report's scope); default every package of the graph.
 */
export function publisherConcentration(
	graph: DependencyGraph,
	reports: ReadonlyMap<string, PackageReport>,
	scope?: ReadonlySet<string>,
): PublisherReach[] {
	type Entry = {
		account: string;
		ecosystem: Ecosystem;
		packages: string[];
		downloadsByName: Map<string, number | null>;
	};
	const entries = new Map<string, Entry>();
	for (const [id, node] of graph.packages) {
		if (scope && !scope.has(id)) continue;
		const facts = reports.get(id)?.facts;
		const publishers = facts?.metadata?.publishers;
		if (!publishers) continue;
		const weekly = facts.downloads ? facts.downloads.weekly : null;
		for (const account of new Set(publishers.map((publisher) => publisher.name))) {
			const key = `${node.ecosystem}\u0000${account}`;
			let entry = entries.get(key);
			if (!entry) {
				entry = {account, ecosystem: node.ecosystem, packages: [], downloadsByName: new Map()};
				entries.set(key, entry);
			}

			entry.packages.push(id);
			// A known figure for a name wins over an unknown one from another version's report.
			const previous = entry.downloadsByName.get(node.name);
			entry.downloadsByName.set(node.name, previous ?? weekly);
		}
	}

	const reaches: PublisherReach[] = [...entries.values()].map((entry) => {
		let weeklyDownloads = 0;
		const unknownDownloads: string[] = [];
		for (const [name, weekly] of entry.downloadsByName) {
			if (weekly === null) unknownDownloads.push(name);
			else weeklyDownloads += weekly;
		}

		return {
			account: entry.account,
			ecosystem: entry.ecosystem,
			packages: entry.packages.sort(),
			weeklyDownloads,
			unknownDownloads: unknownDownloads.sort(),
		};
	});
	return reaches.sort(
		(a, b) =>
			b.packages.length - a.packages.length ||
			b.weeklyDownloads - a.weeklyDownloads ||
			compareText(a.account, b.account) ||
			compareText(a.ecosystem, b.ecosystem),
	);
}

function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
