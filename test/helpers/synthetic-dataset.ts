import {type DependencyGraph, unresolvedVersion} from '../../source/graph/types.js';
import type {
	CargoCrateFixture,
	NpmPackageFixture,
	PypiPackageFixture,
	RegistryDataset,
} from './registry-data.js';

/**
 * A registry dataset for every registry package of a graph, in the real shapes, deterministic (derived from a
 * hash of each name) and spread over the whole range of risk: sole publishers with huge downloads, young
 * packages, stale ones, healthy ones. It lets the local server stand in for npm and PyPI on a big real
 * lockfile — for the end-to-end test, the screenshot and trying the UI by hand without a network.
 */
export function datasetForGraph(graph: DependencyGraph, base?: RegistryDataset): RegistryDataset {
	const known = new Set(
		[...(base?.npm ?? []), ...(base?.pypi ?? []), ...(base?.cargo ?? [])].map((fixture) => fixture.name),
	);
	const versionsByName = new Map<string, {ecosystem: string; versions: Set<string>}>();
	for (const node of graph.packages.values()) {
		if (node.source && node.source !== 'registry') continue;
		if (known.has(node.name)) continue;
		const entry = versionsByName.get(node.name) ?? {ecosystem: node.ecosystem, versions: new Set<string>()};
		// A requirement commit-tui will resolve (a manifest's): any release will do.
		entry.versions.add(node.locked === false && node.version === unresolvedVersion ? '1.0.0' : node.version);
		versionsByName.set(node.name, entry);
	}

	const npm: NpmPackageFixture[] = [...(base?.npm ?? [])];
	const pypi: PypiPackageFixture[] = [...(base?.pypi ?? [])];
	const cargo: CargoCrateFixture[] = [...(base?.cargo ?? [])];
	for (const [name, {ecosystem, versions}] of versionsByName) {
		const h = hash(name);
		const accounts = Array.from(
			{length: h % 6 === 0 ? 1 : 1 + (h % 5)},
			(_, i) => `dev-${(h >>> (i * 4)) % 211}`,
		);
		// Log-uniform from 10 to 10M downloads a day: most packages small, a few giants.
		const dailyDownloads = Math.round(10 ** (1 + ((h >>> 5) % 600) / 100));
		const firstDaysAgo = 60 + ((h >>> 9) % 3600);
		const locked = [...versions].sort();
		const count = locked.length + ((h >>> 3) % 40);
		const gap = Math.max(1, Math.floor(firstDaysAgo / count));
		const releases = Array.from({length: count}, (_, i) => ({
			version: i < count - locked.length ? `0.0.${i}` : locked[i - (count - locked.length)]!,
			daysAgo: Math.max(1, firstDaysAgo - i * gap),
		}));
		const growth = ((h >>> 11) % 60) / 100 - 0.3;
		if (ecosystem === 'npm') {
			npm.push({
				name,
				maintainers: accounts,
				versions: releases.map((release, i) => ({
					...release,
					publisher: accounts[i % accounts.length],
				})),
				dailyDownloads,
				growth,
			});
		} else if (ecosystem === 'cargo') {
			cargo.push({
				name,
				owners: accounts,
				...(h % 7 === 0 ? {teams: [`github:${name}-rs:publish`]} : {}),
				versions: releases.map((release) => ({num: release.version, daysAgo: release.daysAgo})),
				// crates.io volumes are about a tenth of npm's.
				dailyDownloads: Math.max(1, Math.round(dailyDownloads / 10)),
				growth,
			});
		} else {
			pypi.push({
				name,
				ownership: {
					roles: accounts.map((user, i) => ({role: i === 0 ? 'Owner' : 'Maintainer', user})),
					organization: h % 5 === 0 ? `${name}-org` : null,
				},
				releases,
				dailyDownloads,
				growth,
			});
		}
	}

	return {npm, pypi, cargo};
}

function hash(text: string): number {
	let value = 2_166_136_261;
	for (let i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 16_777_619);
	return value >>> 0;
}
