import envPaths from 'env-paths';

export {
	type CacheEntry,
	type CacheKey,
	type CacheKind,
	cacheSizeBound,
	cacheToUse,
	defaultMaxCacheBytes,
	FactsCache,
	isFresh,
} from './facts-cache.js';

/** The cache folder: `COMMIT_TUI_CACHE_DIR`, else the platform cache dir (e.g. ~/.cache/commit-tui). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
	return env.COMMIT_TUI_CACHE_DIR || envPaths('commit-tui', {suffix: ''}).cache;
}
