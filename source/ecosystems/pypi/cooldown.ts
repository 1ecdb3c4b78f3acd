import {
	ConfigFileError,
	firstLineMatching,
	type ProjectFileReader,
	readTomlConfig,
} from '../../policy/cooldown/config-files.js';
import {formatSpan, parseUvExcludeNewer} from '../../policy/cooldown/durations.js';
import type {CooldownAudit, CooldownSetting} from '../../policy/cooldown/types.js';
import {isRecord} from '../../util/records.js';

/**
 * uv's `exclude-newer` (uv docs, settings reference): in `pyproject.toml` under `[tool.uv]`, or at the top of
 * `uv.toml` (which wins when both exist, as uv reads it first). A timestamp or date is a fixed cutoff; a
 * "friendly" or ISO 8601 duration is an age back from now (uv ≥ 0.9).
 */
export function readPypiCooldown(read: ProjectFileReader): CooldownAudit {
	const warnings: string[] = [];
	for (const file of ['uv.toml', 'pyproject.toml'] as const) {
		const text = read(file);
		if (text === undefined) continue;
		try {
			const config = readTomlConfig(file, text);
			const table = file === 'uv.toml' ? config : isRecord(config.tool) ? config.tool.uv : undefined;
			if (!isRecord(table) || table['exclude-newer'] === undefined) continue;
			const setting = uvSetting(file, text, table['exclude-newer'], warnings);
			return {settings: setting ? [setting] : [], warnings};
		} catch (error) {
			if (!(error instanceof ConfigFileError)) throw error;
			warnings.push(`${error.message}; its cooldown setting is ignored`);
		}
	}

	return {settings: [], warnings};
}

function uvSetting(file: string, text: string, value: unknown, warnings: string[]): CooldownSetting | null {
	const key = file === 'uv.toml' ? 'exclude-newer' : 'tool.uv.exclude-newer';
	const parsed = parseUvExcludeNewer(value);
	if (parsed === null) {
		warnings.push(`${file}: ${key} ${JSON.stringify(value)} is not a timestamp or a duration; ignored`);
		return null;
	}

	if (parsed.kind === 'disabled') return null;
	const line = firstLineMatching(text, /^\s*exclude-newer\s*=/);
	const common = {
		tool: 'uv',
		file,
		key,
		raw: String(value),
		...(line === undefined ? {} : {line}),
		ecosystems: ['pypi'],
		exclude: [],
	};
	return parsed.kind === 'span'
		? {...common, minimumAgeMs: parsed.ms, description: formatSpan(parsed.ms)}
		: {
				...common,
				cutoff: parsed.time,
				description: `published before ${parsed.time.slice(0, 16).replace('T', ' ')} UTC`,
			};
}
