import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readPdmLock} from '../../../source/ecosystems/pypi/lockfiles/pdm.js';
import {fixtureReader, flags, lockfileError} from '../../helpers/lockfile-fixtures.js';

const read = fixtureReader(readPdmLock, 'pdm', 'pdm.lock');

test('project: packages and PEP 508 dependency edges (names normalised)', () => {
	const lock = read('project');
	assert.equal(lock.format, 'pdm');
	assert.equal(lock.ecosystem, 'pypi');
	assert.deepEqual(lock.warnings, []);
	assert.equal(lock.packages.length, 32);
	assert.deepEqual(lock.pkg('pypi:requests@2.32.3').dependencies, [
		'pypi:certifi@2024.8.30',
		'pypi:charset-normalizer@3.4.0',
		'pypi:idna@3.10',
		'pypi:urllib3@2.2.3',
		'pypi:pysocks@1.7.1',
	]);
	// "Jinja2>=3.1.2", "Werkzeug>=3.1" in flask's dependencies.
	assert.ok(lock.pkg('pypi:flask@3.1.0').dependencies.includes('pypi:jinja2@3.1.4'));
	assert.ok(lock.pkg('pypi:flask@3.1.0').dependencies.includes('pypi:werkzeug@3.1.3'));
	// "colorama; platform_system == \"Windows\"" keeps its edge.
	assert.deepEqual(lock.pkg('pypi:click@8.1.7').dependencies, ['pypi:colorama@0.4.6']);
});

test('project: root edges from pyproject ([project] dependencies, [tool.pdm.dev-dependencies])', () => {
	const lock = read('project');
	const root = lock.root();
	assert.equal(root.name, 'shop-api');
	assert.deepEqual([...root.dependencies].sort(), [
		'pypi:black@24.10.0',
		'pypi:django@4.2.16',
		'pypi:flask@3.1.0',
		'pypi:numpy@2.0.2',
		'pypi:pytest@8.3.3',
		'pypi:requests@2.32.3',
	]);
	assert.equal(flags(lock, 'pypi:pytest@8.3.3'), 'direct,dev');
	assert.equal(flags(lock, 'pypi:iniconfig@2.0.0'), 'dev');
	assert.equal(flags(lock, 'pypi:django@4.2.16'), 'direct');
	// The `requests[socks]` entry's PySocks is required: the project asks for requests[socks].
	assert.equal(flags(lock, 'pypi:pysocks@1.7.1'), '');
	// The extras entry's own "requests==2.32.3" is not a self-edge.
	assert.equal(lock.pkg('pypi:requests@2.32.3').dependencies.includes('pypi:requests@2.32.3'), false);
});

test('no pyproject: group "default" orphans are direct prod, other groups dev; editable/git/url sources', () => {
	const lock = read('editable');
	assert.deepEqual(lock.warnings, []);
	assert.deepEqual([...lock.root().dependencies].sort(), [
		'pypi:django-debug-toolbar@4.4.6',
		'pypi:pytest@8.3.4',
		'pypi:shop-core@0.2.0',
	]);
	assert.equal(flags(lock, 'pypi:pytest@8.3.4'), 'direct,dev');
	assert.equal(flags(lock, 'pypi:shop-core@0.2.0'), 'direct');
	assert.equal(lock.pkg('pypi:shop-core@0.2.0').source, 'file');
	assert.equal(lock.pkg('pypi:django-debug-toolbar@4.4.6').source, 'git');
	assert.equal(lock.pkg('pypi:tzdata-lite@2024.2').source, 'url');
	assert.deepEqual(lock.pkg('pypi:shop-core@0.2.0').dependencies, [
		'pypi:pydantic@2.10.3',
		'pypi:tzdata-lite@2024.2',
	]);
	// pytest's "tomli>=1; python_version < \"3.11\"" is not locked (Python >= 3.11): no warning, no edge.
	assert.deepEqual(lock.pkg('pypi:pytest@8.3.4').dependencies, [
		'pypi:colorama@0.4.6',
		'pypi:iniconfig@2.0.0',
		'pypi:packaging@24.2',
		'pypi:pluggy@1.5.0',
	]);
});

test('missing fields: skipped entries, an unreadable and dangling dependencies are warnings', () => {
	const lock = read('missing-fields');
	assert.deepEqual(
		lock.packages.map((node) => node.id),
		['pypi:requests@2.32.3'],
	);
	const file = 'lockfiles/pdm/missing-fields/pdm.lock';
	assert.deepEqual(lock.warnings, [
		`${file}: [[package]] certifi has no version; skipped`,
		`${file}: [[package]] #3 has no name; skipped`,
		`${file}: cannot read dependency "!!! not a requirement" of requests; skipped`,
		`${file}: requests depends on certifi, which is not in the lockfile`,
		`${file}: requests depends on idna, which is not in the lockfile`,
	]);
});

test('an unknown lock_version is an error naming it, with its line', () => {
	const error = lockfileError(() => read('unknown-version'));
	assert.equal(error.message, 'unsupported lock_version 5.0.0 (supported: 4.x)');
	assert.equal(error.line, 7);
});

test('malformed and empty files are errors', () => {
	const malformed = lockfileError(() => read('malformed'));
	assert.match(malformed.message, /^invalid TOML: /);
	assert.equal(malformed.line, 354);
	assert.equal(lockfileError(() => read('empty')).message, 'file is empty');
});
