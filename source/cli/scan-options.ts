import {closeSync, openSync, readSync, statSync} from 'node:fs';
import {defaultCacheDir} from '../cache/index.js';
import type {Settings} from '../config/settings.js';
import {invalidEndpoint, resolveEndpoints} from '../registries/endpoints.js';
import {megabyte} from '../registries/response-limits.js';
import type {AdvisoryOptions, ScanOptions} from '../scan/types.js';
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
		Partial<Pick<CliFlags, 'advisories' | 'advisoriesDb'>> &
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
		advisories: advisoryOptions(flags, settings),
	};
}

/**
 * On unless `--no-advisories` or the setting says off; `--advisories-db` files must be readable zip archives
 * (checked now: a typo fails at once with the file named, not as unknown advisories after a scan).
 */
function advisoryOptions(
	flags: Partial<Pick<CliFlags, 'advisories' | 'advisoriesDb'>>,
	settings: Settings,
): AdvisoryOptions {
	const exportFiles = flags.advisoriesDb ?? [];
	for (const file of exportFiles) {
		let head: Buffer;
		try {
			// A FIFO or a device would block the open or never end: only a regular file is read.
			if (!statSync(file).isFile()) throw new UsageError(`--advisories-db: ${file} is not a regular file`);
			const fd = openSync(file, 'r');
			head = Buffer.alloc(4);
			readSync(fd, head, 0, 4, 0);
			closeSync(fd);
		} catch (error) {
			if (error instanceof UsageError) throw error;
			throw new UsageError(
				`--advisories-db: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
			);
		}

		if (!head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])))
			throw new UsageError(`--advisories-db: ${file} is not a zip archive (expected an OSV all.zip export)`);
	}

	return {
		enabled: flags.advisories !== false && (settings.advisories.enabled || exportFiles.length > 0),
		exportFiles,
		queryLifetimeMs: settings.advisories.cacheHours * hour,
	};
}
