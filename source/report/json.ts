import type {Advisory} from '../advisories/types.js';
import type {Ecosystem, EdgeOrigin, LockfileFormat, PackageSource} from '../graph/types.js';
import type {PackageFacts} from '../registries/types.js';
import type {
	DimensionName,
	DimensionScore,
	FlagId,
	FlagSide,
	ReleaseFlagId,
	ReleaseReport,
	ReleaseRisk,
	RiskLevel,
	TrustRung,
} from '../scoring/types.js';
import {sanitizeNullable, sanitizeText} from '../text/sanitize.js';
import {JsonStream} from './json-stream.js';
import {prepareReport, type ReportRow} from './model.js';
import type {ReportInput, ReportProjectPolicy} from './types.js';

/** The `signals` of a package (issue 3): what the registries said, null when unknown. */
export type JsonSignals = {
	publishers: number | null;
	publisherNames: string[] | null;
	organization: string | null;
	publishedBy: string | null;
	weeklyDownloads: number | null;
	versionCount: number | null;
	firstPublished: string | null;
	lastPublished: string | null;
	lockedVersionPublished: string | null;
	deprecated: string | null;
};

export type JsonDimension = {points: number | null; max: number; detail: string};

export type JsonPackage = {
	id: string;
	ecosystem: Ecosystem;
	name: string;
	version: string;
	direct: boolean;
	dev: boolean;
	optional: boolean;
	dependencies: string[];
	aliases?: string[];
	source?: PackageSource;
	/** False when commit-tui chose the version (newest satisfying a requirement), not a lockfile. */
	locked: boolean;
	/** Where `dependencies` come from: the lockfile, the registry's metadata of the version, or nowhere. */
	edgesFrom: EdgeOrigin;
	signals: JsonSignals;
	error: string | null;
	fetchedAt: string | null;
	/** The worse of `structuralRisk` and `release.risk`: what the gate and the summary count. */
	risk: RiskLevel;
	/** The structural level alone. */
	structuralRisk: RiskLevel;
	/** The locked release's evidence and its risk; null when the package was not scored. */
	release: JsonRelease | null;
	/** OSV advisories affecting the locked version (withdrawn ones left out); null when unknown or not looked up. */
	advisories: JsonAdvisory[] | null;
	/** Why `advisories` is unknown or incomplete. */
	advisoriesError: string | null;
	score: number | null;
	/** Known points ÷ 85 (0–1, three decimals). */
	confidence: number;
	dimensions: Record<DimensionName, JsonDimension>;
	reasons: string[];
	flags: Array<{id: FlagId; message: string; side: FlagSide; counted?: boolean}>;
	/** Findings the project's policy accepted (not in `flags`; a `level` entry keeps the package off the gate). */
	ignored?: JsonIgnored[];
	/** Where its entry starts, per lockfile path (SARIF locates its results there). */
	lines?: Record<string, number>;
	rollup: {worst: RiskLevel; counts: Record<RiskLevel, number>};
};

export type JsonIgnored = {
	kind: 'flag' | 'level';
	id: string;
	message: string;
	reason: string;
	source: string;
	expires?: string;
};

/** A publisher account of the scope and the packages it can publish. */
export type JsonPublisher = {
	account: string;
	ecosystem: Ecosystem;
	packages: string[];
	weeklyDownloads: number;
	unknownDownloads: string[];
};

/** The project's own policy, as read: its policy file and its tools' cooldown settings. */
export type JsonPolicy = {
	file: string | null;
	cooldown: Array<{
		tool: string;
		file: string;
		key: string;
		value: string;
		line: number | null;
		ecosystems: string[] | 'all';
		/** The minimum age in hours, or null for a cutoff date. */
		minimumAgeHours: number | null;
		cutoff: string | null;
		description: string;
	}>;
	strictest: Array<{ecosystem: string; description: string}>;
};

/** One OSV advisory as it concerns the package (issue 11). */
export type JsonAdvisory = {
	id: string;
	aliases: string[];
	summary: string | null;
	severity: 'critical' | 'high' | 'moderate' | 'low' | null;
	/** CVSS v3 base score, when the record has a vector. */
	score: number | null;
	/** Versions that fix it, as the record says. */
	fixed: string[];
	/** An OpenSSF malicious-package report. */
	malicious: boolean;
	modified: string | null;
	url: string | null;
};

