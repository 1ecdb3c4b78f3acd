import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {readLockfile} from '../../source/lockfiles/index.js';
import {LockfileError} from '../../source/lockfiles/types.js';
import {temporaryDirectory} from '../helpers/registry-scan.js';

/**
 * A field of the wrong type is never read as empty: an error naming the file, the line and the field when it
 * would make the graph wrong (a pnpm importer that is a string gave a root with 0 dependencies and exit 0; an
 * npm root `dependencies: "str"` cut 9 direct dependencies to 2), a warning when the entry can be skipped.
 */

const folder = temporaryDirectory();
after(() => folder.remove());
let count = 0;

/** Writes `files` (the lockfile first) into a fresh folder and reads the lockfile the way the CLI does. */
function read(files: Record<string, string>) {
	const directory = path.join(folder.path, `case-${count++}`);
	mkdirSync(directory, {recursive: true});
	for (const [name, text] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(directory, name)), {recursive: true});
		writeFileSync(path.join(directory, name), text);
	}

	const lockfile = Object.keys(files)[0]!;
	return readLockfile(path.join(directory, lockfile), lockfile, {projectRoot: directory});
}

function failure(files: Record<string, string>): LockfileError {
	try {
		read(files);
	} catch (error) {
		assert.ok(error instanceof LockfileError, `expected a LockfileError, got ${String(error)}`);
		return error;
	}

	assert.fail('expected the lockfile to be refused');
}

function assertFailure(files: Record<string, string>, file: string, message: string, line?: number): void {
	const error = failure(files);
	assert.equal(error.file, file);
	assert.equal(error.message, message);
	if (line !== undefined) assert.equal(error.line, line);
}

