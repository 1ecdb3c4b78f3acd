import {readJson} from '../../registries/http.js';
import {downloadHistorySchema, packageMetadataSchema} from '../../registries/schemas.js';
import type {DownloadHistory, PackageMetadata} from '../../registries/types.js';
import {metadataVersions} from '../listed-versions.js';
import type {EcosystemModule} from '../types.js';
import {readPypiCooldown} from './cooldown.js';
import {pypiLockfileFormats} from './lockfile-formats.js';
import {isValidPythonName, normalizePythonName} from './names.js';
import {parsePypiJson, pypiJsonUrl} from './pypi-json.js';
import {parsePypistats, pypistatsUrl} from './pypistats.js';
import {withReleaseFacts} from './release-facts.js';
import {pypiResolver} from './resolve.js';
import {
	parseSimpleJson,
	type SimpleProject,
	simpleJsonAccept,
	simpleProjectSchema,
	simpleUrl,
} from './simple.js';
import {pypiVersions} from './versions.js';

/**
 * PyPI: requirements / poetry / uv / Pipfile / pdm / pylock lockfiles; the JSON API (releases, `ownership`)
 * and 180 days of downloads from pypistats, whose limit is 30 requests a minute.
 */
export const pypiEcosystem: EcosystemModule = {
	id: 'pypi',
	displayName: 'PyPI',
	osvName: 'PyPI',
	lockfiles: pypiLockfileFormats,
	endpoints: [
		{
			key: 'pypi',
			flag: 'pypiUrl',
			env: 'COMMIT_TUI_PYPI_URL',
			defaultUrl: 'https://pypi.org/',
			label: 'PyPI',
			description: 'PyPI JSON API URL.',
		},
		{
			key: 'pypistats',
			flag: 'pypistatsUrl',
			env: 'COMMIT_TUI_PYPISTATS_URL',
			defaultUrl: 'https://pypistats.org/',
			label: 'pypistats',
			description: 'pypistats.org API URL (PyPI download counts).',
			defaultRateLimit: {perMinute: 30, reason: 'pypistats.org allows 30 requests a minute'},
		},
	],
	registry: {
		requests: [
			{
				kind: 'metadata',
				section: 'metadata',
				endpoint: 'pypi',
				lifetime: 'metadata',
				url: pypiJsonUrl,
				cacheSchema: packageMetadataSchema,
				versionsIn: metadataVersions,
				parse: async (body, name, {now}) => parsePypiJson(await readJson(body), name, now),
			},
			{
				// PEP 691 JSON: per-file provenance, yanked, core-metadata; PEP 792 project status.
				kind: 'simple',
				section: 'metadata',
				label: 'simple index',
				endpoint: 'pypi',
				lifetime: 'metadata',
				url: simpleUrl,
				cacheSchema: simpleProjectSchema,
				versionsIn: (value) => Object.keys((value as SimpleProject).releases),
				accept: simpleJsonAccept,
				// Relative file URLs resolve against the page (a mirror serves its own files).
				parse: async (body, name, {url, now}) => parseSimpleJson(await readJson(body), url, name, now),
			},
			{
				kind: 'downloads',
				section: 'downloads',
				endpoint: 'pypistats',
				lifetime: 'downloads',
				url: pypistatsUrl,
				cacheSchema: downloadHistorySchema,
				responseSize: 'small',
				parse: async (body, _name, {now}) => parsePypistats(await readJson(body), now),
			},
		],
		assemble(values) {
			const simple = (values.get('simple') as SimpleProject | null | undefined) ?? null;
			const metadata = (values.get('metadata') as PackageMetadata | null | undefined) ?? null;
			return {
				metadata: metadata ? withReleaseFacts(metadata, simple) : null,
				downloads: (values.get('downloads') as DownloadHistory | null | undefined) ?? null,
				...(simple ? {extras: {simple}} : {}),
			};
		},
	},
	normalizeName: normalizePythonName,
	isValidName: isValidPythonName,
	versions: pypiVersions,
	// pypistats keeps 180 days: 25 whole weeks and a bit.
	historyWeeks: 26,
	packageUrl: (name, version) => `https://pypi.org/project/${name}/${encodeURIComponent(version)}/`,
	resolver: pypiResolver,
	cooldown: {read: readPypiCooldown, dependabotEcosystems: ['pip', 'uv', 'pipenv', 'poetry']},
	// Wheels run nothing on install (an sdist's build does, which the registry does not describe).
	unrecorded: ['installScripts'],
	// The project JSON has only the latest release's requires_dist: the locked and previous ones are asked for.
	dependenciesPerVersion: true,
};
