import Conf from 'conf';
import {ecosystems} from '../ecosystems/index.js';
import {defaultConcurrency, defaultEndpointSettings, defaultRateLimits} from '../registries/endpoints.js';
import {defaultResponseLimitsMB, type ResponseSize} from '../registries/response-limits.js';
import {type ReportFormat, reportFormats} from '../report/formats.js';
import {defaultReleaseLevels, type ReleaseLevels} from '../scoring/release/levels.js';
import type {ReleaseRuleLevel} from '../scoring/release/types.js';
import {defaultThresholds, type Thresholds} from '../scoring/thresholds.js';
import {
	defaultTiers,
	isValidTierTable,
	type RecencyTier,
	type ScoringTiers,
	type Tier,
} from '../scoring/tiers.js';
import {differencesFrom, settingsFileVersion, withoutLegacyDefaults} from './stored-settings.js';

/**
 * The persisted settings (conf). Everything here is editable in the settings screen and with
 * `commit-tui config get|set|path|reset`. Flags and environment variables override them per run.
 */

export const columnNames = [
	'risk',
	'flags',
	'score',
	'pubs',
	'weekly',
	'trend',
	'last',
	'age',
	'adv',
] as const;

/** The levels a release rule can raise the release risk to (`releaseRisk.*`). */
export const releaseRuleLevels: readonly ReleaseRuleLevel[] = ['critical', 'high', 'moderate', 'none'];
export type ColumnName = (typeof columnNames)[number];

export const sortKeys = ['tree', 'risk', 'score', 'name', 'downloads', 'publishers'] as const;
export type SortKey = (typeof sortKeys)[number];

/** Export formats: the report formats. */
export const exportFormats = reportFormats;
export type ExportFormat = ReportFormat;

/**
 * Base URL per endpoint key (every ecosystem's endpoints: `npmRegistry`, `npmDownloads`, `pypi`,
 * `pypistats`, …). Null = the ecosystem's own config decides (npm: `.npmrc`), else the public default.
 */
export type Endpoints = Readonly<Record<string, string | null>>;

/** Scoring that differs in one ecosystem (crates.io's volumes): only the keys it overrides. */
export type EcosystemScoringSettings = {
	readonly tiers: Partial<ScoringTiers>;
	readonly thresholds: Partial<Thresholds>;
};

export type Settings = {
	readonly thresholds: Thresholds;
	/** The levels the release-evidence rules raise a locked version's release risk to. */
	readonly releaseRisk: ReleaseLevels;
	/** The score's points tables (PRODUCT.md "Score and risk levels"). */
	readonly tiers: ScoringTiers;
	/** Columns shown in the tree, in order. */
	readonly columns: ColumnName[];
	readonly defaultSort: SortKey;
	readonly showDevDependencies: boolean;
	/** Requests in flight per host. */
	readonly concurrency: number;
	/**
	 * Requests per minute per host name (e.g. {"pypistats.org": 30}). A host without an entry has only the
	 * concurrency limit.
	 */
	readonly rateLimits: Record<string, number>;
	readonly cacheLifetimeHours: {readonly metadata: number; readonly downloads: number};
	/** The OSV lookup: on or off, and how long a query answer is reused (records are kept by id, with `modified`). */
	readonly advisories: {readonly enabled: boolean; readonly cacheHours: number};
	/** Largest decompressed response read, in MB, per class of request (see registries/response-limits.ts). */
	readonly maxResponseMB: Readonly<Record<ResponseSize, number>>;
	/** Deadline of one request, redirects and body included, in seconds. */
	readonly requestTimeoutSeconds: number;
	readonly endpoints: Endpoints;
	/** Per-ecosystem scoring overrides, by ecosystem id (defaults from each ecosystem module). */
	readonly byEcosystem: Readonly<Record<string, EcosystemScoringSettings>>;
	/** Where exports are written; '' = the current directory, `~/…` = under the home folder. */
	readonly exportDirectory: string;
	readonly exportFormat: ExportFormat;
	readonly color: boolean;
	/**
	 * The target environment resolution judges markers against, by ecosystem id (`pypi` → the
	 * `python.environment` setting, `3.12/linux-x86_64/cpython`).
	 */
	readonly environments: Readonly<Record<string, string>>;
};

