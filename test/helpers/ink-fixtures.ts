import type {DependencyGraph, PackageNode, RootNode} from '../../source/graph/types.js';
import type {PackageFacts, VersionFacts} from '../../source/registries/types.js';
import type {Scan, ScanEvent, ScanProgress} from '../../source/scan/types.js';
import type {PackageReport, PackageStats, RiskLevel} from '../../source/scoring/types.js';

/** Test data for the UI: small graphs from a spec, a big generated graph, facts, reports and a fake Scan. */

export const fixedNow = new Date('2026-11-01T00:00:00Z');

/**
 * A graph from `{root: ['a@1'], 'a@1': ['b@1'], …}`: keys without `@` are roots (named after the key),
 * others are npm packages `name@version` with their dependencies. Packages listed in `dev` are dev-only.
 */
export function makeGraph(spec: Record<string, string[]>, dev: string[] = []): DependencyGraph {
	const packages = new Map<string, PackageNode>();
	const roots: RootNode[] = [];
	const toId = (key: string) => `npm:${key}`;
	const ensure = (key: string): PackageNode => {
		const id = toId(key);
		let node = packages.get(id);
		if (!node) {
			const at = key.lastIndexOf('@');
			node = {
				id,
				ecosystem: 'npm',
				name: key.slice(0, at),
				version: key.slice(at + 1),
				direct: false,
				dev: dev.includes(key),
				optional: false,
				dependencies: [],
				lockfiles: ['package-lock.json'],
			};
			packages.set(id, node);
		}

		return node;
	};

	for (const [key, deps] of Object.entries(spec)) {
		if (key.lastIndexOf('@') > 0) ensure(key).dependencies = deps.map((dep) => ensure(dep).id);
		else roots.push({id: `root:${key}`, name: key, lockfile: `${key}/package-lock.json`, dependencies: []});
	}

	for (const [key, deps] of Object.entries(spec)) {
		if (key.lastIndexOf('@') > 0) continue;
		const root = roots.find((item) => item.name === key)!;
		root.dependencies = deps.map((dep) => {
			const node = ensure(dep);
			node.direct = true;
			return node.id;
		});
	}

	return {
		lockfiles: roots.map((root) => ({
			path: root.lockfile,
			format: 'npm-lock-v3' as const,
			ecosystem: 'npm' as const,
		})),
		roots,
		packages,
		warnings: [],
	};
}

/** A deterministic DAG of `count` packages, each depending on a few later ones (shared subtrees everywhere). */
export function makeBigGraph(count: number, directs = 40): DependencyGraph {
	let seed = 42;
	const random = () => {
		seed = (seed * 1_103_515_245 + 12_345) & 0x7f_ff_ff_ff;
		return seed / 0x7f_ff_ff_ff;
	};

	const spec: Record<string, string[]> = {};
	const names = Array.from({length: count}, (_, i) => `pkg-${String(i).padStart(4, '0')}@1.0.${i % 7}`);
	names.forEach((name, i) => {
		const deps = new Set<string>();
		const wanted = i < count - 10 ? Math.floor(random() * 6) : 0;
		for (let d = 0; d < wanted; d++) {
			const target = i + 1 + Math.floor(random() * Math.min(200, count - i - 1));
			if (target < count) deps.add(names[target]!);
		}

		spec[name] = [...deps];
	});
	spec.app = names.slice(0, directs);
	return makeGraph(spec);
}

export function makeVersions(
	count: number,
	lastDaysAgo: number,
	gapDays: number,
	publisher = 'alice',
): VersionFacts[] {
	return Array.from({length: count}, (_, i) => ({
		version: `1.0.${i}`,
		published: new Date(
			fixedNow.getTime() - (lastDaysAgo + (count - 1 - i) * gapDays) * 86_400_000,
		).toISOString(),
		publishedBy: publisher,
		deprecated: null,
		yanked: false,
		yankedReason: null,
	}));
}

