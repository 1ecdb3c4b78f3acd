import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import type {DependencyGraph} from '../source/graph/types.js';
import {startScan} from '../source/scan/index.js';
import type {ScanOptions, ScanTuning} from '../source/scan/types.js';
import {graphOf, scanOptionsFor} from '../test/helpers/registry-scan.js';
import {ServerChild, type ServerUrls, synthetic} from './server-child.js';

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

function options(server: ServerUrls, cacheDir: string | null): ScanOptions & ScanTuning {
	return scanOptionsFor(server, {concurrency, cacheDir, timeoutMs: 60_000});
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
		cratesIndexUrl: `${baseUrl}crates-index/`,
		osvUrl: `${baseUrl}osv/`,
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
if (invokedDirectly && process.argv[2] === '--rss-child') {
	await rssChildMain(process.argv[3]!, process.argv[4]!);
} else if (invokedDirectly) {
	for (const line of await benchRegistry()) console.log(line);
}
