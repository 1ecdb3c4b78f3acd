import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {closeSync, existsSync, mkdirSync, openSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {repoRoot} from '../helpers/paths.js';
import {temporaryDirectory} from '../helpers/registry-scan.js';
import {cliPath, isolatedEnv, runCli} from '../helpers/run-cli.js';

/**
 * Every output path survives its reader and its disk: a pipe closed after the first line (`| head -1`) ends
 * the run quietly, a full disk is one line; and no terminal escape from a lockfile or a registry reaches
 * stderr raw.
 */

const folder = temporaryDirectory();
after(() => folder.remove());

/** A lockfile large enough that its report does not fit in a pipe's buffer. */
const large = path.join(repoRoot, 'bench', 'fixtures', 'large');

/**
 * Runs the CLI and closes its stdout: after the first chunk, as `| head -c 1` would, or at once (a reader that
 * has gone before a short report is written, as `| head -0` would).
 */
async function runClosingStdout(
	args: string[],
	when: 'after the first chunk' | 'at once',
): Promise<{code: number | null; stderr: string; read: number}> {
	const child = spawn(process.execPath, [cliPath, ...args], {
		env: isolatedEnv(),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stderr = '';
	let read = 0;
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	if (when === 'at once') child.stdout.destroy();
	else
		child.stdout.once('data', (chunk: Buffer) => {
			read = chunk.length;
			child.stdout.destroy();
		});
	const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
	return {code, stderr, read};
}

describe('closed pipes and full disks', () => {
	for (const format of ['json', 'html', 'md']) {
		test(`--format ${format} into a pipe closed after the first chunk: exit 0, nothing on stderr`, async () => {
			const result = await runClosingStdout(
				[large, '--format', format, '--offline'],
				'after the first chunk',
			);
			assert.ok(result.read > 0);
			assert.equal(result.stderr, '');
			assert.equal(result.code, 0);
		});
	}

	for (const format of ['json', 'html', 'sarif', 'md', undefined]) {
		const what = format ? `--format ${format}` : 'the plain summary';
		test(`${what} into a pipe already closed: exit 0, nothing on stderr`, async () => {
			const result = await runClosingStdout(
				[large, ...(format ? ['--format', format] : []), '--offline'],
				'at once',
			);
			assert.equal(result.stderr, '');
			assert.equal(result.code, 0);
		});
	}

	test('stdout on a full disk (/dev/full): one line and exit 2', {
		skip: existsSync('/dev/full') ? false : 'no /dev/full',
	}, async () => {
		const full = openSync('/dev/full', 'w');
		try {
			const child = spawn(process.execPath, [cliPath, large, '--json', '--offline'], {
				env: isolatedEnv(),
				stdio: ['ignore', full, 'pipe'],
			});
			let stderr = '';
			child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
			const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
			assert.equal(
				stderr,
				'commit-tui: cannot write the report to stdout: no space left on device (ENOSPC)\n',
			);
			assert.equal(code, 2);
		} finally {
			closeSync(full);
		}
	});
});

describe('terminal escapes from a lockfile never reach stderr raw', () => {
	const osc52 = '\u001b]52;c;SGVsbG8=\u0007\u001b[2J';

	test('a package name with an OSC 52 clipboard write and a screen clear, in a headless warning', async () => {
		const directory = path.join(folder.path, 'escapes');
		mkdirSync(directory, {recursive: true});
		writeFileSync(
			path.join(directory, 'package-lock.json'),
			JSON.stringify({
				name: 'app',
				lockfileVersion: 3,
				packages: {
					'': {name: 'app', dependencies: {[`evil${osc52}`]: '^1', ms: '^2'}},
					'node_modules/ms': {version: '2.1.3'},
				},
			}),
		);
		const result = await runCli([directory, '--json', '--offline']);
		assert.equal(result.code, 0, result.stderr);
		assert.doesNotMatch(result.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
		assert.match(
			result.stderr,
			/commit-tui: warning: the project depends on evil��, which is not in the lockfile/,
		);
		// In the JSON report the name is escaped by JSON itself, never raw either.
		assert.doesNotMatch(result.stdout, /\u001b/);
	});

	test('in a one-line error, and in `config get` of a hand-edited settings file', async () => {
		const directory = path.join(folder.path, 'escape-error');
		mkdirSync(directory, {recursive: true});
		writeFileSync(path.join(directory, 'requirements.txt'), `-r ${osc52}missing.txt\n`);
		const error = await runCli([directory, '--json', '--offline']);
		assert.equal(error.code, 2);
		assert.doesNotMatch(error.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
		assert.match(
			error.stderr,
			/^commit-tui: requirements.txt:1: -r ��missing.txt: included file not found\n$/,
		);

		const env = isolatedEnv();
		mkdirSync(env.COMMIT_TUI_CONFIG_DIR!, {recursive: true});
		writeFileSync(
			path.join(env.COMMIT_TUI_CONFIG_DIR!, 'config.json'),
			JSON.stringify({exportDirectory: `out${osc52}`}),
		);
		const get = await runCli(['config', 'get', 'exportDirectory'], {env});
		assert.equal(get.code, 0, get.stderr);
		assert.equal(get.stdout, 'out��\n');
	});
});
