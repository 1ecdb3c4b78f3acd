import type {EdgeKind} from '../../../graph/builder.js';
import type {PackageSource} from '../../../graph/types.js';
import {type FieldPath, Fields, tomlLocator} from '../../../lockfiles/fields.js';
import {
	arrayTableLines,
	entryLineAt,
	lineOf,
	parseTomlLockfile,
	type TomlTable,
} from '../../../lockfiles/toml.js';
import {LockfileError, type LockfileInput, type ParsedLockfile} from '../../../lockfiles/types.js';
import {evaluateMarker, type MarkerEnvironment, type MarkerNode, parseMarker} from '../markers.js';
import {lockedFiles} from './locked-files.js';
import {type PythonDependency, PythonGraph} from './python-graph.js';
import {pythonRootName, readPyproject} from './python-pyproject.js';
import {unknownVersion, versionOfReference} from './python-source.js';

/**
 * Reads a PEP 751 lockfile (`pylock.toml`, `pylock.<name>.toml`, lock-version 1.x). `dependencies` per package
 * are optional in the format: where a tool wrote them they are edges; packages nothing depends on are direct
 * (all of them when no edges were written). A `directory = { path = "." }` package is the project itself.
 */
export function readPylock(input: LockfileInput): ParsedLockfile {
	const document = parseTomlLockfile(input);
	const graph = new PythonGraph(input.path);
	checkLockVersion(input, document, graph);
	const fields = Fields.of(input, tomlLocator);
	if (fields.string(document['created-by'], ['created-by']) === undefined)
		graph.warn(`${input.path}: no created-by (required by PEP 751)`);

	let projectEntry: {entry: TomlTable; at: FieldPath} | undefined;
	const packages: Array<{id: string; entry: TomlTable; at: FieldPath}> = [];
	const tables = fields.tables(document.packages, ['packages']);
	const headers = arrayTableLines(input.text, 'packages');
	for (const [index, entry] of tables.entries()) {
		const at: FieldPath = ['packages', index];
		const name = fields.string(entry.name, [...at, 'name']);
		if (!name) {
			graph.warn(`${input.path}: [[packages]] #${index + 1} has no name; skipped`);
			continue;
		}

		const directory = fields.table(entry.directory, [...at, 'directory']);
		if (directory && isProjectPath(fields.string(directory.path, [...at, 'directory', 'path']))) {
			projectEntry = {entry, at};
			continue;
		}

		const source = entrySource(entry, at, fields);
		const version =
			fields.string(entry.version, [...at, 'version']) ?? fallbackVersion(entry, source, at, fields);
		if (version === undefined) {
			graph.warn(`${input.path}: [[packages]] ${name} has no version; skipped`);
			continue;
		}

		const line = entryLineAt(headers, tables.length, index);
		const id = graph.addPackage(
			name,
			version,
			source,
			undefined,
			line,
			lockedFiles(typeof entry.index === 'string' ? entry.index : undefined, entry),
		);
		packages.push({id, entry, at});
	}

	// The project first: a package of its lock may name it (the project provides it; see PythonGraph.link).
	const rootName =
		(projectEntry && fields.string(projectEntry.entry.name, [...projectEntry.at, 'name'])) ??
		pythonRootName(
			input,
			readPyproject(input, (m) => graph.warn(m)),
		);
	const root = graph.addRoot(rootName);
	for (const {id, entry, at} of packages)
		for (const dependency of dependencies(entry, at, fields)) graph.link(id, dependency);
	// `dependencies` is optional in PEP 751: a lock that records none is flat, its edges come from the registry.
	const flat = packages.every(({entry}) => entry.dependencies === undefined);
	if (flat)
		for (const {id, entry, at} of packages)
			if (entrySource(entry, at, fields) === 'registry') graph.builder.expandFromRegistry(id);

	if (projectEntry)
		for (const dependency of dependencies(projectEntry.entry, projectEntry.at, fields))
			graph.link(root, dependency);
	const defaultGroups = new Set(fields.strings(document['default-groups'], ['default-groups']));
	const kinds = new Map(
		packages.map(({id, entry, at}) => [
			id,
			kindFromMarker(fields.string(entry.marker, [...at, 'marker']), defaultGroups),
		]),
	);
	graph.adoptOrphans(root, (id) => kinds.get(id) ?? 'prod');
	return graph.build('pylock', flat ? {direct: 'unrequired'} : undefined);
}

