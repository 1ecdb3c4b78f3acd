import type {EdgeKind} from '../../../graph/builder.js';
import type {PackageSource} from '../../../graph/types.js';
import {
	arrayTableLines,
	asString,
	asStrings,
	asTables,
	entryLineAt,
	isTable,
	lineOf,
	parseTomlLockfile,
	type TomlTable,
} from '../../../lockfiles/toml.js';
import {LockfileError, type LockfileInput, type ParsedLockfile} from '../../../lockfiles/types.js';
import {normalizePythonName} from '../names.js';
import {type PythonDependency, PythonGraph} from './python-graph.js';
import {pythonRootName, readPyproject} from './python-pyproject.js';
import {unknownVersion} from './python-source.js';

const newestKnownRevision = 3;

/** A `[[package]]` entry that is the project or one of its workspace members. */
type Member = {readonly entry: TomlTable; readonly name: string; readonly rootId: string};

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
	if (typeof document.revision === 'number' && document.revision > newestKnownRevision) {
		graph.warn(
			`${input.path}: uv.lock revision ${document.revision} is newer than this reader knows; read anyway`,
		);
	}

	const manifest = isTable(document.manifest) ? document.manifest : {};
	const memberNames = new Set(asStrings(manifest.members).map(normalizePythonName));
	const members: Member[] = [];
	const packages: Array<{id: string; entry: TomlTable}> = [];

	const tables = asTables(document.package);
	const headers = arrayTableLines(input.text, 'package');
	for (const [index, entry] of tables.entries()) {
		const name = asString(entry.name);
		if (!name) {
			graph.warn(`${input.path}: [[package]] #${index + 1} has no name; skipped`);
			continue;
		}

		const source = isTable(entry.source) ? entry.source : {};
		const memberPath = workspacePath(source, memberNames.has(normalizePythonName(name)));
		if (memberPath !== undefined) {
			members.push({entry, name: normalizePythonName(name), rootId: graph.addRoot(name, memberPath)});
			continue;
		}

		const kind = sourceKind(source);
		const version = asString(entry.version) ?? (kind === 'registry' ? undefined : unknownVersion);
		if (version === undefined) {
			graph.warn(`${input.path}: [[package]] ${name} has no version; skipped`);
			continue;
		}

		const line = entryLineAt(headers, tables.length, index);
		packages.push({id: graph.addPackage(name, version, kind, sourceTag(source), line), entry});
	}

	// A member another package depends on is also a package (source: workspace), so the tree can show it.
	const dependedNames = new Set(
		[...packages, ...members].flatMap(({entry}) => allDependencyEntries(entry).map(normalizePythonName)),
	);
	for (const member of members) {
		if (!dependedNames.has(member.name)) continue;
		const id = graph.addPackage(member.name, asString(member.entry.version) ?? unknownVersion, 'workspace');
		packages.push({id, entry: {...member.entry, 'dev-dependencies': undefined}});
	}

	for (const {id, entry} of packages) linkEntry(graph, id, entry);
	for (const member of members) linkEntry(graph, member.rootId, member.entry);

	if (members.length === 0) {
		const root = graph.addRoot(
			pythonRootName(
				input,
				readPyproject(input, (message) => graph.warn(message)),
			),
		);
		graph.warn(
			`${input.path}: no project entry (source editable/virtual "."); packages nothing depends on are direct`,
		);
		graph.adoptOrphans(root);
	}

	return graph.build('uv');
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

/** The member's path when the entry is the project or a workspace member, else undefined. */
function workspacePath(source: TomlTable, listedMember: boolean): string | undefined {
	if (source.workspace === true) return '.';
	const local = asString(source.editable) ?? asString(source.virtual);
	if (local === undefined) return undefined;
	return local === '.' || listedMember ? local : undefined;
}

function sourceKind(source: TomlTable): PackageSource {
	if (asString(source.git)) return 'git';
	if (asString(source.url)) return 'url';
	if (
		asString(source.path) ??
		asString(source.directory) ??
		asString(source.editable) ??
		asString(source.virtual)
	) {
		return 'file';
	}

	return 'registry';
}

/** Identifies a source the way dependency entries repeat it (`source = { registry = "…" }`). */
function sourceTag(source: TomlTable): string | undefined {
	return Object.keys(source).length === 0 ? undefined : JSON.stringify(source);
}

function dependencies(list: unknown, kind: EdgeKind): PythonDependency[] {
	return asTables(list).flatMap((item) => {
		const name = asString(item.name);
		if (!name) return [];
		const version = asString(item.version);
		const tag = isTable(item.source) ? sourceTag(item.source) : undefined;
		const marker = asString(item.marker);
		return [
			{
				name,
				kind,
				extras: asStrings(item.extra),
				...(version === undefined ? {} : {version}),
				...(tag === undefined ? {} : {tag}),
				...(marker === undefined ? {} : {marker}),
			},
		];
	});
}

/** `dependencies` → prod, `[package.optional-dependencies]` → optional (and per extra), dev groups → dev. */
function linkEntry(graph: PythonGraph, from: string, entry: TomlTable): void {
	for (const dependency of dependencies(entry.dependencies, 'prod')) graph.link(from, dependency);
	if (isTable(entry['optional-dependencies'])) {
		for (const [extra, list] of Object.entries(entry['optional-dependencies'])) {
			const optional = dependencies(list, 'optional');
			for (const dependency of optional) graph.link(from, dependency);
			if (!from.startsWith('root:')) graph.declareExtra(from, extra, optional);
		}
	}

	if (isTable(entry['dev-dependencies'])) {
		for (const list of Object.values(entry['dev-dependencies'])) {
			for (const dependency of dependencies(list, 'dev')) graph.link(from, dependency);
		}
	}
}

function allDependencyEntries(entry: TomlTable): string[] {
	const lists = [entry.dependencies];
	for (const key of ['optional-dependencies', 'dev-dependencies']) {
		const table = entry[key];
		if (isTable(table)) lists.push(...Object.values(table));
	}

	return lists.flatMap((list) => asTables(list).flatMap((item) => asString(item.name) ?? []));
}
