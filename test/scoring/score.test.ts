import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {PackageFacts} from '../../source/registries/types.js';
import {defaultThresholds, type Thresholds} from '../../source/scoring/thresholds.js';
import type {DimensionName, PackageReport} from '../../source/scoring/types.js';
import {daysAgo, makeDaily, makeFacts, makeVersion, NOW, scoreFacts} from '../helpers/factories.js';

function points(report: PackageReport, name: DimensionName): number | null {
	const dimension = report.dimensions.find((candidate) => candidate.name === name);
	assert.ok(dimension, `dimension ${name} present`);
	return dimension.points;
}

function withFirstPublished(facts: PackageFacts, iso: string | null): PackageFacts {
	return {...facts, metadata: {...facts.metadata!, firstPublished: iso}};
}

function withWeekly(facts: PackageFacts, weekly: number): PackageFacts {
	return {...facts, downloads: {daily: makeDaily(new Array(364).fill(weekly / 7)), weekly}};
}

/** Downloads only: no metadata, so the score is the downloads points ÷ 25. */
function downloadsOnly(daily: number[], weekly?: number): PackageFacts {
	const facts = makeFacts({name: 'd', noMetadata: true, daily});
	return weekly === undefined ? facts : {...facts, downloads: {...facts.downloads!, weekly}};
}

describe('longevity tiers (whole calendar months before NOW = 2026-06-01)', () => {
	const cases: Array<[string, number]> = [
		['2020-06-01T00:00:00.000Z', 25], // exactly 6 years
		['2020-06-01T00:00:00.001Z', 20], // a millisecond short of 6 years
		['2022-06-01T00:00:00.000Z', 20], // 4 years
		['2022-06-02T00:00:00.000Z', 14],
		['2024-06-01T00:00:00.000Z', 14], // 2 years
		['2024-06-01T00:00:00.001Z', 8],
		['2025-06-01T00:00:00.000Z', 8], // 1 year
		['2025-06-02T00:00:00.000Z', 4],
		['2025-12-01T00:00:00.000Z', 4], // 6 months
		['2025-12-01T01:00:00.000Z', 1],
		['2026-05-31T00:00:00.000Z', 1],
	];
	for (const [first, expected] of cases) {
		it(`first published ${first} → ${expected} points`, () => {
			const facts = withFirstPublished(makeFacts({name: 'x'}), first);
			assert.equal(points(scoreFacts('npm:x@1.3.9', facts), 'longevity'), expected);
		});
	}

	it('unknown first publication → longevity unknown', () => {
		const facts = withFirstPublished(makeFacts({name: 'x'}), null);
		assert.equal(points(scoreFacts('npm:x@1.3.9', facts), 'longevity'), null);
	});
});

describe('download tiers (flat history, no trend)', () => {
	const cases: Array<[number, number]> = [
		[10_000_000, 22],
		[9_999_999, 18],
		[1_000_000, 18],
		[999_999, 14],
		[100_000, 14],
		[99_999, 10],
		[10_000, 10],
		[9_999, 6],
		[1_000, 6],
		[999, 3],
		[100, 3],
		[99, 0],
		[0, 0],
	];
	for (const [weekly, expected] of cases) {
		it(`${weekly} a week → ${expected} points`, () => {
			const facts = withWeekly(makeFacts({name: 'x', publishers: ['a', 'b', 'c']}), weekly);
			assert.equal(points(scoreFacts('npm:x@1.3.9', facts), 'downloads'), expected);
		});
	}

	it('unknown downloads → dimension unknown', () => {
		const report = scoreFacts('npm:x@1.3.9', makeFacts({name: 'x', weekly: null}));
		assert.equal(points(report, 'downloads'), null);
		assert.equal(report.stats.weeklyDownloads, null);
	});
});

