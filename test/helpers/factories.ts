import {ecosystemFor} from '../../source/ecosystems/index.js';
/**
 * Small builders for graphs, facts and reports in tests. Everything is relative to the fixed clock `NOW`
 * so tests are deterministic. Shared by the scoring, report and UI tests: keep it convenient and stable.
 *
 * @example
 * const graph = makeGraph({roots: {app: ['a@1.0.0']}, packages: {'a@1.0.0': ['b@2.0.0'], 'b@2.0.0': []}});
 * const facts = makeFacts({name: 'a', publishers: ['alice'], weekly: 2_000_000, ageDays: 3000});
 * const report = scoreFacts('npm:a@1.0.0', facts);          // the real scorer
 * const quick = makeReport('npm:b@2.0.0', {risk: 'critical'}); // hand-made, no facts needed
 */
import type {
	DependencyGraph,
	Ecosystem,
	LockfileFormat,
	PackageNode,
	PackageSource,
	RootNode,
} from '../../source/graph/types.js';
import type {
	DailyDownloads,
	PackageFacts,
	PackageMetadata,
	VersionFacts,
} from '../../source/registries/types.js';
import {scorePackage} from '../../source/scoring/score.js';
import {defaultThresholds, type Thresholds} from '../../source/scoring/thresholds.js';
import type {PackageReport, PackageStats, RiskLevel} from '../../source/scoring/types.js';

/** The clock every factory uses. */
export const NOW = new Date('2026-06-01T00:00:00.000Z');
const dayMs = 86_400_000;

/** `NOW` minus a number of days, as ISO. */
export function daysAgo(days: number, now: Date = NOW): string {
	return new Date(now.getTime() - days * dayMs).toISOString();
}

export type GraphSpec = {
	/** Default ecosystem of short specs ('a@1.0.0'); a spec may also be a full id ('pypi:b@2'). */
	readonly ecosystem?: Ecosystem;
	readonly lockfile?: string;
	readonly format?: LockfileFormat;
	/** Root name → its direct dependencies (specs). One root per entry, all in `lockfile`. */
	readonly roots?: Readonly<Record<string, readonly string[]>>;
	/** Package spec → its dependencies. Packages only named as dependencies are created without edges. */
	readonly packages?: Readonly<Record<string, readonly string[]>>;
	/** Specs to mark dev / optional. */
	readonly dev?: readonly string[];
	readonly optional?: readonly string[];
	/** Spec → non-registry source. */
	readonly sources?: Readonly<Record<string, PackageSource>>;
	/** Spec → aliases. */
	readonly aliases?: Readonly<Record<string, string[]>>;
	/**
	 * Give each root its own lockfile `<root>/<lockfile>` and the id `root:<root>`, as if several projects were
	 * scanned together (the UI tests' graphs). Default: every root in the one `lockfile`.
	 */
	readonly lockfilePerRoot?: boolean;
};

/** Turn 'name@version' (scoped names too) or a full id into a package id. */
export function specToId(spec: string, ecosystem: Ecosystem = 'npm'): string {
	if (spec.startsWith('npm:') || spec.startsWith('pypi:')) return spec;
	return `${ecosystem}:${spec}`;
}

/** Split a package id into its parts ('npm:@scope/x@1.0.0' → npm, @scope/x, 1.0.0). */
export function parseId(id: string): {ecosystem: Ecosystem; name: string; version: string} {
	const colon = id.indexOf(':');
	const ecosystem = id.slice(0, colon) as Ecosystem;
	const rest = id.slice(colon + 1);
	const at = rest.lastIndexOf('@');
	return {ecosystem, name: rest.slice(0, at), version: rest.slice(at + 1)};
}

