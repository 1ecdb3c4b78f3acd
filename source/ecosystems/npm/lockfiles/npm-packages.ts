import type {GraphBuilder} from '../../../graph/builder.js';
import {jsonKeyLines, jsonPath} from '../../../lockfiles/json-lines.js';
import type {LockfileInput} from '../../../lockfiles/types.js';
import {NodeResolver, nameFromInstallPath} from './node-resolve.js';
import {isObject, type JsonObject, stringField} from './npm-json.js';
import {
	addDeclaredEdges,
	addProjectEdges,
	declaredDependencies,
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
): void {
	const entries = new Map<string, JsonObject>();
	const lines = jsonKeyLines(input.text);
	const lineOf = (installPath: string) => lines.get(jsonPath('packages', installPath));
	for (const [key, entry] of Object.entries(packages)) {
		if (isObject(entry)) entries.set(key, entry);
		else builder.warn(`packages["${key}"] is not an object; skipped`);
	}

	const rootEntry = entries.get('');
	const packageJson = readPackageJson(input);
	const isWorkspace = workspaceFolders(entries, rootEntry ?? packageJson);
	const resolver = new NodeResolver(entries.keys());
	const fromRegistry = namesDeclaredFromRegistry([...entries.values(), packageJson]);

	// Install path → package id, computed once per path (undefined: the entry could not become a package).
	const ids = new Map<string, string | undefined>();
	const edgesDone = new Set<string>();

	/** The folder a path's code lives in: a link's target, else the path itself. */
	const folderOf = (installPath: string): string => {
		const entry = entries.get(installPath);
		const resolved = entry && entry.link === true ? stringField(entry, 'resolved') : undefined;
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
		entries.get(installPath)?.link === true && isWorkspace(folderOf(installPath));

	const packageAt = (installPath: string): string | undefined => {
		const entry = entries.get(installPath)!;
		const installedName = nameFromInstallPath(installPath);
		if (entry.link === true) {
			const target = folderOf(installPath);
			const targetEntry = entries.get(target);
			const name =
				(targetEntry && stringField(targetEntry, 'name')) ?? stringField(entry, 'name') ?? installedName;
			if (name === undefined) return undefined;
			const version = (targetEntry && stringField(targetEntry, 'version')) ?? stringField(entry, 'version');
			const workspace = isWorkspace(target);
			if (!targetEntry) builder.warn(`${installPath} links to ${target}, which has no entry in the lockfile`);
			return builder.addPackage({
				name,
				version: version ?? `link:${target}`,
				source: workspace ? 'workspace' : 'link',
				alias: installedName,
				line: lineOf(installPath),
			});
		}

		const name = stringField(entry, 'name') ?? installedName;
		const version = stringField(entry, 'version');
		if (name === undefined) return undefined;
		if (version === undefined) {
			builder.warn(`${installPath} has no version; ${name} is left out of the graph`);
			return undefined;
		}

		return builder.addPackage({
			name,
			version,
			source: sourceOfResolved(
				stringField(entry, 'resolved'),
				installedName !== undefined && fromRegistry.has(installedName),
			),
			alias: installedName,
			line: lineOf(installPath),
		});
	};

	const resolve = (fromFolder: string, name: string): string | undefined => {
		const installPath = resolver.resolve(fromFolder, name);
		return installPath === undefined ? undefined : idOf(installPath);
	};

	/** Edges of the package installed at `installPath`, from the manifest of the folder its code lives in. */
	const addPackageEdges = (installPath: string, id: string) => {
		const folder = folderOf(installPath);
		if (edgesDone.has(`${id}\u0000${folder}`)) return;
		edgesDone.add(`${id}\u0000${folder}`);
		const manifest = entries.get(folder);
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
	const rootId = builder.addRoot(rootName(input, packageJson, stringField(lock, 'name')));
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
	for (const [folder, manifest] of entries) {
		if (folder === '' || nameFromInstallPath(folder) !== undefined || !isWorkspace(folder)) continue;
		const workspaceRoot = builder.addRoot(stringField(manifest, 'name') ?? folder, folder);
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
	manifest: JsonObject | undefined,
): (folder: string) => boolean {
	if (manifest !== undefined) {
		const matches = workspaceMatcher(manifest);
		return (folder) => !folder.startsWith('..') && matches(folder);
	}

	const linked = new Set<string>();
	for (const entry of entries.values()) {
		const resolved = entry.link === true ? stringField(entry, 'resolved') : undefined;
		if (resolved !== undefined) {
			const folder = normaliseFolder(resolved);
			if (!folder.startsWith('..') && !folder.startsWith('/') && entries.has(folder)) linked.add(folder);
		}
	}

	return (folder) => linked.has(folder);
}