describe('download trend: last 45 days against the 45 before', () => {
	const history = (before: number, recent: number) => [
		...new Array(45).fill(before),
		...new Array(45).fill(recent),
	];
	const cases: Array<[string, number, number, number]> = [
		['> 1.15× rises', 100, 116, 10 + 3],
		['exactly 1.15× does not', 100, 115, 10],
		['< 0.85× falls', 100, 84, 10 - 3],
		['exactly 0.85× does not', 100, 85, 10],
	];
	for (const [label, before, recent, expected] of cases) {
		it(`${label}`, () => {
			const report = scoreFacts('npm:d@1.0.0', downloadsOnly(history(before, recent), 50_000));
			assert.equal(points(report, 'downloads'), expected);
			assert.equal(report.stats.trend90d, recent / before);
		});
	}

	it('is capped at 0 when a tiny package falls', () => {
		const report = scoreFacts('npm:d@1.0.0', downloadsOnly(history(10, 1), 50));
		assert.equal(points(report, 'downloads'), 0);
	});

	it('reaches the 25-point maximum when a 10M package rises', () => {
		const report = scoreFacts('npm:d@1.0.0', downloadsOnly(history(1_000_000, 2_000_000), 14_000_000));
		assert.equal(points(report, 'downloads'), 25);
	});

	it('is unknown with fewer than 84 days of data, or nothing in the earlier window', () => {
		assert.equal(scoreFacts('npm:d@1.0.0', downloadsOnly(new Array(83).fill(100))).stats.trend90d, null);
		assert.equal(scoreFacts('npm:d@1.0.0', downloadsOnly(history(0, 100))).stats.trend90d, null);
		assert.equal(points(scoreFacts('npm:d@1.0.0', downloadsOnly(history(0, 100), 700)), 'downloads'), 3);
	});
});

describe('download trend on a registry that keeps 90 days (crates.io: 89 full days)', () => {
	it('compares the last 44 days against the 44 before, and says so', () => {
		const days = [...new Array(45).fill(100), ...new Array(44).fill(200)];
		const report = scoreFacts('npm:d@1.0.0', downloadsOnly(days));
		assert.equal(report.stats.trendWindowDays, 44);
		// 44 days at 200 against the 44 at 100 before them; the oldest day is outside both halves.
		assert.equal(report.stats.trend90d, 2);
		assert.match(report.dimensions.find((d) => d.name === 'downloads')!.detail, /over 44 days/);
	});
});

describe('release consistency', () => {
	const countCases: Array<[number, number]> = [
		[100, 15],
		[99, 12],
		[30, 12],
		[29, 9],
		[10, 9],
		[9, 6],
		[3, 6],
		[2, 3],
		[1, 3],
	];
	for (const [count, expected] of countCases) {
		it(`${count} versions, last release 400 days ago → ${expected}`, () => {
			const facts = makeFacts({name: 'x', versionCount: count, lastReleaseDays: 400});
			assert.equal(points(scoreFacts('npm:x@1.0.0', facts), 'releases'), expected);
		});
	}

	it('no versions at all → 0 (known, not unknown)', () => {
		const facts = makeFacts({name: 'x', versions: [], version: '1.0.0'});
		assert.equal(points(scoreFacts('npm:x@1.0.0', facts), 'releases'), 0);
	});

	const recencyCases: Array<[number, number]> = [
		[29, 5],
		[30, 3],
		[89, 3],
		[90, 1],
		[364, 1],
		[365, 0],
	];
	for (const [days, bonus] of recencyCases) {
		it(`last release ${days} days ago → +${bonus}`, () => {
			const facts = makeFacts({name: 'x', versionCount: 1, lastReleaseDays: days});
			assert.equal(points(scoreFacts('npm:x@1.0.0', facts), 'releases'), 3 + bonus);
		});
	}

	it('is capped at 20', () => {
		const facts = makeFacts({name: 'x', versionCount: 150, lastReleaseDays: 1});
		assert.equal(points(scoreFacts('npm:x@1.14.9', facts), 'releases'), 20);
	});
});

describe('publisher depth', () => {
	const cases: Array<[number, number]> = [
		[6, 15],
		[5, 15],
		[4, 11],
		[3, 11],
		[2, 7],
		[1, 4],
		[0, 0],
	];
	for (const [count, expected] of cases) {
		it(`${count} publishers → ${expected}`, () => {
			const names = Array.from({length: count}, (_, index) => `user${index}`);
			const facts = makeFacts({name: 'x', publishers: names, publishedBy: null});
			const report = scoreFacts('npm:x@1.3.9', facts);
			assert.equal(points(report, 'publishers'), expected);
			assert.equal(report.stats.publishers, count);
		});
	}

	it('counts an account listed twice once', () => {
		const report = scoreFacts('npm:x@1.3.9', makeFacts({name: 'x', publishers: ['a', 'a', 'b']}));
		assert.equal(report.stats.publishers, 2);
	});

	it('unknown publishers → dimension unknown, never 0 or 1', () => {
		const report = scoreFacts('npm:x@1.3.9', makeFacts({name: 'x', publishers: null}));
		assert.equal(points(report, 'publishers'), null);
		assert.equal(report.stats.publishers, null);
	});
});

