import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {loadProject, NoLockfileError, readLockfile} from '../../source/lockfiles/index.js';
import {LockfileError} from '../../source/lockfiles/types.js';
import {temporaryDirectory} from '../helpers/registry-scan.js';
import {cliPath, isolatedEnv} from '../helpers/run-cli.js';

/**
 * Lockfiles written by an attacker (a pull request): includes that reach outside the project, files that are
 * not files, nesting and expansion meant to exhaust the reader. Each ends in a named error or a warning, never
 * a hang, a crash or a secret in the output.
 */

const folder = temporaryDirectory();
after(() => {
	spawnSync('chmod', ['-R', 'u+rwx', folder.path]);
	folder.remove();
});
let count = 0;

function project(files: Record<string, string | Uint8Array>): string {
	const directory = path.join(folder.path, `project-${count++}`);
	mkdirSync(directory, {recursive: true});
	for (const [name, text] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(directory, name)), {recursive: true});
		writeFileSync(path.join(directory, name), text);
	}

	return directory;
}

function loadError(options: Parameters<typeof loadProject>[0]): LockfileError {
	try {
		loadProject(options);
	} catch (error) {
		assert.ok(error instanceof LockfileError, `expected a LockfileError, got ${String(error)}`);
		return error;
	}

	assert.fail('expected the project to be refused');
}

