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
import {normalizePythonName} from '../names.js';
import {lockedFiles} from './locked-files.js';
import {type PythonDependency, PythonGraph} from './python-graph.js';
import {pythonRootName, readPyproject} from './python-pyproject.js';
import {unknownVersion} from './python-source.js';

const newestKnownRevision = 3;

/** A `[[package]]` entry that is the project or one of its workspace members. */
type Member = {
	readonly entry: TomlTable;
	readonly at: FieldPath;
	readonly name: string;
	readonly rootId: string;
	/** Its folder in the workspace (`.` for the project itself). */
	readonly path: string;
};

/**
 * Reads uv.lock (`version = 1`). The project (`source = { editable = "." }` or `{ virtual = "." }`) and the
 * workspace members listed in `[manifest]` are roots; their `dependencies`, `optional-dependencies` and
 * `dev-dependencies` are the root edges. Duplicates of one name (per environment marker) are told apart by
 * the `version`/`source` that uv writes into the dependency entries.
 */
export function readUvLock(input: LockfileInput): ParsedLockfile {
	const document = parseTomlLockfile(input);
	checkVersion(input, document);
	const graph = new PythonGraph(input.path);
	const fields = Fields.of(input, tomlLocator);
	if (typeof document.revision === 'number' && document.revision > newestKnownRevision) {
		graph.warn(
			`${input.path}: uv.lock revision ${document.revision} is newer than this reader knows; read anyway`,
		);
	}

	const manifest = fields.table(document.manifest, ['manifest']) ?? {};
	const memberNames = new Set(
		fields.strings(manifest.members, ['manifest', 'members']).map(normalizePythonName),
	);
	const members: Member[] = [];
	const packages: Array<{id: string; entry: TomlTable; at: FieldPath}> = [];

	const tables = fields.tables(document.package, ['package']);
	const headers = arrayTableLines(input.text, 'package');
	for (const [index, entry] of tables.entries()) {
		const at: FieldPath = ['package', index];
		const name = fields.string(entry.name, [...at, 'name']);
		if (!name) {
			graph.warn(`${input.path}: [[package]] #${index + 1} has no name; skipped`);
			continue;
		}

		const source = checkedSource(entry.source, [...at, 'source'], fields);
		const memberPath = workspacePath(source, memberNames.has(normalizePythonName(name)));
		if (memberPath !== undefined) {
			members.push({
				entry,
				at,
				name: normalizePythonName(name),
				rootId: graph.addRoot(name, memberPath),
				path: memberPath,
			});
			continue;
		}

		const kind = sourceKind(source);
		const version =
			fields.string(entry.version, [...at, 'version']) ?? (kind === 'registry' ? undefined : unknownVersion);
		if (version === undefined) {
			graph.warn(`${input.path}: [[package]] ${name} has no version; skipped`);
			continue;
		}

		const line = entryLineAt(headers, tables.length, index);
		const id = graph.addPackage(
			name,
			version,
			kind,
			sourceTag(source),
			line,
			lockedFiles(text(source.registry), entry),
		);
		packages.push({id, entry, at});
	}

	// A member another package depends on is also a package (source: workspace), so the tree can show it.
	const dependedNames = new Set(
		[...packages, ...members].flatMap(({entry, at}) =>
			allDependencyEntries(entry, at, fields).map(normalizePythonName),
		),
	);
	for (const member of members) {
		if (!dependedNames.has(member.name)) continue;
		const version = fields.string(member.entry.version, [...member.at, 'version']) ?? unknownVersion;
		const id = graph.addPackage(member.name, version, 'workspace');
		packages.push({id, entry: {...member.entry, 'dev-dependencies': undefined}, at: member.at});
	}

	for (const {id, entry, at} of packages) linkEntry(graph, id, entry, at, fields);
	for (const member of members) linkEntry(graph, member.rootId, member.entry, member.at, fields);

	// What the project asks for beyond its members' entries: a PEP 723 script's dependencies (uv's `app.py.lock`),
	// the dependency groups of a pyproject.toml without a `[project]` table (a virtual workspace root).
	const asked = manifestRequirements(manifest, fields);
	let projectRoot = members.find((member) => member.path === '.')?.rootId;
	if (projectRoot === undefined && (members.length === 0 || asked.length > 0))
		projectRoot = graph.addRoot(rootNameOf(input, graph));
	for (const dependency of asked) graph.link(projectRoot!, dependency);

	if (members.length === 0) {
		// uv writes a lock of no packages for a folder without a `[project]` table (textual's, a poetry project):
		// nothing to say about a project entry then; a script's lock names its requirements instead.
		if (tables.length === 0) graph.warn(`${input.path}: lists no packages`);
		else if (asked.length === 0)
			graph.warn(
				`${input.path}: no project entry (source editable/virtual "."); packages nothing depends on are direct`,
			);
		graph.adoptOrphans(projectRoot!);
	}

	return graph.build('uv');
}

/** A script's lock is named for the script (`app.py.lock` → `app.py`); a project's for its pyproject or folder. */
function rootNameOf(input: LockfileInput, graph: PythonGraph): string {
	const script = /([^/\\]+\.py)\.lock$/.exec(input.path);
	if (script) return script[1]!;
	return pythonRootName(
		input,
		readPyproject(input, (message) => graph.warn(message)),
	);
}

/**
 * `[manifest] requirements` (prod) and `[manifest.dependency-groups]` (dev): `{name, specifier, extras, marker}`
 * plus where a direct reference points (`editable = "../../"`, `git`, `path`), which the package's own entry
 * also says.
 */
