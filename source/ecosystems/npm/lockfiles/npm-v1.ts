import type {EdgeKind, GraphBuilder} from '../../../graph/builder.js';
import type {PackageSource} from '../../../graph/types.js';
import type {FieldPath, Fields} from '../../../lockfiles/fields.js';
import {jsonKeyLines, jsonPath} from '../../../lockfiles/json-lines.js';
import type {LockfileInput} from '../../../lockfiles/types.js';
import {NodeResolver} from './node-resolve.js';
import {isObject, type JsonObject} from './npm-json.js';
import {
	addDeclaredEdges,
	addProjectEdges,
	type Declared,
	declaredDependencies,
	normaliseFolder,
	readPackageJson,
	rootName,
	sourceOfResolved,
	workspaceMatcher,
} from './npm-project.js';

/** An entry, its name, and where it is in the file (`dependencies.a.dependencies.b`). */
type V1Entry = {readonly name: string; readonly entry: JsonObject; readonly path: FieldPath};

/** Real v1 lockfiles nest a few levels; thousands of levels would make install paths quadratic in size. */
const maxNesting = 1000;

/**
 * npm lockfileVersion 1: packages nest under `dependencies` the way they sit in node_modules, and each
 * entry's `requires` names its dependencies, found by walking up the nesting like Node. The nesting is
 * flattened to install paths so the same resolver serves v1, v2/v3 and bun.
 */
export function readNpmV1(
	input: LockfileInput,
	lock: JsonObject,
	builder: GraphBuilder,
	fields: Fields,
): void {
	const entries = new Map<string, V1Entry>();
	collect(lock.dependencies, ['dependencies'], '', entries, builder, fields);
	/** A string field of an entry; another type is an error naming it. */
	const field = (v1: V1Entry, name: string) => fields.string(v1.entry[name], [...v1.path, name]);
	const requires = (v1: V1Entry) => fields.stringMap(v1.entry.requires, [...v1.path, 'requires']);
	const resolver = new NodeResolver(entries.keys());
	const packageJson = readPackageJson(input);
	const isWorkspace = workspaceMatcher(packageJson);
	const lines = jsonKeyLines(input.text);

	// Packages whose edges are still to add: every entry, plus workspaces once something depends on them.
	const ids = new Map<string, string | undefined>();
	const pending: string[] = [];
	const idOf = (installPath: string): string | undefined => {
		if (ids.has(installPath)) return ids.get(installPath);
		const line = lines.get(v1JsonPath(installPath));
		const id = packageOf(input, installPath, entries.get(installPath)!, builder, isWorkspace, field, line);
		ids.set(installPath, id);
		if (id !== undefined) pending.push(installPath);
		return id;
	};

	const resolve = (fromPath: string, name: string) => {
		const installPath = resolver.resolve(fromPath, name);
		return installPath === undefined ? undefined : idOf(installPath);
	};

	const addPendingEdges = () => {
		for (let installPath = pending.pop(); installPath !== undefined; installPath = pending.pop()) {
			addRequires(installPath, ids.get(installPath)!);
		}
	};

	const addRequires = (installPath: string, id: string) => {
		for (const [name] of requires(entries.get(installPath)!)) {
			const target = resolver.resolve(installPath, name);
			const to = target === undefined ? undefined : idOf(target);
			if (to === undefined) {
				builder.warn(`${installPath} requires ${name}, which is not in the lockfile`);
				continue;
			}

			// v1 keeps no edge kinds; an entry flagged optional is only ever reached optionally.
			const targetEntry = entries.get(target!);
			const optional =
				targetEntry && fields.boolean(targetEntry.entry.optional, [...targetEntry.path, 'optional']);
			const kind: EdgeKind = optional === true ? 'optional' : 'prod';
			builder.addEdge(id, to, kind);
		}
	};

	// Every entry, except workspaces: those are roots, and packages only where something depends on them.
	for (const [installPath, v1] of entries) {
		if (isTopLevel(installPath) && workspaceFolder(field(v1, 'version'), isWorkspace) !== undefined) continue;
		idOf(installPath);
	}

	addPendingEdges();

	// v1 does not record the root's own dependencies: they come from package.json.
	const rootId = builder.addRoot(rootName(input, packageJson, fields.string(lock.name, ['name'])));
	addProjectEdges(
		builder,
		rootId,
		packageJson,
		(name) => resolve('', name),
		'package.json',
		'there is no package.json beside the lockfile; packages nothing depends on are taken as direct',
	);

	// Workspaces (npm 7+ writing v1): top-level `file:` entries inside the workspace patterns.
	for (const [installPath, v1] of entries) {
		const {name} = v1;
		const folder = isTopLevel(installPath) ? workspaceFolder(field(v1, 'version'), isWorkspace) : undefined;
		if (folder === undefined) continue;
		const workspaceRoot = builder.addRoot(name, folder);
		const manifest = readPackageJson(input, `${folder}/package.json`);
		const declared = manifest
			? declaredDependencies(manifest, {dev: true})
			: requires(v1).map(([dependency]): Declared => ({name: dependency, kind: 'prod'}));
		addDeclaredEdges(
			builder,
			workspaceRoot,
			declared,
			(dependency) => resolve(installPath, dependency),
			folder,
		);
	}

	addPendingEdges();
}

