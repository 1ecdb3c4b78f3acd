import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
	declaredDependencies,
	expandWorkspaceGlobs,
	kindInManifest,
	readManifest,
} from '../../../source/ecosystems/npm/lockfiles/yarn-manifest.js';
import {
	aliasTarget,
	sourceOfRange,
	splitDescriptor,
} from '../../../source/ecosystems/npm/lockfiles/yarn-spec.js';
import {fixtureInput, inputFor} from '../../helpers/lockfile-fixtures.js';
import {fixturePath} from '../../helpers/paths.js';

const workspacesInput = fixtureInput('lockfiles', 'yarn-v1', 'workspaces', 'yarn.lock');

describe('package.json beside yarn and pnpm lockfiles', () => {
	it('expands workspace globs to folders that have a package.json', () => {
		assert.deepEqual(expandWorkspaceGlobs(workspacesInput, ['packages/*']), [
			'packages/app',
			'packages/util',
		]);
		assert.deepEqual(expandWorkspaceGlobs(workspacesInput, ['./packages/**/']), [
			'packages/app',
			'packages/util',
		]);
		assert.deepEqual(expandWorkspaceGlobs(workspacesInput, ['packages/*', '!packages/util']), [
			'packages/app',
		]);
		assert.deepEqual(expandWorkspaceGlobs(workspacesInput, ['packages/a*', 'packages/util']), [
			'packages/app',
			'packages/util',
		]);
		assert.deepEqual(expandWorkspaceGlobs(workspacesInput, ['missing/*', '.']), []);
	});

	it('reads the fields it needs and drops ones of the wrong type', () => {
		const manifest = readManifest(workspacesInput);
		assert.equal(manifest?.name, 'monorepo');
		assert.deepEqual(manifest?.workspaces, ['packages/*']);
		assert.deepEqual(manifest?.devDependencies, {semver: '7.6.3'});
		const odd = readManifest(inputFor(fixturePath('nowhere', 'yarn.lock'), ''));
		assert.equal(odd, undefined);
	});

	it('gives each declared dependency one kind: optional over prod over dev', () => {
		const manifest = {
			dependencies: {a: '1', b: '1'},
			devDependencies: {b: '1', c: '1'},
			optionalDependencies: {a: '1'},
			peerDependencies: {d: '1'},
			workspaces: [],
			resolutions: {},
		};
		assert.deepEqual(declaredDependencies(manifest, {dev: true}), [
			{name: 'a', range: '1', kind: 'optional'},
			{name: 'b', range: '1', kind: 'prod'},
			{name: 'c', range: '1', kind: 'dev'},
			{name: 'd', range: '1', kind: 'peer'},
		]);
		assert.deepEqual(
			declaredDependencies(manifest, {dev: false}).map((dependency) => dependency.name),
			['a', 'b', 'd'],
		);
		assert.equal(kindInManifest(manifest, 'b'), 'prod');
		assert.equal(kindInManifest(manifest, 'z'), undefined);
	});

	it('reads peerDependenciesMeta: an optional peer is peerOptional, unless another field lists it too', () => {
		const text = JSON.stringify({
			name: 'lib',
			devDependencies: {react: '19.2.4'},
			peerDependencies: {'@types/node': '>=16', react: '>=18', 'react-dom': '>=18'},
			peerDependenciesMeta: {'@types/node': {optional: true}, react: {optional: true}},
		});
		const read = readManifest({
			...inputFor(fixturePath('nowhere', 'yarn.lock'), ''),
			readRelative: () => text,
		})!;
		assert.deepEqual(read.optionalPeers, ['@types/node', 'react']);
		assert.deepEqual(declaredDependencies(read, {dev: true}), [
			{name: 'react', range: '19.2.4', kind: 'dev'},
			{name: '@types/node', range: '>=16', kind: 'peerOptional'},
			{name: 'react-dom', range: '>=18', kind: 'peer'},
		]);
		assert.equal(kindInManifest(read, '@types/node'), 'peerOptional');
		assert.equal(kindInManifest(read, 'react-dom'), 'peer');
	});
});

describe('descriptors and sources', () => {
	it('splits scoped and unscoped descriptors and alias targets', () => {
		assert.deepEqual(splitDescriptor('@scope/name@npm:^1.0.0'), {name: '@scope/name', range: 'npm:^1.0.0'});
		assert.deepEqual(splitDescriptor('name'), {name: 'name', range: ''});
		assert.deepEqual(aliasTarget('npm:@scope/real@^2'), {name: '@scope/real', range: '^2'});
		assert.deepEqual(aliasTarget('npm:string-width@^4.2.0'), {name: 'string-width', range: '^4.2.0'});
		assert.equal(aliasTarget('npm:^1.0.0'), undefined);
		assert.equal(aliasTarget('^1.0.0'), undefined);
	});

	it('classifies ranges and resolutions', () => {
		const cases: Array<[string, string]> = [
			['^1.2.3', 'registry'],
			['latest', 'registry'],
			['npm:1.0.0', 'registry'],
			['>= 2.1.2 < 3', 'registry'],
			['workspace:*', 'workspace'],
			['link:../x', 'link'],
			['portal:../x', 'link'],
			['file:../x', 'file'],
			['exec:./gen.js', 'file'],
			['../relative', 'file'],
			['github:user/repo', 'git'],
			['user/repo#v1', 'git'],
			['git+ssh://git@github.com/u/r.git', 'git'],
			['https://github.com/u/r.git#commit=abc', 'git'],
			['https://codeload.github.com/u/r/tar.gz/abc', 'git'],
			['https://example.com/x-1.0.0.tgz', 'url'],
			['patch:fsevents@npm%3A^2.3.3#optional!builtin<compat/fsevents>', 'registry'],
			['patch:lib@file%3A../lib#./p.patch', 'file'],
		];
		for (const [range, source] of cases) assert.equal(sourceOfRange(range), source, range);
	});
});
