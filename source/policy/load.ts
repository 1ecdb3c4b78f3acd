import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import type {Settings} from '../config/settings.js';
import {LockfileError} from '../lockfiles/types.js';
import {defaultThresholds} from '../scoring/thresholds.js';
import {expiryWarnings} from './apply.js';
import {auditCooldown} from './cooldown/audit.js';
import type {ProjectFileReader} from './cooldown/config-files.js';
import {parsePolicy, policyFileName} from './policy-file.js';
import type {Policy, ProjectPolicy} from './types.js';

/** Reads the files of a project folder on disk (a missing or unreadable file is undefined). */
export function diskReader(directory: string): ProjectFileReader {
	return (relativePath) => {
		try {
			const file = path.resolve(directory, relativePath);
			return statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
		} catch {
			return undefined;
		}
	};
}

/**
 * The project's policy: `--policy <file>` (which must exist), else `.commit-tui.yml` in the project folder
 * when there is one; and the cooldown settings of its own tools, read through `read` (the project folder,
 * or a commit for the head of a diff). Expired or expiring ignore entries and unreadable tool settings come
 * back as warnings. A malformed policy throws a PolicyError (exit 2).
 */
export function loadProjectPolicy(options: {
	readonly directory: string;
	readonly policyFile?: string | undefined;
	readonly read?: ProjectFileReader;
	readonly now: Date;
}): ProjectPolicy {
	const read = options.read ?? diskReader(options.directory);
	let policy: Policy | null = null;
	if (options.policyFile !== undefined) {
		const text = diskReader(process.cwd())(options.policyFile);
		if (text === undefined) throw new LockfileError(options.policyFile, 'no such policy file');
		policy = parsePolicy(options.policyFile, text);
	} else {
		const text = read(policyFileName);
		if (text !== undefined) policy = parsePolicy(policyFileName, text);
	}

	const cooldown = auditCooldown(read);
	return {
		policy,
		cooldown,
		warnings: [...(policy ? expiryWarnings(policy, options.now) : []), ...cooldown.warnings],
	};
}

/** The settings with the policy's per-project thresholds over them. */
export function settingsWithPolicy(settings: Settings, policy: Policy | null): Settings {
	if (!policy || Object.keys(policy.thresholds).length === 0) return settings;
	// The same object for the same pair: the UI asks once per package, and scoring memoises per settings object.
	let byPolicy = mergedSettings.get(settings);
	if (!byPolicy) mergedSettings.set(settings, (byPolicy = new WeakMap()));
	let merged = byPolicy.get(policy);
	if (!merged)
		byPolicy.set(
			policy,
			(merged = {...settings, thresholds: {...settings.thresholds, ...policy.thresholds}}),
		);
	return merged;
}

const mergedSettings = new WeakMap<Settings, WeakMap<Policy, Settings>>();

/**
 * Whether commit-tui's own cooldown threshold was chosen for this run (a setting other than the default, or
 * the policy's `thresholds.cooldownDays`). When it was not, the project's tools' cooldowns replace it.
 */
export function cooldownChosen(settings: Settings, policy: Policy | null): boolean {
	return (
		policy?.thresholds.cooldownDays !== undefined ||
		settings.thresholds.cooldownDays !== defaultThresholds.cooldownDays
	);
}
