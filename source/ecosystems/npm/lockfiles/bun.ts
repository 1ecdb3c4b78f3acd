import {GraphBuilder} from '../../../graph/builder.js';
import type {PackageSource} from '../../../graph/types.js';
import {jsonKeyLines, jsonPath} from '../../../lockfiles/json-lines.js';
import {LockfileError, type LockfileReader} from '../../../lockfiles/types.js';
import {installPathOfChain, NodeResolver, splitNameChain} from './node-resolve.js';
import {isObject, type JsonObject, parseLockfileJson, stringField} from './npm-json.js';
import {
	addDeclaredEdges,
	addProjectEdges,
	declaredDependencies,
	normaliseFolder,
	readPackageJson,
	rootName,
	sourceOfResolved,
} from './npm-project.js';

/** Text lockfile versions bun has written: 0 (bun 1.1), 1 (bun 1.2–1.3), 2 (bun 1.4). */
const supportedVersions = new Set([0, 1, 2]);

/**
 * Reads bun's text lockfile `bun.lock` (JSONC with trailing commas). `workspaces` holds each workspace's
 * declared dependencies ("" is the project); `packages` maps a key to a tuple whose first element is
 * `name@spec`. Keys are install locations written as name chains: `debug` sits in the top node_modules,
 * `send/ms` inside send's own node_modules, so edges resolve Node-style from the key upwards.
 */
export const readBunLockfile: LockfileReader = (input) => {
	const lock = parseLockfileJson(input, {jsonc: true});
	const version = lock.lockfileVersion;
	if (version === undefined) throw new LockfileError(input.path, 'missing lockfileVersion (not a bun.lock?)');
	if (typeof version !== 'number' || !supportedVersions.has(version)) {
		throw new LockfileError(
			input.path,
			`unsupported lockfileVersion ${JSON.stringify(version)} (supported: ${[...supportedVersions].join(', ')})`,
		);
	}

	const builder = new GraphBuilder('npm', input.path);
	const workspaces = isObject(lock.workspaces) ? lock.workspaces : {};
	const packages = isObject(lock.packages) ? lock.packages : {};
	if (!isObject(lock.packages)) builder.warn('the lockfile has no "packages" object');

	// Key → parsed tuple, and the install path each key stands for.
	const tuples = new Map<string, BunPackage>();
	const keyByPath = new Map<string, string>();
	for (const [key, value] of Object.entries(packages)) {
		const parsed = parseTuple(value);
		if (parsed === undefined) {
			builder.warn(`packages["${key}"] is not a bun package entry; skipped`);
			continue;
		}

		tuples.set(key, parsed);
		keyByPath.set(installPathOfChain(splitNameChain(key)), key);
	}

	const resolver = new NodeResolver(keyByPath.keys());
	const lines = jsonKeyLines(input.text);
	// Packages whose edges are still to add: every entry, plus workspaces once something depends on them.
	const ids = new Map<string, string | undefined>();
	const pending: string[] = [];
	const idOf = (key: string): string | undefined => {
		if (ids.has(key)) return ids.get(key);
		const line = lines.get(jsonPath('packages', key));
		const id = packageOf(key, tuples.get(key)!, workspaces, builder, line);
		ids.set(key, id);
		if (id !== undefined) pending.push(key);
		return id;
	};

	const resolve = (fromPath: string, name: string): string | undefined => {
		const installPath = resolver.resolve(fromPath, name);
		return installPath === undefined ? undefined : idOf(keyByPath.get(installPath)!);
	};

	const addPendingEdges = () => {
		for (let key = pending.pop(); key !== undefined; key = pending.pop()) {
			const manifest = manifestOf(tuples.get(key)!, workspaces);
			if (!manifest) continue;
			const fromPath = installPathOfChain(splitNameChain(key));
			addDeclaredEdges(
				builder,
				ids.get(key)!,
				declaredDependencies(manifest, {dev: false}),
				(name) => resolve(fromPath, name),
				key,
			);
		}
	};

	// Every package, except workspaces: those are roots, and packages only where something depends on them.
	for (const [key, tuple] of tuples) if (!tuple.spec.startsWith('workspace:')) idOf(key);
	addPendingEdges();

	const packageJson = readPackageJson(input);
	const rootWorkspace = isObject(workspaces['']) ? workspaces[''] : undefined;
	const rootId = builder.addRoot(
		rootName(input, packageJson, rootWorkspace && stringField(rootWorkspace, 'name')),
	);
	const rootManifest = rootWorkspace ?? packageJson;
	addProjectEdges(
		builder,
		rootId,
		rootManifest,
		(name) => resolve('', name),
		'the project',
		'the lockfile has no workspaces[""] entry and there is no package.json beside it',
	);

	// Every other workspace is a root too. Its own nested dependencies sit under its name (`@mono/util/ms`).
	for (const [folder, manifest] of Object.entries(workspaces)) {
		if (folder === '' || !isObject(manifest)) continue;
		const name = stringField(manifest, 'name') ?? folder;
		const workspaceRoot = builder.addRoot(name, folder);
		const fromPath = installPathOfChain([name]);
		addDeclaredEdges(
			builder,
			workspaceRoot,
			declaredDependencies(manifest, {dev: true}),
			(dependency) => resolve(fromPath, dependency),
			folder,
		);
	}

	addPendingEdges();
	return builder.build('bun');
};