/** `node_modules/a/node_modules/@s/b` → the JSON path of its v1 entry, `dependencies.a.dependencies.@s/b`. */
function v1JsonPath(installPath: string): string {
	const names = installPath.slice('node_modules/'.length).split('/node_modules/');
	return jsonPath(...names.flatMap((name) => ['dependencies', name]));
}

function isTopLevel(installPath: string): boolean {
	return !installPath.includes('/node_modules/');
}

/**
 * Walks nested `dependencies` objects into `installPath → entry`. A `dependencies` that is not an object is an
 * error (the packages under it would vanish); an entry that is not an object is skipped with a warning.
 */
function collect(
	dependencies: unknown,
	at: FieldPath,
	parentPath: string,
	into: Map<string, V1Entry>,
	builder: GraphBuilder,
	fields: Fields,
	depth = 1,
): void {
	const table = fields.table(dependencies, at);
	if (table === undefined) return;
	if (depth > maxNesting) throw fields.error(at, `dependencies nested more than ${maxNesting} levels deep`);
	for (const [name, entry] of Object.entries(table)) {
		const installPath = parentPath === '' ? `node_modules/${name}` : `${parentPath}/node_modules/${name}`;
		if (!isObject(entry)) {
			builder.warn(`${installPath} is not an object; skipped`);
			continue;
		}

		const path = [...at, name];
		into.set(installPath, {name, entry, path});
		collect(entry.dependencies, [...path, 'dependencies'], installPath, into, builder, fields, depth + 1);
	}
}

/** The folder of a `file:` entry (by its `version`) when the workspace patterns cover it. */
function workspaceFolder(
	version: string | undefined,
	isWorkspace: (folder: string) => boolean,
): string | undefined {
	if (!version?.startsWith('file:')) return undefined;
	const folder = normaliseFolder(version.slice('file:'.length));
	return !folder.startsWith('..') && isWorkspace(folder) ? folder : undefined;
}

/**
 * The package a v1 entry stands for. `version` carries the whole story: `1.2.3`, `npm:real@1.2.3` (alias),
 * `file:path` (workspace or local folder/tarball), a git URL with `#commit`, or a tarball URL.
 */
function packageOf(
	input: LockfileInput,
	installPath: string,
	v1: V1Entry,
	builder: GraphBuilder,
	isWorkspace: (folder: string) => boolean,
	field: (v1: V1Entry, name: string) => string | undefined,
	line: number | undefined,
): string | undefined {
	const {name} = v1;
	const version = field(v1, 'version');
	if (version === undefined) {
		builder.warn(`${installPath} has no version; ${name} is left out of the graph`);
		return undefined;
	}

	if (version.startsWith('npm:')) {
		const target = version.slice('npm:'.length);
		const at = target.lastIndexOf('@');
		if (at > 0) {
			return builder.addPackage({
				name: target.slice(0, at),
				version: target.slice(at + 1),
				// An `npm:` alias is a registry spec, wherever the registry keeps its tarballs.
				source: sourceOfResolved(field(v1, 'resolved'), true),
				alias: name,
				line,
				tarball: field(v1, 'resolved'),
			});
		}
	}

	const folder = workspaceFolder(version, isWorkspace);
	if (folder !== undefined) {
		const manifest = readPackageJson(input, `${folder}/package.json`);
		const manifestVersion = manifest?.fields.string(manifest.value.version, ['version']);
		return builder.addPackage({name, version: manifestVersion ?? version, source: 'workspace', line});
	}

	// v1 writes a URL, git or path dependency's spec as its `version`: a semver version came from a registry,
	// whatever the tarball URL looks like (GitHub Packages, Artifactory).
	const source: PackageSource = /^[\d]/.test(version)
		? sourceOfResolved(field(v1, 'resolved'), true)
		: sourceOfSpec(version);
	return builder.addPackage({name, version, source, line, tarball: field(v1, 'resolved')});
}

/**
 * A non-semver v1 version is a spec: git, tarball URL or local path. A local folder (`file:../lib`) is
 * symlinked into node_modules, which v2/v3 record as `link: true`, so both read as `link`.
 */
function sourceOfSpec(spec: string): PackageSource {
	const source = sourceOfResolved(spec);
	if (source === 'file') return /\.(tgz|tar\.gz|tar)$/.test(spec) ? 'file' : 'link';
	if (source !== 'registry') return source;
	return spec.includes('#') || spec.includes('.git') ? 'git' : 'file';
}
