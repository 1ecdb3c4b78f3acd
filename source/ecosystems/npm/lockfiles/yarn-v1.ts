import {type EdgeKind, GraphBuilder} from '../../../graph/builder.js';
import type {PackageSource} from '../../../graph/types.js';
import {describeValue} from '../../../lockfiles/fields.js';
import {LockfileError, type LockfileInput, type ParsedLockfile} from '../../../lockfiles/types.js';
import {
	declaredDependencies,
	expandWorkspaceGlobs,
	type Manifest,
	projectName,
	readManifest,
} from './yarn-manifest.js';
import {aliasTarget, sourceOfRange, splitDescriptor} from './yarn-spec.js';
import {parseYarnV1, type YarnV1Block, type YarnV1Object} from './yarn-v1-parser.js';

/** A lockfile block, understood: the registry name it installs, its version and where it comes from. */
type Resolved = {
	readonly name: string;
	readonly version: string;
	readonly source: PackageSource;
	readonly block: YarnV1Block;
};

/** A workspace of the project (yarn v1 does not list them in the lockfile: they come from package.json). */
type Workspace = {readonly folder: string; readonly manifest: Manifest};

/**
 * Reads a yarn classic (`# yarn lockfile v1`) lockfile. The lockfile has no entry for the project itself
 * nor its workspaces, so their direct dependencies come from package.json beside it and from the
 * workspaces its `workspaces` globs find; without a package.json, packages nothing depends on are direct.
 */
export function readYarnV1(input: LockfileInput): ParsedLockfile {
	const blocks = parseYarnV1(input.path, input.text);
	const builder = new GraphBuilder('npm', input.path);
	const byDescriptor = new Map<string, Resolved>();
	const skipped = new Set<string>();
	for (const block of blocks) {
		const resolved = resolveBlock(input.path, block);
		if (!resolved) {
			builder.warn(`${input.path}:${block.line}: entry ${block.keys.join(', ')} has no version; skipped`);
			for (const key of block.keys) skipped.add(key);
			continue;
		}

		for (const key of block.keys) byDescriptor.set(key, resolved);
	}

	const manifest = readManifest(input);
	const workspaces = findWorkspaces(input, manifest);
	const workspaceByName = new Map(workspaces.map((workspace) => [workspace.manifest.name!, workspace]));

	// Every block is a package, even one nothing reaches (a stale entry is still in the lockfile).
	const ids = new Map<YarnV1Block, string>();
	for (const resolved of new Set(byDescriptor.values())) {
		ids.set(resolved.block, builder.addPackage(packageInput(resolved)));
		// `alias@npm:real@^1` keys name the alias the package is installed under.
		for (const key of resolved.block.keys)
			builder.addPackage(packageInput(resolved, splitDescriptor(key).name));
	}

	const workspaceIds = new Map<string, string>();
	/** The package a dependency `name@range` resolves to, or undefined (after a warning). */
	const target = (name: string, range: string, from: string): string | undefined => {
		const descriptor = `${name}@${range}`;
		const resolved = byDescriptor.get(descriptor);
		if (resolved) return builder.addPackage(packageInput(resolved, name));
		const workspace = workspaceByName.get(name);
		if (workspace) return workspacePackage(workspace);
		if (!skipped.has(descriptor))
			builder.warn(`${input.path}: ${from} depends on ${descriptor}, which is not in the lockfile`);
		return undefined;
	};

	const workspacePackage = (workspace: Workspace): string => {
		const name = workspace.manifest.name!;
		let id = workspaceIds.get(name);
		if (id) return id;
		id = builder.addPackage({name, version: workspace.manifest.version ?? '0.0.0', source: 'workspace'});
		workspaceIds.set(name, id);
		for (const dependency of declaredDependencies(workspace.manifest, {dev: false})) {
			if (dependency.kind === 'peer' || dependency.kind === 'peerOptional') continue;
			const to = target(dependency.name, dependency.range, name);
			if (to) builder.addEdge(id, to, dependency.kind);
		}

		return id;
	};

	for (const resolved of new Set(byDescriptor.values())) {
		const from = ids.get(resolved.block)!;
		const label = `${resolved.name}@${resolved.version}`;
		addEdges(resolved.block.fields.dependencies, 'prod');
		addEdges(resolved.block.fields.optionalDependencies, 'optional');
		function addEdges(section: YarnV1Object[string] | undefined, kind: EdgeKind): void {
			if (section === undefined) return;
			const field = kind === 'prod' ? 'dependencies' : 'optionalDependencies';
			if (typeof section === 'string')
				throw wrongType(input.path, resolved.block, field, section, 'a section of name → range');
			for (const [name, range] of Object.entries(section)) {
				if (typeof range !== 'string')
					throw wrongType(input.path, resolved.block, `${field}.${name}`, range, 'a version range');
				const to = target(name, range, label);
				if (to) builder.addEdge(from, to, kind);
			}
		}
	}

	const rootId = builder.addRoot(projectName(input, manifest));
	if (manifest) {
		addManifestEdges(rootId, manifest, projectName(input, manifest));
		for (const workspace of workspaces) {
			const workspaceRoot = builder.addRoot(workspace.manifest.name!, workspace.folder);
			addManifestEdges(workspaceRoot, workspace.manifest, workspace.manifest.name!);
		}
	} else {
		builder.warn(`${input.path}: no package.json beside it; packages nothing depends on are shown as direct`);
		builder.adoptOrphansAsDirect(rootId);
	}

	return builder.build('yarn-v1');

	function addManifestEdges(from: string, declaring: Manifest, label: string): void {
		for (const dependency of declaredDependencies(declaring, {dev: true})) {
			// Peers of the project are not installed by yarn v1 unless also listed elsewhere.
			if (dependency.kind === 'peer' || dependency.kind === 'peerOptional') continue;
			const to = target(dependency.name, dependency.range, label);
			if (to) builder.addEdge(from, to, dependency.kind);
		}
	}
}

