import semver from 'semver';
import * as shape from '../../cache/schema.js';
import {HttpFailure} from '../../registries/http.js';
import {
	boundedName,
	boundedText,
	countedProblem,
	registryTimestamp,
} from '../../registries/registry-values.js';
import type {
	PackageMetadata,
	PublisherAccount,
	VersionDependencies,
	VersionFacts,
} from '../../registries/types.js';
import {sortByPublication} from '../../registries/versions.js';
import {isRecord} from '../../util/records.js';

/**
 * crates.io Web API: the crate document, its owners, and what they become as `PackageMetadata`. Pure: no I/O,
 * no clock. The shapes are crates.io's own (`crates/crates_io_api_types/src/lib.rs` in rust-lang/crates.io:
 * `EncodableCrate`, `EncodableVersion`, `EncodableOwner`, `TrustpubData`), checked against its API snapshot
 * tests (`src/tests/routes/crates/snapshots/`, `src/tests/snapshots/integration__owners__*.snap`).
 *
 * Policy (crates.io/data-access): at most 1 request per second and a User-Agent that names the tool and a
 * way to reach its authors; requests without one get 403. The scheduler owns the pacing.
 */

// ── URLs ───────────────────────────────────────────────────────────────────────────────────────────

/** crates.io's limit (`MAX_NAME_LENGTH` in crates_io_validation). */
export const maxCrateNameLength = 64;

/**
 * Whether crates.io could hold a crate of this name: an ASCII letter, then ASCII letters, digits, `-` and
 * `_`, at most 64 characters (crates_io_validation `validate_crate_name`). Such a name needs no escaping,
 * so it can never turn a URL into `..`, `%2e%2e`, a query or another path.
 */
export function isValidCrateName(name: string): boolean {
	return name.length <= maxCrateNameLength && /^[A-Za-z][A-Za-z0-9_-]*$/.test(name);
}

/**
 * `{base}api/v1/crates/{name}` (base ends in '/', e.g. `https://crates.io/`). Null for a name crates.io
 * could not hold (see `isValidCrateName`): the caller records the package as not looked up and sends
 * nothing. Null rather than a throw so the type makes every caller decide.
 */
export function crateUrl(base: string, name: string): string | null {
	return isValidCrateName(name) ? `${base}api/v1/crates/${name}` : null;
}

/** `{base}api/v1/crates/{name}/owner_user`: the user accounts that own the crate. Null as `crateUrl`. */
export function ownerUserUrl(base: string, name: string): string | null {
	const url = crateUrl(base, name);
	return url === null ? null : `${url}/owner_user`;
}

/** `{base}api/v1/crates/{name}/owner_team`: the GitHub teams that own the crate. Null as `crateUrl`. */
export function ownerTeamUrl(base: string, name: string): string | null {
	const url = crateUrl(base, name);
	return url === null ? null : `${url}/owner_team`;
}

/**
 * `{base}api/v1/crates/{name}/owners`: users AND teams in one `users` list (`kind` says which), so one request
 * does the work of owner_user + owner_team under crates.io's one-request-a-second policy. Null as `crateUrl`.
 */
export function ownersUrl(base: string, name: string): string | null {
	const url = crateUrl(base, name);
	return url === null ? null : `${url}/owners`;
}

/** `{base}api/v1/crates/{name}/downloads`: 90 days of daily downloads. Null as `crateUrl`. */
export function crateDownloadsUrl(base: string, name: string): string | null {
	const url = crateUrl(base, name);
	return url === null ? null : `${url}/downloads`;
}

// ── The crate document ─────────────────────────────────────────────────────────────────────────────

/**
 * Who published a version through trusted publishing (OIDC from CI), from `trustpub_data`. crates.io tags
 * it by provider: GitHub sends `{provider: "github", repository, run_id, sha}`, GitLab `{provider: "gitlab",
 * project_path, job_id, sha}`; both are folded into one shape here.
 */
