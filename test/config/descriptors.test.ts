import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {
	defaultValueOf,
	findDescriptor,
	formatSettingValue,
	normaliseUrl,
	parseNumber,
	parseSettingValue,
	settingDescriptors,
} from '../../source/config/descriptors.js';
import {defaultSettings, mergeSettings} from '../../source/settings.js';

describe('setting descriptors', () => {
	test('every leaf of the settings has exactly one descriptor', () => {
		const leaves: string[] = [];
		for (const [key, value] of Object.entries(defaultSettings)) {
			const grouped = value && typeof value === 'object' && !Array.isArray(value) && key !== 'rateLimits';
			if (grouped) for (const inner of Object.keys(value)) leaves.push(`${key}.${inner}`);
			else leaves.push(key);
		}

		assert.deepEqual(settingDescriptors.map((descriptor) => descriptor.key).sort(), leaves.sort());
	});

	test('each default survives format → parse → set unchanged', () => {
		for (const descriptor of settingDescriptors) {
			const text = formatSettingValue(descriptor, defaultValueOf(descriptor));
			const parsed = parseSettingValue(descriptor, text);
			assert.ok(parsed.ok, `${descriptor.key}: ${text}`);
			assert.deepEqual(descriptor.set(defaultSettings, parsed.value), defaultSettings, descriptor.key);
		}
	});

	test('a value set through a descriptor survives the settings merge (what loadSettings reads back)', () => {
		let settings = defaultSettings;
		const inputs: Record<string, string> = {
			'thresholds.goodScoreBelow': '70',
			columns: 'risk,last',
			defaultSort: 'downloads',
			rateLimits: 'pypistats.org=10,localhost:9000=5',
			'endpoints.npmRegistry': 'https://registry.example.com/npm',
			exportDirectory: '/tmp/out',
			color: 'false',
		};
		for (const [key, text] of Object.entries(inputs)) {
			const descriptor = findDescriptor(key)!;
			const parsed = parseSettingValue(descriptor, text);
			assert.ok(parsed.ok);
			settings = descriptor.set(settings, parsed.value);
		}

		assert.deepEqual(mergeSettings(JSON.parse(JSON.stringify(settings))), settings);
		assert.equal(settings.endpoints.npmRegistry, 'https://registry.example.com/npm/');
	});

	test('rateLimits.<host> keys are found for any host name; nonsense is not', () => {
		assert.equal(findDescriptor('rateLimits.registry.npmjs.org')?.get(defaultSettings), null);
		assert.equal(findDescriptor('rateLimits.pypistats.org')?.get(defaultSettings), 30);
		assert.equal(findDescriptor('rateLimits.bad host'), undefined);
		assert.equal(findDescriptor('thresholds'), undefined);
	});
});

describe('parseNumber', () => {
	const cases: Array<[string, number | null]> = [
		['10000000', 10_000_000],
		['10_000_000', 10_000_000],
		['10,000,000', 10_000_000],
		['10M', 10_000_000],
		['1.1m', 1_100_000],
		['1.5k', 1500],
		['2B', 2_000_000_000],
		['0.85', 0.85],
		['.5', 0.5],
		['-3', -3],
		['1,15', null],
		['1,0000', null],
		['ten', null],
		['', null],
		['1e6', null],
		['0x10', null],
	];
	for (const [text, expected] of cases) {
		test(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(parseNumber(text), expected));
	}
});

describe('normaliseUrl', () => {
	test('adds the trailing slash, keeps paths and ports, refuses other schemes, queries and fragments', () => {
		assert.equal(normaliseUrl('https://pypi.org'), 'https://pypi.org/');
		assert.equal(normaliseUrl('http://127.0.0.1:8080/a/b'), 'http://127.0.0.1:8080/a/b/');
		assert.equal(normaliseUrl('https://npm.example.com/repo/'), 'https://npm.example.com/repo/');
		assert.equal(normaliseUrl('ftp://pypi.org'), null);
		assert.equal(normaliseUrl('file:///etc'), null);
		assert.equal(normaliseUrl('https://pypi.org/?a=1'), null);
		assert.equal(normaliseUrl('https://pypi.org/#x'), null);
		assert.equal(normaliseUrl('pypi.org'), null);
	});
});
