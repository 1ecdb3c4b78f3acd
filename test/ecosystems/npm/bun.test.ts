import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bunLockbError, readBunLockfile} from '../../../source/ecosystems/npm/lockfiles/bun.js';
import {LockfileError} from '../../../source/lockfiles/types.js';
import {fixtureFailure, fixtureReader, flags, inputFor} from '../../helpers/lockfile-fixtures.js';
import {fixturePath} from '../../helpers/paths.js';

const read = fixtureReader(readBunLockfile, 'bun', 'bun.lock');

/** manifests/basic locked by bun 1.4.5 (lockfileVersion 2), 1.2.23 (1) and 1.1.45 (0). */
for (const dir of ['basic', 'v1-basic', 'v0-basic']) {
	test(`bun/${dir}: root, direct dependencies, flags and alias`, () => {
		const lock = read(dir);
		assert.equal(lock.format, 'bun');
		assert.equal(lock.ecosystem, 'npm');
		assert.deepEqual(lock.warnings, []);
		assert.equal(lock.packages.length, 108);
		const root = lock.root();
		assert.equal(root.name, 'web-app');
		assert.equal(root.id, `root:lockfiles/bun/${dir}/bun.lock`);
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
		assert.equal(flags(lock, 'npm:typescript@5.6.3'), 'direct,dev');
		assert.equal(flags(lock, 'npm:fsevents@2.3.3'), 'direct,optional');
		assert.equal(flags(lock, 'npm:debug@2.6.9'), 'direct');
		assert.deepEqual(lock.pkg('npm:string-width@4.2.3').aliases, ['string-width-cjs']);
		const marked = lock.packages.filter((node) => node.hasInstallScript).map((node) => node.id);
		// bun 1.4 writes `hasInstallScript` in the package's metadata; the older lockfiles did not.
		assert.deepEqual(marked, dir === 'basic' ? ['npm:es5-ext@0.10.64'] : []);
	});

	test(`bun/${dir}: nested keys resolve before hoisted ones; cycles and peers are edges`, () => {
		const lock = read(dir);
		// "send/ms" and "send/encodeurl" are send's own copies.
		const send = lock.pkg('npm:send@0.19.0').dependencies;
		assert.ok(send.includes('npm:ms@2.1.3'));
		assert.ok(send.includes('npm:encodeurl@1.0.4'));
		assert.deepEqual(lock.pkg('npm:debug@2.6.9').dependencies, ['npm:ms@2.0.0']);
		assert.ok(lock.pkg('npm:express@4.21.2').dependencies.includes('npm:encodeurl@2.0.3'));
		assert.ok(lock.pkg('npm:es5-ext@0.10.64').dependencies.includes('npm:es6-iterator@2.0.3'));
		assert.ok(lock.pkg('npm:es6-iterator@2.0.3').dependencies.includes('npm:es5-ext@0.10.64'));
		assert.ok(lock.pkg('npm:react-dom@18.3.1').dependencies.includes('npm:react@18.3.1'));
		for (const node of lock.packages) {
			for (const dependency of node.dependencies)
				assert.ok(lock.byId.has(dependency), `${node.id} → ${dependency}`);
		}
	});
}

test('bun 1.4 records optional peers from peerDependenciesMeta; bun 1.1 did not', () => {
	assert.deepEqual(read('basic').pkg('npm:follow-redirects@1.16.3').dependencies, ['npm:debug@2.6.9']);
	assert.deepEqual(read('v0-basic').pkg('npm:follow-redirects@1.16.3').dependencies, []);
});

