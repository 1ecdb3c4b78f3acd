import assert from 'node:assert/strict';
import {Readable} from 'node:stream';
import {after, before, beforeEach, describe, test} from 'node:test';
import {parseOsvRecord} from '../../source/advisories/osv-record.js';
import {scoreWithSettings} from '../../source/config/score-with.js';
import {defaultSettings} from '../../source/config/settings.js';
import {parseCrateDownloads} from '../../source/ecosystems/cargo/crate-downloads.js';
import {parseCrate, parseOwnerUsers} from '../../source/ecosystems/cargo/crates-io.js';
import {parseRangeResponse} from '../../source/ecosystems/npm/downloads.js';
import {readPackument} from '../../source/ecosystems/npm/packument.js';
import {parsePypiJson} from '../../source/ecosystems/pypi/pypi-json.js';
import {parsePypistats} from '../../source/ecosystems/pypi/pypistats.js';
import {HttpFailure} from '../../source/registries/http.js';
import {
	boundedName,
	boundedText,
	maxNameLength,
	maxTextLength,
	registryTimestamp,
} from '../../source/registries/registry-values.js';
import {jsonBody} from '../helpers/hostile-server.js';
import {
	dayString,
	defaultDataset,
	npmPackument,
	npmRange,
	pypiDocument,
	registryNow,
} from '../helpers/registry-data.js';
import {graphOf, type PackageSpec, runScan, serverScanOptions} from '../helpers/registry-scan.js';
import {type RegistryServer, startRegistryServer} from '../helpers/registry-server.js';

/**
 * Malformed registry data is unknown, with the reason — never a plausible value. Junk maintainers are not
 * 0 publishers (which can make a package critical), junk download rows are not 0 a week, a day listed twice
 * is not counted twice, and a date in the year 275760 is not "published today".
 */

const now = new Date(registryNow);
const dataset = defaultDataset();
const axios = dataset.npm.find((fixture) => fixture.name === 'axios')!;
const requests = dataset.pypi.find((fixture) => fixture.name === 'requests')!;

function packumentWith(changes: Record<string, unknown>): Readable {
	return Readable.from([Buffer.from(JSON.stringify({...npmPackument(axios), ...changes}))]);
}

