import assert from 'node:assert/strict';
import {test} from 'node:test';
import {defaultSettings} from '../../source/config/settings.js';
import {settingsWithPolicy} from '../../source/policy/load.js';
import {parsePolicy} from '../../source/policy/policy-file.js';

test('the policy thresholds apply over the settings, as one object per settings and policy pair', () => {
	const policy = parsePolicy('.commit-tui.yml', 'thresholds:\n  cooldownDays: 3\n');
	const merged = settingsWithPolicy(defaultSettings, policy);
	assert.equal(merged.thresholds.cooldownDays, 3);
	assert.equal(merged.thresholds.criticalWeeklyDownloads, defaultSettings.thresholds.criticalWeeklyDownloads);
	// Asked once per package by the UI: the same object, so scoring's per-settings memo holds.
	assert.equal(settingsWithPolicy(defaultSettings, policy), merged);
	// Settings are replaced when they change: the new ones get their own merge.
	const changed = {...defaultSettings, thresholds: {...defaultSettings.thresholds, highScoreBelow: 7}};
	const again = settingsWithPolicy(changed, policy);
	assert.notEqual(again, merged);
	assert.equal(again.thresholds.cooldownDays, 3);
	assert.equal(again.thresholds.highScoreBelow, 7);
	// No thresholds in the policy (or no policy): the settings themselves.
	assert.equal(settingsWithPolicy(defaultSettings, null), defaultSettings);
	assert.equal(settingsWithPolicy(defaultSettings, parsePolicy('p.yml', 'failOn: high\n')), defaultSettings);
});
