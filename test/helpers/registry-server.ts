import {createHash} from 'node:crypto';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {Readable} from 'node:stream';
import {pathToFileURL} from 'node:url';
import zlib from 'node:zlib';
import type {HostileResponse} from './hostile-server.js';
import {osvQuerybatch, osvQueryNames} from './osv-server.js';
import {
	type CargoCrateFixture,
	cratesCrate,
	cratesDownloads,
	cratesIndexFile,
	cratesOwners,
	cratesOwnerTeams,
	cratesOwnerUsers,
	cratesVersionDependencies,
	defaultDataset,
	type NpmPackageFixture,
	npmPackument,
	npmRange,
	type OsvRecordFixture,
	type PypiPackageFixture,
	pypiCoreMetadata,
	pypiDocument,
	pypiSimple,
	pypistatsOverall,
	pypiVersionDocument,
	type RegistryDataset,
	registryNow,
} from './registry-data.js';

export {registryNow} from './registry-data.js';

/**
 * A local stand-in for the registry APIs (npm registry, npm downloads, PyPI JSON, pypistats, crates.io) on
 * 127.0.0.1, for tests, the CLI's end-to-end tests and the bench. Point the endpoints at it:
 *
 *   const server = await startRegistryServer();
 *   commit-tui --registry ${server.npmRegistryUrl} --downloads-url ${server.downloadsUrl} \
 *              --pypi-url ${server.pypiUrl} --pypistats-url ${server.pypistatsUrl}
 *
 * It serves the default dataset (or one you pass), gzips when asked, answers If-None-Match with 304,
 * records every request (path, kind, names, headers, status) and injects faults per route. Like crates.io,
 * its crates.io routes (under `cratesUrl`) answer 403 to a request without a User-Agent.
 */

export type RouteKind =
	| 'npm'
	| 'downloads'
	| 'pypi'
	/** PyPI's PEP 691 simple JSON, `{pypi}simple/{name}/`. */
	| 'pypi-simple'
	/** One release's JSON, `{pypi}pypi/{name}/{version}/json`. */
	| 'pypi-version'
	/** A wheel's core metadata (PEP 658), `{pypi}files/{name}/{filename}.metadata`. */
	| 'pypi-metadata'
	| 'pypistats'
	/** crates.io `api/v1/crates/{name}`. */
	| 'crates'
	/** crates.io `…/{name}/owner_user`. */
	| 'crates-users'
	/** crates.io `…/{name}/owner_team`. */
	| 'crates-teams'
	/** crates.io `…/{name}/owners`: users and teams in one list. */
	| 'crates-owners'
	/** crates.io `…/{name}/downloads`. */
	| 'crates-downloads'
	/** crates.io `…/{name}/{version}/dependencies`. */
	| 'crates-dependencies'
	/** crates.io's sparse index, `{cratesIndexUrl}{prefix}/{name}` (a CDN: no User-Agent rule). */
	| 'crates-index'
	/** OSV `POST v1/querybatch`. */
	| 'osv-batch'
	/** OSV `GET v1/vulns/{id}`. */
	| 'osv-vuln';

export type RecordedRequest = {
	readonly kind: RouteKind | 'unknown';
	readonly path: string;
	/** Package names the request asked for (several for a bulk downloads request). */
	readonly names: string[];
	readonly headers: http.IncomingHttpHeaders;
	/** Status sent (0 when the connection was reset or the body never finished). */
	status: number;
	/** Arrival time (Date.now()). */
	readonly at: number;
};

export type Fault = {
	/** Which route; absent = every route. */
	readonly kind?: RouteKind;
	/** Which package (for bulk downloads: any request that includes it); absent = every package. */
	readonly name?: string;
	/** How many matching requests get the fault (default: all). */
	readonly times?: number;
	/** Delay before answering. */
	readonly latencyMs?: number;
	/** Answer with this status instead (429, 500, 503, 404…). */
	readonly status?: number;
	/** With `status`: the Retry-After header value (e.g. '1', '3600'). */
	readonly retryAfter?: string;
	/** Send only the first half of the JSON body, then end normally. */
	readonly truncate?: boolean;
	/** Send headers, then one byte every 200 ms, never finishing. */
	readonly slowLoris?: boolean;
	/** Destroy the connection without answering. */
	readonly reset?: boolean;
	/** Answer with this hostile response (see hostile-server.ts: gzip bomb, deep nesting, trickle, redirect…). */
	readonly respond?: HostileResponse;
};

