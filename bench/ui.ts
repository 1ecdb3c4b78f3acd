import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type {PackageReport} from '../source/scoring/types.js';
import {cliPath, formatMb, formatMs, median, repoRoot} from './measure.js';

const largeProject = path.join(repoRoot, 'bench', 'fixtures', 'large');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

const nextTick = () => new Promise((resolve) => setImmediate(resolve));

/** Process start → first frame with tree rows, the built CLI in a real terminal (tmux 120×40), offline. */
async function cliFirstFrame(runs: number): Promise<{times: number[]; rss: number[]}> {
	const cache = mkdtempSync(path.join(tmpdir(), 'commit-tui-bench-ui-'));
	const times: number[] = [];
	const rss: number[] = [];
	try {
		for (let run = 0; run < runs; run++) {
			const session = `commit-tui-bench-${process.pid}-${run}`;
			const command = `env CI=false COMMIT_TUI_CONFIG_DIR=${cache} ${process.execPath} ${cliPath} --offline --cache-dir ${cache} ${largeProject}; sleep 5`;
			const started = performance.now();
			execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '40', command]);
			const deadline = Date.now() + 15_000;
			for (;;) {
				const screen = execFileSync('tmux', ['capture-pane', '-p', '-t', session], {encoding: 'utf8'});
				if (/^[ ›][ •] {2}▸ /m.test(screen)) break;
				if (Date.now() > deadline) throw new Error(`no tree on screen:\n${screen}`);
				await new Promise((resolve) => setTimeout(resolve, 2));
			}

			times.push(performance.now() - started);
			rss.push(processRss(session));
			spawnSync('tmux', ['kill-session', '-t', session]);
		}
	} finally {
		rmSync(cache, {recursive: true, force: true});
	}

	return {times, rss};
}

/**
 * Steady memory of the real CLI, as a user meets it: every package scored (from a warm cache, the local registry
 * standing in for npm with plausible data for every package of the lockfile) and the whole tree expanded.
 */
async function cliSteadyMemory(): Promise<number> {
	const [{loadProject}, {startRegistryServer}, {defaultDataset}, {datasetForGraph}] = await Promise.all([
		import('../source/lockfiles/index.js'),
		import('../test/helpers/registry-server.js'),
		import('../test/helpers/registry-data.js'),
		import('../test/helpers/synthetic-dataset.js'),
	]);
	const graph = loadProject({directory: largeProject});
	const server = await startRegistryServer({dataset: datasetForGraph(graph, defaultDataset())});
	const cache = mkdtempSync(path.join(tmpdir(), 'commit-tui-bench-steady-'));
	const session = `commit-tui-bench-steady-${process.pid}`;
	const flags = [
		...['--registry', server.npmRegistryUrl, '--downloads-url', server.downloadsUrl],
		...['--pypi-url', server.pypiUrl, '--pypistats-url', server.pypistatsUrl, '--cache-dir', cache],
		// Every endpoint local: OSV too (nothing may leave the machine).
		...['--crates-url', server.cratesUrl, '--crates-index-url', server.cratesIndexUrl],
		...['--osv-url', server.osvUrl],
	];
	try {
		// Fill the cache first (headless), so the UI run below is the warm-cache case.
		await new Promise<void>((resolve, reject) => {
			const child = spawn(process.execPath, [cliPath, '--json', ...flags, largeProject], {
				stdio: 'ignore',
				env: {...process.env, COMMIT_TUI_CONFIG_DIR: cache},
			});
			child.on('error', reject);
			child.on('exit', () => resolve());
		});
		const command = `env CI=false COMMIT_TUI_CONFIG_DIR=${cache} ${process.execPath} ${cliPath} ${flags.join(' ')} ${largeProject}; sleep 5`;
		execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '40', command]);
		const screen = () => execFileSync('tmux', ['capture-pane', '-p', '-t', session], {encoding: 'utf8'});
		await waitForScreen(screen, (text) =>
			new RegExp(`scored ${graph.packages.size}/${graph.packages.size}`).test(text),
		);
		execFileSync('tmux', ['send-keys', '-t', session, '=']);
		await waitForScreen(screen, (text) => /\d+\/(\d{4,}) ──/.test(text));
		// Let the last flush and any deferred work settle before reading the resident size.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		return processRss(session);
	} finally {
		spawnSync('tmux', ['kill-session', '-t', session]);
		await server.close();
		rmSync(cache, {recursive: true, force: true});
	}
}

