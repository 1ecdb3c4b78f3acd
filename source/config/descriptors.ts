import {ecosystems} from '../ecosystems/index.js';
import type {EcosystemModule, EndpointSpec} from '../ecosystems/types.js';
import {endpointSpecs} from '../registries/endpoints.js';
import {type ResponseSize, responseSizeDescriptions, responseSizes} from '../registries/response-limits.js';
import {reportFormatAliases} from '../report/formats.js';
import type {ReleaseLevels} from '../scoring/release/levels.js';
import type {ReleaseRuleLevel} from '../scoring/release/types.js';
import type {Thresholds} from '../scoring/thresholds.js';
import {
	dimensionMax,
	isValidTierTable,
	type RecencyTier,
	type ScoringTiers,
	type Tier,
} from '../scoring/tiers.js';
import {
	type ColumnName,
	columnNames,
	defaultSettings,
	type ExportFormat,
	exportFormats,
	maxTrendPoints,
	releaseRuleLevels,
	type Settings,
	type SortKey,
	sortKeys,
} from './settings.js';

/**
 * One table of every setting: its dotted key, type, allowed values, meaning and default. The settings
 * screen and `commit-tui config` both read it, so a new setting is added in exactly one place.
 */

/** Groups, in the order the settings screen shows them. */
export const settingGroups = [
	'Thresholds',
	'Release evidence',
	'Score tiers',
	'Columns',
	'Sorting & dev deps',
	'Network',
	'Resolution',
	'Export',
	'Display',
] as const;
export type SettingGroup = (typeof settingGroups)[number];

/** What a setting holds and how its text form is parsed. */
export type SettingKind =
	| {
			readonly type: 'number';
			readonly min: number;
			readonly max: number;
			readonly integer: boolean;
	  }
	| {readonly type: 'boolean'}
	| {readonly type: 'enum'; readonly values: readonly string[]}
	/** An ordered list without duplicates, every item from `values` (the tree columns). */
	| {readonly type: 'list'; readonly values: readonly string[]}
	/** An http(s) URL stored with a trailing '/'; `nullable` = empty text means "not set" (null). */
	| {readonly type: 'url'; readonly nullable: boolean}
	| {readonly type: 'string'}
	/** Text of a form only its owner knows (an ecosystem's target environment): `validate` says what is wrong. */
	| {
			readonly type: 'text';
			readonly validate: (text: string) => string | null;
			/** What is allowed, as a phrase. */
			readonly allowed: string;
	  }
	/** `host=requests-per-minute` pairs, comma-separated. */
	| {readonly type: 'rate-limits'}
	/**
	 * A points table as `value:points` pairs, comma-separated: `atLeast` tables highest value first
	 * (`72:25,48:20,…,0:1`), `below` tables (recency) lowest first (`30:5,90:3,365:1`).
	 */
	| {readonly type: 'tiers'; readonly bound: 'atLeast' | 'below'};

/** Any value a setting can hold. */
export type SettingValue =
	| number
	| boolean
	| string
	| null
	| readonly string[]
	| Readonly<Record<string, number>>
	| readonly Tier[]
	| readonly RecencyTier[];

export type SettingDescriptor = {
	/** Dotted key, as `commit-tui config get|set|reset` takes it: `thresholds.criticalWeeklyDownloads`. */
	readonly key: string;
	readonly group: SettingGroup;
	/** Short label for the settings screen. */
	readonly label: string;
	/** One sentence: what it changes. */
	readonly description: string;
	readonly kind: SettingKind;
	readonly get: (settings: Settings) => SettingValue;
	/** A copy of `settings` with this setting replaced (the value must already be valid). */
	readonly set: (settings: Settings, value: SettingValue) => Settings;
};

function thresholdSetting(
	key: keyof Thresholds,
	label: string,
	description: string,
	kind: SettingKind,
	group: SettingGroup = 'Thresholds',
): SettingDescriptor {
	return {
		key: `thresholds.${key}`,
		group,
		label,
		description,
		kind,
		get: (settings) => settings.thresholds[key],
		set: (settings, value) => ({...settings, thresholds: {...settings.thresholds, [key]: value as number}}),
	};
}

