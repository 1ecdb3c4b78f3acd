import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** The repository root (bench files run from dist/bench/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = path.join(repoRoot, 'dist', 'bundle', 'bin.js');
const rssProbe = path.join(repoRoot, 'dist', 'bench', 'rss-probe.js');

export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export type ProcessRun = {
	readonly ms: number;
	readonly peakRssBytes: number | null;
	/** CPU time of the probed process (user + system), ms; null without `probeNode`. */
	readonly cpuMs: number | null;
	readonly exitCode: number | null;
};

/** Runs a command to completion (output discarded), timing it from spawn to exit. */
export async function timeProcess(
	command: string,
	args: readonly string[],
	options: {cwd?: string; env?: NodeJS.ProcessEnv; probeNode?: boolean} = {},
): Promise<ProcessRun> {
	const scratch = mkdtempSync(path.join(tmpdir(), 'commit-tui-bench-'));
	const rssFile = path.join(scratch, 'rss');
	const env = {...process.env, ...options.env};
	if (options.probeNode) {
		env.COMMIT_TUI_RSS_FILE = rssFile;
		env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import ${rssProbe}`.trim();
	}

	const started = performance.now();
	const exitCode = await new Promise<number | null>((resolve, reject) => {
		const child = spawn(command, args, {cwd: options.cwd, env, stdio: ['ignore', 'ignore', 'ignore']});
		child.on('error', reject);
		child.on('exit', (code) => resolve(code));
	});
	const ms = performance.now() - started;
	let peakRssBytes: number | null = null;
	let cpuMs: number | null = null;
	try {
		const probe = JSON.parse(readFileSync(rssFile, 'utf8')) as {maxRss: number; cpuMs: number};
		peakRssBytes = probe.maxRss;
		cpuMs = probe.cpuMs;
	} catch {}

	rmSync(scratch, {recursive: true, force: true});
	return {ms, peakRssBytes, cpuMs, exitCode};
}

export function formatMs(ms: number): string {
	return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}

export function formatMb(bytes: number | null): string {
	return bytes === null ? 'unknown' : `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}
