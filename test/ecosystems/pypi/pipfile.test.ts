import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readPipfileLock} from '../../../source/ecosystems/pypi/lockfiles/pipfile.js';
import {fixtureReader, lockfileError, textReader} from '../../helpers/lockfile-fixtures.js';

const read = fixtureReader(readPipfileLock, 'pipfile', 'Pipfile.lock');
const readText = textReader(readPipfileLock, 'pipfile', 'Pipfile.lock', 'project');

test('flat lock: default entries are direct prod, develop entries direct dev, no edges', () => {
	const lock = read('project');
	assert.equal(lock.format, 'pipfile');
	assert.equal(lock.ecosystem, 'pypi');
	assert.deepEqual(lock.warnings, []);
	assert.equal(lock.packages.length, 30);
	assert.ok(lock.packages.every((node) => node.direct && node.dependencies.length === 0));
	assert.equal(lock.root().dependencies.length, 30);
	assert.equal(lock.pkg('pypi:pytest@8.3.3').dev, true);
	assert.equal(lock.pkg('pypi:black@24.10.0').dev, true);
	assert.equal(lock.pkg('pypi:requests@2.32.3').dev, false);
	// click and colorama are in both sections: prod wins.
	assert.equal(lock.pkg('pypi:click@8.1.7').dev, false);
	assert.equal(lock.pkg('pypi:colorama@0.4.6').dev, false);
});

test('editable path and git entries are non-registry packages', () => {
	const lock = read('project');
	assert.equal(lock.pkg('pypi:shop-utils@unknown').source, 'file');
	const toolbar = lock.pkg('pypi:django-debug-toolbar@1a9fd7f37c2fb5f4deb2e93b6e49bc86a46e2a2c');
	assert.equal(toolbar.source, 'git');
	assert.equal(lock.pkg('pypi:django@4.2.16').source, undefined);
});

test('missing fields: no _meta and entries without a pinned version are warnings', () => {
	const lock = read('missing-fields');
	assert.deepEqual(
		lock.packages.map((node) => node.id),
		['pypi:certifi@2024.8.30'],
	);
	const file = 'lockfiles/pipfile/missing-fields/Pipfile.lock';
	assert.deepEqual(lock.warnings, [
		`${file}: no _meta.pipfile-spec; read as pipfile-spec 6`,
		`${file}: default.requests has no pinned version ("version": "==…"); skipped`,
		`${file}: default.urllib3 has no pinned version ("version": "==…"); skipped`,
	]);
});

test('names are normalised per PEP 503', () => {
	const lock = readText(
		JSON.stringify({
			_meta: {'pipfile-spec': 6},
			default: {Typing_Extensions: {version: '==4.12.2'}, 'zope.interface': {version: '==7.2'}},
		}),
	);
	assert.deepEqual(
		lock.packages.map((node) => node.id),
		['pypi:typing-extensions@4.12.2', 'pypi:zope-interface@7.2'],
	);
});

test('an unknown pipfile-spec is an error naming it, with its line', () => {
	const error = lockfileError(() => read('unknown-spec'));
	assert.equal(error.message, 'unsupported pipfile-spec 7 (supported: 6)');
	assert.equal(error.line, 6);
});

test('malformed JSON is an error with the line of the first problem', () => {
	const error = lockfileError(() => read('malformed'));
	assert.equal(error.file, 'lockfiles/pipfile/malformed/Pipfile.lock');
	assert.equal(error.message, 'invalid JSON: CommaExpected');
	assert.equal(error.line, 25);
});

test('empty files and JSON that is not a Pipfile.lock are errors', () => {
	assert.equal(lockfileError(() => read('empty')).message, 'file is empty');
	assert.equal(
		lockfileError(() => readText('{"name": "x"}')).message,
		'not a Pipfile.lock: no _meta, default or develop section',
	);
	assert.equal(
		lockfileError(() => readText('[1, 2]')).message,
		'not a Pipfile.lock: the top level is not an object',
	);
});