export type TrustedPublisher = {
	/** `github`, `gitlab`, or whatever a later provider is called; null when crates.io did not say. */
	readonly provider: string | null;
	/** GitHub `owner/repo`, or the GitLab project path. Untrusted text. */
	readonly repository: string | null;
	/** GitHub Actions workflow run id, or the GitLab CI job id. */
	readonly runId: string | null;
	/** The commit the release was built from. */
	readonly sha: string | null;
};

/** One version of a crate, as kept in the cache. Timestamps are normalised ISO strings. */
export type CrateVersionRecord = {
	/** crates.io's version id: the key of `version_downloads` rows. Null when the document lacks it. */
	readonly id: number | null;
	readonly num: string;
	readonly createdAt: string | null;
	readonly yanked: boolean;
	readonly yankMessage: string | null;
	/**
	 * `published_by.login`; null for versions from before crates.io recorded publishers, and for versions
	 * published through trusted publishing (then `trustedPublisher` says who).
	 */
	readonly publishedBy: string | null;
	readonly trustedPublisher: TrustedPublisher | null;
	readonly downloads: number | null;
};

/**
 * The compact, JSON-serialisable part of `GET api/v1/crates/{name}` that commit-tui keeps (and caches):
 * a crate document with every version is tens of kilobytes, this is a small fraction of it.
 */
export type CrateRecord = {
	readonly name: string;
	readonly createdAt: string | null;
	readonly updatedAt: string | null;
	/** All-time downloads. */
	readonly downloads: number | null;
	/** Downloads of the last 90 days (crates.io's `recent_downloads`; null for a crate too new to have it). */
	readonly recentDownloads: number | null;
	/** Highest non-prerelease, non-yanked version; null when there is none. */
	readonly maxStableVersion: string | null;
	/** Most recently published non-yanked version (crates.io sends "0.0.0" when every version is yanked). */
	readonly newestVersion: string | null;
	/** Highest non-yanked version, prereleases included ("0.0.0" when every version is yanked). */
	readonly maxVersion: string | null;
	readonly repository: string | null;
	/** In the document's order (crates.io: highest version first). */
	readonly versions: CrateVersionRecord[];
	/** Fields that were malformed and are read as unknown (see `PackageMetadata.problems`). */
	readonly problems?: readonly string[];
};

const invalid = () => new HttpFailure('invalid', 'invalid crates.io response');

/** The cache schema of `CrateRecord` (bump the version when its shape changes). */
// 2: versions without a number or listed twice fail the document; malformed published_by and yanked counted.
export const crateRecordSchema = shape.versioned(
	2,
	shape.objectOf(
		{
			name: shape.string(),
			createdAt: shape.nullable(shape.isoTime()),
			updatedAt: shape.nullable(shape.isoTime()),
			downloads: shape.nullable(shape.count()),
			recentDownloads: shape.nullable(shape.count()),
			maxStableVersion: shape.nullable(shape.string()),
			newestVersion: shape.nullable(shape.string()),
			maxVersion: shape.nullable(shape.string()),
			repository: shape.nullable(shape.string()),
			versions: shape.arrayOf(
				shape.objectOf({
					id: shape.nullable(shape.count()),
					num: shape.string(),
					createdAt: shape.nullable(shape.isoTime()),
					yanked: shape.boolean(),
					yankMessage: shape.nullable(shape.string()),
					publishedBy: shape.nullable(shape.string()),
					trustedPublisher: shape.nullable(
						shape.objectOf({
							provider: shape.nullable(shape.string()),
							repository: shape.nullable(shape.string()),
							runId: shape.nullable(shape.string()),
							sha: shape.nullable(shape.string()),
						}),
					),
					downloads: shape.nullable(shape.count()),
				}),
			),
		},
		{problems: shape.arrayOf(shape.string())},
	),
);

/**
 * `GET api/v1/crates/{name}` → `CrateRecord`. Not an object, no `crate` object, no crate name, `versions`
 * not an array, a version entry without a `num`, or a `num` listed twice → `HttpFailure('invalid')`. Any other
 * malformed field is null. Timestamps that are not dates, or lie after `now` (plus a day), are unknown and a
 * `yanked` that is not a boolean is read as not yanked; both are counted in `problems`.
 */
