import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {readYarnLockfile} from '../../../source/ecosystems/npm/lockfiles/yarn.js';
import {parseYarnV1} from '../../../source/ecosystems/npm/lockfiles/yarn-v1-parser.js';
import {fixtureInput, inputFor, readFixture, throwsLockfileError} from '../../helpers/lockfile-fixtures.js';
import {fixturePath} from '../../helpers/paths.js';

const read = (...parts: string[]) => readFixture(readYarnLockfile, 'lockfiles', 'yarn-v1', ...parts);

/** Reads literal lockfile text as if it were `yarn-v1/<folder>/yarn.lock` (siblings come from that folder). */
const readText = (text: string, folder = 'nowhere') =>
	readYarnLockfile(inputFor(fixturePath('lockfiles', 'yarn-v1', folder, 'yarn.lock'), text, 'yarn.lock'));

describe('yarn classic: real lockfile of manifests/basic (yarn 1.22)', () => {
	const lock = read('basic', 'yarn.lock');

	it('is format yarn-v1 with every block as a package', () => {
		assert.equal(lock.format, 'yarn-v1');
		assert.equal(lock.ecosystem, 'npm');
		assert.equal(lock.packages.length, 108);
		assert.deepEqual(lock.warnings, []);
	});

	it('takes the root and its direct dependencies from package.json beside the lockfile', () => {
		const root = lock.root();
		assert.equal(root.id, 'root:lockfiles/yarn-v1/basic/yarn.lock');
		assert.equal(root.name, 'web-app');
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

	it('resolves the alias to the registry name and keeps the alias', () => {
		const stringWidth = lock.pkg('npm:string-width@4.2.3');
		assert.equal(stringWidth.name, 'string-width');
		assert.deepEqual(stringWidth.aliases, ['string-width-cjs']);
		assert.equal(stringWidth.direct, true);
		assert.deepEqual(stringWidth.dependencies, [
			'npm:emoji-regex@8.0.0',
			'npm:is-fullwidth-code-point@3.0.0',
			'npm:strip-ansi@6.0.1',
		]);
	});

	it('flags dev and optional from the edges', () => {
		const typescript = lock.pkg('npm:typescript@5.6.3');
		assert.equal(typescript.dev, true);
		assert.equal(typescript.optional, false);
		const fsevents = lock.pkg('npm:fsevents@2.3.3');
		assert.equal(fsevents.optional, true);
		assert.equal(fsevents.dev, false);
		// debug 2.6.9 is a devDependency but express needs it in production: not dev.
		const debug = lock.pkg('npm:debug@2.6.9');
		assert.equal(debug.direct, true);
		assert.equal(debug.dev, false);
		assert.ok(lock.pkg('npm:express@4.21.2').dependencies.includes('npm:debug@2.6.9'));
		assert.equal(lock.pkg('npm:ms@2.0.0').dev, false);
	});

	it('keeps duplicates in several versions apart', () => {
		assert.ok(lock.byId.has('npm:ms@2.0.0'));
		assert.ok(lock.byId.has('npm:ms@2.1.3'));
		assert.deepEqual(lock.pkg('npm:debug@2.6.9').dependencies, ['npm:ms@2.0.0']);
	});

	it('has the es5-ext ↔ es6-iterator cycle both ways', () => {
		assert.ok(lock.pkg('npm:es5-ext@0.10.64').dependencies.includes('npm:es6-iterator@2.0.3'));
		assert.ok(lock.pkg('npm:es6-iterator@2.0.3').dependencies.includes('npm:es5-ext@0.10.64'));
	});

	it('matches ranges to the block whose key lists them (several keys per block)', () => {
		// `mime-types@~2.1.24, mime-types@~2.1.34` is one block; accepts asks for ~2.1.34, type-is for ~2.1.24.
		assert.ok(lock.pkg('npm:accepts@1.3.8').dependencies.includes('npm:mime-types@2.1.35'));
		assert.ok(lock.pkg('npm:type-is@1.6.18').dependencies.includes('npm:mime-types@2.1.35'));
		assert.deepEqual(lock.pkg('npm:axios@1.7.9').dependencies, [
			'npm:follow-redirects@1.16.3',
			'npm:form-data@4.0.6',
			'npm:proxy-from-env@1.1.0',
		]);
	});
});

describe('yarn classic: workspaces (yarn 1.22)', () => {
	const lock = read('workspaces', 'yarn.lock');

	it('makes the project and each workspace found by its globs a root', () => {
		assert.deepEqual(
			lock.roots.map((root) => [root.workspace, root.name]),
			[
				['.', 'monorepo'],
				['packages/app', '@mono/app'],
				['packages/util', '@mono/util'],
			],
		);
		assert.deepEqual(lock.root().dependencies, ['npm:semver@7.6.3']);
		assert.deepEqual(lock.root('packages/util').dependencies, ['npm:lodash@4.17.21', 'npm:ms@2.1.3']);
	});

	it('shows a workspace depended on by another as a workspace package with its own dependencies', () => {
		assert.deepEqual(lock.root('packages/app').dependencies, [
			'npm:@mono/util@1.2.0',
			'npm:debug@4.3.7',
			'npm:ms@2.1.2',
		]);
		const util = lock.pkg('npm:@mono/util@1.2.0');
		assert.equal(util.source, 'workspace');
		assert.deepEqual(util.dependencies, ['npm:lodash@4.17.21', 'npm:ms@2.1.3']);
	});

	it('flags the root dev dependency and keeps ms in two versions', () => {
		assert.equal(lock.pkg('npm:semver@7.6.3').dev, true);
		assert.equal(lock.pkg('npm:ms@2.1.2').dev, false);
		assert.deepEqual(lock.pkg('npm:debug@4.3.7').dependencies, ['npm:ms@2.1.3']);
		assert.equal(lock.packages.length, 6);
		assert.deepEqual(lock.warnings, []);
	});
});

describe('yarn classic: link:, file:, git and URL dependencies', () => {
	it('marks link: and file: entries from a real yarn 1.22 lockfile', () => {
		const lock = read('sources', 'yarn.lock');
		assert.equal(lock.pkg('npm:linked-lib@0.0.0').source, 'link');
		const local = lock.pkg('npm:local-lib@0.3.0');
		assert.equal(local.source, 'file');
		assert.deepEqual(local.dependencies, ['npm:ms@2.1.3']);
		assert.equal(lock.pkg('npm:is-number@7.0.0').source, undefined);
		assert.deepEqual([...lock.root().dependencies].sort(), [
			'npm:is-number@7.0.0',
			'npm:linked-lib@0.0.0',
			'npm:local-lib@0.3.0',
		]);
	});

	it('marks git, GitHub shorthand, tarball URL and local tarball entries as non-registry', () => {
		const lock = read('nasty-git-url', 'yarn.lock');
		assert.equal(lock.pkg('npm:is-thing@1.2.0').source, 'git');
		assert.equal(lock.pkg('npm:left-pad@1.3.0').source, 'git');
		assert.equal(lock.pkg('npm:tarball-pkg@2.0.0').source, 'url');
		assert.equal(lock.pkg('npm:vendored@0.1.0').source, 'file');
		assert.equal(lock.pkg('npm:ms@2.1.3').source, undefined);
		assert.deepEqual(lock.pkg('npm:left-pad@1.3.0').dependencies, ['npm:ms@2.1.3']);
		assert.equal(lock.root().dependencies.length, 4);
		assert.deepEqual(lock.warnings, []);
	});
});

describe('yarn classic: bad and unusual files', () => {
	it('refuses an empty file', () => {
		throwsLockfileError(
			() => readYarnLockfile(fixtureInput('lockfiles', 'yarn-v1', 'nasty-empty', 'yarn.lock')),
			/^file is empty$/,
		);
		throwsLockfileError(() => readText('\n  \n'), /^file is empty$/);
	});

	it('an empty yarn.lock beside a package.json (a project yarn has not installed yet) resolves the package.json', () => {
		const lock = read('empty-with-package-json', 'yarn.lock');
		assert.equal(lock.format, 'package-json');
		assert.equal(lock.resolved, true);
		assert.equal(lock.root().name, 'fresh-project');
		assert.equal(lock.root().dependencies.length, 2);
		assert.ok(lock.packages.every((node) => node.locked === false));
		assert.equal(
			lock.warnings[0],
			'lockfiles/yarn-v1/empty-with-package-json/yarn.lock is empty (yarn has not installed this project yet): its package.json is resolved instead',
		);
	});

	it('reports a file truncated inside a string with its line', () => {
		throwsLockfileError(
			() => readYarnLockfile(fixtureInput('lockfiles', 'yarn-v1', 'nasty-truncated', 'yarn.lock')),
			/^unterminated string: "https:\/\/registry\.yarnpkg\.com\/a$/,
			47,
		);
	});

	it('names an unknown lockfile version', () => {
		throwsLockfileError(
			() => readYarnLockfile(fixtureInput('lockfiles', 'yarn-v1', 'nasty-unknown-version', 'yarn.lock')),
			/^unsupported yarn lockfile version v2 \(supported: v1, berry\)$/,
		);
	});

	it('reports malformed lines with their line numbers', () => {
		const header = '# yarn lockfile v1\n\n';
		throwsLockfileError(
			() => readText(`${header}ms@2.1.3:\n  version "2.1.3"\nnot an entry\n`),
			/expected a package entry/,
			5,
		);
		throwsLockfileError(
			() => readText(`${header}  version "1.0.0"\n`),
			/indented line outside a package entry/,
			3,
		);
		throwsLockfileError(
			() => readText(`${header}ms@2.1.3:\n<<<<<<< HEAD\n  version "2.1.3"\n`),
			/unresolved merge conflict marker/,
			4,
		);
		throwsLockfileError(() => readText(`${header}ms@2.1.3:\n  version\n`), /field "version" has no value/, 4);
		throwsLockfileError(() => readText(`${header}"ms@2.1.3" junk:\n  version "1"\n`), /expected ','/, 3);
	});

	it('refuses text that is neither yarn v1 nor berry', () => {
		throwsLockfileError(() => readText('# just a comment\n'), /not a yarn lockfile/);
	});

	it('degrades gracefully on missing fields and dangling dependencies, without package.json', () => {
		const lock = read('nasty-missing-fields', 'yarn.lock');
		assert.equal(lock.format, 'yarn-v1');
		assert.deepEqual(lock.packages.map((node) => node.id).sort(), [
			'npm:debug@4.3.7',
			'npm:ms@2.1.3',
			'npm:uses-no-version@1.0.0',
		]);
		assert.deepEqual(lock.pkg('npm:debug@4.3.7').dependencies, ['npm:ms@2.1.3']);
		assert.deepEqual(lock.pkg('npm:uses-no-version@1.0.0').dependencies, []);
		// No package.json: what nothing depends on is direct.
		assert.deepEqual([...lock.root().dependencies].sort(), ['npm:debug@4.3.7', 'npm:uses-no-version@1.0.0']);
		assert.equal(lock.root().name, 'nasty-missing-fields');
		assert.deepEqual(lock.warnings, [
			'lockfiles/yarn-v1/nasty-missing-fields/yarn.lock:17: entry no-version@^1.0.0 has no version; skipped',
			'lockfiles/yarn-v1/nasty-missing-fields/yarn.lock: debug@4.3.7 depends on supports-color@^9.0.0, which is not in the lockfile',
			'lockfiles/yarn-v1/nasty-missing-fields/yarn.lock: no package.json beside it; packages nothing depends on are shown as direct',
		]);
	});

	it('accepts CRLF line endings, quoted keys with several descriptors and `key: value` fields', () => {
		const text = [
			'# yarn lockfile v1',
			'',
			'"@scope/a@^1.0.0", "@scope/a@^1.1.0":',
			'  version: "1.2.0"',
			'  dependencies:',
			'    "@scope/b" ">= 2.0.0 < 3"',
			'',
			'"@scope/b@>= 2.0.0 < 3":',
			'  version "2.5.0"',
			'',
		].join('\r\n');
		const parsed = readText(text);
		const ids = parsed.packages.map((node) => node.id);
		assert.deepEqual(ids, ['npm:@scope/a@1.2.0', 'npm:@scope/b@2.5.0']);
		assert.deepEqual(parsed.packages[0]!.dependencies, ['npm:@scope/b@2.5.0']);
	});
});

describe('yarn classic line parser', () => {
	it('returns blocks with their keys, nested sections and starting lines', () => {
		const blocks = parseYarnV1(
			'yarn.lock',
			'# c\n\na@^1, "b@npm:a@^1":\n  version "1.0.0"\n  optionalDependencies:\n    c "2"\n',
		);
		assert.deepEqual(blocks, [
			{keys: ['a@^1', 'b@npm:a@^1'], fields: {version: '1.0.0', optionalDependencies: {c: '2'}}, line: 3},
		]);
	});
});
