import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {
	auditCooldown,
	cooldownViolation,
	requiredAgeMs,
	settingsFor,
	strictestByEcosystem,
} from '../../source/policy/cooldown/audit.js';
import {
	formatSpan,
	parseRenovateDuration,
	parseUvExcludeNewer,
	parseYarnDuration,
} from '../../source/policy/cooldown/durations.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const now = new Date('2026-11-30T12:00:00Z');

/** A project made of these files. */
function files(entries: Record<string, string>) {
	return (relative: string) => entries[relative];
}

function only(entries: Record<string, string>) {
	const audit = auditCooldown(files(entries));
	assert.equal(audit.settings.length, 1, JSON.stringify(audit));
	return {setting: audit.settings[0]!, warnings: audit.warnings};
}

describe('cooldown settings, each in its own file, key and unit', () => {
	test('pnpm minimumReleaseAge in pnpm-workspace.yaml: minutes, with its excludes', () => {
		const {setting} = only({
			'pnpm-workspace.yaml':
				'packages:\n  - apps/*\nminimumReleaseAge: 1440\nminimumReleaseAgeExclude:\n  - "@acme/*"\n',
		});
		assert.equal(setting.tool, 'pnpm');
		assert.equal(setting.minimumAgeMs, day);
		assert.equal(setting.line, 3);
		assert.deepEqual(setting.exclude, ['@acme/*']);
		assert.equal(setting.description, '1 day (1440 minutes)');
		assert.deepEqual(setting.ecosystems, ['npm']);
	});

	test('pnpm 10 minimum-release-age in .npmrc: minutes', () => {
		const {setting} = only({'.npmrc': 'registry=https://r.example/\nminimum-release-age=120\n'});
		assert.equal(setting.tool, 'pnpm');
		assert.equal(setting.minimumAgeMs, 2 * hour);
		assert.equal(setting.line, 2);
	});

	test('npm min-release-age in .npmrc: days; before: a cutoff date', () => {
		const audit = auditCooldown(files({'.npmrc': '; npm 11.10\nmin-release-age=3\nbefore=2026-11-01\n'}));
		const [age, before] = audit.settings;
		assert.equal(age!.tool, 'npm');
		assert.equal(age!.minimumAgeMs, 3 * day);
		assert.equal(age!.line, 2);
		assert.equal(before!.key, 'before');
		assert.equal(before!.cutoff, '2026-11-01T00:00:00.000Z');
		assert.equal(
			requiredAgeMs(before!, now),
			Date.parse('2026-11-30T12:00:00Z') - Date.parse('2026-11-01T00:00:00Z'),
		);
	});

	test('yarn npmMinimalAgeGate in .yarnrc.yml: a bare number is minutes, a suffix is its unit', () => {
		assert.equal(only({'.yarnrc.yml': 'npmMinimalAgeGate: 4320\n'}).setting.minimumAgeMs, 3 * day);
		const {setting} = only({
			'.yarnrc.yml':
				"nodeLinker: node-modules\nnpmMinimalAgeGate: '3d'\nnpmPreapprovedPackages:\n  - react@*\n",
		});
		assert.equal(setting.tool, 'yarn');
		assert.equal(setting.minimumAgeMs, 3 * day);
		assert.equal(setting.line, 2);
		assert.deepEqual(setting.exclude, ['react@*']);
		for (const [text, ms] of [
			['90s', 90_000],
			['30m', 30 * minute],
			['12h', 12 * hour],
			['2w', 14 * day],
			['500ms', 500],
			[60, hour],
		] as const) {
			assert.equal(parseYarnDuration(text), ms, String(text));
		}

		assert.equal(parseYarnDuration('3 days'), null);
	});

	test('bun minimumReleaseAge under [install] in bunfig.toml: seconds', () => {
		const {setting} = only({
			'bunfig.toml':
				'[install]\nlinker = "isolated"\nminimumReleaseAge = 259200 # 3 days\nminimumReleaseAgeExcludes = ["@types/bun"]\n',
		});
		assert.equal(setting.tool, 'bun');
		assert.equal(setting.minimumAgeMs, 3 * day);
		assert.equal(setting.line, 3);
		assert.deepEqual(setting.exclude, ['@types/bun']);
		assert.equal(setting.description, '3 days (259200 seconds)');
	});

	test('uv exclude-newer in pyproject.toml [tool.uv] or uv.toml: a timestamp, a date or a duration', () => {
		const span = only({
			'pyproject.toml': '[project]\nname = "x"\n\n[tool.uv]\nexclude-newer = "7 days"\n',
		}).setting;
		assert.equal(span.tool, 'uv');
		assert.equal(span.minimumAgeMs, 7 * day);
		assert.equal(span.line, 5);
		assert.deepEqual(span.ecosystems, ['pypi']);
		const cutoff = only({'uv.toml': 'exclude-newer = "2026-11-20T00:00:00Z"\n'}).setting;
		assert.equal(cutoff.cutoff, '2026-11-20T00:00:00.000Z');
		// uv.toml wins over pyproject.toml, as uv reads it first.
		assert.equal(
			only({'uv.toml': 'exclude-newer = "P1D"\n', 'pyproject.toml': '[tool.uv]\nexclude-newer = "P9D"\n'})
				.setting.minimumAgeMs,
			day,
		);
		for (const [text, ms] of [
			['PT24H', day],
			['P7D', 7 * day],
			['P1W', 7 * day],
			['P1DT12H', 36 * hour],
			['24 hours', day],
			['1 week', 7 * day],
			['1 week 2 days', 9 * day],
			['30 days', 30 * day],
			['2h30m', 2.5 * hour],
		] as const) {
			assert.deepEqual(parseUvExcludeNewer(text), {kind: 'span', ms}, text);
		}

		assert.equal(parseUvExcludeNewer('P1M'), null, 'calendar units are refused');
		assert.equal(parseUvExcludeNewer('2 months'), null);
		assert.deepEqual(parseUvExcludeNewer(false), {kind: 'disabled'});
		// A local date: midnight of that day in the system's time zone, as uv reads it.
		assert.deepEqual(parseUvExcludeNewer('2006-12-02'), {
			kind: 'cutoff',
			time: new Date('2006-12-02T00:00:00').toISOString(),
		});
	});

	test('Renovate minimumReleaseAge: the first config file found, a duration Renovate reads', () => {
		const {setting} = only({
			'renovate.json': '{\n  "extends": ["config:recommended"],\n  "minimumReleaseAge": "3 days"\n}\n',
			'.github/renovate.json': '{"minimumReleaseAge": "30 days"}',
		});
		assert.equal(setting.tool, 'Renovate');
		assert.equal(setting.file, 'renovate.json');
		assert.equal(setting.minimumAgeMs, 3 * day);
		assert.equal(setting.line, 3);
		assert.equal(setting.ecosystems, 'all');
		const json5 = only({'renovate.json5': "{\n  // JSON5\n  minimumReleaseAge: '14 days',\n}\n"}).setting;
		assert.equal(json5.minimumAgeMs, 14 * day);
		const manifest = only({
			'package.json': '{"name": "x", "renovate": {"minimumReleaseAge": "1 week"}}',
		}).setting;
		assert.equal(manifest.key, 'renovate.minimumReleaseAge');
		for (const [text, ms] of [
			['1 day 12 hours', 36 * hour],
			['2 weeks', 14 * day],
			['1 month', 30 * day],
			['12h', 12 * hour],
			['90 minutes', 90 * minute],
		] as const) {
			assert.equal(parseRenovateDuration(text), ms, text);
		}

		assert.equal(parseRenovateDuration('soon'), null);
		const bad = auditCooldown(files({'renovate.json': '{"minimumReleaseAge": "soon"}'}));
		assert.equal(bad.settings.length, 0);
		assert.match(
			bad.warnings[0]!,
			/renovate\.json: minimumReleaseAge "soon" is not a duration Renovate reads/,
		);
	});

	test('Dependabot cooldown per update entry: days, for the ecosystem it updates', () => {
		const text = `version: 2
updates:
  - package-ecosystem: npm
    directory: /
    schedule: {interval: weekly}
    cooldown:
      default-days: 5
      semver-major-days: 30
      exclude: ["@acme/*"]
  - package-ecosystem: pip
    directory: /
    cooldown:
      semver-major-days: 10
      semver-minor-days: 4
      semver-patch-days: 2
  - package-ecosystem: github-actions
    directory: /
    cooldown: {default-days: 9}
  - package-ecosystem: cargo
    directory: /
    cooldown: {semver-major-days: 9}
`;
		const audit = auditCooldown(files({'.github/dependabot.yml': text}));
		const [npm, pip] = audit.settings;
		assert.equal(audit.settings.length, 2, 'github-actions governs no lockfile; cargo sets no minimum');
		assert.equal(npm!.tool, 'Dependabot');
		assert.deepEqual(npm!.ecosystems, ['npm']);
		assert.equal(npm!.minimumAgeMs, 5 * day, 'the smallest wait: default-days');
		assert.equal(npm!.line, 6);
		assert.deepEqual(npm!.exclude, ['@acme/*']);
		assert.deepEqual(pip!.ecosystems, ['pypi']);
		assert.equal(pip!.minimumAgeMs, 2 * day, 'every update type set: the smallest');
		assert.match(audit.warnings[0]!, /updates\[3\]\.cooldown sets no default-days/);
	});

	test('unreadable settings are warnings, never errors', () => {
		const audit = auditCooldown(
			files({
				'pnpm-workspace.yaml': 'minimumReleaseAge: [1\n',
				'.yarnrc.yml': 'npmMinimalAgeGate: soon\n',
				'bunfig.toml': '[install\n',
				'.npmrc': 'min-release-age=often\n',
			}),
		);
		assert.equal(audit.settings.length, 0);
		assert.equal(audit.warnings.length, 4, audit.warnings.join('\n'));

		// An alias bomb in a config file of the pull request: one warning, not a crashed scan.
		const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
			.concat(
				['b', 'c', 'd', 'e'].map(
					(name, index) => `${name}: &${name} [${`*${'abcd'[index]}, `.repeat(9)}*${'abcd'[index]}]`,
				),
			)
			.concat([`npmMinimalAgeGate: [${'*e, '.repeat(9)}*e]`])
			.join('\n');
		const exploded = auditCooldown(files({'.yarnrc.yml': `${bomb}\n`}));
		assert.equal(exploded.settings.length, 0);
		assert.deepEqual(exploded.warnings.length, 1);
		assert.match(exploded.warnings[0]!, /\.yarnrc\.yml: YAML aliases expand too far/);
	});
});

