import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, test} from 'node:test';
import {defaultSettings, loadSettings, saveSettings} from '../../source/config/settings.js';

let folder: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
	folder = mkdtempSync(path.join(tmpdir(), 'commit-tui-stored-'));
	env = {COMMIT_TUI_CONFIG_DIR: folder};
});
afterEach(() => rmSync(folder, {recursive: true, force: true}));

const file = () => path.join(folder, 'config.json');
const stored = () => JSON.parse(readFileSync(file(), 'utf8')) as Record<string, unknown>;

describe('the settings file holds only what the user changed', () => {
	test('saving writes the differences, group keys one by one, and the file version', () => {
		const thresholds = {...defaultSettings.thresholds, highScoreBelow: 45};
		saveSettings({...defaultSettings, thresholds, color: false}, env);
		assert.deepEqual(stored(), {thresholds: {highScoreBelow: 45}, color: false, settingsVersion: 2});
		const read = loadSettings(env);
		assert.equal(read.thresholds.highScoreBelow, 45);
		assert.equal(read.thresholds.goodScoreBelow, defaultSettings.thresholds.goodScoreBelow);
		assert.deepEqual(read.columns, defaultSettings.columns);
	});

	test('a 0.1.x file that stored every default gets the new defaults (columns, export folder)', () => {
		writeFileSync(
			file(),
			JSON.stringify({
				columns: ['risk', 'score', 'pubs', 'weekly', 'trend', 'last'],
				exportDirectory: '',
				rateLimits: {'pypistats.org': 30},
				color: false,
			}),
		);
		const read = loadSettings(env);
		assert.deepEqual(read.columns, defaultSettings.columns, 'new columns appear');
		assert.equal(read.exportDirectory, defaultSettings.exportDirectory);
		assert.equal(read.color, false, 'what the user changed stays');
	});

	test('a chosen value equal to an old default is kept once the file is version 2', () => {
		saveSettings({...defaultSettings, exportDirectory: ''}, env);
		assert.equal(stored().exportDirectory, '');
		assert.equal(loadSettings(env).exportDirectory, '');
	});

	test('keys that are not settings are kept', () => {
		writeFileSync(file(), JSON.stringify({settingsVersion: 2, someoneElses: 1}));
		saveSettings(defaultSettings, env);
		assert.deepEqual(stored(), {someoneElses: 1, settingsVersion: 2});
	});
});
