import {spawn} from 'node:child_process';
import {setMaxListeners} from 'node:events';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {fileURLToPath, pathToFileURL} from 'node:url';
import zlib from 'node:zlib';
import {cliPath, formatMb, formatMs, median, type ProcessRun, repoRoot, timeProcess} from './measure.js';
import {ensureMonorepo} from './monorepo.js';
import {type ReplayableRequest, ServerChild, type ServerUrls} from './server-child.js';

/**
 * Issue 15's network and cache figures, on the ~2,350-entry fixture (with one 20 MB packument) and on both shapes
 * of the generated ~28,600-entry monorepo (bench/monorepo.ts: 6.9k and 24.7k distinct packages), against the local registry server in its own process:
 * - the whole CLI's cold headless scan: time, CPU per request and peak RSS;
 * - a warm re-run (every answer cached) against the same lockfile run `--offline` with an empty cache;
 * - the cold scan in process against a minimal keep-alive client (node:http Agent, gunzip, nothing else) making
 *   exactly the requests the scan made, in the same order, at the same concurrency;
 * - the HTTP layer alone (`httpGet`) against that minimal client, CPU per request.
 */

const latencyMs = 50;
const largeBytes = 20 * 1024 * 1024;
const self = fileURLToPath(import.meta.url);

type Project = {
	readonly label: string;
	readonly directory: string;
	/** Peak RSS target of the cold headless scan, MB. */
	readonly rssTargetMb: number;
};

export async function benchScale(): Promise<string[]> {
	const {defaultSettings} = await import('../source/config/settings.js');
	const concurrency = defaultSettings.concurrency;
	const lines: string[] = [
		`default concurrency per host: ${concurrency}; ${latencyMs} ms latency per request`,
	];
	const server = await ServerChild.start();
	const scratch = mkdtempSync(path.join(tmpdir(), 'commit-tui-bench-scale-'));
	// COMMIT_TUI_BENCH_SCALE picks projects and parts, e.g. `distinct,cold` (default: all of them).
	const picked = new Set((process.env.COMMIT_TUI_BENCH_SCALE ?? '').split(',').filter(Boolean));
	const allProjects: Array<Project & {readonly id: string}> = [
		{
			id: 'fixture',
			label: '2,350-entry fixture',
			directory: path.join(repoRoot, 'bench', 'fixtures', 'large'),
			rssTargetMb: 300,
		},
		{
			id: 'shared',
			label: '28.6k-entry monorepo (shared versions)',
			directory: ensureMonorepo(),
			rssTargetMb: 500,
		},
		{
			id: 'distinct',
			label: '28.6k-entry monorepo (distinct versions)',
			directory: ensureMonorepo({shape: 'distinct'}),
			rssTargetMb: 500,
		},
	];
	const projectIds = allProjects.map((project) => project.id);
	const partIds = ['cold', 'warm', 'client'];
	const pickedProjects = projectIds.some((id) => picked.has(id));
	const projects = allProjects.filter((project) => !pickedProjects || picked.has(project.id));
	const pickedParts = [...partIds, 'http'].some((id) => picked.has(id));
	const parts = new Set([...partIds, 'http'].filter((id) => !pickedParts || picked.has(id)));
	try {
		// One package of both trees is a 20 MB packument (generated while it is sent, gzip).
		await server.call({cmd: 'large', name: 'typescript', bytes: largeBytes});
		for (const [index, project] of projects.entries()) {
			await server.call({cmd: 'project', directory: project.directory});
			lines.push(`${project.label} (typescript's packument is ${formatMb(largeBytes)}):`);
			const figures = await benchProject(
				server,
				project,
				path.join(scratch, String(index)),
				concurrency,
				parts,
			);
			for (const line of figures) lines.push(`  ${line}`);
		}

		if (parts.has('http')) lines.push(...(await benchHttpLayer(server, concurrency)));
	} finally {
		server.stop();
		rmSync(scratch, {recursive: true, force: true});
	}

	return lines;
}

async function benchProject(
	server: ServerChild,
	project: Project,
	scratch: string,
	concurrency: number,
	parts: ReadonlySet<string>,
): Promise<string[]> {
	const lines: string[] = [];
	const cacheDir = path.join(scratch, 'cache');
	const env = {CI: '', COMMIT_TUI_CONFIG_DIR: path.join(scratch, 'config')};
	const cli = (extra: readonly string[], cache: string) =>
		timeProcess(
			process.execPath,
			[cliPath, '--json', ...server.cliFlags(), '--cache-dir', cache, ...extra, project.directory],
			{probeNode: true, env},
		);

	// ── Offline with an empty cache: parse, score unknowns, report (measured below, between warm runs) ──
	let emptyRuns = 0;
	const offlineRun = () => cli(['--offline'], path.join(scratch, `empty-${emptyRuns++}`));

	// ── Cold, headless, the whole CLI (the warm runs need its cache) ──
	await server.call({cmd: 'latency', ms: latencyMs});
	await server.call({cmd: 'reset'});
	const cold = await cli([], cacheDir);
	const requests = (await server.counts()).total!;
	const rssMb = (cold.peakRssBytes ?? 0) / 1024 / 1024;
	lines.push(
		`cold headless scan (whole CLI, --json): ${formatMs(cold.ms)}, ${requests} requests, CPU ${formatMs(cold.cpuMs ?? 0)} ` +
			`(${((cold.cpuMs ?? 0) / requests).toFixed(2)} ms per request), peak RSS ${formatMb(cold.peakRssBytes)} ` +
			`(target < ${project.rssTargetMb} MB) ${rssMb < project.rssTargetMb ? 'OK' : 'MISSED'}`,
	);

	if (parts.has('warm')) lines.push(await benchWarm(server, cli, offlineRun, cacheDir));
	if (parts.has('client')) lines.push(await benchClient(server, project, scratch, concurrency));
	await server.call({cmd: 'latency', ms: 0});
	return lines;
}

