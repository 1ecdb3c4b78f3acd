import {readdirSync} from 'node:fs';
import path from 'node:path';
import type {EdgeKind} from '../../../graph/builder.js';
import {Fields, jsonLocator} from '../../../lockfiles/fields.js';
import {LockfileError, type LockfileInput} from '../../../lockfiles/types.js';
import {isRecord} from '../../../util/records.js';

/**
 * The package.json side of the yarn and pnpm readers: yarn v1 (and berry without workspace entries) does
 * not record the project's own dependencies, and pnpm importers carry no names, so both read manifests.
 */

/** The fields of a package.json these readers use (checked: a field of the wrong type is an error). */
export type Manifest = {
	readonly name?: string;
	readonly version?: string;
	readonly dependencies: Readonly<Record<string, string>>;
	readonly devDependencies: Readonly<Record<string, string>>;
	readonly optionalDependencies: Readonly<Record<string, string>>;
	readonly peerDependencies: Readonly<Record<string, string>>;
	/** Peers `peerDependenciesMeta` marks optional (absent: none). */
	readonly optionalPeers?: readonly string[];
	/** `workspaces: [...]` or `workspaces: {packages: [...]}`. */
	readonly workspaces: readonly string[];
	/** yarn's `resolutions` (pattern → range), in the order written. */
	readonly resolutions: Readonly<Record<string, string>>;
};

/** One declared dependency: the name, the range as written, and the edge kind its field stands for. */
export type DeclaredDependency = {readonly name: string; readonly range: string; readonly kind: EdgeKind};

/**
 * Reads and checks the package.json at `relativePath` from the lockfile; undefined when absent. Malformed JSON,
 * or a field these readers use with the wrong type, is an error naming the package.json and the field: read as
 * empty, the project would silently lose its direct dependencies.
 */