/** The built CLI, killed if it has not ended within `limitMs` (a hang is a failure, not a stuck suite). */
async function runBounded(args: string[], env: NodeJS.ProcessEnv, limitMs = 30_000) {
	const child = spawn(process.execPath, [cliPath, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
	const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
	clearTimeout(timer);
	return {code, stdout, stderr};
}

describe('-r / -c includes stay inside the project', () => {
	test('an include that climbs out of the project is refused, named, and its content never read', () => {
		const directory = project({
			'requirements.txt': 'requests==2.32.4\n-r ../../../../../../proc/self/environ\n',
		});
		const error = loadError({directory});
		assert.equal(error.file, 'requirements.txt');
		assert.equal(error.line, 2);
		assert.equal(
			error.message,
			'-r ../../../../../../proc/self/environ: outside the project (not read; --allow-outside-includes reads it)',
		);
	});

	test('absolute includes, -c constraints and symlinks pointing out are refused the same way', () => {
		const absolute = project({'requirements.txt': '-c /etc/passwd\nrequests==2.32.4\n'});
		assert.match(loadError({directory: absolute}).message, /^-c \/etc\/passwd: outside the project/);
		const outside = project({'secret.txt': 'PASSWORD=hunter2\n'});
		const linked = project({'requirements.txt': '-r base.txt\n'});
		symlinkSync(path.join(outside, 'secret.txt'), path.join(linked, 'base.txt'));
		assert.match(loadError({directory: linked}).message, /^-r base.txt: outside the project/);
	});

	test('--allow-outside-includes reads them; includes inside the project are read without it', () => {
		const shared = project({'shared.txt': 'idna==3.10\n'});
		const directory = project({
			'requirements.txt': `-r ${path.relative(path.join(folder.path, `project-${count}`), path.join(shared, 'shared.txt'))}\n-r sub/dev.txt\n`,
			'sub/dev.txt': 'requests==2.32.4\n',
		});
		const graph = loadProject({directory, allowOutsideIncludes: true});
		assert.deepEqual([...graph.packages.keys()].sort(), ['pypi:idna@3.10', 'pypi:requests@2.32.4']);
		assert.match(loadError({directory}).message, /outside the project/);
	});

	test('an include that is a directory or a FIFO is refused at once', () => {
		const directory = project({'requirements.txt': '-r folder\n', 'folder/x.txt': ''});
		assert.equal(loadError({directory}).message, '-r folder: is a directory, not a file');
		const fifo = project({'requirements.txt': '-r pipe.txt\n'});
		spawnSync('mkfifo', [path.join(fifo, 'pipe.txt')]);
		// A FIFO with no writer would block a read forever: it must never be opened.
		assert.equal(loadError({directory: fifo}).message, '-r pipe.txt: is a named pipe, not a regular file');
	});

	test('a chain of 2,000 includes ends in a named error', () => {
		const files: Record<string, string> = {'requirements.txt': '-r chain/0.txt\n'};
		for (let index = 0; index < 2000; index++) files[`chain/${index}.txt`] = `-r ${index + 1}.txt\n`;
		files['chain/2000.txt'] = 'requests==2.32.4\n';
		const error = loadError({directory: project(files)});
		assert.match(error.message, /includes nested more than 32 deep$/);
		assert.match(error.file, /^chain\/\d+\.txt$/);
	});
});

describe('files that are not lockfiles', () => {
	test('/dev/zero or a FIFO given as the lockfile is refused, never read (through the CLI, bounded)', async () => {
		const env = isolatedEnv();
		const zero = await runBounded(['--file', '/dev/zero', '--json', '--offline'], env);
		assert.equal(zero.code, 2);
		assert.equal(zero.stderr, 'commit-tui: /dev/zero: is a device, not a regular file\n');
		const directory = project({});
		spawnSync('mkfifo', [path.join(directory, 'package-lock.json')]);
		const fifo = await runBounded([directory, '--json', '--offline'], env);
		assert.equal(fifo.code, 2);
		assert.equal(fifo.stderr, 'commit-tui: package-lock.json: is a named pipe, not a regular file\n');
	});

	test('a folder that cannot be listed is a named error', {
		skip: process.getuid?.() === 0 ? 'root can list any folder' : false,
	}, () => {
		const directory = project({'package-lock.json': '{}'});
		chmodSync(directory, 0o000);
		assert.match(loadError({directory}).message, /permission denied/);
	});
});

describe('nesting and expansion', () => {
	const depth = 100_000;
	const cases: Array<[string, string]> = [
		[
			'bun.lock',
			`{"lockfileVersion": 1, "workspaces": {"": {"name": "x"}}, "x": ${'['.repeat(depth)}${']'.repeat(depth)}}`,
		],
		['pnpm-lock.yaml', `lockfileVersion: '9.0'\nx: ${'['.repeat(depth)}${']'.repeat(depth)}\n`],
		['poetry.lock', `x = ${'['.repeat(depth)}${']'.repeat(depth)}\n`],
		[
			'package-lock.json',
			`{"lockfileVersion": 3, "packages": {"": {"x": ${'['.repeat(depth)}${']'.repeat(depth)}}}}`,
		],
	];
	for (const [file, text] of cases) {
		test(`${file} nested ${depth.toLocaleString('en-US')} levels deep: read, or a named error — never "unexpected"`, () => {
			const directory = project({[file]: text});
			try {
				readLockfile(path.join(directory, file), file, {projectRoot: directory});
			} catch (error) {
				assert.ok(error instanceof LockfileError, String(error));
				assert.doesNotMatch(error.message, /unexpected/);
				assert.equal(error.file, file);
			}
		});
	}

	test('an npm v1 lockfile nested 5,000 levels is refused by name (its install paths would be quadratic)', () => {
		let dependencies = '{}';
		for (let level = 0; level < 5000; level++)
			dependencies = `{"a": {"version": "1.0.0", "dependencies": ${dependencies}}}`;
		const directory = project({
			'package-lock.json': `{"lockfileVersion": 1, "dependencies": ${dependencies}}`,
		});
		const error = loadError({directory});
		assert.match(error.message, /dependencies nested more than 1000 levels deep$/);
	});

	test('a YAML alias bomb stops with a named error', () => {
		const lines = ["lockfileVersion: '9.0'", 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
		for (let level = 1; level < 12; level++) {
			const previous = `*a${level - 1}`;
			lines.push(`a${level}: &a${level} [${Array(10).fill(previous).join(', ')}]`);
		}

		const error = loadError({directory: project({'pnpm-lock.yaml': `${lines.join('\n')}\n`})});
		assert.match(error.message, /^YAML aliases expand too far/);
		assert.equal(error.file, 'pnpm-lock.yaml');
	});
});

describe('duplicate keys', () => {
	test('a JSON lockfile with a key twice: read as npm reads it (the last), with a warning naming the key and line', () => {
		const text = [
			'{',
			'  "name": "app",',
			'  "lockfileVersion": 3,',
			'  "packages": {',
			'    "": {"name": "app", "dependencies": {"a": "^1"}},',
			'    "node_modules/a": {"version": "1.0.0"},',
			'    "node_modules/a": {"version": "6.6.6"}',
			'  }',
			'}',
		].join('\n');
		const graph = loadProject({directory: project({'package-lock.json': text})});
		assert.deepEqual([...graph.packages.keys()], ['npm:a@6.6.6']);
		assert.deepEqual(graph.warnings, [
			'package-lock.json:7: duplicate key "node_modules/a"; the last one is used, as npm does',
		]);
	});

	test('YAML and TOML duplicates are refused, naming the key', () => {
		const yaml = "lockfileVersion: '9.0'\nimporters:\n  .: {}\n  .: {}\n";
		assert.match(loadError({directory: project({'pnpm-lock.yaml': yaml})}).message, /duplicate key "\."/);
		const toml = '[[package]]\nname = "a"\nname = "b"\nversion = "1.0"\n';
		const tomlError = loadError({directory: project({'poetry.lock': toml})});
		assert.equal(tomlError.message, 'invalid TOML: duplicate key "name"');
		assert.equal(tomlError.line, 3);
	});

	test('a YAML key twice at any depth (a snapshot dependency, an importer field) is refused at its line', () => {
		const snapshot = [
			"lockfileVersion: '9.0'",
			'importers:',
			'  .:',
			'    dependencies:',
			'      a: {specifier: ^1, version: 1.0.0}',
			'packages:',
			'  a@1.0.0: {resolution: {integrity: sha512-x}}',
			'  b@1.0.0: {resolution: {integrity: sha512-y}}',
			'  evil@6.6.6: {resolution: {integrity: sha512-z}}',
			'snapshots:',
			'  a@1.0.0:',
			'    dependencies:',
			'      b: 1.0.0',
			'      evil: 6.6.6',
			'      evil: 6.6.6',
			'  b@1.0.0: {}',
			'  evil@6.6.6: {}',
			'',
		].join('\n');
		const error = loadError({directory: project({'pnpm-lock.yaml': snapshot})});
		assert.equal(error.message, 'malformed YAML: duplicate key "evil"');
		assert.equal(error.line, 15);
		const importer =
			"lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      a:\n        specifier: ^1\n        version: 1.0.0\n        version: 6.6.6\n";
		const importerError = loadError({directory: project({'pnpm-lock.yaml': importer})});
		assert.equal(importerError.message, 'malformed YAML: duplicate key "version"');
		assert.equal(importerError.line, 8);
	});
});

describe('text encodings', () => {
	const utf16 = (text: string, order: 'le' | 'be'): Buffer => {
		const little = Buffer.from(`\uFEFF${text}`, 'utf16le');
		if (order === 'le') return little;
		const big = Buffer.alloc(little.length);
		for (let index = 0; index < little.length; index += 2) {
			big[index] = little[index + 1]!;
			big[index + 1] = little[index]!;
		}

		return big;
	};
	const lock = JSON.stringify({
		name: 'app',
		lockfileVersion: 3,
		packages: {'': {dependencies: {ms: '^2'}}, 'node_modules/ms': {version: '2.1.3'}},
	});

	test('UTF-16 with a byte order mark, either order, reads as its UTF-8 twin (PowerShell writes pip freeze so)', () => {
		for (const order of ['le', 'be'] as const) {
			const requirements = loadProject({
				directory: project({
					'requirements.txt': utf16('requests==2.31.0\r\nsix==1.16.0 ; python_version > "3"\r\n', order),
				}),
			});
			assert.deepEqual(
				[...requirements.packages.keys()].sort(),
				['pypi:requests@2.31.0', 'pypi:six@1.16.0'],
				order,
			);
			const npm = loadProject({directory: project({'package-lock.json': utf16(lock, order)})});
			assert.deepEqual([...npm.packages.keys()], ['npm:ms@2.1.3'], order);
		}
	});

	test('an -r include in UTF-16 is read too', () => {
		const graph = loadProject({
			directory: project({'requirements.txt': '-r base.txt\n', 'base.txt': utf16('idna==3.10\n', 'le')}),
		});
		assert.deepEqual([...graph.packages.keys()], ['pypi:idna@3.10']);
	});

	test('UTF-32, and UTF-16 without a mark, are one-line errors saying so (not garbage, not "no packages")', () => {
		const utf32 = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('r\0\0\0e\0\0\0', 'latin1')]);
		assert.equal(
			loadError({directory: project({'requirements.txt': utf32})}).message,
			'is UTF-32 text; save it as UTF-8',
		);
		const unmarked = Buffer.from(lock, 'utf16le');
		assert.equal(
			loadError({directory: project({'package-lock.json': unmarked})}).message,
			'looks like UTF-16 text without a byte order mark; save it as UTF-8',
		);
	});

	test('a UTF-8 mark is dropped; bun.lockb (zeros, not in step) is still named as bun.lockb', () => {
		const graph = loadProject({directory: project({'package-lock.json': `\uFEFF${lock}`})});
		assert.deepEqual([...graph.packages.keys()], ['npm:ms@2.1.3']);
		const binary = Buffer.from('#!/usr/bin/env bun\nbun-lockfile-format-v0\n\0\0\0\x02\0\0\0\x10', 'latin1');
		assert.match(loadError({directory: project({'bun.lockb': binary})}).message, /--save-text-lockfile/);
	});
});

describe('nothing usable', () => {
	test('"no packages" carries the warnings that say why (every entry skipped, every line unreadable)', () => {
		const skipped = JSON.stringify({
			name: 'app',
			lockfileVersion: 3,
			packages: {'': {dependencies: {a: '^1'}}, 'node_modules/a': null},
		});
		assert.throws(
			() => loadProject({directory: project({'package-lock.json': skipped})}),
			(error: unknown) =>
				error instanceof NoLockfileError &&
				error.message === 'no packages in package-lock.json' &&
				error.warnings.includes('packages["node_modules/a"] is not an object; skipped'),
		);
	});

	test('random bytes are "binary data", one line, not a hundred unreadable requirements', () => {
		const bytes = Buffer.from(Array.from({length: 4096}, (_, index) => (index * 7919 + 13) % 251));
		assert.equal(
			loadError({directory: project({'requirements.txt': bytes})}).message,
			'is binary data, not a text lockfile',
		);
	});

	test('a folder named like a lockfile is refused by name, not skipped into "no supported lockfile"', () => {
		const directory = project({});
		mkdirSync(path.join(directory, 'package-lock.json'));
		const error = loadError({directory});
		assert.equal(error.describe(), 'package-lock.json: is a directory, not a lockfile');
	});
});
