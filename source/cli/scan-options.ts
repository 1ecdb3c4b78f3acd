import {defaultCacheDir} from '../cache/index.js';
import type {Settings} from '../config/settings.js';
import {invalidEndpoint, resolveEndpoints} from '../registries/endpoints.js';
import {megabyte} from '../registries/response-limits.js';
import type {ScanOptions} from '../scan/types.js';
import {UsageError} from './errors.js';
import type {CliFlags} from './flags.js';

const hour = 60 * 60 * 1000;

/**
 * Flag over environment over setting over default, for everything the scheduler needs. A base URL that is
 * not http(s) is a usage error before any work starts.
 */
export function buildScanOptions(input: {
	/** The scan flags and every endpoint flag (`registry`, `pypiUrl`, …) by name. */
	readonly flags: Pick<CliFlags, 'offline' | 'refresh' | 'cacheDir' | 'concurrency'> &
		Readonly<Record<string, unknown>>;
	readonly settings: Settings;
	readonly env: NodeJS.ProcessEnv;
	readonly projectDirectory: string;
}): ScanOptions {
	const {flags, settings, env} = input;
	const endpoints = resolveEndpoints({
		flags,
		env,
		settings: settings.endpoints,
		projectDir: input.projectDirectory,
	});
	const invalid = invalidEndpoint(endpoints);
	if (invalid) throw new UsageError(invalid);
	return {
		endpoints,
		concurrency: flags.concurrency ?? settings.concurrency,
		rateLimits: settings.rateLimits,
		cacheDir: flags.cacheDir || env.COMMIT_TUI_CACHE_DIR || defaultCacheDir(env),
		cacheLifetimeMs: {
			metadata: settings.cacheLifetimeHours.metadata * hour,
			downloads: settings.cacheLifetimeHours.downloads * hour,
		},
		offline: flags.offline,
		refresh: flags.refresh,
		timeoutMs: settings.requestTimeoutSeconds * 1000,
		responseLimits: {
			large: settings.maxResponseMB.large * megabyte,
			medium: settings.maxResponseMB.medium * megabyte,
			small: settings.maxResponseMB.small * megabyte,
		},
		environments: settings.environments,
	};
}