type TierTableKey = Exclude<keyof ScoringTiers, 'trendPoints'>;

function tierSetting(key: TierTableKey, label: string, description: string): SettingDescriptor {
	return {
		key: `tiers.${key}`,
		group: 'Score tiers',
		label,
		description,
		kind: {type: 'tiers', bound: key === 'recencyDaysBelow' ? 'below' : 'atLeast'},
		get: (settings) => settings.tiers[key],
		set: (settings, value) => ({...settings, tiers: {...settings.tiers, [key]: value}}),
	};
}

/** One per endpoint of every ecosystem (`endpoints.npmRegistry`, `endpoints.pypi`, …). */
function endpointSetting(spec: EndpointSpec): SettingDescriptor {
	return {
		key: `endpoints.${spec.key}`,
		group: 'Network',
		label: spec.label,
		description: spec.description,
		kind: {type: 'url', nullable: spec.nullableSetting === true},
		get: (settings) => settings.endpoints[spec.key] ?? null,
		set: (settings, value) => ({
			...settings,
			endpoints: {...settings.endpoints, [spec.key]: value as string | null},
		}),
	};
}

/** An ecosystem's own value for a scoring table or threshold it overrides (`cargo.tiers.weeklyDownloads`). */
function ecosystemScoringSettings(ecosystem: EcosystemModule): SettingDescriptor[] {
	const scoring = ecosystem.scoring;
	if (!scoring) return [];
	const entry = (settings: Settings) => settings.byEcosystem[ecosystem.id] ?? {tiers: {}, thresholds: {}};
	const withEntry = (settings: Settings, next: Settings['byEcosystem'][string]): Settings => ({
		...settings,
		byEcosystem: {...settings.byEcosystem, [ecosystem.id]: next},
	});
	const tiers = Object.keys(scoring.tiers ?? {}).map((key): SettingDescriptor => {
		const table = key as keyof ScoringTiers;
		const global = commonDescriptors.find((descriptor) => descriptor.key === `tiers.${table}`)!;
		return {
			...global,
			key: `${ecosystem.id}.tiers.${table}`,
			label: `${ecosystem.displayName}: ${global.label}`,
			description: `${global.description} On ${ecosystem.displayName}, instead of tiers.${table}.`,
			get: (settings) => (entry(settings).tiers[table] ?? settings.tiers[table]) as SettingValue,
			set: (settings, value) =>
				withEntry(settings, {...entry(settings), tiers: {...entry(settings).tiers, [table]: value}}),
		};
	});
	const thresholds = Object.keys(scoring.thresholds ?? {}).map((key): SettingDescriptor => {
		const name = key as keyof Thresholds;
		const global = commonDescriptors.find((descriptor) => descriptor.key === `thresholds.${name}`)!;
		return {
			...global,
			key: `${ecosystem.id}.thresholds.${name}`,
			label: `${ecosystem.displayName}: ${global.label}`,
			description: `${global.description} On ${ecosystem.displayName}, instead of thresholds.${name}.`,
			get: (settings) => entry(settings).thresholds[name] ?? settings.thresholds[name],
			set: (settings, value) =>
				withEntry(settings, {
					...entry(settings),
					thresholds: {...entry(settings).thresholds, [name]: value as number},
				}),
		};
	});
	return [...thresholds, ...tiers];
}

/** The release-evidence thresholds (`thresholds.releaseBurstVersions`, …), in the 'Release evidence' group. */
function releaseThresholdSettings(): SettingDescriptor[] {
	const group: SettingGroup = 'Release evidence';
	return [
		thresholdSetting(
			'releaseBurstVersions',
			'Release burst: versions',
			'release-burst: at least this many versions …',
			count(2, 1000),
			group,
		),
		thresholdSetting(
			'releaseBurstHours',
			'Release burst: hours',
			'… within this many hours around the locked one.',
			count(1, 24 * 30),
			group,
		),
		thresholdSetting(
			'dormantReturnDays',
			'Dormant return: days',
			'dormant-return: the locked version is the first release after at least this many days of silence.',
			count(1, 36500),
			group,
		),
		thresholdSetting(
			'accountBurstRepositories',
			'Account burst: repositories',
			"account-burst: the locked version's publisher released versions of at least this many repositories of the tree …",
			count(2, 10000),
			group,
		),
		thresholdSetting(
			'accountBurstHours',
			'Account burst: hours',
			'… within this many hours of it.',
			count(1, 24 * 30),
			group,
		),
		thresholdSetting(
			'newDependencyDays',
			'New dependency: days',
			'new-dependency: an added dependency first published fewer than this many days ago …',
			count(0, 36500),
			group,
		),
		thresholdSetting(
			'newDependencyWeeklyDownloads',
			'New dependency: weekly under',
			'… or with fewer weekly downloads than this.',
			downloads,
			group,
		),
		thresholdSetting(
			'dormantPublisherDays',
			'Dormant publisher: days',
			'dormant-publisher: an account that can publish but has not for more than this many days.',
			count(1, 36500),
			group,
		),
	];
}

