import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, it} from 'node:test';
import {readPnpmLockfile} from '../../../source/ecosystems/npm/lockfiles/pnpm.js';
import {parseKey} from '../../../source/ecosystems/npm/lockfiles/pnpm-keys.js';
import {lockfileInput} from '../../../source/lockfiles/index.js';
import {
	fixtureInput,
	flags,
	inputFor,
	readFixture,
	throwsLockfileError,
} from '../../helpers/lockfile-fixtures.js';
import {fixturePath} from '../../helpers/paths.js';

const read = (...parts: string[]) => readFixture(readPnpmLockfile, 'lockfiles', ...parts);
const readText = (text: string) =>
	readPnpmLockfile(
		inputFor(fixturePath('lockfiles', 'pnpm-9', 'nowhere', 'pnpm-lock.yaml'), text, 'pnpm-lock.yaml'),
	);

const generations = [
	['pnpm-9', 'pnpm 9, lockfileVersion 9.0'],
	['pnpm-6', 'pnpm 8, lockfileVersion 6.0'],
	['pnpm-5', 'pnpm 7, lockfileVersion 5.4'],
] as const;

for (const [format, release] of generations) {
	describe(`${format}: real lockfile of manifests/basic (${release})`, () => {
		const lock = read(format, 'basic', 'pnpm-lock.yaml');

		it('has the format, every package once and the importer as the root', () => {
			assert.equal(lock.format, format);
			assert.equal(lock.packages.length, 108);
			assert.deepEqual(lock.warnings, []);
			assert.equal(lock.roots.length, 1);
			assert.equal(lock.root().name, 'web-app');
			assert.deepEqual([...lock.root().dependencies].sort(), [
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

		it('flags dev and optional from the importer sections', () => {
			assert.equal(lock.pkg('npm:typescript@5.6.3').dev, true);
			assert.equal(lock.pkg('npm:fsevents@2.3.3').optional, true);
			assert.equal(lock.pkg('npm:debug@2.6.9').dev, false);
			assert.equal(lock.pkg('npm:express@4.21.2').dev, false);
		});

		it('resolves the alias to string-width and keeps the alias', () => {
			const stringWidth = lock.pkg('npm:string-width@4.2.3');
			assert.deepEqual(stringWidth.aliases, ['string-width-cjs']);
			assert.equal(stringWidth.direct, true);
			assert.deepEqual(stringWidth.dependencies, [
				'npm:emoji-regex@8.0.0',
				'npm:is-fullwidth-code-point@3.0.0',
				'npm:strip-ansi@6.0.1',
			]);
		});

		it('makes peer-suffixed keys one package with the resolved peers as edges', () => {
			// react-dom@18.3.1(react@18.3.1) and axios@1.7.9(debug@2.6.9) / follow-redirects(debug@2.6.9).
			assert.deepEqual([...lock.pkg('npm:react-dom@18.3.1').dependencies].sort(), [
				'npm:loose-envify@1.4.0',
				'npm:react@18.3.1',
				'npm:scheduler@0.23.2',
			]);
			assert.ok(lock.pkg('npm:follow-redirects@1.16.3').dependencies.includes('npm:debug@2.6.9'));
			assert.equal(lock.packages.filter((node) => node.name === 'axios').length, 1);
			// debug@2.6.9 declares an optional peer supports-color that nothing resolved: no edge.
			assert.deepEqual(lock.pkg('npm:debug@2.6.9').dependencies, ['npm:ms@2.0.0']);
		});

		it('has the cycle both ways and duplicates apart', () => {
			assert.ok(lock.pkg('npm:es5-ext@0.10.64').dependencies.includes('npm:es6-iterator@2.0.3'));
			assert.ok(lock.pkg('npm:es6-iterator@2.0.3').dependencies.includes('npm:es5-ext@0.10.64'));
			assert.ok(lock.byId.has('npm:ms@2.0.0'));
			assert.ok(lock.byId.has('npm:ms@2.1.3'));
		});
	});

	describe(`${format}: workspaces (${release})`, () => {
		const lock = read(format, 'workspaces', 'pnpm-lock.yaml');

		it('makes each importer a root named from its package.json', () => {
			assert.deepEqual(lock.warnings, []);
			assert.deepEqual(
				lock.roots.map((root) => [root.id, root.name, root.workspace]),
				[
					[`root:lockfiles/${format}/workspaces/pnpm-lock.yaml`, 'monorepo', '.'],
					[`root:lockfiles/${format}/workspaces/pnpm-lock.yaml#packages/app`, '@mono/app', 'packages/app'],
					[`root:lockfiles/${format}/workspaces/pnpm-lock.yaml#packages/util`, '@mono/util', 'packages/util'],
				],
			);
			assert.deepEqual(lock.root().dependencies, ['npm:semver@7.6.3']);
			assert.equal(lock.pkg('npm:semver@7.6.3').dev, true);
		});

		it('turns link: to another importer into a workspace package with its dependencies', () => {
			assert.deepEqual(lock.root('packages/app').dependencies, [
				'npm:@mono/util@1.2.0',
				'npm:debug@4.3.7',
				'npm:ms@2.1.2',
			]);
			const util = lock.pkg('npm:@mono/util@1.2.0');
			assert.equal(util.source, 'workspace');
			assert.deepEqual(util.dependencies, ['npm:lodash@4.17.21', 'npm:ms@2.1.3']);
			assert.deepEqual(lock.root('packages/util').dependencies, ['npm:lodash@4.17.21', 'npm:ms@2.1.3']);
			assert.deepEqual(lock.pkg('npm:debug@4.3.7').dependencies, ['npm:ms@2.1.3']);
			assert.equal(lock.packages.length, 6);
		});
	});

	describe(`${format}: link: and file: dependencies (${release})`, () => {
		it('marks them as non-registry', () => {
			const lock = read(format, 'sources', 'pnpm-lock.yaml');
			assert.deepEqual(lock.warnings, []);
			const ids = lock.root().dependencies;
			assert.equal(ids.length, 3);
			assert.ok(ids.includes('npm:is-number@7.0.0'));
			assert.equal(lock.pkg('npm:linked-lib@link:../linked-lib').source, 'link');
			// 5.x records the folder's version; 6.x/9.x only its path.
			const local = lock.pkg(format === 'pnpm-5' ? 'npm:local-lib@0.3.0' : 'npm:local-lib@file:../local-lib');
			assert.equal(local.source, 'file');
			assert.deepEqual(local.dependencies, ['npm:ms@2.1.3']);
			assert.equal(lock.pkg('npm:is-number@7.0.0').source, undefined);
		});
	});
}

describe('pnpm-9: pnpm 10 writes the same lockfileVersion 9.0', () => {
	it('reads to the same graph as pnpm 9', () => {
		const fromPnpm10 = read('pnpm-9', 'basic-pnpm10', 'pnpm-lock.yaml');
		const fromPnpm9 = read('pnpm-9', 'basic', 'pnpm-lock.yaml');
		assert.equal(fromPnpm10.format, 'pnpm-9');
		assert.deepEqual(fromPnpm10.warnings, []);
		const shape = (lock: typeof fromPnpm9) =>
			lock.packages
				.map((node) => [node.id, [...node.dependencies].sort(), node.direct, node.dev, node.optional])
				.sort();
		assert.deepEqual(shape(fromPnpm10), shape(fromPnpm9));
	});
});

/** The one line a package has in the lockfile it came from. */
const lineOf = (node: {readonly lines?: Record<string, number>}) => Object.values(node.lines ?? {})[0];

describe('pnpm-9: pnpm 11 and later write the env lockfile as a first YAML document', () => {
	const lock = read('pnpm-9', 'env-document', 'pnpm-lock.yaml');
	const alone = read('pnpm-9', 'basic-pnpm10', 'pnpm-lock.yaml');

	it("reads the project's tree from the last document, as from a file of its own", () => {
		assert.equal(lock.format, 'pnpm-9');
		assert.deepEqual(lock.warnings, []);
		assert.equal(lock.roots[0]!.name, 'web-app');
		assert.deepEqual(lock.root().dependencies, alone.root().dependencies);
		for (const node of alone.packages) {
			const same = lock.pkg(node.id);
			assert.deepEqual(same.dependencies, node.dependencies, node.id);
			assert.equal(same.dev, node.dev, node.id);
			// Lines are the project document's, 117 lines further down the file.
			assert.equal(lineOf(same), lineOf(node) === undefined ? undefined : lineOf(node)! + 117, node.id);
		}
	});

	it('makes the config dependencies and the package manager a root of their own', () => {
		const env = lock.root('(env)');
		assert.equal(env.name, 'pnpm env');
		assert.deepEqual([...env.dependencies].sort(), [
			'npm:@acme/pnpm-config@2.1.0',
			'npm:ms@2.0.0',
			'npm:pnpm@12.0.0',
		]);
		assert.equal(lock.roots.length, 2);
		const pnpm = lock.pkg('npm:pnpm@12.0.0');
		assert.equal(pnpm.dependencies.length, 8);
		assert.equal(flags(lock, 'npm:pnpm@12.0.0'), 'direct');
		assert.equal(flags(lock, 'npm:@pnpm/exe.linux-x64@12.0.0'), 'optional');
		assert.equal(flags(lock, 'npm:@acme/pnpm-config@2.1.0'), 'direct');
		// Lines in the first document.
		assert.equal(lineOf(pnpm), 71);
		assert.equal(lineOf(lock.pkg('npm:@acme/pnpm-config@2.1.0')), 21);
		// pnpm, its eight binaries and the config dependency (ms is the project's too).
		assert.equal(lock.packages.length, alone.packages.length + 10);
	});

	it('a package in both documents is one package, with the edges of both', () => {
		const ms = lock.pkg('npm:ms@2.0.0');
		assert.equal(lineOf(ms), lineOf(alone.pkg('npm:ms@2.0.0'))! + 117);
		assert.equal(flags(alone, 'npm:ms@2.0.0'), '');
		// A config dependency as well as debug's dependency: direct (of the env root).
		assert.equal(flags(lock, 'npm:ms@2.0.0'), 'direct');
		assert.equal(lock.packages.filter((node) => node.name === 'ms').length, 2, 'ms@2.0.0 and ms@2.1.3');
	});

	it('an env document it cannot read is a warning; the project is read as ever', () => {
		const project =
			"---\nlockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      a:\n        specifier: ^1\n        version: 1.0.0\npackages:\n  a@1.0.0:\n    resolution: {integrity: sha512-x}\nsnapshots:\n  a@1.0.0: {}\n";
		const noVersion = readText(`---\nimporters:\n  .:\n    configDependencies: {}\n${project}`);
		assert.deepEqual(noVersion.warnings, [
			'pnpm-lock.yaml: document 1 of 2 (the env lockfile) has no lockfileVersion; its packages are not read',
		]);
		assert.deepEqual(
			noVersion.roots.map((root) => root.dependencies),
			[['npm:a@1.0.0']],
		);
		const empty = readText(
			`---\nlockfileVersion: '9.0'\nimporters:\n  .:\n    configDependencies: {}\n${project}`,
		);
		assert.match(
			empty.warnings[0] ?? '',
			/document 1 of 2 lists no config dependency and no package manager/,
		);
		assert.equal(empty.roots.length, 1);
		const newer = readText(`---\nlockfileVersion: '13.0'\n${project}`);
		assert.match(
			newer.warnings[0] ?? '',
			/document 1 of 2 \(the env lockfile\) has lockfileVersion 13\.0, which is not supported/,
		);
		// Three documents: each env document its own, one root.
		const three = readText(
			`---\nlockfileVersion: '9.0'\nimporters:\n  .:\n    packageManagerDependencies:\n      pnpm: {specifier: 12.0.0, version: 12.0.0}\nsnapshots:\n  pnpm@12.0.0: {}\n---\nlockfileVersion: '9.0'\nimporters:\n  .:\n    configDependencies:\n      c: {specifier: 1.0.0, version: 1.0.0}\nsnapshots:\n  c@1.0.0: {}\n${project}`,
		);
		assert.deepEqual(three.warnings, []);
		assert.deepEqual(
			three.roots.map((root) => [root.workspace, root.dependencies]),
			[
				['.', ['npm:a@1.0.0']],
				['(env)', ['npm:pnpm@12.0.0', 'npm:c@1.0.0']],
			],
		);
	});

	it("a broken document is the file's error, with the line in that document", () => {
		const env = "---\nlockfileVersion: '9.0'\nimporters:\n  .:\n    configDependencies: {}\n";
		throwsLockfileError(
			() => readText(`${env}---\nlockfileVersion: '9.0'\nimporters:\n  .: {\n`),
			/^malformed YAML: /,
			10,
		);
		throwsLockfileError(
			() => readText(`---\n- a\n---\nlockfileVersion: '9.0'\n`),
			/^document 1: expected a YAML mapping at the top level$/,
			1,
		);
		throwsLockfileError(
			() => readText(`${env}---\nlockfileVersion: '10.0'\n`),
			/^unsupported pnpm lockfileVersion 10\.0 \(document 2 of 2, the project's\) \(supported/,
		);
		throwsLockfileError(
			() => readText(`${env}---\nimporters: {}\n`),
			/^not a pnpm lockfile: no lockfileVersion \(document 2 of 2/,
		);
		// A field of the wrong type is located in its own document.
		throwsLockfileError(
			() =>
				readText(
					`---\nlockfileVersion: '9.0'\nimporters:\n  .:\n    configDependencies: oops\n---\nlockfileVersion: '9.0'\n`,
				),
			/^importers\["\."\]\.configDependencies: is a string/,
			5,
		);
		throwsLockfileError(
			() => readText(`${env}---\nlockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: oops\n`),
			/^importers\["\."\]\.dependencies: is a string/,
			10,
		);
		throwsLockfileError(() => readText(`${env}---\n`), /^document 2: empty$/, 6);
	});
});

describe('pnpm: hand-made shapes', () => {
	it('9.x: git, codeload, tarball, patched, aliased, linked-outside and multi-peer-context packages', () => {
		const lock = read('pnpm-9', 'nasty-sources', 'pnpm-lock.yaml');
		assert.deepEqual(lock.warnings, []);
		assert.equal(lock.root().name, 'pnpm-sources');
		assert.equal(lock.pkg('npm:gitlab-thing@1.0.0').source, 'git');
		assert.deepEqual(lock.pkg('npm:gitlab-thing@1.0.0').dependencies, ['npm:ms@2.1.3']);
		assert.equal(lock.pkg('npm:left-pad@1.3.0').source, 'git');
		assert.equal(lock.pkg('npm:tarball-pkg@2.0.0').source, 'url');
		assert.equal(lock.pkg('npm:elsewhere@link:../../outside/elsewhere').source, 'link');
		// `lodash@4.17.21(patch_hash=…)` is the registry lodash.
		assert.equal(lock.pkg('npm:lodash@4.17.21').source, undefined);
		assert.deepEqual(lock.pkg('npm:ms@2.1.3').aliases, ['my-ms']);
		// react-dom in two peer contexts: one package, edges of both snapshots.
		assert.equal(lock.packages.filter((node) => node.name === 'react-dom').length, 1);
		assert.deepEqual([...lock.pkg('npm:react-dom@18.3.1').dependencies].sort(), [
			'npm:loose-envify@1.4.0',
			'npm:react@18.2.0',
			'npm:react@18.3.1',
			'npm:scheduler@0.23.2',
		]);
		assert.deepEqual([...lock.pkg('npm:old-ui@1.0.0').dependencies].sort(), [
			'npm:react-dom@18.3.1',
			'npm:react@18.2.0',
		]);
		assert.equal(lock.packages.length, 12);
	});

	it('5.x: scoped peers in the key suffix, a hashed suffix, github.com keys and optional dependencies', () => {
		const lock = read('pnpm-5', 'nasty-peers', 'pnpm-lock.yaml');
		assert.equal(lock.format, 'pnpm-5');
		assert.deepEqual(lock.warnings, []);
		assert.deepEqual(lock.pkg('npm:@scope/widget@1.0.0').dependencies, [
			'npm:@types/react@18.0.0',
			'npm:react@18.2.0',
		]);
		// The hashed suffix hides the peer's version; the only react in the lockfile is certain.
		assert.deepEqual(lock.pkg('npm:hashed-peer@2.0.0').dependencies, ['npm:react@18.2.0']);
		assert.equal(lock.pkg('npm:left-pad@1.3.0').source, 'git');
		assert.equal(lock.pkg('npm:fsevents@2.3.3').optional, true);
		// A devDependency also needed by a prod package is not dev.
		assert.equal(lock.pkg('npm:@types/react@18.0.0').dev, false);
		assert.equal(lock.packages.length, 7);
	});

	it('6.x: peers of a scoped package, alias as a full key, github.com and tarball keys, a link', () => {
		const lock = read('pnpm-6', 'nasty-sources', 'pnpm-lock.yaml');
		assert.equal(lock.format, 'pnpm-6');
		assert.deepEqual(lock.warnings, []);
		assert.deepEqual(lock.pkg('npm:@scope/widget@1.0.0').dependencies, [
			'npm:@types/react@18.0.0',
			'npm:react@18.2.0',
		]);
		assert.deepEqual(lock.pkg('npm:react@18.2.0').aliases, ['my-react']);
		assert.equal(lock.pkg('npm:left-pad@1.3.0').source, 'git');
		assert.equal(lock.pkg('npm:tarball-pkg@2.0.0').source, 'url');
		assert.equal(lock.pkg('npm:shared@link:../shared').source, 'link');
		assert.equal(lock.root().dependencies.length, 6);
	});
});

describe('pnpm: bad and unusual files', () => {
	it('refuses an empty file', () => {
		throwsLockfileError(
			() => readPnpmLockfile(fixtureInput('lockfiles', 'pnpm-9', 'nasty-empty', 'pnpm-lock.yaml')),
			/^file is empty$/,
		);
		throwsLockfileError(() => readText('# only a comment\n'), /^file is empty$/);
	});

	it('an empty pnpm-lock.yaml beside a package.json is no lockfile, as pnpm reads it: the package.json resolved', () => {
		const lock = read('pnpm-9', 'empty-with-package-json', 'pnpm-lock.yaml');
		assert.equal(lock.format, 'package-json');
		assert.equal(lock.resolved, true);
		assert.equal(lock.root().name, 'fresh-project');
		assert.ok(lock.packages.length > 0 && lock.packages.every((node) => node.locked === false));
		assert.equal(
			lock.warnings[0],
			'lockfiles/pnpm-9/empty-with-package-json/pnpm-lock.yaml is empty (pnpm has not installed this project yet): its package.json is resolved instead',
		);
	});

	it('names unknown lockfile versions', () => {
		throwsLockfileError(
			() => readPnpmLockfile(fixtureInput('lockfiles', 'pnpm-9', 'nasty-unknown-version', 'pnpm-lock.yaml')),
			/^unsupported pnpm lockfileVersion 10\.0 \(supported: 5\.x, 6\.x, 9\.x\)$/,
		);
		throwsLockfileError(
			() => readPnpmLockfile(fixtureInput('lockfiles', 'pnpm-5', 'nasty-unknown-version', 'pnpm-lock.yaml')),
			/^unsupported pnpm lockfileVersion 4\.0 /,
		);
		// pnpm 9 prereleases wrote '7.0'; nothing we have seen in the wild.
		throwsLockfileError(() => readText("lockfileVersion: '7.0'\n"), /lockfileVersion 7\.0 /);
		throwsLockfileError(() => readText('importers: {}\n'), /^not a pnpm lockfile: no lockfileVersion$/);
	});

	it('accepts every 5.x and 6.x minor and 9.0', () => {
		for (const version of ['5', '5.1', '5.2', '5.3', '5.4', "'6.0'", "'6.1'", "'9.0'"]) {
			const parsed = readText(`lockfileVersion: ${version}\n`);
			assert.deepEqual(parsed.packages, [], version);
		}
	});

	it('reports malformed YAML (a truncated real file) with its line', () => {
		throwsLockfileError(
			() => readPnpmLockfile(fixtureInput('lockfiles', 'pnpm-9', 'nasty-malformed', 'pnpm-lock.yaml')),
			/^malformed YAML: Flow map in block collection must be sufficiently indented and end with a \}$/,
			379,
		);
		throwsLockfileError(
			() => readText("lockfileVersion: '9.0'\nimporters:\n  .: {\n"),
			/^malformed YAML: /,
			4,
		);
		throwsLockfileError(() => readText('- a\n- b\n'), /expected a YAML mapping/);
	});

	it('degrades gracefully on missing fields, dangling dependencies and packages without snapshots', () => {
		const lock = read('pnpm-9', 'nasty-missing-fields', 'pnpm-lock.yaml');
		assert.deepEqual(lock.packages.map((node) => node.id).sort(), [
			'npm:debug@4.3.7',
			'npm:lonely@1.0.0',
			'npm:ms@2.1.3',
		]);
		assert.deepEqual(lock.root().dependencies, ['npm:debug@4.3.7']);
		assert.deepEqual(lock.pkg('npm:debug@4.3.7').dependencies, ['npm:ms@2.1.3']);
		const file = 'lockfiles/pnpm-9/nasty-missing-fields/pnpm-lock.yaml';
		assert.deepEqual(lock.warnings, [
			`${file}: package not-a-key has no name or version; skipped`,
			`${file}: package lonely@1.0.0 has no snapshot; its dependencies are unknown`,
			`${file}: importer . lists broken without a version; skipped`,
			`${file}: debug@4.3.7 depends on supports-color 9.4.0, which is not in the lockfile`,
			`${file}: nasty-missing-fields depends on ghost 3.0.0, which is not in the lockfile`,
		]);
	});

	it('without importers nor top-level dependencies, makes what nothing depends on direct', () => {
		const lock = read('pnpm-5', 'nasty-no-importers', 'pnpm-lock.yaml');
		assert.deepEqual(lock.root().dependencies, ['npm:debug@2.6.9']);
		assert.deepEqual(lock.pkg('npm:debug@2.6.9').dependencies, ['npm:ms@2.0.0']);
		assert.equal(lock.warnings.length, 1);
	});
});

describe('pnpm keys', () => {
	it('splits 5.x, 6.x and 9.x keys with their peers', () => {
		assert.deepEqual(parseKey('/@scope/a/1.0.0_@types+react@18.0.0+react@18.2.0', 5), {
			name: '@scope/a',
			version: '1.0.0',
			base: '/@scope/a/1.0.0',
			peers: new Map([
				['@types/react', '18.0.0'],
				['react', '18.2.0'],
			]),
			peersHashed: false,
		});
		assert.equal(parseKey('/a/1.0.0_0123abcd', 5)?.peersHashed, true);
		assert.equal(parseKey('github.com/u/r/0123', 5), undefined);
		assert.deepEqual(parseKey('/@scope/a@1.0.0(b@2.0.0(c@3.0.0))(@s/d@4.0.0)', 6), {
			name: '@scope/a',
			version: '1.0.0',
			base: '/@scope/a@1.0.0',
			peers: new Map([
				['b', '2.0.0'],
				['@s/d', '4.0.0'],
			]),
			peersHashed: false,
		});
		assert.deepEqual(parseKey('a@1.0.0(patch_hash=abc)', 9)?.base, 'a@1.0.0');
	});
});

describe('pnpm: a link to a folder outside the project', () => {
	it('is named as the lockfile names it, with a warning, when its package.json may not be read', () => {
		// elysia's test projects: `elysia: link:../../..`, the repository they sit in.
		const repository = mkdtempSync(path.join(tmpdir(), 'commit-pnpm-outside-'));
		try {
			writeFileSync(
				path.join(repository, 'package.json'),
				JSON.stringify({name: 'elysia', version: '1.4.0'}),
			);
			const project = path.join(repository, 'test', 'cjs');
			mkdirSync(project, {recursive: true});
			writeFileSync(path.join(project, 'package.json'), JSON.stringify({dependencies: {elysia: '../..'}}));
			const text = [
				"lockfileVersion: '6.1'",
				'dependencies:',
				'  elysia:',
				'    specifier: ../..',
				'    version: link:../..',
				'',
			].join('\n');
			const lockfile = path.join(project, 'pnpm-lock.yaml');
			const read = (allowOutsideIncludes: boolean) =>
				readPnpmLockfile(
					lockfileInput(lockfile, 'pnpm-lock.yaml', text, {projectRoot: project, allowOutsideIncludes}),
				);
			const refused = read(false);
			assert.deepEqual(
				refused.packages.map((node) => [node.id, node.source]),
				[['npm:elysia@link:../..', 'link']],
			);
			assert.deepEqual(refused.warnings, [
				'pnpm-lock.yaml: elysia links to ../.., whose package.json is outside the project (not read; --allow-outside-includes reads it)',
			]);
			// Allowed, the folder's own name and version are read.
			const allowed = read(true);
			assert.deepEqual(
				allowed.packages.map((node) => node.id),
				['npm:elysia@1.4.0'],
			);
			assert.deepEqual(allowed.warnings, []);
			// An importer outside the project: named by its folder, with a warning.
			const importer = readPnpmLockfile(
				lockfileInput(lockfile, 'pnpm-lock.yaml', `${text}importers:\n  ../..:\n    dependencies: {}\n`, {
					projectRoot: project,
				}),
			);
			assert.ok(
				importer.warnings.includes(
					'pnpm-lock.yaml: importer ../..: its package.json is outside the project (not read; --allow-outside-includes reads it)',
				),
				importer.warnings.join('\n'),
			);
		} finally {
			rmSync(repository, {recursive: true, force: true});
		}
	});
});

describe('pnpm: optional peers', () => {
	it('keeps a resolved optional peer as an edge that installs nothing: a dev-only package stays dev', () => {
		const parsed = readText(`lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .:
    dependencies:
      stripe:
        specifier: 20.4.1
        version: 20.4.1(@types/node@25.5.2)
    devDependencies:
      '@types/node':
        specifier: 25.5.2
        version: 25.5.2

packages:

  '@types/node@25.5.2':
    resolution: {integrity: sha512-tO4ZIRKNC+MDWV4qKVZe3Ql/woTnmHDr5JD8UI5hn2pwBrHEwOEMZK7WlNb5RKB6EoJ02gwmQS9OrjuFnZYdpg==}

  stripe@20.4.1:
    resolution: {integrity: sha512-axCguHItc8Sxt0HC6aSkdVRPffjYPV7EQqZRb2GkIa8FzWDycE7nHJM19C6xAIynH1Qp1/BHiopSi96jGBxT0w==}
    engines: {node: '>=16'}
    peerDependencies:
      '@types/node': '>=16'
    peerDependenciesMeta:
      '@types/node':
        optional: true

  undici-types@7.18.2:
    resolution: {integrity: sha512-AsuCzffGHJybSaRrmr5eHr81mwJU3kjw6M+uprWvCXiNeN9SOGwQ3Jn8jb8m3Z6izVgknn1R0FTCEAP2QrLY/w==}

snapshots:

  '@types/node@25.5.2':
    dependencies:
      undici-types: 7.18.2

  stripe@20.4.1(@types/node@25.5.2):
    optionalDependencies:
      '@types/node': 25.5.2

  undici-types@7.18.2: {}
`);
		assert.deepEqual(parsed.warnings, []);
		const byId = new Map(parsed.packages.map((node) => [node.id, node]));
		const flagsOf = (id: string) => {
			const node = byId.get(id)!;
			return [node.dev, node.optional];
		};
		assert.deepEqual(byId.get('npm:stripe@20.4.1')!.dependencies, ['npm:@types/node@25.5.2']);
		assert.deepEqual(flagsOf('npm:stripe@20.4.1'), [false, false]);
		assert.deepEqual(flagsOf('npm:@types/node@25.5.2'), [true, false]);
		assert.deepEqual(flagsOf('npm:undici-types@7.18.2'), [true, false]);
	});
});
