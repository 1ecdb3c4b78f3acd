import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readNpmLockfile} from '../../../source/ecosystems/npm/lockfiles/npm.js';
import {flags, inputFor, type ReadFixture, readFixture} from '../../helpers/lockfile-fixtures.js';
import {fixturePath} from '../../helpers/paths.js';

/** Real lockfiles of manifests/basic, written by npm 11 (v3, v2, shrinkwrap, v1) and npm 6 (v1). */
const basicLocks = [
	{dir: 'npm-v3/basic', file: 'package-lock.json', format: 'npm-lock-v3', peers: true},
	{dir: 'npm-v2/basic', file: 'package-lock.json', format: 'npm-lock-v2', peers: true},
	{dir: 'npm-shrinkwrap/basic', file: 'npm-shrinkwrap.json', format: 'npm-lock-v3', peers: true},
	{dir: 'npm-v1/basic', file: 'package-lock.json', format: 'npm-lock-v1', peers: false},
	{dir: 'npm-v1/basic-npm11', file: 'package-lock.json', format: 'npm-lock-v1', peers: false},
] as const;

function read(dir: string, file = 'package-lock.json'): ReadFixture {
	return readFixture(readNpmLockfile, 'lockfiles', ...dir.split('/'), file);
}

for (const {dir, file, format, peers} of basicLocks) {
	test(`${dir}: format, root and its direct dependencies with their kinds`, () => {
		const lock = read(dir, file);
		assert.equal(lock.format, format);
		assert.equal(lock.ecosystem, 'npm');
		assert.deepEqual(lock.warnings, []);
		assert.equal(lock.packages.length, 108);
		assert.equal(lock.roots.length, 1);
		const root = lock.root();
		assert.equal(root.name, 'web-app');
		assert.equal(root.id, `root:lockfiles/${dir}/${file}`);
		assert.deepEqual([...root.dependencies].sort(), [
			'npm:axios@1.7.9',
			'npm:chalk@4.1.2',
			'npm:debug@2.6.9',
			'npm:es5-ext@0.10.64',
			'npm:express@4.21.2',
			'npm:fsevents@2.3.3',
			'npm:react-dom@18.3.1',
			'npm:react@18.3.1',
			'npm:string-width@4.2.3',
			'npm:typescript@5.6.3',
		]);
	});

	test(`${dir}: dev, optional and alias flags`, () => {
		const lock = read(dir, file);
		assert.equal(flags(lock, 'npm:typescript@5.6.3'), 'direct,dev');
		assert.equal(flags(lock, 'npm:fsevents@2.3.3'), 'direct,optional');
		// debug 2.6.9 is a devDependency, but express needs it too: not dev-only.
		assert.equal(flags(lock, 'npm:debug@2.6.9'), 'direct');
		assert.equal(flags(lock, 'npm:ms@2.0.0'), '');
		const stringWidth = lock.pkg('npm:string-width@4.2.3');
		assert.equal(stringWidth.name, 'string-width');
		assert.deepEqual(stringWidth.aliases, ['string-width-cjs']);
		assert.equal(stringWidth.source, undefined);
		assert.ok(!lock.byId.has('npm:string-width-cjs@4.2.3'));
	});

	test(`${dir}: hasInstallScript (v2/v3) marks the package, and only it`, () => {
		const lock = read(dir, file);
		const marked = lock.packages.filter((node) => node.hasInstallScript).map((node) => node.id);
		// npm writes the flag for es5-ext (a postinstall script) in v2/v3 entries; v1 has no such field.
		assert.deepEqual(marked, format === 'npm-lock-v1' ? [] : ['npm:es5-ext@0.10.64']);
	});

	test(`${dir}: edges, duplicates in several versions, and the es5-ext ↔ es6-iterator cycle`, () => {
		const lock = read(dir, file);
		assert.deepEqual(lock.pkg('npm:debug@2.6.9').dependencies, ['npm:ms@2.0.0']);
		// send has its own nested ms and encodeurl; everything else gets the hoisted ones.
		const send = lock.pkg('npm:send@0.19.0').dependencies;
		assert.ok(send.includes('npm:ms@2.1.3'));
		assert.ok(send.includes('npm:encodeurl@1.0.4'));
		assert.ok(lock.pkg('npm:express@4.21.2').dependencies.includes('npm:encodeurl@2.0.3'));
		assert.ok(lock.pkg('npm:es5-ext@0.10.64').dependencies.includes('npm:es6-iterator@2.0.3'));
		assert.ok(lock.pkg('npm:es6-iterator@2.0.3').dependencies.includes('npm:es5-ext@0.10.64'));
		assert.deepEqual(lock.pkg('npm:chalk@4.1.2').dependencies, [
			'npm:ansi-styles@4.3.0',
			'npm:supports-color@7.2.0',
		]);
		// Peers are edges in v2/v3 (react-dom → react); v1 does not record them.
		assert.equal(lock.pkg('npm:react-dom@18.3.1').dependencies.includes('npm:react@18.3.1'), peers);
		for (const node of lock.packages) {
			for (const dependency of node.dependencies)
				assert.ok(lock.byId.has(dependency), `${node.id} → ${dependency}`);
		}
	});
}

