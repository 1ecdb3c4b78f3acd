import path from 'node:path';
import {parseTomlLockfile} from '../../lockfiles/toml.js';
import type {LockfileInput, ParsedLockfile} from '../../lockfiles/types.js';
import {PythonGraph} from './lockfiles/python-graph.js';
import {readPyproject} from './lockfiles/python-pyproject.js';
import {poetryToPep440, pythonConstraintMarker} from './poetry-constraints.js';

/**
 * A `pyproject.toml` without a lockfile: its tree is resolved from the registry during the scan. PEP 621
 * `[project] dependencies` and Poetry's `[tool.poetry.dependencies]` (main group) are prod; PEP 621
 * `optional-dependencies`, PEP 735 `dependency-groups`, Poetry's other groups and `dev-dependencies` are dev.
 * Every version is chosen by commit-tui (`locked: false`). A pyproject.toml that declares no dependency (tool
 * configuration only) contributes nothing.
 */
export function readPyprojectManifest(input: LockfileInput): ParsedLockfile {
	// Unlike the pyproject.toml beside a lockfile, this one is the input: a broken one is an error.
	parseTomlLockfile(input);
	const graph = new PythonGraph(input.path);
	const here: LockfileInput = {
		...input,
		readRelative: (relative) => (relative === 'pyproject.toml' ? input.text : input.readRelative(relative)),
	};
	const pyproject = readPyproject(here, (message) => graph.warn(message));
	const dependencies = pyproject?.dependencies ?? [];
	if (dependencies.length === 0) return {...graph.build('pyproject'), roots: [], resolved: true};
	const root = graph.addRoot(
		pyproject?.name ?? (path.basename(path.dirname(input.absolutePath)) || 'project'),
	);
	for (const dependency of dependencies) {
		const range = dependency.poetry ? poetryToPep440(dependency.specifier) : dependency.specifier;
		const python = dependency.poetry?.python ? pythonConstraintMarker(dependency.poetry.python) : undefined;
		const markers = dependency.poetry ? dependency.poetry.markers : dependency.marker;
		const marker = [python, markers]
			.filter(Boolean)
			.map((item) => `(${item})`)
			.join(' and ');
		const extras = dependency.extras.length > 0 ? `[${dependency.extras.join(',')}]` : '';
		graph.builder.addRequirement(
			{
				from: root,
				name: dependency.name,
				range,
				kind: dependency.kind === 'prod' ? 'prod' : 'dev',
				...(dependency.extras.length > 0 ? {extras: dependency.extras} : {}),
				...(marker ? {marker} : {}),
				text: `${dependency.name}${extras}${dependency.specifier ? ` ${dependency.specifier}` : ''} (${input.path})`,
			},
			dependency.source,
		);
	}

	return graph.build('pyproject', {direct: 'declared', resolved: true});
}
