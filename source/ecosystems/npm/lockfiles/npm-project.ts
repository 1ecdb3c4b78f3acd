import path from 'node:path';
import type {EdgeKind, GraphBuilder} from '../../../graph/builder.js';
import type {PackageSource} from '../../../graph/types.js';
import {type FieldPath, Fields, jsonLocator} from '../../../lockfiles/fields.js';
import {LockfileError, type LockfileInput} from '../../../lockfiles/types.js';
import {isObject, type JsonObject} from './npm-json.js';
import {sourceOfRange} from './yarn-spec.js';

/**
 * What npm-style readers (npm, bun) share about the project around a lockfile: its package.json, its name,
 * its workspace patterns, and what a dependency spec or resolved URL says about where a package comes from.
 */

/**
 * A manifest — a package.json, or a lockfile entry that lists dependencies like one — with where it sits, so a
 * field of the wrong type is an error naming its file and line.
 */
export type ManifestAt = {
	readonly value: JsonObject;
	readonly fields: Fields;
	/** Where `value` is in its file (`['packages', 'node_modules/a']`; `[]` for a package.json). */
	readonly path: FieldPath;
};

/**
 * The package.json beside the lockfile (or at `relativePath`), undefined when absent. One that is not JSON, or
 * not an object, is an error naming it: package managers refuse it too, and reading the project without it
 * would silently lose its direct dependencies.
 */
export function readPackageJson(input: LockfileInput, relativePath = 'package.json'): ManifestAt | undefined {
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

	if (!isObject(value)) throw new LockfileError(file, 'expected a JSON object at the top level');
	return {value, fields: new Fields(file, jsonLocator(text)), path: []};
}

/** The root's name: package.json `name`, else the lockfile's own `name`, else the directory's name. */
export function rootName(
	input: LockfileInput,
	packageJson: ManifestAt | undefined,
	lockfileName?: string,
): string {
	const fromManifest = packageJson
		? packageJson.fields.string(packageJson.value.name, [...packageJson.path, 'name'])
		: undefined;
	return fromManifest || lockfileName || path.basename(path.dirname(input.absolutePath));
}

/** One declared dependency of a manifest, with the edge kind its field stands for. */
export type Declared = {readonly name: string; readonly kind: EdgeKind};

/**
 * A manifest's declared dependencies: `dependencies` → prod, `devDependencies` → dev (roots and
 * workspaces only), `optionalDependencies` → optional, `peerDependencies` → peer, or peerOptional when
 * `peerDependenciesMeta` (npm) / `optionalPeers` (bun) says so (installed only where something else installs it). A section that is not a `name → range`
 * mapping is an error: read as empty, it would cut the package's edges without a word.
 */
export function declaredDependencies(manifest: ManifestAt, options: {dev: boolean}): Declared[] {
	const result: Declared[] = [];
	for (const name of sectionNames(manifest, 'dependencies')) result.push({name, kind: 'prod'});
	if (options.dev)
		for (const name of sectionNames(manifest, 'devDependencies')) result.push({name, kind: 'dev'});
	for (const name of sectionNames(manifest, 'optionalDependencies')) result.push({name, kind: 'optional'});
	const peers = sectionNames(manifest, 'peerDependencies');
	if (peers.length > 0) {
		const optionalPeers = peerOptionality(manifest);
		for (const name of peers) result.push({name, kind: optionalPeers.has(name) ? 'peerOptional' : 'peer'});
	}

	return result;
}

const noNames: readonly string[] = [];

/**
 * The names of a `name → range` section, checked as `Fields.stringMap` checks it (which also throws the error).
 * Every entry of a large lockfile comes through here: an absent section costs nothing, and the path is built
 * only for an error.
 */
function sectionNames({value, fields, path: at}: ManifestAt, key: string): readonly string[] {
	const table = value[key];
	if (table === undefined || table === null) return noNames;
	if (isObject(table) && !(table instanceof Date)) {
		const names = Object.keys(table);
		if (names.every((name) => typeof table[name] === 'string')) return names;
	}

	return fields.stringMap(table, [...at, key]).map(([name]) => name);
}

/** Peer names marked optional, from npm's `peerDependenciesMeta` and bun's `optionalPeers`. */
function peerOptionality({value, fields, path: at}: ManifestAt): Set<string> {
	const optional = new Set<string>();
	const meta = fields.table(value.peerDependenciesMeta, [...at, 'peerDependenciesMeta']) ?? {};
	for (const [name, flags] of Object.entries(meta)) {
		const where = [...at, 'peerDependenciesMeta', name];
		const table = fields.table(flags, where);
		if (table && fields.boolean(table.optional, [...where, 'optional']) === true) optional.add(name);
	}

	for (const name of fields.strings(value.optionalPeers, [...at, 'optionalPeers'])) optional.add(name);
	return optional;
}

/**
 * Workspace patterns from a manifest: `workspaces: [...]` (npm, bun) or `workspaces: {packages: [...]}`
 * (yarn style), as a matcher for folder paths relative to the project. Patterns of the wrong type are an error:
 * they decide which folders are roots.
 */