describe('npm packuments', () => {
	test('maintainers that are not accounts: publishers unknown with the reason, never 0', async () => {
		const cases: Array<[unknown, string]> = [
			[[1, 2, 3], 'maintainers has 3 entries that are not an account; publishers unknown'],
			[[{}, {name: 'real'}], 'maintainers has 1 entry that is not an account; publishers unknown'],
			[[null], 'maintainers has 1 entry that is not an account; publishers unknown'],
			[{name: 'alice'}, 'maintainers is not a list; publishers unknown'],
			['alice', 'maintainers is not a list; publishers unknown'],
		];
		for (const [maintainers, problem] of cases) {
			const metadata = await readPackument(packumentWith({maintainers}), 'axios', now);
			assert.equal(metadata.publishers, null, JSON.stringify(maintainers));
			assert.deepEqual(metadata.problems, [problem]);
		}

		// A real empty list (npm's security holding) is 0 publishers, and no problem; absent is unknown, silently.
		assert.deepEqual((await readPackument(packumentWith({maintainers: []}), 'axios', now)).publishers, []);
		const stripped = await readPackument(packumentWith({maintainers: undefined}), 'axios', now);
		assert.equal(stripped.publishers, null);
		assert.equal(stripped.problems, undefined);
	});

	test('versions of the wrong type: an error, never every release "removed"; a manifest is read without `version`', async () => {
		for (const versions of [[1, 2], null, 'x', 7]) {
			await assert.rejects(
				readPackument(packumentWith({versions}), 'axios', now),
				(error) => error instanceof HttpFailure && error.message === 'versions is not an object',
				JSON.stringify(versions),
			);
		}

		const document = npmPackument(axios) as {versions: Record<string, Record<string, unknown>>};
		const keys = Object.keys(document.versions);
		assert.ok(keys.length >= 3);
		// The fixture has one release truly removed (in `time` only): it stays removed, and nothing else becomes so.
		const {removed} = await readPackument(packumentWith({}), 'axios', now);
		assert.equal(removed?.length, 1);

		// Manifests stripped of `version` and `_npmUser` (a mirror, a hostile server): each key is still a version.
		const stripped = Object.fromEntries(
			keys.map((key) => {
				const {version: _version, _npmUser: _user, ...rest} = document.versions[key]!;
				return [key, rest];
			}),
		);
		const bare = await readPackument(packumentWith({versions: stripped}), 'axios', now);
		assert.deepEqual(bare.versions.map((version) => version.version).sort(), [...keys].sort());
		assert.deepEqual(bare.removed, removed);
		assert.equal(bare.problems, undefined);

		// Entries that are not manifests are left out, said, and never taken for removed releases.
		const [first, second, ...rest] = keys;
		const junk = {
			...Object.fromEntries(rest.map((key) => [key, document.versions[key]])),
			[first!]: null,
			[second!]: 'x',
		};
		const partial = await readPackument(packumentWith({versions: junk}), 'axios', now);
		assert.deepEqual(partial.versions.map((version) => version.version).sort(), [...rest].sort());
		assert.deepEqual(partial.removed, removed);
		assert.deepEqual(partial.problems, ['versions has 2 entries that are not a manifest; left out']);
		// All of them junk: no release is readable, an error for the package, not "no versions" (releases 0/20).
		const allJunk = Object.fromEntries(keys.map((key) => [key, null]));
		await assert.rejects(readPackument(packumentWith({versions: allJunk}), 'axios', now), {
			message: `versions has ${keys.length} entries and none is a manifest`,
		});
	});

	test('dates that are not dates, or lie after the scan, are unknown and counted', async () => {
		const time = {...(npmPackument(axios).time as Record<string, unknown>)};
		time['1.7.9'] = '+275760-09-13T00:00:00.000Z';
		time['1.7.8'] = 'yesterday';
		time.created = 42;
		const metadata = await readPackument(packumentWith({time}), 'axios', now);
		const byVersion = new Map(metadata.versions.map((version) => [version.version, version]));
		assert.equal(byVersion.get('1.7.9')?.published, null);
		assert.equal(byVersion.get('1.7.8')?.published, null);
		assert.notEqual(byVersion.get('1.7.7')?.published, null);
		assert.ok(metadata.lastPublished! < new Date(registryNow).toISOString());
		assert.deepEqual(metadata.problems, [
			'2 release dates are not a valid date or in the future; read as unknown',
			'time.created is not a valid date or in the future; read as unknown',
		]);
		const junkTime = await readPackument(packumentWith({time: 'soon'}), 'axios', now);
		assert.deepEqual(junkTime.problems, ['time is not an object; release dates unknown']);
	});

	test('dist-tags of the wrong shape: latest unknown with the reason', async () => {
		const tags = await readPackument(packumentWith({'dist-tags': ['1.7.9']}), 'axios', now);
		assert.equal(tags.latestVersion, null);
		assert.deepEqual(tags.problems, ['dist-tags is not an object; latest version unknown']);
		const latest = await readPackument(packumentWith({'dist-tags': {latest: 179}}), 'axios', now);
		assert.deepEqual(latest.problems, ['dist-tags.latest is not a version; latest version unknown']);
	});
});

