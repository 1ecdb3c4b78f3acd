import assert from 'node:assert/strict';
import {test} from 'node:test';
import {pythonRootName, readPyproject} from '../../../source/ecosystems/pypi/lockfiles/python-pyproject.js';
import {
	parsePythonRequirement,
	pinnedVersion,
	satisfiesSpecifier,
} from '../../../source/ecosystems/pypi/lockfiles/python-requirement.js';
import {
	nameOfReference,
	sourceOfReference,
	versionOfReference,
} from '../../../source/ecosystems/pypi/lockfiles/python-source.js';
import {normalizePythonName} from '../../../source/ecosystems/pypi/names.js';
import type {LockfileInput} from '../../../source/lockfiles/types.js';

test('PEP 503 normalisation: case, runs of - _ . become one dash', () => {
	assert.equal(normalizePythonName('Django'), 'django');
	assert.equal(normalizePythonName('typing_extensions'), 'typing-extensions');
	assert.equal(normalizePythonName('zope.interface'), 'zope-interface');
	assert.equal(normalizePythonName('Foo__Bar-._baz'), 'foo-bar-baz');
	assert.equal(normalizePythonName('  PySocks '), 'pysocks');
});

test('PEP 508: name, extras, specifier and marker', () => {
	assert.deepEqual(
		parsePythonRequirement('requests[socks, security]>=2.8.1,==2.8.*; python_version < "2.7"'),
		{
			name: 'requests',
			rawName: 'requests',
			extras: ['socks', 'security'],
			specifier: '>=2.8.1,==2.8.*',
			marker: 'python_version < "2.7"',
		},
	);
	assert.deepEqual(parsePythonRequirement('Typing_Extensions'), {
		name: 'typing-extensions',
		rawName: 'Typing_Extensions',
		extras: [],
		specifier: '',
	});
});

test("PEP 508: poetry's parenthesised specifiers and spaces around operators", () => {
	const requirement = parsePythonRequirement('PySocks (>=1.5.6,!=1.5.7)');
	assert.equal(requirement?.name, 'pysocks');
	assert.equal(requirement?.specifier, '>=1.5.6,!=1.5.7');
	assert.equal(
		parsePythonRequirement('numpy (>=2.0.2,<2.1) ; python_version < "3.10"')?.marker,
		'python_version < "3.10"',
	);
	assert.equal(parsePythonRequirement('black >= 24.10 , < 25')?.specifier, '>=24.10,<25');
});

test('PEP 508: URL requirements keep the URL and a whitespace-separated marker', () => {
	assert.deepEqual(
		parsePythonRequirement('pip @ https://github.com/pypa/pip/archive/1.3.1.zip ; python_version >= "3"'),
		{
			name: 'pip',
			rawName: 'pip',
			extras: [],
			specifier: '',
			marker: 'python_version >= "3"',
			url: 'https://github.com/pypa/pip/archive/1.3.1.zip',
		},
	);
});

test('PEP 508: text that is not a requirement is refused', () => {
	assert.equal(parsePythonRequirement('!!! nope'), undefined);
	assert.equal(parsePythonRequirement('requests garbage'), undefined);
	assert.equal(parsePythonRequirement(''), undefined);
});

test('a pin is == or === with one version; ranges and wildcards are not', () => {
	assert.equal(pinnedVersion('==2.32.3'), '2.32.3');
	assert.equal(pinnedVersion('===1.0+local'), '1.0+local');
	assert.equal(pinnedVersion(' == 1.0 '), '1.0');
	assert.equal(pinnedVersion('==2.*'), undefined);
	assert.equal(pinnedVersion('>=2'), undefined);
	assert.equal(pinnedVersion('==1.0,<2'), undefined);
	assert.equal(pinnedVersion(''), undefined);
});

test('specifier matching: PEP 440, poetry || alternatives, and lenient on what it cannot judge', () => {
	assert.equal(satisfiesSpecifier('2.0.2', '>=2.0.2,<2.1'), true);
	assert.equal(satisfiesSpecifier('2.1.3', '>=2.0.2,<2.1'), false);
	assert.equal(satisfiesSpecifier('1.7.1', '>=1.5.6,<1.5.7 || >1.5.7'), true);
	assert.equal(satisfiesSpecifier('1.5.7', '>=1.5.6,<1.5.7 || >1.5.7'), false);
	assert.equal(satisfiesSpecifier('1.0', '^1.0'), true);
	assert.equal(satisfiesSpecifier('1.0', ''), true);
	assert.equal(satisfiesSpecifier('not-a-version', '>=1'), true);
});