/** A warm re-run against offline-empty, interleaved (the machine's load drifts). */
async function benchWarm(
	server: ServerChild,
	cli: (extra: readonly string[], cache: string) => Promise<ProcessRun>,
	offlineRun: () => Promise<ProcessRun>,
	cacheDir: string,
): Promise<string> {
	await server.call({cmd: 'latency', ms: 0});
	await server.call({cmd: 'reset'});
	const warm: ProcessRun[] = [];
	const offline: ProcessRun[] = [];
	for (let run = 0; run < 5; run++) {
		warm.push(await cli([], cacheDir));
		offline.push(await offlineRun());
	}

	const warmRequests = (await server.counts()).total!;
	const wall = (runs: ProcessRun[]) => median(runs.map((each) => each.ms));
	const cpu = (runs: ProcessRun[]) => median(runs.map((each) => each.cpuMs ?? 0));
	const warmRatio = wall(warm) / wall(offline);
	return (
		`warm re-run: ${formatMs(wall(warm))} (median of 5, ${warmRequests} requests) vs --offline with an empty cache ` +
		`${formatMs(wall(offline))} → ${warmRatio.toFixed(2)}× (target ≤ 1.5×) ${warmRatio <= 1.5 && warmRequests === 0 ? 'OK' : 'MISSED'}; ` +
		`CPU ${formatMs(cpu(warm))} vs ${formatMs(cpu(offline))} → ${(cpu(warm) / cpu(offline)).toFixed(2)}×`
	);
}

/** The cold scan in process against the minimal client, the same requests; interleaved, three of each. */
async function benchClient(
	server: ServerChild,
	project: Project,
	scratch: string,
	concurrency: number,
): Promise<string> {
	await server.call({cmd: 'latency', ms: latencyMs});
	const scans: ChildFigures[] = [];
	const clients: ChildFigures[] = [];
	let made: ReplayableRequest[] = [];
	const requestsFile = path.join(scratch, 'requests.json');
	for (let run = 0; run < 3; run++) {
		await server.call({cmd: 'reset'});
		scans.push(
			await childJson<ChildFigures>([
				'--scan-child',
				project.directory,
				JSON.stringify(server.urls),
				path.join(scratch, `scan-cache-${run}`),
				String(concurrency),
			]),
		);
		if (run === 0) {
			made = (await server.call({cmd: 'requests'})) as ReplayableRequest[];
			writeFileSync(requestsFile, JSON.stringify(made));
		}

		clients.push(
			await childJson<ChildFigures>(['--client-child', server.urls.url, requestsFile, String(concurrency)]),
		);
	}

	const scanMs = median(scans.map((each) => each.ms));
	const clientMs = median(clients.map((each) => each.ms));
	const perRequest = (runs: ChildFigures[]) =>
		(median(runs.map((each) => each.cpuMs)) / made.length).toFixed(2);
	const ratio = scanMs / clientMs;
	return (
		`cold scan in process: ${formatMs(scanMs)} (median of 3), CPU ${perRequest(scans)} ms per request; minimal ` +
		`keep-alive client, the same ${made.length} requests: ${formatMs(clientMs)}, CPU ${perRequest(clients)} ms per request ` +
		`→ ${ratio.toFixed(2)}× (target ≤ 1.15×) ${ratio <= 1.15 ? 'OK' : 'MISSED'}`
	);
}

/** The HTTP layer alone: `httpGet` draining a packument, against the minimal client, CPU per request. */
async function benchHttpLayer(server: ServerChild, concurrency: number): Promise<string[]> {
	const count = 2000;
	const target = `${server.urls.npmRegistryUrl}express`;
	const ours = await childJson<ChildFigures>([
		'--http-child',
		'httpGet',
		target,
		String(count),
		String(concurrency),
	]);
	const minimal = await childJson<ChildFigures>([
		'--http-child',
		'minimal',
		target,
		String(count),
		String(concurrency),
	]);
	return [
		`HTTP layer alone, ${count} GETs of one packument (gzip), no latency, concurrency ${concurrency}: httpGet ` +
			`${(ours.cpuMs / count).toFixed(3)} ms CPU per request (${formatMs(ours.ms)}), minimal client ` +
			`${(minimal.cpuMs / count).toFixed(3)} ms (${formatMs(minimal.ms)}) → ${(ours.cpuMs / minimal.cpuMs).toFixed(2)}×`,
	];
}

