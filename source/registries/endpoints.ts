import os from 'node:os';
import {ecosystems} from '../ecosystems/index.js';
import type {EcosystemModule, EndpointSpec, ResolvedEndpoints} from '../ecosystems/types.js';
import {ensureTrailingSlash} from './urls.js';

export type {ResolvedEndpoints} from '../ecosystems/types.js';

/**
 * Services that are not an ecosystem's but the whole tree's (OSV answers for npm, PyPI and crates.io alike).
 * Their flags, environment variables, settings and help come from the same machinery as the ecosystems'.
 */
export const coreEndpoints: readonly EndpointSpec[] = [
	{
		key: 'osv',
		flag: 'osvUrl',
		env: 'COMMIT_TUI_OSV_URL',
		defaultUrl: 'https://api.osv.dev/',
		label: 'OSV advisories',
		description: 'OSV API URL (known-malicious and vulnerable versions, for every ecosystem).',
	},
];

/** Every endpoint of every ecosystem, with its owner (null for a core service), in help order. */
export const endpointSpecs: ReadonlyArray<EndpointSpec & {readonly ecosystem: string | null}> = [
	...ecosystems.flatMap((ecosystem) =>
		ecosystem.endpoints.map((spec) => ({...spec, ecosystem: ecosystem.id})),
	),
	...coreEndpoints.map((spec) => ({...spec, ecosystem: null})),
];

/** The default base URL of each endpoint (`settings.endpoints` defaults; nullable ones are null). */
export function defaultEndpointSettings(): Record<string, string | null> {
	return Object.fromEntries(
		endpointSpecs.map((spec) => [spec.key, spec.nullableSetting ? null : spec.defaultUrl]),
	);
}

/**
 * Requests in flight per host unless the `concurrency` setting says otherwise. A scan is latency-bound: at 8 in
 * flight a cold scan waited on round trips (32 made it 2.45× faster on a test machine). 15 is what npm itself
 * opens per registry (its `maxsockets` default), and the npm downloads API, on the same infrastructure, takes
 * the same: its bulk requests carry 128 names each, so it sees few requests, and a 429 pauses that host alone
 * (with its Retry-After). Hosts with a published rate limit are paced by it whatever the concurrency:
 * crates.io one request a second, pypistats.org 30 a minute (`defaultRateLimit` of their endpoints).
 */
export const defaultConcurrency = 15;

/** Requests per minute the public hosts allow (the `rateLimits` setting's defaults), by host name. */
export function defaultRateLimits(): Record<string, number> {
	const limits: Record<string, number> = {};
	for (const spec of endpointSpecs) {
		if (spec.defaultRateLimit) limits[new URL(spec.defaultUrl).hostname] = spec.defaultRateLimit.perMinute;
	}

	return limits;
}

/** Why a host is paced, when its default rate limit is in force ('pypistats.org allows 30 requests a minute'). */
export function rateLimitReason(host: string): string | null {
	const spec = endpointSpecs.find(
		(candidate) => candidate.defaultRateLimit && new URL(candidate.defaultUrl).host === host,
	);
	return spec?.defaultRateLimit?.reason ?? null;
}

export type ResolveEndpointsInput = {
	/** Command-line values by endpoint flag name (`registry`, `pypiUrl`, …). */
	readonly flags?: Readonly<Record<string, unknown>>;
	readonly env?: NodeJS.ProcessEnv;
	/** `settings.endpoints` (conf), by endpoint key. */
	readonly settings?: Readonly<Record<string, string | null | undefined>>;
	/** Where the project's own tool config (`.npmrc`) is looked for. */
	readonly projectDir?: string | null;
	/** Where the user's tool config (`~/.npmrc`) is looked for (default: the user's home). */
	readonly homeDir?: string | null;
	/** The ecosystems to resolve (default: all). */
	readonly ecosystems?: readonly EcosystemModule[];
};

/**
 * Where requests go: flag over environment (`COMMIT_TUI_*`) over setting over the ecosystem's own tool
 * config (npm's `.npmrc` registry) over the default. Routes and tokens always come from the tool config.
 * Every URL ends with '/'.
 */
export function resolveEndpoints(input: ResolveEndpointsInput = {}): ResolvedEndpoints {
	const flags = input.flags ?? {};
	const env = input.env ?? process.env;
	const settings = input.settings ?? {};
	const context = {
		env,
		projectDir: input.projectDir ?? null,
		homeDir: input.homeDir === undefined ? os.homedir() : input.homeDir,
	};
	const urls: Record<string, string> = {};
	const routes: Record<string, Record<string, string>> = {};
	const authTokens: Record<string, string> = {};
	const flagOf: Record<string, string> = {};
	const resolve = (spec: EndpointSpec, toolDefault: string | undefined) => {
		const flag = flags[spec.flag];
		const candidates = [
			typeof flag === 'string' ? flag : undefined,
			env[spec.env],
			settings[spec.key],
			toolDefault,
			spec.defaultUrl,
		];
		urls[spec.key] = ensureTrailingSlash(
			candidates.find((value): value is string => typeof value === 'string' && value !== '')!,
		);
		flagOf[spec.key] = `--${kebab(spec.flag)}`;
	};

	for (const ecosystem of input.ecosystems ?? ecosystems) {
		const config = ecosystem.configure?.(context) ?? {};
		if (config.routes) routes[ecosystem.id] = {...config.routes};
		Object.assign(authTokens, config.authTokens ?? {});
		for (const spec of ecosystem.endpoints) resolve(spec, config.defaults?.[spec.key]);
	}

	for (const spec of coreEndpoints) resolve(spec, undefined);
	return {urls, routes, authTokens, flagOf};
}

/**
 * The first endpoint that is not an http(s) URL, as a message naming its flag ('--registry: not an
 * http(s) URL: foo/'), or null when all are usable. The CLI turns it into a usage error.
 */
export function invalidEndpoint(endpoints: ResolvedEndpoints): string | null {
	const named: Array<[string, string]> = [
		...Object.entries(endpoints.urls).map(([key, url]): [string, string] => [
			endpoints.flagOf?.[key] ?? key,
			url,
		]),
		...Object.values(endpoints.routes).flatMap((routes) =>
			Object.entries(routes).map(([route, url]): [string, string] => [`${route}:registry`, url]),
		),
	];
	for (const [name, url] of named) {
		if (!/^https?:$/.test(URL.canParse(url) ? new URL(url).protocol : ''))
			return `${name}: not an http(s) URL: ${url}`;
	}

	return null;
}

/** `downloadsUrl` → `downloads-url`. */
export function kebab(name: string): string {
	return name.replaceAll(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
