import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, test} from 'node:test';
import {readPdmLock} from '../../source/ecosystems/pypi/lockfiles/pdm.js';
import {loadProject} from '../../source/lockfiles/index.js';
import {indexed, inputFor} from '../helpers/lockfile-fixtures.js';
import {fixturePath} from '../helpers/paths.js';
import {temporaryDirectory} from '../helpers/registry-scan.js';

/**
 * Files written on Windows may start with a UTF-8 byte order mark, and package managers read them: vite's own
 * repository has a workspace package.json with one (`playground/resolve/utf8-bom-package`), which made a scan of
 * its pnpm-lock.yaml fail with "malformed JSON". A mark is skipped in every file a reader takes beside a lockfile.
 */

const folder = temporaryDirectory();
after(() => folder.remove());
let count = 0;
const bom = '\uFEFF';

function project(files: Record<string, string>): string {
	const directory = path.join(folder.path, `project-${count++}`);
	for (const [name, text] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(directory, name)), {recursive: true});
		writeFileSync(path.join(directory, name), text);
	}

	return directory;
}

test("a pnpm workspace's package.json with a byte order mark is read (the vite case)", () => {
	const lock =
		"lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      ms:\n        specifier: ^2.1.3\n        version: 2.1.3\n\n  packages/bom:\n    dependencies:\n      ms:\n        specifier: ^2.1.3\n        version: 2.1.3\n\npackages:\n\n  ms@2.1.3:\n    resolution: {integrity: sha512-x}\n\nsnapshots:\n\n  ms@2.1.3: {}\n";
	const graph = loadProject({
		directory: project({
			'pnpm-lock.yaml': `${bom}${lock}`,
			'package.json': `${bom}{"name": "app", "version": "1.0.0"}`,
			'packages/bom/package.json': `${bom}{"name": "bom-package", "version": "0.0.0"}`,
		}),
	});
	assert.deepEqual(
		graph.roots.map((root) => root.name),
		['app', 'bom-package'],
	);
});

test('package.json beside package-lock.json, pyproject.toml beside uv.lock and Cargo.toml beside Cargo.lock', () => {
	const npm = loadProject({
		directory: project({
			'package-lock.json': JSON.stringify({
				name: 'app',
				lockfileVersion: 3,
				packages: {'': {name: 'app', dependencies: {ms: '2.1.3'}}, 'node_modules/ms': {version: '2.1.3'}},
			}),
			'package.json': `${bom}{"name": "app-from-package-json", "dependencies": {"ms": "2.1.3"}}`,
		}),
	});
	assert.equal(npm.roots[0]!.name, 'app-from-package-json');

	const uv = loadProject({
		directory: project({
			'uv.lock':
				'version = 1\nrequires-python = ">=3.9"\n\n[[package]]\nname = "idna"\nversion = "3.10"\nsource = { registry = "https://pypi.org/simple" }\n\n[[package]]\nname = "py-from-pyproject"\nversion = "0.1.0"\nsource = { editable = "." }\ndependencies = [{ name = "idna" }]\n',
			'pyproject.toml': `${bom}[project]\nname = "py-from-pyproject"\nversion = "0.1.0"\ndependencies = ["idna"]\n`,
		}),
	});
	assert.equal(uv.roots[0]!.name, 'py-from-pyproject');
	assert.deepEqual(uv.warnings, []);

	const cargo = loadProject({
		directory: project({
			'Cargo.lock':
				'version = 4\n\n[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = ["itoa"]\n\n[[package]]\nname = "itoa"\nversion = "1.0.14"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n',
			'Cargo.toml': `${bom}[package]\nname = "app"\nversion = "0.1.0"\n`,
		}),
	});
	assert.equal(cargo.roots[0]!.name, 'app');
	assert.deepEqual(cargo.warnings, []);
});

test('a project naming itself among its dependencies (its own extras, `pdm[pytest]`) is no dangling edge', () => {
	const lock = indexed(
		readPdmLock(
			inputFor(
				fixturePath('lockfiles', 'pdm', 'self-extras', 'pdm.lock'),
				'[metadata]\ngroups = ["default", "test"]\nstrategy = ["inherit_metadata"]\nlock_version = "4.5.0"\ncontent_hash = "sha256:00"\n\n[[package]]\nname = "pytest"\nversion = "8.3.4"\nrequires_python = ">=3.8"\ngroups = ["test"]\nfiles = []\n',
			),
		),
	);
	assert.deepEqual(lock.warnings, []);
	assert.equal(lock.root().name, 'self-extras');
	assert.deepEqual(lock.root().dependencies, ['pypi:pytest@8.3.4']);
});