/** The level each release rule raises the release risk to (`releaseRisk.*`). */
function releaseLevelSettings(): SettingDescriptor[] {
	const level = (key: keyof ReleaseLevels, label: string, description: string): SettingDescriptor => ({
		key: `releaseRisk.${key}`,
		group: 'Release evidence',
		label,
		description,
		kind: {type: 'enum', values: releaseRuleLevels},
		get: (settings) => settings.releaseRisk[key],
		set: (settings, value) => ({
			...settings,
			releaseRisk: {...settings.releaseRisk, [key]: value as ReleaseRuleLevel},
		}),
	});
	return [
		level(
			'cooldownWithEvidence',
			'Cooldown + evidence → level',
			'Release risk of a version in cooldown that carries any other release evidence.',
		),
		level('cooldownAlone', 'Cooldown alone → level', 'Release risk of a version in cooldown, nothing else.'),
		level(
			'trustChange',
			'Trust change → level',
			'Release risk of an install script added, provenance dropped, trusted publisher changed, new publisher or new dependency on an older version.',
		),
		level(
			'foreignTarball',
			'Foreign tarball host → level',
			'Release risk of a package the lockfile installs from a host the rest of the lockfile does not use (an edited lockfile).',
		),
		level(
			'removedVersion',
			'Removed version → level',
			'Release risk of a locked version the registry lists as published but no longer serves (removed by its publisher or the registry).',
		),
		level(
			'compromiseNotice',
			'Compromise notice → level',
			"Release risk of a locked version whose deprecation or yank message says it was compromised (the maintainers' own warning).",
		),
		level(
			'vulnerable',
			'Known vulnerability → level',
			'Release risk of a version with known vulnerabilities (OSV advisories).',
		),
		level(
			'vulnerableSevere',
			'Severe vulnerability → level',
			'… when one of them is of critical or high severity.',
		),
	];
}

function cacheSetting(key: 'metadata' | 'downloads', label: string, description: string): SettingDescriptor {
	return {
		key: `cacheLifetimeHours.${key}`,
		group: 'Network',
		label,
		description,
		kind: {type: 'number', min: 0, max: 24 * 365, integer: false},
		get: (settings) => settings.cacheLifetimeHours[key],
		set: (settings, value) => ({
			...settings,
			cacheLifetimeHours: {...settings.cacheLifetimeHours, [key]: value as number},
		}),
	};
}

/** `maxResponseMB.large|medium|small`: the size limit of one class of responses. */
function responseLimitSetting(size: ResponseSize): SettingDescriptor {
	return {
		key: `maxResponseMB.${size}`,
		group: 'Network',
		label: `Max response: ${size} (MB)`,
		description: responseSizeDescriptions[size],
		kind: {type: 'number', min: 1, max: 4096, integer: false},
		get: (settings) => settings.maxResponseMB[size],
		set: (settings, value) => ({
			...settings,
			maxResponseMB: {...settings.maxResponseMB, [size]: value as number},
		}),
	};
}

const count = (min: number, max: number): SettingKind => ({type: 'number', min, max, integer: true});
const downloads = count(0, 1e12);

