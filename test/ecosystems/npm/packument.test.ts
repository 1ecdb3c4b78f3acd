import assert from 'node:assert/strict';
import {Readable} from 'node:stream';
import {after, before, describe, test} from 'node:test';
import {npmScope, packumentUrl, readPackument} from '../../../source/ecosystems/npm/packument.js';
import {HttpFailure} from '../../../source/registries/http.js';
import {JsonPicker} from '../../../source/registries/json-pick.js';
import type {PackageMetadata} from '../../../source/registries/types.js';
import {daysAgo, defaultDataset, npmPackument} from '../../helpers/registry-data.js';
import {type RegistryServer, startRegistryServer} from '../../helpers/registry-server.js';
import {fetchKind} from '../../helpers/requests.js';

let server: RegistryServer;
before(async () => {
	server = await startRegistryServer();
});
after(async () => {
	await server.close();
});

async function metadataOf(name: string): Promise<PackageMetadata> {
	const outcome = await fetchKind('npm', 'metadata', server.npmRegistryUrl, name, {});
	assert.equal(outcome.status, 'ok');
	return outcome.status === 'ok' ? outcome.value : (undefined as never);
}

describe('npm packument', () => {
	test('keeps maintainers, versions with dates and publishers, latest and repository', async () => {
		const express = await metadataOf('express');
		assert.deepEqual(
			express.publishers?.map((p) => p.name),
			['wesleytodd', 'jonchurch', 'ulisesgascon', 'ctcpip', 'sheplu'],
		);
		assert.ok(express.publishers?.every((p) => p.role === null));
		assert.equal(express.latestVersion, '5.1.0');
		assert.equal(express.versions.length, 43);
		const locked = express.versions.find((v) => v.version === '4.21.2');
		assert.deepEqual(locked, {
			version: '4.21.2',
			published: daysAgo(180),
			publishedBy: 'jonchurch',
			deprecated: null,
			yanked: false,
			yankedReason: null,
			dependencies: {prod: {debug: '^4.3.4', ms: '2.1.3', 'safe-buffer': 'npm:form-data@^4.0.0'}},
		});
		assert.equal(express.lastPublished, daysAgo(60));
		// time.created is a moment before the first version.
		assert.equal(express.firstPublished, daysAgo(4000.01));
		assert.equal(express.repository, 'https://github.com/expressjs/express.git');
		assert.equal(express.unpublished, false);
		const dates = express.versions.map((v) => v.published!);
		assert.deepEqual(dates, [...dates].sort(), 'oldest first');
	});

	test('a version unpublished later (in time, not in versions) is left out', async () => {
		const axios = await metadataOf('axios');
		assert.equal(
			axios.versions.some((v) => v.version === '1.7.5'),
			false,
		);
		assert.ok(axios.versions.some((v) => v.version === '1.7.9'));
		assert.deepEqual(axios.publishers, [{name: 'jasonsaayman', role: null}]);
		// …and recorded as removed, with the time npm kept for it.
		assert.deepEqual(
			axios.removed?.find((entry) => entry.version === '1.7.5'),
			{
				version: '1.7.5',
				published: (
					npmPackument(defaultDataset().npm.find((f) => f.name === 'axios')!).time as Record<string, string>
				)['1.7.5'],
			},
		);
	});

	test('removed versions: from time, from a fully unpublished package, never from a mirror without versions', async () => {
		const read = (document: unknown) =>
			readPackument(Readable.from([Buffer.from(JSON.stringify(document))]), 'pulled');
		const listed = {'1.0.0': {version: '1.0.0'}, '1.1.0': {version: '1.1.0'}};
		const time = {
			created: '2020-01-01T00:00:00.000Z',
			modified: '2025-09-08T16:00:00.000Z',
			'1.0.0': '2020-01-01T00:00:00.000Z',
			'1.1.0': '2024-01-01T00:00:00.000Z',
			'1.1.1': '2025-09-08T13:16:00.000Z',
			'2.0.0-beta.1': 'not a date',
			'not-a-version': '2025-01-01T00:00:00.000Z',
		};
		const pulled = await read({name: 'pulled', versions: listed, time, 'dist-tags': {latest: '1.1.0'}});
		assert.deepEqual(pulled.removed, [
			{version: '1.1.1', published: '2025-09-08T13:16:00.000Z'},
			{version: '2.0.0-beta.1', published: null},
		]);
		assert.equal(pulled.problems, undefined, 'a removed version with no date is not a malformed field');
		assert.equal(
			(await read({name: 'pulled', versions: listed, time: {'1.0.0': time['1.0.0'], '1.1.0': time['1.1.0']}}))
				.removed,
			undefined,
			'none removed: the key is left out',
		);
		const unpublished = await read({
			name: 'pulled',
			time: {
				created: time.created,
				modified: time.modified,
				'1.0.0': time['1.0.0'],
				unpublished: {time: '2025-09-09T00:00:00.000Z', versions: ['1.0.0', '1.0.1']},
			},
		});
		assert.equal(unpublished.unpublished, true);
		assert.deepEqual(unpublished.removed, [
			{version: '1.0.0', published: '2020-01-01T00:00:00.000Z'},
			{version: '1.0.1', published: null},
		]);
		// A mirror that dropped `versions`: its time keys are the versions, nothing is known removed.
		const mirror = await read({name: 'pulled', time});
		assert.equal(mirror.removed, undefined);
		assert.ok(mirror.versions.some((version) => version.version === '1.1.1'));
	});

	test('per-version deprecation and a publisher change are kept', async () => {
		const request = await metadataOf('request');
		assert.ok(request.versions.every((v) => v.deprecated?.startsWith('request has been deprecated')));
		const eventStream = await metadataOf('event-stream');
		assert.deepEqual(
			eventStream.versions.map((v) => v.publishedBy),
			['dominictarr', 'dominictarr', 'dominictarr', 'right9ctrl'],
		);
	});

	test('security-holding package: no maintainers (known zero), published by npm', async () => {
		const holder = await metadataOf('electorn');
		assert.deepEqual(holder.publishers, []);
		assert.equal(holder.versions[0]?.version, '0.0.1-security');
		assert.equal(holder.versions[0]?.publishedBy, 'npm');
	});

	test('fully unpublished package: unpublished, no versions, publishers unknown', async () => {
		const gone = await metadataOf('gone-package');
		assert.equal(gone.unpublished, true);
		assert.deepEqual(gone.versions, []);
		assert.equal(gone.publishers, null);
		assert.equal(gone.latestVersion, null);
		assert.equal(gone.lastPublished, null);
	});

	test('missing maintainers (a stripping mirror) → publishers null, never []', async () => {
		const stripped = await metadataOf('stripped-maintainers');
		assert.equal(stripped.publishers, null);
		assert.equal(stripped.versions.length, 2);
	});

	test('scoped names are requested as @scope%2fname', async () => {
		server.resetRequests();
		const babel = await metadataOf('@babel/core');
		assert.equal(babel.name, '@babel/core');
		assert.equal(server.requests[0]?.path, '/npm/@babel%2fcore');
		assert.equal(babel.repository, 'https://github.com/babel/babel.git');
		assert.equal(packumentUrl('https://r.example/', '@types/node'), 'https://r.example/@types%2fnode');
		assert.equal(npmScope('@types/node'), '@types');
		assert.equal(npmScope('express'), null);
	});

	test('gzip is asked for and used', async () => {
		server.resetRequests();
		await metadataOf('chalk');
		assert.match(String(server.requests[0]?.headers['accept-encoding']), /gzip/);
		assert.match(String(server.requests[0]?.headers['user-agent']), /^commit-tui\/\d+\.\d+\.\d+/);
	});

	test('404 is a definite "missing", not an error', async () => {
		const outcome = await fetchKind('npm', 'metadata', server.npmRegistryUrl, 'no-such-package', {});
		assert.deepEqual(outcome, {status: 'missing', reason: 'HTTP 404 not found'});
	});

	test('ETag round trip: If-None-Match → not-modified', async () => {
		server.resetRequests();
		const first = await fetchKind('npm', 'metadata', server.npmRegistryUrl, 'ms', {});
		assert.equal(first.status, 'ok');
		const second = await fetchKind('npm', 'metadata', server.npmRegistryUrl, 'ms', {
			etag: first.status === 'ok' ? first.etag : null,
		});
		assert.deepEqual(second, {status: 'not-modified'});
		assert.deepEqual(
			server.requests.map((r) => r.status),
			[200, 304],
		);
	});

	test('truncated JSON is an invalid response', async () => {
		server.setFault({kind: 'npm', name: 'debug', truncate: true, times: 1});
		await assert.rejects(
			fetchKind('npm', 'metadata', server.npmRegistryUrl, 'debug', {}),
			(error: unknown) => {
				assert.ok(error instanceof HttpFailure);
				assert.equal(error.kind, 'invalid');
				assert.equal(error.message, 'truncated JSON');
				return true;
			},
		);
	});

	test('a body that is not a packument is invalid, not an empty package', async () => {
		await assert.rejects(
			readPackument(Readable.from([Buffer.from('{"error":"login required"}')]), 'x'),
			/not a packument/,
		);
		await assert.rejects(
			readPackument(Readable.from([Buffer.from('<html><body>proxy</body>')]), 'x'),
			HttpFailure,
		);
	});

	test('a packument of another name is invalid: its publishers and releases are not this package’s', async () => {
		const body = (name: string) =>
			Readable.from([
				Buffer.from(
					JSON.stringify({
						name,
						'dist-tags': {latest: '1.0.0'},
						versions: {'1.0.0': {name, version: '1.0.0'}},
						time: {'1.0.0': '2024-01-01T00:00:00.000Z'},
					}),
				),
			]);
		await assert.rejects(readPackument(body('totally-fine'), 'lodash'), (error: unknown) => {
			assert.ok(error instanceof HttpFailure);
			assert.equal(error.kind, 'invalid');
			assert.equal(error.message, 'the packument is for "totally-fine"');
			return true;
		});
		// Scoped, and a name whose case npm kept from before names were lower case: the same name reads as usual.
		assert.equal((await readPackument(body('@scope/pkg'), '@scope/pkg')).name, '@scope/pkg');
		assert.equal((await readPackument(body('JSONStream'), 'JSONStream')).name, 'JSONStream');
		await assert.rejects(
			readPackument(body('jsonstream'), 'JSONStream'),
			/the packument is for "jsonstream"/,
		);
		// A hostile name is quoted, cut and escaped, never raw text.
		await assert.rejects(
			readPackument(body(`evil\u001b]52;c;${'x'.repeat(500)}`), 'lodash'),
			(error: Error) => {
				assert.ok(!error.message.includes('\u001b'));
				assert.ok(error.message.length < 140);
				return true;
			},
		);
	});

	test('a large packument streams through and yields its versions', async () => {
		server.addLargePackument('huge-package', 3_000_000);
		const huge = await metadataOf('huge-package');
		assert.ok(huge.versions.length > 1000);
		assert.deepEqual(
			huge.publishers?.map((p) => p.name),
			['alice', 'bob'],
		);
		assert.equal(huge.latestVersion, '1.0.0');
	});
});

