import {readFileSync} from 'node:fs';
import path from 'node:path';
import {ensureTrailingSlash} from '../../registries/urls.js';
import {withoutByteOrderMark} from '../../util/byte-order-mark.js';

/**
 * The parts of npm's configuration commit-tui honours: `registry=`, `@scope:registry=` and
 * `//host/path/:_authToken=` (with `${ENV}` expansion), from the project's `.npmrc`, `~/.npmrc` and the
 * `npm_config_registry` variable — in npm's own order (env over project over user).
 */

export type NpmConfig = {
	readonly registry: string | null;
	readonly scopeRegistries: Record<string, string>;
	/** `//host/path/` → token. */
	readonly authTokens: Record<string, string>;
};

/** Parses one .npmrc text (ini: `key=value`, `#`/`;` comments, optional quotes). */
export function parseNpmrc(text: string, env: NodeJS.ProcessEnv): NpmConfig {
	let registry: string | null = null;
	const scopeRegistries: Record<string, string> = {};
	const authTokens: Record<string, string> = {};
	for (const rawLine of text.split(/\r?\n/)) {
		const line = rawLine.trim();
		if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
		const equals = line.indexOf('=');
		if (equals <= 0) continue;
		const key = line.slice(0, equals).trim();
		const value = expandEnv(unquote(line.slice(equals + 1).trim()), env);
		if (value === '') continue;
		if (key === 'registry') registry = ensureTrailingSlash(value);
		else if (/^@[^:]+:registry$/.test(key))
			scopeRegistries[key.slice(0, key.indexOf(':'))] = ensureTrailingSlash(value);
		else if (key.startsWith('//') && key.endsWith(':_authToken')) {
			authTokens[ensureTrailingSlash(key.slice(0, -':_authToken'.length))] = value;
		}
	}

	return {registry, scopeRegistries, authTokens};
}

/** Reads and merges the npm config files; a missing or unreadable file counts as empty. */
export function readNpmConfig(options: {
	readonly env: NodeJS.ProcessEnv;
	readonly projectDir?: string | null;
	readonly homeDir?: string | null;
}): NpmConfig {
	const layers: NpmConfig[] = [];
	// Lowest precedence first.
	if (options.homeDir) layers.push(parseNpmrc(readText(path.join(options.homeDir, '.npmrc')), options.env));
	if (options.projectDir)
		layers.push(parseNpmrc(readText(path.join(options.projectDir, '.npmrc')), options.env));
	let registry: string | null = null;
	const scopeRegistries: Record<string, string> = {};
	const authTokens: Record<string, string> = {};
	for (const layer of layers) {
		registry = layer.registry ?? registry;
		Object.assign(scopeRegistries, layer.scopeRegistries);
		Object.assign(authTokens, layer.authTokens);
	}

	const fromEnv = options.env.npm_config_registry || options.env.NPM_CONFIG_REGISTRY;
	if (fromEnv) registry = ensureTrailingSlash(fromEnv);
	return {registry, scopeRegistries, authTokens};
}

function unquote(value: string): string {
	return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/** `${NAME}` → the variable's value (empty when unset), as npm does. */
function expandEnv(value: string, env: NodeJS.ProcessEnv): string {
	return value.replace(/(\\*)\$\{([^}]+)\}/g, (whole, escapes: string, name: string) =>
		escapes.length % 2 === 1 ? whole.slice(1) : `${escapes}${env[name] ?? ''}`,
	);
}

function readText(file: string): string {
	try {
		return withoutByteOrderMark(readFileSync(file, 'utf8'));
	} catch {
		return '';
	}
}