async function waitForScreen(screen: () => string, done: (text: string) => boolean, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const text = screen();
		if (done(text)) return;
		if (Date.now() > deadline) throw new Error(`timed out; the screen:\n${text}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** Resident memory of the node process running in a tmux pane (its shell's child), from /proc; 0 if unknown. */
function processRss(session: string): number {
	try {
		const shell = execFileSync('tmux', ['list-panes', '-t', session, '-F', '#{pane_pid}'], {
			encoding: 'utf8',
		}).trim();
		const children = execFileSync('ps', ['-o', 'pid=', '--ppid', shell], {encoding: 'utf8'})
			.trim()
			.split(/\s+/);
		for (const pid of [shell, ...children]) {
			const status = readFileSync(`/proc/${pid}/status`, 'utf8');
			if (!/^Name:\s+(node|commit-tui)/m.test(status)) continue;
			const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
			return kb * 1024;
		}
	} catch {}

	return 0;
}

/** A full GC, so heap figures are live objects rather than garbage not yet collected. */
function collectGarbage(): void {
	v8.setFlagsFromString('--expose-gc');
	(vm.runInNewContext('gc') as () => void)();
}

/**
 * Issue 5's benchmark on the ~2,300-entry lockfile with every report present: first frame (the built CLI in
 * tmux, and in-process), key press → next frame with the whole tree expanded, the store's flush, and memory.
 */
export async function benchUi(): Promise<string[]> {
	// React and ink choose their production build when first loaded.
	process.env.NODE_ENV = 'production';
	// Loaded here, after NODE_ENV is set (a static import of react would load its development build).
	const [
		{createElement},
		{render},
		{App},
		{loadProject},
		{scorePackage},
		{defaultSettings},
		{createReportStore},
		synthetic,
		fixtures,
		{computeView, noFilter},
	] = await Promise.all([
		import('react'),
		import('ink-testing-library'),
		import('../source/ui/app.js'),
		import('../source/lockfiles/index.js'),
		import('../source/scoring/score.js'),
		import('../source/config/settings.js'),
		import('../source/ui/data/store.js'),
		import('../test/helpers/ink-synthetic.js'),
		import('../test/helpers/ink-fixtures.js'),
		import('../source/ui/tree/view.js'),
	]);
	const lines: string[] = [];
	const now = new Date();
	const graph = loadProject({directory: largeProject});
	const score = (id: string, facts: Parameters<typeof scorePackage>[1]) =>
		scorePackage(id, facts, defaultSettings.thresholds, now);
	const reports = new Map<string, PackageReport>();
	for (const node of graph.packages.values())
		reports.set(node.id, score(node.id, synthetic.syntheticFacts(node, now)));
	const edges = [...graph.packages.values()].reduce((sum, node) => sum + node.dependencies.length, 0);
	lines.push(`graph: ${graph.packages.size} packages, ${edges} edges, every report present`);

	if (hasTmux) {
		const {times, rss} = await cliFirstFrame(5);
		lines.push(
			`process start → first frame with tree rows (built CLI, tmux 120×40, offline): median ${formatMs(median(times))} (target ≤ 500 ms; runs ${times.map((t) => t.toFixed(0)).join(', ')})`,
			`CLI process memory at the first frame (tree only, offline): rss ${formatMb(median(rss))}`,
			`CLI steady memory, every package scored (warm cache) and the whole tree expanded: rss ${formatMb(await cliSteadyMemory())} (target < 250 MB)`,
		);
	} else lines.push('process start → first frame: skipped (tmux not installed)');

	collectGarbage();
	const heapBefore = process.memoryUsage().heapUsed;
	const store = createReportStore({graph, score, initial: reports, flushMs: 100});
	const scan = new fixtures.FakeScan();
	const started = performance.now();
	const instance = render(
		createElement(App, {
			graph,
			settings: defaultSettings,
			startScan: () => scan,
			score,
			exportReport: async () => '',
			saveSettings: () => {},
			lockfileLabel: 'large/package-lock.json',
			offline: true,
			store,
			initialSize: {columns: 100, rows: 50},
			colorAllowed: true,
		}),
	);
	while (!/▸ /.test(instance.lastFrame() ?? '')) await nextTick();
	lines.push(
		`render → first frame in-process (every report, roll-ups on screen): ${formatMs(performance.now() - started)}`,
	);

	// Expand everything, then time single key presses until the next frame is written.
	const expandStarted = performance.now();
	let frames = instance.frames.length;
	instance.stdin.write('=');
	while (instance.frames.length === frames) await nextTick();
	lines.push(`expand all (=): ${formatMs(performance.now() - expandStarted)}`);
	const rows = Number(/\d+\/(\d+) ──/.exec(instance.lastFrame() ?? '')?.[1] ?? 0);
	const keyTimes: number[] = [];
	for (const key of [...'j'.repeat(60), ...'k'.repeat(20), 'G', 'g', 'g', ...'j'.repeat(20)]) {
		frames = instance.frames.length;
		const pressed = performance.now();
		instance.stdin.write(key);
		while (instance.frames.length === frames) {
			await nextTick();
			if (performance.now() - pressed > 2000) break;
		}

		if (key !== 'g' || keyTimes.length === 0) keyTimes.push(performance.now() - pressed);
	}

	lines.push(
		`key press → next frame, whole tree expanded (${rows} rows): median ${formatMs(median(keyTimes))}, max ${formatMs(Math.max(...keyTimes))} (target ≤ 30 ms median)`,
	);

	// Keys that recompute the view (roll-ups and publishers over what is shown), whole tree expanded.
	const viewKeys: string[] = [];
	for (const key of ['d', 'f', 'f', 'f', 'F', 'F', 'd']) {
		frames = instance.frames.length;
		const pressed = performance.now();
		instance.stdin.write(key);
		while (instance.frames.length === frames) {
			await nextTick();
			if (performance.now() - pressed > 5000) break;
		}

		viewKeys.push(`${key} ${formatMs(performance.now() - pressed)}`);
	}

	lines.push(
		`view keys → next frame (d dev, f level, F flag; roll-ups recomputed over the view): ${viewKeys.join(', ')}`,
	);
	// Each timed call sees a new snapshot whose changes are 50 rescored reports, as after a flush (a view keeps its
	// counts and follows the changes; the first call per view counts once from scratch and is not timed).
	let data = store.getSnapshot();
	const ids = [...data.reports.keys()];
	const nextFlush = (round: number) => {
		const changed = new Set(ids.slice((round * 50) % ids.length, ((round * 50) % ids.length) + 50));
		const next = new Map(data.reports);
		for (const id of changed) next.set(id, {...next.get(id)!});
		data = {...data, reports: next, changes: {since: data.reports, ids: changed}};
		return data;
	};
	let round = 0;
	const viewTimes = (options: Parameters<typeof computeView>[2]) => {
		computeView(graph, nextFlush(round++), options);
		return Array.from({length: 5}, () => {
			const snapshot = nextFlush(round++);
			const start = performance.now();
			computeView(graph, snapshot, options);
			return performance.now() - start;
		});
	};
	lines.push(
		`computeView per flush of 50 results: whole graph ${formatMs(median(viewTimes({showDev: true, filter: noFilter})))}, dev hidden ${formatMs(median(viewTimes({showDev: false, filter: noFilter})))}, filter high+ ${formatMs(median(viewTimes({showDev: true, filter: {...noFilter, level: 'high'}})))}`,
	);

	collectGarbage();
	const memory = process.memoryUsage();
	lines.push(
		`in-process live heap with the expanded tree and every report: ${formatMb(memory.heapUsed)} (the UI's own share: ${formatMb(Math.max(0, memory.heapUsed - heapBefore))})`,
	);
	// A late batch once the tree is full: what one flush costs (score + roll-ups + publishers).
	const flushStore = createReportStore({graph, score, flushMs: 1});
	const flushScan = new fixtures.FakeScan();
	flushStore.attach(flushScan);
	for (const node of graph.packages.values())
		flushScan.push({type: 'facts', id: node.id, facts: synthetic.syntheticFacts(node, now)});
	while (flushStore.getSnapshot().reports.size < graph.packages.size)
		await new Promise((r) => setTimeout(r, 5));
	lines.push(
		`store flush of ${graph.packages.size} results (scoring + roll-ups + publishers): ${formatMs(flushStore.lastFlushMs())}`,
	);
	flushStore.dispose();

	instance.unmount();
	store.dispose();
	scan.end();
	return lines;
}
