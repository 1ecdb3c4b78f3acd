import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, test} from 'node:test';
import {runConfigCommand} from '../../source/cli/config-command.js';
import {defaultSettings, loadSettings} from '../../source/config/settings.js';

let configDir: string;

beforeEach(() => {
	configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'commit-tui-config-'));
});

afterEach(() => {
	fs.rmSync(configDir, {recursive: true, force: true});
});

/** Run the command against the temporary settings folder and capture its output. */
function run(...args: string[]): {code: number; stdout: string; stderr: string} {
	let stdout = '';
	let stderr = '';
	const env = {COMMIT_TUI_CONFIG_DIR: configDir};
	const code = runConfigCommand(args, {
		env,
		stdout: {write: (text: string) => (stdout += text)},
		stderr: {write: (text: string) => (stderr += text)},
	});
	return {code, stdout, stderr};
}

const stored = () => loadSettings({COMMIT_TUI_CONFIG_DIR: configDir});

describe('config path', () => {
	test('prints the file inside COMMIT_TUI_CONFIG_DIR', () => {
		const result = run('path');
		assert.equal(result.code, 0);
		assert.equal(result.stdout, `${path.join(configDir, 'config.json')}\n`);
	});

	test('a leading "config" word is accepted too', () => {
		assert.equal(run('config', 'path').stdout, `${path.join(configDir, 'config.json')}\n`);
	});
});

describe('config get', () => {
	test('without a key prints every setting as JSON', () => {
		const result = run('get');
		assert.equal(result.code, 0);
		assert.deepEqual(JSON.parse(result.stdout), JSON.parse(JSON.stringify(defaultSettings)));
	});

	test('prints one value in the form set accepts', () => {
		assert.equal(run('get', 'thresholds.criticalWeeklyDownloads').stdout, '10000000\n');
		assert.equal(run('get', 'columns').stdout, 'risk,flags,score,pubs,weekly,trend,last,age,adv\n');
		assert.equal(run('get', 'endpoints.pypi').stdout, 'https://pypi.org/\n');
		assert.equal(run('get', 'endpoints.npmRegistry').stdout, '\n');
		assert.equal(run('get', 'color').stdout, 'true\n');
		assert.equal(run('get', 'rateLimits').stdout, 'pypistats.org=30,crates.io=60\n');
		assert.equal(run('get', 'rateLimits.pypistats.org').stdout, '30\n');
	});

	test('a group prints its object as JSON', () => {
		assert.deepEqual(JSON.parse(run('get', 'endpoints').stdout), defaultSettings.endpoints);
	});

	test('an unknown key is a one-line error listing the keys of its group, exit 2', () => {
		const result = run('get', 'thresholds.nope');
		assert.equal(result.code, 2);
		assert.equal(result.stdout, '');
		assert.equal(result.stderr.split('\n').filter(Boolean).length, 1);
		assert.match(result.stderr, /unknown setting "thresholds\.nope"/);
		assert.match(result.stderr, /thresholds\.criticalWeeklyDownloads/);
		assert.doesNotMatch(result.stderr, /exportFormat/);
	});
});

