import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {PackageFacts} from '../../source/registries/types.js';
import {scorePackage} from '../../source/scoring/score.js';
import {defaultThresholds} from '../../source/scoring/thresholds.js';
import {
	defaultTiers,
	isValidTierTable,
	longevityTiers,
	recencyPoints,
	type ScoringTiers,
	tierPoints,
} from '../../source/scoring/tiers.js';
import type {DimensionName, DimensionScore, PackageReport} from '../../source/scoring/types.js';
import {makeFacts, NOW} from '../helpers/factories.js';

function dimension(report: PackageReport, name: DimensionName): DimensionScore {
	const found = report.dimensions.find((candidate) => candidate.name === name);
	assert.ok(found, `dimension ${name} present`);
	return found;
}

const score = (facts: PackageFacts, tiers?: Partial<ScoringTiers>) =>
	scorePackage('npm:x@1.0.0', facts, defaultThresholds, NOW, tiers ? {...defaultTiers, ...tiers} : undefined);

/** Downloads only: no metadata, a flat or stepped history of 90 days and a given weekly count. */
function downloadsOnly(weekly: number, before = 100, recent = 100): PackageFacts {
	const facts = makeFacts({
		name: 'x',
		noMetadata: true,
		daily: [...new Array(45).fill(before), ...new Array(45).fill(recent)],
	});
	return {...facts, downloads: {...facts.downloads!, weekly}};
}

describe('tier tables as parameters', () => {
	it('the defaults are the PRODUCT.md tables', () => {
		assert.equal(defaultTiers.longevityMonths, longevityTiers);
		assert.deepEqual(defaultTiers.longevityMonths.at(0), {atLeast: 72, points: 25});
		assert.deepEqual(defaultTiers.weeklyDownloads.at(0), {atLeast: 10_000_000, points: 22});
		assert.deepEqual(defaultTiers.recencyDaysBelow, [
			{below: 30, points: 5},
			{below: 90, points: 3},
			{below: 365, points: 1},
		]);
		assert.deepEqual(defaultTiers.publishers.at(1), {atLeast: 3, points: 11});
		assert.equal(defaultTiers.trendPoints, 3);
	});

	it('tierPoints and recencyPoints read the table they are given', () => {
		const table = [
			{atLeast: 10, points: 7},
			{atLeast: 2, points: 1},
		];
		assert.equal(tierPoints(table, 10), 7);
		assert.equal(tierPoints(table, 9), 1);
		assert.equal(tierPoints(table, 1), 0);
		assert.equal(recencyPoints([{below: 7, points: 4}], 6), 4);
		assert.equal(recencyPoints([{below: 7, points: 4}], 7), 0);
	});

	it('isValidTierTable: non-empty, finite, points ≥ 0, bounds strictly ordered', () => {
		assert.equal(isValidTierTable(defaultTiers.weeklyDownloads, 'atLeast'), true);
		assert.equal(isValidTierTable(defaultTiers.recencyDaysBelow, 'below'), true);
		assert.equal(isValidTierTable([], 'atLeast'), false);
		assert.equal(isValidTierTable('72:25', 'atLeast'), false);
		assert.equal(isValidTierTable([{atLeast: 1, points: -1}], 'atLeast'), false);
		assert.equal(isValidTierTable([{atLeast: Number.NaN, points: 1}], 'atLeast'), false);
		assert.equal(
			isValidTierTable(
				[
					{atLeast: 1, points: 1},
					{atLeast: 1, points: 0},
				],
				'atLeast',
			),
			false,
		);
		assert.equal(isValidTierTable(defaultTiers.recencyDaysBelow, 'atLeast'), false);
		assert.equal(isValidTierTable([...defaultTiers.recencyDaysBelow].reverse(), 'below'), false);
	});
});

