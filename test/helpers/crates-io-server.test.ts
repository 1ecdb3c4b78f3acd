import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import http from 'node:http';
import {after, before, describe, test} from 'node:test';
import zlib from 'node:zlib';
import {parseCrateDownloads} from '../../source/ecosystems/cargo/crate-downloads.js';
import {
	crateDownloadsUrl,
	crateMetadata,
	crateUrl,
	ownerTeamUrl,
	ownerUserUrl,
	parseCrate,
	parseOwnerTeams,
	parseOwnerUsers,
	trustedPublishers,
} from '../../source/ecosystems/cargo/crates-io.js';
import {cargoDownloadThresholds} from '../../source/ecosystems/cargo/tiers.js';
import {HttpFailure, httpGet, readJson} from '../../source/registries/http.js';
import {fixturePath} from './paths.js';
import {dailySeries, dayString, daysAgo, registryNow} from './registry-data.js';
import {type RegistryServer, startRegistryServer} from './registry-server.js';

let server: RegistryServer;
before(async () => {
	server = await startRegistryServer();
});
after(async () => {
	await server.close();
});

/** GET with commit-tui's own HTTP layer (which sends its User-Agent), JSON body. */
async function getJson(url: string | null): Promise<unknown> {
	assert.ok(url);
	const result = await httpGet(url, {}, readJson);
	assert.equal(result.notModified, false);
	return result.notModified ? undefined : result.value;
}

/** A bare GET with exactly these headers (Node's http client adds no User-Agent of its own). */
function rawGet(
	url: string,
	headers: http.OutgoingHttpHeaders = {},
): Promise<{status: number; headers: http.IncomingHttpHeaders; body: Buffer}> {
	return new Promise((resolve, reject) => {
		http
			.get(url, {headers}, (response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () =>
					resolve({status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks)}),
				);
			})
			.on('error', reject);
	});
}

const now = new Date(registryNow);

