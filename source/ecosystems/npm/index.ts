import type {Readable} from 'node:stream';
import {HttpFailure, readJson} from '../../registries/http.js';
import {downloadHistorySchema, packageMetadataSchema} from '../../registries/schemas.js';
import {semverVersionRules} from '../../registries/semver-versions.js';
import type {DownloadHistory, PackageMetadata} from '../../registries/types.js';
import {metadataVersions} from '../listed-versions.js';
import type {EcosystemModule, RequestSpec} from '../types.js';
import {readNpmCooldown} from './cooldown.js';
import {downloadsRangeUrl, isBulkable, maxBulkNames, parseRangeResponse} from './downloads.js';
import {npmLockfileFormats} from './lockfile-formats.js';
import {readNpmConfig} from './npmrc.js';
import {npmScope, packumentUrl, readPackument} from './packument.js';
import {npmResolver} from './resolve.js';

/**
 * npm: package-lock / yarn / pnpm / bun lockfiles; the full packument (publishers, releases) from the
 * registry in the user's npm config, and a year of daily downloads from the downloads API (bulk for
 * unscoped names).
 */

const metadataRequest: RequestSpec = {
	kind: 'metadata',
	section: 'metadata',
	endpoint: 'npmRegistry',
	lifetime: 'metadata',
	url: packumentUrl,
	parse: (body, name, {now}) => readPackument(body, name, now),
	// A private registry (GitHub Packages, Artifactory) needs the token from .npmrc.
	authenticated: true,
	// Tens of MB for big packages, streamed: only the few fields kept cost memory.
	responseSize: 'large',
	// Its version moves with what the parser keeps (2: per-version provenance, trusted publisher, approver and
	// install scripts): entries of an older parser lack those facts, which would read as "no".
	cacheSchema: packageMetadataSchema,
	versionsIn: metadataVersions,
};

const downloadsRequest: RequestSpec = {
	kind: 'downloads',
	section: 'downloads',
	endpoint: 'npmDownloads',
	lifetime: 'downloads',
	url: (base, name) => downloadsRangeUrl(base, [name]),
	responseSize: 'small',
	cacheSchema: downloadHistorySchema,
	parse: async (body, name, {now}) => {
		const value = parseRangeResponse(await readJson(body), [name], now).get(name) ?? null;
		if (value instanceof HttpFailure) throw value;
		return value;
	},
	bulk: {
		maxNames: maxBulkNames,
		accepts: isBulkable,
		url: downloadsRangeUrl,
		parse: async (body: Readable, names, {now}) => parseRangeResponse(await readJson(body), names, now),
	},
};

/** A name npm could have published: `name` or `@scope/name`, URL-safe, no `.`/`..` path tricks. */
export function isValidNpmName(name: string): boolean {
	if (name.length === 0 || name.length > 214) return false;
	// Old packages may have capitals (JSONStream); anything that needs URL escaping beyond the scope's `/` may not.
	return /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/i.test(name);
}

export const npmEcosystem: EcosystemModule = {
	id: 'npm',
	displayName: 'npm',
	osvName: 'npm',
	lockfiles: npmLockfileFormats,
	endpoints: [
		{
			key: 'npmRegistry',
			flag: 'registry',
			env: 'COMMIT_TUI_REGISTRY',
			defaultUrl: 'https://registry.npmjs.org/',
			defaultNote: 'your npm config, else https://registry.npmjs.org/',
			label: 'npm registry',
			description: 'npm registry URL; empty = the one in your npm config (.npmrc).',
			nullableSetting: true,
		},
		{
			key: 'npmDownloads',
			flag: 'downloadsUrl',
			env: 'COMMIT_TUI_DOWNLOADS_URL',
			defaultUrl: 'https://api.npmjs.org/',
			label: 'npm downloads API',
			description: 'npm download counts API URL.',
		},
	],
	configure(context) {
		const config = readNpmConfig(context);
		return {
			defaults: config.registry ? {npmRegistry: config.registry} : undefined,
			routes: config.scopeRegistries,
			authTokens: config.authTokens,
		};
	},
	registry: {
		requests: [metadataRequest, downloadsRequest],
		baseFor(request, name, endpoints) {
			const scope = request.endpoint === 'npmRegistry' ? npmScope(name) : null;
			const routed = scope ? endpoints.routes.npm?.[scope] : undefined;
			return routed ?? endpoints.urls[request.endpoint]!;
		},
		assemble: (values) => ({
			metadata: (values.get('metadata') as PackageMetadata | null | undefined) ?? null,
			downloads: (values.get('downloads') as DownloadHistory | null | undefined) ?? null,
		}),
	},
	normalizeName: (name) => name,
	isValidName: isValidNpmName,
	versions: semverVersionRules,
	historyWeeks: 52,
	packageUrl: (name, version) => `https://www.npmjs.com/package/${name}/v/${encodeURIComponent(version)}`,
	resolver: npmResolver,
	cooldown: {read: readNpmCooldown, dependabotEcosystems: ['npm', 'bun']},
};