export type RegistryServerOptions = {
	/** Packages served (default: `defaultDataset()`). */
	readonly dataset?: RegistryDataset;
	/**
	 * crates.io's download window always ends on its today, and commit-tui counts the 7 full days before its
	 * own today. For a server that the real CLI (real clock) talks to, move the window to end today instead
	 * of at `registryNow` (default false: scans with the fixed `registryNow` clock).
	 */
	readonly cratesDownloadsEndToday?: boolean;
	/** Latency added to every request, in ms (the bench uses 50). */
	readonly latencyMs?: number;
	/** OSV querybatch: at most this many vulnerabilities per result page, then `next_page_token` (default 1000). */
	readonly osvPageSize?: number;
};

export type RegistryServer = {
	/** `http://127.0.0.1:{port}/`. */
	readonly url: string;
	readonly npmRegistryUrl: string;
	readonly downloadsUrl: string;
	readonly pypiUrl: string;
	readonly pypistatsUrl: string;
	/** crates.io base (`{url}crates/`): the API is under `{cratesUrl}api/v1/crates/`. */
	readonly cratesUrl: string;
	/** crates.io sparse index base (`{url}crates-index/`): `{cratesIndexUrl}se/rd/serde`. */
	readonly cratesIndexUrl: string;
	/** OSV base (`{url}osv/`): `{osvUrl}v1/querybatch`, `{osvUrl}v1/vulns/{id}`. */
	readonly osvUrl: string;
	/** Every request so far, in arrival order. */
	readonly requests: RecordedRequest[];
	/** Requests in progress now. */
	readonly inFlight: number;
	/** Resolves once no request is in progress (e.g. after a client aborted its slow requests). */
	waitForIdle(): Promise<void>;
	/** Most requests in progress at once since the last `resetRequests()`. */
	readonly maxInFlight: number;
	/** Requests of a kind (and for a name), e.g. `count('npm', 'express')`. */
	count(kind?: RouteKind, name?: string): number;
	resetRequests(): void;
	/** Adds a fault; later faults are checked first. */
	setFault(fault: Fault): void;
	clearFaults(): void;
	setLatency(ms: number): void;
	addNpmPackage(fixture: NpmPackageFixture): void;
	addPypiPackage(fixture: PypiPackageFixture): void;
	addCargoCrate(fixture: CargoCrateFixture): void;
	/** Adds (or replaces, by id) an OSV record. */
	addOsvRecord(record: OsvRecordFixture): void;
	/** A packument of about `bytes` bytes (uncompressed), generated on the fly while it is sent. */
	addLargePackument(name: string, bytes: number): void;
	close(): Promise<void>;
};

type Prepared = {readonly body: Buffer; readonly etag: string; readonly type?: string};

