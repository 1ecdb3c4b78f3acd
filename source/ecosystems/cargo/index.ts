import {readJson, readText} from '../../registries/http.js';
import {downloadHistorySchema} from '../../registries/schemas.js';
import {semverVersionRules} from '../../registries/semver-versions.js';
import type {DownloadHistory} from '../../registries/types.js';
import {listed} from '../listed-versions.js';
import type {EcosystemModule, RequestSpec} from '../types.js';
import {parseCrateDownloads} from './crate-downloads.js';
import {
	type CrateIndex,
	crateIndexSchema,
	crateIndexUrl,
	dependenciesByVersion,
	parseCrateIndex,
} from './crates-index.js';
import {
	type CrateRecord,
	crateDownloadsUrl,
	crateMetadata,
	crateRecordSchema,
	crateUrl,
	isValidCrateName,
	type OwnerUser,
	ownersUrl,
	ownerUsersSchema,
	parseCrate,
	parseOwnerUsers,
} from './crates-io.js';
import {cargoLockfileFormats} from './lockfile-formats.js';
import {cargoResolver} from './resolve.js';
import {cargoDownloadThresholds, cargoDownloadTiers} from './tiers.js';

/**
 * Rust: Cargo.lock, and crates.io for the crate (versions, who published each), its owners (users and
 * teams) and 90 days of downloads; its sparse index for what each version depends on. crates.io's crawler
 * policy is one request a second, so a Rust scan is paced: the status line says so, and the rows on screen go
 * first (the index is a CDN outside that policy).
 */

/** The URL builders refuse names crates.io could not hold; the scheduler never asks for one (isValidName). */
function url(build: (base: string, name: string) => string | null): (base: string, name: string) => string {
	return (base, name) => {
		const built = build(base, name);
		if (built === null) throw new Error(`not a valid crate name: ${name}`);
		return built;
	};
}

const requests: readonly RequestSpec[] = [
	{
		kind: 'metadata',
		section: 'metadata',
		endpoint: 'crates',
		lifetime: 'metadata',
		url: url(crateUrl),
		cacheSchema: crateRecordSchema,
		versionsIn: (value) => listed((value as CrateRecord).versions, 'num'),
		parse: async (body, name, {now}) => parseCrate(await readJson(body), now, name),
	},
	{
		kind: 'owners',
		section: 'metadata',
		label: 'owners',
		endpoint: 'crates',
		lifetime: 'metadata',
		url: url(ownersUrl),
		responseSize: 'small',
		cacheSchema: ownerUsersSchema,
		parse: async (body) => parseOwnerUsers(await readJson(body)),
	},
	{
		// Every version's dependencies in one file, off the API's rate limit (see crates-index.ts).
		kind: 'index',
		section: 'metadata',
		label: 'index',
		endpoint: 'cratesIndex',
		lifetime: 'metadata',
		url: url(crateIndexUrl),
		accept: 'text/plain, application/json',
		cacheSchema: crateIndexSchema,
		versionsIn: (value) => listed((value as CrateIndex).versions, 'version'),
		parse: async (body, name) => parseCrateIndex(await readText(body), name),
	},
	{
		kind: 'downloads',
		section: 'downloads',
		endpoint: 'crates',
		lifetime: 'downloads',
		url: url(crateDownloadsUrl),
		responseSize: 'small',
		cacheSchema: downloadHistorySchema,
		parse: async (body, _name, {now}) => parseCrateDownloads(await readJson(body), now),
	},
];

export const cargoEcosystem: EcosystemModule = {
	id: 'cargo',
	displayName: 'crates.io',
	osvName: 'crates.io',
	lockfiles: cargoLockfileFormats,
	endpoints: [
		{
			key: 'crates',
			flag: 'cratesUrl',
			env: 'COMMIT_TUI_CRATES_URL',
			defaultUrl: 'https://crates.io/',
			label: 'crates.io',
			description: 'crates.io API URL (Rust crates: versions, owners, downloads).',
			defaultRateLimit: {perMinute: 60, reason: 'crates.io allows crawlers 1 request a second'},
		},
		{
			key: 'cratesIndex',
			flag: 'cratesIndexUrl',
			env: 'COMMIT_TUI_CRATES_INDEX_URL',
			defaultUrl: 'https://index.crates.io/',
			label: 'crates.io index',
			description: "crates.io's sparse index URL (every version's dependencies, one file per crate).",
		},
	],
	registry: {
		requests,
		assemble(values) {
			const crate = (values.get('metadata') as CrateRecord | null | undefined) ?? null;
			// The owners list holds users and teams (kind says which); crateMetadata counts users, names teams.
			const owners = (values.get('owners') as OwnerUser[] | null | undefined) ?? null;
			const index = dependenciesByVersion((values.get('index') as CrateIndex | null | undefined) ?? null);
			return {
				metadata: crate ? crateMetadata(crate, owners, owners === null ? null : [], index) : null,
				downloads: (values.get('downloads') as DownloadHistory | null | undefined) ?? null,
			};
		},
	},
	// crates.io treats `-` and `_` alike and ignores case when looking a name up.
	normalizeName: (name) => name.toLowerCase().replaceAll('_', '-'),
	isValidName: isValidCrateName,
	versions: semverVersionRules,
	// 90 days of daily downloads: 12 whole weeks and a bit.
	historyWeeks: 12,
	scoring: {tiers: {weeklyDownloads: cargoDownloadTiers}, thresholds: cargoDownloadThresholds},
	packageUrl: (name, version) => `https://crates.io/crates/${name}/${encodeURIComponent(version)}`,
	resolver: cargoResolver,
	// Cargo has no release-age setting of its own; Dependabot's `cargo` updates can have a cooldown.
	cooldown: {dependabotEcosystems: ['cargo']},
	// A build script (`build.rs`) runs when a crate is built, but the registry does not say which crates have one.
	unrecorded: ['provenance', 'installScripts'],
};