export function parseCrate(body: unknown, now: Date = new Date(), requestedName?: string): CrateRecord {
	if (!isRecord(body) || !isRecord(body.crate) || !Array.isArray(body.versions)) throw invalid();
	const crate = body.crate;
	const name = nonEmptyString(crate.name);
	if (name === null) throw invalid();
	// Another crate's document is not this one's. crates.io names are one crate whatever their case and `-`/`_`.
	if (requestedName !== undefined && crateNameKey(name) !== crateNameKey(requestedName))
		throw new HttpFailure('invalid', `the crate document is for ${JSON.stringify(name.slice(0, 100))}`);

	const dates = {now, malformed: 0, yankedFlags: 0, publishers: 0};
	const versions: CrateVersionRecord[] = [];
	const seen = new Set<string>();
	let unnamed = 0;
	let repeated = 0;
	for (const entry of body.versions) {
		const version = versionRecord(entry, dates);
		if (!version) unnamed += 1;
		else if (seen.has(version.num)) repeated += 1;
		else {
			seen.add(version.num);
			versions.push(version);
		}
	}

	// A version the document lists without a number, or twice, makes the list wrong: dropping one would call the
	// locked version "not in the registry", keeping one of two would pick its publisher and date.
	if (unnamed > 0)
		throw new HttpFailure(
			'invalid',
			`the crate document lists ${countedProblem(unnamed, 'version', 'versions')} without a version number`,
		);
	if (repeated > 0)
		throw new HttpFailure(
			'invalid',
			`the crate document lists ${countedProblem(repeated, 'version number', 'version numbers')} twice`,
		);

	const createdAt = timestamp(crate.created_at, dates);
	const updatedAt = timestamp(crate.updated_at, dates);
	const problems = [
		...(dates.malformed > 0
			? [
					`${countedProblem(dates.malformed, 'timestamp is', 'timestamps are')} not a valid date or in the future; read as unknown`,
				]
			: []),
		...(dates.publishers > 0
			? [
					`${countedProblem(dates.publishers, 'published_by is', 'published_by values are')} not an account; read as unknown`,
				]
			: []),
		...(dates.yankedFlags > 0
			? [
					`${countedProblem(dates.yankedFlags, 'yanked flag is', 'yanked flags are')} not true or false; read as not yanked`,
				]
			: []),
	];
	return {
		name,
		createdAt,
		updatedAt,
		downloads: count(crate.downloads),
		recentDownloads: count(crate.recent_downloads),
		maxStableVersion: nonEmptyString(crate.max_stable_version),
		newestVersion: nonEmptyString(crate.newest_version),
		maxVersion: nonEmptyString(crate.max_version),
		repository: nonEmptyString(crate.repository, maxRepositoryLength),
		versions,
		...(problems.length > 0 ? {problems} : {}),
	};
}

type DocumentCounts = {now: Date; malformed: number; yankedFlags: number; publishers: number};

/** One entry of `versions`; null when it has no version number (the caller fails the document). */
function versionRecord(entry: unknown, dates: DocumentCounts): CrateVersionRecord | null {
	if (!isRecord(entry)) return null;
	const num = nonEmptyString(entry.num);
	if (num === null) return null;
	const publisher = isRecord(entry.published_by) ? nonEmptyString(entry.published_by.login) : null;
	// null is "not recorded" (versions from before 2017, trusted publishing); anything else without a login is junk.
	if (publisher === null && entry.published_by !== null && entry.published_by !== undefined)
		dates.publishers += 1;
	if (entry.yanked !== undefined && typeof entry.yanked !== 'boolean') dates.yankedFlags += 1;
	const yanked = entry.yanked === true;
	return {
		id: typeof entry.id === 'number' && Number.isSafeInteger(entry.id) ? entry.id : null,
		num,
		createdAt: timestamp(entry.created_at, dates),
		yanked,
		yankMessage:
			yanked && typeof entry.yank_message === 'string' && entry.yank_message.trim() !== ''
				? boundedText(entry.yank_message.trim())
				: null,
		publishedBy: publisher,
		trustedPublisher: trustedPublisherOf(entry.trustpub_data),
		downloads: count(entry.downloads),
	};
}

