import {defaultCacheDir} from './cache/index.js';
import {resolveEndpoints} from './registries/endpoints.js';
import type {ScanOptions} from './scan/types.js';
import type {Settings} from './settings.js';

const hour = 60 * 60 * 1000;

/** Flag over environment over setting over default, for everything the scheduler needs. */
export function buildScanOptions(input: {
	readonly flags: {
		readonly offline: boolean;
		readonly refresh: boolean;
		readonly registry?: string | undefined;
		readonly downloadsUrl?: string | undefined;
		readonly pypiUrl?: string | undefined;
		readonly pypistatsUrl?: string | undefined;
		readonly cacheDir?: string | undefined;
		readonly concurrency?: number | undefined;
	};
	readonly settings: Settings;
	readonly env: NodeJS.ProcessEnv;
	readonly projectDirectory: string;
}): ScanOptions {
	const {flags, settings, env} = input;
	return {
		endpoints: resolveEndpoints({
			flags,
			env,
			settings: settings.endpoints,
			projectDir: input.projectDirectory,
		}),
		concurrency: flags.concurrency ?? settings.concurrency,
		rateLimits: settings.rateLimits,
		cacheDir: flags.cacheDir || env.COMMIT_TUI_CACHE_DIR || defaultCacheDir(env),
		cacheLifetimeMs: {
			metadata: settings.cacheLifetimeHours.metadata * hour,
			downloads: settings.cacheLifetimeHours.downloads * hour,
		},
		offline: flags.offline,
		refresh: flags.refresh,
	};
}