/** A dependency graph from a compact spec; `direct` is derived from the roots. */
export function makeGraph(spec: GraphSpec = {}): DependencyGraph {
	const ecosystem = spec.ecosystem ?? 'npm';
	const lockfile = spec.lockfile ?? (ecosystem === 'npm' ? 'package-lock.json' : 'requirements.txt');
	const format = spec.format ?? (ecosystem === 'npm' ? 'npm-lock-v3' : 'requirements');
	const packages = new Map<string, PackageNode>();
	const ensure = (packageSpec: string): PackageNode => {
		const id = specToId(packageSpec, ecosystem);
		let node = packages.get(id);
		if (!node) {
			const parts = parseId(id);
			node = {
				id,
				ecosystem: parts.ecosystem,
				name: parts.name,
				version: parts.version,
				direct: false,
				dev: false,
				optional: false,
				dependencies: [],
				lockfiles: [lockfile],
			};
			packages.set(id, node);
		}

		return node;
	};

	for (const [packageSpec, dependencies] of Object.entries(spec.packages ?? {})) {
		const node = ensure(packageSpec);
		node.dependencies = dependencies.map((dependency) => ensure(dependency).id);
	}

	const roots: RootNode[] = Object.entries(spec.roots ?? {}).map(([name, dependencies]) => ({
		id: spec.lockfilePerRoot
			? `root:${name}`
			: `root:${lockfile}${Object.keys(spec.roots ?? {}).indexOf(name) === 0 ? '' : `#${name}`}`,
		name,
		lockfile: spec.lockfilePerRoot ? `${name}/${lockfile}` : lockfile,
		dependencies: dependencies.map((dependency) => {
			const node = ensure(dependency);
			node.direct = true;
			return node.id;
		}),
	}));
	for (const packageSpec of spec.dev ?? []) ensure(packageSpec).dev = true;
	for (const packageSpec of spec.optional ?? []) ensure(packageSpec).optional = true;
	for (const [packageSpec, source] of Object.entries(spec.sources ?? {})) {
		Object.assign(ensure(packageSpec), {source});
	}

	for (const [packageSpec, aliases] of Object.entries(spec.aliases ?? {}))
		ensure(packageSpec).aliases = aliases;
	const ecosystems = new Set([...packages.values()].map((node) => node.ecosystem));
	const graphEcosystem = ecosystems.size === 1 ? [...ecosystems][0]! : ecosystem;
	const paths = spec.lockfilePerRoot ? roots.map((root) => root.lockfile) : [lockfile];
	return {
		lockfiles: paths.map((path) => ({path, format, ecosystem: graphEcosystem})),
		roots,
		packages,
		warnings: [],
	};
}

export type FactsSpec = {
	readonly name: string;
	readonly ecosystem?: Ecosystem;
	/** Locked version; default the newest generated version. */
	readonly version?: string;
	/** Account names; null = unknown (the registry did not say). Default ['alice']. */
	readonly publishers?: readonly string[] | null;
	readonly organization?: string | null;
	/** Weekly downloads as a flat daily history of 364 days; null = downloads unknown. Default 50,000. */
	readonly weekly?: number | null;
	/** Explicit daily downloads, oldest first, ending yesterday (overrides `weekly`). */
	readonly daily?: readonly number[];
	/** The weekly total as the registry reported it; default the sum of the history's last 7 days. */
	readonly reportedWeekly?: number;
	/** Days since the first release; default 3000. null = first publication unknown. */
	readonly ageDays?: number | null;
	/** Days since the last release; default 20. */
	readonly lastReleaseDays?: number;
	/** Number of versions, spread evenly from first to last release; default 40. */
	readonly versionCount?: number;
	/** Explicit versions (overrides the generated ones). */
	readonly versions?: readonly VersionFacts[];
	readonly latest?: string | null;
	/** Deprecation message of the locked version. */
	readonly deprecated?: string | null;
	readonly yanked?: boolean;
	readonly yankedReason?: string | null;
	/** Who published each generated version (default the first publisher). */
	readonly publishedBy?: string | null;
	/** Who published the newest generated version (the takeover signal). */
	readonly latestPublishedBy?: string | null;
	/** Metadata null = the metadata request failed. */
	readonly noMetadata?: boolean;
	/** Origins null, as for facts that were never fetched over HTTP. */
	readonly noOrigins?: boolean;
	readonly unpublished?: boolean;
	/** The locked `version` is not among the generated versions (else the last generated one is renamed to it). */
	readonly lockedMissing?: boolean;
	readonly errors?: readonly string[];
	readonly now?: Date;
	/** Which release facts the registry reports (default: none, as for a hand-made document). */
	readonly coverage?: PackageMetadata['coverage'];
	readonly repository?: string | null;
	readonly status?: PackageMetadata['status'];
	/** The lockfile marks an install script. */
	readonly lockfileInstallScript?: boolean;
};

