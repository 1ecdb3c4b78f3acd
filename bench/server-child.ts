import {spawn} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import type {DependencyGraph} from '../source/graph/types.js';
import {type NpmPackageFixture, type PypiPackageFixture, versionRun} from '../test/helpers/registry-data.js';
import {graphOf, type PackageSpec} from '../test/helpers/registry-scan.js';
import {type RegistryServer, startRegistryServer} from '../test/helpers/registry-server.js';

/**
 * The local registry server (test/helpers/registry-server.ts) in a child process, driven by one JSON line per
 * command: in the bench's own process it would share the event loop (and a core) with the client being timed.
 */

export type ServerUrls = Pick<
	RegistryServer,
	| 'url'
	| 'npmRegistryUrl'
	| 'downloadsUrl'
	| 'pypiUrl'
	| 'pypistatsUrl'
	| 'cratesUrl'
	| 'cratesIndexUrl'
	| 'osvUrl'
>;

export type Counts = {unscoped: number; scoped: number; pypi: number};

/** A request as the server saw it: enough to make it again. */
export type ReplayableRequest = {readonly path: string; readonly accept: string};

export type ServerCommand =
	/** Synthetic packages `${prefix}-pkg-N`, `@${prefix}-scope/pkg-N`, `${prefix}-py-N`. */
	| {cmd: 'add'; prefix: string; counts: Counts}
	/** Plausible data for every registry package of a project's lockfile (`datasetForGraph`). */
	| {cmd: 'project'; directory: string}
	| {cmd: 'latency'; ms: number}
	| {cmd: 'reset'}
	/** `large-0` … `large-{count-1}`, or the one package `name`, served as packuments of `bytes` bytes. */
	| {cmd: 'large'; count?: number; name?: string; bytes: number}
	| {cmd: 'counts'}
	/** Every request since the last reset, in arrival order. */
	| {cmd: 'requests'}
	/** Arrival time and kind of every request since the last reset (to see how a client spreads them). */
	| {cmd: 'timeline'};

export class ServerChild {
	private buffer = '';
	private readonly waiting: Array<(value: unknown) => void> = [];

	private constructor(
		private readonly child: ReturnType<typeof spawn>,
		readonly urls: ServerUrls,
	) {}

	static async start(): Promise<ServerChild> {
		const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--server-child'], {
			stdio: ['pipe', 'pipe', 'inherit'],
		});
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

	async counts(): Promise<Record<string, number>> {
		return (await this.call({cmd: 'counts'})) as Record<string, number>;
	}

	/** The endpoint flags of the CLI, pointed at this server. */
	cliFlags(): string[] {
		const {npmRegistryUrl, downloadsUrl, pypiUrl, pypistatsUrl, cratesUrl, cratesIndexUrl, osvUrl} =
			this.urls;
		return [
			...['--registry', npmRegistryUrl, '--downloads-url', downloadsUrl, '--pypi-url', pypiUrl],
			...['--pypistats-url', pypistatsUrl, '--crates-url', cratesUrl, '--crates-index-url', cratesIndexUrl],
			...['--osv-url', osvUrl],
		];
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
	const {url, npmRegistryUrl, downloadsUrl, pypiUrl, pypistatsUrl, cratesUrl, cratesIndexUrl, osvUrl} =
		server;
	process.stdout.write(
		`${JSON.stringify({url, npmRegistryUrl, downloadsUrl, pypiUrl, pypistatsUrl, cratesUrl, cratesIndexUrl, osvUrl})}\n`,
	);
	let buffer = '';
	let queue = Promise.resolve();
	process.stdin.on('data', (chunk: Buffer) => {
		buffer += chunk.toString();
		let newline = buffer.indexOf('\n');
		while (newline >= 0) {
			const command = JSON.parse(buffer.slice(0, newline)) as ServerCommand;
			buffer = buffer.slice(newline + 1);
			queue = queue.then(async () => {
				process.stdout.write(`${JSON.stringify(await serve(server, command))}\n`);
			});
			newline = buffer.indexOf('\n');
		}
	});
	process.stdin.on('end', () => void server.close());
}

async function serve(server: RegistryServer, command: ServerCommand): Promise<unknown> {
	switch (command.cmd) {
		case 'add': {
			const {npm, pypi} = synthetic(command.prefix, command.counts);
			for (const fixture of npm) server.addNpmPackage(fixture);
			for (const fixture of pypi) server.addPypiPackage(fixture);
			return {ok: true};
		}

		case 'project': {
			const [{loadProject}, {datasetForGraph}] = await Promise.all([
				import('../source/lockfiles/index.js'),
				import('../test/helpers/synthetic-dataset.js'),
			]);
			const dataset = datasetForGraph(loadProject({directory: path.resolve(command.directory)}));
			for (const fixture of dataset.npm) server.addNpmPackage(fixture);
			for (const fixture of dataset.pypi) server.addPypiPackage(fixture);
			for (const fixture of dataset.cargo ?? []) server.addCargoCrate(fixture);
			return {npm: dataset.npm.length, pypi: dataset.pypi.length};
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
			if (command.name) server.addLargePackument(command.name, command.bytes);
			for (let index = 0; index < Number(command.count ?? 0); index++)
				server.addLargePackument(`large-${index}`, command.bytes);
			return {ok: true};
		}

		case 'counts': {
			const counts: Record<string, number> = {total: server.requests.length};
			for (const request of server.requests) counts[request.kind] = (counts[request.kind] ?? 0) + 1;
			return counts;
		}

		case 'timeline': {
			return server.requests.map((request) => ({at: request.at, kind: request.kind}));
		}

		case 'requests': {
			return server.requests.map(
				(request): ReplayableRequest => ({
					path: request.path,
					accept: String(request.headers.accept ?? 'application/json'),
				}),
			);
		}
	}
}

/** Synthetic packages (fixtures for the server, a graph for the scan), the same on both sides of the pipe. */
export function synthetic(
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	if (process.argv[2] === '--server-child') await serverChildMain();
}
