import type {GraphBuilder} from '../../../graph/builder.js';
import type {Fields} from '../../../lockfiles/fields.js';
import {jsonMemberLines} from '../../../lockfiles/json-lines.js';
import type {LockfileInput} from '../../../lockfiles/types.js';
import {NodeResolver, nameFromInstallPath} from './node-resolve.js';
import {isObject, type JsonObject} from './npm-json.js';
import {
	addDeclaredEdges,
	addProjectEdges,
	declaredDependencies,
	type ManifestAt,
	namesDeclaredFromRegistry,
	normaliseFolder,
	readPackageJson,
	rootName,
	sourceOfResolved,
	workspaceMatcher,
} from './npm-project.js';

/**
 * npm lockfileVersion 2 and 3: the flat `packages` map keyed by install path. Every entry becomes a package,
 * every declared dependency an edge resolved the way Node would from the entry's folder. `link: true`
 * entries point at a folder: a workspace (a root of its own, and a `workspace` package where something
 * depends on it) or a local folder dependency (`link`).
 */
export function readNpmPackages(
	input: LockfileInput,
	lock: JsonObject,
	packages: JsonObject,
	builder: GraphBuilder,
	fields: Fields,
): void {
	const entries = new Map<string, JsonObject>();
	const lines = jsonMemberLines(input.text, 'packages');
	for (const key in packages) {
		const entry = packages[key];
		if (isObject(entry)) entries.set(key, entry);
		else builder.warn(`packages["${key}"] is not an object; skipped`);
	}

	/** An entry as a manifest: its dependency sections are checked with the entry's own path. */
	const manifestAt = (key: string): ManifestAt | undefined => {
		const value = entries.get(key);
		return value ? {value, fields, path: ['packages', key]} : undefined;
	};

	/**
	 * A string field of an entry: absent is undefined, another type an error naming the entry. (Read for every
	 * entry several times: the path is built only for the error.)
	 */
	const field = (key: string, name: string): string | undefined => {
		const value = entries.get(key)?.[name];
		return value === undefined || typeof value === 'string'
			? value
			: fields.string(value, ['packages', key, name]);
	};
	const isLink = (key: string): boolean => {
		const value = entries.get(key)?.link;
		return value !== undefined && fields.boolean(value, ['packages', key, 'link']) === true;
	};

	const rootEntry = manifestAt('');
	const packageJson = readPackageJson(input);
	const isWorkspace = workspaceFolders(entries, rootEntry ?? packageJson, isLink, field);
	const resolver = new NodeResolver(entries.keys());
	// Asked only about a tarball URL that is not npmjs-shaped (a registry mirror's): most lockfiles never do.
	let fromRegistry: Set<string> | undefined;
	const declaredFromRegistry = (name: string): boolean =>
		(fromRegistry ??= namesDeclaredFromRegistry([...entries.values(), packageJson?.value])).has(name);

	// Install path → package id, computed once per path (undefined: the entry could not become a package).
	const ids = new Map<string, string | undefined>();
	// Folder → the package id (or ids, for folders linked under several names) whose edges are added from it.
	const edgesDone = new Map<string, string | Set<string>>();
	const firstEdgesOf = (id: string, folder: string): boolean => {
		const done = edgesDone.get(folder);
		if (done === undefined) edgesDone.set(folder, id);
		else if (done === id || (typeof done !== 'string' && done.has(id))) return false;
		else if (typeof done === 'string') edgesDone.set(folder, new Set([done, id]));
		else done.add(id);
		return true;
	};

	/** The folder a path's code lives in: a link's target, else the path itself. */
	const folderOf = (installPath: string): string => {
		const resolved =
			entries.has(installPath) && isLink(installPath) ? field(installPath, 'resolved') : undefined;
		return resolved === undefined ? installPath : normaliseFolder(resolved);
	};

	// Packages whose edges are still to add: every entry, plus workspaces once something depends on them.
	const pending: string[] = [];
	const idOf = (installPath: string): string | undefined => {
		if (ids.has(installPath)) return ids.get(installPath);
		const id = packageAt(installPath);
		ids.set(installPath, id);
		if (id !== undefined) pending.push(installPath);
		return id;
	};

	const isWorkspaceLink = (installPath: string): boolean =>
		entries.has(installPath) && isLink(installPath) && isWorkspace(folderOf(installPath));

	const packageAt = (installPath: string): string | undefined => {
		const installedName = nameFromInstallPath(installPath);
		if (isLink(installPath)) {
			const target = folderOf(installPath);
			const targetEntry = entries.get(target);
			const name = (targetEntry && field(target, 'name')) ?? field(installPath, 'name') ?? installedName;
			if (name === undefined) return undefined;
			const version = (targetEntry && field(target, 'version')) ?? field(installPath, 'version');
			const workspace = isWorkspace(target);
			if (!targetEntry) builder.warn(`${installPath} links to ${target}, which has no entry in the lockfile`);
			return builder.addPackage({
				name,
				version: version ?? `link:${target}`,
				source: workspace ? 'workspace' : 'link',
				alias: installedName,
				line: lines.get(installPath),
			});
		}

		const name = field(installPath, 'name') ?? installedName;
		const version = field(installPath, 'version');
		if (name === undefined) return undefined;
		if (version === undefined) {
			builder.warn(`${installPath} has no version; ${name} is left out of the graph`);
			return undefined;
		}

		const resolved = field(installPath, 'resolved');
		return builder.addPackage({
			name,
			version,
			source: sourceOfResolved(
				resolved,
				() => installedName !== undefined && declaredFromRegistry(installedName),
			),
			alias: installedName,
			line: lines.get(installPath),
			hasInstallScript: hasInstallScript(installPath),
			tarball: resolved,
			// No URL (`omit-lockfile-registry-resolved`): from the registry npm is set to. A bundled copy comes
			// inside its parent's tarball, from nowhere of its own; a folder entry is no download at all.
			tarballImplied:
				resolved === undefined &&
				installPath.includes('node_modules/') &&
				entries.get(installPath)?.inBundle !== true,
		});
	};

	const hasInstallScript = (installPath: string): boolean => {
		const value = entries.get(installPath)?.hasInstallScript;
		return (
			value !== undefined && fields.boolean(value, ['packages', installPath, 'hasInstallScript']) === true
		);
	};

	const resolve = (fromFolder: string, name: string): string | undefined => {
		const installPath = resolver.resolve(fromFolder, name);
		return installPath === undefined ? undefined : idOf(installPath);
	};

	/** Edges of the package installed at `installPath`, from the manifest of the folder its code lives in. */
	const addPackageEdges = (installPath: string, id: string) => {
		const folder = folderOf(installPath);
		if (!firstEdgesOf(id, folder)) return;
		const manifest = manifestAt(folder);
		if (!manifest) return;
		addDeclaredEdges(
			builder,
			id,
			declaredDependencies(manifest, {dev: false}),
			(name) => resolve(folder, name),
			folder,
		);
	};

	const addPendingEdges = () => {
		for (let installPath = pending.pop(); installPath !== undefined; installPath = pending.pop()) {
			addPackageEdges(installPath, ids.get(installPath)!);
		}
	};

	// Every installed package, except workspaces: those are roots, and packages only where depended on.
	for (const installPath of entries.keys()) {
		if (nameFromInstallPath(installPath) === undefined || isWorkspaceLink(installPath)) continue;
		idOf(installPath);
	}

	addPendingEdges();

	// The project root: the "" entry lists its own dependencies (npm writes it for every v2/v3 lockfile).
	const rootId = builder.addRoot(rootName(input, packageJson, fields.string(lock.name, ['name'])));
	const rootManifest = rootEntry ?? packageJson;
	addProjectEdges(
		builder,
		rootId,
		rootManifest,
		(name) => resolve('', name),
		'the project',
		'the lockfile has no root entry and there is no package.json beside it',
	);

	// Workspaces: folders outside node_modules that the workspace patterns match, each a root of its own.
	for (const folder of entries.keys()) {
		if (folder === '' || nameFromInstallPath(folder) !== undefined || !isWorkspace(folder)) continue;
		const manifest = manifestAt(folder)!;
		const workspaceRoot = builder.addRoot(field(folder, 'name') ?? folder, folder);
		addDeclaredEdges(
			builder,
			workspaceRoot,
			declaredDependencies(manifest, {dev: true}),
			(name) => resolve(folder, name),
			folder,
		);
	}

	addPendingEdges();
}

/**
 * Which folders are workspaces: those the workspace patterns match (the "" entry's, else package.json's;
 * npm copies the patterns into the "" entry). With neither (a stripped lockfile read on its own), a linked
 * folder inside the project that has its own entry is taken for a workspace, the way npm itself writes them.
 */
function workspaceFolders(
	entries: Map<string, JsonObject>,
	manifest: ManifestAt | undefined,
	isLink: (key: string) => boolean,
	field: (key: string, name: string) => string | undefined,
): (folder: string) => boolean {
	if (manifest !== undefined) {
		const matches = workspaceMatcher(manifest);
		return (folder) => !folder.startsWith('..') && matches(folder);
	}

	const linked = new Set<string>();
	for (const key of entries.keys()) {
		const resolved = isLink(key) ? field(key, 'resolved') : undefined;
		if (resolved !== undefined) {
			const folder = normaliseFolder(resolved);
			if (!folder.startsWith('..') && !folder.startsWith('/') && entries.has(folder)) linked.add(folder);
		}
	}

	return (folder) => linked.has(folder);
}