/** The settings every ecosystem shares. */
const commonDescriptors: readonly SettingDescriptor[] = [
	thresholdSetting(
		'criticalMaxPublishers',
		'Critical: max publishers',
		'CRITICAL needs at most this many known publishers …',
		count(0, 100),
	),
	thresholdSetting(
		'criticalWeeklyDownloads',
		'Critical: weekly downloads over',
		'… and more weekly downloads than this.',
		downloads,
	),
	thresholdSetting(
		'highSolePublisherWeeklyDownloads',
		'High: sole publisher, weekly over',
		'HIGH when a single publisher controls more weekly downloads than this.',
		downloads,
	),
	thresholdSetting(
		'highYoungPackageDays',
		'High: young package, days under',
		'HIGH when first published fewer than this many days ago …',
		count(0, 36500),
	),
	thresholdSetting(
		'highYoungPackageWeeklyDownloads',
		'High: young package, weekly over',
		'… with more weekly downloads than this.',
		downloads,
	),
	thresholdSetting(
		'highScoreBelow',
		'High: score below',
		'HIGH when the score is below this.',
		count(0, 100),
	),
	thresholdSetting(
		'moderateScoreBelow',
		'Moderate: score below',
		'MODERATE when the score is below this.',
		count(0, 100),
	),
	thresholdSetting(
		'goodScoreBelow',
		'Good: score below',
		'GOOD when the score is below this; HEALTHY from here up.',
		count(0, 100),
	),
	thresholdSetting(
		'cooldownDays',
		'Cooldown days',
		'Flag a locked version published fewer than this many days ago.',
		count(0, 3650),
		'Release evidence',
	),
	thresholdSetting(
		'behindLatestVersions',
		'Behind latest (versions)',
		'Flag a locked version at least this many stable versions behind latest.',
		count(1, 100000),
	),
	thresholdSetting(
		'trendUpRatio',
		'Trend up ratio',
		'Last 45 days over the 45 before above this ratio: + the trend points (default 3).',
		{type: 'number', min: 1, max: 100, integer: false},
	),
	thresholdSetting(
		'trendDownRatio',
		'Trend down ratio',
		'Last 45 days over the 45 before below this ratio: − the trend points (default 3).',
		{type: 'number', min: 0, max: 1, integer: false},
	),
	...releaseThresholdSettings(),
	...releaseLevelSettings(),
	tierSetting(
		'longevityMonths',
		'Longevity (months:points)',
		'Longevity points by whole months since the first publication (max 25).',
	),
	tierSetting(
		'weeklyDownloads',
		'Downloads (weekly:points)',
		'Download points by weekly downloads, before the trend (max 25).',
	),
	tierSetting(
		'versionCount',
		'Versions (count:points)',
		'Release points by number of versions, before the recency bonus (max 20 with it).',
	),
	tierSetting(
		'recencyDaysBelow',
		'Recency (days below:points)',
		'Bonus release points for a last release fewer than this many days ago.',
	),
	tierSetting(
		'publishers',
		'Publishers (count:points)',
		'Publisher depth points by publisher accounts (max 15).',
	),
	{
		key: 'tiers.trendPoints',
		group: 'Score tiers',
		label: 'Trend points',
		description: 'Download points added when the trend rises, removed when it falls.',
		kind: {type: 'number', min: 0, max: maxTrendPoints, integer: false},
		get: (settings) => settings.tiers.trendPoints,
		set: (settings, value) => ({...settings, tiers: {...settings.tiers, trendPoints: value as number}}),
	},
	{
		key: 'columns',
		group: 'Columns',
		label: 'Columns',
		description: 'Columns shown in the tree, in order.',
		kind: {type: 'list', values: columnNames},
		get: (settings) => settings.columns,
		set: (settings, value) => ({...settings, columns: [...(value as ColumnName[])]}),
	},
	{
		key: 'defaultSort',
		group: 'Sorting & dev deps',
		label: 'Default sort',
		description: 'How children are ordered when the tree opens (`s` cycles it).',
		kind: {type: 'enum', values: sortKeys},
		get: (settings) => settings.defaultSort,
		set: (settings, value) => ({...settings, defaultSort: value as SortKey}),
	},
	{
		key: 'showDevDependencies',
		group: 'Sorting & dev deps',
		label: 'Show dev dependencies',
		description: 'Show packages reachable only through dev dependencies (`d` toggles it).',
		kind: {type: 'boolean'},
		get: (settings) => settings.showDevDependencies,
		set: (settings, value) => ({...settings, showDevDependencies: value as boolean}),
	},
	{
		key: 'concurrency',
		group: 'Network',
		label: 'Concurrency (per host)',
		description: 'Requests in flight per host.',
		kind: count(1, 64),
		get: (settings) => settings.concurrency,
		set: (settings, value) => ({...settings, concurrency: value as number}),
	},
	{
		key: 'rateLimits',
		group: 'Network',
		label: 'Rate limits (req/min)',
		description:
			'Requests per minute per host, as host=n pairs; hosts not listed have only the concurrency limit.',
		kind: {type: 'rate-limits'},
		get: (settings) => settings.rateLimits,
		set: (settings, value) => ({...settings, rateLimits: {...(value as Record<string, number>)}}),
	},
	cacheSetting(
		'metadata',
		'Cache lifetime: metadata (h)',
		'Hours before cached publisher/release data is refetched.',
	),
	cacheSetting(
		'downloads',
		'Cache lifetime: downloads (h)',
		'Hours before cached download counts are refetched.',
	),
	{
		key: 'requestTimeoutSeconds',
		group: 'Network',
		label: 'Request deadline (s)',
		description: 'Seconds one request may take in all, redirects and body included.',
		kind: {type: 'number', min: 1, max: 3600, integer: false},
		get: (settings) => settings.requestTimeoutSeconds,
		set: (settings, value) => ({...settings, requestTimeoutSeconds: value as number}),
	},
	...responseSizes.map(responseLimitSetting),
	{
		key: 'advisories.enabled',
		group: 'Network',
		label: 'Advisories (OSV)',
		description:
			'Look the locked versions up in OSV: known-malicious and vulnerable versions (--no-advisories turns it off for a run).',
		kind: {type: 'boolean'},
		get: (settings) => settings.advisories.enabled,
		set: (settings, value) => ({
			...settings,
			advisories: {...settings.advisories, enabled: value as boolean},
		}),
	},
	{
		key: 'advisories.cacheHours',
		group: 'Network',
		label: 'Cache lifetime: advisories (h)',
		description:
			'Hours before a cached OSV answer is asked again (records are kept by id and their modified time).',
		kind: {type: 'number', min: 0, max: 24 * 365, integer: false},
		get: (settings) => settings.advisories.cacheHours,
		set: (settings, value) => ({
			...settings,
			advisories: {...settings.advisories, cacheHours: value as number},
		}),
	},
	...endpointSpecs.map(endpointSetting),
	{
		key: 'exportDirectory',
		group: 'Export',
		label: 'Export folder',
		description:
			'Where exports are written (default ~/commit-tui-reports, outside the repository); empty = the current directory. `~` is your home folder.',
		kind: {type: 'string'},
		get: (settings) => settings.exportDirectory,
		set: (settings, value) => ({...settings, exportDirectory: value as string}),
	},
	{
		key: 'exportFormat',
		group: 'Export',
		label: 'Export format',
		description: 'Format chosen first in the export dialog.',
		kind: {type: 'enum', values: exportFormats},
		get: (settings) => settings.exportFormat,
		set: (settings, value) => ({...settings, exportFormat: value as ExportFormat}),
	},
	{
		key: 'color',
		group: 'Display',
		label: 'Colour',
		description: 'Colour the screen by risk level (NO_COLOR in the environment turns it off too).',
		kind: {type: 'boolean'},
		get: (settings) => settings.color,
		set: (settings, value) => ({...settings, color: value as boolean}),
	},
];