describe('crates.io routes of the test registry', () => {
	test('the four routes answer, each its own route kind', async () => {
		server.resetRequests();
		const base = server.cratesUrl;
		assert.equal(crateUrl(base, 'serde'), `${server.url}crates/api/v1/crates/serde`);
		const crate = parseCrate(await getJson(crateUrl(base, 'serde')));
		const users = parseOwnerUsers(await getJson(ownerUserUrl(base, 'serde')));
		const teams = parseOwnerTeams(await getJson(ownerTeamUrl(base, 'serde')));
		const downloads = parseCrateDownloads(await getJson(crateDownloadsUrl(base, 'serde')), now);
		assert.deepEqual(
			server.requests.map((r) => [r.kind, r.names, r.status]),
			[
				['crates', ['serde'], 200],
				['crates-users', ['serde'], 200],
				['crates-teams', ['serde'], 200],
				['crates-downloads', ['serde'], 200],
			],
		);
		assert.equal(server.count('crates', 'serde'), 1);

		const metadata = crateMetadata(crate, users, teams);
		assert.deepEqual(metadata.publishers, [{name: 'dtolnay', role: null}]);
		assert.equal(metadata.organization, 'github:serde-rs:publish');
		assert.equal(metadata.latestVersion, '1.0.219');
		assert.equal(metadata.repository, 'https://github.com/serde-rs/serde');
		assert.equal(metadata.lastPublished, daysAgo(40));
		// The first versions predate crates.io recording publishers.
		assert.equal(metadata.versions[0]?.version, '0.2.0');
		assert.equal(metadata.versions[0]?.publishedBy, null);
		assert.equal(metadata.versions.at(-1)?.publishedBy, 'dtolnay');

		// 89 full days (today's partial row is left out); weekly = the fixture's last 7 full days.
		assert.equal(downloads.daily.length, 89);
		assert.equal(downloads.daily.at(-1)?.day, dayString(1));
		const series = dailySeries(3_300_000, 89, 0.05);
		assert.deepEqual(downloads.daily, series);
		assert.equal(
			downloads.weekly,
			series.slice(-7).reduce((sum, row) => sum + row.downloads, 0),
		);
	});

	test('the downloads document itemises the five highest versions and sums the rest in extra_downloads', async () => {
		const body = (await getJson(crateDownloadsUrl(server.cratesUrl, 'serde'))) as {
			version_downloads: Array<{version: number; date: string; downloads: number}>;
			meta: {extra_downloads: Array<{date: string; downloads: number}>};
		};
		const crate = parseCrate(await getJson(crateUrl(server.cratesUrl, 'serde')));
		const numById = new Map(crate.versions.map((v) => [v.id, v.num]));
		const itemised = new Set(body.version_downloads.map((row) => numById.get(row.version)));
		assert.deepEqual([...itemised].sort(), ['1.0.215', '1.0.216', '1.0.217', '1.0.218', '1.0.219']);
		assert.ok(body.meta.extra_downloads.length > 80);
		// crates.io's own data includes today, still being counted.
		assert.equal(body.version_downloads.at(-1)?.date, dayString(0));
		const recentDownloads = body.version_downloads.reduce((sum, row) => sum + row.downloads, 0);
		const extra = body.meta.extra_downloads.reduce((sum, row) => sum + row.downloads, 0);
		assert.equal(crate.recentDownloads, recentDownloads + extra);
	});

	test('trusted publishing (GitHub, GitLab), yanked versions, every version yanked, no downloads', async () => {
		const base = server.cratesUrl;
		const rand = parseCrate(await getJson(crateUrl(base, 'rand')));
		assert.deepEqual(trustedPublishers(rand).get('0.10.1'), {
			provider: 'github',
			repository: 'rust-random/rand',
			runId: '15897453210',
			sha: '0c7e6b1f2a3d4e5f60718293a4b5c6d7e8f90123',
		});
		const randMetadata = crateMetadata(
			rand,
			parseOwnerUsers(await getJson(ownerUserUrl(base, 'rand'))),
			null,
		);
		assert.equal(randMetadata.versions.find((v) => v.version === '0.10.1')?.publishedBy, null);
		assert.equal(randMetadata.versions.find((v) => v.version === '0.9.2')?.publishedBy, 'dhardy');
		assert.equal(randMetadata.latestVersion, '0.10.1');
		assert.equal(randMetadata.publishers?.length, 2);

		const young = parseCrate(await getJson(crateUrl(base, 'tiny-young')));
		assert.equal(trustedPublishers(young).get('0.3.0')?.repository, 'newdev/tiny-young');
		assert.equal(young.versions.find((v) => v.num === '0.2.0')?.yankMessage, 'broken build on Windows');
		const youngDownloads = parseCrateDownloads(await getJson(crateDownloadsUrl(base, 'tiny-young')), now);
		// Young and already above the crates.io "young and popular" threshold.
		assert.ok(youngDownloads.weekly > cargoDownloadThresholds.highYoungPackageWeeklyDownloads);
		assert.equal(youngDownloads.daily[0]?.day, dayString(40));

		const allYanked = crateMetadata(parseCrate(await getJson(crateUrl(base, 'all-yanked'))), [], []);
		assert.equal(allYanked.latestVersion, null);
		assert.ok(allYanked.versions.every((v) => v.yanked));

		const quiet = parseCrate(await getJson(crateUrl(base, 'quiet-crate')));
		assert.equal(quiet.recentDownloads, null);
		assert.deepEqual(parseCrateDownloads(await getJson(crateDownloadsUrl(base, 'quiet-crate')), now), {
			daily: [],
			weekly: 0,
		});
		assert.deepEqual(parseOwnerTeams(await getJson(ownerTeamUrl(base, 'quiet-crate'))), []);
	});

	test('names are looked up as crates.io does: any case, - and _ alike', async () => {
		const crate = parseCrate(await getJson(crateUrl(server.cratesUrl, 'Tiny_Young')));
		assert.equal(crate.name, 'tiny-young');
	});

	test("an unknown crate: 404 with crates.io's error body", async () => {
		for (const path of ['', '/owner_user', '/owner_team', '/downloads']) {
			const response = await rawGet(`${server.cratesUrl}api/v1/crates/nope${path}`, {'user-agent': 'test'});
			assert.equal(response.status, 404);
			assert.deepEqual(JSON.parse(response.body.toString()), {
				errors: [{detail: 'crate `nope` does not exist'}],
			});
		}

		await assert.rejects(
			() => httpGet(crateUrl(server.cratesUrl, 'nope')!, {}, readJson),
			(error: unknown) => error instanceof HttpFailure && error.statusCode === 404,
		);
	});

	test("no User-Agent (or an empty one): 403 with crates.io's message, before any fault", async () => {
		server.resetRequests();
		server.setFault({kind: 'crates', status: 500, times: 1});
		const recordedBody = JSON.parse(readFileSync(fixturePath('crates-io', 'no-user-agent.json'), 'utf8'));
		for (const headers of [{}, {'user-agent': ''}]) {
			const response = await rawGet(crateUrl(server.cratesUrl, 'serde')!, headers);
			assert.equal(response.status, 403);
			assert.deepEqual(JSON.parse(response.body.toString()), recordedBody);
		}

		assert.deepEqual(
			server.requests.map((r) => r.status),
			[403, 403],
		);
		// The fault is still there for the first request that has a User-Agent.
		const withAgent = await rawGet(crateUrl(server.cratesUrl, 'serde')!, {'user-agent': 'commit-tui test'});
		assert.equal(withAgent.status, 500);
		server.clearFaults();

		// The other registries never asked for one: unchanged.
		const npm = await rawGet(`${server.npmRegistryUrl}express`);
		assert.equal(npm.status, 200);
	});

	test('faults per route: owner_user failing leaves publishers unknown, the crate still answers', async () => {
		server.setFault({kind: 'crates-users', name: 'serde', status: 503, retryAfter: '1'});
		try {
			await assert.rejects(
				() => httpGet(ownerUserUrl(server.cratesUrl, 'serde')!, {}, readJson),
				(error: unknown) =>
					error instanceof HttpFailure && error.statusCode === 503 && error.retryAfterMs === 1000,
			);
			const crate = parseCrate(await getJson(crateUrl(server.cratesUrl, 'serde')));
			const metadata = crateMetadata(crate, null, ['github:serde-rs:publish']);
			assert.equal(metadata.publishers, null);
		} finally {
			server.clearFaults();
		}

		server.setFault({kind: 'crates-downloads', truncate: true, times: 1});
		await assert.rejects(
			() => httpGet(crateDownloadsUrl(server.cratesUrl, 'syn')!, {}, readJson),
			(error: unknown) => error instanceof HttpFailure && error.kind === 'invalid',
		);
		server.clearFaults();
	});

	test('gzip when asked, and 304 for a matching ETag', async () => {
		const url = crateUrl(server.cratesUrl, 'syn')!;
		const first = await rawGet(url, {'user-agent': 'test', 'accept-encoding': 'gzip'});
		assert.equal(first.status, 200);
		assert.equal(first.headers['content-encoding'], 'gzip');
		const document = JSON.parse(zlib.gunzipSync(first.body).toString()) as {crate: {name: string}};
		assert.equal(document.crate.name, 'syn');
		const again = await rawGet(url, {'user-agent': 'test', 'if-none-match': first.headers.etag});
		assert.equal(again.status, 304);
	});

	test('addCargoCrate replaces a crate and its cached documents', async () => {
		server.addCargoCrate({
			name: 'quiet-crate',
			owners: ['new-owner'],
			versions: [
				{num: '1.0.0', daysAgo: 900},
				{num: '1.1.0', daysAgo: 3},
			],
			dailyDownloads: 10,
		});
		const crate = parseCrate(await getJson(crateUrl(server.cratesUrl, 'quiet-crate')));
		assert.equal(crate.maxStableVersion, '1.1.0');
		assert.deepEqual(
			parseOwnerUsers(await getJson(ownerUserUrl(server.cratesUrl, 'quiet-crate'))).map((u) => u.login),
			['new-owner'],
		);
		const history = parseCrateDownloads(
			await getJson(crateDownloadsUrl(server.cratesUrl, 'quiet-crate')),
			now,
		);
		assert.ok(history.weekly > 0);
	});
});