test('v1 and v3 of the same manifest give the same packages and the same edges, but for peers', () => {
	const v3 = read('npm-v3/basic');
	const v1 = read('npm-v1/basic');
	assert.deepEqual(v1.packages.map((node) => node.id).sort(), v3.packages.map((node) => node.id).sort());
	for (const node of v1.packages) {
		const fromV3 = v3
			.pkg(node.id)
			.dependencies.filter((id) => !(node.id === 'npm:react-dom@18.3.1' && id === 'npm:react@18.3.1'));
		assert.deepEqual([...node.dependencies].sort(), [...fromV3].sort(), node.id);
		assert.equal(flags(v1, node.id), flags(v3, node.id), node.id);
	}
});

for (const version of ['v3', 'v2', 'v1']) {
	test(`npm-${version}/workspaces: every workspace is a root; a workspace depended on is a workspace package`, () => {
		const lock = read(`npm-${version}/workspaces`);
		assert.deepEqual(lock.warnings, []);
		assert.deepEqual(
			lock.roots.map((root) => [root.name, root.workspace, [...root.dependencies].sort()]),
			[
				['monorepo', '.', ['npm:semver@7.6.3']],
				['@mono/app', 'packages/app', ['npm:@mono/util@1.2.0', 'npm:debug@4.3.7', 'npm:ms@2.1.2']],
				['@mono/util', 'packages/util', ['npm:lodash@4.17.21', 'npm:ms@2.1.3']],
			],
		);
		assert.equal(
			lock.root('packages/app').id,
			`root:lockfiles/npm-${version}/workspaces/package-lock.json#packages/app`,
		);
		const util = lock.pkg('npm:@mono/util@1.2.0');
		assert.equal(util.source, 'workspace');
		assert.deepEqual([...util.dependencies].sort(), ['npm:lodash@4.17.21', 'npm:ms@2.1.3']);
		// Nothing depends on @mono/app: it is a root only.
		assert.ok(!lock.byId.has('npm:@mono/app@0.1.0'));
		// debug 4.3.7 gets its own nested ms 2.1.3; @mono/app sees the hoisted ms 2.1.2.
		assert.deepEqual(lock.pkg('npm:debug@4.3.7').dependencies, ['npm:ms@2.1.3']);
		assert.equal(flags(lock, 'npm:semver@7.6.3'), 'direct,dev');
		assert.equal(lock.packages.length, 6);
	});
}

test('npm-v3/links: a linked folder and a local tarball are not registry packages', () => {
	const lock = read('npm-v3/links');
	assert.deepEqual(lock.warnings, []);
	const local = lock.pkg('npm:local-lib@0.3.0');
	assert.equal(local.source, 'link');
	// The linked folder's own node_modules (vendor/local-lib/node_modules/ms) serves its dependency.
	assert.deepEqual(local.dependencies, ['npm:ms@2.1.3']);
	const tarball = lock.pkg('npm:tiny-tar@1.0.0');
	assert.equal(tarball.source, 'file');
	assert.deepEqual(tarball.dependencies, ['npm:ms@2.1.3']);
	assert.equal(lock.pkg('npm:ms@2.0.0').source, undefined);
	assert.deepEqual([...lock.root().dependencies].sort(), [
		'npm:local-lib@0.3.0',
		'npm:ms@2.0.0',
		'npm:tiny-tar@1.0.0',
	]);
});

