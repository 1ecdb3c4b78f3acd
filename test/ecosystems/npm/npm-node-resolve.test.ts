import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
	installPathOfChain,
	NodeResolver,
	nameFromInstallPath,
	splitInstallPath,
	splitNameChain,
} from '../../../source/ecosystems/npm/lockfiles/node-resolve.js';

const tree = new NodeResolver([
	'',
	'packages/app',
	'node_modules/a',
	'node_modules/ms',
	'node_modules/a/node_modules/ms',
	'node_modules/a/node_modules/@s/b',
	'node_modules/a/node_modules/@s/b/node_modules/ms',
	'node_modules/@s/b',
	'packages/app/node_modules/ms',
]);

test('resolution walks up from the requiring package and takes the nearest copy', () => {
	assert.equal(tree.resolve('', 'ms'), 'node_modules/ms');
	assert.equal(tree.resolve('node_modules/a', 'ms'), 'node_modules/a/node_modules/ms');
	assert.equal(
		tree.resolve('node_modules/a/node_modules/@s/b', 'ms'),
		'node_modules/a/node_modules/@s/b/node_modules/ms',
	);
	assert.equal(tree.resolve('node_modules/a/node_modules/@s/b', 'a'), 'node_modules/a');
	assert.equal(tree.resolve('node_modules/a', '@s/b'), 'node_modules/a/node_modules/@s/b');
	assert.equal(tree.resolve('node_modules/@s/b', 'ms'), 'node_modules/ms');
	assert.equal(tree.resolve('packages/app', 'ms'), 'packages/app/node_modules/ms');
	assert.equal(tree.resolve('packages/app', 'a'), 'node_modules/a');
	assert.equal(tree.resolve('node_modules/a', 'missing'), undefined);
});

test('a sibling folder whose name starts the same is not an ancestor', () => {
	const resolver = new NodeResolver(['node_modules/ab/node_modules/c', 'node_modules/a', 'node_modules/ab']);
	assert.equal(resolver.resolve('node_modules/a', 'c'), undefined);
	assert.equal(resolver.resolve('node_modules/ab', 'c'), 'node_modules/ab/node_modules/c');
});

test('install paths split into the package name and the folder that holds it', () => {
	assert.deepEqual(splitInstallPath('node_modules/a/node_modules/@s/b'), {
		name: '@s/b',
		owner: 'node_modules/a',
	});
	assert.deepEqual(splitInstallPath('packages/x/node_modules/c'), {name: 'c', owner: 'packages/x'});
	assert.deepEqual(splitInstallPath('node_modules/a'), {name: 'a', owner: ''});
	assert.equal(splitInstallPath(''), undefined);
	assert.equal(splitInstallPath('packages/x'), undefined);
	assert.equal(splitInstallPath('not_node_modules/x'), undefined);
	assert.equal(nameFromInstallPath('node_modules/@scope/pkg'), '@scope/pkg');
});

test('bun name chains become install paths, scoped names keeping their two segments', () => {
	assert.deepEqual(splitNameChain('express/debug'), ['express', 'debug']);
	assert.deepEqual(splitNameChain('@babel/core/semver'), ['@babel/core', 'semver']);
	assert.deepEqual(splitNameChain('@s/a/@s/b'), ['@s/a', '@s/b']);
	assert.equal(installPathOfChain(['@s/a', 'ms']), 'node_modules/@s/a/node_modules/ms');
});
