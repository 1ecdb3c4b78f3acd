import {HttpFailure} from '../../registries/http.js';
import type {PackageMetadata, PublisherAccount, VersionFacts} from '../../registries/types.js';
import {sortByPublication} from '../../registries/versions.js';
import {isRecord} from '../../util/records.js';
import {normalizePythonName} from './names.js';

/** PyPI JSON API: `{pypi}pypi/{name}/json` → `PackageMetadata`. */

export function pypiJsonUrl(base: string, name: string): string {
	return `${base}pypi/${encodeURIComponent(normalizePythonName(name))}/json`;
}

const roleRank: Record<string, number> = {Owner: 0, Maintainer: 1};

export function parsePypiJson(body: unknown, requestedName: string): PackageMetadata {
	if (!isRecord(body) || !isRecord(body.info)) throw new HttpFailure('invalid', 'invalid PyPI response');
	const info = body.info;
	const releases = isRecord(body.releases) ? body.releases : {};

	const versions: VersionFacts[] = Object.entries(releases).map(([version, files]) =>
		releaseFacts(version, files),
	);
	sortByPublication(versions);
	const dates = versions.map((v) => v.published).filter((d): d is string => d !== null);
	const ownership = isRecord(body.ownership) ? body.ownership : null;

	return {
		ecosystem: 'pypi',
		name: normalizePythonName(typeof info.name === 'string' && info.name !== '' ? info.name : requestedName),
		publishers: ownership ? rolesToPublishers(ownership.roles) : null,
		organization:
			ownership && typeof ownership.organization === 'string' && ownership.organization !== ''
				? ownership.organization
				: null,
		latestVersion: typeof info.version === 'string' && info.version !== '' ? info.version : null,
		versions,
		firstPublished: dates[0] ?? null,
		lastPublished: dates.at(-1) ?? null,
		repository: repositoryOf(info),
		unpublished: dates.length === 0,
	};
}

/** Release date = earliest upload of its files; yanked = every file yanked (a release with no files is not). */
function releaseFacts(version: string, files: unknown): VersionFacts {
	const list = Array.isArray(files) ? files.filter(isRecord) : [];
	let published: string | null = null;
	for (const file of list) {
		const time = uploadTime(file);
		if (time && (published === null || time < published)) published = time;
	}

	const yanked = list.length > 0 && list.every((file) => file.yanked === true);
	const reason = list.find((file) => typeof file.yanked_reason === 'string' && file.yanked_reason !== '');
	return {
		version,
		published,
		publishedBy: null,
		deprecated: null,
		yanked,
		yankedReason: yanked && reason ? (reason.yanked_reason as string) : null,
	};
}

function uploadTime(file: Record<string, unknown>): string | null {
	const raw =
		typeof file.upload_time_iso_8601 === 'string'
			? file.upload_time_iso_8601
			: typeof file.upload_time === 'string'
				? `${file.upload_time}Z`
				: null;
	if (!raw) return null;
	const time = Date.parse(raw);
	return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** Distinct users; a user with several roles keeps the strongest (Owner over Maintainer). */
function rolesToPublishers(roles: unknown): PublisherAccount[] {
	const byUser = new Map<string, string | null>();
	for (const entry of Array.isArray(roles) ? roles : []) {
		if (!isRecord(entry) || typeof entry.user !== 'string' || entry.user === '') continue;
		const role = typeof entry.role === 'string' ? entry.role : null;
		const previous = byUser.get(entry.user);
		if (!byUser.has(entry.user) || (role !== null && (roleRank[role] ?? 9) < (roleRank[previous ?? ''] ?? 9)))
			byUser.set(entry.user, role);
	}

	return [...byUser.entries()].map(([name, role]) => ({name, role}));
}

const repositoryLabels = ['source', 'source code', 'repository', 'code', 'github', 'gitlab'];

function repositoryOf(info: Record<string, unknown>): string | null {
	if (isRecord(info.project_urls)) {
		for (const [label, url] of Object.entries(info.project_urls)) {
			if (typeof url === 'string' && repositoryLabels.includes(label.toLowerCase())) return url;
		}
	}

	const home = info.home_page;
	return typeof home === 'string' && /github\.com|gitlab\.com|bitbucket\.org/.test(home) ? home : null;
}