export const defaultEndpoints: Endpoints = defaultEndpointSettings();

/** Each ecosystem's own defaults for the scoring it overrides. */
export const defaultByEcosystem: Readonly<Record<string, EcosystemScoringSettings>> = Object.fromEntries(
	ecosystems
		.filter((ecosystem) => ecosystem.scoring)
		.map((ecosystem) => [
			ecosystem.id,
			{tiers: {...ecosystem.scoring!.tiers}, thresholds: {...ecosystem.scoring!.thresholds}},
		]),
);

/** Each ecosystem's default target environment (the ecosystems that resolve with one). */
export const defaultEnvironments: Readonly<Record<string, string>> = Object.fromEntries(
	ecosystems.flatMap((ecosystem) =>
		ecosystem.resolver?.environment ? [[ecosystem.id, ecosystem.resolver.environment.defaultValue]] : [],
	),
);

export const defaultSettings: Settings = {
	thresholds: defaultThresholds,
	releaseRisk: defaultReleaseLevels,
	tiers: defaultTiers,
	columns: [...columnNames],
	defaultSort: 'tree',
	showDevDependencies: true,
	// npm's own per-registry default; rate-limited hosts are paced by `rateLimits` (registries/endpoints.ts).
	concurrency: defaultConcurrency,
	// The public hosts' documented limits (pypistats.org: 30 a minute), from the ecosystems.
	rateLimits: defaultRateLimits(),
	cacheLifetimeHours: {metadata: 24, downloads: 24},
	// An hour, not a day: a malicious-package report (OSV MAL-) lands hours after the attack, and it is what names
	// the attack once the cooldown is over; asking again costs one batch request per 1,000 packages.
	advisories: {enabled: true, cacheHours: 1},
	maxResponseMB: defaultResponseLimitsMB,
	requestTimeoutSeconds: 30,
	endpoints: defaultEndpoints,
	byEcosystem: defaultByEcosystem,
	// Not the current directory: an export from the UI must not drop untracked files into the repository.
	exportDirectory: '~/commit-tui-reports',
	exportFormat: 'md',
	color: true,
	environments: defaultEnvironments,
};

/** The conf store. `COMMIT_TUI_CONFIG_DIR` moves it (tests use a temporary folder). */
export function openSettingsStore(env: NodeJS.ProcessEnv = process.env): Conf<Settings> {
	return new Conf<Settings>({
		projectName: 'commit-tui',
		projectSuffix: '',
		cwd: env.COMMIT_TUI_CONFIG_DIR || undefined,
		// No `defaults`: conf would write every default into the file, and a later version's new defaults would
		// never reach anyone. mergeSettings fills them in when reading.
	});
}

/** Settings with defaults filled in for anything missing or of the wrong type (a hand-edited file). */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
	let stored: Partial<Settings>;
	try {
		stored = openSettingsStore(env).store;
	} catch {
		// A corrupt settings file must not stop a scan; the defaults apply.
		stored = {};
	}

	return mergeSettings(withoutLegacyDefaults(stored as Record<string, unknown>) as Partial<Settings>);
}

