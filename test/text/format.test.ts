import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
	daysSince,
	formatAgeShort,
	formatAgo,
	formatChange,
	formatCompact,
	formatDate,
	formatDuration,
	formatInteger,
	sparkline,
	truncate,
} from '../../source/text/format.js';

describe('formatCompact', () => {
	const cases: Array<[number | null, string]> = [
		[0, '0'],
		[999, '999'],
		[999.4, '999'],
		[999.5, '1.0K'],
		[38_100, '38.1K'],
		[99_949, '99.9K'],
		[99_950, '100K'],
		[381_000, '381K'],
		[999_960, '1.0M'],
		[41_000_000, '41.0M'],
		[99_200_000, '99.2M'],
		[2_100_000_000, '2.1B'],
		[3.5e12, '3.5T'],
		[-38_100, '-38.1K'],
		[null, '?'],
	];
	for (const [value, expected] of cases) {
		it(`${value} → ${expected}`, () => assert.equal(formatCompact(value), expected));
	}

	it('takes a custom unknown marker', () => {
		assert.equal(formatCompact(undefined, '—'), '—');
		assert.equal(formatCompact(Number.NaN), '?');
	});
});

describe('ages and dates', () => {
	const now = new Date('2026-06-01T00:00:00Z');
	it('daysSince counts whole days, never negative', () => {
		assert.equal(daysSince('2026-05-28T00:00:00Z', now), 4);
		assert.equal(daysSince('2026-05-31T00:00:01Z', now), 0);
		assert.equal(daysSince('2027-01-01T00:00:00Z', now), 0);
		assert.equal(daysSince('not a date', now), null);
	});

	it('formatAgeShort: days, months, years', () => {
		const cases: Array<[number | null, string]> = [
			[0, '0d'],
			[29, '29d'],
			[30, '1mo'],
			[34, '1mo'],
			[61, '2mo'],
			[364, '11mo'],
			[365, '1y'],
			[2922, '8y'],
			[null, '?'],
		];
		for (const [days, expected] of cases) assert.equal(formatAgeShort(days), expected, String(days));
	});

	it('formatAgo: sentences', () => {
		const cases: Array<[number | null, string]> = [
			[0, 'today'],
			[1, '1 day ago'],
			[34, '34 days ago'],
			[59, '59 days ago'],
			[61, '2 months ago'],
			[31 * 23, '23 months ago'],
			[731, '2 years ago'],
			[2922, '8 years ago'],
			[null, 'unknown'],
		];
		for (const [days, expected] of cases) assert.equal(formatAgo(days), expected, String(days));
	});

	it('formatDuration, formatDate, formatChange, formatInteger', () => {
		assert.equal(formatDuration(19), '19 days');
		assert.equal(formatDuration(1), '1 day');
		assert.equal(formatDuration(913), '2.5 years');
		assert.equal(formatDuration(730.5), '2 years');
		assert.equal(formatDate('2026-05-28T13:00:00Z'), '2026-05-28');
		assert.equal(formatDate(null), '?');
		assert.equal(formatChange(1.12), '+12%');
		assert.equal(formatChange(0.8), '-20%');
		assert.equal(formatChange(1), '0%');
		assert.equal(formatChange(null), '?');
		assert.equal(formatInteger(1_234_567), '1,234,567');
		assert.equal(formatInteger(-999), '-999');
	});
});

describe('sparkline', () => {
	it('scales from zero to the maximum', () => {
		assert.equal(sparkline([0, 1, 2, 3, 4, 5, 6, 7]), '▁▂▃▄▅▆▇█');
		assert.equal(sparkline([5, 10]), '▅█');
	});

	it('scales from the minimum when asked', () => {
		assert.equal(sparkline([5, 10], {fromZero: false}), '▁█');
	});

	it('draws unknown values as spaces and flat series flat', () => {
		assert.equal(sparkline([null, 0, 0]), ' ▁▁');
		assert.equal(sparkline([4, 4, 4], {fromZero: false}), '▄▄▄');
		assert.equal(sparkline([]), '');
		assert.equal(sparkline([null, null]), '  ');
	});

	it('averages into a given width', () => {
		const line = sparkline(
			Array.from({length: 52}, (_, index) => index),
			{width: 13},
		);
		assert.equal(Array.from(line).length, 13);
		assert.equal(line.at(-1), '█');
	});
});

describe('truncate', () => {
	it('cuts by code points with an ellipsis', () => {
		assert.equal(truncate('express', 10), 'express');
		assert.equal(truncate('express', 4), 'exp…');
		assert.equal(truncate('日本語テキスト', 3), '日本…');
		assert.equal(truncate('abc', 0), '');
	});
});
