import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readNpmLockfile} from '../../../source/ecosystems/npm/lockfiles/npm.js';
import {fixtureFailure, inputFor} from '../../helpers/lockfile-fixtures.js';
import {fixturePath} from '../../helpers/paths.js';

/** Reads a fixture that must fail and returns its LockfileError. */
const failure = fixtureFailure(readNpmLockfile, 'npm-nasty', 'package-lock.json');

test('an empty or blank file is an error, not an empty graph', () => {
	assert.equal(failure('empty').describe(), 'lockfiles/npm-nasty/empty/package-lock.json: file is empty');
	assert.equal(failure('whitespace').message, 'file is empty');
});

test('malformed JSON names the line of the first syntax error', () => {
	const error = failure('malformed');
	assert.equal(error.line, 8);
	assert.equal(error.message, 'malformed JSON: comma expected');
	assert.equal(
		error.describe(),
		'lockfiles/npm-nasty/malformed/package-lock.json:8: malformed JSON: comma expected',
	);
});

test('a truncated file is malformed at its last line', () => {
	const error = failure('truncated');
	assert.equal(error.line, 76);
	assert.match(error.message, /^malformed JSON: /);
});

test('an unknown lockfileVersion is named in the error', () => {
	assert.equal(failure('unknown-version').message, 'unsupported lockfileVersion 4 (supported: 1, 2, 3)');
	const text = '{"lockfileVersion": "3", "packages": {}}';
	assert.throws(() => readNpmLockfile(inputFor(fixturePath('lockfiles', 'x', 'package-lock.json'), text)), {
		name: 'LockfileError',
		message: 'unsupported lockfileVersion "3" (supported: 1, 2, 3)',
	});
});

test('a file without lockfileVersion, or not an object, is not an npm lockfile', () => {
	assert.equal(failure('missing-version-field').message, 'missing lockfileVersion (not an npm lockfile?)');
	assert.equal(failure('not-an-object').message, 'expected a JSON object at the top level');
});

test('a v2 lockfile without its packages map is refused rather than read half', () => {
	assert.equal(failure('v2-without-packages').message, 'lockfileVersion 2 lockfile has no "packages" object');
});