/** The release side of a package (issue 9). */
export type JsonRelease = {
	risk: ReleaseRisk;
	reason: string;
	version: string;
	publishedAt: string | null;
	/** Days since publication (three decimals: hours count for a young release). */
	ageDays: number | null;
	publisher: string | null;
	trustedPublisher: {provider: string | null; identity: string | null} | null;
	approver: string | null;
	provenance: boolean | null;
	trust: TrustRung | null;
	installScripts: Array<{name: string; command: string | null}> | null;
	previous: {version: string; publishedAt: string | null} | null;
	addedDependencies: string[] | null;
	/** Every release-side flag id. */
	evidence: ReleaseFlagId[];
	/** The ids that raised `risk`. */
	counted: ReleaseFlagId[];
};

/** The `--json` document, schemaVersion 1 (issues 2, 3 and 4: fields are added, never renamed). */
export type JsonReport = {
	schemaVersion: 1;
	tool: {name: string; version: string};
	generatedAt: string;
	scope: {
		kind: 'all' | 'subtree' | 'marked' | 'diff';
		id?: string;
		ids?: string[];
		description: string;
		packages: number;
	};
	/** `resolved`: a manifest or `--package` spec, resolved from the registry (no lockfile). */
	lockfiles: Array<{path: string; format: LockfileFormat; ecosystem: Ecosystem; resolved?: true}>;
	/** What the lockfile readers could not use (unpinned requirements, edges to missing entries). */
	warnings: string[];
	roots: Array<{
		id: string;
		name: string;
		lockfile: string;
		workspace?: string;
		dependencies: string[];
		rollup: {worst: RiskLevel; counts: Record<RiskLevel, number>};
	}>;
	packages: JsonPackage[];
	/** `localPackages`: how many of the `unknown` are local packages (workspace, link, folder, git, URL), never looked up. */
	summary: {packages: number; byRisk: Record<RiskLevel, number>; localPackages: number};
	publishers: JsonPublisher[];
	/** Present when the run read the project's policy (always for the CLI). */
	policy?: JsonPolicy;
};

const dimensionMaxima: Record<DimensionName, number> = {
	longevity: 25,
	downloads: 25,
	releases: 20,
	publishers: 15,
};
const emptyCounts = (): Record<RiskLevel, number> => ({
	critical: 0,
	high: 0,
	moderate: 0,
	good: 0,
	healthy: 0,
	unknown: 0,
});

/**
 * The JSON report as an object (stringify it with `stringifyJson` from text/escape.js). Complete with no
 * reports at all (a graph-only or offline run): every signal null, every risk `unknown`.
 *
 * Scoped reports list only the packages in scope; dependency lists (of packages and roots) are cut to the
 * scope so every id they name is a package in the document. Every string is sanitised (control
 * characters and escape sequences removed).
 */
export function buildJsonReport(input: ReportInput): JsonReport {
	return jsonReportWith(input, 'arrays');
}

/**
 * The same document as a `JsonStream` whose packages and publishers are built one at a time as it is written
 * (`jsonChunks`): the same bytes as `stringifyJson(buildJsonReport(input))`, without the whole report in
 * memory at once.
 */
export function streamJsonReport(input: ReportInput): JsonStream {
	return JsonStream.object(jsonReportWith(input, 'streams'));
}

/** A list of the report as an array, or as a stream of its lazily built entries. */
type ListOf<Entry, Lists extends 'arrays' | 'streams'> = Lists extends 'arrays' ? Entry[] : JsonStream;

/**
 * The report, its two lists that grow with the tree (packages; publisher accounts, each with the packages it
 * can publish) made as `lists` says: arrays, or streams whose entries are built as they are written.
 */