describe('score and confidence', () => {
	it('is earned ÷ possible over all four dimensions when everything is known', () => {
		// 25 (8 y) + 10 (50K/week) + 17 (40 versions 12 + last 20 days 5) + 4 (1 publisher) = 56 of 85.
		const report = scoreFacts('npm:x@1.3.9', makeFacts({name: 'x'}));
		assert.deepEqual(
			report.dimensions.map((dimension) => dimension.points),
			[25, 10, 17, 4],
		);
		assert.equal(report.score, Math.round((56 / 85) * 100));
		assert.equal(report.confidence, 1);
	});

	it('leaves unknown dimensions out of the score and lowers confidence instead', () => {
		const report = scoreFacts('npm:d@1.0.0', downloadsOnly(new Array(364).fill(1_000_000 / 7), 1_000_000));
		assert.equal(report.score, 72); // 18 of 25
		assert.equal(report.confidence, 25 / 85);
		assert.match(report.reasons.join('\n'), /25 of 85 points known/);
	});

	it('is null with confidence 0 when nothing was fetched', () => {
		const report = scoreFacts('npm:x@1.0.0', null);
		assert.equal(report.score, null);
		assert.equal(report.confidence, 0);
		assert.equal(report.risk, 'unknown');
		assert.equal(report.error, 'not fetched');
	});

	it('is deterministic', () => {
		const facts = makeFacts({name: 'x', publishers: ['a', 'b'], weekly: 123_456});
		assert.deepEqual(scoreFacts('npm:x@1.3.9', facts), scoreFacts('npm:x@1.3.9', facts));
	});
});

