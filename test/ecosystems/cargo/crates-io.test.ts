import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, test} from 'node:test';
import {parseCrateDownloads} from '../../../source/ecosystems/cargo/crate-downloads.js';
import {
	type CrateRecord,
	crateDownloadsUrl,
	crateMetadata,
	crateUrl,
	isValidCrateName,
	ownerTeamUrl,
	ownerUserUrl,
	parseCrate,
	parseOwnerTeams,
	parseOwnerUsers,
	trustedPublishers,
} from '../../../source/ecosystems/cargo/crates-io.js';
import {HttpFailure} from '../../../source/registries/http.js';
import {fixturePath} from '../../helpers/paths.js';

/** A crates.io response recorded by crates.io's own snapshot tests (see test/fixtures/crates-io/README.md). */
function recorded(name: string): Record<string, unknown> {
	return JSON.parse(readFileSync(fixturePath('crates-io', `${name}.json`), 'utf8')) as Record<
		string,
		unknown
	>;
}

function isInvalid(error: unknown): boolean {
	return (
		error instanceof HttpFailure && error.kind === 'invalid' && error.message === 'invalid crates.io response'
	);
}

/** `crate-show.json` with its versions replaced (or edited). */
function showWith(edit: (document: Record<string, unknown>) => void): Record<string, unknown> {
	const document = recorded('crate-show');
	edit(document);
	return document;
}

const crates = 'https://crates.io/';

describe('crates.io URLs', () => {
	test('every endpoint under {base}api/v1/crates/{name}', () => {
		assert.equal(crateUrl(crates, 'serde'), 'https://crates.io/api/v1/crates/serde');
		assert.equal(ownerUserUrl(crates, 'serde_json'), 'https://crates.io/api/v1/crates/serde_json/owner_user');
		assert.equal(
			ownerTeamUrl(crates, 'proc-macro2'),
			'https://crates.io/api/v1/crates/proc-macro2/owner_team',
		);
		assert.equal(
			crateDownloadsUrl(crates, 'Inflector'),
			'https://crates.io/api/v1/crates/Inflector/downloads',
		);
		assert.equal(crateUrl('http://127.0.0.1:9/crates/', 'a'), 'http://127.0.0.1:9/crates/api/v1/crates/a');
	});

	test('a name crates.io could not hold builds no URL at all (null), so it can never leave the API', () => {
		const hostile = [
			'',
			'.',
			'..',
			'%2e%2e',
			'../../admin',
			'a/b',
			'a\\b',
			'a?x=1',
			'a#b',
			'a b',
			'a.b',
			'a%2fb',
			'1password',
			'_private',
			'-dash',
			'sérde',
			'serde\n',
			'a'.repeat(65),
		];
		for (const name of hostile) {
			assert.equal(isValidCrateName(name), false, name);
			assert.equal(crateUrl(crates, name), null, name);
			assert.equal(ownerUserUrl(crates, name), null, name);
			assert.equal(ownerTeamUrl(crates, name), null, name);
			assert.equal(crateDownloadsUrl(crates, name), null, name);
		}

		for (const name of ['a', 'A', 'serde_json', 'proc-macro2', 'x'.repeat(64)])
			assert.equal(isValidCrateName(name), true, name);
	});
});

