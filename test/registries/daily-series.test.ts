import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {
	consecutiveSeries,
	dailySeries,
	downloadCounts,
	epochDay,
	seriesData,
	seriesFromRows,
} from '../../source/registries/daily-series.js';
import type {DailyDownloads} from '../../source/registries/types.js';

const rows: DailyDownloads[] = [
	{day: '2026-02-27', downloads: 5},
	{day: '2026-02-28', downloads: 0},
	{day: '2026-03-01', downloads: 12},
	{day: '2026-03-02', downloads: 7},
];

describe('a typed daily series reads like its rows', () => {
	const series = seriesFromRows(rows);

	test('it is stored as typed counts from a first day, with no row kept', () => {
		const data = seriesData(series);
		assert.ok(data);
		assert.equal(data.start, epochDay('2026-02-27'));
		assert.equal(data.days, null);
		assert.deepEqual(Array.from(data.counts), [5, 0, 12, 7]);
		assert.deepEqual(Array.from(downloadCounts(series)), [5, 0, 12, 7]);
	});

	test('length, indexes, at and slice', () => {
		assert.equal(series.length, 4);
		assert.deepEqual(series[2], rows[2]);
		assert.equal(series[4], undefined);
		assert.equal((series as unknown as Record<string, unknown>)['01'], undefined);
		assert.deepEqual(series.at(-1), rows[3]);
		assert.equal(series.at(4), undefined);
		assert.deepEqual(series.slice(1, -1), rows.slice(1, -1));
		assert.deepEqual(series.slice(-2), rows.slice(-2));
	});

	test('iteration, spreading, map and the generic array methods', () => {
		assert.deepEqual([...series], rows);
		assert.deepEqual(
			series.map((row, index) => `${index}:${row.day}`),
			rows.map((row, index) => `${index}:${row.day}`),
		);
		assert.equal(
			series.reduce((sum, row) => sum + row.downloads, 0),
			24,
		);
		assert.deepEqual(
			series.filter((row) => row.downloads > 6),
			[rows[2], rows[3]],
		);
		assert.equal(
			series.findIndex((row) => row.day === '2026-03-01'),
			2,
		);
	});

	test('it is an array to JSON, to Object.keys, to property descriptors and to deepEqual', () => {
		assert.ok(Array.isArray(series));
		assert.equal(JSON.stringify(series), JSON.stringify(rows));
		assert.deepEqual(Object.keys(series), ['0', '1', '2', '3']);
		assert.equal(Object.getOwnPropertyDescriptor(series, 'length')?.value, 4);
		assert.deepEqual(Object.getOwnPropertyDescriptor(series, '1')?.value, rows[1]);
		assert.ok(1 in series);
		assert.ok(!(4 in series));
		assert.deepEqual(series, rows);
	});

	test('it cannot be written', () => {
		const writable = series as unknown as DailyDownloads[];
		assert.throws(() => {
			writable[0] = {day: '2000-01-01', downloads: 1};
		}, TypeError);
		assert.throws(() => writable.push({day: '2000-01-01', downloads: 1}), TypeError);
		assert.throws(() => {
			writable.length = 0;
		}, TypeError);
		assert.equal(series.length, 4);
	});
});

describe('series with gaps, large counts and straight from typed counts', () => {
	test('days that are not consecutive are kept one by one', () => {
		const gaps = seriesFromRows([rows[0]!, rows[2]!]);
		assert.notEqual(seriesData(gaps)?.days, null);
		assert.deepEqual([...gaps], [rows[0], rows[2]]);
	});

	test('a count past 32 bits is kept exactly', () => {
		const large = dailySeries(epochDay('2026-01-01'), null, [2 ** 40, 1]);
		assert.ok(seriesData(large)?.counts instanceof Float64Array);
		assert.deepEqual(large[0], {day: '2026-01-01', downloads: 2 ** 40});
	});

	test('consecutiveSeries reads the counts it is handed', () => {
		const series = consecutiveSeries(epochDay('2026-12-31'), Uint32Array.of(3, 4));
		assert.deepEqual(series, [
			{day: '2026-12-31', downloads: 3},
			{day: '2027-01-01', downloads: 4},
		]);
	});

	test('epochDay refuses days that are not real', () => {
		for (const day of ['2026-02-30', '2026-13-01', '2026-1-01', 'yesterday', ''])
			assert.ok(Number.isNaN(epochDay(day)), day);
		assert.equal(epochDay('1970-01-02'), 1);
	});
});