test('direct references: source kind, version and name', () => {
	const git = 'git+https://github.com/psf/requests.git@v2.32.3#egg=requests';
	assert.equal(sourceOfReference(git), 'git');
	assert.equal(versionOfReference(git), 'v2.32.3');
	assert.equal(nameOfReference(git), 'requests');
	assert.equal(versionOfReference('git+ssh://git@github.com/org/repo.git'), undefined);
	assert.equal(nameOfReference('git+ssh://git@github.com/org/repo.git'), 'repo');

	const wheel = 'https://files.example.com/Django-5.1.3-py3-none-any.whl';
	assert.equal(sourceOfReference(wheel), 'url');
	assert.equal(versionOfReference(wheel), '5.1.3');
	assert.equal(nameOfReference(wheel), 'Django');

	assert.equal(sourceOfReference('./vendor/legacy_pkg-0.9.tar.gz'), 'file');
	assert.equal(versionOfReference('./vendor/legacy_pkg-0.9.tar.gz'), '0.9');
	assert.equal(nameOfReference('./vendor/legacy_pkg-0.9.tar.gz'), 'legacy_pkg');
	assert.equal(nameOfReference('./libs/my_utils/'), 'my_utils');
	assert.equal(nameOfReference('.'), undefined);
	assert.equal(sourceOfReference('file:///opt/src/mylib'), 'file');
});

function inputWithPyproject(pyproject: string | undefined): LockfileInput {
	return {
		path: 'app/poetry.lock',
		absolutePath: '/projects/app/poetry.lock',
		text: '',
		readRelative: (relativePath) => (relativePath === 'pyproject.toml' ? pyproject : undefined),
	};
}

test('pyproject.toml: PEP 621, PEP 735 groups, poetry groups and pdm dev-dependencies with their kinds', () => {
	const warnings: string[] = [];
	const pyproject = readPyproject(
		inputWithPyproject(
			[
				'[project]',
				'name = "app"',
				'dependencies = ["Flask>=3", "numpy; python_version >= \'3.10\'"]',
				'[project.optional-dependencies]',
				'socks = ["requests[socks]>=2.32"]',
				'[dependency-groups]',
				'lint = ["ruff>=0.8", {include-group = "test"}]',
				'test = ["pytest>=8"]',
				'[tool.poetry.dependencies]',
				'python = "^3.11"',
				'django = {version = "^5.1", optional = true}',
				'[tool.poetry.group.main.dependencies]',
				'idna = "^3.7"',
				'[tool.poetry.group.docs.dependencies]',
				'sphinx = [{version = "^7", python = "<3.12"}, {version = "^8", python = ">=3.12"}]',
				'[tool.pdm.dev-dependencies]',
				// pdm's own placeholder, written literally into pyproject.toml.
				`dev = ["-e file:///\${PROJECT_ROOT}/libs/shop-core#egg=shop-core", "black"]`,
			].join('\n'),
		),
		(message) => warnings.push(message),
	);
	assert.deepEqual(warnings, []);
	assert.equal(pyproject?.name, 'app');
	assert.deepEqual(
		pyproject?.dependencies.map((dependency) => [dependency.name, dependency.kind, dependency.marker ?? '']),
		[
			['flask', 'prod', ''],
			['numpy', 'prod', "python_version >= '3.10'"],
			['requests', 'optional', ''],
			['ruff', 'dev', ''],
			['pytest', 'dev', ''],
			['shop-core', 'dev', ''],
			['black', 'dev', ''],
			['django', 'optional', ''],
			['idna', 'prod', ''],
			['sphinx', 'dev', '<3.12'],
			['sphinx', 'dev', '>=3.12'],
		],
	);
	assert.deepEqual(pyproject?.dependencies[2]?.extras, ['socks']);
});

test('pyproject.toml: absent is undefined; broken is a warning, not an error; root name falls back to the folder', () => {
	assert.equal(
		readPyproject(inputWithPyproject(undefined), () => {}),
		undefined,
	);
	const warnings: string[] = [];
	const broken = readPyproject(inputWithPyproject('[project\nname = "x"'), (message) =>
		warnings.push(message),
	);
	assert.equal(broken, undefined);
	assert.equal(warnings.length, 1);
	assert.match(
		warnings[0]!,
		/^app\/pyproject\.toml:1: invalid TOML: .* \(ignored; direct dependencies guessed from the lockfile\)$/,
	);
	assert.equal(pythonRootName(inputWithPyproject(undefined), undefined), 'app');
	assert.equal(pythonRootName(inputWithPyproject(undefined), {name: 'shop', dependencies: []}), 'shop');
});
