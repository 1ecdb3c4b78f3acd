import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {fixturePath, repoRoot} from '../helpers/paths.js';
import {cliPath, isolatedEnv} from '../helpers/run-cli.js';

const tracer = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'helpers', 'module-trace.js');

/** Runs a CLI entry headless (piped, --json --offline) and returns the module URLs it resolved. */
function loadedModules(entry: string): string[] {
	const trace = path.join(mkdtempSync(path.join(tmpdir(), 'commit-tui-trace-')), 'modules.txt');
	const result = spawnSync(
		process.execPath,
		['--import', tracer, entry, '--json', '--offline', fixturePath('cli', 'web-app')],
		{env: isolatedEnv({COMMIT_TUI_MODULE_TRACE: trace}), encoding: 'utf8'},
	);
	assert.equal(result.status, 0, result.stderr);
	assert.match(result.stdout, /"schemaVersion": 1/);
	return readFileSync(trace, 'utf8').trim().split('\n');
}

test('a headless run never loads ink or react (compiled sources)', () => {
	const modules = loadedModules(path.join(repoRoot, 'dist', 'source', 'bin.js'));
	assert.ok(
		modules.some((url) => url.includes('/dist/source/cli/headless.js')),
		'the headless path ran',
	);
	const ui = modules.filter((url) =>
		/\/node_modules\/(ink|react|ink-[\w-]+)\/|\/dist\/source\/ui\//.test(url),
	);
	assert.deepEqual(ui, []);
});

test('a headless run never loads the UI chunk (the shipped bundle)', () => {
	const chunks = loadedModules(cliPath).filter((url) => url.startsWith('file:'));
	assert.ok(chunks.length > 1);
	for (const url of chunks) {
		const code = readFileSync(fileURLToPath(url), 'utf8');
		assert.doesNotMatch(code, /react-reconciler|node_modules\/ink\//, `${url} carries the UI`);
	}
});