describe('timestamps', () => {
	const now = new Date('2026-06-01T00:00:00Z');
	test('only an ISO 8601 calendar date is a date: "12" is not December 2001, nor 30 February 1 March', () => {
		for (const value of ['12', '2024', 'Dec 25 2020', '2024-02-30', '2024-02-30T00:00:00Z', '1 2 2020', ''])
			assert.equal(registryTimestamp(value, now), 'malformed', value);
	});

	test('the forms registries write are read, a date-time without a zone as UTC', () => {
		const cases: Array<[string, string]> = [
			['2016-09-07T15:22:40.491981Z', '2016-09-07T15:22:40.491Z'],
			['2016-09-07T15:22:40.491981+00:00', '2016-09-07T15:22:40.491Z'],
			['2016-09-07T17:22:40+02:00', '2016-09-07T15:22:40.000Z'],
			['2019-01-01T00:00:00', '2019-01-01T00:00:00.000Z'],
			['2019-01-01', '2019-01-01T00:00:00.000Z'],
		];
		for (const [value, iso] of cases) assert.equal(registryTimestamp(value, now), iso, value);
		assert.equal(registryTimestamp('2099-01-01T00:00:00Z', now), 'malformed');
		assert.equal(registryTimestamp(null, now), null);
	});

	test('the npm form (as toISOString writes it) is kept as it is, with the same bounds as every other form', () => {
		const cases: Array<[string, string | 'malformed']> = [
			['2016-09-07T15:22:40.491Z', '2016-09-07T15:22:40.491Z'],
			['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59.999Z'],
			['2023-02-29T00:00:00.000Z', 'malformed'],
			['2024-04-31T00:00:00.000Z', 'malformed'],
			['2024-13-01T00:00:00.000Z', 'malformed'],
			// ISO 8601's end of day, as Date.parse reads it (the general path, unchanged).
			['2024-01-01T24:00:00.000Z', '2024-01-02T00:00:00.000Z'],
			['1989-12-31T23:59:59.999Z', 'malformed'],
			['1990-01-01T00:00:00.000Z', '1990-01-01T00:00:00.000Z'],
			['2026-06-01T23:59:59.999Z', '2026-06-01T23:59:59.999Z'],
			['2026-06-02T00:00:00.001Z', 'malformed'],
		];
		for (const [value, expected] of cases) assert.equal(registryTimestamp(value, now), expected, value);
	});

	test('a crate published "12" is an unknown date, said to be, not 2001', () => {
		const crate = parseCrate(
			{crate: {name: 'x', created_at: '12'}, versions: [{num: '1.0.0', created_at: '12'}]},
			now,
		);
		assert.equal(crate.createdAt, null);
		assert.equal(crate.versions[0]!.createdAt, null);
		assert.deepEqual(crate.problems, ['2 timestamps are not a valid date or in the future; read as unknown']);
	});
});

describe('download counts', () => {
	const range = npmRange(axios)!;
	const rows = range.downloads as Array<{day: string; downloads: number}>;

	test('a null, negative, fractional or string row makes the history unknown, never 0', () => {
		for (const bad of [null, -5, '12', 1.5, Number.NaN]) {
			const body = {...range, downloads: [...rows.slice(0, -1), {day: dayString(1), downloads: bad}]};
			assert.throws(
				() => parseRangeResponse(body, ['axios'], now),
				(error: unknown) =>
					error instanceof HttpFailure &&
					error.kind === 'invalid' &&
					/^1 download row is malformed/.test(error.message),
				String(bad),
			);
		}
	});

	test('a day listed twice is malformed, never counted twice', () => {
		const body = {...range, downloads: [...rows, rows.at(-1)]};
		assert.throws(() => parseRangeResponse(body, ['axios'], now), {
			message: '1 day is listed twice in the download counts',
		});
	});

	test('in a bulk answer, one malformed entry is that name unknown; the other names are read', () => {
		const result = parseRangeResponse(
			{
				axios: range,
				chalk: {...range, package: 'chalk', downloads: [{day: dayString(1), downloads: -1}]},
				express: 'lots',
				ms: null,
			},
			['axios', 'chalk', 'express', 'ms'],
			now,
		);
		assert.equal((result.get('axios') as {weekly: number}).weekly > 0, true);
		assert.ok(result.get('chalk') instanceof HttpFailure);
		assert.ok(result.get('express') instanceof HttpFailure);
		assert.equal(result.get('ms'), null);
	});

	test('rows dated after today (a day of clock skew aside) make the history unknown, never a figure', () => {
		// A series shifted into the future (it starts today) read as "70 a week".
		const shifted = rows.map((row, index) => ({...row, day: dayString(-index)}));
		assert.throws(() => parseRangeResponse({...range, downloads: shifted}, ['axios'], now), {
			name: 'HttpFailure',
			message: `${shifted.length - 2} download rows are dated after today`,
		});
		const allFuture = rows.map((row, index) => ({...row, day: dayString(-2 - index)}));
		assert.throws(() => parseRangeResponse({...range, downloads: allFuture}, ['axios'], now), {
			message: `${allFuture.length} download rows are dated after today`,
		});
		// Tomorrow passes (time zones, a clock a little ahead); one row past it does not.
		const tomorrow = [...rows.slice(1), {day: dayString(-1), downloads: 7}];
		assert.equal(
			parseRangeResponse({...range, downloads: tomorrow}, ['axios'], now).get('axios') instanceof HttpFailure,
			false,
		);
		const oneLate = [...rows.slice(1), {day: dayString(-2), downloads: 7}];
		assert.throws(() => parseRangeResponse({...range, downloads: oneLate}, ['axios'], now), {
			message: '1 download row is dated after today',
		});
		// In a bulk answer only that name is unknown.
		const bulk = parseRangeResponse(
			{axios: range, chalk: {...range, package: 'chalk', downloads: allFuture}},
			['axios', 'chalk'],
			now,
		);
		assert.ok(!(bulk.get('axios') instanceof HttpFailure));
		assert.ok(bulk.get('chalk') instanceof HttpFailure);

		const future = (date: string) => ({data: [{category: 'without_mirrors', date, downloads: 3}]});
		assert.throws(() => parsePypistats(future(dayString(-30)), now), {
			message: '1 download row is dated after today',
		});
		assert.equal(parsePypistats(future(dayString(1)), now).weekly, 3);

		const crate = (date: string) => ({version_downloads: [{version: 1, downloads: 5, date}], meta: {}});
		assert.throws(() => parseCrateDownloads(crate(dayString(-3)), now), {
			message: '1 download row is dated after today',
		});
		assert.equal(
			parseCrateDownloads(crate(dayString(0)), now).weekly,
			0,
			"today's row is still being counted",
		);
	});

	test('pypistats: a malformed row makes the history unknown', () => {
		assert.throws(
			() =>
				parsePypistats(
					{
						data: [
							{category: 'without_mirrors', date: '2026-05-01', downloads: 3},
							{category: 'without_mirrors', date: '2026-05-02', downloads: null},
							'row',
						],
					},
					now,
				),
			{message: /^2 download rows are malformed/},
		);
	});
});

