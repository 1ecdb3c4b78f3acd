import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {readPoetryLock} from '../../../source/ecosystems/pypi/lockfiles/poetry.js';
import {fixtureReader, flags, lockfileError, textReader} from '../../helpers/lockfile-fixtures.js';
import {fixturePath} from '../../helpers/paths.js';

const read = fixtureReader(readPoetryLock, 'poetry', 'poetry.lock');
const readText = textReader(readPoetryLock, 'poetry', 'poetry.lock', 'v2');

test('lock-version 2.1: packages, with both numpy versions (one per marker)', () => {
	const lock = read('v2');
	assert.equal(lock.format, 'poetry');
	assert.equal(lock.ecosystem, 'pypi');
	assert.deepEqual(lock.warnings, []);
	assert.equal(lock.packages.length, 33);
	assert.ok(lock.byId.has('pypi:numpy@2.0.2'));
	assert.ok(lock.byId.has('pypi:numpy@2.1.3'));
});

test('lock-version 2.1: root edges come from pyproject.toml (PEP 621 + poetry dev group)', () => {
	const lock = read('v2');
	const root = lock.root();
	assert.equal(root.name, 'shop-api');
	assert.deepEqual([...root.dependencies].sort(), [
		'pypi:black@24.10.0',
		'pypi:django@4.2.16',
		'pypi:flask@3.1.0',
		'pypi:numpy@2.0.2',
		'pypi:numpy@2.1.3',
		'pypi:pytest@8.3.3',
		'pypi:requests@2.32.3',
	]);
	assert.equal(flags(lock, 'pypi:pytest@8.3.3'), 'direct,dev');
	assert.equal(flags(lock, 'pypi:black@24.10.0'), 'direct,dev');
	assert.equal(flags(lock, 'pypi:pluggy@1.5.0'), 'dev');
	assert.equal(flags(lock, 'pypi:flask@3.1.0'), 'direct');
	// click is needed by flask (prod) and black (dev): prod wins.
	assert.equal(flags(lock, 'pypi:click@8.1.7'), '');
});

test('lock-version 2.1: [package.dependencies] edges with names normalised (Jinja2, Werkzeug, MarkupSafe)', () => {
	const lock = read('v2');
	assert.deepEqual(lock.pkg('pypi:flask@3.1.0').dependencies, [
		'pypi:blinker@1.9.0',
		'pypi:click@8.1.7',
		'pypi:importlib-metadata@8.5.0',
		'pypi:itsdangerous@2.2.0',
		'pypi:jinja2@3.1.4',
		'pypi:werkzeug@3.1.3',
	]);
	assert.deepEqual(lock.pkg('pypi:jinja2@3.1.4').dependencies, ['pypi:markupsafe@3.0.2']);
	// [package.extras] alone adds no edge: asgiref's "tests" extra (pytest) is not installed.
	assert.deepEqual(lock.pkg('pypi:asgiref@3.8.1').dependencies, ['pypi:typing-extensions@4.12.2']);
	assert.deepEqual(lock.pkg('pypi:pytest@8.3.3').dependencies.includes('pypi:requests@2.32.3'), false);
});

test('lock-version 2.1: requests[socks] turns the optional PySocks edge into a required one', () => {
	const lock = read('v2');
	assert.ok(lock.pkg('pypi:requests@2.32.3').dependencies.includes('pypi:pysocks@1.7.1'));
	assert.equal(lock.pkg('pypi:pysocks@1.7.1').name, 'pysocks');
	assert.equal(flags(lock, 'pypi:pysocks@1.7.1'), '');
});

test('lock-version 1.1 without pyproject.toml: category decides dev, packages nothing depends on are direct', () => {
	const lock = read('v1');
	assert.deepEqual(lock.warnings, []);
	assert.equal(lock.packages.length, 28);
	const root = lock.root();
	assert.equal(root.name, 'v1');
	assert.deepEqual([...root.dependencies].sort(), [
		'pypi:black@20.8b1',
		'pypi:flask@1.1.2',
		'pypi:pytest@6.2.3',
		'pypi:requests@2.25.1',
	]);
	assert.equal(flags(lock, 'pypi:black@20.8b1'), 'direct,dev');
	assert.equal(flags(lock, 'pypi:pytest@6.2.3'), 'direct,dev');
	assert.equal(flags(lock, 'pypi:flask@1.1.2'), 'direct');
	assert.equal(flags(lock, 'pypi:attrs@20.3.0'), 'dev');
	assert.equal(flags(lock, 'pypi:click@7.1.2'), '');
	// `name = "Flask"`, `MarkupSafe = ">=0.23"`: one normalised name for ids and edges.
	assert.equal(lock.pkg('pypi:flask@1.1.2').name, 'flask');
	assert.deepEqual(lock.pkg('pypi:jinja2@2.11.3').dependencies, ['pypi:markupsafe@1.1.1']);
});

