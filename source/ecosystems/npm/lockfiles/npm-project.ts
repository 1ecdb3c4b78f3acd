import path from 'node:path';
import type {EdgeKind, GraphBuilder} from '../../../graph/builder.js';
import type {PackageSource} from '../../../graph/types.js';
import type {LockfileInput} from '../../../lockfiles/types.js';
import {isObject, type JsonObject, stringField} from './npm-json.js';
import {sourceOfRange} from './yarn-spec.js';

/**
 * What npm-style readers (npm, bun) share about the project around a lockfile: its package.json, its name,
 * its workspace patterns, and what a dependency spec or resolved URL says about where a package comes from.
 */

/** The package.json beside the lockfile (or at `relativePath`), undefined when absent or unreadable. */
export function readPackageJson(input: LockfileInput, relativePath = 'package.json'): JsonObject | undefined {
	const text = input.readRelative(relativePath);
	if (text === undefined) return undefined;
	try {
		const value: unknown = JSON.parse(text);
		return isObject(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

/** The root's name: package.json `name`, else the lockfile's own `name`, else the directory's name. */
export function rootName(
	input: LockfileInput,
	packageJson: JsonObject | undefined,
	lockfileName?: string,
): string {
	const fromManifest = packageJson ? stringField(packageJson, 'name') : undefined;
	return fromManifest || lockfileName || path.basename(path.dirname(input.absolutePath));
}

/** One declared dependency of a manifest, with the edge kind its field stands for. */
export type Declared = {readonly name: string; readonly kind: EdgeKind};

/**
 * A manifest's declared dependencies: `dependencies` → prod, `devDependencies` → dev (roots and
 * workspaces only), `optionalDependencies` → optional, `peerDependencies` → peer, or optional when
 * `peerDependenciesMeta` (npm) / `optionalPeers` (bun) says so.
 */
export function declaredDependencies(manifest: JsonObject, options: {dev: boolean}): Declared[] {
	const result: Declared[] = [];
	pushNames(result, manifest.dependencies, 'prod');
	if (options.dev) pushNames(result, manifest.devDependencies, 'dev');
	pushNames(result, manifest.optionalDependencies, 'optional');
	const peers = manifest.peerDependencies;
	if (isObject(peers)) {
		const optionalPeers = peerOptionality(manifest);
		for (const name in peers) result.push({name, kind: optionalPeers?.has(name) ? 'optional' : 'peer'});
	}

	return result;
}

function pushNames(into: Declared[], field: unknown, kind: EdgeKind): void {
	if (!isObject(field)) return;
	for (const name in field) if (typeof field[name] === 'string') into.push({name, kind});
}

/** Peer names marked optional, from npm's `peerDependenciesMeta` and bun's `optionalPeers`. */
function peerOptionality(manifest: JsonObject): Set<string> | undefined {
	let optional: Set<string> | undefined;
	const meta = manifest.peerDependenciesMeta;
	if (isObject(meta)) {
		for (const name in meta) {
			const flags = meta[name];
			if (isObject(flags) && flags.optional === true) (optional ??= new Set()).add(name);
		}
	}

	const bunOptional = manifest.optionalPeers;
	if (Array.isArray(bunOptional)) {
		for (const name of bunOptional) if (typeof name === 'string') (optional ??= new Set()).add(name);
	}

	return optional;
}

/**
 * Workspace patterns from a manifest: `workspaces: [...]` (npm, bun) or `workspaces: {packages: [...]}`
 * (yarn style), as a matcher for folder paths relative to the project.
 */
export function workspaceMatcher(manifest: JsonObject | undefined): (folder: string) => boolean {
	const field = manifest?.workspaces;
	const patterns = Array.isArray(field) ? field : isObject(field) ? field.packages : undefined;
	if (!Array.isArray(patterns)) return () => false;
	const include: RegExp[] = [];
	const exclude: RegExp[] = [];
	for (const pattern of patterns) {
		if (typeof pattern !== 'string') continue;
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
 * Any other http(s) URL is a remote tarball.
 */
export function sourceOfResolved(resolved: string | undefined, declaredFromRegistry = false): PackageSource {
	if (resolved === undefined || resolved === '') return 'registry';
	if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(resolved)) return 'git';
	if (resolved.startsWith('file:')) return 'file';
	if (resolved.startsWith('link:')) return 'link';
	if (/^https?:\/\//.test(resolved))
		return declaredFromRegistry || resolved.includes('/-/') ? 'registry' : 'url';
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
	manifest: JsonObject | undefined,
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
