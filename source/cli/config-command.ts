import fs from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import {
	defaultValueOf,
	describeAllowed,
	descriptorsUnder,
	findDescriptor,
	formatSettingValue,
	parseSettingValue,
	type SettingDescriptor,
	settingDescriptors,
	settingsWarnings,
} from '../config/descriptors.js';
import {
	defaultSettings,
	mergeSettings,
	openSettingsStore,
	type Settings,
	saveSettings,
} from '../config/settings.js';
import {withoutLegacyDefaults} from '../config/stored-settings.js';
import {sanitizeText} from '../text/sanitize.js';

/**
 * `commit-tui config get|set|path|reset`: read and change the persisted settings from the command line.
 * Core code: no ink, no react. Every key and value goes through the same descriptors as the settings screen.
 */

/** Where the command reads the environment and writes its output (process.* in the CLI, buffers in tests). */
export type ConfigCommandIo = {
	readonly env: NodeJS.ProcessEnv;
	readonly stdout: {write(text: string): unknown};
	readonly stderr: {write(text: string): unknown};
};

/** Usage text of `commit-tui config`. */
export const configUsage = `Usage
  $ commit-tui config get [key]          Print one setting, or all of them as JSON
  $ commit-tui config set <key> <value>  Change a setting
  $ commit-tui config reset [key]        Back to the default (one setting, a group, or everything)
  $ commit-tui config path               Print the settings file path

Keys
${settingDescriptors.map((descriptor) => `  ${descriptor.key}`).join('\n')}
  rateLimits.<host>

Examples
  $ commit-tui config set thresholds.criticalWeeklyDownloads 5M
  $ commit-tui config set columns risk,score,weekly
  $ commit-tui config set tiers.publishers 3:15,2:9,1:4,0:0
  $ commit-tui config set endpoints.pypi https://pypi.example.com
  $ commit-tui config get exportFormat
`;

/** Usage or value errors: exit code 2, like every other usage error of the CLI. */
const usageError = 2;

/**
 * Run `commit-tui config …`. `args` are the words after `config` (a leading `config` is skipped too).
 * Returns the exit code: 0 done, 2 bad usage / unknown key / invalid value / unreadable settings file.
 */
export function runConfigCommand(args: readonly string[], io: ConfigCommandIo): number {
	const words = args[0] === 'config' ? args.slice(1) : [...args];
	const [action, key, ...rest] = words;
	const fail = (message: string): number => {
		// Messages quote what was typed and what the settings file holds: sanitised, like every message.
		io.stderr.write(`commit-tui config: ${sanitizeText(message)}\n`);
		return usageError;
	};

	try {
		switch (action) {
			case 'get':
				if (rest.length > 0) return fail('get takes at most one key');
				return get(key, io, fail);
			case 'set':
				if (key === undefined || rest.length !== 1) {
					return fail('usage: commit-tui config set <key> <value>');
				}

				return set(key, rest[0]!, io, fail);
			case 'reset':
				if (rest.length > 0) return fail('reset takes at most one key');
				return reset(key, io, fail);
			case 'path':
				if (key !== undefined) return fail('path takes no arguments');
				io.stdout.write(`${settingsFilePath(io.env)}\n`);
				return 0;
			case undefined:
			case 'help':
			case '--help':
			case '-h':
				(action === undefined ? io.stderr : io.stdout).write(configUsage);
				return action === undefined ? usageError : 0;
			default:
				return fail(`unknown action "${action}": use get, set, reset or path`);
		}
	} catch (error) {
		// conf throws on an unparsable file; say which file, and how to get out of it.
		const reason = error instanceof Error ? error.message : String(error);
		return fail(
			`cannot read or write ${settingsFilePath(io.env)}: ${oneLine(reason)} (fix it, or run "commit-tui config reset")`,
		);
	}
}

type Fail = (message: string) => number;