function trustedPublisherOf(value: unknown): TrustedPublisher | null {
	// Any object means the version came through trusted publishing, even when its fields are unfamiliar.
	if (!isRecord(value)) return null;
	return {
		provider: nonEmptyString(value.provider),
		repository:
			nonEmptyString(value.repository, maxRepositoryLength) ??
			nonEmptyString(value.project_path, maxRepositoryLength),
		runId: idString(value.run_id) ?? idString(value.job_id),
		sha: nonEmptyString(value.sha),
	};
}

// ── Owners ─────────────────────────────────────────────────────────────────────────────────────────

export type OwnerUser = {
	/** The crates.io login (today the GitHub login). Untrusted text. */
	readonly login: string;
	/** Display name, when the user set one. */
	readonly name: string | null;
	/** `user` on `owner_user`; `team` entries appear only in the combined `owners` list. */
	readonly kind: string | null;
};

/** The cache schema of an owners list (bump the version when its shape changes). */
export const ownerUsersSchema = shape.versioned(
	1,
	shape.arrayOf(
		shape.objectOf({
			login: shape.string(),
			name: shape.nullable(shape.string()),
			kind: shape.nullable(shape.string()),
		}),
	),
);

/**
 * `GET …/owner_user` → `{users: [{id, login, kind, url, name, avatar, github_username_matches}]}`. An entry
 * that is not an account (no login) fails the request (`HttpFailure('invalid')`): the owners are then unknown,
 * never a shorter list that looks like data.
 */
export function parseOwnerUsers(body: unknown): OwnerUser[] {
	if (!isRecord(body) || !Array.isArray(body.users)) throw invalid();
	const owners: OwnerUser[] = [];
	let junk = 0;
	for (const entry of body.users) {
		const login = isRecord(entry) ? nonEmptyString(entry.login) : null;
		if (login === null) {
			junk += 1;
			continue;
		}

		owners.push({login, name: nonEmptyString(entry.name), kind: nonEmptyString(entry.kind)});
	}

	if (junk > 0)
		throw new HttpFailure(
			'invalid',
			`owners list has ${countedProblem(junk, 'entry that is', 'entries that are')} not an account`,
		);
	return owners;
}

/** `GET …/owner_team` → `{teams: [{id, login: "github:org:team", kind, name, url, avatar}]}` → the logins. */
export function parseOwnerTeams(body: unknown): string[] {
	if (!isRecord(body) || !Array.isArray(body.teams)) throw invalid();
	const logins: string[] = [];
	for (const entry of body.teams) {
		const login = isRecord(entry) ? nonEmptyString(entry.login) : null;
		if (login !== null && !logins.includes(login)) logins.push(login);
	}

	return logins;
}

// ── PackageMetadata ────────────────────────────────────────────────────────────────────────────────

/**
 * The crate and its owners as `PackageMetadata`.
 *
 * - `publishers`: the distinct owner *users*. A team (`github:org:team`) can publish too, but its members are
 *   not listed, so it is not counted as an account; it is named in `organization` instead (several joined with
 *   ', '), the way a PyPI organization is. `users` null (the owner_user request failed or was not made) →
 *   publishers null, never 0; `teams` null → organization null.
 * - `latestVersion`: `max_stable_version`, else `newest_version`, else `max_version` — only if it names one of
 *   the crate's versions (crates.io writes "0.0.0" when every version is yanked).
 * - Per version: published = `created_at`, publishedBy = `published_by.login` (null under trusted publishing:
 *   see `trustedPublishers` for who published those), yanked and `yank_message`, and the dependencies the sparse
 *   index declares for it (`dependencies`, when it was read). crates.io has no deprecation.
 * - firstPublished: the crate's `created_at` or its earliest version, whichever is earlier; lastPublished: the
 *   latest version; unpublished: the crate has no versions at all.
 */