/** A version entry. */
export function makeVersion(
	version: string,
	published: string | null,
	extra: Partial<VersionFacts> = {},
): VersionFacts {
	return {
		version,
		published,
		publishedBy: null,
		deprecated: null,
		yanked: false,
		yankedReason: null,
		...extra,
	};
}

/** A daily history ending the day before `now`, oldest first. */
export function makeDaily(values: readonly number[], now: Date = NOW): DailyDownloads[] {
	return values.map((downloads, index) => ({
		day: new Date(now.getTime() - (values.length - index) * dayMs).toISOString().slice(0, 10),
		downloads,
	}));
}

/** PackageFacts in the real shape, from a few numbers. */
export function makeFacts(spec: FactsSpec): PackageFacts {
	const now = spec.now ?? NOW;
	const ecosystem = spec.ecosystem ?? 'npm';
	const publishers = spec.publishers === undefined ? ['alice'] : spec.publishers;
	const ageDays = spec.ageDays === undefined ? 3000 : spec.ageDays;
	const lastReleaseDays = Math.min(spec.lastReleaseDays ?? 20, ageDays ?? Number.POSITIVE_INFINITY);
	const count = spec.versionCount ?? 40;
	const publishedBy = spec.publishedBy === undefined ? (publishers?.[0] ?? null) : spec.publishedBy;
	let versions: VersionFacts[];
	if (spec.versions) {
		versions = [...spec.versions];
	} else {
		versions = [];
		for (let index = 0; index < count; index++) {
			const span = (ageDays ?? lastReleaseDays) - lastReleaseDays;
			const daysBack =
				count === 1 ? lastReleaseDays : (ageDays ?? lastReleaseDays) - (span * index) / (count - 1);
			const isLast = index === count - 1;
			versions.push(
				makeVersion(
					`1.${Math.floor(index / 10)}.${index % 10}`,
					ageDays === null && index < count - 1 ? null : daysAgo(daysBack, now),
					{
						publishedBy:
							isLast && spec.latestPublishedBy !== undefined ? spec.latestPublishedBy : publishedBy,
					},
				),
			);
		}
	}

	const lockedVersion = spec.version ?? versions.at(-1)?.version ?? '1.0.0';
	// Generated versions end at the locked one, unless the registry is to lack it (`lockedMissing`).
	const last = versions.at(-1);
	if (
		!spec.versions &&
		!spec.lockedMissing &&
		last &&
		!versions.some((entry) => entry.version === lockedVersion)
	)
		versions[versions.length - 1] = {...last, version: lockedVersion};
	versions = versions.map((entry) =>
		entry.version === lockedVersion
			? {
					...entry,
					deprecated: spec.deprecated ?? entry.deprecated,
					yanked: spec.yanked ?? entry.yanked,
					yankedReason: spec.yankedReason ?? entry.yankedReason,
				}
			: entry,
	);
	const dated = versions.map((entry) => entry.published).filter((time): time is string => time !== null);
	const metadata: PackageMetadata | null = spec.noMetadata
		? null
		: {
				ecosystem,
				name: spec.name,
				publishers:
					publishers === null
						? null
						: publishers.map((name) => ({name, role: ecosystem === 'pypi' ? 'Owner' : null})),
				organization: spec.organization ?? null,
				latestVersion: spec.latest === undefined ? (versions.at(-1)?.version ?? null) : spec.latest,
				versions,
				firstPublished: ageDays === null ? null : (dated.sort()[0] ?? null),
				lastPublished: dated.sort().at(-1) ?? null,
				repository: spec.repository ?? null,
				unpublished: spec.unpublished ?? false,
				...(spec.coverage ? {coverage: spec.coverage} : {}),
				...(spec.status ? {status: spec.status} : {}),
			};
	const weekly = spec.weekly === undefined ? 50_000 : spec.weekly;
	const dailyValues = spec.daily ?? (weekly === null ? null : new Array<number>(364).fill(weekly / 7));
	const daily = dailyValues ? makeDaily(dailyValues, now) : null;
	const origin = {url: 'http://127.0.0.1/test', fetchedAt: now.toISOString(), fromCache: false};
	return {
		ecosystem,
		name: spec.name,
		lockedVersion,
		metadata,
		locked: metadata ? ecosystemFor(ecosystem).versions.find(metadata.versions, lockedVersion) : null,
		behindLatest: metadata ? ecosystemFor(ecosystem).versions.behindLatest(metadata, lockedVersion) : null,
		downloads: daily
			? {
					daily,
					weekly:
						spec.reportedWeekly ??
						Math.round(daily.slice(-7).reduce((total, day) => total + day.downloads, 0)),
				}
			: null,
		origins: {
			metadata: metadata && !spec.noOrigins ? origin : null,
			downloads: daily && !spec.noOrigins ? origin : null,
		},
		errors: [...(spec.errors ?? [])],
		...(spec.lockfileInstallScript ? {lockfileInstallScript: true as const} : {}),
	};
}