type ChildFigures = {readonly ms: number; readonly cpuMs: number};

async function childJson<T>(args: readonly string[]): Promise<T> {
	const output = await new Promise<string>((resolve, reject) => {
		const child = spawn(process.execPath, [self, ...args], {stdio: ['ignore', 'pipe', 'inherit']});
		let text = '';
		child.stdout.on('data', (chunk: Buffer) => {
			text += chunk.toString();
		});
		child.on('error', reject);
		child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`${args[0]} exited ${code}`))));
	});
	return JSON.parse(output) as T;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
	const usage = process.cpuUsage(start);
	return (usage.user + usage.system) / 1000;
}

// ── Children ─────────────────────────────────────────────────────────────────────────────────────

/** A cold scan of a project in this process: wall time and CPU from start to the last event. */
async function scanChild(directory: string, urlsJson: string, cacheDir: string, concurrency: number) {
	const [{loadProject}, {startScan}, {scanOptionsFor}] = await Promise.all([
		import('../source/lockfiles/index.js'),
		import('../source/scan/index.js'),
		import('../test/helpers/registry-scan.js'),
	]);
	const graph = loadProject({directory});
	const urls = JSON.parse(urlsJson) as ServerUrls;
	const cpu = process.cpuUsage();
	const started = performance.now();
	const scan = startScan(graph, scanOptionsFor(urls, {concurrency, cacheDir, timeoutMs: 120_000}));
	let facts = 0;
	for await (const event of scan.events) if (event.type === 'facts') facts += 1;
	await scan.done;
	return {ms: performance.now() - started, cpuMs: cpuMsSince(cpu), facts};
}

/** The minimal keep-alive client: the same requests, in the same order, at most `concurrency` at a time. */
async function clientChild(baseUrl: string, requests: readonly ReplayableRequest[], concurrency: number) {
	const agent = new http.Agent({keepAlive: true, maxSockets: concurrency});
	const origin = baseUrl.replace(/\/$/, '');
	const cpu = process.cpuUsage();
	const started = performance.now();
	let next = 0;
	const worker = async () => {
		while (next < requests.length) {
			const request = requests[next++]!;
			await minimalGet(agent, `${origin}${request.path}`, request.accept);
		}
	};
	await Promise.all(Array.from({length: concurrency}, worker));
	const figures = {ms: performance.now() - started, cpuMs: cpuMsSince(cpu)};
	agent.destroy();
	return figures;
}

/** GET with gzip, the body decompressed and counted: what any client must do, and nothing more. */
function minimalGet(agent: http.Agent, url: string, accept: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const request = http.get(url, {agent, headers: {accept, 'accept-encoding': 'gzip'}}, (response) => {
			const body: Readable =
				response.headers['content-encoding'] === 'gzip' ? response.pipe(zlib.createGunzip()) : response;
			let bytes = 0;
			body.on('data', (chunk: Buffer) => {
				bytes += chunk.length;
			});
			body.on('end', () => resolve(bytes));
			body.on('error', reject);
		});
		request.on('error', reject);
	});
}

/** `count` GETs of one URL through `httpGet` (body drained) or the minimal client. */
async function httpChild(mode: string, url: string, count: number, concurrency: number) {
	const {httpGet} = await import('../source/registries/http.js');
	const agent = new http.Agent({keepAlive: true, maxSockets: concurrency});
	const signal = new AbortController().signal;
	// As the scheduler does: one scan-wide signal, a listener per request in flight.
	setMaxListeners(0, signal);
	const once = async () => {
		if (mode === 'minimal') await minimalGet(agent, url, 'application/json');
		else
			await httpGet(url, {signal, maxBytes: 64 * 1024 * 1024}, async (body) => {
				for await (const _ of body) {
					// drain
				}
			});
	};
	// Warm up (connections, got's first load), then measure.
	await Promise.all(Array.from({length: concurrency}, once));
	const cpu = process.cpuUsage();
	const started = performance.now();
	let done = 0;
	const worker = async () => {
		while (done < count) {
			done += 1;
			await once();
		}
	};
	await Promise.all(Array.from({length: concurrency}, worker));
	const figures = {ms: performance.now() - started, cpuMs: cpuMsSince(cpu)};
	agent.destroy();
	return figures;
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
	const [mode, ...args] = process.argv.slice(2);
	let result: unknown;
	if (mode === '--scan-child') result = await scanChild(args[0]!, args[1]!, args[2]!, Number(args[3]));
	else if (mode === '--client-child') {
		const {readFileSync} = await import('node:fs');
		const requests = JSON.parse(readFileSync(args[1]!, 'utf8')) as ReplayableRequest[];
		result = await clientChild(args[0]!, requests, Number(args[2]));
	} else if (mode === '--http-child')
		result = await httpChild(args[0]!, args[1]!, Number(args[2]), Number(args[3]));
	if (result !== undefined) {
		process.stdout.write(JSON.stringify(result));
		// got's keep-alive agent would hold the process open.
		process.exit(0);
	} else for (const line of await benchScale()) console.log(line);
}