export function crateMetadata(
	crate: CrateRecord,
	users: readonly OwnerUser[] | null,
	teams: readonly string[] | null,
	dependencies: ReadonlyMap<string, VersionDependencies> | null = null,
): PackageMetadata {
	const versions: VersionFacts[] = crate.versions.map((version) => ({
		version: version.num,
		published: version.createdAt,
		publishedBy: version.publishedBy,
		deprecated: null,
		yanked: version.yanked,
		yankedReason: version.yankMessage,
		// From the sparse index (crates-index.ts); unknown (null) when it was not read or lacks the version.
		dependencies: dependencies?.get(version.num) ?? null,
		...(semver.prerelease(version.num) ? {prerelease: true as const} : {}),
		// crates.io has no config id: the repository the workflow ran in is the identity of the configuration.
		...(version.trustedPublisher
			? {
					trustedPublisher: {
						provider: version.trustedPublisher.provider,
						identity: version.trustedPublisher.repository,
					},
				}
			: {}),
	}));
	sortByPublication(versions);

	const dates = versions.map((v) => v.published).filter((d): d is string => d !== null);
	const known = new Set(crate.versions.map((version) => version.num));
	const latest = [crate.maxStableVersion, crate.newestVersion, crate.maxVersion].find(
		(candidate): candidate is string => candidate !== null && known.has(candidate),
	);
	const firstPublished = [crate.createdAt, dates[0] ?? null].filter((d): d is string => d !== null).sort()[0];

	return {
		ecosystem: 'cargo',
		name: crate.name,
		publishers: users === null ? null : userPublishers(users),
		organization: organizationOf(users, teams),
		latestVersion: latest ?? null,
		versions,
		firstPublished: firstPublished ?? null,
		// `versions` is sorted by publication, unknown times last, so the last known date is the latest.
		lastPublished: dates.at(-1) ?? null,
		repository: crate.repository,
		unpublished: crate.versions.length === 0,
		// crates.io says who published through trusted publishing; it has no provenance or install scripts.
		coverage: {trustedPublishing: true},
		...(crate.problems && crate.problems.length > 0 ? {problems: [...crate.problems]} : {}),
	};
}

/** The versions published through trusted publishing, by version number (also in each `VersionFacts`). */
export function trustedPublishers(crate: CrateRecord): Map<string, TrustedPublisher> {
	const byVersion = new Map<string, TrustedPublisher>();
	for (const version of crate.versions)
		if (version.trustedPublisher) byVersion.set(version.num, version.trustedPublisher);
	return byVersion;
}

function userPublishers(users: readonly OwnerUser[]): PublisherAccount[] {
	const logins = new Set<string>();
	for (const user of users) if (user.kind !== 'team') logins.add(user.login);
	return [...logins].map((name) => ({name, role: null}));
}

/** Teams from owner_team, plus any team a combined `owners` list passed in as users. */
function organizationOf(users: readonly OwnerUser[] | null, teams: readonly string[] | null): string | null {
	const names = new Set(teams ?? []);
	for (const user of users ?? []) if (user.kind === 'team') names.add(user.login);
	return names.size > 0 ? [...names].join(', ') : null;
}

// ── Small readers ──────────────────────────────────────────────────────────────────────────────────

/** A name, a login, a version, a trusted-publisher field: cut with a hash past `max` (registry-values.ts). */
function nonEmptyString(value: unknown, max?: number): string | null {
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	return trimmed === '' ? null : boundedName(trimmed, max);
}

/** A repository URL is an identity too (account-burst compares them), longer than a name. */
const maxRepositoryLength = 2048;

/** A count crates.io reports (downloads): a non-negative integer, else unknown. */
function count(value: unknown): number | null {
	return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** Run and job ids are strings in crates.io's schema; accept a number too, as text. */
function idString(value: unknown): string | null {
	if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
	return nonEmptyString(value);
}

/**
 * crates.io writes `2016-09-07T15:22:40.491981Z` (older responses `+00:00`); kept as `toISOString()`. One that
 * is not a date, or lies in the future, is null and counted.
 */
function timestamp(value: unknown, dates: DocumentCounts): string | null {
	const time = registryTimestamp(value, dates.now);
	if (time !== 'malformed') return time;
	dates.malformed += 1;
	return null;
}

/** A crate name as crates.io compares names: `Serde_JSON` and `serde-json` are one crate. */
export function crateNameKey(name: string): string {
	return name.toLowerCase().replaceAll('_', '-');
}
