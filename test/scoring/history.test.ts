import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {ecosystemFor} from '../../source/ecosystems/index.js';
import {medianReleaseGapDays, releaseCadence, weeklyHistory} from '../../source/scoring/history.js';
import {daysAgo, makeDaily, makeFacts, makeVersion, NOW} from '../helpers/factories.js';

describe('weeklyHistory', () => {
	it('buckets a year of daily data into 52 weeks ending on the last day of data', () => {
		const daily = makeDaily(Array.from({length: 364}, (_, index) => index));
		const weeks = weeklyHistory({daily, weekly: 0}, 52)!;
		assert.equal(weeks.length, 52);
		assert.equal(weeks[51]!.end, '2026-05-31');
		assert.equal(weeks[51]!.start, '2026-05-25');
		assert.equal(weeks[51]!.downloads, 357 + 358 + 359 + 360 + 361 + 362 + 363);
		assert.equal(weeks[0]!.downloads, 0 + 1 + 2 + 3 + 4 + 5 + 6);
		assert.equal(weeks[0]!.start, daily[0]!.day);
	});

	it('leaves weeks before the data null and sums a partial first week', () => {
		const weeks = weeklyHistory({daily: makeDaily(new Array(10).fill(5)), weekly: 35}, 26)!;
		assert.equal(weeks.length, ecosystemFor('pypi').historyWeeks);
		assert.equal(weeks[25]!.downloads, 35);
		assert.equal(weeks[24]!.downloads, 15);
		assert.ok(weeks.slice(0, 24).every((week) => week.downloads === null));
	});

	it('is null without a history', () => {
		assert.equal(weeklyHistory(null, 52), null);
		assert.equal(ecosystemFor('npm').historyWeeks, 52);
	});
});

describe('releaseCadence', () => {
	it('counts releases per month over the 24 months ending with the month of now', () => {
		const versions = [
			makeVersion('0.1.0', '2020-01-01T00:00:00Z'), // too old
			makeVersion('1.0.0', '2024-06-01T00:00:00Z'), // the first month of the window
			makeVersion('1.1.0', '2025-03-10T00:00:00Z'),
			makeVersion('1.1.1', '2025-03-20T00:00:00Z'),
			makeVersion('1.2.0', '2026-06-01T00:00:00Z'), // this month
			makeVersion('1.3.0', null), // no date
		];
		const cadence = releaseCadence(makeFacts({name: 'x', versions}).metadata, NOW)!;
		assert.equal(cadence.length, 24);
		assert.deepEqual(cadence[0], {month: '2024-07', releases: 0});
		assert.deepEqual(cadence[23], {month: '2026-06', releases: 1});
		assert.deepEqual(
			cadence.find((month) => month.month === '2025-03'),
			{month: '2025-03', releases: 2},
		);
		assert.equal(
			cadence.reduce((total, month) => total + month.releases, 0),
			3,
		);
		assert.equal(releaseCadence(null, NOW), null);
	});
});

describe('medianReleaseGapDays', () => {
	it('is the median of the gaps between dated releases', () => {
		const versions = [0, 10, 30, 31].map((day, index) => makeVersion(`1.0.${index}`, daysAgo(100 - day)));
		// gaps 10, 20, 1 → median 10
		assert.equal(medianReleaseGapDays(makeFacts({name: 'x', versions}).metadata), 10);
		const two = [0, 5, 8, 20].map((day, index) => makeVersion(`1.0.${index}`, daysAgo(100 - day)));
		// gaps 5, 3, 12 → 5; even count: add one more
		assert.equal(medianReleaseGapDays(makeFacts({name: 'x', versions: two}).metadata), 5);
		const even = [0, 4, 6, 16, 17].map((day, index) => makeVersion(`1.0.${index}`, daysAgo(100 - day)));
		// gaps 4, 2, 10, 1 → (2 + 4) / 2
		assert.equal(medianReleaseGapDays(makeFacts({name: 'x', versions: even}).metadata), 3);
		assert.equal(medianReleaseGapDays(makeFacts({name: 'x', versionCount: 1}).metadata), null);
	});
});
