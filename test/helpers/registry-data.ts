import {createHash} from 'node:crypto';
import semver from 'semver';

/**
 * Fixture data for the local registry server, in the registries' real shapes: full npm packuments,
 * npm downloads range responses (single and bulk), PyPI JSON documents, pypistats `overall` documents,
 * crates.io crate documents, owner lists and `downloads` documents.
 * All dates are relative to `registryNow`, a fixed instant, so scores computed from them are stable.
 */

/** The fixed "now" of the fixture data: the last day of download data is the day before. */
export const registryNow = Date.parse('2026-06-01T00:00:00.000Z');

const day = 24 * 60 * 60 * 1000;

/** ISO timestamp `days` days before `registryNow` (fractions allowed). */
export function daysAgo(days: number): string {
	return new Date(registryNow - days * day).toISOString();
}

/** `YYYY-MM-DD` of `days` days before `registryNow`. */
export function dayString(days: number): string {
	return daysAgo(days).slice(0, 10);
}

export type NpmVersionFixture = {
	readonly version: string;
	/** Days before `registryNow`. */
	readonly daysAgo: number;
	/** `_npmUser.name` (default: the first maintainer). */
	readonly publisher?: string;
	readonly deprecated?: string;
	readonly dependencies?: Record<string, string>;
	/**
	 * Published through npm trusted publishing (OIDC): `_npmUser` becomes the shared "GitHub Actions" identity
	 * with `trustedPublisher {id: "github", oidcConfigId}`, and `dist.attestations` carries the provenance.
	 */
	readonly oidcConfigId?: string;
	/** `dist.attestations` with a SLSA provenance (implied by `oidcConfigId`). */
	readonly provenance?: boolean;
	/** Staged publishing: `_npmUser.approver`. */
	readonly approver?: string;
	/** `scripts` besides `test` (e.g. `{postinstall: 'node setup.js'}`). */
	readonly scripts?: Record<string, string>;
	/** `gypfile: true` (a binding.gyp: npm runs `node-gyp rebuild` on install). */
	readonly gypfile?: boolean;
	readonly optionalDependencies?: Record<string, string>;
	readonly peerDependencies?: Record<string, string>;
	/** Peer names marked optional in `peerDependenciesMeta`. */
	readonly optionalPeers?: readonly string[];
};

export type NpmPackageFixture = {
	readonly name: string;
	/** Current maintainers; `null` leaves the field out (what some mirrors do). */
	readonly maintainers: readonly string[] | null;
	readonly versions: readonly NpmVersionFixture[];
	/** Versions unpublished later: they stay in `time` but leave `versions`. */
	readonly removedVersions?: readonly NpmVersionFixture[];
	/** `dist-tags.latest` (default: the last version). */
	readonly latest?: string;
	readonly repository?: string | {readonly type: string; readonly url: string; readonly directory?: string};
	/** Fully unpublished: `time.unpublished`, no `versions`, no `dist-tags`. */
	readonly unpublished?: {readonly daysAgo: number; readonly versions: readonly string[]};
	/** Mean daily downloads over the last year; null = the downloads API does not know it. */
	readonly dailyDownloads: number | null;
	/** Growth over the year: 0.2 = the last day is 20 % above the first. */
	readonly growth?: number;
	readonly description?: string;
};

export type PypiReleaseFixture = {
	readonly version: string;
	/** Days before `registryNow` of the first file upload; null = a release with no files (`[]`). */
	readonly daysAgo: number | null;
	/** Number of files (default 2: an sdist and a wheel). */
	readonly files?: number;
	readonly yanked?: string | true;
	/** Its files have a PEP 740 provenance (simple API `provenance`). */
	readonly provenance?: boolean;
	/**
	 * A wheel added to the release later (`…-cp313-cp313-manylinux_2_17_x86_64.whl`), uploaded `daysAgo` before
	 * `registryNow`, with a provenance only when `provenance` says so.
	 */
	readonly lateFile?: {readonly daysAgo: number; readonly provenance?: boolean};
	/**
	 * `Requires-Dist` of the release (PEP 508 strings): its wheels' `.metadata` files and the per-version JSON's
	 * `info.requires_dist` (null there when absent).
	 */
	readonly requiresDist?: readonly string[];
	/** `requires-python` of its files (default `>=3.8`). */
	readonly requiresPython?: string;
	/**
	 * `sdist-only`: no wheel, so no `.metadata` — only the per-version JSON says; `none`: not even that (the
	 * per-version JSON answers 404).
	 */
	readonly metadata?: 'sdist-only' | 'none';
};

export type PypiPackageFixture = {
	readonly name: string;
	/** `ownership` (since Feb 2026); undefined = an older response without the key. */
	readonly ownership?: {
		readonly roles: ReadonlyArray<{readonly role: 'Owner' | 'Maintainer'; readonly user: string}>;
		readonly organization: string | null;
	};
	readonly releases: readonly PypiReleaseFixture[];
	/** PEP 792 project status in the simple API (absent: active, no key). */
	readonly status?: 'active' | 'archived' | 'quarantined' | 'deprecated';
	readonly statusReason?: string;
	/** `info.version` (default: the last release with files). */
	readonly latest?: string;
	readonly sourceUrl?: string;
	/** Mean daily downloads (without mirrors) over 180 days; null = pypistats does not know it. */
	readonly dailyDownloads: number | null;
	readonly growth?: number;
	readonly summary?: string;
};

/** Trusted publishing of one crate version, as crates.io's `trustpub_data` tags it by provider. */
export type CargoTrustedPublishingFixture =
	| {readonly provider: 'github'; readonly repository: string; readonly runId: string; readonly sha: string}
	| {readonly provider: 'gitlab'; readonly projectPath: string; readonly jobId: string; readonly sha: string};

export type CargoVersionFixture = {
	readonly num: string;
	/** Days before `registryNow` of `created_at`. */
	readonly daysAgo: number;
	/**
	 * `published_by.login` (default: the first owner); null = `published_by: null`, what crates.io shows for
	 * versions from before it recorded publishers. Trusted-published versions always have `published_by: null`.
	 */
	readonly publishedBy?: string | null;
	readonly trustedPublishing?: CargoTrustedPublishingFixture;
	/** Yanked, with this `yank_message` (true: yanked without a message). */
	readonly yanked?: string | true;
	/** The `features` table of its index line (default `{default: []}`). */
	readonly features?: Readonly<Record<string, readonly string[]>>;
	/** `…/{name}/{version}/dependencies` and its index line's `deps` (default none). */
	readonly dependencies?: ReadonlyArray<{
		readonly name: string;
		readonly req: string;
		readonly kind?: 'normal' | 'build' | 'dev';
		readonly optional?: boolean;
		readonly target?: string;
	}>;
};

export type CargoCrateFixture = {
	readonly name: string;
	/** `owner_user` logins. */
	readonly owners: readonly string[];
	/** `owner_team` logins, `github:org:team`. */
	readonly teams?: readonly string[];
	/** Oldest first. */
	readonly versions: readonly CargoVersionFixture[];
	readonly repository?: string | null;
	readonly description?: string;
	/** Mean daily downloads over the 90-day window; 0 = no download rows at all (and `recent_downloads: null`). */
	readonly dailyDownloads: number;
	readonly growth?: number;
};

