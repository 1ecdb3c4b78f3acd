import * as shape from '../../cache/schema.js';
import {HttpFailure} from '../../registries/http.js';
import {boundedName, boundedText, registryTimestamp} from '../../registries/registry-values.js';
import {isRecord} from '../../util/records.js';
import {normalizePythonName} from './names.js';
import {maxFilenameLength} from './pypi-json.js';

/**
 * The PEP 691 simple JSON API: `GET {pypi}simple/<name>/` with `Accept: application/vnd.pypi.simple.v1+json`.
 * Per file: its upload time, whether it is yanked (PEP 592), whether it has a provenance (PEP 740) and a
 * separate core-metadata file (PEP 658/714); per project its status (PEP 792: archived, quarantined,
 * deprecated). Kept compact, per release: this is what is cached.
 */

export const simpleJsonAccept = 'application/vnd.pypi.simple.v1+json';

export function simpleUrl(base: string, name: string): string {
	return `${base}simple/${encodeURIComponent(normalizePythonName(name))}/`;
}

export type ProjectStatus = 'active' | 'archived' | 'quarantined' | 'deprecated';

export type SimpleFile = {
	readonly filename: string;
	/** Absolute URL of the file (relative URLs resolved against the page). */
	readonly url: string;
	readonly kind: 'wheel' | 'sdist' | 'other';
	/** ISO time, null when the index does not say (api-version < 1.1). */
	readonly uploadTime: string | null;
	/** False, or the yank reason ('' when none was given). */
	readonly yanked: false | string;
	/** PEP 658/714: `<url>.metadata` serves this file's METADATA. */
	readonly coreMetadata: boolean;
	/** PEP 740: the URL of the file's provenance, or null. */
	readonly provenance: string | null;
	readonly requiresPython: string | null;
};

export type SimpleProject = {
	readonly name: string;
	readonly status: ProjectStatus;
	readonly statusReason: string | null;
	/** Version → its files, in the order the index lists them. Versions without files are listed empty. */
	readonly releases: Readonly<Record<string, readonly SimpleFile[]>>;
};

const statuses: readonly ProjectStatus[] = ['active', 'archived', 'quarantined', 'deprecated'];

/** The cache schema of `SimpleProject` (bump the version when its shape changes). */
// 2: another project's wheels left out; upload times checked.
export const simpleProjectSchema = shape.versioned(
	2,
	shape.objectOf({
		name: shape.string(),
		status: shape.oneOf(statuses),
		statusReason: shape.nullable(shape.string()),
		releases: shape.recordOf(
			shape.arrayOf(
				shape.objectOf({
					filename: shape.string(),
					url: shape.string(),
					kind: shape.oneOf(['wheel', 'sdist', 'other']),
					uploadTime: shape.nullable(shape.isoTime()),
					yanked: {
						expected: 'false or a reason',
						check: (value) =>
							value === false || typeof value === 'string' ? null : ': expected false or a reason',
					},
					coreMetadata: shape.boolean(),
					provenance: shape.nullable(shape.string()),
					requiresPython: shape.nullable(shape.string()),
				}),
			),
		),
	}),
);

/**
 * A PEP 691 page → `SimpleProject`. Not an object, no `files` array or no `name` → `HttpFailure('invalid')`; so
 * is a `meta.api-version` whose major version is not 1 (PEP 629: a client must not read a major version it does
 * not know) and a page for another project. A file whose name is not a distribution of this project (a wheel or
 * sdist of another name) is left out; an `upload-time` that is not a date, or lies after `now`, is unknown.
 */