describe('levels', () => {
	it('critical: 1 known publisher and > 10M a week, explained', () => {
		const report = scoreFacts('npm:x@1.3.9', makeFacts({name: 'x', weekly: 99_200_000}));
		assert.equal(report.risk, 'critical');
		assert.equal(report.reasons[0], 'structure: 1 publisher and 99.2M downloads a week');
		assert.match(report.reasons[1]!, /^structure: score \d+ = \d+\/85 points: longevity 25\/25/);
	});

	it('critical with 0 known publishers too; not at exactly 10M', () => {
		assert.equal(
			scoreFacts('npm:x@1.3.9', makeFacts({name: 'x', publishers: [], weekly: 10_000_007})).risk,
			'critical',
		);
		const exactly = withWeekly(makeFacts({name: 'x'}), 10_000_000);
		assert.equal(scoreFacts('npm:x@1.3.9', exactly).risk, 'high'); // the sole-publisher rule instead
	});

	it('unknown publishers with huge downloads are never critical nor "sole publisher" high', () => {
		const report = scoreFacts('npm:x@1.3.9', makeFacts({name: 'x', publishers: null, weekly: 350_000_000}));
		assert.notEqual(report.risk, 'critical');
		assert.notEqual(report.risk, 'high');
		assert.equal(report.stats.publishers, null);
		assert.doesNotMatch(report.reasons.join(' '), /1 publisher/);
	});

	it('two publishers with 50M a week are not critical', () => {
		const report = scoreFacts(
			'npm:x@1.3.9',
			makeFacts({name: 'x', publishers: ['a', 'b'], weekly: 50_000_000}),
		);
		assert.equal(report.risk, 'healthy');
	});

	it('high: a sole publisher with > 1M a week, not at exactly 1M', () => {
		const over = withWeekly(makeFacts({name: 'x'}), 1_000_001);
		const report = scoreFacts('npm:x@1.3.9', over);
		assert.equal(report.risk, 'high');
		assert.equal(report.reasons[0], 'structure: 1 publisher and 1.0M downloads a week');
		const at = withWeekly(makeFacts({name: 'x'}), 1_000_000);
		assert.notEqual(scoreFacts('npm:x@1.3.9', at).risk, 'high');
	});

	it('high: first published < 365 days ago with > 100K a week', () => {
		const young = (ageDays: number, weekly: number) =>
			scoreFacts(
				'npm:x@1.3.9',
				withWeekly(makeFacts({name: 'x', publishers: ['a', 'b', 'c'], ageDays}), weekly),
			);
		const report = young(364, 100_001);
		assert.equal(report.risk, 'high');
		assert.equal(report.reasons[0], 'structure: first published 11 months ago and 100K downloads a week');
		assert.notEqual(young(365, 100_001).risk, 'high');
		assert.notEqual(young(364, 100_000).risk, 'high');
	});

	it('high: score < 40, with the weak points named', () => {
		// longevity 14 (≈2.7 y) + downloads 0 + releases 3 (2 versions, none for 900 days) + publishers 4 = 21/85.
		const facts = makeFacts({name: 'x', ageDays: 1000, lastReleaseDays: 900, versionCount: 2, weekly: 50});
		const report = scoreFacts('npm:x@1.0.1', facts);
		assert.equal(report.score, 25);
		assert.equal(report.risk, 'high');
		assert.equal(
			report.reasons[0],
			'structure: score 25 < 40: 50 downloads a week, few versions, no release in 2.5 years, 1 publisher',
		);
	});

	it('score boundaries with the default thresholds (downloads-only scores)', () => {
		const flat = (weekly: number) => new Array(364).fill(weekly / 7);
		const falling = (weekly: number) =>
			[...new Array(45).fill(100), ...new Array(45).fill(80)].map((v) => (v * weekly) / 700);
		const cases: Array<[number[], number, number, string]> = [
			[[...new Array(45).fill(100), ...new Array(45).fill(120)], 1_000, 36, 'high'], // 6 + 3
			[flat(10_000), 10_000, 40, 'moderate'], // 10
			[flat(100_000), 100_000, 56, 'moderate'], // 14
			[falling(1_000_000), 1_000_000, 60, 'good'], // 18 − 3
			[flat(1_000_000), 1_000_000, 72, 'good'], // 18
			[falling(10_000_000), 10_000_000, 76, 'healthy'], // 22 − 3
		];
		for (const [daily, weekly, score, risk] of cases) {
			const report = scoreFacts('npm:d@1.0.0', downloadsOnly(daily, weekly));
			assert.equal(report.score, score, `score for ${weekly}`);
			assert.equal(report.risk, risk, `level at score ${score}`);
		}
	});

	it('74 is good and 75 is healthy (all four dimensions known)', () => {
		// 25 + 22 (10M, 2 publishers: no critical) + 9 + bonus + 7: bonus 1 → 64/85 = 75; bonus 0 → 63/85 = 74.
		const facts = (lastReleaseDays: number) =>
			withWeekly(
				makeFacts({name: 'x', publishers: ['a', 'b'], versionCount: 10, lastReleaseDays}),
				10_000_000,
			);
		const healthy = scoreFacts('npm:x@1.0.9', facts(200));
		assert.equal(healthy.score, 75);
		assert.equal(healthy.risk, 'healthy');
		assert.equal(healthy.reasons[0], 'structure: score 75 ≥ 75');
		const good = scoreFacts('npm:x@1.0.9', facts(400));
		assert.equal(good.score, 74);
		assert.equal(good.risk, 'good');
	});

	it('every level threshold is a setting', () => {
		const facts = makeFacts({name: 'x', publishers: ['a', 'b', 'c']}); // 63/85 → score 74
		const base = scoreFacts('npm:x@1.3.9', facts);
		assert.equal(base.score, 74);
		const at = (overrides: Partial<Thresholds>) =>
			scoreFacts('npm:x@1.3.9', facts, {...defaultThresholds, ...overrides}).risk;
		assert.equal(at({highScoreBelow: 75}), 'high');
		assert.equal(at({highScoreBelow: 74}), 'good');
		assert.equal(at({moderateScoreBelow: 75}), 'moderate');
		assert.equal(at({moderateScoreBelow: 74}), 'good');
		assert.equal(at({goodScoreBelow: 74}), 'healthy');
		assert.equal(at({criticalMaxPublishers: 3, criticalWeeklyDownloads: 49_999}), 'critical');
		assert.equal(at({criticalMaxPublishers: 3, criticalWeeklyDownloads: 50_000}), 'good');
	});

	it('unknown when neither publishers nor downloads are known, with the error', () => {
		const report = scoreFacts(
			'npm:x@1.3.9',
			makeFacts({name: 'x', publishers: null, weekly: null, errors: ['downloads: HTTP 500']}),
		);
		assert.equal(report.risk, 'unknown');
		assert.notEqual(report.score, null); // longevity and releases are still known
		assert.equal(report.reasons[0], 'structure: publishers and downloads unknown (downloads: HTTP 500)');
		assert.equal(report.error, 'downloads: HTTP 500');
	});
});