function get(key: string | undefined, io: ConfigCommandIo, fail: Fail): number {
	const settings = readSettings(io.env);
	if (key === undefined) {
		io.stdout.write(`${JSON.stringify(settings, null, 2)}\n`);
		return 0;
	}

	const descriptor = findDescriptor(key);
	if (descriptor) {
		// A hand-edited settings file can hold anything; JSON output (below) escapes it, a bare value must be cleaned.
		io.stdout.write(`${sanitizeText(formatSettingValue(descriptor, descriptor.get(settings)))}\n`);
		return 0;
	}

	const group = groupValue(settings, key);
	if (group === undefined) return fail(unknownKeyMessage(key));
	io.stdout.write(`${JSON.stringify(group, null, 2)}\n`);
	return 0;
}

function set(key: string, text: string, io: ConfigCommandIo, fail: Fail): number {
	const descriptor = findDescriptor(key);
	if (!descriptor) {
		if (descriptorsUnder(key).length > 0) {
			return fail(
				`${key} is a group; set one of ${descriptorsUnder(key)
					.map((d) => d.key)
					.join(', ')}`,
			);
		}

		return fail(unknownKeyMessage(key));
	}

	const parsed = parseSettingValue(descriptor, text);
	if (!parsed.ok) return fail(parsed.error);
	const next = descriptor.set(readSettings(io.env), parsed.value);
	saveSettings(next, io.env);
	// Saved anyway: the user may be changing several related settings one at a time.
	for (const warning of settingsWarnings(next))
		io.stderr.write(`commit-tui config: warning: ${sanitizeText(warning)}\n`);
	return 0;
}

function reset(key: string | undefined, io: ConfigCommandIo, fail: Fail): number {
	if (key === undefined) {
		// Everything back to the defaults. Remove the file first so even an unreadable one is recovered.
		fs.rmSync(settingsFilePath(io.env), {force: true});
		saveSettings(defaultSettings, io.env);
		return 0;
	}

	const descriptor = findDescriptor(key);
	const descriptors = descriptor ? [descriptor] : descriptorsUnder(key);
	if (descriptors.length === 0) return fail(unknownKeyMessage(key));
	let settings = readSettings(io.env);
	for (const item of descriptors) settings = item.set(settings, defaultValueOf(item));
	saveSettings(settings, io.env);
	return 0;
}

/** The settings file, also when it cannot be opened (a corrupt file still has a path to show). */
export function settingsFilePath(env: NodeJS.ProcessEnv): string {
	try {
		return openSettingsStore(env).path;
	} catch {
		const directory = env.COMMIT_TUI_CONFIG_DIR || envPaths('commit-tui', {suffix: ''}).config;
		return path.join(directory, 'config.json');
	}
}

function readSettings(env: NodeJS.ProcessEnv): Settings {
	// Unlike loadSettings (which must never stop a scan), a broken file is an error here: the user asked.
	return mergeSettings(
		withoutLegacyDefaults(openSettingsStore(env).store as Record<string, unknown>) as Partial<Settings>,
	);
}

function groupValue(settings: Settings, key: string): unknown {
	if (!Object.hasOwn(settings, key)) return undefined;
	return settings[key as keyof Settings];
}

function unknownKeyMessage(key: string): string {
	const prefix = key.split('.')[0]!;
	const siblings = descriptorsUnder(prefix);
	const candidates: readonly SettingDescriptor[] = siblings.length > 0 ? siblings : settingDescriptors;
	return `unknown setting "${key}"; known: ${candidates.map((d) => d.key).join(', ')}${siblings.length > 0 ? '' : ', rateLimits.<host>'}`;
}

function oneLine(text: string): string {
	return text.replaceAll(/\s+/g, ' ').trim();
}

/** For the README and the settings screen footer: every setting with its default. */
export function describeSettings(): Array<{
	key: string;
	default: string;
	description: string;
	allowed: string;
}> {
	return settingDescriptors.map((descriptor) => ({
		key: descriptor.key,
		default: formatSettingValue(descriptor, defaultValueOf(descriptor)),
		description: descriptor.description,
		allowed: describeAllowed(descriptor.kind),
	}));
}
