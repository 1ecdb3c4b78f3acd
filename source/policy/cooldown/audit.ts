import {ecosystems, findEcosystem} from '../../ecosystems/index.js';
import {readDependabot, readRenovate} from './bots.js';
import type {ProjectFileReader} from './config-files.js';
import {formatSpan} from './durations.js';
import type {CooldownAudit, CooldownSetting} from './types.js';

/**
 * The cooldown audit: every release-age setting the project's own tools have (each ecosystem's package
 * managers, then Renovate and Dependabot), normalised to one unit, and the questions asked of it.
 */
export function auditCooldown(read: ProjectFileReader): CooldownAudit {
	const settings: CooldownSetting[] = [];
	const warnings: string[] = [];
	for (const ecosystem of ecosystems) {
		const found = ecosystem.cooldown?.read?.(read);
		if (!found) continue;
		settings.push(...found.settings);
		warnings.push(...found.warnings);
	}

	settings.push(...readRenovate(read, warnings), ...readDependabot(read, warnings));
	return {settings, warnings};
}

/** How old a version must be under a setting at `now`: its minimum age, or the time since its cutoff. */
export function requiredAgeMs(setting: CooldownSetting, now: Date): number {
	if (setting.minimumAgeMs !== undefined) return setting.minimumAgeMs;
	return Math.max(0, now.getTime() - Date.parse(setting.cutoff!));
}

/** The settings that govern a package: its ecosystem's, minus those that exclude it (or do not include it). */
export function settingsFor(audit: CooldownAudit, ecosystem: string, name: string): CooldownSetting[] {
	const normalize = findEcosystem(ecosystem)?.normalizeName ?? ((text: string) => text);
	const matches = (pattern: string) => namePattern(pattern, normalize).test(normalize(name));
	return audit.settings.filter(
		(setting) =>
			(setting.ecosystems === 'all' || setting.ecosystems.includes(ecosystem)) &&
			!setting.exclude.some(matches) &&
			(setting.only === undefined || setting.only.some(matches)),
	);
}

/** The strictest setting of each ecosystem present (the longest required age), for the header and summary. */
export function strictestByEcosystem(
	audit: CooldownAudit,
	ecosystemIds: readonly string[],
	now: Date,
): Array<{readonly ecosystem: string; readonly setting: CooldownSetting; readonly requiredMs: number}> {
	return ecosystemIds.flatMap((ecosystem) => {
		const governing = audit.settings.filter(
			(setting) => setting.ecosystems === 'all' || setting.ecosystems.includes(ecosystem),
		);
		const setting = strictest(governing, now);
		return setting ? [{ecosystem, setting, requiredMs: requiredAgeMs(setting, now)}] : [];
	});
}

function strictest(settings: readonly CooldownSetting[], now: Date): CooldownSetting | undefined {
	return [...settings].sort((a, b) => requiredAgeMs(b, now) - requiredAgeMs(a, now))[0];
}

/** A locked version younger than the project's own rule: the strictest rule it breaks. */
export type CooldownViolation = {
	readonly setting: CooldownSetting;
	readonly ageMs: number;
	readonly requiredMs: number;
};

/** The strictest of `settings` that a version published at `published` breaks at `now`, or null. */
export function cooldownViolation(
	settings: readonly CooldownSetting[],
	published: string,
	now: Date,
): CooldownViolation | null {
	const time = Date.parse(published);
	if (Number.isNaN(time)) return null;
	const ageMs = Math.max(0, now.getTime() - time);
	const broken = settings.filter((setting) =>
		setting.cutoff === undefined ? ageMs < setting.minimumAgeMs! : time >= Date.parse(setting.cutoff),
	);
	const rule = strictest(broken, now);
	return rule ? {setting: rule, ageMs, requiredMs: requiredAgeMs(rule, now)} : null;
}

/** `pnpm minimumReleaseAge (pnpm-workspace.yaml:3)` */
export function settingLabel(setting: CooldownSetting): string {
	return `${setting.tool} ${setting.key} (${setting.file}${setting.line === undefined ? '' : `:${setting.line}`})`;
}

/** One line per setting, for the summary and the header: `pnpm minimumReleaseAge = 1440: 1 day (…)`. */
export function describeSetting(setting: CooldownSetting): string {
	return `${settingLabel(setting)}: ${setting.description}`;
}

/** The cooldown in words for a threshold that came from the project: `1 day, from pnpm minimumReleaseAge`. */
export function describeThreshold(setting: CooldownSetting): string {
	const span = setting.cutoff === undefined ? formatSpan(setting.minimumAgeMs!) : setting.description;
	return `${span}, from ${settingLabel(setting)}`;
}

/**
 * A package-name pattern of a tool's exclude list: `*` matches any run of characters (`@types/*`), and a
 * descriptor's range (`react@^18`, yarn) is dropped: the setting is about names.
 */
function namePattern(pattern: string, normalize: (name: string) => string): RegExp {
	const at = pattern.indexOf('@', 1);
	const name = at > 0 ? pattern.slice(0, at) : pattern;
	const escaped = normalize(name)
		.split('*')
		.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
		.join('.*');
	return new RegExp(`^${escaped}$`);
}