for (const dir of ['workspaces', 'v1-workspaces', 'v0-workspaces']) {
	test(`bun/${dir}: workspaces are roots; a workspace depended on is a workspace package`, () => {
		const lock = read(dir);
		assert.deepEqual(lock.warnings, []);
		assert.deepEqual(
			lock.roots.map((root) => [root.name, root.workspace, [...root.dependencies].sort()]),
			[
				['monorepo', '.', ['npm:semver@7.6.3']],
				['@mono/app', 'packages/app', ['npm:@mono/util@1.2.0', 'npm:debug@4.3.7', 'npm:ms@2.1.2']],
				['@mono/util', 'packages/util', ['npm:lodash@4.17.21', 'npm:ms@2.1.3']],
			],
		);
		const util = lock.pkg('npm:@mono/util@1.2.0');
		assert.equal(util.source, 'workspace');
		// "@mono/util/ms" is the workspace's own ms 2.1.3, not the hoisted 2.1.2.
		assert.deepEqual([...util.dependencies].sort(), ['npm:lodash@4.17.21', 'npm:ms@2.1.3']);
		assert.ok(!lock.byId.has('npm:@mono/app@0.1.0'));
		assert.deepEqual(lock.pkg('npm:debug@4.3.7').dependencies, ['npm:ms@2.1.3']);
		assert.equal(flags(lock, 'npm:semver@7.6.3'), 'direct,dev');
		assert.equal(lock.packages.length, 6);
	});
}

test('bun/links: file: folders and local tarballs are not registry packages', () => {
	const lock = read('links');
	assert.deepEqual(lock.warnings, []);
	const folder = lock.pkg('npm:local-lib@file:vendor/local-lib');
	assert.equal(folder.source, 'file');
	assert.deepEqual(folder.dependencies, ['npm:ms@2.1.3']);
	const tarball = lock.pkg('npm:tiny-tar@./vendor/tiny-tar-1.0.0.tgz');
	assert.equal(tarball.source, 'file');
	assert.deepEqual(tarball.dependencies, ['npm:ms@2.1.3']);
	assert.equal(lock.pkg('npm:ms@2.0.0').source, undefined);
});

test('git, github, link, tarball URL and root entries; scoped nested keys; optional peers; warnings', () => {
	const lock = read('nasty-sources');
	assert.equal(lock.root().name, 'sources-app');
	assert.equal(lock.pkg('npm:from-git@github:acme/from-git#0b1c2d3').source, 'git');
	const gitdep = lock.pkg('npm:gitdep@git+https://github.com/acme/gitdep.git#4e5f6a7');
	assert.equal(gitdep.source, 'git');
	assert.deepEqual(gitdep.dependencies, ['npm:ms@2.1.3']);
	assert.equal(lock.pkg('npm:from-url@https://cdn.example.com/from-url-3.1.0.tgz').source, 'url');
	assert.equal(lock.pkg('npm:linked@link:linked').source, 'link');
	// The project's own "root:" entry is the root, not a package.
	assert.ok(!lock.packages.some((node) => node.name === 'sources-app'));
	// Alias key → real scoped name.
	const alias = lock.pkg('npm:@scope/real@1.4.0');
	assert.deepEqual(alias.aliases, ['@acme/alias']);
	// "@scope/a/@scope/b" is @scope/a's own @scope/b.
	assert.deepEqual(lock.pkg('npm:@scope/a@1.0.0').dependencies, ['npm:@scope/b@2.0.0']);
	// Optional peer installed → an edge; plain peer installed → edge; peer not installed → nothing. The optional
	// peer installs nothing itself: typescript, which nothing else names, is dev and optional.
	assert.deepEqual(lock.pkg('npm:plugin@1.0.0').dependencies, ['npm:typescript@5.6.3', 'npm:ms@2.1.3']);
	assert.equal(flags(lock, 'npm:typescript@5.6.3'), 'dev,optional');
	assert.deepEqual(lock.warnings, [
		'packages["broken"] is not a bun package entry; skipped',
		'packages["nover"] has no version; nover is left out of the graph',
		'@acme/alias depends on ghost, which is not in the lockfile',
		'the project depends on broken, which is not in the lockfile',
		'the project depends on nover, which is not in the lockfile',
	]);
});

