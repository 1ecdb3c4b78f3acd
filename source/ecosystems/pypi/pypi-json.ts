import {HttpFailure} from '../../registries/http.js';
import {
	boundedName,
	boundedText,
	countedProblem,
	registryTimestamp,
} from '../../registries/registry-values.js';
import type {PackageMetadata, PublisherAccount, VersionFacts} from '../../registries/types.js';
import {sortByPublication} from '../../registries/versions.js';
import {isRecord} from '../../util/records.js';
import {normalizePythonName} from './names.js';

/** PyPI JSON API: `{pypi}pypi/{name}/json` → `PackageMetadata`. */

export function pypiJsonUrl(base: string, name: string): string {
	return `${base}pypi/${encodeURIComponent(normalizePythonName(name))}/json`;
}

const roleRank: Record<string, number> = {Owner: 0, Maintainer: 1};

/**
 * `now` bounds upload times (a release cannot come from the future). Malformed fields are unknown, with the
 * reason in `problems`: `ownership` or its roles of the wrong shape (publishers unknown, never 0), upload times
 * that are not dates, `releases` that is not an object.
 */
export function parsePypiJson(body: unknown, requestedName: string, now: Date = new Date()): PackageMetadata {
	if (!isRecord(body) || !isRecord(body.info)) throw new HttpFailure('invalid', 'invalid PyPI response');
	const info = body.info;
	// Another project's JSON (a proxy that routes wrong, a poisoned mirror) is not this one's: names compared as
	// PyPI compares them (PEP 503).
	if (
		typeof info.name === 'string' &&
		info.name !== '' &&
		normalizePythonName(info.name) !== normalizePythonName(requestedName)
	)
		throw new HttpFailure('invalid', `the project JSON is for ${JSON.stringify(info.name.slice(0, 100))}`);
	const problems: string[] = [];
	if (body.releases !== undefined && !isRecord(body.releases))
		problems.push('releases is not an object; releases unknown');
	const releases = isRecord(body.releases) ? body.releases : {};

	const times = {malformed: 0};
	const versions: VersionFacts[] = Object.entries(releases).map(([version, files]) =>
		releaseFacts(boundedName(version), files, now, times),
	);
	if (times.malformed > 0)
		problems.push(
			`${countedProblem(times.malformed, 'upload time is', 'upload times are')} not a valid date or in the future; read as unknown`,
		);
	sortByPublication(versions);
	const dates = versions.map((v) => v.published).filter((d): d is string => d !== null);
	const ownership = ownershipOf(body.ownership, problems);

	return {
		ecosystem: 'pypi',
		name: normalizePythonName(typeof info.name === 'string' && info.name !== '' ? info.name : requestedName),
		publishers: ownership ? rolesToPublishers(ownership.roles, problems) : null,
		organization:
			ownership && typeof ownership.organization === 'string' && ownership.organization !== ''
				? boundedName(ownership.organization)
				: null,
		latestVersion: typeof info.version === 'string' && info.version !== '' ? boundedName(info.version) : null,
		versions,
		firstPublished: dates[0] ?? null,
		lastPublished: dates.at(-1) ?? null,
		repository: repositoryOf(info),
		unpublished: dates.length === 0,
		...(problems.length > 0 ? {problems} : {}),
	};
}

/** `ownership` (served since 2026); absent on older responses (unknown, no problem), malformed → a problem. */
function ownershipOf(value: unknown, problems: string[]): Record<string, unknown> | null {
	if (value === undefined || value === null) return null;
	if (isRecord(value)) return value;
	problems.push('ownership is not an object; publishers unknown');
	return null;
}

/** A file uploaded more than this after the release's first is a file added later (`VersionFacts.lateFile`). */
export const lateFileMs = 86_400_000;

/**
 * Release date = earliest upload of its files; yanked = every file yanked (a release with no files is not); the
 * newest file, when it came more than a day after the first.
 */
function releaseFacts(version: string, files: unknown, now: Date, times: {malformed: number}): VersionFacts {
	const list = Array.isArray(files) ? files.filter(isRecord) : [];
	let published: string | null = null;
	let newest: {time: string; filename: string} | null = null;
	for (const file of list) {
		const time = uploadTime(file, now);
		if (time === 'malformed') times.malformed += 1;
		else if (time) {
			if (published === null || time < published) published = time;
			if (typeof file.filename === 'string' && (newest === null || time > newest.time))
				newest = {time, filename: boundedName(file.filename, maxFilenameLength)};
		}
	}

	const late =
		published !== null && newest !== null && Date.parse(newest.time) - Date.parse(published) > lateFileMs
			? {lateFile: {filename: newest.filename, uploaded: newest.time}}
			: {};

	const yanked = list.length > 0 && list.every((file) => file.yanked === true);
	const reason = list.find((file) => typeof file.yanked_reason === 'string' && file.yanked_reason !== '');
	return {
		version,
		published,
		publishedBy: null,
		deprecated: null,
		yanked,
		yankedReason: yanked && reason ? boundedText(reason.yanked_reason as string) : null,
		...late,
	};
}

function uploadTime(file: Record<string, unknown>, now: Date): string | null | 'malformed' {
	if (file.upload_time_iso_8601 !== undefined) return registryTimestamp(file.upload_time_iso_8601, now);
	if (file.upload_time === undefined) return null;
	return typeof file.upload_time === 'string' ? registryTimestamp(`${file.upload_time}Z`, now) : 'malformed';
}

/**
 * Distinct users; a user with several roles keeps the strongest (Owner over Maintainer). Roles that are not a
 * list, or entries without a user, make the publishers unknown (with a problem): a count of the readable
 * entries would look like data.
 */
function rolesToPublishers(roles: unknown, problems: string[]): PublisherAccount[] | null {
	if (roles !== undefined && !Array.isArray(roles)) {
		problems.push('ownership.roles is not a list; publishers unknown');
		return null;
	}

	const byUser = new Map<string, string | null>();
	let junk = 0;
	for (const entry of Array.isArray(roles) ? roles : []) {
		if (!isRecord(entry) || typeof entry.user !== 'string' || entry.user === '') {
			junk += 1;
			continue;
		}

		const user = boundedName(entry.user);
		const role = typeof entry.role === 'string' ? boundedName(entry.role) : null;
		const previous = byUser.get(user);
		if (!byUser.has(user) || (role !== null && (roleRank[role] ?? 9) < (roleRank[previous ?? ''] ?? 9)))
			byUser.set(user, role);
	}

	if (junk > 0) {
		problems.push(
			`ownership.roles has ${countedProblem(junk, 'entry', 'entries')} without a user; publishers unknown`,
		);
		return null;
	}

	return [...byUser.entries()].map(([name, role]) => ({name, role}));
}

/** A repository URL is an identity (account-burst compares them): cut with a hash, as names are. */
const maxRepositoryLength = 2048;

/** Wheel names carry tags (`-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl`): longer than a name. */
export const maxFilenameLength = 1024;

const repositoryLabels = ['source', 'source code', 'repository', 'code', 'github', 'gitlab'];

function repositoryOf(info: Record<string, unknown>): string | null {
	if (isRecord(info.project_urls)) {
		for (const [label, url] of Object.entries(info.project_urls)) {
			if (typeof url === 'string' && repositoryLabels.includes(label.toLowerCase()))
				return boundedName(url, maxRepositoryLength);
		}
	}

	const home = info.home_page;
	return typeof home === 'string' && /github\.com|gitlab\.com|bitbucket\.org/.test(home)
		? boundedName(home, maxRepositoryLength)
		: null;
}