describe('PyPI JSON', () => {
	test('ownership of the wrong shape: publishers unknown with the reason, never 0', () => {
		const document = pypiDocument(requests);
		const cases: Array<[unknown, string]> = [
			['alice', 'ownership is not an object; publishers unknown'],
			[{roles: 'Owner'}, 'ownership.roles is not a list; publishers unknown'],
			[
				{roles: [{role: 'Owner', user: 'a'}, {role: 'Owner'}, 7]},
				'ownership.roles has 2 entries without a user; publishers unknown',
			],
		];
		for (const [ownership, problem] of cases) {
			const metadata = parsePypiJson({...document, ownership}, 'requests', now);
			assert.equal(metadata.publishers, null);
			assert.deepEqual(metadata.problems, [problem]);
		}
	});

	test('upload times in the future are unknown and counted', () => {
		const document = pypiDocument(requests);
		const releases = document.releases as Record<string, Array<Record<string, unknown>>>;
		const [first] = Object.keys(releases);
		releases[first!] = releases[first!]!.map((file) => ({
			...file,
			upload_time_iso_8601: '+275760-01-01T00:00:00Z',
		}));
		const metadata = parsePypiJson(document, 'requests', now);
		assert.match(metadata.problems?.[0] ?? '', /upload times are not a valid date or in the future/);
		assert.equal(metadata.versions.find((version) => version.version === first)?.published, null);
	});
});

