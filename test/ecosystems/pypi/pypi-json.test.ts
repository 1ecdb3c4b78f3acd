import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {normalizePythonName as normalizePypiName} from '../../../source/ecosystems/pypi/names.js';
import {parsePypiJson} from '../../../source/ecosystems/pypi/pypi-json.js';
import {parsePypistats} from '../../../source/ecosystems/pypi/pypistats.js';
import {HttpFailure} from '../../../source/registries/http.js';
import {dayString, daysAgo, registryNow} from '../../helpers/registry-data.js';
import {type RegistryServer, startRegistryServer} from '../../helpers/registry-server.js';
import {fetchKind} from '../../helpers/requests.js';

const now = new Date(registryNow);

let server: RegistryServer;
before(async () => {
	server = await startRegistryServer();
});
after(async () => {
	await server.close();
});

async function pypiMetadata(name: string) {
	const outcome = await fetchKind('pypi', 'metadata', server.pypiUrl, name, {});
	assert.equal(outcome.status, 'ok');
	return outcome.status === 'ok' ? outcome.value : (undefined as never);
}

describe('PyPI JSON', () => {
	test('a file uploaded more than a day after a release’s first is its late file; a day’s uploads are not', () => {
		const file = (filename: string, time: string) => ({filename, upload_time_iso_8601: time});
		const document = {
			info: {name: 'x', version: '1.1.0'},
			releases: {
				'1.0.0': [
					file('x-1.0.0.tar.gz', '2024-03-01T10:00:00.000000Z'),
					file('x-1.0.0-py3-none-any.whl', '2024-03-01T22:00:00.000000Z'),
					file('x-1.0.0-cp313-cp313-win_amd64.whl', '2026-11-30T08:00:00.000000Z'),
				],
				'1.1.0': [
					file('x-1.1.0.tar.gz', '2025-01-01T00:00:00.000000Z'),
					file('x-1.1.0-py3-none-any.whl', '2025-01-01T23:59:00.000000Z'),
				],
			},
		};
		const metadata = parsePypiJson(document, 'x', new Date('2026-12-01T00:00:00Z'));
		const [first, second] = metadata.versions;
		assert.equal(first?.published, '2024-03-01T10:00:00.000Z');
		assert.deepEqual(first?.lateFile, {
			filename: 'x-1.0.0-cp313-cp313-win_amd64.whl',
			uploaded: '2026-11-30T08:00:00.000Z',
		});
		assert.equal(second?.lateFile, undefined, 'a day of uploads is one release');
	});

	test('ownership roles → distinct publishers with their strongest role, and the organization', async () => {
		const requests = await pypiMetadata('requests');
		assert.deepEqual(requests.publishers, [
			{name: 'graffatcolmingov', role: 'Owner'},
			{name: 'Lukasa', role: 'Owner'},
			{name: 'nateprewitt', role: 'Owner'},
		]);
		assert.equal(requests.organization, 'psf');
		assert.equal(requests.latestVersion, '2.32.4');
		assert.equal(requests.repository, 'https://github.com/psf/requests');
	});

	test('release date = earliest file upload; yanked only when every file is', async () => {
		const requests = await pypiMetadata('requests');
		const yanked = requests.versions.find((v) => v.version === '2.32.0');
		assert.equal(yanked?.yanked, true);
		assert.match(yanked?.yankedReason ?? '', /CVE-2024-35195/);
		const fine = requests.versions.find((v) => v.version === '2.32.3');
		assert.equal(fine?.yanked, false);
		assert.equal(fine?.published, new Date(Date.parse(daysAgo(730).replace('.000Z', '.123Z'))).toISOString());
		assert.equal(fine?.publishedBy, null);
		assert.equal(requests.firstPublished, requests.versions[0]?.published);
	});

	test('a release with no files has an unknown date and sorts last', async () => {
		const idna = await pypiMetadata('idna');
		const empty = idna.versions.find((v) => v.version === '0.1');
		assert.equal(empty?.published, null);
		assert.equal(empty?.yanked, false);
		assert.equal(idna.versions.at(-1)?.version, '0.1');
		assert.equal(idna.unpublished, false);
		assert.deepEqual(idna.publishers, [{name: 'kjd', role: 'Owner'}]);
		assert.equal(idna.organization, null);
	});

	test('no ownership key (older response) → publishers unknown', async () => {
		const six = await pypiMetadata('six');
		assert.equal(six.publishers, null);
		assert.equal(six.organization, null);
	});

	test('PEP 503 names: Charset_Normalizer is requested as charset-normalizer', async () => {
		assert.equal(normalizePypiName('Charset_Normalizer'), 'charset-normalizer');
		assert.equal(normalizePypiName('zope.interface'), 'zope-interface');
		assert.equal(normalizePypiName('a--b__c'), 'a-b-c');
		server.resetRequests();
		const charset = await pypiMetadata('Charset_Normalizer');
		assert.equal(charset.name, 'charset-normalizer');
		assert.equal(server.requests[0]?.path, '/pypi/pypi/charset-normalizer/json');
	});

	test('unknown project → missing; a project without files → unpublished', async () => {
		assert.deepEqual(await fetchKind('pypi', 'metadata', server.pypiUrl, 'no-such-project', {}), {
			status: 'missing',
			reason: 'HTTP 404 not found',
		});
		const empty = parsePypiJson({info: {name: 'Empty', version: '1.0'}, releases: {'1.0': []}}, 'empty');
		assert.equal(empty.unpublished, true);
		assert.equal(empty.firstPublished, null);
		assert.throws(() => parsePypiJson({releases: {}}, 'x'), /invalid PyPI response/);
	});

	test('another project’s JSON is invalid; the same name written another way (PEP 503) is the same project', () => {
		const document = (name: string) => ({info: {name, version: '1.0'}, releases: {'1.0': []}});
		assert.throws(
			() => parsePypiJson(document('requests-toolbelt'), 'requests'),
			(error: unknown) => {
				assert.ok(error instanceof HttpFailure);
				assert.equal(error.message, 'the project JSON is for "requests-toolbelt"');
				return true;
			},
		);
		assert.equal(
			parsePypiJson(document('Charset_Normalizer'), 'charset-normalizer').name,
			'charset-normalizer',
		);
		assert.equal(parsePypiJson(document('zope.interface'), 'zope-interface').name, 'zope-interface');
	});
});

