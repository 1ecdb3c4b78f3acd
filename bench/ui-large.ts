import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {PackageFacts} from '../source/registries/types.js';
import type {ReleaseTreeView} from '../source/scoring/release/tree.js';
import type {PackageReport} from '../source/scoring/types.js';
import {cliPath, formatMb, formatMs, median, repoRoot} from './measure.js';
import {ensureMonorepo} from './monorepo.js';

/**
 * Issue 15's UI figures, on the ~2,300-entry fixture and a generated ~28.6k-entry monorepo lockfile: what the
 * interactive run costs beyond the headless one. Each figure is printed with the baseline measured in this run
 * and the issue's target beside it (tests never time anything).
 *
 * `npm run bench large` runs only this; COMMIT_TUI_BENCH_PARTS=steps,graph,keys,tmux picks parts of it.
 */

const largeProject = path.join(repoRoot, 'bench', 'fixtures', 'large');
const cpuProbe = path.join(repoRoot, 'dist', 'bench', 'cpu-probe.js');
const serverScript = path.join(repoRoot, 'dist', 'test', 'helpers', 'registry-server.js');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
/** Nothing the bench waits for on screen may take longer than this (a figure beyond it is "> 600 s"). */
const screenTimeoutMs = 600_000;
/** Pairs of TUI and headless runs behind each TUI-against-headless figure. */
const scanPairs = 3;

type Project = {readonly label: string; readonly directory: string};

export async function benchUiLarge(): Promise<string[]> {
	process.env.NODE_ENV = 'production';
	const parts = new Set((process.env.COMMIT_TUI_BENCH_PARTS ?? 'steps,graph,keys,tmux').split(','));
	const scratch = mkdtempSync(path.join(tmpdir(), 'commit-tui-bench-large-'));
	const lines: string[] = [];
	try {
		// The worst case of the two monorepo shapes: nearly every one of its 28.6k entries is its own package.
		const mono = ensureMonorepo({shape: 'distinct'});
		const entries =
			Object.keys(
				(JSON.parse(readFileSync(path.join(mono, 'package-lock.json'), 'utf8')) as {packages: object})
					.packages,
			).length - 1;
		const projects: Project[] = [
			{label: '2,300 entries', directory: largeProject},
			{label: `${(entries / 1000).toFixed(1)}k entries`, directory: mono},
		];
		const {loadProject} = await import('../source/lockfiles/index.js');
		for (const project of projects) {
			const graph = loadProject({directory: project.directory});
			const edges = [...graph.packages.values()].reduce((sum, node) => sum + node.dependencies.length, 0);
			lines.push(
				`${project.label}: ${graph.packages.size} packages, ${edges} edges, ${graph.roots.length} roots`,
			);
		}

		if (parts.has('steps')) for (const project of projects) lines.push(...(await benchSteps(project)));
		if (parts.has('graph')) lines.push(...(await benchGraph()));
		if (parts.has('keys')) {
			for (const project of projects) lines.push(...(await keysInChild(project)));
			lines.push(...(await keysInChild(projects[1]!, {columns: 200, rows: 50})));
			// A terminal shows colours (the bench's test stream otherwise has none): the codes are ink's to tokenise too.
			lines.push(...(await keysInChild(projects[1]!, {columns: 200, rows: 50}, 2)));
		}
		if (parts.has('tmux')) {
			if (!hasTmux) lines.push('TUI vs headless: skipped (tmux not installed)');
			else {
				for (const project of projects) lines.push(...(await benchScans(project, scratch)));
				lines.push(...(await benchFirstFrame(projects[1]!, scratch)));
			}
		}
	} finally {
		rmSync(scratch, {recursive: true, force: true});
	}

	return lines;
}

// ── The UI's own steps, in-process ───────────────────────────────────────────────────────────────────────────

/**
 * The whole stream through the UI's store (flushes of 500 results: scoring, tree evidence, roll-ups, publishers)
 * against the work a headless run does once for the same facts (score each, tree evidence once, roll-ups and
 * publishers once): the store's overhead, which was quadratic.
 */