describe('a scan meeting malformed data', () => {
	let server: RegistryServer;
	before(async () => {
		server = await startRegistryServer();
	});
	after(async () => {
		await server.close();
	});
	beforeEach(() => server.clearFaults());

	const specs: PackageSpec[] = [
		{name: 'axios', version: '1.7.9'},
		{name: 'chalk', version: '5.4.1'},
		{ecosystem: 'pypi', name: 'requests', version: '2.32.4'},
	];

	test('junk maintainers on a 99M-a-week package: publishers unknown, so not CRITICAL; the reason is in its errors', async () => {
		server.setFault({
			kind: 'npm',
			name: 'axios',
			respond: jsonBody({...npmPackument(axios), maintainers: [1, 2]}),
		});
		const {facts} = await runScan(graphOf(specs), serverScanOptions(server, {now: () => registryNow}));
		const axiosFacts = facts.get('npm:axios@1.7.9')!;
		assert.deepEqual(axiosFacts.errors, [
			'metadata: maintainers has 2 entries that are not an account; publishers unknown',
		]);
		assert.equal(axiosFacts.metadata?.publishers, null);
		const report = scoreWithSettings('npm:axios@1.7.9', axiosFacts, defaultSettings, now);
		assert.notEqual(report.risk, 'critical');
		assert.deepEqual(facts.get('npm:chalk@5.4.1')?.errors, []);
	});

	test('a corrupted or mixed packument body is invalid JSON for that package, never different facts', async () => {
		const good = JSON.stringify(npmPackument(axios));
		const mallory = good.replaceAll('"jasonsaayman"', '"mallory"');
		assert.notEqual(mallory, good);
		const bodies: Record<string, string | Buffer> = {
			'leading garbage': `xyz!@# ${good}`,
			'binary bytes first': Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0xff, 0xfe]), Buffer.from(good)]),
			'a second document whose values would win': good + mallory,
			'a trailing comma': good.replace(/\}$/, ',}'),
			NaN: good.replace('"name":"axios"', '"name":"axios","n":NaN'),
			'a comment': good.replace('"name":"axios"', '/*c*/"name":"axios"'),
			'single quotes': good.replace('"name":"axios"', `"name":"axios",'x':'y'`),
			'a raw control character': good.replace('"name":"axios"', '"name":"axios","x":"a\u0001b"'),
		};
		for (const [what, body] of Object.entries(bodies)) {
			server.clearFaults();
			server.setFault({
				kind: 'npm',
				name: 'axios',
				respond: (_request, response) => {
					response.writeHead(200, {'content-type': 'application/json'});
					response.end(body);
				},
			});
			const {facts} = await runScan(graphOf(specs), serverScanOptions(server, {now: () => registryNow}));
			const axiosFacts = facts.get('npm:axios@1.7.9')!;
			assert.equal(axiosFacts.metadata, null, what);
			assert.ok(axiosFacts.errors.includes('metadata: invalid JSON'), `${what}: ${axiosFacts.errors}`);
			assert.deepEqual(facts.get('npm:chalk@5.4.1')?.errors, [], what);
		}
	});

	test('a junk download row: downloads unknown with the reason; the rest of the batch is scored', async () => {
		const chalk = dataset.npm.find((fixture) => fixture.name === 'chalk')!;
		const junk = {...npmRange(chalk)!, downloads: [{day: dayString(1), downloads: 'many'}]};
		server.setFault({kind: 'downloads', respond: jsonBody({axios: npmRange(axios), chalk: junk})});
		const {facts} = await runScan(graphOf(specs), serverScanOptions(server, {now: () => registryNow}));
		assert.equal(facts.get('npm:chalk@5.4.1')?.downloads, null);
		assert.match(facts.get('npm:chalk@5.4.1')?.errors[0] ?? '', /^downloads: 1 download row is malformed/);
		assert.ok((facts.get('npm:axios@1.7.9')?.downloads?.weekly ?? 0) > 0);
	});
});