test('directory, git and private-index sources; poetry-style pyproject with dev-dependencies', () => {
	const lock = read('path-git');
	assert.deepEqual(lock.warnings, []);
	const root = lock.root();
	assert.equal(root.name, 'billing-service');
	assert.deepEqual([...root.dependencies].sort(), [
		'pypi:django-debug-toolbar@4.4.6',
		'pypi:idna@3.10',
		'pypi:internal-auth@2.3.1',
		'pypi:pytest-django@4.9.0',
		'pypi:shared-utils@0.3.0',
	]);
	assert.equal(lock.pkg('pypi:shared-utils@0.3.0').source, 'file');
	assert.equal(lock.pkg('pypi:django-debug-toolbar@4.4.6').source, 'git');
	// A `legacy` source is another package index: still a registry package.
	assert.equal(lock.pkg('pypi:internal-auth@2.3.1').source, undefined);
	// shared-utils' own pyproject uses carets (^5.1): edges still resolve.
	assert.deepEqual(lock.pkg('pypi:shared-utils@0.3.0').dependencies, ['pypi:django@5.1.3', 'pypi:idna@3.10']);
	assert.equal(flags(lock, 'pypi:pytest-django@4.9.0'), 'direct,dev');
	assert.equal(flags(lock, 'pypi:pytest@8.3.3'), 'dev');
	assert.equal(flags(lock, 'pypi:django@5.1.3'), '');
});

test('a dependency cycle (poetry <-> poetry-plugin-export) keeps both edges and one entry point', () => {
	const lock = read('cycle');
	assert.deepEqual(lock.pkg('pypi:poetry@1.8.4').dependencies, [
		'pypi:poetry-core@1.9.1',
		'pypi:poetry-plugin-export@1.8.0',
	]);
	assert.ok(lock.pkg('pypi:poetry-plugin-export@1.8.0').dependencies.includes('pypi:poetry@1.8.4'));
	assert.deepEqual(lock.root().dependencies, ['pypi:poetry@1.8.4']);
	assert.equal(flags(lock, 'pypi:poetry-plugin-export@1.8.0'), 'dev');
});

test('missing fields: entries without name or version are skipped with a warning, dangling edges warned', () => {
	const lock = read('missing-fields');
	assert.deepEqual(
		lock.packages.map((node) => node.id),
		['pypi:requests@2.32.3', 'pypi:urllib3@2.2.3'],
	);
	const file = 'lockfiles/poetry/missing-fields/poetry.lock';
	assert.deepEqual(lock.warnings, [
		`${file}: [[package]] #2 (certifi) has no version; skipped`,
		`${file}: [[package]] #3 has no name; skipped`,
		`${file}: requests depends on certifi, which is not in the lockfile`,
		`${file}: requests depends on idna, which is not in the lockfile`,
	]);
});

test('an unknown lock-version is an error naming it, with its line', () => {
	const error = lockfileError(() => read('unknown-version'));
	assert.equal(error.message, 'unsupported lock-version 3.0 (supported: 1.x, 2.x)');
	assert.equal(error.line, 15);
});

test('a truncated file is a TOML error with the line', () => {
	const error = lockfileError(() => read('malformed'));
	assert.equal(error.file, 'lockfiles/poetry/malformed/poetry.lock');
	assert.equal(error.line, 51);
	assert.match(error.message, /^invalid TOML: /);
});

test('an empty file is an error', () => {
	assert.equal(lockfileError(() => read('empty')).message, 'file is empty');
});

test('a lock out of step with pyproject.toml: unreachable packages become direct, with a warning', () => {
	const text = [
		'[[package]]',
		'name = "flask"',
		'version = "3.1.0"',
		'groups = ["main"]',
		'',
		'[[package]]',
		'name = "left-over"',
		'version = "1.0.0"',
		'groups = ["main"]',
		'',
		'[metadata]',
		'lock-version = "2.1"',
	].join('\n');
	const lock = readText(text);
	assert.deepEqual(lock.root().dependencies, ['pypi:flask@3.1.0', 'pypi:left-over@1.0.0']);
	assert.equal(
		lock.warnings.at(-1),
		'poetry.lock: 1 locked package(s) not reachable from pyproject.toml (is the lock stale?); shown as direct: pypi:left-over@1.0.0',
	);
	assert.ok(lock.warnings.includes('poetry.lock: shop-api depends on django, which is not in the lockfile'));
});

test('Windows line endings read the same', () => {
	const unix = read('v2');
	const text = readFileSync(fixturePath('lockfiles', 'poetry', 'v2', 'poetry.lock'), 'utf8').replace(
		/\n/g,
		'\r\n',
	);
	const windows = readText(text);
	assert.deepEqual(
		windows.packages.map((node) => [node.id, node.dependencies]),
		unix.packages.map((node) => [node.id, node.dependencies]),
	);
	assert.deepEqual(windows.roots[0]?.dependencies, unix.roots[0]?.dependencies);
});

test('a package of the lock depending on the project itself (a test plugin for it) is no missing-package warning', () => {
	// textual's own poetry.lock: pytest-textual-snapshot depends on textual, which the install provides as the project.
	const lock = readText(
		[
			'[[package]]',
			'name = "pytest-shop-api"',
			'version = "1.1.0"',
			'optional = false',
			'python-versions = ">=3.9"',
			'groups = ["dev"]',
			'',
			'[package.dependencies]',
			'shop_api = ">=0.1"',
			'absent-lib = ">=1"',
			'',
			'[metadata]',
			'lock-version = "2.1"',
			'python-versions = ">=3.9"',
			'content-hash = "0"',
			'',
		].join('\n'),
	);
	assert.deepEqual(
		lock.warnings.filter((warning) => warning.includes('pytest-shop-api')),
		['poetry.lock: pytest-shop-api depends on absent-lib, which is not in the lockfile'],
	);
});
