import {readFileSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, {type AddressInfo, type Socket} from 'node:net';
import zlib from 'node:zlib';
import {fixturePath} from './paths.js';

/**
 * Responses an attacker's registry (or a broken proxy) would send, and a small server that answers with them
 * by path, over http or https. The registry server takes the same responses as faults (`Fault.respond`), so a
 * full scan can meet one of them in the middle of honest data.
 *
 *   gzipBomb      a few MB of gzip that inflates to hundreds of MB or gigabytes
 *   deepNesting   `[[[[…` far deeper than any document
 *   trickle       headers at once, then one byte every so often, never finishing
 *   redirectTo    a 30x to anywhere (another scheme, host, path; a loop)
 *   jsonBody      any JSON (malformed registry data)
 */
/** `body`: the request's body, already read (what an OSV querybatch asked), where the local registry serves it. */
export type HostileResponse = (
	request: http.IncomingMessage,
	response: http.ServerResponse,
	body?: string,
) => void;

/** The self-signed certificate of 127.0.0.1 used by the https server (valid until 2126). */
export const tlsCertificatePath = fixturePath('tls', 'localhost-cert.pem');

export type BombOptions = {
	/** Text before the repeated part (`{"name":"x","readme":"`). */
	readonly prefix?: string;
	/** What is repeated (one character or a short pattern). */
	readonly unit: string;
	/** Inflated size of the repeated part, in bytes. */
	readonly inflatedBytes: number;
	/** Text after it (`"}`): never reached by a reader that stops at its limit. */
	readonly suffix?: string;
};

const bombs = new Map<string, Promise<Buffer>>();

/**
 * The gzip of `prefix + unit × n + suffix`, made once per shape and kept. Even deflate's fastest level turns a
 * run of the same bytes into about a two-hundredth of its size (300 MB of `x` is 1.4 MB on the wire), and it is
 * the level that keeps the tests quick.
 */
export function gzipBombBytes(options: BombOptions): Promise<Buffer> {
	const key = JSON.stringify(options);
	let bomb = bombs.get(key);
	if (!bomb) {
		bomb = new Promise<Buffer>((resolve, reject) => {
			const gzip = zlib.createGzip({level: 1});
			const out: Buffer[] = [];
			gzip.on('data', (chunk: Buffer) => out.push(chunk));
			gzip.on('end', () => resolve(Buffer.concat(out)));
			gzip.on('error', reject);
			const block = Buffer.alloc(1024 * 1024, options.unit);
			let left = options.inflatedBytes;
			const pump = () => {
				while (left > 0) {
					const piece = left >= block.length ? block : block.subarray(0, left);
					left -= piece.length;
					if (!gzip.write(piece)) {
						gzip.once('drain', pump);
						return;
					}
				}

				gzip.end(options.suffix ?? '');
			};

			gzip.write(options.prefix ?? '');
			pump();
		});
		bombs.set(key, bomb);
	}

	return bomb;
}

export function gzipBomb(options: BombOptions): HostileResponse {
	const bytes = gzipBombBytes(options);
	return (_request, response) => {
		void bytes.then((body) => {
			response.writeHead(200, {'content-type': 'application/json', 'content-encoding': 'gzip'});
			response.end(body);
		});
	};
}

/** `[` × depth (then the matching `]`), gzipped: 200 KB on the wire for tens of MB of nesting. */
export function deepNesting(depth: number): HostileResponse {
	return gzipBomb({unit: '[', inflatedBytes: depth, suffix: ']'.repeat(Math.min(depth, 1000))});
}

/** Headers at once, then `body` one byte every `intervalMs`, then spaces, never finishing. */
export function trickle(intervalMs: number, body = '{"name":'): HostileResponse {
	return (_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		let index = 0;
		const timer = setInterval(() => {
			response.write(index < body.length ? body[index]! : ' ');
			index += 1;
		}, intervalMs);
		response.on('close', () => clearInterval(timer));
	};
}

export function redirectTo(location: string, status = 302): HostileResponse {
	return (_request, response) => {
		response.writeHead(status, {location, 'content-type': 'text/plain'});
		response.end('moved');
	};
}

export function jsonBody(value: unknown, status = 200): HostileResponse {
	return (_request, response) => {
		response.writeHead(status, {'content-type': 'application/json'});
		response.end(typeof value === 'string' ? value : JSON.stringify(value));
	};
}

export type ReceivedRequest = {
	readonly path: string;
	readonly authorization: string | undefined;
};

export type HostileServer = {
	/** `http://127.0.0.1:{port}/` (with `tls`: `https://…`). */
	readonly url: string;
	/** With `tls`, the same port also answers plain http: `http://127.0.0.1:{port}/`. */
	readonly plainUrl: string;
	readonly requests: ReceivedRequest[];
	/** Answers `path` (exact, with its query) with `response`; other paths get 404. */
	route(path: string, response: HostileResponse): void;
	close(): Promise<void>;
};

/**
 * Starts the server on 127.0.0.1. With `tls`, one port speaks both https and plain http (the first byte of a
 * connection says which), so an https → http redirect can stay on the same host and port, as a downgrade by
 * a proxy or a compromised registry would.
 */
export async function startHostileServer(options: {readonly tls?: boolean} = {}): Promise<HostileServer> {
	const routes = new Map<string, HostileResponse>();
	const requests: ReceivedRequest[] = [];
	const sockets = new Set<Socket>();
	const handler = (request: http.IncomingMessage, response: http.ServerResponse) => {
		const path = request.url ?? '/';
		requests.push({path, authorization: request.headers.authorization});
		const respond = routes.get(path);
		if (respond) respond(request, response);
		else {
			response.writeHead(404, {'content-type': 'application/json'});
			response.end('{"error":"Not found"}');
		}
	};

	const plain = http.createServer(handler);
	const secure = options.tls
		? https.createServer(
				{
					cert: readFileSync(tlsCertificatePath),
					key: readFileSync(fixturePath('tls', 'localhost-key.pem')),
				},
				handler,
			)
		: null;
	// Each protocol has its own listener; the public port passes every connection on to one of them by its
	// first byte (0x16: a TLS handshake).
	const listen = async (target: net.Server) => {
		await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
		return (target.address() as AddressInfo).port;
	};

	const plainPort = await listen(plain);
	const securePort = secure ? await listen(secure) : plainPort;
	const track = (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	};

	plain.on('connection', track);
	secure?.on('connection', track);
	const server = net.createServer((socket) => {
		track(socket);
		socket.once('data', (first: Buffer) => {
			const upstream = net.connect(first[0] === 0x16 ? securePort : plainPort, '127.0.0.1');
			track(upstream);
			upstream.write(first);
			socket.pipe(upstream).pipe(socket);
			socket.on('error', () => upstream.destroy());
			upstream.on('error', () => socket.destroy());
			socket.on('close', () => upstream.destroy());
			upstream.on('close', () => socket.destroy());
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/`,
		plainUrl: `http://127.0.0.1:${port}/`,
		requests,
		route(path, response) {
			routes.set(path, response);
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			const closing = [server, plain, ...(secure ? [secure] : [])].map(
				(each) => new Promise<void>((resolve) => each.close(() => resolve())),
			);
			await Promise.all(closing);
		},
	};
}
