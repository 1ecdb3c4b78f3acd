import type {DependencyGraph, PackageNode} from '../../source/graph/types.js';
import type {PackageFacts, VersionFacts} from '../../source/registries/types.js';
import type {Scan, ScanEvent, ScanProgress} from '../../source/scan/types.js';

/**
 * Plausible, deterministic facts for any graph (derived from a hash of the package name), and a Scan that
 * streams them on a timer. For the UI benchmark and for looking at the real screen without a network.
 */

function hash(text: string): number {
	let value = 2_166_136_261;
	for (let i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 16_777_619);
	return value >>> 0;
}

const dayMs = 86_400_000;

export function syntheticFacts(node: PackageNode, now: Date): PackageFacts {
	const h = hash(node.name);
	const weekly = Math.round(10 ** (2 + (h % 600) / 100));
	const publisherCount = h % 7 === 0 ? 1 : 1 + (h % 5);
	const versionCount = 3 + (h % 90);
	const gap = 10 + (h % 60);
	const lastDaysAgo = h % 400;
	const accounts = Array.from({length: publisherCount}, (_, i) => `dev-${(h >>> (i * 3)) % 97}`);
	const versions: VersionFacts[] = Array.from({length: versionCount}, (_, i) => {
		const isLocked = i === versionCount - 1 - (h % 3);
		return {
			version: isLocked ? node.version : `0.${i}.0`,
			published: new Date(now.getTime() - (lastDaysAgo + (versionCount - 1 - i) * gap) * dayMs).toISOString(),
			publishedBy: accounts[i % accounts.length]!,
			deprecated: null,
			yanked: false,
			yankedReason: null,
		};
	});
	const days = 364;
	const slope = ((h >>> 8) % 40) / 100 - 0.2;
	const daily = Array.from({length: days}, (_, i) => ({
		day: new Date(now.getTime() - (days - i) * dayMs).toISOString().slice(0, 10),
		downloads: Math.max(
			0,
			Math.round((weekly / 7) * (1 + slope * (i / days - 0.5)) * (1 + 0.15 * Math.sin(i / 9))),
		),
	}));
	const locked = versions.find((version) => version.version === node.version) ?? null;
	return {
		ecosystem: node.ecosystem,
		name: node.name,
		lockedVersion: node.version,
		behindLatest: 0,
		metadata: {
			ecosystem: node.ecosystem,
			name: node.name,
			publishers: accounts.map((name) => ({name, role: null})),
			organization: null,
			latestVersion: versions.at(-1)!.version,
			versions,
			firstPublished: versions[0]!.published,
			lastPublished: versions.at(-1)!.published,
			repository: null,
			unpublished: false,
		},
		locked,
		downloads: {daily, weekly: daily.slice(-7).reduce((sum, day) => sum + day.downloads, 0)},
		origins: {metadata: null, downloads: null},
		errors: [],
	};
}

/** A scan that emits `batch` synthetic results every `intervalMs`, honouring prioritize() and abort. */
export function syntheticScan(
	graph: DependencyGraph,
	signal: AbortSignal,
	options: {intervalMs?: number; batch?: number; now?: Date} = {},
): Scan {
	const now = options.now ?? new Date();
	const queue = [...graph.packages.keys()];
	const total = queue.length;
	let done = 0;
	let progress: ScanProgress = {
		total,
		done,
		errors: 0,
		rateLimitedUntil: null,
		rateLimitedHost: null,
		downHosts: [],
		pacedHosts: [],
	};
	let finish!: () => void;
	const finished = new Promise<void>((resolve) => {
		finish = resolve;
	});

	async function* events(): AsyncGenerator<ScanEvent> {
		while (queue.length > 0 && !signal.aborted) {
			await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 20));
			for (let i = 0; i < (options.batch ?? 10) && queue.length > 0; i++) {
				const id = queue.shift()!;
				done++;
				yield {type: 'facts', id, facts: syntheticFacts(graph.packages.get(id)!, now)};
			}

			progress = {...progress, done};
			yield {type: 'progress', progress};
		}

		finish();
	}

	return {
		events: events(),
		prioritize(ids) {
			const wanted = new Set(ids);
			const front = queue.filter((id) => wanted.has(id));
			const rest = queue.filter((id) => !wanted.has(id));
			queue.splice(0, queue.length, ...front, ...rest);
		},
		progress: () => progress,
		done: finished,
	};
}