/** The real scorer on facts, at `NOW` with default thresholds unless told otherwise. */
export function scoreFacts(
	id: string,
	facts: PackageFacts | null,
	thresholds: Thresholds = defaultThresholds,
	now: Date = NOW,
): PackageReport {
	return scorePackage(id, facts, thresholds, now);
}

const unknownStats: PackageStats = {
	publishers: null,
	weeklyDownloads: null,
	trend90d: null,
	versionCount: null,
	firstPublished: null,
	lastPublished: null,
	lockedVersionPublished: null,
	lockedVersionAgeDays: null,
	versionsBehindLatest: null,
	trendWindowDays: null,
};

/** A hand-made report (no scoring): give the level and whatever else the test looks at. */
export function makeReport(
	id: string,
	overrides: Partial<Omit<PackageReport, 'id' | 'stats'>> & {
		readonly risk?: RiskLevel;
		readonly stats?: Partial<PackageStats>;
	} = {},
): PackageReport {
	const {stats, ...rest} = overrides;
	return {
		id,
		risk: 'healthy',
		score: 80,
		confidence: 1,
		dimensions: [],
		reasons: [`${overrides.risk ?? 'healthy'} by hand`],
		flags: [],
		facts: null,
		error: null,
		...rest,
		stats: {...unknownStats, ...stats},
	};
}

/** Reports for every package of a graph: `levels` maps ids to levels, the rest are healthy. */
export function makeReports(
	graph: DependencyGraph,
	levels: Readonly<Record<string, RiskLevel>> = {},
): Map<string, PackageReport> {
	const reports = new Map<string, PackageReport>();
	for (const id of graph.packages.keys()) reports.set(id, makeReport(id, {risk: levels[id] ?? 'healthy'}));
	return reports;
}

/** Hostile values every output must neutralise (terminal escapes, HTML, Markdown table and link injection). */
export const hostileStrings = {
	clearScreen: '\x1b[2J',
	oscTitle: '\x1b]0;pwned\x07',
	script: '<script>alert(1)</script>',
	pipe: '|',
	jsLink: '[x](javascript:alert(1))',
} as const;

/**
 * A small tree whose names, publishers, deprecation message and root name are all hostile: for tests that
 * check nothing survives raw in any output.
 */
export function makeHostileFixture(): {graph: DependencyGraph; reports: Map<string, PackageReport>} {
	const {clearScreen, oscTitle, script, pipe, jsLink} = hostileStrings;
	const evilName = `evil${clearScreen}${oscTitle}${pipe}name`;
	const graph = makeGraph({
		roots: {[`app${script}`]: [`${evilName}@1.0.0`, 'plain@2.0.0']},
		packages: {[`${evilName}@1.0.0`]: ['plain@2.0.0'], 'plain@2.0.0': []},
	});
	const evilId = specToId(`${evilName}@1.0.0`);
	const reports = new Map<string, PackageReport>([
		[
			evilId,
			scoreFacts(
				evilId,
				makeFacts({
					name: evilName,
					version: '1.0.0',
					versions: [
						makeVersion('0.9.0', daysAgo(400), {publishedBy: 'alice'}),
						makeVersion('1.0.0', daysAgo(300), {publishedBy: `${script}${oscTitle}`}),
					],
					publishers: [`${script}${oscTitle}`, `mallory${clearScreen}${jsLink}`],
					deprecated: `${jsLink} ${script} ${pipe} ${clearScreen}${oscTitle}`,
					weekly: 99_000_000,
				}),
			),
		],
		[
			'npm:plain@2.0.0',
			scoreFacts(
				'npm:plain@2.0.0',
				makeFacts({name: 'plain', version: '2.0.0', publishers: [jsLink], weekly: 5_000_000}),
			),
		],
	]);
	return {graph, reports};
}