function jsonReportWith<Lists extends 'arrays' | 'streams'>(
	input: ReportInput,
	lists: Lists,
): Omit<JsonReport, 'packages' | 'publishers'> & {
	packages: ListOf<JsonPackage, Lists>;
	publishers: ListOf<JsonPublisher, Lists>;
} {
	const listOf = <Entry>(entries: Iterable<Entry>) =>
		(lists === 'arrays' ? [...entries] : JsonStream.array(entries)) as ListOf<Entry, Lists>;
	const prepared = prepareReport(input);
	const {graph, scope, scopeIds, rollups} = prepared;
	const inScope = (ids: readonly string[]) => ids.filter((id) => scopeIds.has(id)).map(clean);
	const rollupOf = (id: string) => {
		const rollup = rollups.get(id);
		return rollup
			? {worst: rollup.worst, counts: {...rollup.counts}}
			: {worst: 'unknown' as const, counts: emptyCounts()};
	};
	function* packages(): Generator<JsonPackage> {
		for (const row of prepared.rows) yield packageEntry(row, inScope, rollupOf(row.node.id));
	}
	function* publishers(): Generator<JsonPublisher> {
		for (const reach of prepared.publishers)
			yield {
				account: clean(reach.account),
				ecosystem: reach.ecosystem,
				packages: reach.packages.map(clean),
				weeklyDownloads: reach.weeklyDownloads,
				unknownDownloads: (reach.unknownDownloads ?? []).map(clean),
			};
	}

	return {
		schemaVersion: 1,
		tool: {name: prepared.toolName, version: prepared.toolVersion},
		generatedAt: prepared.generatedAt,
		scope: {
			kind: scope.kind,
			...(scope.kind === 'subtree' ? {id: clean(scope.id)} : {}),
			...(scope.kind === 'marked' || scope.kind === 'diff' ? {ids: scope.ids.map(clean)} : {}),
			description: clean(prepared.scopeDescription),
			packages: prepared.rows.length,
		},
		lockfiles: graph.lockfiles.map((lockfile) => ({
			path: clean(lockfile.path),
			format: lockfile.format,
			ecosystem: lockfile.ecosystem,
			...(lockfile.resolved ? {resolved: true as const} : {}),
		})),
		warnings: graph.warnings.map(clean),
		roots: graph.roots.map((root) => ({
			id: clean(root.id),
			name: clean(root.name),
			lockfile: clean(root.lockfile),
			...(root.workspace === undefined ? {} : {workspace: clean(root.workspace)}),
			dependencies: inScope(root.dependencies),
			rollup: rollupOf(root.id),
		})),
		packages: listOf(packages()),
		summary: {
			packages: prepared.rows.length,
			byRisk: {...prepared.byRisk},
			localPackages: prepared.localPackages,
		},
		publishers: listOf(publishers()),
		...(input.meta.project ? {policy: jsonPolicy(input.meta.project)} : {}),
	};
}

function jsonPolicy(project: ReportProjectPolicy): JsonPolicy {
	return {
		file: project.policyFile === null ? null : clean(project.policyFile),
		cooldown: project.cooldown.map((setting) => ({
			tool: setting.tool,
			file: clean(setting.file),
			key: clean(setting.key),
			value: clean(setting.raw),
			line: setting.line ?? null,
			ecosystems: setting.ecosystems === 'all' ? 'all' : [...setting.ecosystems],
			minimumAgeHours:
				setting.minimumAgeMs === undefined
					? null
					: Math.round((setting.minimumAgeMs / 3_600_000) * 1000) / 1000,
			cutoff: setting.cutoff ?? null,
			description: clean(setting.description),
		})),
		strictest: project.strictest.map((entry) => ({
			ecosystem: entry.ecosystem,
			description: clean(entry.description),
		})),
	};
}

function packageEntry(
	row: ReportRow,
	inScope: (ids: readonly string[]) => string[],
	rollup: JsonPackage['rollup'],
): JsonPackage {
	const {node, report} = row;
	const dimensions = jsonDimensions(report?.dimensions ?? null);

	return {
		id: clean(node.id),
		ecosystem: node.ecosystem,
		name: clean(node.name),
		version: clean(node.version),
		direct: node.direct,
		dev: node.dev,
		optional: node.optional,
		dependencies: inScope(node.dependencies),
		...(node.aliases && node.aliases.length > 0 ? {aliases: node.aliases.map(clean)} : {}),
		...(node.source === undefined ? {} : {source: node.source}),
		locked: node.locked !== false,
		edgesFrom: node.edgesFrom ?? 'lockfile',
		signals: signals(report?.facts ?? null, row),
		error: sanitizeNullable(report?.error ?? null),
		fetchedAt: fetchedAt(report?.facts ?? null),
		risk: row.risk,
		structuralRisk: report?.structuralRisk ?? row.risk,
		release: report?.release ? releaseEntry(report.release) : null,
		advisories: report?.release?.advisories ? report.release.advisories.map(advisoryEntry) : null,
		advisoriesError: sanitizeNullable(report?.release?.advisoriesError ?? null),
		score: row.score,
		confidence: Math.round((report?.confidence ?? 0) * 1000) / 1000,
		dimensions,
		reasons: row.reasons.map(clean),
		flags: row.flags.map((flag) => ({
			id: flag.id,
			message: clean(flag.message),
			side: flag.side ?? 'structure',
			...(flag.side === 'release' ? {counted: flag.counted === true} : {}),
		})),
		...(report?.ignored && report.ignored.length > 0
			? {
					ignored: report.ignored.map((entry) => ({
						kind: entry.kind,
						id: clean(entry.id),
						message: clean(entry.message),
						reason: clean(entry.reason),
						source: clean(entry.source),
						...(entry.expires ? {expires: entry.expires} : {}),
					})),
				}
			: {}),
		...(node.lines
			? {lines: Object.fromEntries(Object.entries(node.lines).map(([file, line]) => [clean(file), line]))}
			: {}),
		rollup,
	};
}