async function benchSteps(project: Project): Promise<string[]> {
	const [{loadProject}, {scoreWithSettings, treeEvidenceWithSettings}, {defaultSettings}, synthetic] =
		await Promise.all([
			import('../source/lockfiles/index.js'),
			import('../source/config/score-with.js'),
			import('../source/config/settings.js'),
			import('../test/helpers/ink-synthetic.js'),
		]);
	const [{createReportStore}, {FakeScan}, {computeRollups}, {publisherConcentration}, {ReleaseTreeIndex}] =
		await Promise.all([
			import('../source/ui/data/store.js'),
			import('../test/helpers/ink-fixtures.js'),
			import('../source/scoring/rollup.js'),
			import('../source/scoring/publishers.js'),
			import('../source/scoring/release/tree-index.js'),
		]);
	const {computeView, noFilter} = await import('../source/ui/tree/view.js');
	const graph = loadProject({directory: project.directory});
	const now = new Date();
	const facts = new Map<string, PackageFacts>();
	for (const node of graph.packages.values()) facts.set(node.id, synthetic.syntheticFacts(node, now));
	const score = (id: string, given: PackageFacts) => scoreWithSettings(id, given, defaultSettings, now);
	const withTree = (report: PackageReport, tree: ReleaseTreeView) =>
		treeEvidenceWithSettings(report, tree, defaultSettings, now);

	// Headless: what scan-and-score and the report do, once.
	const headlessStart = performance.now();
	const reports = new Map<string, PackageReport>();
	for (const [id, given] of facts) reports.set(id, score(id, given));
	const tree = new ReleaseTreeIndex(graph);
	for (const [id, given] of facts) tree.add(id, given);
	for (const [id, report] of reports) reports.set(id, withTree(report, tree));
	const rollupStart = performance.now();
	computeRollups(graph, reports);
	const rollupMs = performance.now() - rollupStart;
	publisherConcentration(graph, reports);
	const headlessMs = performance.now() - headlessStart;

	// The UI: the same facts streamed through the store, 500 per flush.
	let derivations = 0;
	const counted = (report: PackageReport, view: ReleaseTreeView) => {
		derivations++;
		return withTree(report, view);
	};
	const store = createReportStore({graph, score, withTree: counted, flushMs: 1});
	const scan = new FakeScan();
	store.attach(scan);
	const ids = [...facts.keys()];
	const batch = 500;
	let flushTotal = 0;
	let viewTotal = 0;
	let flushes = 0;
	computeView(graph, store.getSnapshot(), {showDev: false, filter: noFilter});
	for (let start = 0; start < ids.length; start += batch) {
		const version = store.getSnapshot().version;
		for (const id of ids.slice(start, start + batch)) scan.push({type: 'facts', id, facts: facts.get(id)!});
		while (store.getSnapshot().version === version) await new Promise((resolve) => setTimeout(resolve, 1));
		flushTotal += store.lastFlushMs();
		flushes++;
		// What the reducer does with each flush when dev dependencies are hidden.
		const viewStart = performance.now();
		computeView(graph, store.getSnapshot(), {showDev: false, filter: noFilter});
		viewTotal += performance.now() - viewStart;
	}

	store.dispose();
	scan.end();
	const perResult = (flushTotal * 1000) / ids.length;
	return [
		`${project.label}: headless work for ${ids.length} results (score, tree evidence, roll-ups ${formatMs(rollupMs)}, publishers) ${formatMs(headlessMs)}; ` +
			`the UI's store over the same stream in ${flushes} flushes ${formatMs(flushTotal)} (${perResult.toFixed(0)} µs a result) → ${(flushTotal / headlessMs).toFixed(2)}× (target ≤ 1.3×)`,
		`${project.label}: view with dev dependencies hidden, recomputed after each of those flushes: ${formatMs(viewTotal)} in all, ${formatMs(viewTotal / flushes)} a flush (target: ≤ the store's ${formatMs(flushTotal / flushes)} a flush)`,
		`${project.label}: tree-level release evidence derived ${derivations} times over the stream for ${ids.length} packages → ${(derivations / ids.length).toFixed(1)} a package (headless: 1; target ≤ 2)`,
	];
}

