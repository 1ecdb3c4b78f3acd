import {GraphBuilder} from '../../../graph/builder.js';
import type {PackageSource} from '../../../graph/types.js';
import {type FieldPath, Fields, jsonLocator} from '../../../lockfiles/fields.js';
import {jsonMemberLines} from '../../../lockfiles/json-lines.js';
import {LockfileError, type LockfileReader} from '../../../lockfiles/types.js';
import {installPathOfChain, NodeResolver, splitNameChain} from './node-resolve.js';
import {isObject, type JsonObject, parseLockfileJson} from './npm-json.js';
import {
	addDeclaredEdges,
	addProjectEdges,
	declaredDependencies,
	type ManifestAt,
	normaliseFolder,
	readPackageJson,
	rootName,
	sourceOfResolved,
} from './npm-project.js';

/**
 * Text lockfile versions bun has written: 0 (bun 1.1), 1 (bun 1.2–1.3), 2 (bun 1.4: the same entries, checked more
 * strictly by bun) and 3 (bun 1.4 with nested or version-scoped `overrides`, whose values become objects: the
 * packages they pin sit under their parents' keys, `send/ms`, as any nested install does).
 */
const supportedVersions = new Set([0, 1, 2, 3]);

/**
 * Reads bun's text lockfile `bun.lock` (JSONC with trailing commas). `workspaces` holds each workspace's
 * declared dependencies ("" is the project); `packages` maps a key to a tuple whose first element is
 * `name@spec`. Keys are install locations written as name chains: `debug` sits in the top node_modules,
 * `send/ms` inside send's own node_modules, so edges resolve Node-style from the key upwards.
 */
export const readBunLockfile: LockfileReader = (input) => {
	const warnings: string[] = [];
	const lock = parseLockfileJson(input, {jsonc: true, warn: (message) => warnings.push(message)});
	const version = lock.lockfileVersion;
	if (version === undefined) throw new LockfileError(input.path, 'missing lockfileVersion (not a bun.lock?)');
	if (typeof version !== 'number' || !supportedVersions.has(version)) {
		throw new LockfileError(
			input.path,
			`unsupported lockfileVersion ${JSON.stringify(version)} (supported: ${[...supportedVersions].join(', ')})`,
		);
	}

	const builder = new GraphBuilder('npm', input.path);
	for (const warning of warnings) builder.warn(warning);
	const fields = Fields.of(input, jsonLocator);
	const workspaces = fields.table(lock.workspaces, ['workspaces']) ?? {};
	const packages = fields.table(lock.packages, ['packages']) ?? {};
	if (lock.packages === undefined) builder.warn('the lockfile has no "packages" object');
	const workspaceAt = (folder: string): ManifestAt | undefined => {
		const path: FieldPath = ['workspaces', folder];
		const value = fields.table(workspaces[folder], path);
		return value ? {value, fields, path} : undefined;
	};

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
	const lines = jsonMemberLines(input.text, 'packages');
	// Packages whose edges are still to add: every entry, plus workspaces once something depends on them.
	const ids = new Map<string, string | undefined>();
	const pending: string[] = [];
	const idOf = (key: string): string | undefined => {
		if (ids.has(key)) return ids.get(key);
		const line = lines.get(key);
		const id = packageOf(key, tuples.get(key)!, workspaceAt, builder, line, fields);
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
			const manifest = manifestOf(key, tuples.get(key)!, workspaceAt, fields);
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
	const rootWorkspace = workspaceAt('');
	const rootId = builder.addRoot(
		rootName(
			input,
			packageJson,
			rootWorkspace && fields.string(rootWorkspace.value.name, ['workspaces', '', 'name']),
		),
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
	for (const folder of Object.keys(workspaces)) {
		const manifest = folder === '' ? undefined : workspaceAt(folder);
		if (!manifest) continue;
		const name = fields.string(manifest.value.name, [...manifest.path, 'name']) ?? folder;
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

/** One `packages` entry: `[ "name@spec", ...rest ]`, with its metadata object (and its index) when it has one. */
type BunPackage = {
	readonly name: string;
	readonly spec: string;
	readonly info: JsonObject | undefined;
	readonly infoIndex: number;
	/** An npm package's second element: its tarball URL, `""` for the registry bun is configured with. */
	readonly registry: string | undefined;
};

function parseTuple(value: unknown): BunPackage | undefined {
	if (!Array.isArray(value) || typeof value[0] !== 'string') return undefined;
	const identity = value[0];
	const at = identity.indexOf('@', 1); // a scoped name starts with '@'
	if (at <= 0) return undefined;
	// npm packages: [id, registry, info, integrity]; others (workspace, link, file, git, tarball): [id, info, …].
	const infoIndex = value.findIndex((element, index) => index > 0 && isObject(element));
	const info = infoIndex === -1 ? undefined : (value[infoIndex] as JsonObject);
	const registry = infoIndex === 2 && typeof value[1] === 'string' ? value[1] : undefined;
	return {name: identity.slice(0, at), spec: identity.slice(at + 1), info, infoIndex, registry};
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
	workspaceAt: (folder: string) => ManifestAt | undefined,
	builder: GraphBuilder,
	line: number | undefined,
	fields: Fields,
): string | undefined {
	const source = sourceOfSpec(tuple.spec);
	if (source === 'root') return undefined; // the project itself, already the root
	if (source === 'workspace') {
		const manifest = workspaceAt(normaliseFolder(tuple.spec.slice('workspace:'.length)));
		const version = manifest?.fields.string(manifest.value.version, [...manifest.path, 'version']);
		return builder.addPackage({name: tuple.name, version: version ?? tuple.spec, source, line});
	}

	const names = splitNameChain(key);
	const installedName = names[names.length - 1]!;
	if (tuple.spec === '') {
		builder.warn(`packages["${key}"] has no version; ${tuple.name} is left out of the graph`);
		return undefined;
	}

	const installScript = tuple.info
		? fields.boolean(tuple.info.hasInstallScript, ['packages', key, tuple.infoIndex, 'hasInstallScript'])
		: undefined;
	return builder.addPackage({
		name: tuple.name,
		version: tuple.spec,
		source,
		alias: installedName,
		line,
		hasInstallScript: installScript === true,
		...(source === 'registry' ? tarballOf(tuple) : {}),
	});
}

/**
 * Where a registry package's tarball comes from: the tuple's second element, a URL, or `""` for the registry bun
 * is set to. A package whose spec is itself a URL is what it says: nothing to compare.
 */
function tarballOf(tuple: BunPackage): {tarball?: string; tarballImplied?: boolean} {
	if (/^https?:\/\//i.test(tuple.spec)) return {};
	if (tuple.registry && /^https?:\/\//i.test(tuple.registry)) return {tarball: tuple.registry};
	return {tarballImplied: true};
}

/** The declared dependencies of a package: its tuple's metadata, or for a workspace its `workspaces` entry. */
function manifestOf(
	key: string,
	tuple: BunPackage,
	workspaceAt: (folder: string) => ManifestAt | undefined,
	fields: Fields,
): ManifestAt | undefined {
	if (tuple.spec.startsWith('workspace:')) {
		const manifest = workspaceAt(normaliseFolder(tuple.spec.slice('workspace:'.length)));
		if (manifest) return manifest;
	}

	return tuple.info ? {value: tuple.info, fields, path: ['packages', key, tuple.infoIndex]} : undefined;
}