const npm = (packages: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
	JSON.stringify({name: 'app', lockfileVersion: 3, requires: true, packages, ...extra}, null, 2);

describe('npm package-lock.json', () => {
	test('a root whose dependencies is a string is an error, not a root with fewer dependencies', () => {
		const text = npm({
			'': {name: 'app', dependencies: 'str', devDependencies: {b: '^1'}},
			'node_modules/a': {version: '1.0.0'},
			'node_modules/b': {version: '1.0.0', dev: true},
		});
		assertFailure(
			{'package-lock.json': text},
			'package-lock.json',
			'packages[""].dependencies: is a string, expected a mapping',
			8,
		);
	});

	test('wrong-typed fields of an entry', () => {
		const cases: Array<[Record<string, unknown>, string]> = [
			[{version: 5}, 'packages["node_modules/a"].version: is a number, expected a string'],
			[
				{version: '1.0.0', dependencies: {b: 1}},
				'packages["node_modules/a"].dependencies.b: is a number, expected a version range (a string)',
			],
			[
				{version: '1.0.0', optionalDependencies: ['b']},
				'packages["node_modules/a"].optionalDependencies: is a list, expected a mapping',
			],
			[
				{version: '1.0.0', link: 'yes'},
				'packages["node_modules/a"].link: is a string, expected true or false',
			],
			[
				{version: '1.0.0', resolved: 42},
				'packages["node_modules/a"].resolved: is a number, expected a string',
			],
			[
				{version: '1.0.0', peerDependencies: {b: '^1'}, peerDependenciesMeta: {b: true}},
				'packages["node_modules/a"].peerDependenciesMeta.b: is true, expected a mapping',
			],
		];
		for (const [entry, message] of cases) {
			const text = npm({
				'': {name: 'app', dependencies: {a: '^1'}},
				'node_modules/a': entry,
				'node_modules/b': {version: '1.0.0'},
			});
			assertFailure({'package-lock.json': text}, 'package-lock.json', message);
		}
	});

	test('packages of the wrong type, and workspace patterns of the wrong type', () => {
		assertFailure(
			{'package-lock.json': npm([] as never)},
			'package-lock.json',
			'packages: is a list, expected an object of install path → entry',
			5,
		);
		assertFailure(
			{'package-lock.json': npm({'': {name: 'app', workspaces: 'packages/*'}})},
			'package-lock.json',
			'packages[""].workspaces: is a string, expected a mapping',
		);
	});

	test('an entry that is not an object is skipped with a warning', () => {
		const parsed = read({'package-lock.json': npm({'': {name: 'app'}, 'node_modules/odd': 'text'})});
		assert.deepEqual(parsed.warnings, ['packages["node_modules/odd"] is not an object; skipped']);
	});

	test('lockfileVersion 1: dependencies, requires and versions of the wrong type', () => {
		const v1 = (dependencies: unknown) =>
			JSON.stringify({name: 'app', lockfileVersion: 1, dependencies}, null, 2);
		assertFailure(
			{'package-lock.json': v1('str')},
			'package-lock.json',
			'dependencies: is a string, expected a mapping',
			4,
		);
		assertFailure(
			{'package-lock.json': v1({a: {version: '1.0.0', requires: []}})},
			'package-lock.json',
			'dependencies.a.requires: is a list, expected a mapping',
		);
		assertFailure(
			{'package-lock.json': v1({a: {version: {}}})},
			'package-lock.json',
			'dependencies.a.version: is a mapping, expected a string',
		);
		assertFailure(
			{'package-lock.json': v1({a: {version: '1.0.0', dependencies: 7}})},
			'package-lock.json',
			'dependencies.a.dependencies: is a number, expected a mapping',
		);
	});

	test('a package.json beside it that is not JSON, or has a wrong-typed field, is an error naming it', () => {
		const lock = npm({'node_modules/a': {version: '1.0.0'}});
		const broken = failure({'package-lock.json': lock, 'package.json': '{"name": "app",'});
		assert.equal(broken.file, 'package.json');
		assert.match(broken.message, /^malformed JSON: /);
		assertFailure(
			{'package-lock.json': lock, 'package.json': '{"name": "app",\n "dependencies": ["a"]}'},
			'package.json',
			'dependencies: is a list, expected a mapping',
			2,
		);
	});
});

describe('bun.lock', () => {
	const bun = (lock: Record<string, unknown>) => JSON.stringify({lockfileVersion: 1, ...lock}, null, 2);
	test('workspaces and their dependencies of the wrong type', () => {
		assertFailure(
			{'bun.lock': bun({workspaces: [], packages: {}})},
			'bun.lock',
			'workspaces: is a list, expected a mapping',
		);
		assertFailure(
			{'bun.lock': bun({workspaces: {'': {name: 'app', dependencies: 'a'}}, packages: {}})},
			'bun.lock',
			'workspaces[""].dependencies: is a string, expected a mapping',
		);
		assertFailure(
			{
				'bun.lock': bun({
					workspaces: {'': {name: 'app', dependencies: {a: '^1'}}},
					packages: {a: ['a@1.0.0', '', {dependencies: {b: 2}}, 'sha']},
				}),
			},
			'bun.lock',
			'packages.a[2].dependencies.b: is a number, expected a version range (a string)',
		);
		assertFailure(
			{'bun.lock': bun({workspaces: {}, packages: 'none'})},
			'bun.lock',
			'packages: is a string, expected a mapping',
		);
	});
});

describe('pnpm-lock.yaml', () => {
	const pnpm = (body: string) => `lockfileVersion: '9.0'\n\n${body}`;
	test('an importer that is a string is an error, not a root with no dependencies', () => {
		assertFailure(
			{
				'pnpm-lock.yaml': pnpm(
					'importers:\n  .: oops\n\npackages:\n  a@1.0.0:\n    resolution: {integrity: sha512-x}\n',
				),
			},
			'pnpm-lock.yaml',
			'importers["."]: is a string, expected a mapping',
			4,
		);
	});

	test('sections, dependency maps and versions of the wrong type', () => {
		const cases: Array<[string, string]> = [
			[
				'importers:\n  .:\n    dependencies: [a]\n',
				'importers["."].dependencies: is a list, expected a mapping',
			],
			[
				'importers:\n  .:\n    dependencies:\n      a:\n        specifier: ^1\n        version: [1]\n',
				'importers["."].dependencies.a.version: is a list, expected a string',
			],
			['importers:\n  .: {}\npackages: [a]\n', 'packages: is a list, expected a mapping'],
			[
				'importers:\n  .: {}\npackages:\n  a@1.0.0:\n    resolution: {integrity: x}\nsnapshots:\n  a@1.0.0:\n    dependencies: b\n',
				'snapshots["a@1.0.0"].dependencies: is a string, expected a mapping',
			],
			[
				'importers:\n  .: {}\nimporters2: x\npackages:\n  a@1.0.0:\n    resolution: x\n',
				'packages["a@1.0.0"].resolution: is a string, expected a mapping',
			],
		];
		for (const [body, message] of cases)
			assertFailure({'pnpm-lock.yaml': pnpm(body)}, 'pnpm-lock.yaml', message);
	});

	test('a snapshot that is not a mapping is skipped with a warning', () => {
		const parsed = read({
			'pnpm-lock.yaml': pnpm(
				'importers:\n  .: {}\npackages:\n  a@1.0.0:\n    resolution: {integrity: x}\nsnapshots:\n  a@1.0.0: text\n',
			),
		});
		assert.ok(
			parsed.warnings.includes('pnpm-lock.yaml: snapshots entry a@1.0.0 is not a mapping; skipped'),
			parsed.warnings.join('\n'),
		);
	});
});

describe('yarn.lock', () => {
	test('berry: dependencies and versions of the wrong type', () => {
		const berry = (entry: string) => `__metadata:\n  version: 8\n\n"a@npm:^1.0.0":\n${entry}`;
		assertFailure(
			{'yarn.lock': berry('  version: 1.0.0\n  resolution: "a@npm:1.0.0"\n  dependencies: b\n')},
			'yarn.lock',
			'["a@npm:^1.0.0"].dependencies: is a string, expected a mapping',
			7,
		);
		assertFailure(
			{'yarn.lock': berry('  version: [1]\n')},
			'yarn.lock',
			'["a@npm:^1.0.0"].version: is a list, expected a string',
		);
	});

	test('classic: a section written as a value is an error at its entry', () => {
		const classic = '# yarn lockfile v1\n\n\na@^1.0.0:\n  version "1.0.0"\n  dependencies "b"\n';
		assertFailure(
			{'yarn.lock': classic},
			'yarn.lock',
			'entry a@^1.0.0: dependencies is a string, expected a section of name → range',
			4,
		);
	});

	test('a package.json beside it with a wrong-typed field is an error naming it', () => {
		const classic = '# yarn lockfile v1\n\n\na@^1.0.0:\n  version "1.0.0"\n';
		assertFailure(
			{'yarn.lock': classic, 'package.json': '{"name": "app", "dependencies": "a"}'},
			'package.json',
			'dependencies: is a string, expected a mapping',
			1,
		);
	});
});

describe('Python lockfiles', () => {
	test('poetry.lock', () => {
		const poetry = (entry: string) =>
			`[[package]]\nname = "a"\nversion = "1.0"\n${entry}\n[metadata]\nlock-version = "2.0"\n`;
		assertFailure(
			{'poetry.lock': poetry('dependencies = "b"\n')},
			'poetry.lock',
			'package[0].dependencies: is a string, expected a mapping',
			4,
		);
		assertFailure(
			{'poetry.lock': '[[package]]\nname = 5\nversion = "1.0"\n'},
			'poetry.lock',
			'package[0].name: is a number, expected a string',
			2,
		);
		assertFailure(
			{'poetry.lock': poetry('[package.dependencies]\nb = 3\n')},
			'poetry.lock',
			'package[0].dependencies.b: is a number, expected a mapping',
		);
		assertFailure(
			{'poetry.lock': 'package = "x"\n[metadata]\nlock-version = "2.0"\n'},
			'poetry.lock',
			'package: is a string, expected a list',
			1,
		);
	});

	test('uv.lock', () => {
		const uv = (entry: string) =>
			`version = 1\nrequires-python = ">=3.12"\n\n[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { editable = "." }\n${entry}\n`;
		assertFailure(
			{'uv.lock': uv('dependencies = "b"\n')},
			'uv.lock',
			'package[0].dependencies: is a string, expected a list',
			8,
		);
		assertFailure(
			{'uv.lock': uv('dependencies = [ "b" ]\n')},
			'uv.lock',
			'package[0].dependencies[0]: is a string, expected a mapping',
		);
		assertFailure(
			{'uv.lock': `version = 1\n\n[[package]]\nname = "b"\nversion = "1.0"\nsource = "pypi"\n`},
			'uv.lock',
			'package[0].source: is a string, expected a mapping',
			6,
		);
	});

	test('pdm.lock and pylock.toml', () => {
		assertFailure(
			{
				'pdm.lock':
					'[metadata]\nlock_version = "4.5"\n\n[[package]]\nname = "a"\nversion = "1.0"\ndependencies = "b"\n',
			},
			'pdm.lock',
			'package[0].dependencies: is a string, expected a list',
			7,
		);
		assertFailure(
			{'pylock.toml': 'lock-version = "1.0"\ncreated-by = "x"\npackages = "a"\n'},
			'pylock.toml',
			'packages: is a string, expected a list',
		);
		assertFailure(
			{
				'pylock.toml':
					'lock-version = "1.0"\ncreated-by = "x"\n[[packages]]\nname = "a"\nversion = "1.0"\ndependencies = [1]\n',
			},
			'pylock.toml',
			'packages[0].dependencies[0]: is a number, expected a mapping',
		);
	});

	test('Pipfile.lock: a section of the wrong type is an error; an entry that is not an object is skipped', () => {
		const pipfile = (body: Record<string, unknown>) =>
			JSON.stringify({_meta: {'pipfile-spec': 6}, ...body}, null, 2);
		assertFailure(
			{'Pipfile.lock': pipfile({default: ['requests']})},
			'Pipfile.lock',
			'default: is a list, expected a mapping',
			5,
		);
		assertFailure(
			{'Pipfile.lock': pipfile({default: {requests: {version: 2}}})},
			'Pipfile.lock',
			'default.requests.version: is a number, expected a string',
		);
		const parsed = read({'Pipfile.lock': pipfile({default: {requests: '==2.0', idna: {version: '==3.10'}}})});
		assert.deepEqual(parsed.warnings, ['Pipfile.lock: default.requests is not an object; skipped']);
		assert.deepEqual(
			parsed.packages.map((node) => node.id),
			['pypi:idna@3.10'],
		);
	});
});