/** Starts the server on 127.0.0.1 with a free port. Always `close()` it (in `after`). */
export async function startRegistryServer(options: RegistryServerOptions = {}): Promise<RegistryServer> {
	const dataset = options.dataset ?? defaultDataset();
	const npm = new Map<string, NpmPackageFixture>();
	const pypi = new Map<string, PypiPackageFixture>();
	const cargo = new Map<string, CargoCrateFixture>();
	const large = new Map<string, number>();
	const documents = new Map<string, Prepared>();
	for (const fixture of dataset.npm) npm.set(fixture.name, fixture);
	for (const fixture of dataset.pypi) pypi.set(normalize(fixture.name), fixture);
	for (const fixture of dataset.cargo ?? []) cargo.set(canonicalCrateName(fixture.name), fixture);
	const osv = new Map<string, OsvRecordFixture>();
	for (const record of dataset.osv ?? []) osv.set(record.id, record);
	const requests: RecordedRequest[] = [];
	let faults: Array<Fault & {remaining: number}> = [];
	let latencyMs = options.latencyMs ?? 0;
	let inFlight = 0;
	let maxInFlight = 0;
	const idleWaiters: Array<() => void> = [];
	const sockets = new Set<import('node:net').Socket>();
	const timers = new Set<NodeJS.Timeout>();

	/** JSON once per key (the ETag is a hash of it), rebuilt only when the fixture changes. */
	const prepared = (key: string, build: () => unknown): Prepared => {
		let document = documents.get(key);
		if (!document) {
			const body = Buffer.from(JSON.stringify(build()));
			document = {body, etag: `"${createHash('sha1').update(body).digest('hex')}"`};
			documents.set(key, document);
		}

		return document;
	};

	/** A text body (a wheel's METADATA). */
	const preparedText = (text: string): Prepared => {
		const body = Buffer.from(text);
		return {
			body,
			etag: `"${createHash('sha1').update(body).digest('hex')}"`,
			type: 'text/plain; charset=utf-8',
		};
	};

	const delay = (ms: number) =>
		new Promise<void>((resolve) => {
			const timer = setTimeout(() => {
				timers.delete(timer);
				resolve();
			}, ms);
			timers.add(timer);
		});

	const server = http.createServer(async (request, response) => {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const requestBody = request.method === 'POST' ? await readBody(request) : '';
		const route = parseRoute(url, requestBody);
		const record: RecordedRequest = {
			kind: route.kind,
			path: url.pathname + url.search,
			names: route.names,
			headers: request.headers,
			status: 0,
			at: Date.now(),
		};
		requests.push(record);
		inFlight += 1;
		maxInFlight = Math.max(maxInFlight, inFlight);
		response.on('close', () => {
			inFlight -= 1;
			if (inFlight === 0) for (const resolve of idleWaiters.splice(0)) resolve();
		});
		if (isCratesRoute(route.kind) && !request.headers['user-agent']) {
			// crates.io refuses before anything else (no fault, no latency): src/middleware/require_user_agent.rs.
			record.status = 403;
			response.writeHead(403, {'content-type': 'application/json'});
			response.end(JSON.stringify(noUserAgentBody(request.headers['x-request-id'])));
			return;
		}

		const fault = takeFault(route.kind, route.names);
		const wait = (fault?.latencyMs ?? 0) + latencyMs;
		if (wait > 0) await delay(wait);
		if (fault?.reset) {
			request.socket.destroy();
			return;
		}

		if (fault?.respond) {
			record.status = 200;
			fault.respond(request, response, requestBody);
			return;
		}

		if (fault?.status) {
			record.status = fault.status;
			const headers: http.OutgoingHttpHeaders = {'content-type': 'application/json'};
			if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
			response.writeHead(fault.status, headers);
			response.end(JSON.stringify({error: `injected ${fault.status}`}));
			return;
		}

		if (route.kind === 'npm' && large.has(route.names[0]!)) {
			record.status = 200;
			sendLarge(request, response, route.names[0]!, large.get(route.names[0]!)!);
			return;
		}

		const answer = answerFor(route, url, requestBody);
		if (!answer) {
			// OSV refuses a malformed batch, or one of more than 1,000 queries, with 400.
			const status = route.kind === 'osv-batch' ? 400 : 404;
			record.status = status;
			response.writeHead(status, {'content-type': 'application/json'});
			response.end(
				JSON.stringify(status === 400 ? {code: 3, message: 'Too many queries.'} : notFoundBody(route)),
			);
			return;
		}

		if (request.headers['if-none-match'] === answer.etag && !fault?.truncate && !fault?.slowLoris) {
			record.status = 304;
			response.writeHead(304, {etag: answer.etag});
			response.end();
			return;
		}

		if (fault?.slowLoris) {
			record.status = 200;
			response.writeHead(200, {'content-type': 'application/json'});
			response.write('{');
			const timer = setInterval(() => response.write(' '), 200);
			timers.add(timer);
			response.on('close', () => {
				clearInterval(timer);
				timers.delete(timer);
			});
			return;
		}

		record.status = 200;
		const body = fault?.truncate ? answer.body.subarray(0, Math.floor(answer.body.length / 2)) : answer.body;
		const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
		const headers: http.OutgoingHttpHeaders = {
			'content-type': answer.type ?? 'application/json',
			etag: answer.etag,
		};
		if (gzip) headers['content-encoding'] = 'gzip';
		response.writeHead(200, headers);
		response.end(gzip ? zlib.gzipSync(body, {level: 1}) : body);
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	function takeFault(
		kind: RecordedRequest['kind'],
		names: string[],
	): (Fault & {remaining: number}) | undefined {
		for (let index = faults.length - 1; index >= 0; index--) {
			const fault = faults[index]!;
			if (fault.kind && fault.kind !== kind) continue;
			if (fault.name && !names.includes(fault.name)) continue;
			if (fault.remaining <= 0) continue;
			fault.remaining -= 1;
			return fault;
		}

		return undefined;
	}

	function answerFor(route: ReturnType<typeof parseRoute>, url: URL, body: string): Prepared | null {
		const [name] = route.names;
		if (route.kind === 'osv-batch') {
			const answer = osvQuerybatch([...osv.values()], body, options.osvPageSize ?? 1000);
			return answer === null ? null : prepared(`osv-batch:${body}`, () => answer);
		}

		if (route.kind === 'osv-vuln' && name) {
			const record = osv.get(name);
			return record ? prepared(`osv:${name}:${record.modified}`, () => record) : null;
		}

		if (route.kind === 'npm' && name) {
			const fixture = npm.get(name);
			return fixture ? prepared(`npm:${name}`, () => npmPackument(fixture)) : null;
		}

		if (route.kind === 'pypi' && name) {
			const fixture = pypi.get(normalize(name));
			return fixture ? prepared(`pypi:${fixture.name}`, () => pypiDocument(fixture)) : null;
		}

		if (route.kind === 'pypi-version' && name && route.version) {
			const fixture = pypi.get(normalize(name));
			const body = fixture ? pypiVersionDocument(fixture, route.version) : null;
			return body ? prepared(`pypi-version:${fixture!.name}:${route.version}`, () => body) : null;
		}

		if (route.kind === 'pypi-metadata' && name && route.file) {
			const fixture = pypi.get(normalize(name));
			const text = fixture ? pypiCoreMetadata(fixture, route.file) : null;
			return text === null ? null : preparedText(text);
		}

		if (route.kind === 'crates-dependencies' && name && route.version) {
			const fixture = cargo.get(canonicalCrateName(name));
			const body = fixture ? cratesVersionDependencies(fixture, route.version) : null;
			return body ? prepared(`crates-dependencies:${fixture!.name}:${route.version}`, () => body) : null;
		}

		if (route.kind === 'crates-index' && name) {
			const fixture = cargo.get(canonicalCrateName(name));
			return fixture ? preparedText(cratesIndexFile(fixture)) : null;
		}

		if (route.kind === 'pypi-simple' && name) {
			const fixture = pypi.get(normalize(name));
			return fixture ? prepared(`pypi-simple:${fixture.name}`, () => pypiSimple(fixture)) : null;
		}

		if (route.kind === 'pypistats' && name) {
			const fixture = pypi.get(normalize(name));
			const withoutMirrors = url.searchParams.get('mirrors') === 'false';
			const body = fixture ? pypistatsOverall(fixture, withoutMirrors) : null;
			return body ? prepared(`pypistats:${fixture!.name}:${withoutMirrors}`, () => body) : null;
		}

		if (isCratesRoute(route.kind) && route.kind !== 'crates-dependencies' && name) {
			const fixture = cargo.get(canonicalCrateName(name));
			if (!fixture) return null;
			const build = {
				crates: cratesCrate,
				'crates-users': cratesOwnerUsers,
				'crates-teams': cratesOwnerTeams,
				'crates-owners': cratesOwners,
				'crates-downloads': cratesDownloads,
			}[route.kind];
			const shift = options.cratesDownloadsEndToday && route.kind === 'crates-downloads';
			return prepared(`${route.kind}:${fixture.name}`, () =>
				shift ? endingToday(build(fixture)) : build(fixture),
			);
		}

		if (route.kind === 'downloads' && route.names.length > 0) {
			if (route.names.length === 1) {
				// One name: the single-package shape (even through the bulk path), 404 when unknown.
				const fixture = npm.get(name!);
				const body = fixture ? npmRange(fixture) : null;
				return body ? prepared(`range:${name}`, () => body) : null;
			}

			const bulk: Record<string, unknown> = {};
			for (const each of route.names) {
				const fixture = npm.get(each);
				bulk[each] = fixture ? npmRange(fixture) : null;
			}

			return prepared(`range:${route.names.join(',')}`, () => bulk);
		}

		return null;
	}

	function sendLarge(
		request: http.IncomingMessage,
		response: http.ServerResponse,
		name: string,
		bytes: number,
	) {
		const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
		response.writeHead(200, {
			'content-type': 'application/json',
			...(gzip ? {'content-encoding': 'gzip'} : {}),
		});
		const source = Readable.from(largePackumentChunks(name, bytes));
		if (gzip) source.pipe(zlib.createGzip({level: 1})).pipe(response);
		else source.pipe(response);
		response.on('close', () => source.destroy());
	}

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	const base = `http://127.0.0.1:${port}/`;

	return {
		url: base,
		npmRegistryUrl: `${base}npm/`,
		downloadsUrl: `${base}downloads/`,
		pypiUrl: `${base}pypi/`,
		pypistatsUrl: `${base}pypistats/`,
		cratesUrl: `${base}crates/`,
		cratesIndexUrl: `${base}crates-index/`,
		osvUrl: `${base}osv/`,
		requests,
		get maxInFlight() {
			return maxInFlight;
		},
		get inFlight() {
			return inFlight;
		},
		waitForIdle() {
			return inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
		},
		count(kind, name) {
			return requests.filter((r) => (!kind || r.kind === kind) && (!name || r.names.includes(name))).length;
		},
		resetRequests() {
			requests.length = 0;
			maxInFlight = inFlight;
		},
		setFault(fault) {
			faults.push({...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY});
		},
		clearFaults() {
			faults = [];
		},
		setLatency(ms) {
			latencyMs = ms;
		},
		addNpmPackage(fixture) {
			npm.set(fixture.name, fixture);
			documents.delete(`npm:${fixture.name}`);
			documents.delete(`range:${fixture.name}`);
			for (const key of documents.keys())
				if (key.startsWith('range:') && key.includes(',')) documents.delete(key);
		},
		addPypiPackage(fixture) {
			pypi.set(normalize(fixture.name), fixture);
			for (const key of [...documents.keys()]) if (key.includes(`:${fixture.name}`)) documents.delete(key);
		},
		addCargoCrate(fixture) {
			cargo.set(canonicalCrateName(fixture.name), fixture);
			for (const key of [...documents.keys()])
				if (key.startsWith('crates') && key.endsWith(`:${fixture.name}`)) documents.delete(key);
		},
		addOsvRecord(record) {
			osv.set(record.id, record);
			for (const key of [...documents.keys()]) if (key.startsWith('osv')) documents.delete(key);
		},
		addLargePackument(name, bytes) {
			large.set(name, bytes);
		},
		async close() {
			for (const timer of timers) clearTimeout(timer);
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** A crates.io downloads body with every date moved so that `registryNow`'s day becomes today's. */
function endingToday(body: Record<string, unknown>): Record<string, unknown> {
	const dayMs = 86_400_000;
	const offset = Math.floor(Date.now() / dayMs) - Math.floor(registryNow / dayMs);
	const move = (rows: unknown) =>
		(rows as Array<{date: string}>).map((row) => ({
			...row,
			date: new Date(Date.parse(`${row.date}T00:00:00Z`) + offset * dayMs).toISOString().slice(0, 10),
		}));
	const meta = body.meta as {extra_downloads: unknown};
	return {
		...body,
		meta: {...meta, extra_downloads: move(meta.extra_downloads)},
		version_downloads: move(body.version_downloads),
	};
}

/**
 * Which API a path belongs to, and the package names in it (with the version or file name where it has one; for
 * a querybatch, the body's names).
 */
function parseRoute(
	url: URL,
	body = '',
): {
	kind: RecordedRequest['kind'];
	names: string[];
	version?: string;
	file?: string;
} {
	const path = url.pathname;
	if (path === '/osv/v1/querybatch') return {kind: 'osv-batch', names: osvQueryNames(body)};
	const osvMatch = /^\/osv\/v1\/vulns\/([^/]+)$/.exec(path);
	if (osvMatch) return {kind: 'osv-vuln', names: [decodeURIComponent(osvMatch[1]!)]};
	// `/npm/` and any `/npm-<name>/` (a second registry, e.g. a scope's private one) serve the packuments.
	let match = /^\/npm(?:-[a-z0-9]+)?\/(.+)$/.exec(path);
	if (match) return {kind: 'npm', names: [decodeURIComponent(match[1]!)]};
	match = /^\/downloads\/downloads\/range\/[^/]+\/(.+)$/.exec(path);
	if (match) return {kind: 'downloads', names: decodeURIComponent(match[1]!).split(',').filter(Boolean)};
	match = /^\/pypi\/simple\/([^/]+)\/$/.exec(path);
	if (match) return {kind: 'pypi-simple', names: [decodeURIComponent(match[1]!)]};
	match = /^\/pypi\/pypi\/([^/]+)\/([^/]+)\/json$/.exec(path);
	if (match)
		return {
			kind: 'pypi-version',
			names: [decodeURIComponent(match[1]!)],
			version: decodeURIComponent(match[2]!),
		};
	match = /^\/pypi\/files\/([^/]+)\/([^/]+)\.metadata$/.exec(path);
	if (match)
		return {
			kind: 'pypi-metadata',
			names: [decodeURIComponent(match[1]!)],
			file: decodeURIComponent(match[2]!),
		};
	match = /^\/crates\/api\/v1\/crates\/([^/]+)\/([^/]+)\/dependencies$/.exec(path);
	if (match)
		return {
			kind: 'crates-dependencies',
			names: [decodeURIComponent(match[1]!)],
			version: decodeURIComponent(match[2]!),
		};
	// `1/a`, `2/ab`, `3/a/abc`, `se/rd/serde`: the name is the last segment.
	match = /^\/crates-index\/(?:[12]|3\/[^/]|[^/]{2}\/[^/]{2})\/([^/]+)$/.exec(path);
	if (match) return {kind: 'crates-index', names: [decodeURIComponent(match[1]!)]};
	match = /^\/pypi\/pypi\/([^/]+)\/json$/.exec(path);
	if (match) return {kind: 'pypi', names: [decodeURIComponent(match[1]!)]};
	match = /^\/pypistats\/api\/packages\/([^/]+)\/overall$/.exec(path);
	if (match) return {kind: 'pypistats', names: [decodeURIComponent(match[1]!)]};
	match = /^\/crates\/api\/v1\/crates\/([^/]+)(?:\/(owner_user|owner_team|owners|downloads))?$/.exec(path);
	if (match) {
		const kinds = {
			owner_user: 'crates-users',
			owner_team: 'crates-teams',
			owners: 'crates-owners',
			downloads: 'crates-downloads',
		} as const;
		const kind = match[2] ? kinds[match[2] as keyof typeof kinds] : 'crates';
		return {kind, names: [decodeURIComponent(match[1]!)]};
	}

	return {kind: 'unknown', names: []};
}

/** crates.io's API routes (the sparse index is a CDN of its own: not one of them). */
function isCratesRoute(
	kind: RecordedRequest['kind'],
): kind is Exclude<Extract<RouteKind, `crates${string}`>, 'crates-index'> {
	return (
		kind === 'crates' ||
		kind === 'crates-users' ||
		kind === 'crates-teams' ||
		kind === 'crates-owners' ||
		kind === 'crates-downloads' ||
		kind === 'crates-dependencies'
	);
}

/** crates.io looks names up case-insensitively, with `-` and `_` the same (its `canon_crate_name`). */
function canonicalCrateName(name: string): string {
	return name.toLowerCase().replaceAll('-', '_');
}

/**
 * crates.io's answer to a request without a User-Agent: src/middleware/no_user_agent_message.txt (the request
 * id filled in), made a JSON error by its cargo_compat middleware, as snapshotted in
 * src/tests/snapshots/integration__server__user_agent_is_required.snap.
 */
export function noUserAgentBody(requestId: string | string[] | undefined): unknown {
	const id = typeof requestId === 'string' ? requestId : '';
	return {
		errors: [
			{
				detail:
					'We require that all requests include a `User-Agent` header.  To allow us to determine the impact ' +
					'your bot has on our service, we ask that your user agent actually identify your bot, and not just ' +
					"report the HTTP client library you're using.  Including contact information will also reduce the " +
					'chance that we will need to take action against your bot.\n\nBad:\n  User-Agent: reqwest/0.9.1\n\n' +
					'Better:\n  User-Agent: my_crawler\n\nBest:\n  User-Agent: my_crawler (my_crawler.com/info)\n' +
					'  User-Agent: my_crawler (help@my_crawler.com)\n\n' +
					`If you believe you've received this message in error, please email help@crates.io and include the request id ${id}.\n`,
			},
		],
	};
}

function notFoundBody(route: {kind: RecordedRequest['kind']; names: string[]}): unknown {
	if (route.kind === 'npm') return {error: 'Not found'};
	if (route.kind === 'downloads') return {error: `package ${route.names.join(',')} not found`};
	if (route.kind === 'osv-vuln') return {code: 5, message: 'Bug not found.'};
	if (isCratesRoute(route.kind)) return {errors: [{detail: `crate \`${route.names[0]}\` does not exist`}]};
	return {message: 'Not Found'};
}

function readBody(request: http.IncomingMessage): Promise<string> {
	return new Promise((resolve) => {
		let text = '';
		request.setEncoding('utf8');
		request.on('data', (chunk: string) => (text += chunk));
		request.on('end', () => resolve(text));
		request.on('error', () => resolve(text));
	});
}

function normalize(name: string): string {
	return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * A full packument of about `bytes` bytes, produced piece by piece so the server never holds it:
 * thousands of versions, each with a bulky manifest (what makes real packuments of `next` or
 * `@types/node` reach tens of MB).
 */
export function* largePackumentChunks(name: string, bytes: number): Generator<Buffer> {
	const filler = 'x'.repeat(2000);
	yield Buffer.from(
		`{"_id":${JSON.stringify(name)},"name":${JSON.stringify(name)},"dist-tags":{"latest":"1.0.0"},"versions":{`,
	);
	let size = 0;
	let index = 0;
	const times: string[] = [];
	while (size < bytes) {
		const version = index === 0 ? '1.0.0' : `0.${Math.floor(index / 1000)}.${index % 1000}`;
		const manifest = {
			name,
			version,
			description: filler,
			dependencies: {a: '^1.0.0', b: '^2.0.0'},
			_npmUser: {name: index % 2 ? 'alice' : 'bob', email: 'x@example.com'},
			dist: {tarball: `https://example.com/${name}-${version}.tgz`, shasum: 'abc'},
		};
		const piece = Buffer.from(
			`${index === 0 ? '' : ','}${JSON.stringify(version)}:${JSON.stringify(manifest)}`,
		);
		size += piece.length;
		times.push(`${JSON.stringify(version)}:"2020-01-01T00:00:00.000Z"`);
		index += 1;
		yield piece;
	}

	yield Buffer.from(
		`},"time":{"created":"2020-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",${times.join(',')}},"maintainers":[{"name":"alice","email":"a@example.com"},{"name":"bob","email":"b@example.com"}],"readme":${JSON.stringify(filler.repeat(50))}}`,
	);
}

// Standalone, for trying the CLI by hand:
//   [LARGE_PACKUMENTS=name:bytes,…] npx tsx test/helpers/registry-server.ts [latencyMs] [project dir or lockfile …]
// serves the default dataset — plus plausible synthetic data for every package of the given projects — until
// interrupted, and prints the flags that point commit-tui at it.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const [latency, ...projects] = process.argv.slice(2);
	let dataset = defaultDataset();
	if (projects.length > 0) {
		const {loadProject} = await import('../../source/lockfiles/index.js');
		const {datasetForGraph} = await import('./synthetic-dataset.js');
		for (const project of projects) {
			const isFile = (await import('node:fs')).statSync(project).isFile();
			const graph = loadProject(isFile ? {directory: '.', files: [project]} : {directory: project});
			dataset = datasetForGraph(graph, dataset);
		}
	}

	const server = await startRegistryServer({
		latencyMs: Number(latency ?? 0),
		dataset,
		cratesDownloadsEndToday: true,
	});
	// LARGE_PACKUMENTS=typescript:20000000,… serves those packages as packuments of that many bytes (as the bench).
	for (const each of (process.env.LARGE_PACKUMENTS ?? '').split(',').filter(Boolean)) {
		const [name, bytes] = each.split(':');
		server.addLargePackument(name!, Number(bytes));
	}

	console.log(
		`--registry ${server.npmRegistryUrl} --downloads-url ${server.downloadsUrl} ` +
			`--pypi-url ${server.pypiUrl} --pypistats-url ${server.pypistatsUrl} --crates-url ${server.cratesUrl} ` +
			`--crates-index-url ${server.cratesIndexUrl} --osv-url ${server.osvUrl}`,
	);
	process.once('SIGINT', () => void server.close());
	process.once('SIGTERM', () => void server.close());
}