function checkLockVersion(input: LockfileInput, document: TomlTable, graph: PythonGraph): void {
	const raw = document['lock-version'];
	if (raw === undefined) {
		throw new LockfileError(input.path, 'not a pylock.toml: no lock-version (expected lock-version = "1.0")');
	}

	if (typeof raw !== 'string' && typeof raw !== 'number')
		throw Fields.of(input, tomlLocator).wrongType(['lock-version'], raw, 'a version');
	const version = String(raw);
	const [major, minor] = version.split('.');
	if (major !== '1') {
		throw new LockfileError(
			input.path,
			`unsupported lock-version ${version} (supported: 1.x)`,
			lineOf(input.text, /^\s*lock-version\s*=/),
		);
	}

	// PEP 751: a newer minor version is still readable, with a warning.
	if (minor !== undefined && minor !== '0') {
		graph.warn(`${input.path}: lock-version ${version} is newer than 1.0; read as 1.0`);
	}
}

function isProjectPath(path: string | undefined): boolean {
	return path === '.' || path === './' || path === '';
}

/** `vcs` → git, `directory` → file, `archive` with a URL → url (with a path → file), else an index. */
function entrySource(entry: TomlTable, at: FieldPath, fields: Fields): PackageSource {
	if (fields.table(entry.vcs, [...at, 'vcs'])) return 'git';
	if (fields.table(entry.directory, [...at, 'directory'])) return 'file';
	const archive = fields.table(entry.archive, [...at, 'archive']);
	if (archive) return fields.string(archive.url, [...at, 'archive', 'url']) ? 'url' : 'file';
	return 'registry';
}

/** Packages outside an index may leave out `version`: use the commit, or the archive's file name. */
function fallbackVersion(
	entry: TomlTable,
	source: PackageSource,
	at: FieldPath,
	fields: Fields,
): string | undefined {
	if (source === 'registry') return undefined;
	const vcs = fields.table(entry.vcs, [...at, 'vcs']);
	if (vcs) {
		return (
			fields.string(vcs['commit-id'], [...at, 'vcs', 'commit-id']) ??
			fields.string(vcs['requested-revision'], [...at, 'vcs', 'requested-revision']) ??
			unknownVersion
		);
	}

	const table = fields.table(entry.archive, [...at, 'archive']);
	const archive = table
		? (fields.string(table.url, [...at, 'archive', 'url']) ??
			fields.string(table.path, [...at, 'archive', 'path']))
		: undefined;
	return (archive && versionOfReference(archive)) ?? unknownVersion;
}

/**
 * `dependencies = [{name = "x"}, {name = "y", version = "1.0"}]`: a package identified by its keys. A list or an
 * item of the wrong type is an error; an item without a name cannot be linked and is left out.
 */
function dependencies(entry: TomlTable, at: FieldPath, fields: Fields): PythonDependency[] {
	return fields.tables(entry.dependencies, [...at, 'dependencies']).flatMap((item, index) => {
		const where = [...at, 'dependencies', index];
		const name = fields.string(item.name, [...where, 'name']);
		if (!name) return [];
		const version = fields.string(item.version, [...where, 'version']);
		return [{name, kind: 'prod' as const, ...(version === undefined ? {} : {version})}];
	});
}

/**
 * PEP 751 markers may say a package is only for dependency groups or extras (`'dev' in dependency_groups`):
 * such a package, when direct, is a dev (or optional) dependency. Only the groups outside `default-groups` are
 * dev: pdm locks `project.dependencies` as the group `default` (`default-groups = ["default"]`), which is what a
 * plain install gets. So a package is prod when its marker can hold in an install of the default groups and no
 * extras, optional when it can with some extras, and dev when it needs a group outside the default ones.
 */
function kindFromMarker(marker: string | undefined, defaultGroups: ReadonlySet<string>): EdgeKind {
	// A marker that does not parse says nothing about groups: the package is shown as an ordinary one.
	const node = marker ? parseMarker(marker) : null;
	if (!node) return 'prod';
	if (canHold(node, {dependency_groups: defaultGroups, extras: new Set()})) return 'prod';
	if (canHold(node, {dependency_groups: defaultGroups})) return 'optional';
	return 'dev';
}

/**
 * Whether a marker can hold for some platform and Python: the comparisons on a variable of `fixed` are
 * evaluated, any other (`os_name == "nt"`, `"x" in extras` when extras are not fixed) may go either way.
 */
function canHold(node: MarkerNode, fixed: MarkerEnvironment): boolean {
	if (node.type === 'and') return canHold(node.left, fixed) && canHold(node.right, fixed);
	if (node.type === 'or') return canHold(node.left, fixed) || canHold(node.right, fixed);
	const variable =
		'variable' in node.left ? node.left.variable : 'variable' in node.right ? node.right.variable : '';
	return variable in fixed ? evaluateMarker(node, fixed) : true;
}
