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
import {normalizePythonName} from '../names.js';
import {type PythonDependency, PythonGraph} from './python-graph.js';
import {linkDeclaredDependencies, warnStale} from './python-links.js';
import {pythonRootName, readPyproject} from './python-pyproject.js';
import {parsePythonRequirement} from './python-requirement.js';

const supportedMajors = ['1', '2'];

/** Poetry's `[package.source] type` → where the package comes from (`legacy` is a private index). */
const sourceTypes: Record<string, PackageSource> = {
	directory: 'file',
	file: 'file',
	git: 'git',
	url: 'url',
};

/**
 * Reads poetry.lock (lock-version 1.x with `category`, 2.x with `groups`). Direct dependencies come from the
 * pyproject.toml beside it; without one, packages nothing depends on are direct, dev when their
 * category/groups say so.
 */
export function readPoetryLock(input: LockfileInput): ParsedLockfile {
	const {metadata, entries} = parsePackageLock(
		input,
		'not a poetry.lock: no [[package]] entries and no [metadata] table',
	);
	const graph = new PythonGraph(input.path);
	checkMetadataVersion(input, metadata, 'lock-version', supportedMajors, (message) => graph.warn(message));
	const fields = Fields.of(input, tomlLocator);

	const packages: Array<{id: string; entry: TomlTable; at: FieldPath}> = [];
	const headers = arrayTableLines(input.text, 'package');
	for (const [index, entry] of entries.entries()) {
		const at: FieldPath = ['package', index];
		const name = fields.string(entry.name, [...at, 'name']);
		const version = fields.string(entry.version, [...at, 'version']);
		if (!name || !version) {
			graph.warn(
				`${input.path}: [[package]] #${index + 1}${name ? ` (${name})` : ''} has no ${name ? 'version' : 'name'}; skipped`,
			);
			continue;
		}

		const sourceTable = fields.table(entry.source, [...at, 'source']);
		const sourceType = fields.string(sourceTable?.type, [...at, 'source', 'type']);
		const source = sourceType === undefined ? undefined : sourceTypes[sourceType];
		const line = entryLineAt(headers, entries.length, index);
		packages.push({id: graph.addPackage(name, version, source, undefined, line), entry, at});
	}

	// The project first: a package of its lock may name it (the project provides it; see PythonGraph.link).
	const pyproject = readPyproject(input, (message) => graph.warn(message));
	const root = graph.addRoot(pythonRootName(input, pyproject));

	for (const {id, entry, at} of packages) {
		for (const dependency of poetryDependencies(entry.dependencies, [...at, 'dependencies'], fields))
			graph.link(id, dependency);
		const extras = fields.table(entry.extras, [...at, 'extras']) ?? {};
		for (const [extra, requirements] of Object.entries(extras)) {
			graph.declareExtra(
				id,
				extra,
				extraDependencies(fields.strings(requirements, [...at, 'extras', extra])),
			);
		}
	}

	const linked = pyproject ? linkDeclaredDependencies(graph, root, pyproject.dependencies) : 0;
	const kinds = new Map(packages.map(({id, entry, at}) => [id, orphanKind(entry, at, fields)]));
	const adopted = graph.adoptOrphans(root, (id) => kinds.get(id) ?? 'prod');
	if (linked > 0) warnStale(graph, input, adopted);
	return graph.build('poetry');
}

/**
 * `[package.dependencies]`: `name = "spec"`, `name = {version, optional, markers, extras}`, or an array of
 * such tables (one per environment marker).
 */
function poetryDependencies(value: unknown, at: FieldPath, fields: Fields): PythonDependency[] {
	const table = fields.table(value, at) ?? {};
	const dependencies: PythonDependency[] = [];
	for (const [name, spec] of Object.entries(table)) {
		const alternatives = Array.isArray(spec) ? spec : [spec];
		alternatives.forEach((alternative, index) => {
			const where = Array.isArray(spec) ? [...at, name, index] : [...at, name];
			const details: TomlTable =
				typeof alternative === 'string' ? {version: alternative} : (fields.table(alternative, where) ?? {});
			const marker = fields.string(details.markers, [...where, 'markers']);
			dependencies.push({
				name,
				specifier: fields.string(details.version, [...where, 'version']) ?? '',
				extras: fields.strings(details.extras, [...where, 'extras']),
				kind: fields.boolean(details.optional, [...where, 'optional']) ? 'optional' : 'prod',
				...(marker === undefined ? {} : {marker}),
			});
		});
	}

	return dependencies;
}

/** `[package.extras]` values: `"PySocks (>=1.5.6,!=1.5.7)"` or PEP 508 strings. */
function extraDependencies(requirements: readonly string[]): PythonDependency[] {
	return requirements.flatMap((text) => {
		const requirement = parsePythonRequirement(text);
		return requirement
			? [
					{
						name: requirement.name,
						specifier: requirement.specifier,
						extras: requirement.extras,
						kind: 'optional' as const,
					},
				]
			: [];
	});
}

/** Without pyproject.toml: lock 1.x `category = "dev"`, 2.x `groups` without "main", `optional = true`. */
function orphanKind(entry: TomlTable, at: FieldPath, fields: Fields): EdgeKind {
	const groups = fields.strings(entry.groups, [...at, 'groups']).map(normalizePythonName);
	const category = fields.string(entry.category, [...at, 'category']);
	const main = groups.length > 0 ? groups.includes('main') : category !== 'dev';
	if (!main) return 'dev';
	return fields.boolean(entry.optional, [...at, 'optional']) ? 'optional' : 'prod';
}
