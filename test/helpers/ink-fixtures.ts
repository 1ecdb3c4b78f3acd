import type {DependencyGraph} from '../../source/graph/types.js';
import type {PackageFacts, VersionFacts} from '../../source/registries/types.js';
import type {Scan, ScanEvent, ScanProgress} from '../../source/scan/types.js';
import type {PackageReport, RiskLevel} from '../../source/scoring/types.js';
import * as factories from './factories.js';

/**
 * Test data for the UI: the UI tests' shorthands for factories.ts (small graphs from a spec, facts with a rising
 * download history, reports with fixed dimensions, all at the clock `fixedNow`), a big generated graph and a
 * fake Scan.
 */

export const fixedNow = new Date('2026-11-01T00:00:00Z');

/**
 * A graph from `{root: ['a@1'], 'a@1': ['b@1'], …}`: keys without `@` are roots (named after the key, each in
 * its own `<root>/package-lock.json`), others are npm packages `name@version` with their dependencies.
 * Packages listed in `dev` are dev-only.
 */
export function makeGraph(spec: Record<string, string[]>, dev: string[] = []): DependencyGraph {
	const roots: Record<string, string[]> = {};
	const packages: Record<string, string[]> = {};
	for (const [key, deps] of Object.entries(spec)) {
		if (key.lastIndexOf('@') > 0) packages[key] = deps;
		else roots[key] = deps;
	}

	return factories.makeGraph({roots, packages, dev, lockfilePerRoot: true});
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

/** `count` versions 1.0.0, 1.0.1, … by `publisher`, the last `lastDaysAgo` days before `fixedNow`, `gapDays` apart. */
export function makeVersions(
	count: number,
	lastDaysAgo: number,
	gapDays: number,
	publisher = 'alice',
): VersionFacts[] {
	return Array.from({length: count}, (_, i) =>
		factories.makeVersion(`1.0.${i}`, factories.daysAgo(lastDaysAgo + (count - 1 - i) * gapDays, fixedNow), {
			publishedBy: publisher,
		}),
	);
}

/** Facts for an npm package: publishers, a daily history of `days` days rising to `weekly` per week. */
export function makeFacts(
	name: string,
	version: string,
	options: {publishers?: string[] | null; weekly?: number; days?: number; versions?: VersionFacts[]} = {},
): PackageFacts {
	const days = options.days ?? 364;
	const weekly = options.weekly ?? 70_000;
	return factories.makeFacts({
		name,
		version,
		publishers: options.publishers,
		versions: options.versions ?? makeVersions(12, 34, 19),
		daily: Array.from({length: days}, (_, i) => Math.round((weekly / 7) * (0.5 + (0.5 * i) / days))),
		reportedWeekly: weekly,
		noOrigins: true,
		now: fixedNow,
	});
}

/** A report with a given level and score, four fixed dimensions, and stats derived from the facts when given. */
export function makeReport(
	id: string,
	risk: RiskLevel,
	score: number | null,
	facts: PackageFacts | null = null,
	extra: Partial<PackageReport> = {},
): PackageReport {
	return factories.makeReport(id, {
		risk,
		score,
		dimensions: [
			{name: 'longevity', points: 20, max: 25, detail: 'first published 5.0 years ago (≥ 4 y)'},
			{name: 'downloads', points: 14, max: 25, detail: '70K a week (≥ 10K)'},
			{name: 'releases', points: 12, max: 20, detail: '12 versions, last 34 days ago'},
			{name: 'publishers', points: 4, max: 15, detail: '1 account'},
		],
		reasons: [`${risk} because of the test`],
		facts,
		stats: facts
			? {
					publishers: facts.metadata?.publishers?.length ?? null,
					weeklyDownloads: facts.downloads?.weekly ?? null,
					trend90d: 1.12,
					versionCount: facts.metadata?.versions.length ?? null,
					firstPublished: facts.metadata?.firstPublished ?? null,
					lastPublished: facts.metadata?.lastPublished ?? null,
					lockedVersionPublished: facts.locked?.published ?? null,
					lockedVersionAgeDays: 40,
					versionsBehindLatest: 2,
				}
			: {},
		...extra,
	});
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
		pacedHosts: [],
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