export function parseSimpleJson(
	body: unknown,
	pageUrl: string,
	requestedName?: string,
	now: Date = new Date(),
): SimpleProject {
	if (!isRecord(body) || !Array.isArray(body.files) || typeof body.name !== 'string')
		throw new HttpFailure('invalid', 'invalid PyPI simple response');
	const apiVersion = isRecord(body.meta) ? body.meta['api-version'] : undefined;
	if (apiVersion !== undefined && !(typeof apiVersion === 'string' && /^1\.\d+$/.test(apiVersion)))
		throw new HttpFailure(
			'invalid',
			`PyPI simple API version ${JSON.stringify(String(apiVersion).slice(0, 20))} is not 1.x`,
		);
	const name = normalizePythonName(body.name);
	// Another project's index page is not this one's (PEP 503 names, as PyPI compares them).
	if (requestedName !== undefined && name !== normalizePythonName(requestedName))
		throw new HttpFailure('invalid', `the simple index is for ${JSON.stringify(body.name.slice(0, 100))}`);
	const releases: Record<string, SimpleFile[]> = {};
	// PEP 700 lists every version, those without files too.
	if (Array.isArray(body.versions))
		for (const version of body.versions) if (typeof version === 'string') releases[version] ??= [];
	for (const item of body.files) {
		const file = parseFile(item, name, pageUrl, now);
		if (!file) continue;
		(releases[file.version] ??= []).push(file.file);
	}

	const status = isRecord(body['project-status']) ? body['project-status'] : {};
	const statusName = typeof status.status === 'string' ? status.status : 'active';
	return {
		name,
		// An unknown status is treated as active, as pip and uv do.
		status: (statuses as readonly string[]).includes(statusName) ? (statusName as ProjectStatus) : 'active',
		statusReason:
			typeof status.reason === 'string' && status.reason !== '' ? boundedText(status.reason) : null,
		releases,
	};
}

function parseFile(
	item: unknown,
	project: string,
	pageUrl: string,
	now: Date,
): {version: string; file: SimpleFile} | null {
	if (!isRecord(item) || typeof item.filename !== 'string' || typeof item.url !== 'string') return null;
	const parsed = versionOfFilename(item.filename, project);
	if (!parsed) return null;
	let url: string;
	try {
		url = new URL(item.url, pageUrl).href;
	} catch {
		return null;
	}

	const coreMetadata = item['core-metadata'] ?? item['data-dist-info-metadata'];
	const uploaded = registryTimestamp(item['upload-time'], now);
	return {
		version: boundedName(parsed.version),
		file: {
			filename: boundedName(item.filename, maxFilenameLength),
			// A URL cut short is one that fails when fetched: that file's metadata only, and said.
			url: boundedText(url, maxUrlLength),
			kind: parsed.kind,
			uploadTime: uploaded === 'malformed' ? null : uploaded,
			yanked: item.yanked === true ? '' : typeof item.yanked === 'string' ? boundedText(item.yanked) : false,
			coreMetadata: coreMetadata !== undefined && coreMetadata !== false && coreMetadata !== null,
			provenance:
				typeof item.provenance === 'string' && item.provenance !== ''
					? boundedText(item.provenance, maxUrlLength)
					: null,
			requiresPython:
				typeof item['requires-python'] === 'string' ? boundedText(item['requires-python'], 1024) : null,
		},
	};
}

const maxUrlLength = 8192;

const sdistExtensions = ['.tar.gz', '.zip', '.tar.bz2', '.tar.xz', '.tgz', '.tar'];

/**
 * The version a distribution file belongs to. Wheels: `{name}-{version}(-{build})?-{py}-{abi}-{platform}.whl`.
 * Sdists: `{name}-{version}.tar.gz`, where the name may itself contain `-` (`python-dateutil-2.9.0.tar.gz`):
 * the version starts after the prefix that normalises to the project's name.
 */
export function versionOfFilename(
	filename: string,
	project: string,
): {version: string; kind: SimpleFile['kind']} | null {
	if (filename.endsWith('.whl')) {
		// Another project's wheel on this page is not one of this project's releases.
		const parts = filename.slice(0, -4).split('-');
		return parts.length >= 5 && parts[1] && normalizePythonName(parts[0]!) === project
			? {version: parts[1], kind: 'wheel'}
			: null;
	}

	const extension = sdistExtensions.find((candidate) => filename.toLowerCase().endsWith(candidate));
	const stem = extension ? filename.slice(0, -extension.length) : filename.replace(/\.[^.]+$/, '');
	for (let index = stem.indexOf('-'); index > 0; index = stem.indexOf('-', index + 1)) {
		if (normalizePythonName(stem.slice(0, index)) === project) {
			const version = stem.slice(index + 1);
			return version ? {version, kind: extension ? 'sdist' : 'other'} : null;
		}
	}

	return null;
}