describe('scorePackage with custom tiers', () => {
	// Five years old: 60 whole months before NOW.
	const fiveYears = makeFacts({name: 'x', ageDays: 5 * 365 + 2});

	it('longevity: moving the boundary to 5 y moves a 5-year-old package into the top tier; the detail follows', () => {
		const before = dimension(score(fiveYears), 'longevity');
		assert.equal(before.points, 20);
		assert.match(before.detail, /\(≥ 4 y\)$/);
		const after = dimension(
			score(fiveYears, {
				longevityMonths: [
					{atLeast: 60, points: 25},
					{atLeast: 18, points: 10},
					{atLeast: 0, points: 2},
				],
			}),
			'longevity',
		);
		assert.equal(after.points, 25);
		assert.match(after.detail, /\(≥ 5 y\)$/);
		const below = dimension(
			score(fiveYears, {
				longevityMonths: [
					{atLeast: 61, points: 25},
					{atLeast: 0, points: 2},
				],
			}),
			'longevity',
		);
		assert.equal(below.points, 2);
		assert.match(below.detail, /\(< 61 mo\)$/);
	});

	it('downloads: the detail names the tier of the table used, not the default one', () => {
		assert.match(dimension(score(downloadsOnly(2_000_000)), 'downloads').detail, /\(≥ 1M: 18\)/);
		const tiers = {
			weeklyDownloads: [
				{atLeast: 2_000_000, points: 21},
				{atLeast: 5_000, points: 4},
			],
		};
		const top = dimension(score(downloadsOnly(2_000_000), tiers), 'downloads');
		assert.equal(top.points, 21);
		assert.match(top.detail, /^2\.0M a week \(≥ 2M: 21\)/);
		const under = dimension(score(downloadsOnly(1_999_999), tiers), 'downloads');
		assert.equal(under.points, 4);
		assert.match(under.detail, /\(≥ 5K: 4\)/);
		// Below every tier: named by the lowest bound.
		const none = dimension(score(downloadsOnly(50), tiers), 'downloads');
		assert.equal(none.points, 0);
		assert.match(none.detail, /^50 a week \(< 5K: 0\)/);
	});

	it('trend points come from the table, and 0 still says which way the trend went', () => {
		const rising = downloadsOnly(50_000, 100, 200);
		const five = dimension(score(rising, {trendPoints: 5}), 'downloads');
		assert.equal(five.points, 10 + 5);
		assert.match(five.detail, /rising 100% over 45 days \(\+5\)$/);
		const zero = dimension(score(rising, {trendPoints: 0}), 'downloads');
		assert.equal(zero.points, 10);
		assert.match(zero.detail, /rising 100% over 45 days \(\+0\)$/);
		const falling = dimension(score(downloadsOnly(50_000, 200, 100), {trendPoints: 4}), 'downloads');
		assert.equal(falling.points, 10 - 4);
		assert.match(falling.detail, /falling 50% over 45 days \(−4\)$/);
	});

	it('releases: version-count and recency tables both apply', () => {
		const facts = makeFacts({name: 'x', versionCount: 40, lastReleaseDays: 20});
		const defaults = dimension(score(facts), 'releases');
		assert.equal(defaults.points, 12 + 5);
		assert.match(defaults.detail, /^40 versions \(12\), last .* \(\+5\)$/);
		const custom = dimension(
			score(facts, {
				versionCount: [
					{atLeast: 50, points: 15},
					{atLeast: 0, points: 2},
				],
				recencyDaysBelow: [{below: 10, points: 5}],
			}),
			'releases',
		);
		assert.equal(custom.points, 2);
		assert.match(custom.detail, /^40 versions \(2\), last .* \(\+0\)$/);
	});

	it('points above a dimension maximum are capped at it; the score keeps its scale', () => {
		const facts = makeFacts({name: 'x', publishers: ['a', 'b']});
		const report = score(facts, {
			publishers: [{atLeast: 0, points: 99}],
			longevityMonths: [{atLeast: 0, points: 40}],
		});
		assert.equal(dimension(report, 'publishers').points, 15);
		assert.equal(dimension(report, 'publishers').max, 15);
		assert.equal(dimension(report, 'longevity').points, 25);
		assert.ok(report.score !== null && report.score <= 100);
	});

	it('a changed publishers table moves a package across a level', () => {
		const facts = makeFacts({
			name: 'x',
			publishers: ['a', 'b', 'c'],
			weekly: 50_000,
			versionCount: 5,
			lastReleaseDays: 200,
		});
		const defaults = score(facts);
		const strict = score(facts, {
			publishers: [
				{atLeast: 10, points: 15},
				{atLeast: 0, points: 0},
			],
		});
		assert.equal(dimension(defaults, 'publishers').points, 11);
		assert.equal(dimension(defaults, 'publishers').detail, '3 publishers');
		assert.equal([defaults.score, defaults.risk].join(' '), '62 good');
		assert.equal(dimension(strict, 'publishers').points, 0);
		assert.equal([strict.score, strict.risk].join(' '), '49 moderate');
	});
});
