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
	settingsWarnings,
} from '../../source/config/descriptors.js';
import {defaultSettings, mergeSettings} from '../../source/config/settings.js';
import {ecosystemFor} from '../../source/ecosystems/index.js';

describe('setting descriptors', () => {
	test('every leaf of the settings has exactly one descriptor', () => {
		const leaves: string[] = [];
		for (const [key, value] of Object.entries(defaultSettings)) {
			if (key === 'byEcosystem') {
				// An ecosystem's own tables and thresholds: `cargo.tiers.weeklyDownloads`, `cargo.thresholds.…`.
				for (const [ecosystem, scoring] of Object.entries(defaultSettings.byEcosystem)) {
					for (const table of Object.keys(scoring.tiers)) leaves.push(`${ecosystem}.tiers.${table}`);
					for (const name of Object.keys(scoring.thresholds)) leaves.push(`${ecosystem}.thresholds.${name}`);
				}

				continue;
			}

			if (key === 'environments') {
				// An ecosystem's target environment has the key its module names (`python.environment`).
				for (const id of Object.keys(defaultSettings.environments))
					leaves.push(ecosystemFor(id).resolver!.environment!.key);
				continue;
			}

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
			rateLimits: 'pypistats.org=10,crates.io=60,localhost:9000=5',
			'cargo.tiers.weeklyDownloads': '100k:22,0:0',
			'cargo.thresholds.criticalWeeklyDownloads': '2M',
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
		assert.equal(settings.byEcosystem.cargo?.thresholds.criticalWeeklyDownloads, 2_000_000);
		assert.deepEqual(settings.byEcosystem.cargo?.tiers.weeklyDownloads, [
			{atLeast: 100_000, points: 22},
			{atLeast: 0, points: 0},
		]);
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

describe('score tier settings', () => {
	const descriptor = (key: string) => {
		const found = findDescriptor(key);
		assert.ok(found, key);
		return found;
	};

	test('the defaults in text form: value:points, highest first (recency: below:points, lowest first)', () => {
		const text = (key: string) => formatSettingValue(descriptor(key), defaultValueOf(descriptor(key)));
		assert.equal(text('tiers.longevityMonths'), '72:25,48:20,24:14,12:8,6:4,0:1');
		assert.equal(text('tiers.weeklyDownloads'), '10M:22,1M:18,100k:14,10k:10,1k:6,100:3,0:0');
		assert.equal(text('tiers.versionCount'), '100:15,30:12,10:9,3:6,1:3,0:0');
		assert.equal(text('tiers.recencyDaysBelow'), '30:5,90:3,365:1');
		assert.equal(text('tiers.publishers'), '5:15,3:11,2:7,1:4,0:0');
		assert.equal(text('tiers.trendPoints'), '3');
		assert.equal(descriptor('tiers.publishers').group, 'Score tiers');
	});

	test('parses numbers as the other settings do (10M, 1.5k, 10_000_000), spaces allowed; round trips', () => {
		const downloads = descriptor('tiers.weeklyDownloads');
		const parsed = parseSettingValue(downloads, ' 10_000_000:24, 1.5k:7 0:0.5 ');
		assert.deepEqual(parsed, {
			ok: true,
			value: [
				{atLeast: 10_000_000, points: 24},
				{atLeast: 1500, points: 7},
				{atLeast: 0, points: 0.5},
			],
		});
		assert.ok(parsed.ok);
		const text = formatSettingValue(downloads, parsed.value);
		assert.equal(text, '10M:24,1500:7,0:0.5');
		assert.deepEqual(parseSettingValue(downloads, text), parsed);
		const recency = parseSettingValue(descriptor('tiers.recencyDaysBelow'), '7:9,30:2');
		assert.deepEqual(recency, {
			ok: true,
			value: [
				{below: 7, points: 9},
				{below: 30, points: 2},
			],
		});
	});

	test('set then read back through the settings merge', () => {
		const publishers = descriptor('tiers.publishers');
		const parsed = parseSettingValue(publishers, '3:15,2:9,1:4,0:0');
		assert.ok(parsed.ok);
		const settings = publishers.set(defaultSettings, parsed.value);
		assert.deepEqual(settings.tiers.publishers, [
			{atLeast: 3, points: 15},
			{atLeast: 2, points: 9},
			{atLeast: 1, points: 4},
			{atLeast: 0, points: 0},
		]);
		assert.equal(settings.tiers.longevityMonths, defaultSettings.tiers.longevityMonths);
		assert.deepEqual(mergeSettings(JSON.parse(JSON.stringify(settings))), settings);
	});

	const invalid: Array<[string, string]> = [
		['tiers.longevityMonths', ''],
		['tiers.longevityMonths', '72'],
		['tiers.longevityMonths', '72:25:1'],
		['tiers.longevityMonths', '6:4,72:25'],
		['tiers.longevityMonths', '72:25,72:20'],
		['tiers.longevityMonths', '72:-1'],
		['tiers.longevityMonths', 'six:4'],
		['tiers.weeklyDownloads', '10,000,000:22'],
		['tiers.recencyDaysBelow', '365:1,90:3,30:5'],
	];
	for (const [key, text] of invalid) {
		test(`${key} refuses ${JSON.stringify(text)} with a one-line error naming the key and the form`, () => {
			const result = parseSettingValue(descriptor(key), text);
			assert.equal(result.ok, false);
			assert.ok(!result.ok);
			assert.ok(!result.error.includes('\n'));
			assert.ok(result.error.startsWith(`invalid value "${text}" for ${key}: expected `), result.error);
			assert.match(
				result.error,
				key === 'tiers.recencyDaysBelow'
					? /below:points pairs .* strictly ascending.*e\.g\. 30:5,90:3,365:1$/
					: /value:points pairs .* strictly descending.*e\.g\. 72:25,48:20,24:14,12:8,6:4,0:1$/,
			);
		});
	}

	test('points above a dimension maximum are allowed but warned about (the score caps them)', () => {
		const publishers = descriptor('tiers.publishers');
		const parsed = parseSettingValue(publishers, '3:20,0:0');
		assert.ok(parsed.ok);
		assert.deepEqual(settingsWarnings(defaultSettings), []);
		assert.deepEqual(settingsWarnings(publishers.set(defaultSettings, parsed.value)), [
			"tiers.publishers gives up to 20 points; the dimension's maximum 15 caps it",
		]);
	});

	test('trend points: a number from 0 to 25', () => {
		const trend = descriptor('tiers.trendPoints');
		assert.deepEqual(parseSettingValue(trend, '4.5'), {ok: true, value: 4.5});
		const refused = parseSettingValue(trend, '26');
		assert.ok(!refused.ok);
		assert.equal(refused.error, 'invalid value "26" for tiers.trendPoints: expected a number from 0 to 25');
	});

	test('mergeSettings keeps valid stored tables and falls back per table on invalid ones', () => {
		const merged = mergeSettings({
			tiers: {
				longevityMonths: [
					{atLeast: 36, points: 25},
					{atLeast: 0, points: 5},
				],
				weeklyDownloads: [
					{atLeast: 100, points: 3},
					{atLeast: 1000, points: 6},
				],
				versionCount: [],
				recencyDaysBelow: [{below: 'soon', points: 5}],
				publishers: [{atLeast: 1, points: -4}],
				trendPoints: 99,
			},
		} as unknown as Parameters<typeof mergeSettings>[0]);
		assert.deepEqual(merged.tiers.longevityMonths, [
			{atLeast: 36, points: 25},
			{atLeast: 0, points: 5},
		]);
		assert.deepEqual(merged.tiers.weeklyDownloads, defaultSettings.tiers.weeklyDownloads);
		assert.deepEqual(merged.tiers.versionCount, defaultSettings.tiers.versionCount);
		assert.deepEqual(merged.tiers.recencyDaysBelow, defaultSettings.tiers.recencyDaysBelow);
		assert.deepEqual(merged.tiers.publishers, defaultSettings.tiers.publishers);
		assert.equal(merged.tiers.trendPoints, 3);
		assert.deepEqual(mergeSettings({}).tiers, defaultSettings.tiers);
		assert.deepEqual(
			mergeSettings({tiers: 'nonsense'} as unknown as Parameters<typeof mergeSettings>[0]).tiers,
			defaultSettings.tiers,
		);
	});
});
