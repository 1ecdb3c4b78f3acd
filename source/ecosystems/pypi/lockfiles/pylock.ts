import type {EdgeKind} from '../../../graph/builder.js';
import type {PackageSource} from '../../../graph/types.js';
import {
	arrayTableLines,
	asString,
	asTables,
	entryLineAt,
	isTable,
	lineOf,
	parseTomlLockfile,
	type TomlTable,
} from '../../../lockfiles/toml.js';
import {LockfileError, type LockfileInput, type ParsedLockfile} from '../../../lockfiles/types.js';
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
	if (asString(document['created-by']) === undefined)
		graph.warn(`${input.path}: no created-by (required by PEP 751)`);

	let projectEntry: TomlTable | undefined;
	const packages: Array<{id: string; entry: TomlTable}> = [];
	const tables = asTables(document.packages);
	const headers = arrayTableLines(input.text, 'packages');
	for (const [index, entry] of tables.entries()) {
		const name = asString(entry.name);
		if (!name) {
			graph.warn(`${input.path}: [[packages]] #${index + 1} has no name; skipped`);
			continue;
		}

		const directory = isTable(entry.directory) ? entry.directory : undefined;
		if (directory && isProjectPath(asString(directory.path))) {
			projectEntry = entry;
			continue;
		}

		const source = entrySource(entry);
		const version = asString(entry.version) ?? fallbackVersion(entry, source);
		if (version === undefined) {
			graph.warn(`${input.path}: [[packages]] ${name} has no version; skipped`);
			continue;
		}

		const line = entryLineAt(headers, tables.length, index);
		packages.push({id: graph.addPackage(name, version, source, undefined, line), entry});
	}

	for (const {id, entry} of packages)
		for (const dependency of dependencies(entry)) graph.link(id, dependency);
	// `dependencies` is optional in PEP 751: a lock that records none is flat, its edges come from the registry.
	const flat = packages.every(({entry}) => entry.dependencies === undefined);
	if (flat)
		for (const {id, entry} of packages)
			if (entrySource(entry) === 'registry') graph.builder.expandFromRegistry(id);

	const rootName =
		asString(projectEntry?.name) ??
		pythonRootName(
			input,
			readPyproject(input, (m) => graph.warn(m)),
		);
	const root = graph.addRoot(rootName);
	if (projectEntry) for (const dependency of dependencies(projectEntry)) graph.link(root, dependency);
	const kinds = new Map(packages.map(({id, entry}) => [id, kindFromMarker(asString(entry.marker))]));
	graph.adoptOrphans(root, (id) => kinds.get(id) ?? 'prod');
	return graph.build('pylock', flat ? {direct: 'unrequired'} : undefined);
}

function checkLockVersion(input: LockfileInput, document: TomlTable, graph: PythonGraph): void {
	const raw = document['lock-version'];
	if (raw === undefined) {
		throw new LockfileError(input.path, 'not a pylock.toml: no lock-version (expected lock-version = "1.0")');
	}

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
function entrySource(entry: TomlTable): PackageSource {
	if (isTable(entry.vcs)) return 'git';
	if (isTable(entry.directory)) return 'file';
	if (isTable(entry.archive)) return asString(entry.archive.url) ? 'url' : 'file';
	return 'registry';
}

/** Packages outside an index may leave out `version`: use the commit, or the archive's file name. */
function fallbackVersion(entry: TomlTable, source: PackageSource): string | undefined {
	if (source === 'registry') return undefined;
	if (isTable(entry.vcs)) {
		return asString(entry.vcs['commit-id']) ?? asString(entry.vcs['requested-revision']) ?? unknownVersion;
	}

	const archive = isTable(entry.archive)
		? (asString(entry.archive.url) ?? asString(entry.archive.path))
		: undefined;
	return (archive && versionOfReference(archive)) ?? unknownVersion;
}

/** `dependencies = [{name = "x"}, {name = "y", version = "1.0"}]`: a package identified by its keys. */
function dependencies(entry: TomlTable): PythonDependency[] {
	return asTables(entry.dependencies).flatMap((item) => {
		const name = asString(item.name);
		if (!name) return [];
		const version = asString(item.version);
		return [{name, kind: 'prod' as const, ...(version === undefined ? {} : {version})}];
	});
}

/**
 * PEP 751 markers may say a package is only for dependency groups or extras
 * (`'dev' in dependency_groups`): such a package, when direct, is a dev (or optional) dependency.
 */
function kindFromMarker(marker: string | undefined): EdgeKind {
	if (!marker) return 'prod';
	const clauses = marker.split(/\s+or\s+/);
	if (clauses.every((clause) => /\bin\s+dependency_groups\b/.test(clause))) return 'dev';
	if (clauses.every((clause) => /\bin\s+extras\b/.test(clause))) return 'optional';
	return 'prod';
}
