import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import type {DependencyGraph} from '../source/graph/types.js';
import {startScan} from '../source/scan/index.js';
import type {ScanOptions, ScanTuning} from '../source/scan/types.js';
import {type NpmPackageFixture, type PypiPackageFixture, versionRun} from '../test/helpers/registry-data.js';
import {graphOf, type PackageSpec, scanOptionsFor} from '../test/helpers/registry-scan.js';
import {type RegistryServer, startRegistryServer} from '../test/helpers/registry-server.js';

/**
 * Issue 3's benchmark, against the local registry server:
 * - a cold scan of ~450 packages with 50 ms latency per request: wall time ÷ ideal (requests × 50 ms ÷ concurrency);
 * - download requests = ⌈unscoped/128⌉ + scoped;
 * - a warm run on 2,300 packages: zero requests, and its time;
 * - peak RSS of a scanning process while 20 MB packuments stream through it (server in another process).
 */

const latencyMs = 50;
const concurrency = 8;
const largeBytes = 20 * 1024 * 1024;
const largeCount = 8;

// (Benchmark figures, not assertions: tests never time anything.)

export async function benchRegistry(): Promise<string[]> {
	const lines: string[] = [];
	// The server runs in its own process: in ours it would share the event loop with the scan being timed.
	const server = await ServerChild.start();
	const scratch = mkdtempSync(path.join(tmpdir(), 'commit-tui-bench-registry-'));
	try {
		// ── Cold scan, 450 packages, 50 ms per request ──
		const coldCounts = {unscoped: 360, scoped: 40, pypi: 50};
		const cold = synthetic('cold', coldCounts);
		await server.call({cmd: 'add', prefix: 'cold', counts: coldCounts});
		await server.call({cmd: 'latency', ms: latencyMs});
		await server.call({cmd: 'reset'});
		const coldMs = await timeScan(cold.graph, options(server.urls, path.join(scratch, 'cold')));
		const counts = (await server.call({cmd: 'counts'})) as Record<string, number>;
		const requests = counts.total!;
		const ideal = (requests * latencyMs) / concurrency;
		const downloads = counts.downloads ?? 0;
		const expectedDownloads = Math.ceil(coldCounts.unscoped / 128) + coldCounts.scoped;
		lines.push(
			`cold scan, ${cold.graph.packages.size} packages, ${requests} requests at ${latencyMs} ms, concurrency ${concurrency}: ` +
				`${ms(coldMs)} vs ideal ${ms(ideal)} → ${(coldMs / ideal).toFixed(2)}× (target ≤ 1.5×)`,
		);
		lines.push(
			`npm download requests: ${downloads} for ${coldCounts.unscoped} unscoped + ${coldCounts.scoped} scoped names ` +
				`(⌈${coldCounts.unscoped}/128⌉ + ${coldCounts.scoped} = ${expectedDownloads})${downloads === expectedDownloads ? '' : '  MISMATCH'}`,
		);

		// ── Warm run, 2,300 packages ──
		await server.call({cmd: 'latency', ms: 0});
		const warmCounts = {unscoped: 1900, scoped: 100, pypi: 300};
		const warm = synthetic('warm', warmCounts);
		await server.call({cmd: 'add', prefix: 'warm', counts: warmCounts});
		const warmOptions = options(server.urls, path.join(scratch, 'warm'));
		const fillMs = await timeScan(warm.graph, warmOptions);
		await server.call({cmd: 'reset'});
		const warmRuns: number[] = [];
		for (let run = 0; run < 3; run++) warmRuns.push(await timeScan(warm.graph, warmOptions));
		const warmMs = warmRuns.sort((a, b) => a - b)[1]!;
		const warmRequests = ((await server.call({cmd: 'counts'})) as Record<string, number>).total;
		lines.push(
			`warm run, ${warm.graph.packages.size} packages: ${warmRequests} requests, ${ms(warmMs)} ` +
				`(median of 3; target 0 requests, < 1 s; the cold fill without latency took ${ms(fillMs)})`,
		);

		// ── Peak RSS with 20 MB packuments ──
		await server.call({cmd: 'large', count: largeCount, bytes: largeBytes});
		const child = await rssChild(server.urls.url, path.join(scratch, 'rss'));
		lines.push(
			`${largeCount} packuments of ${mb(largeBytes)} each (gzip), ${concurrency} at a time: ${ms(child.ms)}, ` +
				`peak RSS ${mb(child.peakRss)} (scanning process; baseline ${mb(child.baselineRss)}; target < 300 MB)`,
		);
	} finally {
		server.stop();
		rmSync(scratch, {recursive: true, force: true});
	}

	return lines;
}

