import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {type RegistryServer, startRegistryServer} from '../helpers/registry-server.js';
import {cliCommandFor, hasTmux, startTmuxShell, type TmuxShell} from '../helpers/tmux.js';

/** End to end in tmux: trees commit-tui resolves itself fill in while they are on screen. */

let server: RegistryServer;
let scratch: string;
let project: string;
let shell: TmuxShell | null = null;
const skip = hasTmux ? false : 'tmux is not installed (apt-get install tmux)';

before(async () => {
	if (!hasTmux) return;
	server = await startRegistryServer({cratesDownloadsEndToday: true});
	scratch = mkdtempSync(path.join(tmpdir(), 'commit-tui-e2e-resolve-'));
	project = path.join(scratch, 'py-app');
	for (const folder of ['py-app', 'home', 'config', 'cache'])
		mkdirSync(path.join(scratch, folder), {recursive: true});
	writeFileSync(
		path.join(project, 'requirements.txt'),
		'certifi==2025.4.26\ncharset-normalizer==3.4.1\nidna==3.10\nrequests==2.32.3\nurllib3==2.4.0\n',
	);
});

after(async () => {
	if (!hasTmux) return;
	shell?.kill();
	await server.close();
	rmSync(scratch, {recursive: true, force: true});
});

test('a pip freeze in a real terminal: requests › certifi once the metadata is read; --package: resolved', {
	skip,
}, async () => {
	shell = await startTmuxShell(`commit-tui-e2e-resolve-${process.pid}`, {folder: project, scratch});
	const cache = path.join(scratch, 'cache');
	shell.send(`${cliCommandFor(server, cache)}; echo "EXIT:$?"`, 'Enter');
	let text = await shell.waitForScreen(
		(s) => /scored 5\/5/.test(s) && /▸ requests@2\.32\.3/.test(s),
		'the grown tree',
	);
	assert.match(text, /commit-tui · py-app\/requirements\.txt · pypi · 5 packages/);
	shell.send('j', 'l');
	text = await shell.waitForScreen((s) => /▾ requests@2\.32\.3/.test(s), 'requests expanded');
	const lines = text.split('\n');
	const requests = lines.findIndex((line) => line.includes('requests@2.32.3'));
	assert.match(lines.slice(requests + 1, requests + 5).join('\n'), /certifi@2025\.4\.26\s+CRITICAL/);
	shell.send('q');
	text = await shell.waitForScreen((s) => /EXIT:\d/.test(s), 'the exit');
	assert.match(text, /EXIT:0/);

	shell.send('clear', 'Enter');
	shell.send(`${cliCommandFor(server, cache, ['--package', 'npm:express@^4'])}; echo "EXIT:$?"`, 'Enter');
	text = await shell.waitForScreen(
		(s) => /express@~4\.21\.2/.test(s) && /scored 5\/5/.test(s),
		'the resolved package',
	);
	assert.match(text, /commit-tui · npm:express@\^4 · resolved, no lockfile · npm · 5 packages/);
	shell.send('q');
	text = await shell.waitForScreen((s) => /EXIT:\d/.test(s), 'the second exit');
	assert.match(text, /EXIT:0/);
});