/** Facts for an npm package: publishers, a daily history of `days` days rising to `weekly` per week. */
export function makeFacts(
	name: string,
	version: string,
	options: {publishers?: string[] | null; weekly?: number; days?: number; versions?: VersionFacts[]} = {},
): PackageFacts {
	const days = options.days ?? 364;
	const weekly = options.weekly ?? 70_000;
	const versions = options.versions ?? makeVersions(12, 34, 19);
	const locked = versions.find((item) => item.version === version) ?? null;
	const daily = Array.from({length: days}, (_, i) => ({
		day: new Date(fixedNow.getTime() - (days - i) * 86_400_000).toISOString().slice(0, 10),
		downloads: Math.round((weekly / 7) * (0.5 + (0.5 * i) / days)),
	}));
	return {
		ecosystem: 'npm',
		name,
		lockedVersion: version,
		metadata: {
			ecosystem: 'npm',
			name,
			publishers:
				options.publishers === null
					? null
					: (options.publishers ?? ['alice']).map((account) => ({name: account, role: null})),
			organization: null,
			latestVersion: versions.at(-1)?.version ?? null,
			versions,
			firstPublished: versions[0]?.published ?? null,
			lastPublished: versions.at(-1)?.published ?? null,
			repository: null,
			unpublished: false,
		},
		locked,
		downloads: {daily, weekly},
		origins: {metadata: null, downloads: null},
		errors: [],
	};
}

const emptyStats: PackageStats = {
	publishers: null,
	weeklyDownloads: null,
	trend90d: null,
	versionCount: null,
	firstPublished: null,
	lastPublished: null,
	medianReleaseGapDays: null,
	lockedVersionPublished: null,
	lockedVersionAgeDays: null,
	versionsBehindLatest: null,
};

/** A report with a given level and score; stats derived from the facts when given. */
export function makeReport(
	id: string,
	risk: RiskLevel,
	score: number | null,
	facts: PackageFacts | null = null,
	extra: Partial<PackageReport> = {},
): PackageReport {
	const stats: PackageStats = facts
		? {
				...emptyStats,
				publishers: facts.metadata?.publishers?.length ?? null,
				weeklyDownloads: facts.downloads?.weekly ?? null,
				trend90d: 1.12,
				versionCount: facts.metadata?.versions.length ?? null,
				firstPublished: facts.metadata?.firstPublished ?? null,
				lastPublished: facts.metadata?.lastPublished ?? null,
				medianReleaseGapDays: 19,
				lockedVersionPublished: facts.locked?.published ?? null,
				lockedVersionAgeDays: 40,
				versionsBehindLatest: 2,
			}
		: emptyStats;
	return {
		id,
		risk,
		score,
		confidence: 1,
		dimensions: [
			{name: 'longevity', points: 20, max: 25, detail: 'first published 5.0 years ago (≥ 4 y)'},
			{name: 'downloads', points: 14, max: 25, detail: '70K a week (≥ 10K)'},
			{name: 'releases', points: 12, max: 20, detail: '12 versions, last 34 days ago'},
			{name: 'publishers', points: 4, max: 15, detail: '1 account'},
		],
		reasons: [`${risk} because of the test`],
		flags: [],
		facts,
		error: null,
		stats,
		...extra,
	};
}

/** A Scan whose events the test pushes by hand. */
export class FakeScan implements Scan {
	readonly prioritized: string[][] = [];
	private readonly queue: ScanEvent[] = [];
	private waiting: ((result: IteratorResult<ScanEvent>) => void) | null = null;
	private ended = false;
	private resolveDone!: () => void;
	readonly done = new Promise<void>((resolve) => {
		this.resolveDone = resolve;
	});

	private latest: ScanProgress = {
		total: 0,
		done: 0,
		errors: 0,
		rateLimitedUntil: null,
		rateLimitedHost: null,
		downHosts: [],
	};

	readonly events: AsyncIterable<ScanEvent> = {
		[Symbol.asyncIterator]: () => ({
			next: () => {
				const event = this.queue.shift();
				if (event) return Promise.resolve({value: event, done: false});
				if (this.ended) return Promise.resolve({value: undefined, done: true});
				return new Promise<IteratorResult<ScanEvent>>((resolve) => {
					this.waiting = resolve;
				});
			},
		}),
	};

	constructor(signal?: AbortSignal) {
		signal?.addEventListener('abort', () => this.end());
	}

	push(event: ScanEvent): void {
		if (event.type === 'progress') this.latest = event.progress;
		const waiting = this.waiting;
		if (waiting) {
			this.waiting = null;
			waiting({value: event, done: false});
		} else this.queue.push(event);
	}

	end(): void {
		this.ended = true;
		const waiting = this.waiting;
		this.waiting = null;
		waiting?.({value: undefined, done: true});
		this.resolveDone();
	}

	prioritize(ids: readonly string[]): void {
		this.prioritized.push([...ids]);
	}

	progress(): ScanProgress {
		return this.latest;
	}
}