describe('parseCrate', () => {
	test('another crate’s document is invalid; case and -/_ are one crate on crates.io', () => {
		const document = recorded('crate-show') as {crate: {name: string}};
		assert.throws(() => parseCrate(document, new Date(), 'serde'), /the crate document is for "foo_show"/);
		assert.equal(parseCrate(document, new Date(), 'Foo-Show').name, 'foo_show');
	});

	test('a recorded crate document → the compact record, timestamps normalised', () => {
		const crate = parseCrate(recorded('crate-show'));
		assert.deepEqual(
			{...crate, versions: undefined},
			{
				name: 'foo_show',
				createdAt: '2024-01-10T12:29:59.987Z',
				updatedAt: '2024-03-01T17:45:12.000Z',
				downloads: 20,
				recentDownloads: 10,
				maxStableVersion: '1.0.0',
				newestVersion: '0.5.1',
				maxVersion: '1.0.0',
				repository: null,
				versions: undefined,
			},
		);
		assert.deepEqual(crate.versions, [
			{
				id: 3,
				num: '0.5.1',
				createdAt: '2024-03-01T17:45:12.000Z',
				yanked: false,
				yankMessage: null,
				publishedBy: 'foo',
				trustedPublisher: null,
				downloads: 0,
			},
			{
				id: 2,
				num: '0.5.0',
				createdAt: '2024-02-14T08:15:30.500Z',
				yanked: false,
				yankMessage: null,
				publishedBy: 'foo',
				trustedPublisher: null,
				downloads: 0,
			},
			{
				// An old version: crates.io had not recorded who published it.
				id: 1,
				num: '1.0.0',
				createdAt: '2024-01-10T12:30:00.123Z',
				yanked: false,
				yankMessage: null,
				publishedBy: null,
				trustedPublisher: null,
				downloads: 0,
			},
		]);
	});

	test('the record is plain JSON (it is what the cache keeps) and much smaller than the document', () => {
		const document = recorded('crate-show');
		const crate = parseCrate(document);
		assert.deepEqual(JSON.parse(JSON.stringify(crate)), crate);
		assert.ok(JSON.stringify(crate).length * 3 < JSON.stringify(document).length);
	});

	test('older responses wrote +00:00 timestamps: read the same', () => {
		const crate = parseCrate(
			showWith((document) => {
				(document.crate as Record<string, unknown>).created_at = '2019-04-16T18:48:11.404457+00:00';
			}),
		);
		assert.equal(crate.createdAt, '2019-04-16T18:48:11.404Z');
	});

	test('trusted publishing: published_by null, trustpub_data kept for GitHub and GitLab alike', () => {
		const github = recorded('version-trustpub-github').version;
		const gitlab = recorded('version-trustpub-gitlab').version;
		const crate = parseCrate(
			showWith((document) => {
				document.versions = [github, {...(gitlab as object), id: 3, num: '1.2.0'}];
			}),
		);
		assert.deepEqual(
			crate.versions.map((v) => [v.num, v.publishedBy, v.trustedPublisher]),
			[
				[
					'1.1.0',
					null,
					{provider: 'github', repository: 'rust-lang/foo-rs', runId: 'example-run-id', sha: 'example-sha'},
				],
				[
					'1.2.0',
					null,
					{
						provider: 'gitlab',
						repository: 'rust-lang/foo-rs',
						runId: '11530106120',
						sha: '76719c2658b5c4423810d655a4624af1b38b7091',
					},
				],
			],
		);
		assert.deepEqual(trustedPublishers(crate).get('1.2.0')?.provider, 'gitlab');
		assert.deepEqual([...trustedPublishers(parseCrate(recorded('crate-show'))).keys()], []);
	});

	test('trusted publishing reaches the neutral facts: the repository is the configuration', () => {
		const github = recorded('version-trustpub-github').version;
		const gitlab = recorded('version-trustpub-gitlab').version;
		const crate = parseCrate(
			showWith((document) => {
				document.versions = [github, {...(gitlab as object), id: 3, num: '1.2.0-rc.1'}];
			}),
		);
		const metadata = crateMetadata(crate, [], []);
		const byVersion = new Map(metadata.versions.map((version) => [version.version, version]));
		assert.deepEqual(byVersion.get('1.2.0-rc.1')?.trustedPublisher, {
			provider: 'gitlab',
			identity: 'rust-lang/foo-rs',
		});
		assert.equal(byVersion.get('1.2.0-rc.1')?.prerelease, true);
		assert.deepEqual(
			metadata.coverage,
			{trustedPublishing: true},
			'crates.io has no provenance or install scripts',
		);
	});

	test('a yanked version keeps its yank_message', () => {
		const crate = parseCrate(
			showWith((document) => {
				const [first, ...rest] = document.versions as Array<Record<string, unknown>>;
				document.versions = [{...first, yanked: true, yank_message: 'Security vulnerability'}, ...rest];
			}),
		);
		assert.equal(crate.versions[0]?.yanked, true);
		assert.equal(crate.versions[0]?.yankMessage, 'Security vulnerability');
		assert.equal(crate.versions[1]?.yankMessage, null);
	});

	test('wrong shapes → HttpFailure invalid', () => {
		const wrong: unknown[] = [
			null,
			'crate',
			[],
			{},
			{versions: []},
			{crate: [], versions: []},
			{crate: 'serde', versions: []},
			{crate: {name: 'serde'}},
			{crate: {name: 'serde'}, versions: {}},
			{crate: {name: 'serde'}, versions: null},
			{crate: {name: ''}, versions: []},
			{crate: {id: 'serde'}, versions: []},
			{errors: [{detail: 'crate `x` does not exist'}]},
		];
		for (const body of wrong) assert.throws(() => parseCrate(body), isInvalid, JSON.stringify(body));
	});

	test('a version entry without a number, or a number listed twice, fails the document (not "not in the registry")', () => {
		const wrong: unknown[] = [
			[null],
			['1.0.0'],
			[{id: 1}],
			[{id: 2, num: ''}],
			[{id: 3, num: 120}],
			[
				{id: 2, num: '1.0.0', published_by: {login: 'mallory'}},
				{id: 1, num: '1.0.0', published_by: {login: 'alice'}},
			],
		];
		for (const versions of wrong)
			assert.throws(
				() =>
					parseCrate({crate: {name: 'odd'}, versions: [{id: 9, num: '0.1.0'}, ...(versions as unknown[])]}),
				(error: unknown) =>
					error instanceof HttpFailure &&
					error.kind === 'invalid' &&
					/without a version number|twice/.test(error.message),
				JSON.stringify(versions),
			);
	});

	test('a yanked flag that is not a boolean is read as not yanked, and said to be', () => {
		const crate = parseCrate({
			crate: {name: 'odd'},
			versions: [
				{id: 1, num: '1.0.0', yanked: 'true'},
				{id: 2, num: '1.0.1', yanked: 1},
				{id: 3, num: '1.0.2', yanked: true},
			],
		});
		assert.deepEqual(
			crate.versions.map((v) => v.yanked),
			[false, false, true],
		);
		assert.deepEqual(crate.problems, ['2 yanked flags are not true or false; read as not yanked']);
	});

	test('malformed fields of a version entry are unknown (and said to be), never invented', () => {
		const crate = parseCrate({
			crate: {name: 'odd', downloads: -5, recent_downloads: '10', max_stable_version: '', repository: '  '},
			versions: [
				{
					id: '7',
					num: '1.0.0',
					created_at: 'yesterday',
					yanked: 'true',
					published_by: 'alice',
					downloads: 1.5,
					trustpub_data: {provider: 42},
				},
			],
		});
		assert.deepEqual(crate, {
			name: 'odd',
			createdAt: null,
			updatedAt: null,
			downloads: null,
			recentDownloads: null,
			maxStableVersion: null,
			newestVersion: null,
			maxVersion: null,
			repository: null,
			versions: [
				{
					id: null,
					num: '1.0.0',
					createdAt: null,
					yanked: false,
					yankMessage: null,
					publishedBy: null,
					// An object is still evidence of trusted publishing, with the unknowns left null.
					trustedPublisher: {provider: null, repository: null, runId: null, sha: null},
					downloads: null,
				},
			],
			problems: [
				'1 timestamp is not a valid date or in the future; read as unknown',
				'1 published_by is not an account; read as unknown',
				'1 yanked flag is not true or false; read as not yanked',
			],
		});
	});

	test('a date after the scan (year 275760) is unknown, not "published today"', () => {
		const crate = parseCrate(
			{
				crate: {name: 'future', created_at: '+275760-09-13T00:00:00.000Z'},
				versions: [{id: 1, num: '1.0.0', created_at: '2099-01-01T00:00:00Z'}],
			},
			new Date('2026-06-01T00:00:00Z'),
		);
		assert.equal(crate.createdAt, null);
		assert.equal(crate.versions[0]?.createdAt, null);
		const metadata = crateMetadata(crate, [], []);
		assert.equal(metadata.firstPublished, null);
		assert.deepEqual(metadata.problems, [
			'2 timestamps are not a valid date or in the future; read as unknown',
		]);
	});
});