export function workspaceMatcher(manifest: ManifestAt | undefined): (folder: string) => boolean {
	if (!manifest) return () => false;
	const {value, fields, path: at} = manifest;
	const field = value.workspaces;
	const patterns = Array.isArray(field)
		? fields.strings(field, [...at, 'workspaces'])
		: fields.strings(fields.table(field, [...at, 'workspaces'])?.packages, [...at, 'workspaces', 'packages']);
	if (patterns.length === 0) return () => false;
	const include: RegExp[] = [];
	const exclude: RegExp[] = [];
	for (const pattern of patterns) {
		if (pattern.startsWith('!')) exclude.push(globToRegExp(pattern.slice(1)));
		else include.push(globToRegExp(pattern));
	}

	return (folder) => {
		const normalised = normaliseFolder(folder);
		return include.some((glob) => glob.test(normalised)) && !exclude.some((glob) => glob.test(normalised));
	};
}

/** `./packages/a/` → `packages/a`. */
export function normaliseFolder(folder: string): string {
	return folder.replaceAll('\\', '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

/** The small glob dialect workspace patterns use: `*` within a segment, `**` across segments, `?`. */
function globToRegExp(glob: string): RegExp {
	let source = '';
	const normalised = normaliseFolder(glob);
	for (let index = 0; index < normalised.length; index++) {
		const char = normalised[index]!;
		if (char === '*' && normalised[index + 1] === '*') {
			source += '.*';
			index++;
			if (normalised[index + 1] === '/') index++;
		} else if (char === '*') {
			source += '[^/]*';
		} else if (char === '?') {
			source += '[^/]';
		} else {
			source += char.replaceAll(/[.+^${}()|[\]\\]/g, '\\$&');
		}
	}

	return new RegExp(`^${source}$`);
}

/**
 * Where a package comes from, judged from npm's `resolved` (or a v1 `version`, or a bun spec). An http(s)
 * URL is a registry tarball when a dependent asked for the package with a registry spec (a semver range, a
 * tag, an `npm:` alias: `declaredFromRegistry`) — GitHub Packages (`npm.pkg.github.com/download/@s/n/1.2.3/…`),
 * Artifactory and other registries do not use npmjs's `/-/` path — or, when nothing says, when it has `/-/`.
 * Any other http(s) URL is a remote tarball. `declaredFromRegistry` may be a function: asked only for a URL
 * without `/-/`.
 */
export function sourceOfResolved(
	resolved: string | undefined,
	declaredFromRegistry: boolean | (() => boolean) = false,
): PackageSource {
	if (resolved === undefined || resolved === '') return 'registry';
	if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(resolved)) return 'git';
	if (resolved.startsWith('file:')) return 'file';
	if (resolved.startsWith('link:')) return 'link';
	if (/^https?:\/\//.test(resolved)) {
		if (resolved.includes('/-/')) return 'registry';
		const declared =
			typeof declaredFromRegistry === 'function' ? declaredFromRegistry() : declaredFromRegistry;
		return declared ? 'registry' : 'url';
	}

	return 'registry';
}

/**
 * Names some manifest in the lockfile (or package.json) declares with a registry spec — a semver range, a
 * dist-tag or an `npm:` alias, not a URL, path or git spec. Keyed by the name it is installed under.
 */
export function namesDeclaredFromRegistry(manifests: Iterable<JsonObject | undefined>): Set<string> {
	const names = new Set<string>();
	for (const manifest of manifests) {
		if (!manifest) continue;
		for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
			const declared = manifest[field];
			if (!isObject(declared)) continue;
			for (const [name, spec] of Object.entries(declared)) {
				if (typeof spec === 'string' && sourceOfRange(spec) === 'registry') names.add(name);
			}
		}
	}

	return names;
}

/** Adds each declared dependency of a manifest as an edge from `from`, resolving names with `resolve`. */
export function addDeclaredEdges(
	builder: GraphBuilder,
	from: string,
	dependencies: readonly Declared[],
	resolve: (name: string) => string | undefined,
	describeFrom: string,
): void {
	for (const {name, kind} of dependencies) {
		const to = resolve(name);
		if (to !== undefined) {
			builder.addEdge(from, to, kind);
		} else if (kind === 'prod' || kind === 'dev') {
			// Missing optional and peer dependencies are normal (platform-specific, or not installed).
			builder.warn(`${describeFrom} depends on ${name}, which is not in the lockfile`);
		}
	}
}

/**
 * The project root's edges: every dependency its manifest declares, dev ones included; without a manifest, the
 * warning `withoutManifest`, and every package nothing depends on taken as direct.
 */
export function addProjectEdges(
	builder: GraphBuilder,
	rootId: string,
	manifest: ManifestAt | undefined,
	resolve: (name: string) => string | undefined,
	describeFrom: string,
	withoutManifest: string,
): void {
	if (manifest) {
		addDeclaredEdges(builder, rootId, declaredDependencies(manifest, {dev: true}), resolve, describeFrom);
	} else {
		builder.warn(withoutManifest);
		builder.adoptOrphansAsDirect(rootId);
	}
}
