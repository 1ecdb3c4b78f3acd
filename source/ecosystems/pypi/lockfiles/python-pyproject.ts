import path from 'node:path';
import type {EdgeKind} from '../../../graph/builder.js';
import type {PackageSource} from '../../../graph/types.js';
import {asString, asStrings, isTable, parseTomlText, type TomlTable} from '../../../lockfiles/toml.js';
import {LockfileError, type LockfileInput} from '../../../lockfiles/types.js';
import {normalizePythonName} from '../names.js';
import {parsePythonRequirement} from './python-requirement.js';
import {sourceOfReference} from './python-source.js';

/** A dependency the project itself declares in pyproject.toml. */
export type DeclaredDependency = {
	/** PEP 503-normalised. */
	readonly name: string;
	readonly specifier: string;
	readonly extras: string[];
	readonly kind: EdgeKind;
	/** `; marker` (PEP 508) or poetry's `markers`/`python`: the dependency may rightly be missing from the lock. */
	readonly marker?: string;
	/** Written in poetry's syntax (`^1.2`, `~1.2`): not PEP 440 (see poetry-constraints.ts). */
	readonly poetry?: {
		/** poetry's `markers` alone (PEP 508). */
		readonly markers?: string;
		/** poetry's `python` constraint (poetry syntax), apart from its markers. */
		readonly python?: string;
	};
	/** Not from an index: a git, path or URL dependency. */
	readonly source?: PackageSource;
};

/** What the readers need from the pyproject.toml beside a lockfile. */
export type Pyproject = {
	readonly name?: string;
	readonly dependencies: DeclaredDependency[];
};

/**
 * Reads pyproject.toml beside the lockfile: the project name and its direct dependencies from PEP 621
 * (`[project] dependencies` → prod, `[project.optional-dependencies]` → optional), PEP 735
 * `[dependency-groups]` (→ dev), poetry (`[tool.poetry.dependencies]`, `[tool.poetry.group.X.dependencies]`,
 * the old `[tool.poetry.dev-dependencies]`) and `[tool.pdm.dev-dependencies]`.
 * Returns undefined when there is none; a broken one is reported through `warn` and ignored, because the
 * lockfile itself is still readable.
 */
export function readPyproject(input: LockfileInput, warn: (message: string) => void): Pyproject | undefined {
	const text = input.readRelative('pyproject.toml');
	if (text === undefined) return undefined;
	const file = path.join(path.dirname(input.path), 'pyproject.toml');
	let document: TomlTable;
	try {
		document = parseTomlText(text, file);
	} catch (error) {
		if (!(error instanceof LockfileError)) throw error;
		warn(`${error.describe()} (ignored; direct dependencies guessed from the lockfile)`);
		return undefined;
	}

	const project = isTable(document.project) ? document.project : {};
	const tool = isTable(document.tool) ? document.tool : {};
	const poetry = isTable(tool.poetry) ? tool.poetry : {};
	const pdm = isTable(tool.pdm) ? tool.pdm : {};

	const dependencies: DeclaredDependency[] = [];
	const addStrings = (values: unknown, kind: EdgeKind) => {
		for (const value of asStrings(values)) {
			const declared = declaredFromString(value, kind);
			if (declared) dependencies.push(declared);
		}
	};

	addStrings(project.dependencies, 'prod');
	if (isTable(project['optional-dependencies'])) {
		for (const values of Object.values(project['optional-dependencies'])) addStrings(values, 'optional');
	}

	if (isTable(document['dependency-groups'])) {
		for (const values of Object.values(document['dependency-groups'])) addStrings(values, 'dev');
	}

	if (isTable(pdm['dev-dependencies'])) {
		for (const values of Object.values(pdm['dev-dependencies'])) addStrings(values, 'dev');
	}

	dependencies.push(
		...poetryTable(poetry.dependencies, 'prod'),
		...poetryTable(poetry['dev-dependencies'], 'dev'),
	);
	if (isTable(poetry.group)) {
		for (const [group, table] of Object.entries(poetry.group)) {
			if (isTable(table))
				dependencies.push(...poetryTable(table.dependencies, group === 'main' ? 'prod' : 'dev'));
		}
	}

	const name = asString(project.name) ?? asString(poetry.name);
	return {...(name ? {name} : {}), dependencies};
}