describe('crates.io owners', () => {
	test('owner_user → users; owner_team → team logins', () => {
		assert.deepEqual(parseOwnerUsers(recorded('owner-user')), [
			{login: 'foo', name: null, kind: 'user'},
			{login: 'bar', name: null, kind: 'user'},
		]);
		assert.deepEqual(parseOwnerTeams(recorded('owner-team')), [
			'github:test_org:team_sloth',
			'github:test_org:team_ferret',
		]);
	});

	test('entries without a login make the owners unknown, never a shorter list; wrong shapes → invalid', () => {
		assert.throws(
			() => parseOwnerUsers({users: [null, {login: ''}, {login: 'a', name: 'A', kind: 'user'}]}),
			(error: unknown) =>
				error instanceof HttpFailure &&
				error.kind === 'invalid' &&
				error.message === 'owners list has 2 entries that are not an account',
		);
		assert.deepEqual(parseOwnerTeams({teams: [{login: 'github:o:t'}, {login: 'github:o:t'}, {}]}), [
			'github:o:t',
		]);
		for (const body of [null, [], {}, {users: {}}, {teams: []}])
			assert.throws(() => parseOwnerUsers(body), isInvalid, JSON.stringify(body));
		for (const body of [null, {}, {teams: 'x'}, {users: []}])
			assert.throws(() => parseOwnerTeams(body), isInvalid, JSON.stringify(body));
	});
});