export function mergeSettings(stored: Partial<Settings>): Settings {
	const pick = <K extends keyof Settings>(key: K): Settings[K] => {
		const value = stored[key];
		const fallback = defaultSettings[key];
		return typeof value === typeof fallback && value !== null ? (value as Settings[K]) : fallback;
	};

	return {
		thresholds: {...defaultThresholds, ...numbersOnly(stored.thresholds)},
		releaseRisk: mergeReleaseLevels(stored.releaseRisk),
		tiers: mergeTiers(stored.tiers),
		columns: Array.isArray(stored.columns)
			? stored.columns.filter((c): c is ColumnName => (columnNames as readonly string[]).includes(c))
			: defaultSettings.columns,
		defaultSort: (sortKeys as readonly string[]).includes(stored.defaultSort as string)
			? (stored.defaultSort as SortKey)
			: defaultSettings.defaultSort,
		showDevDependencies: pick('showDevDependencies'),
		concurrency: Math.max(1, Math.floor(pick('concurrency'))),
		rateLimits: {...defaultSettings.rateLimits, ...numbersOnly(stored.rateLimits)},
		cacheLifetimeHours: {...defaultSettings.cacheLifetimeHours, ...numbersOnly(stored.cacheLifetimeHours)},
		advisories: mergeAdvisories(stored.advisories),
		maxResponseMB: {...defaultSettings.maxResponseMB, ...positiveOnly(numbersOnly(stored.maxResponseMB))},
		requestTimeoutSeconds:
			typeof stored.requestTimeoutSeconds === 'number' && stored.requestTimeoutSeconds > 0
				? stored.requestTimeoutSeconds
				: defaultSettings.requestTimeoutSeconds,
		endpoints: {...defaultEndpoints, ...stringsOnly(stored.endpoints)},
		byEcosystem: mergeByEcosystem(stored.byEcosystem),
		exportDirectory: pick('exportDirectory'),
		exportFormat: (exportFormats as readonly string[]).includes(stored.exportFormat as string)
			? (stored.exportFormat as ExportFormat)
			: defaultSettings.exportFormat,
		color: pick('color'),
		environments: mergeEnvironments(stored.environments),
	};
}

function mergeAdvisories(value: unknown): Settings['advisories'] {
	const stored = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
	const hours = stored.cacheHours;
	return {
		enabled: typeof stored.enabled === 'boolean' ? stored.enabled : defaultSettings.advisories.enabled,
		cacheHours:
			typeof hours === 'number' && Number.isFinite(hours) && hours >= 0
				? hours
				: defaultSettings.advisories.cacheHours,
	};
}

/** Stored release levels, each one checked: anything but a known level falls back to its default. */
function mergeReleaseLevels(value: unknown): ReleaseLevels {
	const stored = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
	const merged: Record<string, ReleaseRuleLevel> = {...defaultReleaseLevels};
	for (const key of Object.keys(defaultReleaseLevels)) {
		const level = stored[key];
		if (typeof level === 'string' && (releaseRuleLevels as readonly string[]).includes(level))
			merged[key] = level as ReleaseRuleLevel;
	}

	return merged as ReleaseLevels;
}

/** Stored environments that are still valid for their ecosystem; the defaults for the rest. */
function mergeEnvironments(value: unknown): Record<string, string> {
	const stored = stringsOnly(value);
	const result: Record<string, string> = {...defaultEnvironments};
	for (const ecosystem of ecosystems) {
		const spec = ecosystem.resolver?.environment;
		const text = stored[ecosystem.id];
		if (spec && text !== undefined && spec.validate(text) === null) result[ecosystem.id] = text;
	}

	return result;
}

/** The most points the trend may add or remove (the downloads dimension's maximum). */
export const maxTrendPoints = 25;

/**
 * Stored tier tables, each checked on its own: an invalid table (hand-edited file, older shape) falls back
 * to its default rather than scoring with a table whose first match is not the best tier reached.
 */
function mergeTiers(value: unknown): ScoringTiers {
	const stored = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
	const table = (key: 'longevityMonths' | 'weeklyDownloads' | 'versionCount' | 'publishers'): Tier[] =>
		isValidTierTable(stored[key], 'atLeast')
			? (stored[key] as Tier[]).map(({atLeast, points}) => ({atLeast, points}))
			: [...defaultTiers[key]];
	const recency: RecencyTier[] = isValidTierTable(stored.recencyDaysBelow, 'below')
		? (stored.recencyDaysBelow as RecencyTier[]).map(({below, points}) => ({below, points}))
		: [...defaultTiers.recencyDaysBelow];
	const trend = stored.trendPoints;
	return {
		longevityMonths: table('longevityMonths'),
		weeklyDownloads: table('weeklyDownloads'),
		versionCount: table('versionCount'),
		recencyDaysBelow: recency,
		publishers: table('publishers'),
		trendPoints:
			typeof trend === 'number' && Number.isFinite(trend) && trend >= 0 && trend <= maxTrendPoints
				? trend
				: defaultTiers.trendPoints,
	};
}