function manifestRequirements(manifest: TomlTable, fields: Fields): PythonDependency[] {
	const read = (list: unknown, kind: EdgeKind, at: FieldPath): PythonDependency[] =>
		fields.tables(list, at).flatMap((item, index) => {
			const where = [...at, index];
			const name = fields.string(item.name, [...where, 'name']);
			if (!name) return [];
			const specifier = fields.string(item.specifier, [...where, 'specifier']);
			const marker = fields.string(item.marker, [...where, 'marker']);
			return [
				{
					name,
					kind,
					extras: fields.strings(item.extras, [...where, 'extras']),
					...(specifier === undefined ? {} : {specifier}),
					...(marker === undefined ? {} : {marker}),
				},
			];
		});
	const groups = fields.table(manifest['dependency-groups'], ['manifest', 'dependency-groups']) ?? {};
	return [
		...read(manifest.requirements, 'prod', ['manifest', 'requirements']),
		...Object.entries(groups).flatMap(([group, list]) =>
			read(list, 'dev', ['manifest', 'dependency-groups', group]),
		),
	];
}

function checkVersion(input: LockfileInput, document: TomlTable): void {
	const version = document.version;
	if (version === undefined) {
		throw new LockfileError(input.path, 'not a uv.lock: no top-level version (expected version = 1)');
	}

	if (version !== 1) {
		throw new LockfileError(
			input.path,
			`unsupported uv.lock version ${typeof version === 'number' ? version : JSON.stringify(version)} (supported: 1)`,
			lineOf(input.text, /^version\s*=/),
		);
	}
}

/**
 * A `source` table, checked: each key uv writes is a string (`workspace` a boolean). Absent is `{}`; another
 * type is an error (it decides whether the package is looked up on PyPI at all).
 */
type UvSource = {readonly [key: string]: string | boolean | undefined};

function checkedSource(value: unknown, at: FieldPath, fields: Fields): UvSource {
	const table = fields.table(value, at) ?? {};
	const source: Record<string, string | boolean | undefined> = {};
	for (const [key, item] of Object.entries(table))
		source[key] =
			key === 'workspace' ? fields.boolean(item, [...at, key]) : fields.string(item, [...at, key]);
	return source;
}

function text(value: string | boolean | undefined): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

/** The member's path when the entry is the project or a workspace member, else undefined. */
function workspacePath(source: UvSource, listedMember: boolean): string | undefined {
	if (source.workspace === true) return '.';
	const local = text(source.editable) ?? text(source.virtual);
	if (local === undefined) return undefined;
	return local === '.' || listedMember ? local : undefined;
}

function sourceKind(source: UvSource): PackageSource {
	if (text(source.git)) return 'git';
	if (text(source.url)) return 'url';
	if (text(source.path) ?? text(source.directory) ?? text(source.editable) ?? text(source.virtual)) {
		return 'file';
	}

	return 'registry';
}

/** Identifies a source the way dependency entries repeat it (`source = { registry = "…" }`). */
function sourceTag(source: Readonly<Record<string, unknown>>): string | undefined {
	return Object.keys(source).length === 0 ? undefined : JSON.stringify(source);
}

/** A dependency list: a list or an item of the wrong type is an error; an item without a name is left out. */
function dependencies(list: unknown, kind: EdgeKind, at: FieldPath, fields: Fields): PythonDependency[] {
	return fields.tables(list, at).flatMap((item, index) => {
		const where = [...at, index];
		const name = fields.string(item.name, [...where, 'name']);
		if (!name) return [];
		const version = fields.string(item.version, [...where, 'version']);
		const source = fields.table(item.source, [...where, 'source']);
		const tag = source ? sourceTag(source) : undefined;
		const marker = fields.string(item.marker, [...where, 'marker']);
		return [
			{
				name,
				kind,
				extras: fields.strings(item.extra, [...where, 'extra']),
				...(version === undefined ? {} : {version}),
				...(tag === undefined ? {} : {tag}),
				...(marker === undefined ? {} : {marker}),
			},
		];
	});
}

/** `dependencies` → prod, `[package.optional-dependencies]` → optional (and per extra), dev groups → dev. */
function linkEntry(graph: PythonGraph, from: string, entry: TomlTable, at: FieldPath, fields: Fields): void {
	for (const dependency of dependencies(entry.dependencies, 'prod', [...at, 'dependencies'], fields))
		graph.link(from, dependency);
	const optionalGroups = fields.table(entry['optional-dependencies'], [...at, 'optional-dependencies']) ?? {};
	for (const [extra, list] of Object.entries(optionalGroups)) {
		const optional = dependencies(list, 'optional', [...at, 'optional-dependencies', extra], fields);
		for (const dependency of optional) graph.link(from, dependency);
		if (!from.startsWith('root:')) graph.declareExtra(from, extra, optional);
	}

	const devGroups = fields.table(entry['dev-dependencies'], [...at, 'dev-dependencies']) ?? {};
	for (const [group, list] of Object.entries(devGroups)) {
		for (const dependency of dependencies(list, 'dev', [...at, 'dev-dependencies', group], fields))
			graph.link(from, dependency);
	}
}

function allDependencyEntries(entry: TomlTable, at: FieldPath, fields: Fields): string[] {
	const lists: Array<[unknown, FieldPath]> = [[entry.dependencies, [...at, 'dependencies']]];
	for (const key of ['optional-dependencies', 'dev-dependencies']) {
		const table = fields.table(entry[key], [...at, key]) ?? {};
		for (const [group, list] of Object.entries(table)) lists.push([list, [...at, key, group]]);
	}

	return lists.flatMap(([list, where]) =>
		fields
			.tables(list, where)
			.flatMap((item, index) => fields.string(item.name, [...where, index, 'name']) ?? []),
	);
}
