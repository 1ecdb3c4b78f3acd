import {GraphBuilder} from '../../graph/builder.js';
import {LockfileError, type LockfileInput, type ParsedLockfile} from '../../lockfiles/types.js';
import {isRecord} from '../../util/records.js';
import {
	declaredDependencies,
	expandWorkspaceGlobs,
	type Manifest,
	projectName,
	readManifest,
} from './lockfiles/yarn-manifest.js';
import {dependencyOf} from './resolve.js';

/**
 * A `package.json` without a lockfile: its tree is resolved from the registry during the scan, as npm 7+ would
 * install it — `dependencies`, `optionalDependencies` and non-optional `peerDependencies` of the root (and of
 * each workspace), its `devDependencies` as dev. Every version is chosen by commit-tui (`locked: false`).
 */
export function readPackageJsonManifest(input: LockfileInput): ParsedLockfile {
	if (input.text.trim() === '') throw new LockfileError(input.path, 'file is empty');
	let value: unknown;
	try {
		value = JSON.parse(input.text);
	} catch (error) {
		throw new LockfileError(input.path, `invalid JSON: ${(error as Error).message.split('\n')[0]}`);
	}

	if (!isRecord(value))
		throw new LockfileError(input.path, 'not a package.json: the top level is not an object');
	const manifest = readManifest({
		...input,
		readRelative: (relative) => (relative === 'package.json' ? input.text : input.readRelative(relative)),
	});
	if (!manifest) throw new LockfileError(input.path, 'not a package.json');
	const builder = new GraphBuilder('npm', input.path);
	const root = builder.addRoot(projectName(input, manifest));

	// Workspaces are packages of the project: linked, never looked up.
	const workspaces = new Map<string, {folder: string; manifest: Manifest}>();
	for (const folder of expandWorkspaceGlobs(input, manifest.workspaces)) {
		const member = readManifest(input, `${folder}/package.json`);
		if (member?.name) workspaces.set(member.name, {folder, manifest: member});
	}

	const ids = new Map<string, string>();
	for (const [name, {folder, manifest: member}] of workspaces) {
		ids.set(name, builder.addPackage({name, version: member.version ?? '0.0.0', source: 'workspace'}));
		builder.addRoot(name, folder);
	}

	const addDependencies = (from: string, source: Manifest, where: string) => {
		for (const declared of declaredDependencies(source, {dev: true})) {
			// npm installs no optional peer on its own (nor does resolve.ts below the root).
			if (declared.kind === 'peerOptional') continue;
			const workspace = ids.get(declared.name);
			if (
				workspace &&
				(declared.range.startsWith('workspace:') || declared.range === '*' || declared.range === '')
			) {
				builder.addEdge(from, workspace, declared.kind);
				continue;
			}

			const dependency = dependencyOf(declared.name, declared.range, declared.kind, where);
			builder.addRequirement(
				{
					from,
					name: dependency.name,
					range: dependency.range,
					kind: dependency.kind,
					text: dependency.text,
					...(dependency.alias ? {alias: dependency.alias} : {}),
				},
				dependency.source,
			);
		}
	};

	addDependencies(root, manifest, input.path);
	for (const [name, {folder, manifest: member}] of workspaces) {
		const workspaceRoot = builder.addRoot(name, folder);
		addDependencies(workspaceRoot, member, `${folder}/package.json`);
	}

	return builder.build('package-json', {direct: 'declared', resolved: true});
}