describe('JsonPicker', () => {
	const document = npmPackument(defaultDataset().npm.find((f) => f.name === 'event-stream')!);
	const text = Buffer.from(
		JSON.stringify({...document, weird: {versions: {'9.9.9': {_npmUser: 'decoy'}}}, 'k\\"ey': 'é ✓'}),
	);

	function pick(chunkSize: number) {
		const found: Array<[string, unknown]> = [];
		const picker = new JsonPicker({
			maxDepth: 3,
			wanted: (path) =>
				(path.length === 1 && ['maintainers', 'k\\"ey', 'name'].includes(path[0]!)) ||
				(path.length === 3 && path[0] === 'versions' && path[2] === '_npmUser'),
			onValue: (path, value) => found.push([path.join('/'), value]),
		});
		for (let offset = 0; offset < text.length; offset += chunkSize)
			picker.write(text.subarray(offset, offset + chunkSize));
		picker.end();
		return found;
	}

	test('picks the same values whatever the chunk boundaries', () => {
		const whole = pick(text.length);
		assert.deepEqual(pick(1), whole);
		assert.deepEqual(pick(7), whole);
		assert.deepEqual(pick(4096), whole);
		const parsed = JSON.parse(text.toString()) as {versions: Record<string, {_npmUser: unknown}>};
		const expected = Object.entries(parsed.versions).map(([version, manifest]) => [
			`versions/${version}/_npmUser`,
			manifest._npmUser,
		]);
		assert.deepEqual(
			whole.filter(([path]) => path.startsWith('versions/')),
			expected,
		);
		assert.deepEqual(
			whole.find(([path]) => path === 'k\\"ey'),
			['k\\"ey', 'é ✓'],
		);
		// A nested object that merely looks like `versions` is not at the wanted path.
		assert.equal(
			whole.some(([, value]) => value === 'decoy'),
			false,
		);
	});

	test('a document cut short is reported at end()', () => {
		const picker = new JsonPicker({maxDepth: 1, wanted: () => false, onValue: () => undefined});
		picker.write(text.subarray(0, 100));
		assert.throws(() => picker.end(), /truncated/);
	});
});

