import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
	cargoDownloadThresholds,
	cargoDownloadTiers,
	cratesIoReferenceFigures,
} from '../../../source/ecosystems/cargo/tiers.js';
import {defaultThresholds} from '../../../source/scoring/thresholds.js';
import {defaultTiers, isValidTierTable, matchTier, tierPoints} from '../../../source/scoring/tiers.js';

const weekly = (recentDownloads: number) =>
	(recentDownloads * 7) / cratesIoReferenceFigures.recentDownloadsDays;

test('the cargo download table is a valid tier table: npm points, bounds one decade lower', () => {
	assert.ok(isValidTierTable(cargoDownloadTiers, 'atLeast'));
	assert.deepEqual(
		cargoDownloadTiers.map((tier) => tier.points),
		defaultTiers.weeklyDownloads.map((tier) => tier.points),
	);
	assert.deepEqual(
		cargoDownloadTiers.map((tier) => tier.atLeast),
		defaultTiers.weeklyDownloads.map((tier) => tier.atLeast / 10),
	);
});

test('the CRITICAL/HIGH download thresholds are npm’s divided by 10', () => {
	assert.deepEqual(cargoDownloadThresholds, {
		criticalWeeklyDownloads: defaultThresholds.criticalWeeklyDownloads / 10,
		highSolePublisherWeeklyDownloads: defaultThresholds.highSolePublisherWeeklyDownloads / 10,
		highYoungPackageWeeklyDownloads: defaultThresholds.highYoungPackageWeeklyDownloads / 10,
	});
});

test('the reference figures: the top ten crates are top tier and critical-sized, small crates in the middle', () => {
	const figures = cratesIoReferenceFigures.recentDownloads;
	for (const name of ['hashbrown', 'getrandom', 'syn', 'rand', 'libc', 'thiserror'] as const) {
		assert.equal(tierPoints(cargoDownloadTiers, weekly(figures[name])), 22, name);
		assert.ok(weekly(figures[name]) > cargoDownloadThresholds.criticalWeeklyDownloads * 20, name);
	}

	assert.equal(matchTier(cargoDownloadTiers, weekly(figures['qcs-api-client-common']))?.points, 10);
	assert.equal(matchTier(cargoDownloadTiers, weekly(figures.deepwoken))?.points, 3);
	assert.equal(matchTier(cargoDownloadTiers, weekly(figures['discourse-api-rs']))?.points, 0);
	// The same crates on the npm table would score several tiers lower.
	assert.equal(tierPoints(defaultTiers.weeklyDownloads, weekly(figures['qcs-api-client-common'])), 6);
});