/**
 * The name and static version of the project in a folder, from its pyproject.toml (`[project]`, else
 * `[tool.poetry]`); undefined without one. A version listed in `[project] dynamic` (set at build time) is not
 * known here.
 */
export function localProjectIn(
	input: LockfileInput,
	relativeDirectory: string,
): {readonly name?: string; readonly version?: string} | undefined {
	const file = path.join(relativeDirectory, 'pyproject.toml');
	try {
		const text = input.readRelative(file);
		if (text === undefined) return undefined;
		const document = parseTomlText(text, file);
		const project = isTable(document.project) ? document.project : {};
		const tool = isTable(document.tool) ? document.tool : {};
		const poetry = isTable(tool.poetry) ? tool.poetry : {};
		const dynamic = asStrings(project.dynamic);
		const version = dynamic.includes('version')
			? undefined
			: (asString(project.version) ?? asString(poetry.version));
		const name = asString(project.name) ?? asString(poetry.name);
		return {...(name ? {name} : {}), ...(version ? {version} : {})};
	} catch (error) {
		// Outside the project, not a file, not TOML: the folder's name will do (this only names a package).
		if (error instanceof LockfileError) return undefined;
		throw error;
	}
}

/** The root's name: pyproject's project name, else the lockfile's directory. */
export function pythonRootName(input: LockfileInput, pyproject: Pyproject | undefined): string {
	return pyproject?.name ?? (path.basename(path.dirname(input.absolutePath)) || 'project');
}

/**
 * A PEP 508 string, or pdm's editable form `-e file:///${PROJECT_ROOT}/lib#egg=lib` (where the egg names it).
 */
function declaredFromString(value: string, kind: EdgeKind): DeclaredDependency | undefined {
	const editable = /^-e\s+(.*)$/.exec(value.trim());
	if (editable) {
		const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(editable[1]!);
		return egg ? {name: normalizePythonName(egg[1]!), specifier: '', extras: [], kind} : undefined;
	}

	return declaredFromRequirement(value, kind);
}

/** A PEP 508 requirement string as a dependency of the given kind; undefined when it does not parse. */
export function declaredFromRequirement(text: string, kind: EdgeKind): DeclaredDependency | undefined {
	const requirement = parsePythonRequirement(text);
	if (!requirement) return undefined;
	return {
		name: requirement.name,
		specifier: requirement.specifier,
		extras: requirement.extras,
		kind,
		...(requirement.marker ? {marker: requirement.marker} : {}),
		...(requirement.url ? {source: sourceOfReference(requirement.url)} : {}),
	};
}

/** Poetry's `name = "^1.2"`, `name = {version, optional, extras, …}` or an array of those, minus `python`. */
function poetryTable(table: unknown, kind: EdgeKind): DeclaredDependency[] {
	if (!isTable(table)) return [];
	const dependencies: DeclaredDependency[] = [];
	for (const [rawName, spec] of Object.entries(table)) {
		if (rawName.toLowerCase() === 'python') continue;
		const alternatives = Array.isArray(spec) ? spec : [spec];
		for (const alternative of alternatives) {
			const details: TomlTable = isTable(alternative) ? alternative : {version: alternative};
			const markers = asString(details.markers);
			const python = asString(details.python);
			const marker = markers ?? python;
			const source: PackageSource | undefined =
				typeof details.git === 'string'
					? 'git'
					: typeof details.path === 'string'
						? 'file'
						: typeof details.url === 'string'
							? 'url'
							: undefined;
			dependencies.push({
				name: normalizePythonName(rawName),
				specifier: asString(details.version) ?? '',
				extras: asStrings(details.extras),
				kind: details.optional === true && kind === 'prod' ? 'optional' : kind,
				...(marker ? {marker} : {}),
				poetry: {...(markers ? {markers} : {}), ...(python ? {python} : {})},
				...(source ? {source} : {}),
			});
		}
	}

	return dependencies;
}