type ServerUrls = Pick<
	RegistryServer,
	'url' | 'npmRegistryUrl' | 'downloadsUrl' | 'pypiUrl' | 'pypistatsUrl' | 'cratesUrl'
>;

/** The registry server in a child process, driven by one JSON line per command. */
class ServerChild {
	private buffer = '';
	private waiting: Array<(value: unknown) => void> = [];

	private constructor(
		private readonly child: ReturnType<typeof spawn>,
		readonly urls: ServerUrls,
	) {}

	static async start(): Promise<ServerChild> {
		const child = spawn(
			process.execPath,
			[...process.execArgv, fileURLToPath(import.meta.url), '--server-child'],
			{
				stdio: ['pipe', 'pipe', 'inherit'],
			},
		);
		let pending: ServerChild | null = null;
		return new Promise((resolve, reject) => {
			child.on('error', reject);
			child.stdout!.on('data', (chunk: Buffer) => {
				if (pending) {
					pending.receive(chunk.toString());
					return;
				}

				const text = chunk.toString();
				const newline = text.indexOf('\n');
				if (newline < 0) return;
				pending = new ServerChild(child, JSON.parse(text.slice(0, newline)) as ServerUrls);
				pending.receive(text.slice(newline + 1));
				resolve(pending);
			});
		});
	}

	call(command: ServerCommand): Promise<unknown> {
		return new Promise((resolve) => {
			this.waiting.push(resolve);
			this.child.stdin!.write(`${JSON.stringify(command)}\n`);
		});
	}

	stop(): void {
		this.child.kill();
	}

	private receive(text: string): void {
		this.buffer += text;
		let newline = this.buffer.indexOf('\n');
		while (newline >= 0) {
			const line = this.buffer.slice(0, newline);
			this.buffer = this.buffer.slice(newline + 1);
			this.waiting.shift()?.(JSON.parse(line));
			newline = this.buffer.indexOf('\n');
		}
	}
}

/** The child side: start the server, answer commands. */
async function serverChildMain(): Promise<void> {
	const server = await startRegistryServer({dataset: {npm: [], pypi: []}});
	const {url, npmRegistryUrl, downloadsUrl, pypiUrl, pypistatsUrl, cratesUrl} = server;
	process.stdout.write(
		`${JSON.stringify({url, npmRegistryUrl, downloadsUrl, pypiUrl, pypistatsUrl, cratesUrl})}\n`,
	);
	let buffer = '';
	process.stdin.on('data', (chunk: Buffer) => {
		buffer += chunk.toString();
		let newline = buffer.indexOf('\n');
		while (newline >= 0) {
			const command = JSON.parse(buffer.slice(0, newline)) as ServerCommand;
			buffer = buffer.slice(newline + 1);
			process.stdout.write(`${JSON.stringify(serve(server, command))}\n`);
			newline = buffer.indexOf('\n');
		}
	});
	process.stdin.on('end', () => void server.close());
}

type Counts = {unscoped: number; scoped: number; pypi: number};

type ServerCommand =
	| {cmd: 'add'; prefix: string; counts: Counts}
	| {cmd: 'latency'; ms: number}
	| {cmd: 'reset'}
	| {cmd: 'large'; count: number; bytes: number}
	| {cmd: 'counts'};

function serve(server: RegistryServer, command: ServerCommand): unknown {
	switch (command.cmd) {
		case 'add': {
			const {npm, pypi} = synthetic(command.prefix, command.counts);
			for (const fixture of npm) server.addNpmPackage(fixture);
			for (const fixture of pypi) server.addPypiPackage(fixture);
			return {ok: true};
		}

		case 'latency': {
			server.setLatency(command.ms);
			return {ok: true};
		}

		case 'reset': {
			server.resetRequests();
			return {ok: true};
		}

		case 'large': {
			for (let index = 0; index < Number(command.count); index++)
				server.addLargePackument(`large-${index}`, command.bytes);
			return {ok: true};
		}

		case 'counts': {
			const counts: Record<string, number> = {total: server.requests.length};
			for (const request of server.requests) counts[request.kind] = (counts[request.kind] ?? 0) + 1;
			return counts;
		}
	}
}

function options(server: ServerUrls, cacheDir: string | null): ScanOptions & ScanTuning {
	return scanOptionsFor(server, {concurrency, cacheDir, timeoutMs: 60_000});
}