/** An OSV record as the API serves it (`GET v1/vulns/{id}`): the real JSON shape, kept as it is. */
export type OsvRecordFixture = {
	readonly id: string;
	readonly modified: string;
	readonly affected?: ReadonlyArray<Record<string, unknown>>;
	readonly [field: string]: unknown;
};

export type RegistryDataset = {
	readonly npm: NpmPackageFixture[];
	readonly pypi: PypiPackageFixture[];
	/** crates.io crates; absent = none. */
	readonly cargo?: CargoCrateFixture[];
	/** OSV records served under `{osvUrl}`; absent = none. */
	readonly osv?: OsvRecordFixture[];
};

// ── Document builders ──────────────────────────────────────────────────────────────────────────────

/** A full packument, as `GET {registry}/{name}` returns it (no abbreviated "corgi" form). */
export function npmPackument(fixture: NpmPackageFixture): Record<string, unknown> {
	const people = (fixture.maintainers ?? []).map((name) => ({name, email: `${name}@example.com`}));
	const time: Record<string, unknown> = {};
	const all = [...fixture.versions, ...(fixture.removedVersions ?? [])];
	// Ages may be negative (fixtures dated from the real clock, after `registryNow`): no floor at 0.
	const oldest = Math.max(
		...all.map((v) => v.daysAgo),
		fixture.unpublished ? fixture.unpublished.daysAgo + 1 : Number.NEGATIVE_INFINITY,
	);
	time.created = daysAgo((Number.isFinite(oldest) ? oldest : 0) + 0.01);
	time.modified = daysAgo(
		Math.min(...all.map((v) => v.daysAgo), fixture.unpublished?.daysAgo ?? Infinity) - 0.5,
	);
	if (fixture.unpublished) {
		time.unpublished = {
			time: daysAgo(fixture.unpublished.daysAgo),
			versions: fixture.unpublished.versions,
			maintainers: [{name: 'former-owner', email: 'former-owner@example.com'}],
			name: fixture.name,
		};
		return {_id: fixture.name, name: fixture.name, time};
	}

	for (const version of all) time[version.version] = daysAgo(version.daysAgo);
	const versions: Record<string, unknown> = {};
	for (const version of fixture.versions) {
		const publisher = version.publisher ?? fixture.maintainers?.[0] ?? 'unknown';
		const fileName = `${fixture.name.split('/').pop()}-${version.version}.tgz`;
		versions[version.version] = {
			name: fixture.name,
			version: version.version,
			description: fixture.description ?? `${fixture.name} package`,
			main: 'index.js',
			license: 'MIT',
			dependencies: version.dependencies ?? {},
			...(version.optionalDependencies ? {optionalDependencies: version.optionalDependencies} : {}),
			...(version.peerDependencies ? {peerDependencies: version.peerDependencies} : {}),
			...(version.optionalPeers
				? {
						peerDependenciesMeta: Object.fromEntries(
							version.optionalPeers.map((name) => [name, {optional: true}]),
						),
					}
				: {}),
			repository: fixture.repository,
			scripts: {test: 'node test.js', ...version.scripts},
			...(version.gypfile ? {gypfile: true} : {}),
			_id: `${fixture.name}@${version.version}`,
			_nodeVersion: '20.11.0',
			_npmVersion: '10.2.4',
			_npmUser: npmUser(publisher, version),
			maintainers: people,
			dist: {
				shasum: 'b1a2c3d4e5f60718293a4b5c6d7e8f9012345678',
				tarball: `https://registry.npmjs.org/${fixture.name}/-/${fileName}`,
				integrity:
					'sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==',
				fileCount: 12,
				unpackedSize: 54_321,
				signatures: [{keyid: 'SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA', sig: 'MEUCIQ'}],
				...(version.provenance || version.oidcConfigId
					? {
							// The shape the registry serves (e.g. create-vite 6.x, sigstore 5.0.0, 2026).
							attestations: {
								url: `https://registry.npmjs.org/-/npm/v1/attestations/${fixture.name}@${version.version}`,
								provenance: {predicateType: 'https://slsa.dev/provenance/v1'},
							},
						}
					: {}),
			},
			...(version.deprecated ? {deprecated: version.deprecated} : {}),
			directories: {},
			_hasShrinkwrap: false,
		};
	}

	const latest = fixture.latest ?? fixture.versions.at(-1)?.version;
	return {
		_id: fixture.name,
		_rev: '42-0123456789abcdef0123456789abcdef',
		name: fixture.name,
		description: fixture.description ?? `${fixture.name} package`,
		'dist-tags': latest ? {latest} : {},
		versions,
		time,
		...(fixture.maintainers === null ? {} : {maintainers: people}),
		author: {name: fixture.maintainers?.[0] ?? 'someone'},
		...(fixture.repository === undefined ? {} : {repository: fixture.repository}),
		readme: `# ${fixture.name}\n\n${'A readme paragraph that registries keep in the packument. '.repeat(20)}\n`,
		readmeFilename: 'README.md',
		homepage: `https://example.com/${fixture.name}`,
		keywords: ['fixture'],
		bugs: {url: `https://example.com/${fixture.name}/issues`},
		license: 'MIT',
		users: {someone: true},
	};
}

/**
 * `_npmUser` as the registry writes it: an account `{name, email}`; under trusted publishing the shared CI
 * identity with the configuration (`trustedPublisher`); an approved staged publish adds `approver`.
 */
function npmUser(publisher: string, version: NpmVersionFixture): Record<string, unknown> {
	const user: Record<string, unknown> = version.oidcConfigId
		? {
				name: 'GitHub Actions',
				email: 'npm-oidc-no-reply@github.com',
				trustedPublisher: {id: 'github', oidcConfigId: version.oidcConfigId},
			}
		: {name: publisher, email: `${publisher}@example.com`};
	if (version.approver) user.approver = {name: version.approver, email: `${version.approver}@example.com`};
	return user;
}

/** Deterministic daily downloads: a mean, a linear trend and a weekly rhythm (weekends lower). */
export function dailySeries(mean: number, days: number, growth = 0): Array<{day: string; downloads: number}> {
	const rows: Array<{day: string; downloads: number}> = [];
	for (let index = 0; index < days; index++) {
		const daysBefore = days - index;
		const trend = 1 - growth / 2 + (growth * index) / Math.max(1, days - 1);
		const weekday = new Date(registryNow - daysBefore * day).getUTCDay();
		const rhythm = weekday === 0 || weekday === 6 ? 0.7 : 1.12;
		rows.push({day: dayString(daysBefore), downloads: Math.round(mean * trend * rhythm)});
	}

	return rows;
}

/** The `downloads/range/last-year/{name}` single-package shape. */
export function npmRange(fixture: NpmPackageFixture): Record<string, unknown> | null {
	if (fixture.dailyDownloads === null) return null;
	return {
		start: dayString(365),
		end: dayString(1),
		package: fixture.name,
		downloads: dailySeries(fixture.dailyDownloads, 365, fixture.growth ?? 0),
	};
}

