import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {parseIsoTime} from '../../source/util/iso-time.js';

describe('parseIsoTime', () => {
	test('agrees with Date.parse on every day of four centuries (leap years, month ends, the epoch, before it)', () => {
		const start = Date.UTC(1800, 0, 1);
		const end = Date.UTC(2200, 0, 1);
		// A prime step in ms: every day, at times and milliseconds that move.
		for (let time = start; time < end; time += 86_400_000 + 3_607_019) {
			const text = new Date(time).toISOString();
			assert.equal(parseIsoTime(text), Date.parse(text), text);
		}

		for (const text of ['1970-01-01T00:00:00.000Z', '2000-02-29T23:59:59.999Z', '1969-12-31T23:59:59.999Z'])
			assert.equal(parseIsoTime(text), Date.parse(text), text);
	});

	test('anything else is Date.parse: other forms, impossible fields, junk', () => {
		for (const text of [
			'2024-05-01T12:30:00Z',
			'2024-05-01T12:30:00.000+02:00',
			'2024-05-01',
			'2024-02-30T00:00:00.000Z',
			'2023-02-29T00:00:00.000Z',
			'2024-13-01T00:00:00.000Z',
			'2024-00-10T00:00:00.000Z',
			'2024-05-01T24:00:00.000Z',
			'2024-05-01T12:60:00.000Z',
			'2024-05-01T12:30:61.000Z',
			'2024-05-01 12:30:00.000Z',
			'2024-05-0aT12:30:00.000Z',
			'+02024-05-01T12:30:00.000Z',
			'yesterday at noon, or so!',
			'',
		]) {
			const expected = Date.parse(text);
			const actual = parseIsoTime(text);
			assert.ok(Object.is(actual, expected), `${text}: ${actual} vs ${expected}`);
		}
	});
});
