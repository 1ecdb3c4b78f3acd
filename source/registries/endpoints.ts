import os from 'node:os';
import {defaultEndpoints, type Endpoints} from '../config/settings.js';
import {ensureTrailingSlash, readNpmConfig} from '../ecosystems/npm/npmrc.js';
import type {ResolvedEndpoints} from '../scan/types.js';

/** The public npm registry, used when nothing else says otherwise. */
export const defaultNpmRegistry = 'https://registry.npmjs.org/';

export type EndpointFlags = {
	readonly registry?: string | undefined;
	readonly downloadsUrl?: string | undefined;
	readonly pypiUrl?: string | undefined;
	readonly pypistatsUrl?: string | undefined;
};

export type ResolveEndpointsInput = {
	/** Command-line flags (`--registry`, `--downloads-url`, `--pypi-url`, `--pypistats-url`). */
	readonly flags?: EndpointFlags;
	readonly env?: NodeJS.ProcessEnv;
	/** `settings.endpoints` (conf). */
	readonly settings?: Partial<Endpoints>;
	/** Where the project's `.npmrc` is looked for. */
	readonly projectDir?: string | null;
	/** Where `~/.npmrc` is looked for (default: the user's home). */
	readonly homeDir?: string | null;
};

/**
 * Where requests go: flag over env (`COMMIT_TUI_*`) over setting over default. The npm registry's default
 * is the user's npm config (project .npmrc, ~/.npmrc, npm_config_registry), then registry.npmjs.org.
 * Scope registries and auth tokens always come from npm config. Every URL ends with '/'.
 */
export function resolveEndpoints(input: ResolveEndpointsInput = {}): ResolvedEndpoints {
	const flags = input.flags ?? {};
	const env = input.env ?? process.env;
	const settings = input.settings ?? {};
	const npm = readNpmConfig({
		env,
		projectDir: input.projectDir ?? null,
		homeDir: input.homeDir === undefined ? os.homedir() : input.homeDir,
	});
	const pick = (...candidates: Array<string | null | undefined>): string =>
		ensureTrailingSlash(
			candidates.find((value): value is string => typeof value === 'string' && value !== '')!,
		);

	return {
		npmRegistry: pick(
			flags.registry,
			env.COMMIT_TUI_REGISTRY,
			settings.npmRegistry,
			npm.registry,
			defaultNpmRegistry,
		),
		npmScopeRegistries: npm.scopeRegistries,
		npmAuthTokens: npm.authTokens,
		npmDownloads: pick(
			flags.downloadsUrl,
			env.COMMIT_TUI_DOWNLOADS_URL,
			settings.npmDownloads,
			defaultEndpoints.npmDownloads,
		),
		pypi: pick(flags.pypiUrl, env.COMMIT_TUI_PYPI_URL, settings.pypi, defaultEndpoints.pypi),
		pypistats: pick(
			flags.pypistatsUrl,
			env.COMMIT_TUI_PYPISTATS_URL,
			settings.pypistats,
			defaultEndpoints.pypistats,
		),
	};
}

/** The registry a package name is fetched from: its scope's registry when .npmrc maps one. */
export function registryFor(endpoints: ResolvedEndpoints, name: string): string {
	if (name.startsWith('@')) {
		const scope = name.slice(0, name.indexOf('/'));
		const mapped = endpoints.npmScopeRegistries[scope];
		if (mapped) return mapped;
	}

	return endpoints.npmRegistry;
}

/**
 * The first endpoint that is not an http(s) URL, as a message naming its flag ('--registry: not an
 * http(s) URL: foo/'), or null when all are usable. The CLI can turn it into a usage error.
 */
export function invalidEndpoint(endpoints: ResolvedEndpoints): string | null {
	const named: Array<[string, string]> = [
		['--registry', endpoints.npmRegistry],
		['--downloads-url', endpoints.npmDownloads],
		['--pypi-url', endpoints.pypi],
		['--pypistats-url', endpoints.pypistats],
		...Object.entries(endpoints.npmScopeRegistries).map(([scope, url]): [string, string] => [
			`${scope}:registry`,
			url,
		]),
	];
	for (const [name, url] of named) {
		if (!/^https?:$/.test(URL.canParse(url) ? new URL(url).protocol : ''))
			return `${name}: not an http(s) URL: ${url}`;
	}

	return null;
}
