import {
	ConfigFileError,
	firstLineMatching,
	type ProjectFileReader,
	readIni,
	readTomlConfig,
	readYamlConfig,
	stringList,
} from '../../policy/cooldown/config-files.js';
import {formatSpan, milliseconds, parseYarnDuration} from '../../policy/cooldown/durations.js';
import type {CooldownAudit, CooldownSetting} from '../../policy/cooldown/types.js';
import {isRecord} from '../../util/records.js';

/**
 * The release-age settings of the JavaScript package managers, each in its own file, key and unit (checked
 * against each tool's documentation):
 * - pnpm `minimumReleaseAge` in `pnpm-workspace.yaml`, minutes (pnpm 10.16+), with `minimumReleaseAgeExclude`;
 *   pnpm 10 also reads `minimum-release-age` (minutes) from `.npmrc`;
 * - yarn `npmMinimalAgeGate` in `.yarnrc.yml`: a duration, a bare number being minutes (plugin-npm declares
 *   `DurationUnit.MINUTES`), with `npmPreapprovedPackages`;
 * - bun `minimumReleaseAge` under `[install]` in `bunfig.toml`, seconds (bun 1.3+), with
 *   `minimumReleaseAgeExcludes`;
 * - npm `min-release-age` in `.npmrc`, days (npm 11.10+), or `before`, a date: only versions published
 *   before it.
 * Settings that are absent are not guessed (pnpm 11 and yarn 4.15 default to one day; we report only what the
 * project wrote).
 */
export function readNpmCooldown(read: ProjectFileReader): CooldownAudit {
	const settings: CooldownSetting[] = [];
	const warnings: string[] = [];
	for (const reader of [pnpmWorkspace, npmrc, yarnrc, bunfig]) {
		try {
			settings.push(...reader(read, warnings));
		} catch (error) {
			if (error instanceof ConfigFileError)
				warnings.push(`${error.message}; its cooldown setting is ignored`);
			else throw error;
		}
	}

	return {settings, warnings};
}

const npm = ['npm'] as const;

function pnpmWorkspace(read: ProjectFileReader, warnings: string[]): CooldownSetting[] {
	const file = 'pnpm-workspace.yaml';
	const text = read(file);
	if (text === undefined) return [];
	const config = readYamlConfig(file, text);
	const value = config.values.minimumReleaseAge;
	if (value === undefined || value === null) return [];
	const minutes = typeof value === 'number' ? value : Number.NaN;
	if (!(minutes >= 0)) {
		warnings.push(`${file}: minimumReleaseAge ${JSON.stringify(value)} is not a number of minutes; ignored`);
		return [];
	}

	return [
		ageSetting({
			tool: 'pnpm',
			file,
			key: 'minimumReleaseAge',
			raw: String(value),
			line: config.lineOf('minimumReleaseAge'),
			ms: minutes * milliseconds.minute,
			unit: `${minutes} minutes`,
			exclude: stringList(config.values.minimumReleaseAgeExclude),
		}),
	];
}

function npmrc(read: ProjectFileReader, warnings: string[]): CooldownSetting[] {
	const file = '.npmrc';
	const text = read(file);
	if (text === undefined) return [];
	const settings: CooldownSetting[] = [];
	const entries = readIni(text);
	const excludes = entries
		.filter(
			(entry) => entry.key === 'minimum-release-age-exclude[]' || entry.key === 'minimum-release-age-exclude',
		)
		.flatMap((entry) => entry.value.split(','))
		.map((pattern) => pattern.trim())
		.filter(Boolean);
	for (const entry of entries) {
		const number = Number(entry.value);
		if (entry.key === 'min-release-age' || entry.key === 'minimum-release-age') {
			if (!(entry.value !== '' && number >= 0)) {
				warnings.push(`${file}:${entry.line}: ${entry.key}=${entry.value} is not a number; ignored`);
				continue;
			}

			const npmStyle = entry.key === 'min-release-age';
			settings.push(
				ageSetting({
					tool: npmStyle ? 'npm' : 'pnpm',
					file,
					key: entry.key,
					raw: entry.value,
					line: entry.line,
					// npm counts days; pnpm 10's .npmrc form counts minutes.
					ms: number * (npmStyle ? milliseconds.day : milliseconds.minute),
					unit: npmStyle ? `${number} days` : `${number} minutes`,
					exclude: npmStyle ? [] : excludes,
				}),
			);
		} else if (entry.key === 'before') {
			const time = Date.parse(entry.value);
			if (Number.isNaN(time)) {
				warnings.push(`${file}:${entry.line}: before=${entry.value} is not a date; ignored`);
				continue;
			}

			const cutoff = new Date(time).toISOString();
			settings.push({
				tool: 'npm',
				file,
				key: 'before',
				raw: entry.value,
				line: entry.line,
				ecosystems: npm,
				cutoff,
				exclude: [],
				description: `published before ${cutoff.slice(0, 10)}`,
			});
		}
	}

	return settings;
}

function yarnrc(read: ProjectFileReader, warnings: string[]): CooldownSetting[] {
	const file = '.yarnrc.yml';
	const text = read(file);
	if (text === undefined) return [];
	const config = readYamlConfig(file, text);
	const value = config.values.npmMinimalAgeGate;
	if (value === undefined || value === null) return [];
	const ms = parseYarnDuration(value);
	if (ms === null) {
		warnings.push(`${file}: npmMinimalAgeGate ${JSON.stringify(value)} is not a duration; ignored`);
		return [];
	}

	return [
		ageSetting({
			tool: 'yarn',
			file,
			key: 'npmMinimalAgeGate',
			raw: String(value),
			line: config.lineOf('npmMinimalAgeGate'),
			ms,
			unit: typeof value === 'number' ? `${value} minutes` : String(value),
			exclude: stringList(config.values.npmPreapprovedPackages),
		}),
	];
}

function bunfig(read: ProjectFileReader, warnings: string[]): CooldownSetting[] {
	const file = 'bunfig.toml';
	const text = read(file);
	if (text === undefined) return [];
	const config = readTomlConfig(file, text);
	const install = isRecord(config.install) ? config.install : {};
	const value = install.minimumReleaseAge;
	if (value === undefined) return [];
	if (typeof value !== 'number' || !(value >= 0)) {
		warnings.push(
			`${file}: [install] minimumReleaseAge ${JSON.stringify(value)} is not a number of seconds; ignored`,
		);
		return [];
	}

	return [
		ageSetting({
			tool: 'bun',
			file,
			key: 'install.minimumReleaseAge',
			raw: String(value),
			line: firstLineMatching(text, /^\s*minimumReleaseAge\s*=/),
			ms: value * milliseconds.second,
			unit: `${value} seconds`,
			exclude: stringList(install.minimumReleaseAgeExcludes),
		}),
	];
}

function ageSetting(input: {
	readonly tool: string;
	readonly file: string;
	readonly key: string;
	readonly raw: string;
	readonly line: number | undefined;
	readonly ms: number;
	readonly unit: string;
	readonly exclude: readonly string[];
}): CooldownSetting {
	const words = formatSpan(input.ms);
	return {
		tool: input.tool,
		file: input.file,
		key: input.key,
		raw: input.raw,
		...(input.line === undefined ? {} : {line: input.line}),
		ecosystems: npm,
		minimumAgeMs: input.ms,
		exclude: input.exclude,
		description: words === input.unit ? words : `${words} (${input.unit})`,
	};
}
