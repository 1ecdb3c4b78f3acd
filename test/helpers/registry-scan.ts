import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {DependencyGraph, Ecosystem, PackageNode, RootNode} from '../../source/graph/types.js';
import {startScan} from '../../source/scan/index.js';
import type {ResolvedEndpoints, ScanEvent, ScanOptions, ScanTuning} from '../../source/scan/types.js';
import type {RegistryServer} from './registry-server.js';

/** Helpers for tests that scan against the local registry server. */

export type PackageSpec = {
	readonly ecosystem?: Ecosystem;
	readonly name: string;
	readonly version: string;
	readonly direct?: boolean;
	readonly dependencies?: readonly string[];
	readonly source?: PackageNode['source'];
};

/** A graph from a flat list; the direct packages hang off one root. */
export function graphOf(specs: readonly PackageSpec[]): DependencyGraph {
	const packages = new Map<string, PackageNode>();
	for (const spec of specs) {
		const ecosystem = spec.ecosystem ?? 'npm';
		const id = `${ecosystem}:${spec.name}@${spec.version}`;
		packages.set(id, {
			id,
			ecosystem,
			name: spec.name,
			version: spec.version,
			direct: spec.direct ?? true,
			dev: false,
			optional: false,
			dependencies: [...(spec.dependencies ?? [])],
			lockfiles: ['package-lock.json'],
			...(spec.source ? {source: spec.source} : {}),
		});
	}

	const root: RootNode = {
		id: 'root:package-lock.json',
		name: 'fixture-app',
		lockfile: 'package-lock.json',
		dependencies: [...packages.values()].filter((node) => node.direct).map((node) => node.id),
	};
	return {lockfiles: [], roots: [root], packages, warnings: []};
}

/** The server's base URLs (a server in this process, or in a child process). */
export type ServerUrls = Pick<
	RegistryServer,
	'npmRegistryUrl' | 'downloadsUrl' | 'pypiUrl' | 'pypistatsUrl' | 'cratesUrl' | 'cratesIndexUrl'
> & {readonly osvUrl?: string};

/** Every endpoint pointed at the server; `extra` adds routes, tokens or other URLs. */
export function serverEndpoints(
	server: ServerUrls,
	extra: {
		readonly urls?: Record<string, string>;
		readonly routes?: ResolvedEndpoints['routes'];
		readonly authTokens?: Record<string, string>;
	} = {},
): ResolvedEndpoints {
	return {
		urls: {
			npmRegistry: server.npmRegistryUrl,
			npmDownloads: server.downloadsUrl,
			pypi: server.pypiUrl,
			pypistats: server.pypistatsUrl,
			crates: server.cratesUrl,
			cratesIndex: server.cratesIndexUrl,
			...(server.osvUrl ? {osv: server.osvUrl} : {}),
			...extra.urls,
		},
		routes: extra.routes ?? {},
		authTokens: extra.authTokens ?? {},
	};
}

/** Scan options pointing every endpoint at the server, with the scheduler's own retries and timeout. */
export function scanOptionsFor(
	server: ServerUrls,
	overrides: Partial<ScanOptions & ScanTuning> = {},
): ScanOptions & ScanTuning {
	return {
		endpoints: serverEndpoints(server),
		concurrency: 8,
		rateLimits: {},
		cacheDir: null,
		cacheLifetimeMs: {metadata: 24 * 3_600_000, downloads: 24 * 3_600_000},
		offline: false,
		refresh: false,
		...overrides,
	};
}

/** Scan options pointing every endpoint at the server, with fast retries and a short timeout for tests. */
export function serverScanOptions(
	server: ServerUrls,
	overrides: Partial<ScanOptions & ScanTuning> = {},
): ScanOptions & ScanTuning {
	return scanOptionsFor(server, {
		// Tests must not wait seconds for a backoff.
		retry: {limit: 2, baseDelayMs: 5, maxDelayMs: 50, hostDownAfter: 3},
		timeoutMs: 5000,
		...overrides,
	});
}

/** Runs a scan to the end and collects its events. */
export async function runScan(
	graph: DependencyGraph,
	options: ScanOptions & ScanTuning,
	signal?: AbortSignal,
): Promise<{events: ScanEvent[]; facts: Map<string, Extract<ScanEvent, {type: 'facts'}>['facts']>}> {
	const scan = startScan(graph, options, signal);
	const events: ScanEvent[] = [];
	const facts = new Map<string, Extract<ScanEvent, {type: 'facts'}>['facts']>();
	for await (const event of scan.events) {
		events.push(event);
		if (event.type === 'facts') facts.set(event.id, event.facts);
	}

	await scan.done;
	return {events, facts};
}

/** A temporary folder removed by the returned function. */
export function temporaryDirectory(prefix = 'commit-tui-test-'): {path: string; remove: () => void} {
	const directory = mkdtempSync(path.join(os.tmpdir(), prefix));
	return {path: directory, remove: () => rmSync(directory, {recursive: true, force: true})};
}