// ── Graph building and growth ────────────────────────────────────────────────────────────────────────────────

/**
 * A flat lock's root with thousands of direct dependencies through GraphBuilder (linear: ten times the edges,
 * about ten times the time), and a 30k-package flat lock growing under resolution: one publish against one copy of
 * the same graph (both O(V + E)).
 */
async function benchGraph(): Promise<string[]> {
	const [{GraphBuilder}, {GrowingGraph}, {mergeLockfiles}, {restrictGraph}] = await Promise.all([
		import('../source/graph/builder.js'),
		import('../source/graph/growing.js'),
		import('../source/graph/merge.js'),
		import('../source/graph/filter.js'),
	]);
	const flat = (count: number) => {
		const builder = new GraphBuilder('pypi', 'requirements.txt');
		const root = builder.addRoot('app');
		for (let index = 0; index < count; index++) {
			const id = builder.addPackage({name: `p${index}`, version: '1.0'});
			builder.addEdge(root, id, index % 5 === 0 ? 'dev' : 'prod');
			builder.expandFromRegistry(id);
		}

		return builder;
	};
	const timed = (run: () => void) => {
		const times: number[] = [];
		for (let attempt = 0; attempt < 3; attempt++) {
			const start = performance.now();
			run();
			times.push(performance.now() - start);
		}

		return median(times);
	};
	const small = timed(() => flat(3000).build('requirements'));
	const large = timed(() => flat(30_000).build('requirements'));
	const count = 30_000;
	const parsed = flat(count).build('requirements', {direct: 'unrequired'});
	const graph = mergeLockfiles([
		{info: {path: 'requirements.txt', format: 'requirements', ecosystem: 'pypi'}, ...parsed},
	]);
	const growing = new GrowingGraph(graph, graph.resolution!.contexts);
	const ids = [...graph.packages.keys()];
	const publishes: number[] = [];
	for (let step = 0; step < 10; step++) {
		// Resolution finds a tenth of the edges, then the scheduler publishes.
		for (let index = step * (count / 10); index < (step + 1) * (count / 10); index++)
			growing.addEdge(ids[index]!, ids[(index * 7 + 1) % count]!, 'prod');
		const start = performance.now();
		growing.publish();
		publishes.push(performance.now() - start);
	}

	const keep = new Set(growing.snapshot.packages.keys());
	const copy = timed(() => restrictGraph(growing.snapshot, keep));
	return [
		`GraphBuilder, one root with 3,000 then 30,000 direct dependencies: ${formatMs(small)} → ${formatMs(large)}, ${(large / small).toFixed(1)}× for 10× the edges (target ≈ 10×, linear)`,
		`GrowingGraph, a 30k-package flat lock growing: a publish ${formatMs(median(publishes))} (median of 10) vs one copy of the graph ${formatMs(copy)} → ${(median(publishes) / copy).toFixed(1)}× (target ≤ 5×: linear, small constant)`,
	];
}

// ── Key → frame while streaming, in-process ──────────────────────────────────────────────────────────────────

const nextTick = () => new Promise((resolve) => setImmediate(resolve));

/**
 * `benchKeys` in a process of its own, as a user's run is: ink-testing-library keeps every instance it rendered
 * (for its `cleanup`), so in one process each measurement ran in the heap the ones before it left — 2 GB by the
 * last of them, which slowed every frame's garbage collection, the trivial list's as much as the tree's.
 */
