import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import semver from 'semver';
import {semverVersionRules} from '../../source/registries/semver-versions.js';
import type {PackageMetadata, VersionFacts} from '../../source/registries/types.js';

function metadata(
	versions: Array<string | [string, 'yanked']>,
	latestVersion: string | null,
): PackageMetadata {
	const facts: VersionFacts[] = versions.map((each) => {
		const [version, yanked] = typeof each === 'string' ? [each, false] : [each[0], true];
		return {version, published: null, publishedBy: null, deprecated: null, yanked, yankedReason: null};
	});
	return {
		ecosystem: 'npm',
		name: 'x',
		publishers: null,
		organization: null,
		latestVersion,
		versions: facts,
		firstPublished: null,
		lastPublished: null,
		repository: null,
		unpublished: false,
	};
}

describe('semver behind latest', () => {
	test('counts stable, non-yanked versions above the locked one and not above a stable latest', () => {
		// Out of publication order on purpose: the count must not depend on it.
		const shared = metadata(
			['2.0.0', '1.0.0', '1.1.0', ['1.2.0', 'yanked'], '1.3.0-beta.1', '1.3.0', '3.0.0', 'not-semver'],
			'2.0.0',
		);
		const behind = (locked: string) => semverVersionRules.behindLatest(shared, locked);
		assert.equal(
			behind('1.0.0'),
			3,
			'1.1.0, 1.3.0, 2.0.0; not the yanked, the pre-release or 3.0.0 above latest',
		);
		assert.equal(behind('1.1.0'), 2);
		assert.equal(behind('1.2.0'), 2, 'a yanked locked version still counts what is above it');
		assert.equal(behind('2.0.0'), 0);
		assert.equal(behind('3.0.0'), 0, 'above a rolled-back latest');
		assert.equal(behind('9.9.9'), 0);
		assert.equal(behind('1.3.0-beta.1'), 2, '1.3.0 and 2.0.0');
		// Asked again (another locked version of the same name): the same answers from the sorted list.
		assert.equal(behind('1.0.0'), 3);
	});

	test('versions read without the semver parser are read as it reads them', () => {
		// Leading zeros, `=` and numbers past the safe integers are not semver; `v`, spaces around and build metadata are.
		const versions = [
			'1.0.0',
			'01.1.0',
			'99999999999999999.0.0',
			'1.2.0+build.5',
			'v1.3.0',
			'=1.4.0',
			'1.5.0-rc.1',
			' 1.6.0',
		];
		const shared = metadata(versions, null);
		assert.equal(semverVersionRules.behindLatest(shared, '1.0.0'), 3, '1.2.0+build.5, v1.3.0, " 1.6.0"');
		assert.equal(semverVersionRules.behindLatest(shared, '1.2.0'), 2, 'build metadata does not order');
		assert.equal(
			semverVersionRules.behindLatest(shared, '1.6.0-beta.1'),
			1,
			'a release is above its pre-release',
		);
	});

	test('pre-releases are set aside without the parser, as the parser would: every shape, against semver itself', () => {
		const versions = [
			'1.0.0',
			'1.1.0-canary.3',
			'1.1.0',
			'1.2.0-',
			'01.2.0-beta',
			'1.2.0-rc.1+build.7',
			'1.2.0+build.7',
			'1.3.0-0',
			'v1.4.0-alpha',
			'v1.4.0',
			'15.0.0-canary.123',
			'1.5.0-x.-y',
			'1.5.0',
			'1.5.0-',
			'1.6.0-rc.1.2.3',
			'2.0.0-',
			'not-1.2.3-semver',
		];
		for (const latest of [null, '1.5.0', '15.0.0-canary.123']) {
			const shared = metadata(versions, latest);
			const stableLatest = latest && semver.valid(latest) && !semver.prerelease(latest) ? latest : null;
			for (const locked of ['1.0.0', '1.1.0-canary.1', '1.2.0', '1.4.0', '1.5.0']) {
				const expected = versions.filter((version) => {
					const parsed = semver.parse(version);
					return (
						parsed !== null &&
						parsed.prerelease.length === 0 &&
						semver.gt(parsed, locked) &&
						(stableLatest === null || semver.lte(parsed, stableLatest))
					);
				}).length;
				assert.equal(
					semverVersionRules.behindLatest(shared, locked),
					expected,
					`${locked}, latest ${latest}`,
				);
			}
		}
	});

	test('a pre-release or missing latest hides nothing', () => {
		const versions = ['1.0.0', '1.1.0', '2.0.0'];
		assert.equal(semverVersionRules.behindLatest(metadata(versions, '3.0.0-rc.1'), '1.0.0'), 2);
		assert.equal(semverVersionRules.behindLatest(metadata(versions, null), '1.0.0'), 2);
		assert.equal(semverVersionRules.behindLatest(metadata([], '1.0.0'), '1.0.0'), null);
	});
});