describe('config set', () => {
	test('numbers, with separators and suffixes, are stored and read back', () => {
		assert.equal(run('set', 'thresholds.criticalWeeklyDownloads', '5M').code, 0);
		assert.equal(stored().thresholds.criticalWeeklyDownloads, 5_000_000);
		assert.equal(run('set', 'thresholds.highSolePublisherWeeklyDownloads', '2,500,000').code, 0);
		assert.equal(stored().thresholds.highSolePublisherWeeklyDownloads, 2_500_000);
		assert.equal(run('set', 'thresholds.trendUpRatio', '1.2').code, 0);
		assert.equal(stored().thresholds.trendUpRatio, 1.2);
		assert.equal(run('get', 'thresholds.criticalWeeklyDownloads').stdout, '5000000\n');
		// Other thresholds are untouched.
		assert.equal(stored().thresholds.goodScoreBelow, defaultSettings.thresholds.goodScoreBelow);
	});

	test('score tier tables: set as value:points pairs, get prints the same form, reset restores', () => {
		const set = run('set', 'tiers.publishers', '3:15,2:9,1:4,0:0');
		assert.deepEqual(set, {code: 0, stdout: '', stderr: ''});
		assert.deepEqual(stored().tiers.publishers, [
			{atLeast: 3, points: 15},
			{atLeast: 2, points: 9},
			{atLeast: 1, points: 4},
			{atLeast: 0, points: 0},
		]);
		assert.equal(run('get', 'tiers.publishers').stdout, '3:15,2:9,1:4,0:0\n');
		assert.equal(run('set', 'tiers.weeklyDownloads', '20M:25,1.5k:5,0:0').code, 0);
		assert.equal(run('get', 'tiers.weeklyDownloads').stdout, '20M:25,1500:5,0:0\n');
		assert.equal(run('get', 'tiers.recencyDaysBelow').stdout, '30:5,90:3,365:1\n');
		// Other tables are untouched.
		assert.deepEqual(stored().tiers.longevityMonths, defaultSettings.tiers.longevityMonths);
		assert.equal(JSON.parse(run('get', 'tiers').stdout).publishers.length, 4);
		assert.equal(run('reset', 'tiers.publishers').code, 0);
		assert.equal(run('get', 'tiers.publishers').stdout, '5:15,3:11,2:7,1:4,0:0\n');
		assert.equal(run('reset', 'tiers').code, 0);
		assert.deepEqual(stored().tiers, defaultSettings.tiers);
	});

	test('a tier table out of order is refused with one line naming the key and the form, exit 2', () => {
		const result = run('set', 'tiers.publishers', '0:0,5:15');
		assert.equal(result.code, 2);
		assert.equal(
			result.stderr,
			'commit-tui config: invalid value "0:0,5:15" for tiers.publishers: expected value:points pairs separated by commas, values strictly descending, points ≥ 0, e.g. 72:25,48:20,24:14,12:8,6:4,0:1\n',
		);
		assert.deepEqual(stored().tiers.publishers, defaultSettings.tiers.publishers);
	});

	test('booleans, enums and lists', () => {
		assert.equal(run('set', 'color', 'off').code, 0);
		assert.equal(stored().color, false);
		assert.equal(run('set', 'showDevDependencies', 'no').code, 0);
		assert.equal(stored().showDevDependencies, false);
		assert.equal(run('set', 'exportFormat', 'markdown').code, 0);
		assert.equal(stored().exportFormat, 'md');
		assert.equal(run('set', 'exportFormat', 'SARIF').code, 0);
		assert.equal(stored().exportFormat, 'sarif');
		assert.equal(run('set', 'defaultSort', 'risk').code, 0);
		assert.equal(stored().defaultSort, 'risk');
		assert.equal(run('set', 'columns', 'weekly,risk, score').code, 0);
		assert.deepEqual(stored().columns, ['weekly', 'risk', 'score']);
	});

	test('URLs are normalised with a trailing slash; empty npm registry means the npm config', () => {
		assert.equal(run('set', 'endpoints.pypi', 'http://127.0.0.1:8080/pypi').code, 0);
		assert.equal(stored().endpoints.pypi, 'http://127.0.0.1:8080/pypi/');
		assert.equal(run('set', 'endpoints.npmRegistry', 'https://npm.example.com').code, 0);
		assert.equal(stored().endpoints.npmRegistry, 'https://npm.example.com/');
		assert.equal(run('set', 'endpoints.npmRegistry', '').code, 0);
		assert.equal(stored().endpoints.npmRegistry, null);
	});

	test('rate limits per host, host names with dots included', () => {
		assert.equal(run('set', 'rateLimits.registry.npmjs.org', '600').code, 0);
		assert.deepEqual(stored().rateLimits, {'pypistats.org': 30, 'crates.io': 60, 'registry.npmjs.org': 600});
		assert.equal(run('set', 'rateLimits', 'pypistats.org=20,localhost:4873=100').code, 0);
		assert.deepEqual(stored().rateLimits, {'pypistats.org': 20, 'crates.io': 60, 'localhost:4873': 100});
	});

	test('export folder and cache lifetimes', () => {
		assert.equal(run('set', 'exportDirectory', '~/reports').code, 0);
		assert.equal(stored().exportDirectory, '~/reports');
		assert.equal(run('set', 'cacheLifetimeHours.downloads', '0.5').code, 0);
		assert.equal(stored().cacheLifetimeHours.downloads, 0.5);
	});

	const invalid: Array<[string, string, RegExp]> = [
		['concurrency', '0', /concurrency: expected a whole number from 1 to 64/],
		['concurrency', '2.5', /whole number/],
		['thresholds.highScoreBelow', '101', /from 0 to 100/],
		['thresholds.trendDownRatio', '1,15', /thresholds\.trendDownRatio/],
		['thresholds.criticalWeeklyDownloads', 'lots', /invalid value "lots"/],
		['color', 'maybe', /true or false/],
		['exportFormat', 'pdf', /one of md, html, json, sarif/],
		['defaultSort', 'size', /one of tree, risk, score, name, downloads, publishers/],
		['columns', 'risk,nope', /from risk, flags, score, pubs, weekly, trend, last/],
		['columns', 'risk,risk', /without repeats/],
		['endpoints.pypi', 'ftp://pypi.org', /http:\/\/ or https:\/\/ URL/],
		['endpoints.pypi', '', /endpoints\.pypi/],
		['endpoints.pypi', 'https://pypi.org/?x=1', /URL/],
		['rateLimits', 'pypistats.org=fast', /host=requests-per-minute/],
		['rateLimits.pypistats.org', '-1', /rateLimits\.pypistats\.org/],
	];
	for (const [key, value, message] of invalid) {
		test(`rejects ${key}=${JSON.stringify(value)} with one line naming the key, exit 2`, () => {
			const before = fs.existsSync(path.join(configDir, 'config.json'))
				? fs.readFileSync(path.join(configDir, 'config.json'), 'utf8')
				: null;
			const result = run('set', key, value);
			assert.equal(result.code, 2);
			assert.match(result.stderr, message);
			assert.ok(result.stderr.includes(key), result.stderr);
			assert.equal(result.stderr.trimEnd().split('\n').length, 1);
			assert.deepEqual(stored(), defaultSettings);
			if (before !== null) assert.equal(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8'), before);
		});
	}

	test('a valid value that conflicts with another is saved with a warning', () => {
		const result = run('set', 'thresholds.highScoreBelow', '70');
		assert.equal(result.code, 0);
		assert.equal(stored().thresholds.highScoreBelow, 70);
		assert.match(
			result.stderr,
			/^commit-tui config: warning: thresholds\.highScoreBelow \(70\) is above thresholds\.moderateScoreBelow \(60\): no score is MODERATE\n$/,
		);
		assert.equal(run('set', 'thresholds.moderateScoreBelow', '72').stderr, '');
	});

	test('a group or unknown key cannot be set', () => {
		const group = run('set', 'thresholds', '5');
		assert.equal(group.code, 2);
		assert.match(group.stderr, /thresholds is a group; set one of thresholds\.criticalMaxPublishers/);
		const unknown = run('set', 'colour', 'true');
		assert.equal(unknown.code, 2);
		assert.match(unknown.stderr, /unknown setting "colour"; known: .*color/);
	});

	test('missing value is a usage error', () => {
		const result = run('set', 'color');
		assert.equal(result.code, 2);
		assert.match(result.stderr, /usage: commit-tui config set <key> <value>/);
	});
});

describe('config reset', () => {
	test('one key, a group, or everything', () => {
		run('set', 'concurrency', '3');
		run('set', 'thresholds.cooldownDays', '30');
		run('set', 'thresholds.goodScoreBelow', '80');
		run('set', 'color', 'false');

		assert.equal(run('reset', 'concurrency').code, 0);
		assert.equal(stored().concurrency, defaultSettings.concurrency);
		assert.equal(stored().thresholds.cooldownDays, 30);

		assert.equal(run('reset', 'thresholds').code, 0);
		assert.deepEqual(stored().thresholds, defaultSettings.thresholds);
		assert.equal(stored().color, false);

		assert.equal(run('reset').code, 0);
		assert.deepEqual(stored(), defaultSettings);
	});

	test('a host rate limit goes back to its default, or away', () => {
		run('set', 'rateLimits.pypistats.org', '5');
		run('set', 'rateLimits.example.org', '7');
		run('reset', 'rateLimits.pypistats.org');
		run('reset', 'rateLimits.example.org');
		assert.deepEqual(stored().rateLimits, {'pypistats.org': 30, 'crates.io': 60});
	});

	test('an unknown key is an error', () => {
		const result = run('reset', 'nope');
		assert.equal(result.code, 2);
		assert.match(result.stderr, /unknown setting "nope"/);
	});

	test('a corrupt settings file: get explains, reset recovers', () => {
		fs.writeFileSync(path.join(configDir, 'config.json'), '{not json');
		const result = run('get', 'color');
		assert.equal(result.code, 2);
		assert.match(result.stderr, /cannot read or write .*config\.json/);
		assert.match(result.stderr, /commit-tui config reset/);
		assert.equal(run('path').stdout, `${path.join(configDir, 'config.json')}\n`);
		assert.equal(run('reset').code, 0);
		assert.equal(run('get', 'color').stdout, 'true\n');
	});
});

describe('usage', () => {
	test('no action prints usage to stderr with exit 2; help to stdout with exit 0', () => {
		const none = run();
		assert.equal(none.code, 2);
		assert.match(none.stderr, /commit-tui config set <key> <value>/);
		const help = run('help');
		assert.equal(help.code, 0);
		assert.match(help.stdout, /thresholds\.criticalWeeklyDownloads/);
	});

	test('an unknown action is named', () => {
		const result = run('delete', 'color');
		assert.equal(result.code, 2);
		assert.match(result.stderr, /unknown action "delete"/);
	});
});