describe('crateMetadata', () => {
	const show = () => parseCrate(recorded('crate-show'));
	const users = () => parseOwnerUsers(recorded('owner-user'));
	const teams = () => parseOwnerTeams(recorded('owner-team'));

	test('users are the publishers, teams are named as the organization', () => {
		const metadata = crateMetadata(show(), users(), teams());
		assert.equal(metadata.ecosystem, 'cargo');
		assert.equal(metadata.name, 'foo_show');
		assert.deepEqual(metadata.publishers, [
			{name: 'foo', role: null},
			{name: 'bar', role: null},
		]);
		assert.equal(metadata.organization, 'github:test_org:team_sloth, github:test_org:team_ferret');
		assert.equal(metadata.latestVersion, '1.0.0');
		assert.equal(metadata.repository, null);
		assert.equal(metadata.unpublished, false);
	});

	test('versions by publication; firstPublished = the crate, lastPublished = the latest version', () => {
		const metadata = crateMetadata(show(), users(), teams());
		assert.deepEqual(
			metadata.versions.map((v) => [v.version, v.published, v.publishedBy, v.yanked, v.deprecated]),
			[
				['1.0.0', '2024-01-10T12:30:00.123Z', null, false, null],
				['0.5.0', '2024-02-14T08:15:30.500Z', 'foo', false, null],
				['0.5.1', '2024-03-01T17:45:12.000Z', 'foo', false, null],
			],
		);
		assert.equal(metadata.firstPublished, '2024-01-10T12:29:59.987Z');
		assert.equal(metadata.lastPublished, '2024-03-01T17:45:12.000Z');
	});

	test('owners unknown (the request failed) → null, never 0 or []; no teams → no organization', () => {
		const unknown = crateMetadata(show(), null, null);
		assert.equal(unknown.publishers, null);
		assert.equal(unknown.organization, null);
		const none = crateMetadata(show(), [], []);
		assert.deepEqual(none.publishers, []);
		assert.equal(none.organization, null);
		assert.equal(crateMetadata(show(), users(), null).organization, null);
	});

	test('a team in a combined owners list is not an account; a login listed twice counts once', () => {
		const mixed = parseOwnerUsers(recorded('owners'));
		const metadata = crateMetadata(show(), [...mixed, {login: 'foo', name: 'Foo', kind: 'user'}], null);
		assert.deepEqual(
			metadata.publishers?.map((p) => p.name),
			['foo', 'bar'],
		);
		assert.equal(metadata.organization, 'github:test_org:team_sloth, github:test_org:team_ferret');
	});

	test('every version yanked: crates.io\'s "0.0.0" is not taken for the latest version', () => {
		const crate = parseCrate(recorded('crate-all-yanked'));
		assert.equal(crate.maxStableVersion, null);
		assert.equal(crate.maxVersion, '0.0.0');
		const metadata = crateMetadata(crate, users(), []);
		assert.equal(metadata.latestVersion, null);
		assert.deepEqual(
			metadata.versions.map((v) => [v.version, v.yanked, v.yankedReason]),
			[
				['1.0.0', true, null],
				['0.5.0', true, null],
			],
		);
		assert.equal(metadata.unpublished, false);
	});

	test('latest falls back from max_stable_version to newest_version, then max_version', () => {
		const base = show();
		const edit = (patch: Partial<CrateRecord>) =>
			crateMetadata({...base, ...patch}, null, null).latestVersion;
		assert.equal(edit({maxStableVersion: null}), '0.5.1');
		assert.equal(edit({maxStableVersion: null, newestVersion: null}), '1.0.0');
		assert.equal(edit({maxStableVersion: '9.9.9', newestVersion: null, maxVersion: null}), null);
	});

	test('a crate without versions is unpublished; its dates come from the crate alone', () => {
		const metadata = crateMetadata({...show(), versions: []}, users(), teams());
		assert.equal(metadata.unpublished, true);
		assert.equal(metadata.latestVersion, null);
		assert.deepEqual(metadata.versions, []);
		assert.equal(metadata.firstPublished, '2024-01-10T12:29:59.987Z');
		assert.equal(metadata.lastPublished, null);
	});

	test('an earliest version older than the crate record wins firstPublished', () => {
		const crate = show();
		const metadata = crateMetadata({...crate, createdAt: '2025-01-01T00:00:00.000Z'}, null, null);
		assert.equal(metadata.firstPublished, '2024-01-10T12:30:00.123Z');
		assert.equal(
			crateMetadata({...crate, createdAt: null}, null, null).firstPublished,
			metadata.firstPublished,
		);
	});
});