test('git, url, link-outside and workspace sources in a v3 lockfile', () => {
	const lock = read('npm-nasty/sources');
	assert.deepEqual(lock.warnings, []);
	assert.equal(lock.pkg('npm:from-git@1.2.0').source, 'git');
	assert.equal(lock.pkg('npm:from-url@3.1.0').source, 'url');
	assert.equal(lock.pkg('npm:outside@0.0.1').source, 'link');
	assert.equal(lock.pkg('npm:@acme/web@2.0.0').source, 'workspace');
	assert.equal(lock.pkg('npm:ms@2.1.3').source, undefined);
	// ../outside is outside the workspace patterns' reach: not a root.
	assert.deepEqual(
		lock.roots.map((root) => root.workspace),
		['.', 'apps/web'],
	);
	assert.deepEqual(lock.root('apps/web').dependencies, ['npm:ms@2.1.3', 'npm:from-git@1.2.0']);
});

test('v1 sources: alias to a scoped package, git, url, local folder and tarball', () => {
	const lock = read('npm-nasty/v1-sources');
	const alias = lock.pkg('npm:@scope/real@1.4.0');
	assert.equal(alias.name, '@scope/real');
	assert.deepEqual(alias.aliases, ['@acme/alias']);
	assert.equal(alias.source, undefined);
	assert.equal(
		lock.pkg('npm:from-git@github:acme/from-git#0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c').source,
		'git',
	);
	assert.equal(lock.pkg('npm:from-url@https://cdn.example.com/from-url-3.1.0.tgz').source, 'url');
	assert.equal(lock.pkg('npm:outside@file:../outside').source, 'link');
	assert.equal(lock.pkg('npm:tarred@file:vendor/tarred-1.0.0.tgz').source, 'file');
	assert.deepEqual(lock.pkg('npm:tarred@file:vendor/tarred-1.0.0.tgz').dependencies, ['npm:ms@2.1.3']);
	// An entry without a version is left out, with a warning; so is an edge to a package not in the lockfile.
	assert.deepEqual(lock.warnings, [
		'node_modules/nover has no version; nover is left out of the graph',
		'node_modules/@acme/alias requires ghost, which is not in the lockfile',
		'package.json depends on nover, which is not in the lockfile',
	]);
	assert.ok(!lock.packages.some((node) => node.name === 'nover'));
});

test('peers, optional peers, bundled dependencies, missing optionals and cycles (v3)', () => {
	const lock = read('npm-nasty/peers-bundles');
	assert.deepEqual(lock.warnings, []);
	// A root's peerDependencies are direct edges.
	assert.ok(lock.root().dependencies.includes('npm:react@18.3.1'));
	assert.deepEqual(lock.pkg('npm:react-dom@18.3.1').dependencies, ['npm:react@18.3.1']);
	// typescript: optional peer, installed → an edge; eslint: peer, not installed → no edge, no warning. The optional
	// peer installs nothing itself: typescript, which nothing else names, is dev and optional.
	assert.deepEqual(lock.pkg('npm:plugin@1.0.0').dependencies, ['npm:typescript@5.6.3']);
	assert.equal(flags(lock, 'npm:typescript@5.6.3'), 'dev,optional');
	// An inBundle package is a real package of the tree.
	assert.deepEqual(lock.pkg('npm:bundler@1.0.0').dependencies, ['npm:tiny@1.0.0']);
	assert.equal(flags(lock, 'npm:tiny@1.0.0'), '');
	assert.deepEqual(lock.pkg('npm:cycle-a@1.0.0').dependencies, ['npm:cycle-b@1.0.0']);
	assert.deepEqual(lock.pkg('npm:cycle-b@1.0.0').dependencies, ['npm:cycle-a@1.0.0']);
	assert.ok(!lock.packages.some((node) => node.name.startsWith('@esbuild/')));
});