/** An ecosystem's target environment for resolution (`python.environment`). */
function environmentSettings(ecosystem: EcosystemModule): SettingDescriptor[] {
	const spec = ecosystem.resolver?.environment;
	if (!spec) return [];
	return [
		{
			key: spec.key,
			group: 'Resolution',
			label: spec.label,
			description: spec.description,
			kind: {type: 'text', validate: spec.validate, allowed: `e.g. ${spec.defaultValue}`},
			get: (settings) => settings.environments[ecosystem.id] ?? spec.defaultValue,
			set: (settings, value) => ({
				...settings,
				environments: {...settings.environments, [ecosystem.id]: value as string},
			}),
		},
	];
}

/** Every setting, in screen order within each group (the settings screen groups them). */
export const settingDescriptors: readonly SettingDescriptor[] = [
	...commonDescriptors,
	...ecosystems.flatMap(ecosystemScoringSettings),
	...ecosystems.flatMap(environmentSettings),
];

const rateLimitPrefix = 'rateLimits.';

/**
 * The descriptor for a dotted key, or undefined. `rateLimits.<host>` (host names contain dots) is one
 * host's limit: a number, and resetting it restores the default (or removes the host).
 */
export function findDescriptor(key: string): SettingDescriptor | undefined {
	const known = settingDescriptors.find((descriptor) => descriptor.key === key);
	if (known) return known;
	if (key.startsWith(rateLimitPrefix)) {
		const host = key.slice(rateLimitPrefix.length).toLowerCase();
		if (isHostName(host)) return hostRateLimitDescriptor(host);
	}

	return undefined;
}