describe('per-version dependencies', () => {
	test('each version keeps its declared dependencies by kind; a version known only from time says nothing', async () => {
		const body = JSON.stringify({
			name: 'deps',
			time: {
				created: '2020-01-01T00:00:00.000Z',
				'1.0.0': '2020-01-01T00:00:00.000Z',
				'0.9.0': '2019-12-01T00:00:00.000Z',
			},
			versions: {
				'1.0.0': {
					version: '1.0.0',
					dependencies: {ms: '^2.1.3', bad: 42},
					optionalDependencies: {fsevents: '~2.3.3'},
					peerDependencies: {react: '>=18', 'react-dom': '>=18'},
					peerDependenciesMeta: {'react-dom': {optional: true}},
				},
			},
		});
		const metadata = await readPackument(Readable.from([Buffer.from(body)]), 'deps');
		const latest = metadata.versions.find((version) => version.version === '1.0.0');
		assert.deepEqual(latest?.dependencies, {
			prod: {ms: '^2.1.3'},
			optional: {fsevents: '~2.3.3'},
			peer: {react: '>=18', 'react-dom': '>=18'},
			peerOptional: ['react-dom'],
		});
		assert.equal(
			metadata.versions.find((version) => version.version === '0.9.0'),
			undefined,
			'unpublished',
		);
		const stripped = await readPackument(
			Readable.from([
				Buffer.from(JSON.stringify({name: 'deps', time: {'1.0.0': '2020-01-01T00:00:00.000Z'}})),
			]),
			'deps',
		);
		assert.equal(stripped.versions[0]?.dependencies, null, 'a mirror that dropped `versions`: unknown');
	});

	test('release facts per version: trusted publisher, provenance, approver, install scripts, compactly', async () => {
		// A create-vite-like packument of 2026: trusted-published releases with SLSA provenance, an approved staged
		// publish, then a token publish that adds a postinstall script; a gypfile package gets node-gyp rebuild.
		server.addNpmPackage({
			name: 'create-like',
			maintainers: ['yyx990803', 'vitebot'],
			versions: [
				{version: '6.0.0', daysAgo: 90, publisher: 'vitebot'},
				{version: '6.1.0', daysAgo: 60, oidcConfigId: 'oidc:87d8bb4c-c894-403c-af7e-0d34d7e7327a'},
				{
					version: '6.1.1',
					daysAgo: 30,
					oidcConfigId: 'oidc:87d8bb4c-c894-403c-af7e-0d34d7e7327a',
					approver: 'yyx990803',
				},
				{version: '6.2.0-beta.0', daysAgo: 20, provenance: true},
				{
					version: '6.2.0',
					daysAgo: 1,
					publisher: 'mallory',
					scripts: {postinstall: 'node setup.js', prepare: 'tsc'},
				},
				{version: '6.2.1', daysAgo: 0.5, publisher: 'vitebot', gypfile: true},
			],
			dailyDownloads: 1000,
		});
		const metadata = await metadataOf('create-like');
		const byVersion = new Map(metadata.versions.map((version) => [version.version, version]));
		const {dependencies: _, ...plain} = byVersion.get('6.0.0')!;
		assert.deepEqual(
			plain,
			{
				version: '6.0.0',
				published: daysAgo(90),
				publishedBy: 'vitebot',
				deprecated: null,
				yanked: false,
				yankedReason: null,
			},
			'nothing to say: no key at all',
		);
		const trusted = byVersion.get('6.1.0')!;
		assert.equal(trusted.publishedBy, 'GitHub Actions');
		assert.deepEqual(trusted.trustedPublisher, {
			provider: 'github',
			identity: 'oidc:87d8bb4c-c894-403c-af7e-0d34d7e7327a',
		});
		assert.equal(trusted.provenance, true);
		assert.equal(byVersion.get('6.1.1')!.approver, 'yyx990803');
		assert.equal(byVersion.get('6.2.0-beta.0')!.prerelease, true);
		assert.equal(byVersion.get('6.2.0-beta.0')!.trustedPublisher, undefined);
		assert.deepEqual(
			byVersion.get('6.2.0')!.installScripts,
			{postinstall: 'node setup.js'},
			'prepare does not run on install',
		);
		assert.deepEqual(byVersion.get('6.2.1')!.installScripts, {install: 'node-gyp rebuild'});
		assert.deepEqual(metadata.coverage, {provenance: true, trustedPublishing: true, installScripts: true});
		assert.equal(metadata.status, undefined);
	});

	test('npm security holding: the 0.0.1-security placeholder marks the project', async () => {
		const holder = await metadataOf('electorn');
		assert.equal(holder.status?.state, 'security-holding');
		const express = await metadataOf('express');
		assert.equal(express.status, undefined);
		// A real package with an old placeholder version among its releases is not held.
		const body = JSON.stringify({
			name: 'x',
			'dist-tags': {latest: '2.0.0'},
			time: {'0.0.1-security': '2019-01-01T00:00:00.000Z', '2.0.0': '2020-01-01T00:00:00.000Z'},
			versions: {'0.0.1-security': {version: '0.0.1-security'}, '2.0.0': {version: '2.0.0'}},
		});
		const revived = await readPackument(Readable.from([Buffer.from(body)]), 'x');
		assert.equal(revived.status, undefined);
	});

	test('a long install command is cut; dist is read only for its attestations', async () => {
		const body = JSON.stringify({
			name: 'long',
			time: {'1.0.0': '2020-01-01T00:00:00.000Z'},
			versions: {
				'1.0.0': {
					version: '1.0.0',
					scripts: {preinstall: `node -e "${'x'.repeat(1000)}"`, install: ''},
					dist: {tarball: 'https://r/long.tgz', signatures: [{sig: 'x'}], attestations: {url: 'https://r/a'}},
				},
			},
		});
		const [version] = (await readPackument(Readable.from([Buffer.from(body)]), 'long')).versions;
		assert.equal(version!.installScripts!.preinstall!.length, 301);
		assert.equal(version!.installScripts!.install, undefined, 'an empty script runs nothing');
		assert.equal(version!.provenance, undefined, 'an attestation without a provenance is not provenance');
	});
});