/** Synthetic packages (fixtures for the server, a graph for the scan), the same on both sides of the pipe. */
function synthetic(
	prefix: string,
	counts: Counts,
): {graph: DependencyGraph; npm: NpmPackageFixture[]; pypi: PypiPackageFixture[]} {
	const specs: PackageSpec[] = [];
	const npm: NpmPackageFixture[] = [];
	const pypi: PypiPackageFixture[] = [];
	const npmNames = [
		...Array.from({length: counts.unscoped}, (_, i) => `${prefix}-pkg-${i}`),
		...Array.from({length: counts.scoped}, (_, i) => `@${prefix}-scope/pkg-${i}`),
	];
	for (const [index, name] of npmNames.entries()) {
		npm.push({
			name,
			maintainers: index % 3 === 0 ? ['solo'] : ['alice', 'bob', 'carol'],
			versions: versionRun(['1.0.0', '1.1.0', '1.2.0', '2.0.0', '2.1.0'], 2000, 30 + (index % 300)),
			repository: {type: 'git', url: `git+https://github.com/example/${name}.git`},
			dailyDownloads: 1000 + index * 37,
		});
		// Forty direct dependencies, the rest a chain below them: the default order is not the list order.
		const next = npmNames[index + 1];
		specs.push({
			name,
			version: '2.1.0',
			direct: index < 40,
			dependencies: next && index >= 40 ? [`npm:${next}@2.1.0`] : [],
		});
	}

	for (let index = 0; index < counts.pypi; index++) {
		const name = `${prefix}-py-${index}`;
		pypi.push({
			name,
			ownership: {roles: [{role: 'Owner', user: 'pyowner'}], organization: null},
			releases: [
				{version: '1.0', daysAgo: 900},
				{version: '1.1', daysAgo: 300},
			],
			dailyDownloads: 500 + index,
		});
		specs.push({ecosystem: 'pypi', name, version: '1.1', direct: index < 10});
	}

	return {graph: graphOf(specs), npm, pypi};
}

async function timeScan(graph: DependencyGraph, scanOptions: ScanOptions & ScanTuning): Promise<number> {
	const started = performance.now();
	const scan = startScan(graph, scanOptions);
	let facts = 0;
	for await (const event of scan.events) if (event.type === 'facts') facts += 1;
	await scan.done;
	if (facts !== [...graph.packages.values()].length)
		throw new Error(`scan gave ${facts} facts for ${graph.packages.size}`);
	return performance.now() - started;
}

/** Runs the large-packument scan in a child process, so the server's memory is not counted. */
async function rssChild(
	baseUrl: string,
	cacheDir: string,
): Promise<{ms: number; peakRss: number; baselineRss: number}> {
	const self = fileURLToPath(import.meta.url);
	const output = await new Promise<string>((resolve, reject) => {
		const child = spawn(process.execPath, [...process.execArgv, self, '--rss-child', baseUrl, cacheDir], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let text = '';
		child.stdout.on('data', (chunk: Buffer) => {
			text += chunk.toString();
		});
		child.on('error', reject);
		child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`RSS child exited ${code}`))));
	});
	return JSON.parse(output) as {ms: number; peakRss: number; baselineRss: number};
}

/** The child: scan the large packuments and report timing and peak RSS on stdout. */
async function rssChildMain(baseUrl: string, cacheDir: string): Promise<void> {
	const baselineRss = process.memoryUsage().rss;
	let peakRss = baselineRss;
	const sampler = setInterval(() => {
		peakRss = Math.max(peakRss, process.memoryUsage().rss);
	}, 5);
	const urls: ServerUrls = {
		url: baseUrl,
		npmRegistryUrl: `${baseUrl}npm/`,
		downloadsUrl: `${baseUrl}downloads/`,
		pypiUrl: `${baseUrl}pypi/`,
		pypistatsUrl: `${baseUrl}pypistats/`,
		cratesUrl: `${baseUrl}crates/`,
	};
	const graph = graphOf(
		Array.from({length: largeCount}, (_, index) => ({name: `large-${index}`, version: '1.0.0'})),
	);
	const started = performance.now();
	const scan = startScan(graph, options(urls, cacheDir));
	for await (const event of scan.events) {
		if (event.type === 'facts' && event.facts.metadata === null)
			throw new Error(event.facts.errors.join('; '));
	}

	const elapsed = performance.now() - started;
	clearInterval(sampler);
	peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
	process.stdout.write(JSON.stringify({ms: elapsed, peakRss, baselineRss}));
}

function ms(value: number): string {
	return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}

function mb(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly && process.argv[2] === '--server-child') {
	await serverChildMain();
} else if (invokedDirectly && process.argv[2] === '--rss-child') {
	await rssChildMain(process.argv[3]!, process.argv[4]!);
} else if (invokedDirectly) {
	for (const line of await benchRegistry()) console.log(line);
}