/** `GET {pypi}/pypi/{name}/json`. */
export function pypiDocument(fixture: PypiPackageFixture): Record<string, unknown> {
	const releases: Record<string, unknown[]> = {};
	for (const release of fixture.releases) {
		const files: unknown[] = [];
		if (release.daysAgo !== null) {
			const count = release.metadata ? 1 : (release.files ?? 2);
			for (let index = 0; index < count; index++) {
				// Later files of a release are uploaded a little after the first one.
				const uploaded = daysAgo(release.daysAgo - index * 0.01);
				const wheel = index > 0;
				files.push({
					comment_text: '',
					digests: {blake2b_256: 'ab'.repeat(32), md5: 'cd'.repeat(16), sha256: 'ef'.repeat(32)},
					downloads: -1,
					filename: `${fixture.name.replaceAll('-', '_')}-${release.version}${wheel ? `-py3-none-any-${index}.whl` : '.tar.gz'}`,
					has_sig: false,
					md5_digest: 'cd'.repeat(16),
					packagetype: wheel ? 'bdist_wheel' : 'sdist',
					python_version: wheel ? 'py3' : 'source',
					requires_python: release.requiresPython ?? '>=3.8',
					size: 64_000 + index,
					upload_time: uploaded.slice(0, 19),
					upload_time_iso_8601: uploaded.replace('.000Z', '.123456Z'),
					url: `https://files.pythonhosted.org/packages/${fixture.name}/${release.version}/${index}`,
					yanked: release.yanked !== undefined,
					yanked_reason: typeof release.yanked === 'string' ? release.yanked : null,
				});
			}

			if (release.lateFile) files.push(lateWheel(fixture, release, release.lateFile.daysAgo));
		}

		releases[release.version] = files;
	}

	const withFiles = fixture.releases.filter((release) => release.daysAgo !== null);
	const latest = fixture.latest ?? withFiles.at(-1)?.version ?? fixture.releases.at(-1)?.version ?? '0';
	const document: Record<string, unknown> = {
		info: {
			author: 'Someone',
			author_email: 'someone@example.com',
			classifiers: ['Programming Language :: Python :: 3'],
			description: `# ${fixture.name}\n\nLong description.`,
			description_content_type: 'text/markdown',
			home_page: '',
			license: 'MIT',
			maintainer: '',
			name: fixture.name,
			package_url: `https://pypi.org/project/${fixture.name}/`,
			project_urls: fixture.sourceUrl
				? {Documentation: 'https://example.com/docs', Source: fixture.sourceUrl}
				: null,
			requires_dist: null,
			requires_python: '>=3.8',
			summary: fixture.summary ?? `${fixture.name} for Python`,
			version: latest,
			yanked: false,
			yanked_reason: null,
		},
		last_serial: 24_000_000,
		releases,
		urls: releases[latest] ?? [],
		vulnerabilities: [],
	};
	if (fixture.ownership) document.ownership = fixture.ownership;
	return document;
}

/** The file `lateFile` adds to a release: a platform wheel uploaded long after the rest. */
function lateWheel(
	fixture: PypiPackageFixture,
	release: PypiReleaseFixture,
	days: number,
): Record<string, unknown> {
	const uploaded = daysAgo(days);
	return {
		comment_text: '',
		digests: {blake2b_256: '01'.repeat(32), md5: '02'.repeat(16), sha256: '03'.repeat(32)},
		downloads: -1,
		filename: lateWheelName(fixture, release),
		has_sig: false,
		md5_digest: '02'.repeat(16),
		packagetype: 'bdist_wheel',
		python_version: 'cp313',
		requires_python: release.requiresPython ?? '>=3.8',
		size: 90_000,
		upload_time: uploaded.slice(0, 19),
		upload_time_iso_8601: uploaded.replace('.000Z', '.654321Z'),
		url: `https://files.pythonhosted.org/packages/${fixture.name}/${release.version}/late`,
		yanked: false,
		yanked_reason: null,
	};
}

function lateWheelName(fixture: PypiPackageFixture, release: PypiReleaseFixture): string {
	return `${fixture.name.replaceAll('-', '_')}-${release.version}-cp313-cp313-manylinux_2_17_x86_64.whl`;
}

/**
 * `GET {pypi}simple/{name}/` as PEP 691 JSON (api-version 1.4): the same files as `pypiDocument`, with
 * `upload-time`, `yanked`, `core-metadata` (wheels only), `provenance` (per `provenance` on the release) and
 * the PEP 792 `project-status`.
 */
export function pypiSimple(fixture: PypiPackageFixture): Record<string, unknown> {
	const document = pypiDocument(fixture) as {releases: Record<string, Array<Record<string, unknown>>>};
	const files: unknown[] = [];
	for (const release of fixture.releases) {
		for (const file of document.releases[release.version] ?? []) {
			const wheel = file.packagetype === 'bdist_wheel';
			const filename = String(file.filename);
			files.push({
				filename,
				// Relative, as mirrors write them: resolved against the page, they point at this server's files.
				url: `../../files/${normalizedName(fixture.name)}/${filename}`,
				hashes: {sha256: 'ef'.repeat(32)},
				'requires-python': file.requires_python,
				size: file.size,
				'upload-time': file.upload_time_iso_8601,
				yanked: typeof release.yanked === 'string' ? release.yanked : release.yanked === true,
				'core-metadata': wheel ? {sha256: '12'.repeat(32)} : false,
				'data-dist-info-metadata': wheel ? {sha256: '12'.repeat(32)} : false,
				provenance: (
					filename === lateWheelName(fixture, release)
						? release.lateFile?.provenance
						: release.provenance
				)
					? `https://pypi.org/integrity/${fixture.name}/${release.version}/${filename}/provenance`
					: null,
			});
		}
	}

	return {
		meta: {'api-version': '1.4', '_last-serial': 24_000_000},
		name: fixture.name.toLowerCase().replace(/[-_.]+/g, '-'),
		versions: fixture.releases.map((release) => release.version),
		files,
		...(fixture.status
			? {'project-status': {status: fixture.status, reason: fixture.statusReason ?? null}}
			: {}),
	};
}