/** Stored overrides over each ecosystem's defaults, table by table and number by number. */
function mergeByEcosystem(value: unknown): Record<string, EcosystemScoringSettings> {
	const stored = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
	const result: Record<string, EcosystemScoringSettings> = {};
	for (const [id, defaults] of Object.entries(defaultByEcosystem)) {
		const entry = (stored[id] && typeof stored[id] === 'object' ? stored[id] : {}) as Record<string, unknown>;
		const storedTiers = (entry.tiers && typeof entry.tiers === 'object' ? entry.tiers : {}) as Record<
			string,
			unknown
		>;
		const tiers: Record<string, unknown> = {...defaults.tiers};
		for (const key of Object.keys(defaults.tiers)) {
			const table = storedTiers[key];
			if (key === 'trendPoints') {
				if (typeof table === 'number' && Number.isFinite(table) && table >= 0 && table <= maxTrendPoints)
					tiers[key] = table;
			} else if (isValidTierTable(table, key === 'recencyDaysBelow' ? 'below' : 'atLeast'))
				tiers[key] = table;
		}

		const thresholds = {
			...defaults.thresholds,
			...pick(numbersOnly(entry.thresholds), Object.keys(defaults.thresholds)),
		};
		result[id] = {tiers: tiers as Partial<ScoringTiers>, thresholds};
	}

	return result;
}

function pick(record: Record<string, number>, keys: readonly string[]): Record<string, number> {
	return Object.fromEntries(Object.entries(record).filter(([key]) => keys.includes(key)));
}

/** The thresholds and tiers a package of `ecosystem` is scored with: the global ones, with its overrides. */
export function scoringFor(
	settings: Settings,
	ecosystem: string,
): {readonly thresholds: Thresholds; readonly tiers: ScoringTiers} {
	const overrides = settings.byEcosystem[ecosystem];
	return {
		thresholds: {...settings.thresholds, ...overrides?.thresholds},
		tiers: {...settings.tiers, ...overrides?.tiers},
	};
}

function numbersOnly(value: unknown): Record<string, number> {
	const result: Record<string, number> = {};
	if (value && typeof value === 'object') {
		for (const [key, item] of Object.entries(value)) {
			if (typeof item === 'number' && Number.isFinite(item)) result[key] = item;
		}
	}

	return result;
}

/** A limit of 0 or less would refuse every response: such a stored value falls back to the default. */
function positiveOnly(record: Record<string, number>): Record<string, number> {
	return Object.fromEntries(Object.entries(record).filter(([, value]) => value > 0));
}

function stringsOnly(value: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	if (value && typeof value === 'object') {
		for (const [key, item] of Object.entries(value)) {
			if (typeof item === 'string' && item !== '') result[key] = item;
		}
	}

	return result;
}

/**
 * Persist the settings (the settings screen and `commit-tui config set` call this): only what differs from the
 * defaults is written (see stored-settings.ts). Keys the store has that are not settings are kept.
 */
export function saveSettings(settings: Settings, env: NodeJS.ProcessEnv = process.env): void {
	const store = openSettingsStore(env);
	const kept = Object.fromEntries(Object.entries(store.store).filter(([key]) => !(key in defaultSettings)));
	const changed = differencesFrom(
		settings as unknown as Record<string, unknown>,
		defaultSettings as unknown as Record<string, unknown>,
	);
	store.store = {...kept, ...changed, settingsVersion: settingsFileVersion} as unknown as Settings;
}