function hostRateLimitDescriptor(host: string): SettingDescriptor {
	return {
		key: `${rateLimitPrefix}${host}`,
		group: 'Network',
		label: `Rate limit: ${host}`,
		description: `Requests per minute to ${host}.`,
		kind: {type: 'number', min: 1, max: 1_000_000, integer: true},
		get: (settings) => settings.rateLimits[host] ?? null,
		set(settings, value) {
			const rateLimits = {...settings.rateLimits};
			if (value === null) delete rateLimits[host];
			else rateLimits[host] = value as number;
			return {...settings, rateLimits};
		},
	};
}

/** The keys grouping several settings (`thresholds`, `endpoints`, `cacheLifetimeHours`) → their settings. */
export function descriptorsUnder(prefix: string): SettingDescriptor[] {
	return settingDescriptors.filter((descriptor) => descriptor.key.startsWith(`${prefix}.`));
}

/** The default value of a setting. */
export function defaultValueOf(descriptor: SettingDescriptor): SettingValue {
	return descriptor.get(defaultSettings);
}

/** `settings` with one setting back at its default. */
export function resetSetting(settings: Settings, descriptor: SettingDescriptor): Settings {
	return descriptor.set(settings, defaultValueOf(descriptor));
}

export type ParseResult =
	| {readonly ok: true; readonly value: SettingValue}
	| {readonly ok: false; readonly error: string};

/** Parse the text form of a value (what a user types) for this setting, validating it. */
export function parseSettingValue(descriptor: SettingDescriptor, text: string): ParseResult {
	const kind = descriptor.kind;
	const trimmed = text.trim();
	const fail = (): ParseResult => ({
		ok: false,
		error: `invalid value "${text}" for ${descriptor.key}: expected ${describeAllowed(kind)}`,
	});
	switch (kind.type) {
		case 'number': {
			const value = parseNumber(trimmed);
			if (value === null || value < kind.min || value > kind.max) return fail();
			if (kind.integer && !Number.isInteger(value)) return fail();
			return {ok: true, value};
		}

		case 'boolean': {
			const value = parseBoolean(trimmed);
			return value === null ? fail() : {ok: true, value};
		}

		case 'enum': {
			const lower = trimmed.toLowerCase();
			const value = Object.hasOwn(enumAliases, lower) ? enumAliases[lower]! : lower;
			return kind.values.includes(value) ? {ok: true, value} : fail();
		}

		case 'list': {
			if (trimmed === '') return {ok: true, value: []};
			const items = trimmed.split(/[\s,]+/).map((item) => item.toLowerCase());
			const unique = new Set(items);
			if (unique.size !== items.length || items.some((item) => !kind.values.includes(item))) return fail();
			return {ok: true, value: items};
		}

		case 'url': {
			if (trimmed === '') return kind.nullable ? {ok: true, value: null} : fail();
			const value = normaliseUrl(trimmed);
			return value === null ? fail() : {ok: true, value};
		}

		case 'string':
			return {ok: true, value: trimmed};

		case 'text': {
			const problem = kind.validate(trimmed);
			return problem === null
				? {ok: true, value: trimmed.toLowerCase()}
				: {ok: false, error: `invalid value "${text}" for ${descriptor.key}: expected ${problem}`};
		}

		case 'rate-limits': {
			const value = parseRateLimits(trimmed);
			return value === null ? fail() : {ok: true, value};
		}

		case 'tiers': {
			const value = parseTiers(trimmed, kind.bound);
			return value === null ? fail() : {ok: true, value};
		}
	}
}