/**
 * The binary `bun.lockb` (bun before 1.2) cannot be read; the message says how to get the text lockfile.
 */
export function bunLockbError(path: string): LockfileError {
	return new LockfileError(
		path,
		'bun.lockb is a binary lockfile and cannot be read; run `bun install --save-text-lockfile` to write bun.lock next to it, then run commit-tui again',
	);
}

/** One `packages` entry: `[ "name@spec", ...rest ]`, with its metadata object when it has one. */
type BunPackage = {readonly name: string; readonly spec: string; readonly info: JsonObject | undefined};

function parseTuple(value: unknown): BunPackage | undefined {
	if (!Array.isArray(value) || typeof value[0] !== 'string') return undefined;
	const identity = value[0];
	const at = identity.indexOf('@', 1); // a scoped name starts with '@'
	if (at <= 0) return undefined;
	// npm packages: [id, registry, info, integrity]; others (workspace, link, file, git, tarball): [id, info, …].
	const info = value.slice(1).find((element) => isObject(element));
	return {name: identity.slice(0, at), spec: identity.slice(at + 1), info: info as JsonObject | undefined};
}

/** What bun's spec says about the package's origin. */
function sourceOfSpec(spec: string): PackageSource | 'root' {
	if (spec.startsWith('workspace:')) return 'workspace';
	if (spec.startsWith('root:')) return 'root';
	const localPath = /^(\.{0,2}\/|[a-zA-Z]:\\)/.test(spec);
	const localTarball = !spec.includes('://') && /\.(tgz|tar\.gz|tar)$/.test(spec);
	if (localPath || localTarball) {
		return 'file';
	}

	return sourceOfResolved(spec);
}

function packageOf(
	key: string,
	tuple: BunPackage,
	workspaces: JsonObject,
	builder: GraphBuilder,
	line: number | undefined,
): string | undefined {
	const source = sourceOfSpec(tuple.spec);
	if (source === 'root') return undefined; // the project itself, already the root
	if (source === 'workspace') {
		const manifest = workspaces[normaliseFolder(tuple.spec.slice('workspace:'.length))];
		const version = isObject(manifest) ? stringField(manifest, 'version') : undefined;
		return builder.addPackage({name: tuple.name, version: version ?? tuple.spec, source, line});
	}

	const names = splitNameChain(key);
	const installedName = names[names.length - 1]!;
	if (tuple.spec === '') {
		builder.warn(`packages["${key}"] has no version; ${tuple.name} is left out of the graph`);
		return undefined;
	}

	return builder.addPackage({name: tuple.name, version: tuple.spec, source, alias: installedName, line});
}

/** The declared dependencies of a package: its tuple's metadata, or for a workspace its `workspaces` entry. */
function manifestOf(tuple: BunPackage, workspaces: JsonObject): JsonObject | undefined {
	if (tuple.spec.startsWith('workspace:')) {
		const manifest = workspaces[normaliseFolder(tuple.spec.slice('workspace:'.length))];
		if (isObject(manifest)) return manifest;
	}

	return tuple.info;
}
