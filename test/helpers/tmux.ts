import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {repoRoot} from './paths.js';
import type {RegistryServer} from './registry-server.js';
import {deadlineIn} from './terminal.js';

/**
 * The built CLI in a real terminal: a bash in a tmux session (CI=false, a private HOME/config/cache), keys sent
 * with send-keys, the screen read with capture-pane. Every wait polls the screen; nothing sleeps blindly.
 */

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;
export const builtCli = path.join(repoRoot, 'dist', 'bundle', 'bin.js');

export type TmuxShell = {
	readonly screen: () => string;
	readonly send: (...keys: string[]) => void;
	readonly waitForScreen: (
		predicate: (text: string) => boolean,
		label: string,
		timeoutMs?: number,
	) => Promise<string>;
	readonly kill: () => void;
};

function tmux(...args: string[]): string {
	return execFileSync('tmux', args, {encoding: 'utf8'});
}

/** A bash in a fresh tmux session of `columns`×`rows`, in `folder`, with `scratch` for HOME, config and cache. */
export async function startTmuxShell(
	name: string,
	options: {
		readonly folder: string;
		readonly scratch: string;
		readonly columns?: number;
		readonly rows?: number;
	},
): Promise<TmuxShell> {
	assert.ok(existsSync(builtCli), `build first: ${builtCli} is missing (npm run build)`);
	const env = [
		`PATH=${process.env.PATH}`,
		'TERM=xterm-256color',
		`HOME=${path.join(options.scratch, 'home')}`,
		'CI=false',
		`COMMIT_TUI_CONFIG_DIR=${path.join(options.scratch, 'config')}`,
		`COMMIT_TUI_CACHE_DIR=${path.join(options.scratch, 'cache')}`,
		'PS1=e2e$ ',
	];
	tmux(
		'new-session',
		'-d',
		'-s',
		name,
		'-x',
		String(options.columns ?? 120),
		'-y',
		String(options.rows ?? 40),
		'-c',
		options.folder,
		'env',
		'-i',
		...env,
		'bash',
		'--norc',
		'--noprofile',
	);
	const screen = () => tmux('capture-pane', '-p', '-t', name);
	const waitForScreen = async (predicate: (text: string) => boolean, label: string, timeoutMs = 20_000) => {
		const deadline = deadlineIn(timeoutMs);
		for (;;) {
			const text = screen();
			if (predicate(text)) return text;
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}; screen:\n${text}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	};

	await waitForScreen((text) => text.includes('e2e$'), 'the shell prompt', 5000);
	return {
		screen,
		send: (...keys) => void tmux('send-keys', '-t', name, ...keys),
		waitForScreen,
		kill: () => void spawnSync('tmux', ['kill-session', '-t', name]),
	};
}

/** The built CLI pointed at the local registry server, as a shell command. */
export function cliCommandFor(
	server: RegistryServer,
	cacheDir: string,
	args: readonly string[] = [],
): string {
	return [
		'node',
		builtCli,
		...args,
		'--registry',
		server.npmRegistryUrl,
		'--downloads-url',
		server.downloadsUrl,
		'--pypi-url',
		server.pypiUrl,
		'--pypistats-url',
		server.pypistatsUrl,
		'--crates-url',
		server.cratesUrl,
		'--crates-index-url',
		server.cratesIndexUrl,
		// The local OSV too: a test never reaches the internet (and a DNS failure's status would crowd the header).
		'--osv-url',
		server.osvUrl,
		'--cache-dir',
		cacheDir,
	].join(' ');
}
