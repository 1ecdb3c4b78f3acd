import {readFileSync, realpathSync, statSync} from 'node:fs';
import path from 'node:path';
import type {Settings} from '../config/settings.js';
import {LockfileError} from '../lockfiles/types.js';
import {defaultThresholds} from '../scoring/thresholds.js';
import {withoutByteOrderMark} from '../util/byte-order-mark.js';
import {isInside, realOrSelf} from '../util/paths.js';
import {expiryWarnings} from './apply.js';
import {auditCooldown} from './cooldown/audit.js';
import type {ProjectFileReader} from './cooldown/config-files.js';
import {parsePolicy, policyFileName} from './policy-file.js';
import type {Policy, ProjectPolicy} from './types.js';

/** The most a project's policy or tool config file may hold: these are a few KB; more is not a config file. */
const maxConfigBytes = 1024 * 1024;

/** A project file that exists but was not read, and why (said as a warning, never with its content). */
export type RefusedFile = {readonly path: string; readonly reason: string};

/**
 * Reads the files of a project folder on disk (a missing or unreadable file is undefined). A file is read only
 * when it is a regular file of at most 1 MB inside the project once symlinks are followed: a repository under
 * review (a pull request from a fork, in CI) could otherwise link `.commit-tui.yml` or `.npmrc` to a file of the
 * machine, and the reader's messages (an unknown key, a value that is not a number) would quote it. A file
 * refused for that is reported to `refused` and reads as absent.
 */
export function diskReader(directory: string, refused?: (file: RefusedFile) => void): ProjectFileReader {
	let realDirectory: string | undefined;
	return (relativePath) => {
		const file = path.resolve(directory, relativePath);
		let real: string;
		try {
			real = realpathSync(file);
		} catch {
			return undefined;
		}

		realDirectory ??= realOrSelf(directory);
		const problem = !isInside(real, realDirectory) ? 'links outside the project' : unreadableConfig(real);
		if (problem === undefined) {
			try {
				return withoutByteOrderMark(readFileSync(real, 'utf8'));
			} catch {
				return undefined;
			}
		}

		if (problem !== null) refused?.({path: relativePath, reason: problem});
		return undefined;
	};
}

/** Why a config file is not read: undefined when it can be, null when it is simply absent. */
function unreadableConfig(file: string): string | null | undefined {
	const stat = statSync(file, {throwIfNoEntry: false});
	if (!stat) return null;
	if (!stat.isFile()) return 'not a regular file';
	if (stat.size > maxConfigBytes) return `too large (${Math.ceil(stat.size / 1024 / 1024)} MB)`;
	return undefined;
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
	const refused: RefusedFile[] = [];
	const read = options.read ?? diskReader(options.directory, (file) => refused.push(file));
	let policy: Policy | null = null;
	if (options.policyFile !== undefined) {
		// Named by the user: read wherever it is (a shared policy in another folder), as long as it is a file.
		const problem = explicitPolicyProblem(options.policyFile);
		if (problem) throw new LockfileError(options.policyFile, problem);
		let text: string;
		try {
			text = withoutByteOrderMark(readFileSync(options.policyFile, 'utf8'));
		} catch {
			throw new LockfileError(options.policyFile, 'cannot read the policy file');
		}

		policy = parsePolicy(options.policyFile, text);
	} else {
		const text = read(policyFileName);
		const refusal = refused.find((file) => file.path === policyFileName);
		// A policy the project has but that cannot be read must not silently leave the gate without it.
		if (refusal)
			throw new LockfileError(policyFileName, `${refusal.reason}; not read (--policy <file> names one)`);
		if (text !== undefined) policy = parsePolicy(policyFileName, text);
	}

	const cooldown = auditCooldown(read);
	return {
		policy,
		cooldown,
		warnings: [
			...(policy ? expiryWarnings(policy, options.now) : []),
			...refused.map((file) => `${file.path}: ${file.reason}; not read`),
			...cooldown.warnings,
		],
	};
}

/** Why `--policy <file>` cannot be read (undefined: it can). */
function explicitPolicyProblem(file: string): string | undefined {
	try {
		const problem = unreadableConfig(file);
		return problem === null ? 'no such policy file' : problem;
	} catch {
		return 'cannot read the policy file';
	}
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