describe('pypistats', () => {
	test('180 days of without_mirrors rows; weekly = the last 7 days', async () => {
		const outcome = await fetchKind('pypi', 'downloads', server.pypistatsUrl, 'certifi', {});
		assert.equal(outcome.status, 'ok');
		if (outcome.status !== 'ok') return;
		assert.equal(server.requests.at(-1)?.path, '/pypistats/api/packages/certifi/overall?mirrors=false');
		const {daily, weekly} = outcome.value;
		assert.equal(daily.length, 180);
		assert.equal(daily.at(-1)?.day, dayString(1));
		assert.equal(
			weekly,
			daily.slice(-7).reduce((sum, row) => sum + row.downloads, 0),
		);
		assert.ok(weekly > 300_000_000);
	});

	test('with_mirrors rows are ignored; order is by day; a day listed twice is malformed, never summed', () => {
		const history = parsePypistats(
			{
				data: [
					{category: 'without_mirrors', date: '2026-05-02', downloads: 5},
					{category: 'with_mirrors', date: '2026-05-01', downloads: 1000},
					{category: 'without_mirrors', date: '2026-05-01', downloads: 3},
				],
			},
			now,
		);
		assert.deepEqual(history, {
			daily: [
				{day: '2026-05-01', downloads: 3},
				{day: '2026-05-02', downloads: 5},
			],
			weekly: 8,
		});
		assert.throws(
			() =>
				parsePypistats(
					{
						data: [
							{category: 'without_mirrors', date: '2026-05-01', downloads: 3},
							{category: 'without_mirrors', date: '2026-05-01', downloads: 4},
						],
					},
					now,
				),
			{name: 'HttpFailure', message: '1 day is listed twice in the download counts'},
		);
	});

	test('unknown project → missing', async () => {
		assert.deepEqual(await fetchKind('pypi', 'downloads', server.pypistatsUrl, 'no-such-project', {}), {
			status: 'missing',
			reason: 'HTTP 404 not found',
		});
	});
});