/** The text form of a value, which `parseSettingValue` reads back to the same value. */
export function formatSettingValue(descriptor: SettingDescriptor, value: SettingValue): string {
	if (value === null) return '';
	if (descriptor.kind.type === 'boolean') return value ? 'true' : 'false';
	if (descriptor.kind.type === 'tiers') return formatTiers(value as readonly (Tier | RecencyTier)[]);
	if (Array.isArray(value)) return value.join(',');
	if (typeof value === 'object') {
		return Object.entries(value)
			.map(([host, limit]) => `${host}=${limit}`)
			.join(',');
	}

	return String(value);
}

/** What a setting accepts, as a phrase: "an integer from 1 to 64", "one of tree, risk, …". */
export function describeAllowed(kind: SettingKind): string {
	switch (kind.type) {
		case 'number': {
			const what = kind.integer ? 'a whole number' : 'a number';
			// Download counts have no practical maximum: say how to write big numbers instead.
			if (kind.max >= 1e9) return `${what} from ${kind.min} up (10000000, 10_000_000 or 10M)`;
			return `${what} from ${kind.min} to ${kind.max}`;
		}

		case 'boolean':
			return 'true or false';
		case 'enum':
			return `one of ${kind.values.join(', ')}`;
		case 'list':
			return `a comma-separated list without repeats, from ${kind.values.join(', ')}`;
		case 'url':
			return kind.nullable
				? 'an http:// or https:// URL, or empty for the default'
				: 'an http:// or https:// URL';
		case 'string':
			return 'any text';
		case 'text':
			return kind.allowed;
		case 'rate-limits':
			return 'host=requests-per-minute pairs separated by commas, e.g. pypistats.org=30';
		case 'tiers':
			return kind.bound === 'atLeast'
				? 'value:points pairs separated by commas, values strictly descending, points ≥ 0, e.g. 72:25,48:20,24:14,12:8,6:4,0:1'
				: 'below:points pairs separated by commas, days strictly ascending, points ≥ 0, e.g. 30:5,90:3,365:1';
	}
}

/** Other names of enum values: the export format's (`markdown`), shared with `--format`. */
const enumAliases: Readonly<Record<string, string>> = reportFormatAliases;

const booleanWords: Record<string, boolean> = {
	true: true,
	yes: true,
	on: true,
	'1': true,
	false: false,
	no: false,
	off: false,
	'0': false,
};

function parseBoolean(text: string): boolean | null {
	return booleanWords[text.toLowerCase()] ?? null;
}

const multipliers: Record<string, number> = {k: 1e3, m: 1e6, b: 1e9};

/**
 * A number as people write it: `10000000`, `10_000_000`, `10,000,000`, `10M`, `1.5k`, `0.85`.
 * A comma is only a thousands separator (groups of three), never a decimal point, so `1,15` is rejected
 * rather than silently read as 115.
 */
export function parseNumber(text: string): number | null {
	let plain = text.replaceAll('_', '');
	if (plain.includes(',')) {
		if (!/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?[kmb]?$/i.test(plain)) return null;
		plain = plain.replaceAll(',', '');
	}

	const match = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))([kmb])?$/i.exec(plain);
	if (!match) return null;
	const multiplier = match[2] ? multipliers[match[2].toLowerCase()]! : 1;
	// Round away float noise from the multiplication (1.1 × 1e6 = 1100000.0000000002).
	const value = Number.parseFloat(match[1]!) * multiplier;
	return multiplier === 1 ? value : Math.round(value * 1e6) / 1e6;
}

/** An http(s) URL with a trailing '/', or null when the text is not one (or has a query or fragment). */
export function normaliseUrl(text: string): string | null {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return null;
	}

	if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
	if (url.search !== '' || url.hash !== '' || url.hostname === '') return null;
	if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
	return url.href;
}

