import {spawn} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {repoRoot} from './paths.js';

/** The built, bundled CLI — what `npx commit-tui` runs (npm test builds it before the tests). */
export const cliPath = path.join(repoRoot, 'dist', 'bundle', 'bin.js');

/** The endpoints of a local test server (`test/helpers/registry-server.ts`). */
export type ServerEndpoints = {
	readonly npmRegistryUrl: string;
	readonly downloadsUrl: string;
	readonly pypiUrl: string;
	readonly pypistatsUrl: string;
	readonly cratesUrl: string;
	readonly cratesIndexUrl: string;
	readonly osvUrl: string;
};

/** `isolatedEnv` with every endpoint (OSV too) on the local test server. */
export function serverEnv(server: ServerEndpoints, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return isolatedEnv({
		COMMIT_TUI_REGISTRY: server.npmRegistryUrl,
		COMMIT_TUI_DOWNLOADS_URL: server.downloadsUrl,
		COMMIT_TUI_PYPI_URL: server.pypiUrl,
		COMMIT_TUI_PYPISTATS_URL: server.pypistatsUrl,
		COMMIT_TUI_CRATES_URL: server.cratesUrl,
		COMMIT_TUI_CRATES_INDEX_URL: server.cratesIndexUrl,
		COMMIT_TUI_OSV_URL: server.osvUrl,
		...extra,
	});
}

export type CliResult = {readonly code: number | null; readonly stdout: string; readonly stderr: string};

/** A private home, settings folder and cache, so a test never reads or writes the user's. */
export function isolatedEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const home = mkdtempSync(path.join(tmpdir(), 'commit-tui-home-'));
	const env: NodeJS.ProcessEnv = {
		PATH: process.env.PATH,
		HOME: home,
		COMMIT_TUI_CONFIG_DIR: path.join(home, 'config'),
		COMMIT_TUI_CACHE_DIR: path.join(home, 'cache'),
		// Nothing may reach the internet: any default endpoint points at a closed port.
		COMMIT_TUI_REGISTRY: 'http://127.0.0.1:9/',
		COMMIT_TUI_DOWNLOADS_URL: 'http://127.0.0.1:9/',
		COMMIT_TUI_PYPI_URL: 'http://127.0.0.1:9/',
		COMMIT_TUI_PYPISTATS_URL: 'http://127.0.0.1:9/',
		COMMIT_TUI_CRATES_URL: 'http://127.0.0.1:9/',
		COMMIT_TUI_CRATES_INDEX_URL: 'http://127.0.0.1:9/',
		COMMIT_TUI_OSV_URL: 'http://127.0.0.1:9/',
		...extra,
	};
	for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
	return env;
}

/** Runs the built CLI without a terminal (stdin closed, stdout/stderr piped): the headless path. */
export async function runCli(args: readonly string[], options: {env?: NodeJS.ProcessEnv; cwd?: string} = {}) {
	const child = spawn(process.execPath, [cliPath, ...args], {
		cwd: options.cwd ?? repoRoot,
		env: options.env ?? isolatedEnv(),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
	return {code, stdout, stderr} satisfies CliResult;
}