function normalizedName(name: string): string {
	return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The release of a fixture with this version (PEP 440 spellings compared loosely: `1.0` = `1.0.0`). */
export function pypiRelease(fixture: PypiPackageFixture, version: string): PypiReleaseFixture | undefined {
	const strip = (text: string) => text.replace(/(\.0)+$/, '');
	return fixture.releases.find((release) => strip(release.version) === strip(version));
}

/** `GET {pypi}pypi/{name}/{version}/json`: the release's own `info` (with its `requires_dist`) and files. */
export function pypiVersionDocument(
	fixture: PypiPackageFixture,
	version: string,
): Record<string, unknown> | null {
	const release = pypiRelease(fixture, version);
	if (!release || release.metadata === 'none') return null;
	const whole = pypiDocument(fixture) as {info: Record<string, unknown>; releases: Record<string, unknown[]>};
	return {
		info: {...whole.info, version: release.version, requires_dist: release.requiresDist ?? null},
		urls: whole.releases[release.version] ?? [],
		vulnerabilities: [],
	};
}

/** A wheel's METADATA (`<file url>.metadata`, PEP 658): the core metadata headers with `Requires-Dist`. */
export function pypiCoreMetadata(fixture: PypiPackageFixture, filename: string): string | null {
	const release = fixture.releases.find((candidate) =>
		filename.startsWith(`${fixture.name.replaceAll('-', '_')}-${candidate.version}-`),
	);
	if (!release || release.metadata || !filename.endsWith('.whl')) return null;
	const lines = [
		'Metadata-Version: 2.1',
		`Name: ${fixture.name}`,
		`Version: ${release.version}`,
		`Summary: ${fixture.summary ?? `${fixture.name} for Python`}`,
		`Requires-Python: ${release.requiresPython ?? '>=3.8'}`,
		...(release.requiresDist ?? []).map((requirement) => `Requires-Dist: ${requirement}`),
		'',
		`# ${fixture.name}`,
		'Requires-Dist: not-a-header (the body is not metadata)',
	];
	return `${lines.join('\n')}\n`;
}

/** `GET {pypistats}/api/packages/{name}/overall` (both categories unless `mirrors=false`). */
export function pypistatsOverall(
	fixture: PypiPackageFixture,
	withoutMirrorsOnly: boolean,
): Record<string, unknown> | null {
	if (fixture.dailyDownloads === null) return null;
	const rows = dailySeries(fixture.dailyDownloads, 180, fixture.growth ?? 0);
	const data: unknown[] = [];
	for (const row of rows) {
		if (!withoutMirrorsOnly)
			data.push({category: 'with_mirrors', date: row.day, downloads: Math.round(row.downloads * 1.05)});
		data.push({category: 'without_mirrors', date: row.day, downloads: row.downloads});
	}

	return {data, package: fixture.name, type: 'overall_downloads'};
}

// ── crates.io ──────────────────────────────────────────────────────────────────────────────────────
// Shapes from rust-lang/crates.io: `EncodableCrate`, `EncodableVersion`, `EncodableOwner`, `TrustpubData`
// (crates/crates_io_api_types/src/lib.rs) and the API snapshot tests (src/tests/routes/crates/snapshots/).

/** crates.io's timestamp form: microseconds and `Z` (`2016-09-07T15:22:40.491981Z`). */
function cratesTimestamp(days: number): string {
	return daysAgo(days).replace(/Z$/, '417Z');
}

/** Stable, distinct version ids per crate (crates.io's are global serials). */
function crateVersionIds(fixture: CargoCrateFixture): Map<string, number> {
	let hash = 2_166_136_261;
	for (let i = 0; i < fixture.name.length; i++)
		hash = Math.imul(hash ^ fixture.name.charCodeAt(i), 16_777_619);
	const base = 100_000 + ((hash >>> 0) % 1_000_000) * 10;
	return new Map(fixture.versions.map((version, index) => [version.num, base + index * 7]));
}

/** The daily totals of the 90-day window: 89 full days, then today's partial count (crates.io counts as it goes). */
function crateDailyTotals(
	fixture: CargoCrateFixture,
): Array<{day: string; daysBefore: number; downloads: number}> {
	if (fixture.dailyDownloads === 0) return [];
	const full = dailySeries(fixture.dailyDownloads, 89, fixture.growth ?? 0).map((row, index) => ({
		...row,
		daysBefore: 89 - index,
	}));
	return [...full, {day: dayString(0), daysBefore: 0, downloads: Math.round(fixture.dailyDownloads * 0.4)}];
}

/**
 * One day's downloads split over the versions published by then: the newest gets half, the next a quarter…
 * (the rounding remainder goes to the newest). Yanked versions still get downloads, as on crates.io.
 */
function splitDay(fixture: CargoCrateFixture, daysBefore: number, total: number): Map<string, number> {
	const live = fixture.versions.filter((version) => version.daysAgo >= daysBefore).reverse();
	const shares = new Map<string, number>();
	if (live.length === 0) return shares;
	const weights = live.map((_, rank) => 2 ** -rank);
	const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
	let given = 0;
	live.forEach((version, rank) => {
		const share = Math.floor((total * weights[rank]!) / weightSum);
		shares.set(version.num, share);
		given += share;
	});
	shares.set(live[0]!.num, shares.get(live[0]!.num)! + total - given);
	return shares;
}

/** Per-version downloads of the window, and each version's all-time total. */
function crateVersionDownloads(fixture: CargoCrateFixture): {recent: number; total: Map<string, number>} {
	const total = new Map<string, number>();
	let recent = 0;
	for (const day of crateDailyTotals(fixture)) {
		for (const [num, share] of splitDay(fixture, day.daysBefore, day.downloads)) {
			total.set(num, (total.get(num) ?? 0) + share);
			recent += share;
		}
	}

	for (const version of fixture.versions) {
		// Before the window: a plausible, deterministic history.
		const before = Math.round(
			(fixture.dailyDownloads * Math.max(0, version.daysAgo - 89)) / fixture.versions.length,
		);
		total.set(version.num, (total.get(version.num) ?? 0) + before);
	}

	return {recent, total};
}

/** What crates.io derives from the non-yanked versions (`TopVersions`): "0.0.0" when there are none. */
function crateTopVersions(fixture: CargoCrateFixture) {
	const live = fixture.versions.filter((version) => version.yanked === undefined);
	const bySemver = [...live].sort((a, b) => semver.rcompare(a.num, b.num));
	const newest = [...live].sort((a, b) => a.daysAgo - b.daysAgo)[0];
	return {
		max: bySemver[0]?.num ?? '0.0.0',
		maxStable: bySemver.find((version) => semver.prerelease(version.num) === null)?.num ?? null,
		newest: newest?.num ?? '0.0.0',
	};
}

function cratesUser(login: string, id: number): Record<string, unknown> {
	return {
		avatar: `https://avatars.githubusercontent.com/u/${id}?v=4`,
		created_at: cratesTimestamp(3000 + id),
		github_username_matches: true,
		id,
		login,
		name: null,
		url: `https://github.com/${login}`,
	};
}

/** Owners are users 1, 2, …; a publisher who is no longer an owner gets an id of their own. */
function userId(fixture: CargoCrateFixture, login: string): number {
	const index = fixture.owners.indexOf(login);
	return index >= 0 ? index + 1 : 900 + login.length;
}

function cratesTrustpubData(fixture: CargoTrustedPublishingFixture): Record<string, unknown> {
	return fixture.provider === 'github'
		? {provider: 'github', repository: fixture.repository, run_id: fixture.runId, sha: fixture.sha}
		: {job_id: fixture.jobId, project_path: fixture.projectPath, provider: 'gitlab', sha: fixture.sha};
}

/** `GET {crates}api/v1/crates/{name}`: the crate, its keywords and categories, every version (highest first). */
export function cratesCrate(fixture: CargoCrateFixture): Record<string, unknown> {
	const ids = crateVersionIds(fixture);
	const downloads = crateVersionDownloads(fixture);
	const top = crateTopVersions(fixture);
	const ordered = [...fixture.versions].sort((a, b) => semver.rcompare(a.num, b.num));
	const oldest = Math.max(...fixture.versions.map((version) => version.daysAgo), 0);
	const latestChange = Math.min(...fixture.versions.map((version) => version.daysAgo), oldest);
	const repository = fixture.repository ?? null;
	const links = (path: string) => `/api/v1/crates/${fixture.name}${path}`;
	const versions = ordered.map((version) => {
		// `publishedBy: null` is a real value (not recorded), only an absent one defaults to the first owner.
		const publisher = version.trustedPublishing
			? null
			: version.publishedBy === undefined
				? (fixture.owners[0] ?? null)
				: version.publishedBy;
		return {
			audit_actions: [],
			bin_names: [],
			checksum: 'e8dfc9d19bdbf6d17e22319da49161d5d0108e4188e8b680aef6299eed22df60',
			crate: fixture.name,
			crate_size: 77_000,
			created_at: cratesTimestamp(version.daysAgo),
			description: fixture.description ?? `${fixture.name} crate`,
			dl_path: links(`/${version.num}/download`),
			documentation: `https://docs.rs/${fixture.name}`,
			downloads: downloads.total.get(version.num) ?? 0,
			edition: '2021',
			features: {default: ['std'], std: []},
			has_lib: true,
			homepage: null,
			id: ids.get(version.num),
			lib_links: null,
			license: 'MIT OR Apache-2.0',
			linecounts: {
				languages: {Rust: {code_lines: 9000, comment_lines: 800, files: 40}},
				total_code_lines: 9000,
				total_comment_lines: 800,
			},
			links: {
				authors: links(`/${version.num}/authors`),
				dependencies: links(`/${version.num}/dependencies`),
				version_downloads: links(`/${version.num}/downloads`),
			},
			num: version.num,
			published_by: publisher === null ? null : cratesUser(publisher, userId(fixture, publisher)),
			readme_path: links(`/${version.num}/readme`),
			repository,
			rust_version: '1.61',
			trustpub_data: version.trustedPublishing ? cratesTrustpubData(version.trustedPublishing) : null,
			updated_at: cratesTimestamp(
				version.yanked === undefined ? version.daysAgo : Math.max(0, version.daysAgo - 1),
			),
			yank_message: typeof version.yanked === 'string' ? version.yanked : null,
			yanked: version.yanked !== undefined,
		};
	});

	return {
		categories: [],
		crate: {
			badges: [],
			categories: [],
			created_at: cratesTimestamp(oldest + 0.01),
			default_version: top.maxStable ?? ordered[0]?.num ?? null,
			description: fixture.description ?? `${fixture.name} crate`,
			documentation: `https://docs.rs/${fixture.name}`,
			downloads: [...downloads.total.values()].reduce((sum, value) => sum + value, 0),
			exact_match: false,
			homepage: null,
			id: fixture.name,
			keywords: [],
			links: {
				owner_team: links('/owner_team'),
				owner_user: links('/owner_user'),
				owners: links('/owners'),
				reverse_dependencies: links('/reverse_dependencies'),
				version_downloads: links('/downloads'),
				versions: null,
			},
			max_stable_version: top.maxStable,
			max_version: top.max,
			name: fixture.name,
			newest_version: top.newest,
			num_versions: fixture.versions.length,
			recent_downloads: fixture.dailyDownloads === 0 ? null : downloads.recent,
			repository,
			trustpub_only: fixture.versions.at(-1)?.trustedPublishing !== undefined,
			updated_at: cratesTimestamp(latestChange),
			versions: ordered.map((version) => ids.get(version.num)),
			yanked:
				fixture.versions.length > 0 && fixture.versions.every((version) => version.yanked !== undefined),
		},
		keywords: [],
		versions,
	};
}

/** `GET …/{name}/{version}/dependencies`: `{dependencies: [EncodableDependency]}`; null for an unknown version. */
export function cratesVersionDependencies(
	fixture: CargoCrateFixture,
	num: string,
): Record<string, unknown> | null {
	const version = fixture.versions.find((candidate) => candidate.num === num);
	if (!version) return null;
	const id = crateVersionIds(fixture).get(num)!;
	return {
		dependencies: (version.dependencies ?? []).map((dependency, index) => ({
			crate_id: dependency.name,
			default_features: true,
			downloads: 1000 + index,
			features: [],
			id: id * 10 + index,
			kind: dependency.kind ?? 'normal',
			optional: dependency.optional ?? false,
			req: dependency.req,
			target: dependency.target ?? null,
			version_id: id,
		})),
	};
}

/**
 * The crate's sparse-index file: one JSON line per version, oldest first, in the field order Cargo's registry
 * writes (`IndexPackage`: name, vers, deps, cksum, features, yanked, links, v, rust_version); `kind` is
 * always written, `package` only for a renamed dependency. Format: doc.rust-lang.org/cargo/reference/registry-index.html.
 */
export function cratesIndexFile(fixture: CargoCrateFixture): string {
	return fixture.versions
		.map((version) =>
			JSON.stringify({
				name: fixture.name,
				vers: version.num,
				deps: (version.dependencies ?? []).map((dependency) => ({
					name: dependency.name,
					req: dependency.req,
					features: [],
					optional: dependency.optional ?? false,
					default_features: true,
					target: dependency.target ?? null,
					kind: dependency.kind ?? 'normal',
				})),
				cksum: createHash('sha256').update(`${fixture.name}@${version.num}`).digest('hex'),
				features: version.features ?? {default: []},
				yanked: version.yanked !== undefined,
				links: null,
				v: 2,
				rust_version: '1.70',
			}),
		)
		.map((line) => `${line}\n`)
		.join('');
}

/** `GET …/owner_user`: `{users: [EncodableOwner of kind "user"]}`. */
export function cratesOwnerUsers(fixture: CargoCrateFixture): Record<string, unknown> {
	return {
		users: fixture.owners.map((login, index) => {
			const {created_at: _, ...owner} = cratesUser(login, index + 1);
			return {...owner, kind: 'user'};
		}),
	};
}

/** `GET …/owner_team`: `{teams: [EncodableOwner of kind "team"]}`. */
export function cratesOwnerTeams(fixture: CargoCrateFixture): Record<string, unknown> {
	return {
		teams: (fixture.teams ?? []).map((login, index) => ({
			avatar: null,
			id: index + 1,
			kind: 'team',
			login,
			name: login.split(':').at(-1) ?? null,
			url: `https://github.com/${login.split(':')[1] ?? ''}`,
		})),
	};
}

/**
 * `GET …/owners`: every owner in one `users` list, users first, then teams (`kind` tells them apart), as
 * crates.io's `owners` controller answers.
 */
export function cratesOwners(fixture: CargoCrateFixture): Record<string, unknown> {
	const users = cratesOwnerUsers(fixture).users as unknown[];
	const teams = cratesOwnerTeams(fixture).teams as unknown[];
	return {users: [...users, ...teams]};
}

/**
 * `GET …/downloads`: per day of the window, one `version_downloads` row for each of the five highest versions
 * that had downloads (ordered by date, then version id descending, as crates.io's query does) and one
 * `meta.extra_downloads` row summing every other version. Days without downloads have no rows.
 */
export function cratesDownloads(fixture: CargoCrateFixture): Record<string, unknown> {
	const ids = crateVersionIds(fixture);
	const highestFive = new Set(
		[...fixture.versions]
			.sort((a, b) => semver.rcompare(a.num, b.num))
			.slice(0, 5)
			.map((version) => version.num),
	);
	const versionDownloads: Array<{date: string; downloads: number; version: number}> = [];
	const extraDownloads: Array<{date: string; downloads: number}> = [];
	for (const day of crateDailyTotals(fixture)) {
		const rows: Array<{date: string; downloads: number; version: number}> = [];
		let extra = 0;
		for (const [num, share] of splitDay(fixture, day.daysBefore, day.downloads)) {
			if (share === 0) continue;
			if (highestFive.has(num)) rows.push({date: day.day, downloads: share, version: ids.get(num)!});
			else extra += share;
		}

		versionDownloads.push(...rows.sort((a, b) => b.version - a.version));
		if (extra > 0) extraDownloads.push({date: day.day, downloads: extra});
	}

	return {meta: {extra_downloads: extraDownloads}, version_downloads: versionDownloads};
}

// ── The default dataset ────────────────────────────────────────────────────────────────────────────

/** `count` versions `major.minor.patch` counting up, spread evenly from `fromDays` to `toDays` ago. */
export function versionRun(
	versions: readonly string[],
	fromDays: number,
	toDays: number,
	extra: Partial<NpmVersionFixture> = {},
): NpmVersionFixture[] {
	const step = versions.length > 1 ? (fromDays - toDays) / (versions.length - 1) : 0;
	return versions.map((version, index) => ({
		...extra,
		version,
		daysAgo: Math.round((fromDays - index * step) * 100) / 100,
	}));
}

/** `4.0.0` … `4.0.9`, `4.1.0` … : n semver strings from `major.minor.0` on. */
export function semverRange(major: number, count: number, perMinor = 5): string[] {
	return Array.from(
		{length: count},
		(_, index) => `${major}.${Math.floor(index / perMinor)}.${index % perMinor}`,
	);
}

export const requestDeprecation =
	'request has been deprecated, see https://github.com/request/request/issues/3142';

export function defaultDataset(): RegistryDataset {
	return {
		npm: [
			{
				name: 'express',
				maintainers: ['wesleytodd', 'jonchurch', 'ulisesgascon', 'ctcpip', 'sheplu'],
				versions: [
					...versionRun(semverRange(4, 40), 4000, 200, {publisher: 'dougwilson'}),
					{
						version: '4.21.2',
						daysAgo: 180,
						publisher: 'jonchurch',
						dependencies: {debug: '^4.3.4', ms: '2.1.3', 'safe-buffer': 'npm:form-data@^4.0.0'},
					},
					{version: '5.0.0', daysAgo: 150, publisher: 'wesleytodd'},
					{version: '5.1.0', daysAgo: 60, publisher: 'wesleytodd'},
				],
				latest: '5.1.0',
				repository: {type: 'git', url: 'git+https://github.com/expressjs/express.git'},
				dailyDownloads: 5_450_000,
				growth: 0.1,
			},
			{
				name: 'axios',
				maintainers: ['jasonsaayman'],
				versions: [
					...versionRun(semverRange(0, 60, 10), 3600, 900, {publisher: 'mzabriskie'}),
					...versionRun(['1.7.7', '1.7.8', '1.7.9'], 200, 34, {
						publisher: 'jasonsaayman',
						dependencies: {'follow-redirects': '^1.15.6', 'form-data': '^4.0.0'},
					}),
				],
				removedVersions: [{version: '1.7.5', daysAgo: 210, publisher: 'jasonsaayman'}],
				repository: {type: 'git', url: 'https://github.com/axios/axios.git'},
				dailyDownloads: 14_170_000,
				growth: 0.2,
			},
			{
				name: 'follow-redirects',
				maintainers: ['rubenverborgh'],
				versions: versionRun(['1.15.6', '1.15.7', '1.15.8', '1.15.9'], 900, 240),
				repository: 'github:follow-redirects/follow-redirects',
				dailyDownloads: 5_860_000,
			},
			{
				name: 'chalk',
				maintainers: ['sindresorhus', 'qix'],
				versions: [
					...versionRun(semverRange(4, 12, 4), 2600, 1400),
					...versionRun(['5.3.0', '5.4.1'], 900, 200),
				],
				repository: 'chalk/chalk',
				dailyDownloads: 40_000_000,
				growth: -0.1,
			},
			{
				name: 'form-data',
				maintainers: ['dylanpiercey', 'alexindigo', 'ljharb'],
				versions: versionRun(['4.0.0', '4.0.1', '4.0.2'], 2000, 100),
				dailyDownloads: 11_000_000,
			},
			{
				name: 'ms',
				maintainers: ['vercel-release-bot'],
				versions: versionRun(['2.0.0', '2.1.1', '2.1.2', '2.1.3'], 3300, 1900),
				dailyDownloads: 38_000_000,
			},
			{
				name: 'debug',
				maintainers: ['qix', 'thebigredgeek'],
				versions: versionRun(['4.3.4', '4.3.5', '4.3.6', '4.3.7', '4.4.0'], 1500, 170, {
					dependencies: {ms: '^2.1.3'},
					optionalDependencies: {'supports-color': '^8.1.1'},
					peerDependencies: {chalk: '^5.0.0'},
					optionalPeers: ['chalk'],
				}),
				dailyDownloads: 45_000_000,
			},
			{
				name: 'request',
				maintainers: ['mikeal', 'nylen', 'fredkschott'],
				versions: versionRun(['2.87.0', '2.88.0', '2.88.2'], 2600, 2300, {deprecated: requestDeprecation}),
				dailyDownloads: 2_000_000,
			},
			{
				name: 'event-stream',
				maintainers: ['dominictarr'],
				versions: [
					...versionRun(['3.3.3', '3.3.4', '3.3.5'], 3300, 2800, {publisher: 'dominictarr'}),
					{version: '3.3.6', daysAgo: 2750, publisher: 'right9ctrl'},
				],
				dailyDownloads: 300_000,
			},
			{
				// npm replaced a malicious typosquat with a "security holding" package.
				name: 'electorn',
				maintainers: [],
				versions: [{version: '0.0.1-security', daysAgo: 1200, publisher: 'npm'}],
				description: 'security holding package',
				repository: 'npm/security-holder',
				dailyDownloads: 40,
			},
			{
				name: 'gone-package',
				maintainers: null,
				versions: [],
				unpublished: {daysAgo: 400, versions: ['1.0.0', '1.0.1']},
				dailyDownloads: null,
			},
			{
				// A mirror that strips `maintainers`: publishers unknown, not zero.
				name: 'stripped-maintainers',
				maintainers: null,
				versions: versionRun(['1.0.0', '1.1.0'], 700, 300, {publisher: 'someone'}),
				dailyDownloads: 1200,
			},
			{
				name: '@babel/core',
				maintainers: ['nicolo-ribaudo', 'jlhwung', 'existentialism', 'hzoo'],
				versions: versionRun(['7.25.0', '7.26.0', '7.26.9'], 300, 90),
				repository: {
					type: 'git',
					url: 'https://github.com/babel/babel.git',
					directory: 'packages/babel-core',
				},
				dailyDownloads: 9_000_000,
			},
			{
				name: 'react',
				maintainers: ['react-bot', 'gaearon'],
				versions: [
					{version: '18.3.1', daysAgo: 700},
					{version: '19.0.0', daysAgo: 150},
				],
				dailyDownloads: 3_000_000,
			},
			{
				// Peer dependencies as npm 7+ installs them: react is installed beside it.
				name: 'react-dom',
				maintainers: ['react-bot', 'gaearon'],
				versions: [
					{
						version: '18.3.1',
						daysAgo: 700,
						dependencies: {scheduler: '^0.23.2'},
						peerDependencies: {react: '^18.3.1'},
					},
				],
				dailyDownloads: 2_800_000,
			},
			{
				name: 'scheduler',
				maintainers: ['react-bot'],
				versions: [{version: '0.23.2', daysAgo: 700}],
				dailyDownloads: 2_900_000,
			},
			{
				name: 'supports-color',
				maintainers: ['sindresorhus', 'qix'],
				versions: [{version: '8.1.1', daysAgo: 1500}],
				dailyDownloads: 30_000_000,
			},
			{
				name: '@types/node',
				maintainers: ['types'],
				versions: versionRun(['22.10.0', '22.10.1', '22.10.2'], 60, 3),
				dailyDownloads: 20_000_000,
				growth: 0.3,
			},
		],
		pypi: [
			{
				name: 'requests',
				ownership: {
					roles: [
						{role: 'Owner', user: 'graffatcolmingov'},
						{role: 'Owner', user: 'Lukasa'},
						{role: 'Owner', user: 'nateprewitt'},
						{role: 'Maintainer', user: 'nateprewitt'},
					],
					organization: 'psf',
				},
				releases: [
					{version: '2.31.0', daysAgo: 1100},
					{version: '2.32.0', daysAgo: 740, yanked: 'Yanked due to conflicts with CVE-2024-35195 mitigation'},
					{version: '2.32.1', daysAgo: 739, yanked: 'Yanked due to conflicts with CVE-2024-35195 mitigation'},
					{version: '2.32.2', daysAgo: 738, requiresDist: requestsRequiresDist},
					{version: '2.32.3', daysAgo: 730, requiresDist: requestsRequiresDist},
					{version: '2.32.4', daysAgo: 350, requiresDist: requestsRequiresDist},
				],
				sourceUrl: 'https://github.com/psf/requests',
				dailyDownloads: 9_000_000,
			},
			{
				name: 'certifi',
				ownership: {roles: [{role: 'Owner', user: 'certifi-owner'}], organization: null},
				releases: [
					{version: '2024.8.30', daysAgo: 640},
					{version: '2024.12.14', daysAgo: 530},
					{version: '2025.1.31', daysAgo: 480},
					{version: '2025.4.26', daysAgo: 400},
				],
				sourceUrl: 'https://github.com/certifi/python-certifi',
				dailyDownloads: 50_000_000,
				growth: 0.1,
			},
			{
				name: 'idna',
				ownership: {roles: [{role: 'Owner', user: 'kjd'}], organization: null},
				releases: [
					{version: '0.1', daysAgo: null},
					{version: '3.7', daysAgo: 780},
					{version: '3.8', daysAgo: 650},
					{version: '3.10', daysAgo: 610},
				],
				sourceUrl: 'https://github.com/kjd/idna',
				dailyDownloads: 20_000_000,
			},
			{
				name: 'charset-normalizer',
				ownership: {roles: [{role: 'Owner', user: 'Ousret'}], organization: null},
				releases: [
					{version: '3.3.2', daysAgo: 940},
					{version: '3.4.0', daysAgo: 600},
					{version: '3.4.1', daysAgo: 520},
				],
				sourceUrl: 'https://github.com/jawah/charset_normalizer',
				dailyDownloads: 16_000_000,
			},
			{
				name: 'urllib3',
				ownership: {
					roles: [
						{role: 'Owner', user: 'sethmlarson'},
						{role: 'Owner', user: 'shazow'},
						{role: 'Maintainer', user: 'pquentin'},
						{role: 'Maintainer', user: 'illia-v'},
					],
					organization: 'urllib3',
				},
				releases: [
					{version: '2.2.2', daysAgo: 720},
					{version: '2.2.3', daysAgo: 620},
					{version: '2.3.0', daysAgo: 500},
					{version: '2.4.0', daysAgo: 400},
					// Needs a newer Python than the default target (3.12): never chosen for it.
					{version: '3.0.0', daysAgo: 30, requiresPython: '>=3.13'},
				],
				latest: '2.4.0',
				sourceUrl: 'https://github.com/urllib3/urllib3',
				dailyDownloads: 24_000_000,
			},
			{
				// An older response: no `ownership` key → publishers unknown.
				name: 'six',
				releases: [
					{version: '1.16.0', daysAgo: 1900},
					{version: '1.17.0', daysAgo: 560},
				],
				dailyDownloads: 6_000_000,
			},
			...pythonResolutionPackages(),
		],
		cargo: defaultCrates(),
	};
}

/** What requests 2.32 declares (its real `Requires-Dist`, the underscore name as PyPI's metadata writes it). */
export const requestsRequiresDist = [
	'charset_normalizer<4,>=2',
	'idna<4,>=2.5',
	'urllib3<3,>=1.21.1',
	'certifi>=2017.4.17',
	'PySocks!=1.5.7,>=1.5.6; extra == "socks"',
	'chardet<6,>=3.0.2; extra == "use-chardet-on-py3"',
];

/**
 * Packages that resolution tests need besides the famous five: markers that are false on Linux/3.12 (colorama,
 * tomli), a true one (packaging), an extra's target (PySocks), pre-releases, a wildcard pin (brotlipy), an
 * sdist-only release (JSON requires_dist) and one without any metadata, and a cycle.
 */
function pythonResolutionPackages(): PypiPackageFixture[] {
	const one = (user: string) => ({roles: [{role: 'Owner' as const, user}], organization: null});
	return [
		{
			name: 'PySocks',
			ownership: one('Anorov'),
			releases: [{version: '1.7.1', daysAgo: 2000}],
			dailyDownloads: 900_000,
		},
		{
			name: 'colorama',
			ownership: one('tartley'),
			releases: [{version: '0.4.6', daysAgo: 1300}],
			dailyDownloads: 3_000_000,
		},
		{
			name: 'tomli',
			ownership: one('hukkin'),
			releases: [{version: '2.2.1', daysAgo: 500}],
			dailyDownloads: 4_000_000,
		},
		{
			name: 'packaging',
			ownership: one('pypa-bot'),
			releases: [{version: '24.2', daysAgo: 560}],
			dailyDownloads: 10_000_000,
		},
		{
			name: 'click',
			ownership: one('pallets'),
			releases: [
				{version: '8.1.7', daysAgo: 900, requiresDist: ['colorama; platform_system == "Windows"']},
				{version: '8.1.8', daysAgo: 500, requiresDist: ['colorama; platform_system == "Windows"']},
			],
			dailyDownloads: 5_000_000,
		},
		{
			name: 'black',
			ownership: one('ambv'),
			releases: [
				{version: '24.10.0', daysAgo: 600, requiresDist: blackRequiresDist},
				{version: '25.1.0', daysAgo: 400, requiresDist: blackRequiresDist},
				{version: '25.2.0b1', daysAgo: 20, requiresDist: blackRequiresDist},
			],
			dailyDownloads: 800_000,
		},
		{
			name: 'brotlipy',
			ownership: one('Lukasa'),
			releases: [
				{version: '0.6.0', daysAgo: 3000, requiresDist: ['cffi>=1.0.0']},
				{version: '0.7.0', daysAgo: 2900, requiresDist: ['cffi>=1.0.0']},
			],
			dailyDownloads: 20_000,
		},
		{
			name: 'cffi',
			ownership: one('arigo'),
			// An sdist only: no wheel `.metadata`, the per-version JSON says.
			releases: [{version: '1.17.1', daysAgo: 600, requiresDist: ['pycparser'], metadata: 'sdist-only'}],
			dailyDownloads: 6_000_000,
		},
		{
			name: 'pycparser',
			ownership: one('eliben'),
			// An sdist whose JSON has `requires_dist: null`.
			releases: [{version: '2.22', daysAgo: 700, metadata: 'sdist-only'}],
			dailyDownloads: 6_000_000,
		},
		{
			name: 'mystery-pkg',
			ownership: one('someone'),
			// No metadata anywhere: its edges are unknown ("none").
			releases: [{version: '1.0.0', daysAgo: 300, metadata: 'none'}],
			dailyDownloads: 100,
		},
		{
			// Conflicts with any `urllib3<2.4` chosen before it.
			name: 'needs-new-urllib3',
			ownership: one('someone'),
			releases: [{version: '1.0.0', daysAgo: 300, requiresDist: ['urllib3>=2.4']}],
			dailyDownloads: 100,
		},
		{
			name: 'cycle-a',
			ownership: one('someone'),
			releases: [{version: '1.0.0', daysAgo: 300, requiresDist: ['cycle-b>=1']}],
			dailyDownloads: 100,
		},
		{
			name: 'cycle-b',
			ownership: one('someone'),
			releases: [{version: '1.0.0', daysAgo: 300, requiresDist: ['cycle-a>=1']}],
			dailyDownloads: 100,
		},
	];
}

const blackRequiresDist = [
	'click>=8.0.0',
	'packaging>=22.0; python_version >= "3.8"',
	'tomli>=1.1.0; python_version < "3.11"',
	'colorama>=0.4.3; extra == "colorama"',
];

/** What syn 2.0.106 depends on here: a normal and a build dependency to follow, a dev and an optional one not to. */
const synDependencies: CargoVersionFixture['dependencies'] = [
	{name: 'quiet-crate', req: '^1'},
	{name: 'serde', req: '1.0', kind: 'build'},
	{name: 'tiny-young', req: '0.1', kind: 'dev'},
	{name: 'rand', req: '0.10', optional: true},
];

/** `0.1.0`, `0.1.1` … as `CargoVersionFixture`s spread evenly from `fromDays` to `toDays` ago. */
export function crateVersionRun(
	nums: readonly string[],
	fromDays: number,
	toDays: number,
	extra: Partial<CargoVersionFixture> = {},
): CargoVersionFixture[] {
	return versionRun(nums, fromDays, toDays).map(({version, daysAgo}) => ({...extra, num: version, daysAgo}));
}

/**
 * Real-shaped crates. serde, syn and rand are named after real crates, with plausible owners and volumes (syn's
 * from the crates.io summary of 2026-08-11: 449,710,421 downloads in 90 days, ≈ 5.0M a day; serde, not in that
 * top ten, a little below it); their versions and the other crates are made up to cover the cases: trusted publishing (GitHub and GitLab), yanked versions, versions with `published_by: null`, a young
 * sole-owner crate, a crate with every version yanked, a crate without downloads.
 */
function defaultCrates(): CargoCrateFixture[] {
	return [
		{
			name: 'serde',
			owners: ['dtolnay'],
			teams: ['github:serde-rs:publish'],
			versions: [
				// crates.io did not record publishers back then: `published_by: null`.
				...crateVersionRun(['0.2.0', '0.4.0', '0.6.0', '0.8.0', '0.9.0'], 4190, 3320, {publishedBy: null}),
				{num: '1.0.0', daysAgo: 3310, publishedBy: null},
				...crateVersionRun(
					Array.from({length: 20}, (_, i) => `1.0.${200 + i}`),
					800,
					40,
				),
			],
			repository: 'https://github.com/serde-rs/serde',
			description: 'A generic serialization/deserialization framework',
			dailyDownloads: 3_300_000,
			growth: 0.05,
		},
		{
			name: 'syn',
			owners: ['dtolnay'],
			versions: [
				...crateVersionRun(['0.10.0', '0.11.0', '0.15.0'], 3555, 2500, {publishedBy: null}),
				...crateVersionRun(['1.0.0', '1.0.50', '1.0.109'], 2400, 1150),
				...crateVersionRun(
					Array.from({length: 12}, (_, i) => `2.0.${95 + i}`),
					700,
					20,
				).map((version) =>
					version.num === '2.0.106' ? {...version, dependencies: synDependencies} : version,
				),
			],
			repository: 'https://github.com/dtolnay/syn',
			description: 'Parser for Rust source code',
			dailyDownloads: 4_997_000,
			growth: 0.1,
		},
		{
			// Published from CI through trusted publishing since 0.10: `published_by: null`, `trustpub_data` set.
			name: 'rand',
			owners: ['dhardy', 'newpavlov'],
			teams: ['github:rust-random:maintainers'],
			versions: [
				{num: '0.8.5', daysAgo: 1580},
				...crateVersionRun(['0.9.0', '0.9.1', '0.9.2'], 490, 300, {publishedBy: 'dhardy'}),
				{num: '0.10.0-rc.1', daysAgo: 200, publishedBy: 'dhardy'},
				...crateVersionRun(['0.10.0', '0.10.1'], 150, 30, {
					trustedPublishing: {
						provider: 'github',
						repository: 'rust-random/rand',
						runId: '15897453210',
						sha: '0c7e6b1f2a3d4e5f60718293a4b5c6d7e8f90123',
					},
				}),
			],
			repository: 'https://github.com/rust-random/rand',
			dailyDownloads: 4_160_000,
		},
		{
			// Young, one owner, already popular; 0.2.0 yanked; 0.3.0 published from GitLab CI.
			name: 'tiny-young',
			owners: ['newdev'],
			versions: [
				{num: '0.1.0', daysAgo: 40},
				{num: '0.2.0', daysAgo: 25, yanked: 'broken build on Windows'},
				{num: '0.2.1', daysAgo: 24},
				{
					num: '0.3.0',
					daysAgo: 6,
					trustedPublishing: {
						provider: 'gitlab',
						projectPath: 'newdev/tiny-young',
						jobId: '11530106120',
						sha: '76719c2658b5c4423810d655a4624af1b38b7091',
					},
				},
			],
			repository: 'https://gitlab.com/newdev/tiny-young',
			dailyDownloads: 5_000,
		},
		{
			// Every version yanked: crates.io sends max_stable_version null and "0.0.0" for the others.
			name: 'all-yanked',
			owners: ['someone'],
			versions: [
				{num: '0.1.0', daysAgo: 500, yanked: true},
				{num: '0.2.0', daysAgo: 400, yanked: 'security: see RUSTSEC-0000-0000'},
			],
			dailyDownloads: 3,
		},
		{
			// Nobody downloads it: no download rows at all, `recent_downloads: null`.
			name: 'quiet-crate',
			owners: ['hobbyist', 'friend'],
			versions: [{num: '1.0.0', daysAgo: 900}],
			repository: null,
			dailyDownloads: 0,
		},
	];
}