describe('parseCrateDownloads', () => {
	/** `YYYY-MM-DD`, `offset` days from 2026-06-01. */
	const day = (offset: number) =>
		new Date(Date.parse('2026-06-01T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);
	const row = (version: number, offset: number, downloads: number) => ({
		version,
		date: day(offset),
		downloads,
	});
	const body = (rows: unknown[], extra: unknown[] = []) => ({
		version_downloads: rows,
		meta: {extra_downloads: extra},
	});

	test('the recorded response: rows of one day summed', () => {
		const history = parseCrateDownloads(recorded('crate-downloads'), new Date('2024-05-02T09:00:00Z'));
		assert.deepEqual(history, {daily: [{day: '2024-05-01', downloads: 4}], weekly: 4});
	});

	test('a day = its version rows + extra_downloads; one row per day, sorted, gaps inside the data are 0', () => {
		const history = parseCrateDownloads(
			body(
				[row(12, -2, 30), row(11, -4, 5), row(12, -4, 10), row(11, -2, 7)],
				[{date: day(-4), downloads: 100}],
			),
			new Date('2026-06-01T08:00:00Z'),
		);
		assert.deepEqual(history.daily, [
			{day: day(-4), downloads: 115},
			{day: day(-3), downloads: 0},
			{day: day(-2), downloads: 37},
			{day: day(-1), downloads: 0},
		]);
		assert.equal(history.weekly, 152);
	});

	test('weekly = the 7 full UTC days before now: today and later days are partial and left out', () => {
		// One row a day from 9 days ago to today, day n worth 2^n (every sum shows which days it took). A row later
		// than tomorrow (clock skew) has not happened: the whole history is unknown (malformed-data.test.ts).
		const rows = Array.from({length: 10}, (_, index) => row(1, index - 9, 2 ** index));
		const daysTaken = (weekly: number) =>
			Array.from({length: 10}, (_, index) => index - 9).filter((offset) => weekly & (2 ** (offset + 9)));

		// Just after midnight UTC: today (offset 0) has barely started and is excluded.
		const justAfter = parseCrateDownloads(body(rows), new Date('2026-06-01T00:00:01Z'));
		assert.deepEqual(daysTaken(justAfter.weekly), [-7, -6, -5, -4, -3, -2, -1]);
		assert.equal(justAfter.daily.at(-1)?.day, day(-1));
		assert.equal(justAfter.daily.length, 9);

		// A second before midnight the day before: the window is one day earlier, and offset 0 is tomorrow.
		const justBefore = parseCrateDownloads(body(rows), new Date('2026-05-31T23:59:59Z'));
		assert.deepEqual(daysTaken(justBefore.weekly), [-8, -7, -6, -5, -4, -3, -2]);
		assert.equal(justBefore.daily.at(-1)?.day, day(-2));
	});

	test('data that ends before the last week: weekly 0, and the quiet days are there as 0', () => {
		const history = parseCrateDownloads(body([row(1, -30, 500)]), new Date('2026-06-01T12:00:00Z'));
		assert.equal(history.weekly, 0);
		assert.equal(history.daily.length, 30);
		assert.deepEqual(history.daily[0], {day: day(-30), downloads: 500});
		assert.ok(history.daily.slice(1).every((d) => d.downloads === 0));
	});

	test('no rows at all (nobody downloaded the crate in 90 days): weekly 0, not unknown', () => {
		assert.deepEqual(parseCrateDownloads(body([], []), new Date('2026-06-01T12:00:00Z')), {
			daily: [],
			weekly: 0,
		});
		assert.deepEqual(parseCrateDownloads({version_downloads: []}, new Date('2026-06-01T12:00:00Z')), {
			daily: [],
			weekly: 0,
		});
	});

	test('a repeated (version, date) row or extra_downloads date makes the history unknown, never double-counted', () => {
		const now = new Date('2026-06-01T12:00:00Z');
		assert.throws(
			() => parseCrateDownloads(body([row(5, -1, 10), row(5, -1, 99), row(6, -1, 1), row(5, -2, 10)]), now),
			(error: unknown) => error instanceof HttpFailure && error.message === '1 download row is listed twice',
		);
		assert.throws(
			() =>
				parseCrateDownloads(
					body(
						[row(5, -1, 10)],
						[
							{date: day(-1), downloads: 1000},
							{date: day(-1), downloads: 1000},
						],
					),
					now,
				),
			(error: unknown) => error instanceof HttpFailure && error.message === '1 download row is listed twice',
		);
		// Several versions on one day are summed: that is what the rows are.
		const history = parseCrateDownloads(
			body([row(5, -1, 10), row(6, -1, 1)], [{date: day(-1), downloads: 100}]),
			now,
		);
		assert.deepEqual(history.daily, [{day: day(-1), downloads: 111}]);
	});

	test('malformed rows make the history unknown with the reason, never 0', () => {
		const parse = () =>
			parseCrateDownloads(
				body(
					[
						row(1, -1, 1),
						{version: 1, date: day(-2), downloads: '5'},
						{version: 1, date: day(-2), downloads: -1},
						{version: 1, date: day(-2), downloads: 1.5},
						{version: 1, date: day(-2), downloads: null},
						{version: 1, date: '2026-02-30', downloads: 5},
						{version: 1, date: '2026-5-30', downloads: 5},
						{version: 1, date: '20260530', downloads: 5},
						{version: 1, date: 20_260_530, downloads: 5},
						{version: '1', date: day(-2), downloads: 5},
						{version: 1.5, date: day(-2), downloads: 5},
						{date: day(-2), downloads: 5},
						null,
						'row',
					],
					[{date: 'soon', downloads: 9}, {date: day(-3)}, {downloads: 9}, null],
				),
				new Date('2026-06-01T12:00:00Z'),
			);
		assert.throws(
			parse,
			(error: unknown) =>
				error instanceof HttpFailure &&
				error.kind === 'invalid' &&
				/^17 download rows are malformed/.test(error.message),
		);
		for (const bad of [
			{version: 1, date: day(-2), downloads: null},
			{version: 1, date: day(-2), downloads: -3},
			{version: 1, date: day(-2), downloads: '12'},
		])
			assert.throws(
				() => parseCrateDownloads(body([row(1, -1, 1), bad]), new Date('2026-06-01T12:00:00Z')),
				HttpFailure,
			);
	});

	test('wrong shapes → HttpFailure invalid; a missing meta is no extra downloads', () => {
		const now = new Date('2026-06-01T12:00:00Z');
		for (const wrong of [null, [], 'x', {}, {version_downloads: {}}, {meta: {extra_downloads: []}}])
			assert.throws(() => parseCrateDownloads(wrong, now), isInvalid, JSON.stringify(wrong));
		assert.throws(
			() => parseCrateDownloads({version_downloads: [], meta: {extra_downloads: {}}}, now),
			isInvalid,
		);
		assert.deepEqual(parseCrateDownloads({version_downloads: [row(1, -1, 3)], meta: null}, now).weekly, 3);
	});

	test('pure: the same body and now give the same history', () => {
		const input = body([row(1, -3, 3), row(2, -1, 4)], [{date: day(-2), downloads: 5}]);
		const now = new Date('2026-06-01T06:00:00Z');
		assert.deepEqual(parseCrateDownloads(input, now), parseCrateDownloads(structuredClone(input), now));
	});
});
