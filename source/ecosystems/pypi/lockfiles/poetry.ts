import type {EdgeKind} from '../../../graph/builder.js';
import type {PackageSource} from '../../../graph/types.js';
import {
	arrayTableLines,
	asString,
	asStrings,
	checkMetadataVersion,
	entryLineAt,
	isTable,
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

	const packages: Array<{id: string; entry: TomlTable}> = [];
	const headers = arrayTableLines(input.text, 'package');
	for (const [index, entry] of entries.entries()) {
		const name = asString(entry.name);
		const version = asString(entry.version);
		if (!name || !version) {
			graph.warn(
				`${input.path}: [[package]] #${index + 1}${name ? ` (${name})` : ''} has no ${name ? 'version' : 'name'}; skipped`,
			);
			continue;
		}

		const sourceType = isTable(entry.source) ? asString(entry.source.type) : undefined;
		const source = sourceType === undefined ? undefined : sourceTypes[sourceType];
		const line = entryLineAt(headers, entries.length, index);
		packages.push({id: graph.addPackage(name, version, source, undefined, line), entry});
	}

	for (const {id, entry} of packages) {
		for (const dependency of poetryDependencies(entry.dependencies)) graph.link(id, dependency);
		if (isTable(entry.extras)) {
			for (const [extra, requirements] of Object.entries(entry.extras)) {
				graph.declareExtra(id, extra, extraDependencies(asStrings(requirements)));
			}
		}
	}

	const pyproject = readPyproject(input, (message) => graph.warn(message));
	const root = graph.addRoot(pythonRootName(input, pyproject));
	const linked = pyproject ? linkDeclaredDependencies(graph, root, pyproject.dependencies) : 0;
	const kinds = new Map(packages.map(({id, entry}) => [id, orphanKind(entry)]));
	const adopted = graph.adoptOrphans(root, (id) => kinds.get(id) ?? 'prod');
	if (linked > 0) warnStale(graph, input, adopted);
	return graph.build('poetry');
}

/**
 * `[package.dependencies]`: `name = "spec"`, `name = {version, optional, markers, extras}`, or an array of
 * such tables (one per environment marker).
 */
function poetryDependencies(table: unknown): PythonDependency[] {
	if (!isTable(table)) return [];
	const dependencies: PythonDependency[] = [];
	for (const [name, spec] of Object.entries(table)) {
		for (const alternative of Array.isArray(spec) ? spec : [spec]) {
			const details: TomlTable = isTable(alternative) ? alternative : {version: alternative};
			dependencies.push({
				name,
				specifier: asString(details.version) ?? '',
				extras: asStrings(details.extras),
				kind: details.optional === true ? 'optional' : 'prod',
				...(typeof details.markers === 'string' ? {marker: details.markers} : {}),
			});
		}
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
function orphanKind(entry: TomlTable): EdgeKind {
	const groups = asStrings(entry.groups).map(normalizePythonName);
	const category = asString(entry.category);
	const main = groups.length > 0 ? groups.includes('main') : category !== 'dev';
	if (!main) return 'dev';
	return entry.optional === true ? 'optional' : 'prod';
}
