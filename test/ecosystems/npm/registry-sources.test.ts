import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {readNpmLockfile} from '../../../source/ecosystems/npm/lockfiles/npm.js';
import {indexed, inputFor} from '../../helpers/lockfile-fixtures.js';
import {fixturePath} from '../../helpers/paths.js';

/**
 * A package is a registry package when its spec says so (a semver range, a tag, an `npm:` alias), not when its
 * tarball URL has npmjs's `/-/`: GitHub Packages and Artifactory keep tarballs elsewhere.
 */

const githubPackagesTarball =
	'https://npm.pkg.github.com/download/@acme/widgets/2.3.1/0d7f3b8c1e6f4a0b9a7c2d1e5f6a7b8c9d0e1f2a';
const artifactoryTarball =
	'https://acme.jfrog.io/artifactory/api/npm/npm-virtual/left-pad/-/left-pad-1.3.0.tgz';
const remoteTarball = 'https://example.com/downloads/tiny-tarball-1.0.0.tgz';

function read(lock: unknown) {
	// No package.json beside it: the "" entry is the project's manifest.
	const file = fixturePath('lockfiles', 'npm-v3', 'no-such-case', 'package-lock.json');
	return indexed(readNpmLockfile(inputFor(file, JSON.stringify(lock))));
}

describe('npm registry packages are judged by their spec', () => {
	test('v3: a GitHub Packages tarball of a range dependency is a registry package; a URL dependency is not', () => {
		const lock = read({
			name: 'app',
			lockfileVersion: 3,
			packages: {
				'': {
					name: 'app',
					dependencies: {'@acme/widgets': '^2.3.0', 'left-pad': '1.3.0', 'tiny-tarball': remoteTarball},
				},
				'node_modules/@acme/widgets': {
					version: '2.3.1',
					resolved: githubPackagesTarball,
					integrity: 'sha512-x',
				},
				'node_modules/left-pad': {version: '1.3.0', resolved: artifactoryTarball, integrity: 'sha512-y'},
				'node_modules/tiny-tarball': {version: '1.0.0', resolved: remoteTarball, integrity: 'sha512-z'},
			},
		});
		assert.equal(lock.pkg('npm:@acme/widgets@2.3.1').source, undefined, 'registry (no source field)');
		assert.equal(lock.pkg('npm:left-pad@1.3.0').source, undefined);
		assert.equal(lock.pkg('npm:tiny-tarball@1.0.0').source, 'url');
	});

	test('v3: an npm: alias to a package on another registry is a registry package', () => {
		const lock = read({
			lockfileVersion: 3,
			packages: {
				'': {dependencies: {widgets: 'npm:@acme/widgets@^2'}},
				'node_modules/widgets': {
					name: '@acme/widgets',
					version: '2.3.1',
					resolved: githubPackagesTarball,
				},
			},
		});
		const node = lock.pkg('npm:@acme/widgets@2.3.1');
		assert.equal(node.source, undefined);
		assert.deepEqual(node.aliases, ['widgets']);
	});

	test('v1: a semver version is a registry package whatever its tarball URL; a URL version is not', () => {
		const lock = read({
			name: 'app',
			lockfileVersion: 1,
			requires: true,
			dependencies: {
				'@acme/widgets': {version: '2.3.1', resolved: githubPackagesTarball, integrity: 'sha512-x'},
				'tiny-tarball': {version: remoteTarball, integrity: 'sha512-z'},
			},
		});
		assert.equal(lock.pkg('npm:@acme/widgets@2.3.1').source, undefined);
		const tarball = lock.packages.find((node) => node.name === 'tiny-tarball');
		assert.equal(tarball?.source, 'url');
	});
});