test('missing fields degrade to warnings, never a crash', () => {
	const lock = read('npm-nasty/missing-fields');
	assert.equal(lock.root().name, 'patchy');
	assert.deepEqual(lock.warnings, [
		'packages["node_modules/weird"] is not an object; skipped',
		'node_modules/ms has no version; ms is left out of the graph',
		'node_modules/a depends on ghost, which is not in the lockfile',
		'the project depends on ms, which is not in the lockfile',
	]);
	assert.deepEqual(lock.packages.map((node) => node.id).sort(), [
		'npm:a@1.0.0',
		'npm:chalk@4.1.2',
		'npm:left-pad@1.3.0',
	]);
	// A wrong-typed field (`dependencies: "oops"`) is an error instead: see test/lockfiles/wrong-types.test.ts.
	assert.deepEqual(lock.pkg('npm:chalk@4.1.2').dependencies, []);
	assert.deepEqual(lock.pkg('npm:a@1.0.0').dependencies, ['npm:left-pad@1.3.0']);
});

test('without a root entry or package.json, packages nothing depends on are the direct ones', () => {
	const lock = read('npm-nasty/no-root');
	assert.equal(lock.root().name, 'no-root');
	assert.deepEqual([...lock.root().dependencies].sort(), ['npm:a@1.0.0', 'npm:c@3.0.0']);
	assert.equal(flags(lock, 'npm:b@2.0.0'), '');
	assert.deepEqual(lock.warnings, ['the lockfile has no root entry and there is no package.json beside it']);
});

test('v1 without package.json: the lockfile name is the root, unrequired packages are direct', () => {
	const lock = read('npm-nasty/v1-without-package-json');
	assert.equal(lock.format, 'npm-lock-v1');
	assert.equal(lock.root().name, 'lonely-v1');
	assert.deepEqual([...lock.root().dependencies].sort(), ['npm:a@1.0.0', 'npm:b@1.0.0', 'npm:opt@0.1.0']);
	// a's nested b 2.0.0 wins over the top-level b 1.0.0.
	assert.deepEqual(lock.pkg('npm:a@1.0.0').dependencies, ['npm:b@2.0.0']);
	assert.deepEqual(lock.warnings, [
		'there is no package.json beside the lockfile; packages nothing depends on are taken as direct',
	]);
});

test('npm v3: an optional peer (peerDependenciesMeta) is an edge that installs nothing; a required peer still does', () => {
	const lock = readNpmLockfile(
		inputFor(
			fixturePath('lockfiles', 'npm-v3', 'inline', 'package-lock.json'),
			JSON.stringify({
				name: 'shop',
				lockfileVersion: 3,
				requires: true,
				packages: {
					'': {
						name: 'shop',
						dependencies: {'react-dom': '19.2.4', stripe: '20.4.1'},
						devDependencies: {'@types/node': '25.5.2', react: '19.2.4'},
					},
					'node_modules/@types/node': {
						version: '25.5.2',
						dev: true,
						dependencies: {'undici-types': '~7.18.0'},
					},
					'node_modules/react': {version: '19.2.4'},
					'node_modules/react-dom': {
						version: '19.2.4',
						dependencies: {scheduler: '^0.27.0'},
						peerDependencies: {react: '^19.2.4'},
					},
					'node_modules/scheduler': {version: '0.27.0'},
					'node_modules/stripe': {
						version: '20.4.1',
						peerDependencies: {'@types/node': '>=16'},
						peerDependenciesMeta: {'@types/node': {optional: true}},
					},
					'node_modules/undici-types': {version: '7.18.2', dev: true},
				},
			}),
		),
	);
	assert.deepEqual(lock.warnings, []);
	const byId = new Map(lock.packages.map((node) => [node.id, node]));
	const flagsOf = (id: string) => {
		const node = byId.get(id)!;
		return [node.dev, node.optional];
	};
	assert.deepEqual(byId.get('npm:stripe@20.4.1')!.dependencies, ['npm:@types/node@25.5.2']);
	// As npm's own `dev` flags say: @types/node and what it brings are dev.
	assert.deepEqual(flagsOf('npm:@types/node@25.5.2'), [true, false]);
	assert.deepEqual(flagsOf('npm:undici-types@7.18.2'), [true, false]);
	assert.deepEqual(flagsOf('npm:react@19.2.4'), [false, false]);
});