test('without workspaces or package.json, packages nothing depends on are direct', () => {
	const lock = read('nasty-no-workspaces');
	assert.equal(lock.root().name, 'nasty-no-workspaces');
	assert.deepEqual([...lock.root().dependencies].sort(), ['npm:a@1.0.0', 'npm:c@3.0.0']);
	assert.deepEqual(lock.pkg('npm:a@1.0.0').dependencies, ['npm:b@2.0.0']);
	assert.deepEqual(lock.warnings, [
		'the lockfile has no workspaces[""] entry and there is no package.json beside it',
	]);
});

const failure = fixtureFailure(readBunLockfile, 'bun', 'bun.lock');

test('empty, malformed, versionless and unknown-version bun.lock files are errors', () => {
	assert.equal(failure('nasty-empty').message, 'file is empty');
	const malformed = failure('nasty-malformed');
	assert.equal(malformed.line, 13);
	assert.equal(malformed.message, 'malformed JSONC: comma expected');
	assert.equal(failure('nasty-no-version').message, 'missing lockfileVersion (not a bun.lock?)');
	assert.equal(
		failure('nasty-unknown-version').message,
		'unsupported lockfileVersion 4 (supported: 0, 1, 2, 3)',
	);
});

test('bun/v3-scoped-overrides: bun 1.4 writes version 3 for nested overrides; the pinned packages sit under their parents', () => {
	const lock = read('v3-scoped-overrides');
	assert.deepEqual(lock.warnings, []);
	assert.deepEqual([...lock.root().dependencies].sort(), [
		'npm:debug@4.3.7',
		'npm:express@4.21.2',
		'npm:send@0.19.0',
	]);
	assert.deepEqual(lock.pkg('npm:express@4.21.2').dependencies, ['npm:qs@6.13.0', 'npm:send@0.19.0']);
	// `send@0.19: {ms: 2.1.2}` pinned send's own ms; debug keeps the top-level one.
	assert.deepEqual(lock.pkg('npm:send@0.19.0').dependencies, ['npm:ms@2.1.2']);
	assert.deepEqual(lock.pkg('npm:debug@4.3.7').dependencies, ['npm:ms@2.1.3']);
	assert.equal(lock.packages.length, 6);
});

test('comments and trailing commas are JSONC, not errors', () => {
	const text =
		'// generated\n{\n  "lockfileVersion": 1, /* v1 */\n  "workspaces": {"": {"name": "x", "dependencies": {"ms": "2.1.3",},},},\n  "packages": {"ms": ["ms@2.1.3", "", {}, "sha512-x",],},\n}\n';
	const parsed = readBunLockfile(inputFor(fixturePath('lockfiles', 'bun', 'inline', 'bun.lock'), text));
	assert.deepEqual(parsed.roots[0]!.dependencies, ['npm:ms@2.1.3']);
	assert.equal(parsed.roots[0]!.name, 'x');
});

test('bun.lockb gets an error that says how to write bun.lock', () => {
	const error = bunLockbError('app/bun.lockb');
	assert.ok(error instanceof LockfileError);
	assert.equal(error.file, 'app/bun.lockb');
	assert.match(error.describe(), /^app\/bun\.lockb: .*bun install --save-text-lockfile/);
});

test('a package only an optional peer reaches (nothing installs it) is dev and optional, not prod', () => {
	const text = `{
  "lockfileVersion": 1,
  "workspaces": {"": {"name": "x", "dependencies": {"stripe": "20.4.1"}}},
  "packages": {
    "@types/node": ["@types/node@25.5.2", "", {}, "sha512-x"],
    "stripe": ["stripe@20.4.1", "", {"peerDependencies": {"@types/node": ">=16"}, "optionalPeers": ["@types/node"]}, "sha512-y"],
  },
}
`;
	const parsed = readBunLockfile(inputFor(fixturePath('lockfiles', 'bun', 'inline', 'bun.lock'), text));
	const byId = new Map(parsed.packages.map((node) => [node.id, node]));
	assert.deepEqual(byId.get('npm:stripe@20.4.1')!.dependencies, ['npm:@types/node@25.5.2']);
	const types = byId.get('npm:@types/node@25.5.2')!;
	assert.deepEqual([types.direct, types.dev, types.optional], [false, true, true]);
});
