import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {PolicyError, parsePackagePattern, parsePolicy, parseShare} from '../../source/policy/policy-file.js';

const full = `# the project's accepted risks
failOn: moderate
maxUnknown: 5%
thresholds:
  cooldownDays: 3
  criticalWeeklyDownloads: 5M
ignore:
  - package: npm:left-pad@<2
    flags: [deprecated, behind-latest]
    reason: vendored copy, never loaded at run time
    expires: 2027-01-31
  - package: pypi:Charset_Normalizer
    levels: [critical, high]
    reason: pinned by the platform team
  - package: npm:@types/*
    reason: types only
allowInstallScripts:
  - npm:esbuild
  - sharp
trustedPublishers: [npm:ljharb, sindresorhus]
`;

function failure(text: string): {message: string; line: number | undefined} {
	try {
		parsePolicy('.commit-tui.yml', text);
	} catch (error) {
		assert.ok(error instanceof PolicyError, String(error));
		return {message: error.describe(), line: error.line};
	}

	assert.fail('expected a PolicyError');
}

describe('.commit-tui.yml', () => {
	test('every field', () => {
		const policy = parsePolicy('.commit-tui.yml', full);
		assert.equal(policy.failOn, 'moderate');
		assert.equal(policy.maxUnknown, 0.05);
		assert.deepEqual(policy.thresholds, {cooldownDays: 3, criticalWeeklyDownloads: 5_000_000});
		assert.equal(policy.ignore.length, 3);
		const [leftPad, charset, types] = policy.ignore;
		assert.deepEqual(leftPad!.package, {
			ecosystem: 'npm',
			name: 'left-pad',
			range: '<2',
			text: 'npm:left-pad@<2',
		});
		assert.deepEqual(leftPad!.flags, ['deprecated', 'behind-latest']);
		assert.equal(leftPad!.reason, 'vendored copy, never loaded at run time');
		assert.equal(leftPad!.expires, '2027-01-31');
		assert.equal(leftPad!.source, '.commit-tui.yml:8');
		assert.deepEqual(charset!.levels, ['critical', 'high']);
		assert.equal(charset!.package.name, 'Charset_Normalizer');
		assert.equal(types!.flags, undefined);
		assert.equal(types!.levels, undefined);
		assert.deepEqual(
			policy.allowInstallScripts.map((pattern) => [pattern.ecosystem, pattern.name, pattern.source]),
			[
				['npm', 'esbuild', '.commit-tui.yml:18'],
				[undefined, 'sharp', '.commit-tui.yml:19'],
			],
		);
		assert.deepEqual(
			policy.trustedPublishers.map((entry) => [entry.ecosystem, entry.account]),
			[
				['npm', 'ljharb'],
				[undefined, 'sindresorhus'],
			],
		);
	});

	test('an empty file, or one with only comments, is an empty policy', () => {
		for (const text of ['', '# nothing yet\n']) {
			const policy = parsePolicy('p.yml', text);
			assert.deepEqual(policy.ignore, []);
			assert.equal(policy.failOn, undefined);
		}
	});

	test('a malformed policy names the file and the line', () => {
		const cases: Array<[string, number, RegExp]> = [
			['ignore:\n  - package: npm:a\n    reason: x\n\t- package: npm:b\n', 4, /malformed YAML/],
			['failOn: high\nfailOn: none\n', 2, /malformed YAML: .*unique/i],
			['failOn: high\ncolour: red\n', 2, /unknown key "colour" \(known: ignore, thresholds/],
			['ignore:\n  - package: npm:a\n', 2, /without a reason/],
			['ignore:\n  - package: npm:a\n    reason: "  "\n', 3, /without a reason/],
			['ignore:\n  - reason: x\n', 2, /without a package/],
			[
				'ignore:\n  - package: npm:a\n    reason: x\n    expires: next week\n',
				4,
				/expires must be a date \(YYYY-MM-DD\), not "next week"/,
			],
			['ignore:\n  - package: npm:a\n    reason: x\n    expires: 2027-02-30\n', 4, /expires must be a date/],
			['ignore:\n  - package: npm:a\n    reason: x\n    flags: [cooldwn]\n', 4, /unknown flag "cooldwn"/],
			['ignore:\n  - package: npm:a\n    reason: x\n    levels: [severe]\n', 4, /unknown level "severe"/],
			['ignore:\n  - package: nmp:a\n    reason: x\n', 2, /unknown ecosystem "nmp"/],
			[
				'ignore:\n  - package: npm:a@not a range!\n    reason: x\n',
				2,
				/is not a version range npm understands/,
			],
			['ignore:\n  - package: npm:a\n    reason: x\n    why: y\n', 4, /unknown key "why" in an ignore entry/],
			[
				'thresholds:\n  cooldownDays: -3\n',
				2,
				/invalid value "-3" for thresholds\.cooldownDays in the policy/,
			],
			['thresholds:\n  coolDays: 3\n', 2, /unknown threshold "coolDays"/],
			['failOn: severe\n', 1, /failOn must be one of critical, high, moderate, none/],
			['maxUnknown: 150%\n', 1, /maxUnknown must be a share/],
			['- a\n- b\n', 1, /expected a mapping/],
			['trustedPublishers: [nmp:x]\n', 1, /unknown ecosystem "nmp"/],
		];
		for (const [text, line, pattern] of cases) {
			const {message, line: reported} = failure(text);
			assert.match(message, pattern, text);
			assert.equal(reported, line, `${text} → ${message}`);
			assert.ok(message.startsWith(`.commit-tui.yml:${line}: `), message);
		}
	});

	test('package patterns and shares', () => {
		assert.deepEqual(parsePackagePattern('npm:@scope/name@^1.2'), {
			ecosystem: 'npm',
			name: '@scope/name',
			range: '^1.2',
			text: 'npm:@scope/name@^1.2',
		});
		assert.deepEqual(parsePackagePattern('@scope/name'), {name: '@scope/name', text: '@scope/name'});
		assert.deepEqual(parsePackagePattern('pypi:requests@>=2,<3'), {
			ecosystem: 'pypi',
			name: 'requests',
			range: '>=2,<3',
			text: 'pypi:requests@>=2,<3',
		});
		assert.match(String(parsePackagePattern('left-pad@1')), /needs the ecosystem/);
		assert.equal(parseShare('10%'), 0.1);
		assert.equal(parseShare(0.25), 0.25);
		assert.equal(parseShare('1.5'), null);
		assert.equal(parseShare('ten'), null);
	});
});
