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

test('a name with many copies resolves the same way: the nearest folder above that has one', () => {
	// Twelve workspaces each nest their own `ms` (past the few copies checked one by one), plus copies deeper
	// down, in a folder that is no package (`packages/node_modules`) and at the top.
	const workspaces = Array.from({length: 12}, (_, index) => `packages/app-${index}`);
	const paths = [
		'node_modules/ms',
		'node_modules/@s/b',
		'packages/node_modules/ms',
		...workspaces.flatMap((folder) => [
			folder,
			`${folder}/node_modules/ms`,
			`${folder}/node_modules/a`,
			`${folder}/node_modules/@s/b`,
			`${folder}/node_modules/@s/b/node_modules/ms`,
		]),
		'packages/app-10/node_modules/a/node_modules/ms',
	];
	const resolver = new NodeResolver(paths);
	assert.equal(resolver.resolve('', 'ms'), 'node_modules/ms');
	assert.equal(resolver.resolve('node_modules/@s/b', 'ms'), 'node_modules/ms');
	assert.equal(resolver.resolve('packages/app-3', 'ms'), 'packages/app-3/node_modules/ms');
	assert.equal(resolver.resolve('packages/app-3/node_modules/a', 'ms'), 'packages/app-3/node_modules/ms');
	assert.equal(
		resolver.resolve('packages/app-10/node_modules/a', 'ms'),
		'packages/app-10/node_modules/a/node_modules/ms',
	);
	assert.equal(
		resolver.resolve('packages/app-1/node_modules/@s/b', 'ms'),
		'packages/app-1/node_modules/@s/b/node_modules/ms',
	);
	// `packages/app-1` is not an ancestor of `packages/app-10`; `packages` (no package) holds a copy of its own.
	assert.equal(resolver.resolve('packages/app-1x', 'ms'), 'packages/node_modules/ms');
	assert.equal(resolver.resolve('packages', 'ms'), 'packages/node_modules/ms');
	assert.equal(resolver.resolve('other/folder', 'ms'), 'node_modules/ms');
	// Asked twice from the same folder, and from another in between: the same answers.
	assert.equal(resolver.resolve('packages/app-7/node_modules/a', '@s/b'), 'packages/app-7/node_modules/@s/b');
	assert.equal(resolver.resolve('packages/app-7/node_modules/a', 'ms'), 'packages/app-7/node_modules/ms');
	assert.equal(resolver.resolve('node_modules/x', '@s/b'), 'node_modules/@s/b');
	assert.equal(resolver.resolve('packages/app-7/node_modules/a', 'missing'), undefined);
	// The same tree without the top-level copy: nothing above a folder outside the workspaces has one.
	const withoutTop = new NodeResolver(paths.filter((path) => path !== 'node_modules/ms'));
	assert.equal(withoutTop.resolve('other', 'ms'), undefined);
	assert.equal(withoutTop.resolve('packages/app-0', 'ms'), 'packages/app-0/node_modules/ms');
});