async function keysInChild(
	project: Project,
	size = {columns: 120, rows: 40},
	colorLevel: 0 | 2 = 0,
): Promise<string[]> {
	const child = path.join(repoRoot, 'dist', 'bench', 'keys-child.js');
	const args = [
		child,
		project.label,
		project.directory,
		String(size.columns),
		String(size.rows),
		String(colorLevel),
	];
	const output = await new Promise<string>((resolve, reject) => {
		const running = spawn(process.execPath, args, {
			env: {...process.env, NODE_ENV: 'production'},
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let text = '';
		running.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
		running.on('error', reject);
		running.on('exit', (code) =>
			code === 0 ? resolve(text) : reject(new Error(`keys bench exited ${code}`)),
		);
	});
	return JSON.parse(output) as string[];
}

/**
 * Key presses (j/k) on the fully expanded tree while results stream in, against a trivial Ink list of the same
 * height taking the same keys in the same run.
 */
export async function benchKeys(
	project: Project,
	size = {columns: 120, rows: 40},
	colorLevel: 0 | 2 = 0,
): Promise<string[]> {
	const [react, {render}, {App}, {loadProject}, {scoreWithSettings}, {defaultSettings}, {createReportStore}] =
		await Promise.all([
			import('react'),
			import('ink-testing-library'),
			import('../source/ui/app.js'),
			import('../source/lockfiles/index.js'),
			import('../source/config/score-with.js'),
			import('../source/config/settings.js'),
			import('../source/ui/data/store.js'),
		]);
	const [synthetic, fixtures, {TrivialList}, {widen}] = await Promise.all([
		import('../test/helpers/ink-synthetic.js'),
		import('../test/helpers/ink-fixtures.js'),
		import('./trivial-list.js'),
		import('../test/helpers/terminal.js'),
	]);
	const {createElement} = react;
	const graph = loadProject({directory: project.directory});
	const now = new Date();
	const score = (id: string, facts: PackageFacts) => scoreWithSettings(id, facts, defaultSettings, now);
	const store = createReportStore({graph, score, flushMs: 100});
	const scan = new fixtures.FakeScan();
	const instance = render(
		createElement(App, {
			graph,
			settings: defaultSettings,
			startScan: () => scan,
			score,
			exportReport: async () => '',
			saveSettings: () => {},
			lockfileLabel: 'bench/package-lock.json',
			offline: false,
			store,
			initialSize: size,
			colorAllowed: true,
			colorLevel,
		}),
	);
	// A terminal as wide as the screen (ink-testing-library's is 100 columns: past them ink's lines have holes).
	widen(instance, size.columns);
	while (!/▸ /.test(instance.lastFrame() ?? '')) await nextTick();
	const frames = instance.frames.length;
	instance.stdin.write('=');
	while (instance.frames.length === frames) await nextTick();
	const rows = Number(/\d+\/(\d+) ──/.exec(instance.lastFrame() ?? '')?.[1] ?? 0);

	// Stream every package's facts over about six seconds, in small batches, while keys are pressed. The facts are
	// made beforehand: what is timed is the UI taking them in, not the bench making them.
	const nodes = [...graph.packages.values()];
	const made = new Map(nodes.map((node) => [node.id, synthetic.syntheticFacts(node, now)]));
	const perTick = Math.max(1, Math.ceil(nodes.length / 600));
	let next = 0;
	const streaming = setInterval(() => {
		for (const node of nodes.slice(next, next + perTick))
			scan.push({type: 'facts', id: node.id, facts: made.get(node.id)!});
		next += perTick;
		scan.push({
			type: 'progress',
			progress: {...scan.progress(), total: nodes.length, done: Math.min(next, nodes.length)},
		});
		if (next >= nodes.length) clearInterval(streaming);
	}, 10);
	const {times, written} = await pressKeys(instance, () => next < nodes.length);
	clearInterval(streaming);
	instance.unmount();
	store.dispose();
	scan.end();

	// The baseline: a list of the same height, a cursor, the same keys.
	const height = size.rows - 6;
	const labels = nodes.slice(0, 2000).map((node) => `${node.name}@${node.version}`);
	const baseline = render(createElement(TrivialList, {labels, height}));
	widen(baseline, size.columns);
	while (!baseline.lastFrame()) await nextTick();
	const {times: baselineTimes, written: baselineWritten} = await pressKeys(baseline, () => true, 100);
	baseline.unmount();
	const keyMedian = median(times);
	const baselineMedian = median(baselineTimes);
	return [
		`${project.label}, ${size.columns}×${size.rows}${size.columns >= 160 ? ' (side pane)' : ''}${colorLevel > 0 ? ', 256 colours' : ''}: key → frame on the fully expanded tree (${rows} rows) while streaming: median ${formatMs(keyMedian)}, max ${formatMs(Math.max(...times))} over ${times.length} keys; ` +
			`a trivial Ink list of the same height: ${formatMs(baselineMedian)} → ${(keyMedian / baselineMedian).toFixed(1)}× (target median < 30 ms); ` +
			`to the frame's write: median ${formatMs(median(written))} vs ${formatMs(median(baselineWritten))}`,
	];
}

type Rendered = {
	frames: readonly string[];
	stdin: {write(data: string): void};
	stdout: {write(frame: string): void};
};

/**
 * Presses j and k alternately (60 j, 20 k, …) while `more()`, timing each press to the next frame: `times` to the
 * bench's first look after it (what runs between the frame and that look counts too, a slice of scoring for one),
 * `written` to the moment the frame was written (what the user sees).
 */
async function pressKeys(
	instance: Rendered,
	more: () => boolean,
	count = 400,
): Promise<{times: number[]; written: number[]}> {
	const times: number[] = [];
	const written: number[] = [];
	let wroteAt = 0;
	const write = instance.stdout.write;
	instance.stdout.write = (frame: string) => {
		wroteAt ||= performance.now();
		write(frame);
	};
	for (let index = 0; index < count && (times.length < 20 || more()); index++) {
		const key = index % 80 < 60 ? 'j' : 'k';
		const frames = instance.frames.length;
		wroteAt = 0;
		const pressed = performance.now();
		instance.stdin.write(key);
		while (instance.frames.length === frames) {
			await nextTick();
			if (performance.now() - pressed > 5000) break;
		}

		times.push(performance.now() - pressed);
		written.push((wroteAt || performance.now()) - pressed);
	}

	instance.stdout.write = write;
	return {times, written};
}

// ── The built CLI in tmux against the local registry server ──────────────────────────────────────────────────

type Server = {readonly flags: string[]; stop(): void};

/** The test registry server in its own process, serving plausible data for every package of the project. */
async function startServer(directory: string): Promise<Server> {
	const child = spawn(process.execPath, [serverScript, '0', directory], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const flags = await new Promise<string[]>((resolve, reject) => {
		let text = '';
		child.on('error', reject);
		child.on('exit', (code) => reject(new Error(`registry server exited (${code})`)));
		child.stdout.on('data', (chunk: Buffer) => {
			text += chunk.toString();
			const newline = text.indexOf('\n');
			if (newline >= 0) resolve(text.slice(0, newline).trim().split(/\s+/));
		});
	});
	return {
		flags,
		stop: () => {
			child.kill();
		},
	};
}

type HeadlessRun = {readonly ms: number; readonly cpuMs: number; readonly maxRss: number};

/** The headless run (`--json`, no TTY): wall time, and CPU and peak RSS from the probe at its exit. */
async function runHeadless(args: readonly string[], cache: string, scratch: string): Promise<HeadlessRun> {
	const probeFile = path.join(scratch, `cpu-${process.pid}-${Date.now()}`);
	const started = performance.now();
	await new Promise<void>((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', cpuProbe, cliPath, '--json', ...args], {
			stdio: 'ignore',
			env: {...process.env, COMMIT_TUI_CONFIG_DIR: cache, COMMIT_TUI_CPU_FILE: probeFile},
		});
		child.on('error', reject);
		child.on('exit', () => resolve());
	});
	const ms = performance.now() - started;
	const probe = JSON.parse(readFileSync(probeFile, 'utf8')) as {cpuMs: number; maxRss: number};
	return {ms, cpuMs: probe.cpuMs, maxRss: probe.maxRss};
}

type TuiRun = {readonly ms: number | null; readonly cpuMs: number; readonly rss: number};

/** The TUI in tmux until the status says `scored N/N`: the time to it, and the process's CPU and RSS then. */
async function runTui(
	args: readonly string[],
	cache: string,
	size = {columns: 120, rows: 40},
): Promise<TuiRun> {
	const session = `commit-tui-bench-large-${process.pid}-${Date.now()}`;
	const command = `env CI=false COMMIT_TUI_CONFIG_DIR=${cache} ${process.execPath} ${cliPath} ${args.join(' ')}; sleep 30`;
	const started = performance.now();
	execFileSync('tmux', [
		'new-session',
		'-d',
		'-s',
		session,
		'-x',
		`${size.columns}`,
		'-y',
		`${size.rows}`,
		command,
	]);
	try {
		const pid = await nodePid(session);
		const scored = await waitForScreen(session, (text) => /scored (\d+)\/\1\b/.test(text));
		const ms = scored ? performance.now() - started : null;
		const cpuMs = processCpuMs(pid);
		// Let the last flush settle before reading the resident size.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		return {ms, cpuMs, rss: processRss(pid)};
	} finally {
		spawnSync('tmux', ['kill-session', '-t', session]);
	}
}

async function waitForScreen(session: string, done: (text: string) => boolean): Promise<boolean> {
	const deadline = Date.now() + screenTimeoutMs;
	for (;;) {
		const text = execFileSync('tmux', ['capture-pane', '-p', '-t', session], {encoding: 'utf8'});
		if (done(text)) return true;
		if (Date.now() > deadline) return false;
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

/** The node process a tmux pane runs (the shell's child). */
async function nodePid(session: string): Promise<number> {
	const shell = execFileSync('tmux', ['list-panes', '-t', session, '-F', '#{pane_pid}'], {
		encoding: 'utf8',
	}).trim();
	for (let attempt = 0; attempt < 200; attempt++) {
		const children = spawnSync('ps', ['-o', 'pid=', '--ppid', shell], {encoding: 'utf8'})
			.stdout.trim()
			.split(/\s+/)
			.filter(Boolean);
		for (const pid of [shell, ...children]) {
			try {
				if (/^Name:\s+node/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))) return Number(pid);
			} catch {}
		}

		await new Promise((resolve) => setTimeout(resolve, 5));
	}

	throw new Error('no node process in the tmux pane');
}

const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).stdout.trim()) || 100;

