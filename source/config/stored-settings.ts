import {isRecord} from '../util/records.js';

/**
 * What the settings file holds: only what the user changed. A default the user never touched is not written,
 * so a later version's new default (a new column, another export folder) reaches everyone who kept the old
 * one. `settingsVersion` says which rules wrote the file.
 */

/** 2: differences only. Files without the key were written by 0.1.x, which stored every default. */
export const settingsFileVersion = 2;

/** The 0.1.x defaults that have changed since, by key: a 0.1.x file holding exactly these held a default. */
const legacyDefaults: Readonly<Record<string, unknown>> = {
	columns: ['risk', 'score', 'pubs', 'weekly', 'trend', 'last'],
	exportDirectory: '',
	rateLimits: {'pypistats.org': 30},
};

/** The settings as stored, with values a 0.1.x file wrote only because they were the defaults then removed. */
export function withoutLegacyDefaults(stored: Record<string, unknown>): Record<string, unknown> {
	if (stored.settingsVersion !== undefined) return stored;
	const result: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(stored)) {
		if (key in legacyDefaults && sameValue(value, legacyDefaults[key])) continue;
		result[key] = value;
	}

	return result;
}

/**
 * `settings` less what equals `defaults`: top-level values, and inside groups (thresholds, endpoints, …) each
 * key on its own, so changing one threshold does not freeze the others at today's defaults.
 */
export function differencesFrom(
	settings: Record<string, unknown>,
	defaults: Record<string, unknown>,
): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(settings)) {
		const fallback = defaults[key];
		if (isRecord(value) && isRecord(fallback) && !Array.isArray(value)) {
			const inner = differencesFrom(value, fallback);
			if (Object.keys(inner).length > 0) result[key] = inner;
		} else if (!sameValue(value, fallback)) result[key] = value;
	}

	return result;
}

function sameValue(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}