export function readManifest(input: LockfileInput, relativePath = 'package.json'): Manifest | undefined {
	const text = input.readRelative(relativePath);
	if (text === undefined) return undefined;
	const file = path.posix.join(path.posix.dirname(input.path.replaceAll('\\', '/')), relativePath);
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw new LockfileError(
			file,
			`malformed JSON: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
		);
	}

	if (!isRecord(value)) throw new LockfileError(file, 'expected a JSON object at the top level');
	const fields = new Fields(file, jsonLocator(text));
	const workspaces = value.workspaces;
	const patterns = Array.isArray(workspaces)
		? fields.strings(workspaces, ['workspaces'])
		: fields.strings(fields.table(workspaces, ['workspaces'])?.packages, ['workspaces', 'packages']);
	const name = fields.string(value.name, ['name']);
	const version = fields.string(value.version, ['version']);
	const section = (key: string) => Object.fromEntries(fields.stringMap(value[key], [key]));
	const optionalPeers = optionalPeerNames(value.peerDependenciesMeta, fields);
	return {
		name: name === '' ? undefined : name,
		version: version === '' ? undefined : version,
		dependencies: section('dependencies'),
		devDependencies: section('devDependencies'),
		optionalDependencies: section('optionalDependencies'),
		peerDependencies: section('peerDependencies'),
		...(optionalPeers.length > 0 ? {optionalPeers} : {}),
		workspaces: patterns,
		// Only yarn berry reads them, and only their string entries: another reader never fails on this field.
		resolutions: isRecord(value.resolutions)
			? Object.fromEntries(
					Object.entries(value.resolutions).filter(
						(entry): entry is [string, string] => typeof entry[1] === 'string',
					),
				)
			: {},
	};
}

/** Peers `peerDependenciesMeta` marks optional; an entry or flag of the wrong type is an error. */
function optionalPeerNames(meta: unknown, fields: Fields): string[] {
	const names: string[] = [];
	for (const [name, flags] of Object.entries(fields.table(meta, ['peerDependenciesMeta']) ?? {})) {
		const where = ['peerDependenciesMeta', name];
		if (fields.boolean(fields.table(flags, where)?.optional, [...where, 'optional']) === true)
			names.push(name);
	}

	return names;
}

/**
 * A manifest's dependencies with their kinds. npm and yarn copy optionalDependencies into dependencies too,
 * so a name in both is optional; a name in both dependencies and devDependencies is prod. A peer that
 * `peerDependenciesMeta` marks optional is `peerOptional`, unless another field lists it (a library's dev copy).
 */
export function declaredDependencies(
	manifest: Manifest,
	options: {readonly dev: boolean},
): DeclaredDependency[] {
	const result = new Map<string, DeclaredDependency>();
	const add = (record: Readonly<Record<string, string>>, kind: EdgeKind) => {
		for (const [name, range] of Object.entries(record))
			if (!result.has(name)) result.set(name, {name, range, kind});
	};

	add(manifest.optionalDependencies, 'optional');
	add(manifest.dependencies, 'prod');
	if (options.dev) add(manifest.devDependencies, 'dev');
	const optionalPeers = new Set(manifest.optionalPeers);
	for (const [name, range] of Object.entries(manifest.peerDependencies))
		if (!result.has(name))
			result.set(name, {name, range, kind: optionalPeers.has(name) ? 'peerOptional' : 'peer'});
	return [...result.values()];
}

/** The kind a manifest gives `name` (when the lockfile lists a workspace's dependencies without saying which field). */
export function kindInManifest(manifest: Manifest, name: string): EdgeKind | undefined {
	if (name in manifest.optionalDependencies) return 'optional';
	if (name in manifest.dependencies) return 'prod';
	if (name in manifest.devDependencies) return 'dev';
	if (name in manifest.peerDependencies)
		return manifest.optionalPeers?.includes(name) ? 'peerOptional' : 'peer';
	return undefined;
}

/** The root's name: package.json `name` beside the lockfile, else the lockfile directory's name. */
export function projectName(input: LockfileInput, manifest: Manifest | undefined): string {
	return manifest?.name ?? path.basename(path.dirname(input.absolutePath));
}

/**
 * Workspace folders (relative, `/`-separated) matching yarn/npm `workspaces` globs, found by listing the
 * directories under the lockfile. Supports `*` within a segment and `**`; never descends into node_modules
 * or dot-folders. A folder counts only when it has a package.json.
 */
export function expandWorkspaceGlobs(input: LockfileInput, patterns: readonly string[]): string[] {
	const base = path.dirname(input.absolutePath);
	const found = new Set<string>();
	const excluded: string[] = [];
	for (const raw of patterns) {
		const negated = raw.startsWith('!');
		const pattern = normalizeFolder(negated ? raw.slice(1) : raw);
		if (negated) {
			excluded.push(pattern);
			continue;
		}

		for (const folder of matchSegments(base, '', pattern.split('/').filter(Boolean))) found.add(folder);
	}

	return [...found]
		.filter((folder) => folder !== '.' && !excluded.some((pattern) => globToRegExp(pattern).test(folder)))
		.filter((folder) => input.readRelative(`${folder}/package.json`) !== undefined)
		.sort();
}

function matchSegments(base: string, prefix: string, segments: readonly string[]): string[] {
	if (segments.length === 0) return prefix === '' ? [] : [prefix];
	const [segment, ...rest] = segments as [string, ...string[]];
	const join = (name: string) => (prefix === '' ? name : `${prefix}/${name}`);
	if (!segment.includes('*')) return matchSegments(base, join(segment), rest);
	const children = listFolders(path.join(base, prefix));
	if (segment === '**') {
		// `**` matches zero or more folders.
		const results = matchSegments(base, prefix, rest);
		for (const child of children) results.push(...matchSegments(base, join(child), segments));
		return results;
	}

	const matcher = globToRegExp(segment);
	return children
		.filter((child) => matcher.test(child))
		.flatMap((child) => matchSegments(base, join(child), rest));
}

function listFolders(directory: string): string[] {
	try {
		return readdirSync(directory, {withFileTypes: true})
			.filter((entry) => entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
			.map((entry) => entry.name)
			.sort();
	} catch {
		return [];
	}
}

function globToRegExp(glob: string): RegExp {
	const source = glob
		.split('**')
		.map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*'))
		.join('.*');
	return new RegExp(`^${source}$`);
}

/** `./packages/app/` → `packages/app`. */
export function normalizeFolder(folder: string): string {
	return folder
		.replaceAll('\\', '/')
		.replace(/^(\.\/)+/, '')
		.replace(/\/+$/, '');
}