describe('applying the project cooldowns', () => {
	const audit = auditCooldown(
		files({
			'pnpm-workspace.yaml': 'minimumReleaseAge: 1440\nminimumReleaseAgeExclude: ["@acme/*"]\n',
			'renovate.json': '{"minimumReleaseAge": "3 days"}',
			'uv.toml': 'exclude-newer = "2026-11-29T00:00:00Z"\n',
		}),
	);

	test('the settings that govern a package: its ecosystem, minus its excludes', () => {
		assert.deepEqual(
			settingsFor(audit, 'npm', 'left-pad').map((setting) => setting.tool),
			['pnpm', 'Renovate'],
		);
		assert.deepEqual(
			settingsFor(audit, 'npm', '@acme/ui').map((setting) => setting.tool),
			['Renovate'],
		);
		assert.deepEqual(
			settingsFor(audit, 'pypi', 'requests').map((setting) => setting.tool),
			['uv', 'Renovate'],
		);
		assert.deepEqual(
			settingsFor(audit, 'cargo', 'serde').map((setting) => setting.tool),
			['Renovate'],
		);
	});

	test('the strictest per ecosystem, and the strictest rule a young version breaks', () => {
		const strictest = strictestByEcosystem(audit, ['npm', 'pypi'], now);
		assert.deepEqual(
			strictest.map((entry) => [entry.ecosystem, entry.setting.tool, entry.requiredMs]),
			[
				['npm', 'Renovate', 3 * day],
				['pypi', 'Renovate', 3 * day],
			],
		);
		const npm = settingsFor(audit, 'npm', 'left-pad');
		const twoHours = new Date(now.getTime() - 2 * hour).toISOString();
		assert.equal(cooldownViolation(npm, twoHours, now)!.setting.tool, 'Renovate');
		const twoDays = new Date(now.getTime() - 2 * day).toISOString();
		assert.equal(cooldownViolation(npm, twoDays, now)!.ageMs, 2 * day);
		assert.equal(cooldownViolation(npm, new Date(now.getTime() - 4 * day).toISOString(), now), null);
		// uv's cutoff: anything uploaded at or after it breaks it.
		const uv = settingsFor(audit, 'pypi', 'requests').filter((setting) => setting.tool === 'uv');
		assert.ok(cooldownViolation(uv, '2026-11-29T06:00:00Z', now));
		assert.equal(cooldownViolation(uv, '2026-11-28T23:00:00Z', now), null);
	});

	test('spans in words', () => {
		assert.equal(formatSpan(day), '1 day');
		assert.equal(formatSpan(14 * day), '2 weeks');
		assert.equal(formatSpan(3 * day + 12 * hour), '3 days 12 hours');
		assert.equal(formatSpan(90 * minute), '1 hour 30 minutes');
	});
});