function isHostName(text: string): boolean {
	return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i.test(text);
}

function parseRateLimits(text: string): Record<string, number> | null {
	const result: Record<string, number> = {};
	if (text === '') return result;
	for (const pair of text.split(/[\s,]+/)) {
		const match = /^([^=]+)=(.+)$/.exec(pair);
		if (!match) return null;
		const host = match[1]!.toLowerCase();
		const limit = parseNumber(match[2]!);
		if (!isHostName(host) || limit === null || !Number.isInteger(limit) || limit < 1) return null;
		result[host] = limit;
	}

	return result;
}

/**
 * A points table from its text form, or null when it is not one (see `isValidTierTable`). Pairs are split
 * on commas and spaces, so thousands commas are not accepted here: `10M`, `10_000_000` or `10000000`.
 */
function parseTiers(text: string, bound: 'atLeast' | 'below'): Tier[] | RecencyTier[] | null {
	if (text === '') return null;
	const rows: Array<Record<string, number>> = [];
	for (const pair of text.split(/[\s,]+/)) {
		const match = /^([^:]+):([^:]+)$/.exec(pair);
		if (!match) return null;
		const limit = parseNumber(match[1]!);
		const points = parseNumber(match[2]!);
		if (limit === null || points === null) return null;
		rows.push({[bound]: limit, points});
	}

	return isValidTierTable(rows, bound) ? (rows as Tier[] | RecencyTier[]) : null;
}

/** `72:25,48:20`, round numbers of thousands compact (`10M:22`) so download tables stay readable. */
function formatTiers(rows: readonly (Tier | RecencyTier)[]): string {
	return rows
		.map((row) => `${compactNumber('atLeast' in row ? row.atLeast : row.below)}:${compactNumber(row.points)}`)
		.join(',');
}

/** 10000000 → "10M", 1500 → "1500": a suffix only when it is exact, so the text parses back to the same number. */
function compactNumber(value: number): string {
	for (const [suffix, unit] of [
		['B', 1e9],
		['M', 1e6],
		['k', 1e3],
	] as const) {
		if (value !== 0 && Number.isInteger(value / unit)) return `${value / unit}${suffix}`;
	}

	return String(value);
}

/**
 * Combinations that are allowed but probably not meant (each value is valid on its own, and the user may
 * be half-way through changing several): the score bands out of order, a trend band that is not a band, a
 * tier worth more points than its dimension's maximum (the score caps it).
 */
export function settingsWarnings(settings: Settings): string[] {
	const warnings: string[] = [];
	const {highScoreBelow, moderateScoreBelow, goodScoreBelow, trendUpRatio, trendDownRatio} =
		settings.thresholds;
	if (highScoreBelow > moderateScoreBelow) {
		warnings.push(
			`thresholds.highScoreBelow (${highScoreBelow}) is above thresholds.moderateScoreBelow (${moderateScoreBelow}): no score is MODERATE`,
		);
	}

	if (moderateScoreBelow > goodScoreBelow) {
		warnings.push(
			`thresholds.moderateScoreBelow (${moderateScoreBelow}) is above thresholds.goodScoreBelow (${goodScoreBelow}): no score is GOOD`,
		);
	}

	if (trendDownRatio >= trendUpRatio) {
		warnings.push(
			`thresholds.trendDownRatio (${trendDownRatio}) is not below thresholds.trendUpRatio (${trendUpRatio})`,
		);
	}

	const tierMax: Array<[TierTableKey, number]> = [
		['longevityMonths', dimensionMax.longevity],
		['weeklyDownloads', dimensionMax.downloads],
		['versionCount', dimensionMax.releases],
		['recencyDaysBelow', dimensionMax.releases],
		['publishers', dimensionMax.publishers],
	];
	for (const [key, max] of tierMax) {
		const top = Math.max(...settings.tiers[key].map((tier) => tier.points));
		if (top > max)
			warnings.push(`tiers.${key} gives up to ${top} points; the dimension's maximum ${max} caps it`);
	}

	if (settings.columns.length === 0) warnings.push('no columns: the tree shows package names only');
	return warnings;
}
