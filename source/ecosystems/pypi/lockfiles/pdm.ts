import type {EdgeKind} from '../../../graph/builder.js';
import type {PackageSource} from '../../../graph/types.js';
import {type FieldPath, Fields, tomlLocator} from '../../../lockfiles/fields.js';
import {
	arrayTableLines,
	checkMetadataVersion,
	entryLineAt,
	parsePackageLock,
	type TomlTable,
} from '../../../lockfiles/toml.js';
import type {LockfileInput, ParsedLockfile} from '../../../lockfiles/types.js';
import {PythonGraph} from './python-graph.js';
import {linkDeclaredDependencies, warnStale} from './python-links.js';
import {declaredFromRequirement, pythonRootName, readPyproject} from './python-pyproject.js';
import {unknownVersion} from './python-source.js';

/**
 * Reads pdm.lock (lock_version 4.x). `dependencies` are PEP 508 strings; an entry with `extras = [...]`
 * is the same package again, listing what those extras add. Direct dependencies come from pyproject.toml
 * beside the lock; without it, packages nothing depends on are direct (dev unless in group "default").
 */
export function readPdmLock(input: LockfileInput): ParsedLockfile {
	const {metadata, entries} = parsePackageLock(
		input,
		'not a pdm.lock: no [metadata] table and no [[package]] entries',
	);
	const graph = new PythonGraph(input.path);
	checkMetadataVersion(input, metadata, 'lock_version', ['4'], (message) => graph.warn(message));
	const fields = Fields.of(input, tomlLocator);

	const packages: Array<{id: string; entry: TomlTable; at: FieldPath}> = [];
	const headers = arrayTableLines(input.text, 'package');
	for (const [index, entry] of entries.entries()) {
		const at: FieldPath = ['package', index];
		const name = fields.string(entry.name, [...at, 'name']);
		if (!name) {
			graph.warn(`${input.path}: [[package]] #${index + 1} has no name; skipped`);
			continue;
		}

		const source = entrySource(entry, at, fields);
		const version =
			fields.string(entry.version, [...at, 'version']) ??
			(source === 'registry' ? undefined : unknownVersion);
		if (version === undefined) {
			graph.warn(`${input.path}: [[package]] ${name} has no version; skipped`);
			continue;
		}

		const line = entryLineAt(headers, entries.length, index);
		packages.push({id: graph.addPackage(name, version, source, undefined, line), entry, at});
	}

	// The project first: a package of its lock may name it (the project provides it; see PythonGraph.link).
	const pyproject = readPyproject(input, (message) => graph.warn(message));
	const root = graph.addRoot(pythonRootName(input, pyproject));

	for (const {id, entry, at} of packages) {
		const extras = fields.strings(entry.extras, [...at, 'extras']);
		const kind: EdgeKind = extras.length > 0 ? 'optional' : 'prod';
		const dependencies = fields.strings(entry.dependencies, [...at, 'dependencies']).flatMap((text) => {
			const dependency = declaredFromRequirement(text, kind);
			if (!dependency)
				graph.warn(`${input.path}: cannot read dependency "${text}" of ${entry.name}; skipped`);
			return dependency ? [dependency] : [];
		});
		for (const dependency of dependencies) graph.link(id, dependency);
		for (const extra of extras) graph.declareExtra(id, extra, dependencies);
	}

	const linked = pyproject ? linkDeclaredDependencies(graph, root, pyproject.dependencies) : 0;
	const kinds = new Map<string, EdgeKind>();
	for (const {id, entry, at} of packages) {
		const groups = fields.strings(entry.groups, [...at, 'groups']);
		if (groups.length === 0 || groups.includes('default')) kinds.set(id, 'prod');
		else if (!kinds.has(id)) kinds.set(id, 'dev');
	}

	const adopted = graph.adoptOrphans(root, (id) => kinds.get(id) ?? 'prod');
	if (linked > 0) warnStale(graph, input, adopted);
	return graph.build('pdm');
}

/** `editable`/`path` → file, `git` → git, `url` → url, else the index. */
function entrySource(entry: TomlTable, at: FieldPath, fields: Fields): PackageSource {
	if (fields.string(entry.git, [...at, 'git'])) return 'git';
	if (fields.string(entry.path, [...at, 'path']) || fields.boolean(entry.editable, [...at, 'editable']))
		return 'file';
	if (fields.string(entry.url, [...at, 'url'])) return 'url';
	return 'registry';
}