describe('flags', () => {
	const ids = (report: PackageReport) => report.flags.map((flag) => flag.id);

	it('new-publisher: the locked release comes from an account that never published before', () => {
		const report = scoreFacts(
			'npm:x@1.3.9',
			makeFacts({name: 'x', publishers: ['alice', 'mallory'], latestPublishedBy: 'mallory'}),
		);
		assert.deepEqual(ids(report), ['new-publisher']);
		assert.match(
			report.flags[0]!.message,
			/^1\.3\.9 was published by mallory, who published no earlier version/,
		);
		assert.equal(report.flags[0]!.side, 'release');
	});

	it('latest-new-publisher: the same check on a latest version that is not the locked one', () => {
		const report = scoreFacts(
			'npm:x@1.3.8',
			makeFacts({
				name: 'x',
				version: '1.3.8',
				publishers: ['alice', 'mallory'],
				latestPublishedBy: 'mallory',
			}),
		);
		assert.deepEqual(ids(report), ['latest-new-publisher']);
		assert.match(report.flags[0]!.message, /^latest 1\.3\.9 was published by mallory/);
		assert.equal(report.flags[0]!.counted, false, 'a warning about upgrading never raises the locked level');
		assert.equal(report.release?.risk, 'none');
	});

	it('new-publisher is not raised when publishers are unknown or there is nothing earlier', () => {
		const unknownLatest = makeFacts({name: 'x', latestPublishedBy: null});
		assert.deepEqual(ids(scoreFacts('npm:x@1.3.9', unknownLatest)), []);
		const unknownEarlier = makeFacts({name: 'x', publishedBy: null, latestPublishedBy: 'mallory'});
		// Who published the earlier versions is unknown, so mallory is not new; and alice, who can publish, may have
		// published any of them: not "never published a version" (crates from before 2017 record no publisher).
		assert.deepEqual(ids(scoreFacts('npm:x@1.3.9', unknownEarlier)), []);
		const first = makeFacts({name: 'x', versionCount: 1, latestPublishedBy: 'mallory', lastReleaseDays: 100});
		assert.deepEqual(ids(scoreFacts('npm:x@1.0.0', first)), []);
	});

	it('deprecated and yanked locked versions', () => {
		const deprecated = scoreFacts('npm:x@1.3.9', makeFacts({name: 'x', deprecated: 'use y instead'}));
		assert.deepEqual(deprecated.flags, [
			{id: 'deprecated', message: 'locked version deprecated: use y instead', side: 'structure'},
		]);
		const yanked = scoreFacts(
			'pypi:x@1.3.9',
			makeFacts({name: 'x', ecosystem: 'pypi', yanked: true, yankedReason: 'broken'}),
		);
		assert.deepEqual(ids(yanked), ['yanked']);
		assert.equal(yanked.flags[0]!.message, 'locked version yanked: broken');
	});

	it('cooldown: locked version younger than 14 days', () => {
		const young = scoreFacts('npm:x@1.3.9', makeFacts({name: 'x', lastReleaseDays: 13}));
		assert.deepEqual(ids(young), ['cooldown']);
		assert.equal(young.stats.lockedVersionAgeDays, 13);
		assert.deepEqual(ids(scoreFacts('npm:x@1.3.9', makeFacts({name: 'x', lastReleaseDays: 14}))), []);
	});

	it('behind-latest: at least 10 stable versions behind (semver on npm)', () => {
		const behind10 = scoreFacts('npm:x@1.2.9', makeFacts({name: 'x', version: '1.2.9'}));
		assert.equal(behind10.stats.versionsBehindLatest, 10);
		assert.deepEqual(ids(behind10), ['behind-latest']);
		assert.equal(behind10.flags[0]!.message, '10 stable versions behind latest (latest 1.3.9)');
		const behind9 = scoreFacts('npm:x@1.3.0', makeFacts({name: 'x', version: '1.3.0'}));
		assert.equal(behind9.stats.versionsBehindLatest, 9);
		assert.deepEqual(ids(behind9), []);
	});

	it('behind-latest ignores pre-releases and versions above latest (npm)', () => {
		const versions = ['1.0.0', '1.1.0', '2.0.0-beta.1', '2.0.0', '3.0.0-rc.1', '2.0.1', '9.0.0'].map(
			(version, index) => makeVersion(version, daysAgo(500 - index * 10)),
		);
		const facts = makeFacts({name: 'x', versions, version: '1.0.0', latest: '2.0.1'});
		assert.equal(scoreFacts('npm:x@1.0.0', facts).stats.versionsBehindLatest, 3);
	});

	it('behind-latest on PyPI uses PEP 440 order and skips pre-releases and yanked releases', () => {
		const versions = [
			makeVersion('1.0', daysAgo(900)),
			makeVersion('1.1', daysAgo(800)),
			makeVersion('2.0rc1', daysAgo(700)),
			makeVersion('1.1.post1', daysAgo(650)),
			makeVersion('2.0', daysAgo(600)),
			makeVersion('2.1', daysAgo(500), {yanked: true}),
			makeVersion('2.2.dev3', daysAgo(400)),
		];
		const facts = makeFacts({name: 'x', ecosystem: 'pypi', versions, version: '1.1', latest: '2.0'});
		assert.equal(scoreFacts('pypi:x@1.1', facts).stats.versionsBehindLatest, 2);
		// '1.1.0' is the same release as '1.1' (the ecosystem's version rules find it when the facts are built).
		const normalised = makeFacts({name: 'x', ecosystem: 'pypi', versions, version: '1.1.0', latest: '2.0'});
		assert.equal(scoreFacts('pypi:x@1.1.0', normalised).stats.lockedVersionPublished, daysAgo(800));
	});

	it('unpublished package, and a locked version missing from the registry', () => {
		const gone = makeFacts({name: 'x', unpublished: true, versions: [], version: '1.0.0'});
		assert.deepEqual(ids(scoreFacts('npm:x@1.0.0', gone)), ['unpublished']);
		const missing = makeFacts({name: 'x', version: '7.7.7', lockedMissing: true});
		const report = scoreFacts('npm:x@7.7.7', missing);
		assert.deepEqual(ids(report), ['unpublished']);
		assert.match(report.flags[0]!.message, /7\.7\.7 is not in the registry/);
		// From an answer hours old (offline, or known absent then), the version may have been published since.
		const later = new Date(NOW.getTime() + 3 * 3_600_000);
		assert.equal(
			scoreFacts('npm:x@7.7.7', missing, defaultThresholds, later).flags[0]!.message,
			"locked version 7.7.7 is not in the registry's answer of 3 hours ago (unpublished, or published since?)",
		);
	});
});

describe('stats', () => {
	it('fills every derived number', () => {
		const report = scoreFacts(
			'npm:x@1.3.9',
			makeFacts({name: 'x', ageDays: 390, lastReleaseDays: 0, versionCount: 40}),
		);
		assert.equal(report.stats.versionCount, 40);
		assert.equal(report.stats.firstPublished, daysAgo(390));
		assert.equal(report.stats.lastPublished, NOW.toISOString());
		assert.equal(report.stats.lockedVersionPublished, NOW.toISOString());
		assert.equal(report.stats.lockedVersionAgeDays, 0);
		assert.equal(report.stats.versionsBehindLatest, 0);
		assert.equal(report.stats.trend90d, 1);
		assert.equal(report.stats.weeklyDownloads, 50_000);
	});

	it('stays unknown (null) where the facts are missing', () => {
		const report = scoreFacts('npm:x@1.0.0', makeFacts({name: 'x', noMetadata: true, weekly: null}));
		assert.deepEqual(Object.values(report.stats), new Array(10).fill(null));
	});
});