/**
 * A report's dimensions as JSON, once per dimensions list: every locked version of a name shares its structural
 * verdict (scoring judges it once per name), and the entries are only written out, never changed.
 */
const dimensionEntries = new WeakMap<readonly DimensionScore[], Record<DimensionName, JsonDimension>>();

function jsonDimensions(scored: readonly DimensionScore[] | null): Record<DimensionName, JsonDimension> {
	const known = scored ? dimensionEntries.get(scored) : undefined;
	if (known) return known;
	const dimensions = {} as Record<DimensionName, JsonDimension>;
	for (const name of Object.keys(dimensionMaxima) as DimensionName[]) {
		const dimension = scored?.find((candidate) => candidate.name === name);
		dimensions[name] = dimension
			? {points: dimension.points, max: dimension.max, detail: clean(dimension.detail)}
			: {points: null, max: dimensionMaxima[name], detail: 'not scored'};
	}

	if (scored) dimensionEntries.set(scored, dimensions);
	return dimensions;
}

/** Account names sanitised once per list (rows of one name share it). */
const cleanNames = new WeakMap<readonly string[], string[]>();

function cleanedNames(names: readonly string[]): string[] {
	let cleaned = cleanNames.get(names);
	if (!cleaned) cleanNames.set(names, (cleaned = names.map(clean)));
	return cleaned;
}

function advisoryEntry(advisory: Advisory): JsonAdvisory {
	return {
		id: clean(advisory.id),
		aliases: advisory.aliases.map(clean),
		summary: sanitizeNullable(advisory.summary),
		severity: advisory.severity,
		score: advisory.score,
		fixed: advisory.fixed.map(clean),
		malicious: advisory.malicious,
		modified: advisory.modified,
		url: sanitizeNullable(advisory.url),
	};
}

function releaseEntry(release: ReleaseReport): JsonRelease {
	const trusted = release.trustedPublisher;
	return {
		risk: release.risk,
		reason: clean(release.reason),
		version: clean(release.version),
		publishedAt: release.publishedAt,
		ageDays: release.ageDays,
		publisher: sanitizeNullable(release.publisher),
		trustedPublisher: trusted
			? {provider: sanitizeNullable(trusted.provider), identity: sanitizeNullable(trusted.identity)}
			: null,
		approver: sanitizeNullable(release.approver),
		provenance: release.provenance,
		trust: release.trust,
		installScripts: release.installScripts
			? release.installScripts.map((script) => ({
					name: clean(script.name),
					command: sanitizeNullable(script.command),
				}))
			: null,
		previous: release.previous
			? {version: clean(release.previous.version), publishedAt: release.previous.publishedAt}
			: null,
		addedDependencies: release.addedDependencies ? release.addedDependencies.map(clean) : null,
		evidence: [...release.evidence],
		counted: [...release.counted],
	};
}

function signals(facts: PackageFacts | null, row: ReportRow): JsonSignals {
	const metadata = facts?.metadata ?? null;
	// Found by the ecosystem's version rules when the facts were built (PyPI `1.0` = `1.0.0`).
	const locked = facts?.locked ?? null;
	return {
		publishers: row.publishers,
		publisherNames: row.publisherNames ? cleanedNames(row.publisherNames) : null,
		organization: sanitizeNullable(metadata?.organization),
		publishedBy: sanitizeNullable(locked?.publishedBy),
		weeklyDownloads: row.weeklyDownloads,
		versionCount: row.report?.stats.versionCount ?? null,
		firstPublished: metadata?.firstPublished ?? null,
		lastPublished: metadata?.lastPublished ?? null,
		lockedVersionPublished: row.report?.stats.lockedVersionPublished ?? null,
		deprecated: sanitizeNullable(locked?.deprecated),
	};
}

/** The oldest fetch time of the facts (how stale the data may be); null when nothing was fetched. */
function fetchedAt(facts: PackageFacts | null): string | null {
	const times = [facts?.origins.metadata?.fetchedAt, facts?.origins.downloads?.fetchedAt].filter(
		(time): time is string => typeof time === 'string',
	);
	return times.length === 0 ? null : times.sort()[0]!;
}

function clean(text: string): string {
	return sanitizeText(text);
}