/**
 * What a block installs: an alias key names the real package; `resolved`/the range say where from. A block
 * without a version is undefined (skipped with a warning); a version or `resolved` that is a section instead of
 * a value is an error.
 */
function resolveBlock(file: string, block: YarnV1Block): Resolved | undefined {
	const version = block.fields.version;
	if (version !== undefined && typeof version !== 'string')
		throw wrongType(file, block, 'version', version, 'a version');
	if (block.fields.resolved !== undefined && typeof block.fields.resolved !== 'string')
		throw wrongType(file, block, 'resolved', block.fields.resolved, 'a URL');
	if (version === undefined || version === '') return undefined;
	const first = splitDescriptor(block.keys[0]!);
	const alias = aliasTarget(first.range);
	const resolvedUrl = block.fields.resolved;
	let source = sourceOfRange(alias ? alias.range : first.range);
	// A registry-looking range can still resolve to git (yarn rewrites some GitHub ranges).
	if (source === 'registry' && typeof resolvedUrl === 'string' && /^git[+:]/.test(resolvedUrl))
		source = 'git';
	return {name: alias?.name ?? first.name, version, source, block};
}

function wrongType(
	file: string,
	block: YarnV1Block,
	field: string,
	value: unknown,
	expected: string,
): LockfileError {
	return new LockfileError(
		file,
		`entry ${block.keys.join(', ')}: ${field} is ${describeValue(value)}, expected ${expected}`,
		block.line,
	);
}

function packageInput(resolved: Resolved, installedAs?: string) {
	return {
		name: resolved.name,
		version: resolved.version,
		source: resolved.source,
		alias: installedAs && installedAs !== resolved.name ? installedAs : undefined,
		line: resolved.block.line,
		tarball: typeof resolved.block.fields.resolved === 'string' ? resolved.block.fields.resolved : undefined,
	};
}

function findWorkspaces(input: LockfileInput, manifest: Manifest | undefined): Workspace[] {
	if (!manifest || manifest.workspaces.length === 0) return [];
	const workspaces: Workspace[] = [];
	for (const folder of expandWorkspaceGlobs(input, manifest.workspaces)) {
		const workspaceManifest = readManifest(input, `${folder}/package.json`);
		// A workspace without a name cannot be depended on by name; yarn refuses it too.
		if (workspaceManifest?.name) workspaces.push({folder, manifest: workspaceManifest});
	}

	return workspaces;
}