describe('strings past any real length are cut where they are read', () => {
	const huge = (unit: string, length: number) => unit.repeat(length);

	test('an identity keeps a hash of the whole (two accounts stay two); free text is cut with …', () => {
		assert.equal(boundedName('alice'), 'alice');
		const one = boundedName(`${huge('m', 1_000_000)}a`);
		const two = boundedName(`${huge('m', 1_000_000)}b`);
		assert.equal(one.length, maxNameLength);
		assert.match(one, /^m+…[0-9a-f]{12}$/);
		assert.notEqual(one, two, 'the same first characters, two accounts');
		assert.equal(boundedName(`${huge('m', 1_000_000)}a`), one, 'the same cut every time');
		const text = boundedText(huge('x', 100_000));
		assert.equal(text.length, maxTextLength);
		assert.ok(text.endsWith('x…'));
		// Half an emoji is not left at the cut.
		const emoji = boundedText(`${huge('x', maxTextLength - 2)}😀😀`);
		assert.ok(emoji.endsWith('x…') && emoji.length === maxTextLength - 1);
	});

	test('npm: account names, publishers, approvers, trusted publishers, deprecations, repositories, ranges, versions', async () => {
		const name = huge('m', 2_000_000);
		const document = npmPackument(axios) as {versions: Record<string, Record<string, unknown>>};
		const [first, second] = Object.keys(document.versions);
		const versions = {
			...document.versions,
			[first!]: {
				...document.versions[first!],
				_npmUser: {
					name: `${name}1`,
					approver: {name: `${name}2`},
					trustedPublisher: {id: `${name}3`, oidcConfigId: `${name}4`},
				},
				deprecated: huge('d', 1_000_000),
				dependencies: {[huge('n', 10_000)]: huge('1', 10_000)},
			},
			[second!]: {...document.versions[second!], _npmUser: `${name}5 <a@example.com>`},
			[huge('9', 1000)]: {version: 'long'},
		};
		const metadata = await readPackument(
			packumentWith({
				maintainers: [{name: `${name}a`}, {name: `${name}b`}],
				repository: {url: `git+https://github.com/${huge('r', 1_000_000)}`},
				versions,
			}),
			'axios',
			now,
		);
		assert.equal(metadata.publishers?.length, 2, 'two long names that differ at the end are two accounts');
		for (const publisher of metadata.publishers!) assert.equal(publisher.name.length, maxNameLength);
		const locked = metadata.versions.find((version) => version.version === first)!;
		assert.equal(locked.publishedBy?.length, maxNameLength);
		assert.equal(locked.approver?.length, maxNameLength);
		assert.equal(locked.trustedPublisher?.provider?.length, maxNameLength);
		assert.equal(locked.trustedPublisher?.identity?.length, maxNameLength);
		assert.notEqual(locked.trustedPublisher?.provider, locked.trustedPublisher?.identity);
		assert.equal(locked.deprecated?.length, maxTextLength);
		const [dependency, range] = Object.entries(locked.dependencies!.prod)[0]!;
		assert.equal(dependency.length, maxNameLength);
		assert.ok(range.length <= 1024 && range.endsWith('…'));
		assert.equal(
			metadata.versions.find((version) => version.version === second)!.publishedBy?.length,
			maxNameLength,
		);
		assert.ok(
			metadata.repository!.length <= 2048 && metadata.repository!.startsWith('https://github.com/rrr'),
		);
		assert.ok(metadata.versions.every((version) => version.version.length <= maxNameLength));
		assert.deepEqual(metadata.problems, ['versions has 1 entry that is not a manifest; left out']);
		assert.ok(JSON.stringify(metadata).length < 200_000, 'the facts stay small');
	});

	test('PyPI account names and roles, crates.io publishers and owners, OSV ids and summaries', () => {
		const name = huge('p', 2_000_000);
		const pypi = parsePypiJson(
			{
				...pypiDocument(requests),
				ownership: {
					roles: [
						{role: name, user: `${name}x`},
						{role: 'Owner', user: `${name}y`},
					],
					organization: name,
				},
			},
			'requests',
			now,
		);
		assert.equal(pypi.publishers?.length, 2);
		for (const publisher of pypi.publishers!) assert.equal(publisher.name.length, maxNameLength);
		assert.equal(pypi.organization?.length, maxNameLength);
		assert.equal(pypi.publishers![0]!.role?.length, maxNameLength);

		const crate = parseCrate({
			crate: {name: 'serde', repository: `https://github.com/${name}`},
			versions: [
				{
					num: '1.0.0',
					published_by: {login: name},
					yanked: true,
					yank_message: name,
					trustpub_data: {provider: name},
				},
			],
		});
		assert.equal(crate.versions[0]!.publishedBy?.length, maxNameLength);
		assert.equal(crate.versions[0]!.yankMessage?.length, maxTextLength);
		assert.equal(crate.versions[0]!.trustedPublisher?.provider?.length, maxNameLength);
		assert.ok(crate.repository!.length <= 2048);
		assert.equal(parseOwnerUsers({users: [{login: name, name}]})[0]!.login.length, maxNameLength);

		const record = parseOsvRecord({
			id: `GHSA-${name}`,
			aliases: [name],
			summary: name,
			references: [{type: 'ADVISORY', url: `https://example.com/${name}`}],
			affected: [{package: {ecosystem: 'npm', name}, versions: [name]}],
		});
		assert.equal(record.id.length, maxNameLength);
		assert.equal(record.aliases[0]!.length, maxNameLength);
		assert.ok(record.summary!.length <= 301);
		assert.ok(record.url!.length <= 2048);
		assert.equal(record.affected[0]!.name.length, maxNameLength);
		assert.equal(record.affected[0]!.versions[0]!.length, maxNameLength);
	});
});
