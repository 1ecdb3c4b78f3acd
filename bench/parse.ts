import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {
	parseYamlDocuments,
	parseYamlDocumentsByDocument,
} from '../source/ecosystems/npm/lockfiles/yarn-yaml.js';
import {loadProject} from '../source/lockfiles/index.js';
import {cliPath, formatMb, formatMs, median, repoRoot, timeProcess} from './measure.js';
import {pnpmLockFromNpm} from './pnpm-lock.js';

const largeProject = path.join(repoRoot, 'bench', 'fixtures', 'large');
const lockfile = path.join(largeProject, 'package-lock.json');

/**
 * Issue 2's benchmark: the whole CLI turning a ~2,300-entry npm v3 lockfile into JSON, against
 * `npm ls --all --package-lock-only --json` on the same file, both measured here and now.
 */
export async function benchParse(runs = 7): Promise<string[]> {
	const entries = Object.keys(JSON.parse(readFileSync(lockfile, 'utf8')).packages).length - 1;
	const cacheDir = mkdtempSync(path.join(tmpdir(), 'commit-tui-bench-cache-'));
	const ours: number[] = [];
	const baseline: number[] = [];
	let peak = 0;
	for (let run = 0; run < runs; run++) {
		const result = await timeProcess(
			process.execPath,
			[cliPath, '--json', '--offline', '--cache-dir', cacheDir, '--file', lockfile],
			{probeNode: true, env: {CI: '', COMMIT_TUI_CONFIG_DIR: cacheDir}},
		);
		if (result.exitCode !== 0) throw new Error(`commit-tui exited ${result.exitCode}`);
		ours.push(result.ms);
		peak = Math.max(peak, result.peakRssBytes ?? 0);
		// npm ls exits 1 when the tree has problems (missing peers); its timing is what we compare with.
		baseline.push(
			(await timeProcess('npm', ['ls', '--all', '--package-lock-only', '--json'], {cwd: largeProject})).ms,
		);
	}

	rmSync(cacheDir, {recursive: true, force: true});
	const parseTimes: number[] = [];
	let packages = 0;
	for (let run = 0; run < 15; run++) {
		const started = performance.now();
		packages = loadProject({directory: largeProject, files: [lockfile]}).packages.size;
		parseTimes.push(performance.now() - started);
	}

	const ratio = median(ours) / median(baseline);
	const pnpm = await benchPnpm(runs, median(ours));
	return [
		`lockfile: bench/fixtures/large/package-lock.json, ${entries} entries, ${packages} distinct packages`,
		`whole CLI to JSON (--offline): median ${formatMs(median(ours))} over ${runs} runs, peak RSS ${formatMb(peak)}`,
		`npm ls --all --package-lock-only --json: median ${formatMs(median(baseline))}`,
		`ratio commit-tui / npm ls: ${ratio.toFixed(2)}× (target ≤ 0.35×) ${ratio <= 0.35 ? 'OK' : 'MISSED'}`,
		`parse step alone (loadProject, in process): median ${formatMs(median(parseTimes))}`,
		...pnpm,
	];
}

/**
 * The same tree as a pnpm v9 lockfile (bench/pnpm-lock.ts): the whole CLI on it against the package-lock.json run,
 * and its YAML read the fast way (js-yaml, lines from the text) against the `yaml` Document way, in process.
 */
async function benchPnpm(runs: number, npmMs: number): Promise<string[]> {
	const folder = mkdtempSync(path.join(tmpdir(), 'commit-tui-bench-pnpm-'));
	try {
		const {text, entries} = pnpmLockFromNpm(JSON.parse(readFileSync(lockfile, 'utf8')));
		const pnpmLock = path.join(folder, 'pnpm-lock.yaml');
		writeFileSync(pnpmLock, text);
		writeFileSync(path.join(folder, 'package.json'), readFileSync(path.join(largeProject, 'package.json')));
		const cli: number[] = [];
		for (let run = 0; run < runs; run++) {
			const result = await timeProcess(
				process.execPath,
				[cliPath, '--json', '--offline', '--cache-dir', path.join(folder, 'cache'), folder],
				{env: {CI: '', COMMIT_TUI_CONFIG_DIR: path.join(folder, 'config')}},
			);
			if (result.exitCode !== 0) throw new Error(`commit-tui exited ${result.exitCode} on the pnpm lockfile`);
			cli.push(result.ms);
		}

		const fast: number[] = [];
		const careful: number[] = [];
		for (let run = 0; run < 9; run++) {
			let started = performance.now();
			parseYamlDocuments(pnpmLock, text);
			fast.push(performance.now() - started);
			started = performance.now();
			parseYamlDocumentsByDocument(pnpmLock, text);
			careful.push(performance.now() - started);
		}

		return [
			`the same tree as pnpm-lock.yaml (generated, ${entries} entries, ${formatMb(text.length)}): whole CLI to JSON (--offline) median ${formatMs(median(cli))}, ${(median(cli) / npmMs).toFixed(2)}× the package-lock.json run`,
			`  its YAML read the fast way (js-yaml, lines from the text) ${formatMs(median(fast))} vs yaml's Document ${formatMs(median(careful))} → ${(median(fast) / median(careful)).toFixed(2)}×`,
		];
	} finally {
		rmSync(folder, {recursive: true, force: true});
	}
}
