import {ecosystems} from '../../ecosystems/index.js';
import {isRecord} from '../../util/records.js';
import {
	ConfigFileError,
	firstLineMatching,
	type ProjectFileReader,
	readJsoncConfig,
	readYamlConfig,
	stringList,
	yamlLineAt,
} from './config-files.js';
import {formatSpan, milliseconds, parseRenovateDuration} from './durations.js';
import type {CooldownSetting} from './types.js';

/**
 * The update bots' cooldowns: they decide when a new version is proposed, so a locked version younger than
 * theirs came in some other way (or the bot was overridden) — worth saying.
 */

/**
 * Renovate's config files, in the order Renovate looks for them (docs: "Configuration options", config file
 * locations); the first one found is the config, as for Renovate. `package.json` `"renovate"` comes last.
 */
const renovateFiles = [
	'renovate.json',
	'renovate.json5',
	'.github/renovate.json',
	'.github/renovate.json5',
	'.gitlab/renovate.json',
	'.gitlab/renovate.json5',
	'.renovaterc',
	'.renovaterc.json',
	'.renovaterc.json5',
] as const;

/**
 * Renovate's top-level `minimumReleaseAge` (a duration such as `"3 days"`; `stabilityDays` before Renovate
 * 35). Values inside `packageRules` apply to some packages only and are not read.
 */
export function readRenovate(read: ProjectFileReader, warnings: string[]): CooldownSetting[] {
	for (const file of renovateFiles) {
		const text = read(file);
		if (text === undefined) continue;
		let config: Record<string, unknown>;
		try {
			config = readJsoncConfig(file, text);
		} catch (error) {
			if (!(error instanceof ConfigFileError)) throw error;
			// JSON5 (unquoted keys, single quotes) is beyond a JSON reader: look for the one key we need.
			const match = /^\s*["']?minimumReleaseAge["']?\s*:\s*["']([^"']+)["']/m.exec(text);
			if (!match) {
				warnings.push(`${error.message}; its cooldown setting is ignored`);
				return [];
			}

			config = {minimumReleaseAge: match[1]};
		}

		return renovateSetting(file, text, config.minimumReleaseAge, warnings);
	}

	const manifest = read('package.json');
	if (manifest === undefined) return [];
	try {
		const config = readJsoncConfig('package.json', manifest).renovate;
		if (!isRecord(config)) return [];
		return renovateSetting('package.json', manifest, config.minimumReleaseAge, warnings, ['renovate']);
	} catch (error) {
		if (error instanceof ConfigFileError) return [];
		throw error;
	}
}

function renovateSetting(
	file: string,
	text: string,
	value: unknown,
	warnings: string[],
	parents: readonly string[] = [],
): CooldownSetting[] {
	if (value === undefined || value === null) return [];
	const ms = parseRenovateDuration(value);
	if (ms === null) {
		warnings.push(
			`${file}: minimumReleaseAge ${JSON.stringify(value)} is not a duration Renovate reads; ignored`,
		);
		return [];
	}

	const line = firstLineMatching(text, /["']?minimumReleaseAge["']?\s*:/);
	return [
		{
			tool: 'Renovate',
			file,
			key: [...parents, 'minimumReleaseAge'].join('.'),
			raw: String(value),
			...(line === undefined ? {} : {line}),
			ecosystems: 'all',
			minimumAgeMs: ms,
			exclude: [],
			description: formatSpan(ms),
		},
	];
}

/**
 * Dependabot's `cooldown` per `updates` entry (GitHub docs: "Dependabot options reference", `cooldown`):
 * the smallest wait among `default-days`, `semver-major-days`, `semver-minor-days` and `semver-patch-days`
 * (the wait every update had at least), whole days; `include`/`exclude` name the dependencies it covers (`*`
 * wildcards). The entry's `package-ecosystem` says which ecosystem it governs.
 */
export function readDependabot(read: ProjectFileReader, warnings: string[]): CooldownSetting[] {
	const file = ['.github/dependabot.yml', '.github/dependabot.yaml'].find((name) => read(name) !== undefined);
	if (file === undefined) return [];
	const text = read(file)!;
	let updates: unknown;
	try {
		updates = readYamlConfig(file, text).values.updates;
	} catch (error) {
		if (!(error instanceof ConfigFileError)) throw error;
		warnings.push(`${error.message}; its cooldown settings are ignored`);
		return [];
	}

	if (!Array.isArray(updates)) return [];
	const settings: CooldownSetting[] = [];
	updates.forEach((update, index) => {
		if (!isRecord(update) || !isRecord(update.cooldown)) return;
		const packageEcosystem =
			typeof update['package-ecosystem'] === 'string' ? update['package-ecosystem'] : '';
		const governed = ecosystems
			.filter((ecosystem) => ecosystem.cooldown?.dependabotEcosystems.includes(packageEcosystem))
			.map((ecosystem) => ecosystem.id);
		if (governed.length === 0) return;
		const cooldown = update.cooldown;
		const days = cooldownDays(cooldown);
		if (days === null) {
			warnings.push(
				`${file}: updates[${index}].cooldown sets no default-days (only some update types wait); not used as the cooldown`,
			);
			return;
		}

		const directory = typeof update.directory === 'string' ? update.directory : '/';
		const line = yamlLineAt(text, ['updates', index, 'cooldown']);
		settings.push({
			tool: 'Dependabot',
			file,
			key: `updates[${index}].cooldown (${packageEcosystem} ${directory})`,
			raw: JSON.stringify(cooldown),
			...(line === undefined ? {} : {line}),
			ecosystems: governed,
			minimumAgeMs: days * milliseconds.day,
			exclude: stringList(cooldown.exclude),
			...(Array.isArray(cooldown.include) ? {only: stringList(cooldown.include)} : {}),
			description: formatSpan(days * milliseconds.day),
		});
	});
	return settings;
}

/**
 * The days every update waited at least: `default-days` covers the update types without their own key; with
 * no `default-days`, an update type without its own key does not wait at all, so only a full set of the three
 * `semver-*-days` gives a minimum.
 */
function cooldownDays(cooldown: Record<string, unknown>): number | null {
	const whole = (value: unknown) =>
		typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
	const fallback = whole(cooldown['default-days']);
	const semverDays = ['semver-major-days', 'semver-minor-days', 'semver-patch-days'].map((key) =>
		whole(cooldown[key]),
	);
	if (fallback !== null)
		return Math.min(fallback, ...semverDays.filter((value): value is number => value !== null));
	return semverDays.every((value) => value !== null) ? Math.min(...(semverDays as number[])) : null;
}