/** utime + stime of a live process, from /proc. */
function processCpuMs(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// Fields 14 and 15 of stat (utime, stime) are 12 and 13 after the command name.
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

function processRss(pid: number): number {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) * 1024;
	} catch {
		return 0;
	}
}

/**
 * Cold: a headless run and a TUI run, each from an empty cache — CPU until everything is scored. Warm: the cache
 * filled, a headless run and a TUI run — the time until everything is scored. Each is `scanPairs` pairs, the two
 * runs of a pair one after the other (the machine's speed drifts by a third over minutes here: a ratio of two runs
 * minutes apart measured the drift as much as the UI), and the figure is the median of the pairs' ratios.
 */
async function benchScans(project: Project, scratch: string): Promise<string[]> {
	const server = await startServer(project.directory);
	const lines: string[] = [];
	try {
		const cache = (name: string) => mkdtempSync(path.join(scratch, `${name}-`));
		const args = (directory: string) => [...server.flags, '--cache-dir', directory, project.directory];
		const cold: Array<{headless: HeadlessRun; tui: TuiRun}> = [];
		const warm: Array<{headless: HeadlessRun; tui: TuiRun}> = [];
		for (let pair = 0; pair < scanPairs; pair++) {
			const headlessCache = cache('cold-headless');
			const coldHeadless = await runHeadless(args(headlessCache), headlessCache, scratch);
			const tuiCache = cache('cold-tui');
			cold.push({headless: coldHeadless, tui: await runTui(args(tuiCache), tuiCache)});
			// Warm from the cache the cold headless run filled.
			const warmHeadless = await runHeadless(args(headlessCache), headlessCache, scratch);
			warm.push({headless: warmHeadless, tui: await runTui(args(headlessCache), headlessCache)});
		}

		const seconds = (ms: number | null) =>
			ms === null ? `> ${screenTimeoutMs / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
		/** The median of the pairs' ratios (∞ when a TUI run never got there), and each pair's. */
		const ratios = (values: Array<[number | null, number]>) => {
			const each = values.map(([tui, headless]) =>
				tui === null ? Number.POSITIVE_INFINITY : tui / headless,
			);
			const shown = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '∞');
			return `${shown(median(each))} (pairs ${each.map(shown).join(', ')})`;
		};
		const middle = (values: Array<number | null>) =>
			values.includes(null) ? null : median(values as number[]);
		lines.push(
			`${project.label}: cold scan CPU, TUI until "scored N/N" ${seconds(middle(cold.map((run) => run.tui.cpuMs)))} (wall ${seconds(middle(cold.map((run) => run.tui.ms)))}) vs headless ${seconds(median(cold.map((run) => run.headless.cpuMs)))} (wall ${seconds(median(cold.map((run) => run.headless.ms)))}, peak RSS ${formatMb(median(cold.map((run) => run.headless.maxRss)))}), medians of ${scanPairs} → ${ratios(cold.map((run) => [run.tui.ms === null ? null : run.tui.cpuMs, run.headless.cpuMs]))} (target ≤ 1.3×)`,
			`${project.label}: warm run, TUI until "scored N/N" ${seconds(middle(warm.map((run) => run.tui.ms)))} vs headless ${seconds(median(warm.map((run) => run.headless.ms)))} → ${ratios(warm.map((run) => [run.tui.ms, run.headless.ms]))} (target ≤ 1.3×)`,
			`${project.label}: TUI RSS once everything is scored: cold ${formatMb(median(cold.map((run) => run.tui.rss)))}, warm ${formatMb(median(warm.map((run) => run.tui.rss)))} (medians; target at 28.6k < 600 MB)`,
		);
	} finally {
		server.stop();
	}

	return lines;
}

/** Process start → first frame with tree rows (offline, empty cache), against the headless offline run. */
async function benchFirstFrame(project: Project, scratch: string): Promise<string[]> {
	const cache = mkdtempSync(path.join(scratch, 'first-frame-'));
	const times: number[] = [];
	for (let run = 0; run < 3; run++) {
		const session = `commit-tui-bench-first-${process.pid}-${run}`;
		const command = `env CI=false COMMIT_TUI_CONFIG_DIR=${cache} ${process.execPath} ${cliPath} --offline --cache-dir ${cache} ${project.directory}; sleep 10`;
		const started = performance.now();
		execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '40', command]);
		try {
			const shown = await waitForScreen(session, (text) => /^[ ›][ •] {2}▸ /m.test(text));
			if (shown) times.push(performance.now() - started);
		} finally {
			spawnSync('tmux', ['kill-session', '-t', session]);
		}
	}

	const headless = await runHeadless(['--offline', '--cache-dir', cache, project.directory], cache, scratch);
	const first = median(times);
	return [
		`${project.label}: process start → first frame with tree rows (tmux 120×40, offline): median ${formatMs(first)} (runs ${times.map((time) => time.toFixed(0)).join(', ')}); ` +
			`the headless offline run (parse + report) ${formatMs(headless.ms)} → ${(first / headless.ms).toFixed(2)}× (target ≤ 1.5 s)`,
	];
}
