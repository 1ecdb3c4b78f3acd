import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {repoRoot} from '../helpers/paths.js';
import {defaultDataset} from '../helpers/registry-data.js';
import {type RegistryServer, startRegistryServer} from '../helpers/registry-server.js';
import {releaseDataset, releaseLockfile} from '../helpers/release-data.js';

/**
 * End to end: the BUILT CLI in a real terminal (tmux, 120×40, CI=false) against the local registry server.
 * The tree appears, scores arrive, Enter shows publishers and a sparkline, `e` writes a report, `q` exits 0
 * and the shell's screen is back. Every wait polls capture-pane; nothing sleeps blindly.
 */

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const cli = path.join(repoRoot, 'dist', 'bundle', 'bin.js');
const session = `commit-tui-e2e-${process.pid}`;

const packageJson = {name: 'web-app', version: '1.0.0', dependencies: {express: '^4.21.2', axios: '^1.7.9'}};
const entry = (name: string, version: string, dependencies?: Record<string, string>) => ({
	version,
	resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`,
	...(dependencies ? {dependencies} : {}),
});
const lockfile = {
	name: 'web-app',
	version: '1.0.0',
	lockfileVersion: 3,
	requires: true,
	packages: {
		'': {name: 'web-app', version: '1.0.0', dependencies: packageJson.dependencies},
		'node_modules/express': entry('express', '4.21.2', {debug: '4.3.7'}),
		'node_modules/axios': entry('axios', '1.7.9', {'follow-redirects': '^1.15.6', 'form-data': '^4.0.0'}),
		'node_modules/follow-redirects': entry('follow-redirects', '1.15.9', {debug: '^4.3.7'}),
		'node_modules/form-data': entry('form-data', '4.0.1'),
		'node_modules/debug': entry('debug', '4.3.7', {ms: '^2.1.3'}),
		'node_modules/ms': entry('ms', '2.1.3'),
	},
};

let server: RegistryServer;
let scratch: string;
let project: string;

function tmux(...args: string[]): string {
	return execFileSync('tmux', args, {encoding: 'utf8'});
}

/** The tmux session the helpers talk to. */
let target = session;
const screen = () => tmux('capture-pane', '-p', '-t', target);
const send = (...keys: string[]) => tmux('send-keys', '-t', target, ...keys);

async function waitForScreen(
	predicate: (text: string) => boolean,
	label: string,
	timeoutMs = 20_000,
): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const text = screen();
		if (predicate(text)) return text;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}; screen:\n${text}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** A bash in a fresh tmux session (120×40, CI=false, temporary HOME/config/cache), in the project folder. */
async function startShell(name: string, folder = project): Promise<void> {
	assert.ok(existsSync(cli), `build first: ${cli} is missing (npm run build)`);
	target = name;
	const env = [
		`PATH=${process.env.PATH}`,
		'TERM=xterm-256color',
		`HOME=${path.join(scratch, 'home')}`,
		'CI=false',
		`COMMIT_TUI_CONFIG_DIR=${path.join(scratch, 'config')}`,
		`COMMIT_TUI_CACHE_DIR=${path.join(scratch, 'cache')}`,
		'PS1=e2e$ ',
	];
	tmux(
		'new-session',
		'-d',
		'-s',
		name,
		'-x',
		'120',
		'-y',
		'40',
		'-c',
		folder,
		'env',
		'-i',
		...env,
		'bash',
		'--norc',
		'--noprofile',
	);
	await waitForScreen((text) => text.includes('e2e$'), 'the shell prompt', 5000);
}

/** The built CLI pointed at the local registry server. */
function cliCommand(): string {
	return [
		'node',
		cli,
		'--registry',
		server.npmRegistryUrl,
		'--downloads-url',
		server.downloadsUrl,
		'--pypi-url',
		server.pypiUrl,
		'--pypistats-url',
		server.pypistatsUrl,
		'--osv-url',
		server.osvUrl,
		'--cache-dir',
		path.join(scratch, 'cache'),
	].join(' ');
}

before(async () => {
	if (!hasTmux) return;
	// The release fixtures are dated from the real clock: the CLI cannot be given another one.
	const base = defaultDataset();
	const release = releaseDataset(Date.now());
	server = await startRegistryServer({
		dataset: {...base, npm: [...base.npm, ...release.npm], osv: release.osv},
	});
	scratch = mkdtempSync(path.join(tmpdir(), 'commit-tui-e2e-'));
	project = path.join(scratch, 'web-app');
	for (const folder of ['web-app', 'release-app', 'home', 'config', 'cache'])
		mkdirSync(path.join(scratch, folder), {recursive: true});
	writeFileSync(path.join(project, 'package.json'), JSON.stringify(packageJson, null, 2));
	writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify(lockfile, null, 2));
	writeFileSync(
		path.join(scratch, 'release-app', 'package-lock.json'),
		JSON.stringify(releaseLockfile(), null, 2),
	);
});

after(async () => {
	if (!hasTmux) return;
	spawnSync('tmux', ['kill-session', '-t', session]);
	spawnSync('tmux', ['kill-session', '-t', `${session}-signals`]);
	spawnSync('tmux', ['kill-session', '-t', `${session}-release`]);
	await server.close();
	rmSync(scratch, {recursive: true, force: true});
});

test('the built CLI in tmux: tree, streamed scores, detail, export, quit with the screen restored', {
	skip: hasTmux ? false : 'tmux is not installed (apt-get install tmux)',
}, async () => {
	await startShell(session);
	send(`${cliCommand()}; echo "EXIT:$?"`, 'Enter');

	// The tree, drawn from the lockfile.
	let text = await waitForScreen((s) => s.includes('commit-tui · web-app/package-lock.json'), 'the header');
	text = await waitForScreen(
		(s) => /▸ express@4\.21\.2/.test(s) && /▸ axios@1\.7\.9/.test(s),
		'the tree rows',
	);
	assert.match(text, /RISK\s+SCORE\s+PUBS\s+WEEKLY\s+TREND\s+LAST/);

	// Scores stream in: axios has one publisher and ~100M downloads a week.
	text = await waitForScreen((s) => /axios@1\.7\.9\s+CRITICAL/.test(s) && /scored 6\/6/.test(s), 'scores');
	assert.match(text, /axios@1\.7\.9\s+CRITICAL[^\n]*\s1\s+\d+(\.\d)?M\s+[▁▂▃▄▅▆▇█]{8}/);

	// Enter on axios: publishers and the download sparkline.
	send('j', 'j');
	await waitForScreen((s) => /^›\s+▸ axios/m.test(s), 'the cursor on axios');
	send('Enter');
	text = await waitForScreen((s) => s.includes('Why is this here'), 'the detail pane');
	assert.match(text, /1 account: jasonsaayman/);
	assert.match(text, /52 weeks\s+[▁▂▃▄▅▆▇█]{40,}/);
	send('Escape');
	await waitForScreen((s) => s.includes('PACKAGE'), 'back to the tree');

	// e → Markdown → the selected subtree: a file in the project folder (the default export folder).
	send('e');
	await waitForScreen((s) => s.includes('1/2 format'), 'the export dialog');
	send('Enter');
	await waitForScreen((s) => s.includes('2/2 scope'), 'the scope step');
	send('Enter');
	text = await waitForScreen((s) => s.includes('Wrote'), 'the export');
	const written = readdirSync(project).filter((name) =>
		/^commit-tui-web-app-axios-1\.7\.9-\d{8}-\d{6}\.md$/.test(name),
	);
	assert.equal(written.length, 1, `files: ${readdirSync(project).join(', ')}`);
	assert.match(readFileSync(path.join(project, written[0]!), 'utf8'), /axios/);
	send('Escape');
	text = await waitForScreen(
		(s) => s.includes('PACKAGE') && !s.includes('Export report'),
		'the dialog closed',
	);
	assert.match(text, /Wrote .*commit-tui-web-app-axios/, 'the path stays in the status line');

	// q: exit code 0, the alternate screen is left and the shell is back.
	send('q');
	text = await waitForScreen((s) => /EXIT:\d/.test(s), 'the exit');
	assert.match(text, /EXIT:0/);
	assert.doesNotMatch(text, /PACKAGE\s+RISK/, 'the UI is gone from the screen');
	assert.match(text, /e2e\$ node /, 'the shell screen is restored with the command line');
});

test('Ctrl+C and SIGTERM both leave the alternate screen', {
	skip: hasTmux ? false : 'tmux is not installed (apt-get install tmux)',
}, async () => {
	await startShell(`${session}-signals`);
	send('clear', 'Enter');
	send(`${cliCommand()}; echo "EXIT:$?"`, 'Enter');
	await waitForScreen((s) => /▸ axios@1\.7\.9/.test(s), 'the tree');
	send('?');
	await waitForScreen((s) => s.includes('commit-tui keys'), 'the help overlay');
	send('C-c');
	let text = await waitForScreen((s) => /EXIT:\d/.test(s), 'the exit after Ctrl+C');
	assert.match(text, /EXIT:0/);
	assert.doesNotMatch(text, /commit-tui keys|PACKAGE\s+RISK/);

	send('clear', 'Enter');
	send(`${cliCommand()}; echo "EXIT:$?"`, 'Enter');
	await waitForScreen((s) => /▸ axios@1\.7\.9/.test(s), 'the tree again');
	// The CLI is the shell's child: signal exactly that process.
	const shell = tmux('list-panes', '-t', target, '-F', '#{pane_pid}').trim();
	const pid = Number(
		execFileSync('ps', ['-o', 'pid=', '--ppid', shell], {encoding: 'utf8'}).trim().split(/\s+/)[0],
	);
	assert.ok(pid > 0, 'the CLI process');
	process.kill(pid, 'SIGTERM');
	text = await waitForScreen((s) => /EXIT:\d+/.test(s), 'the exit after SIGTERM');
	assert.match(text, /EXIT:143/);
	assert.doesNotMatch(text, /PACKAGE\s+RISK/);
});

test('release evidence in tmux: HIGH rows with their AGE, "This release" in the detail, the suspicious filter', {
	skip: hasTmux ? false : 'tmux is not installed (apt-get install tmux)',
}, async () => {
	await startShell(`${session}-release`, path.join(scratch, 'release-app'));
	send(`${cliCommand()}; echo "EXIT:$?"`, 'Enter');
	let text = await waitForScreen(
		(s) =>
			/hijacked@1\.14\.1\s+CRITICAL ▲1/.test(s) &&
			/held-package@1\.2\.3\s+CRITICAL/.test(s) &&
			/burst-c@3\.0\.1[^\n]*\s3M\s*$/m.test(s),
		'the release levels and the advisories',
	);
	assert.match(text, /RISK\s+SCORE\s+PUBS\s+WEEKLY\s+TREND\s+LAST\s+AGE\s+ADV/);
	// hijacked's new dependency is a known-malicious release: CRITICAL beneath it.
	assert.match(
		text,
		/hijacked@1\.14\.1\s+CRITICAL ▲1[^\n]*\s[0-2]h\s*$/m,
		'a two-hour-old version, in hours',
	);
	assert.match(text, /burst-b@2\.0\.1[^\n]*\s1H\s*$/m, 'one advisory, high');
	assert.match(text, /burst-b@2\.0\.1\s+HIGH/);
	assert.match(text, /provenance-drop@3\.1\.0\s+HIGH/);

	// The detail of the hijacked release: the evidence in words, with the versions compared.
	// The cursor starts on the root; hijacked is the first row beneath it.
	send('g', 'g', 'j');
	await waitForScreen((s) => /^›.*hijacked@1\.14\.1/m.test(s), 'the cursor on hijacked');
	send('Enter');
	text = await waitForScreen((s) => s.includes('This release'), 'the detail pane');
	assert.match(text, /This release · HIGH/);
	assert.match(text, /by jason \(an account, not trusted publishing\)/);
	assert.match(text, /install scripts: postinstall: node setup\.js/);
	assert.match(text, /compared with 1\.14\.0 \(\d{4}-\d\d-\d\d\): adds plain-crypto-js/);
	assert.match(text, /⚑ install-script-added: 1\.14\.1 adds a postinstall script/);
	assert.match(text, /⚑ provenance-dropped: 1\.14\.1 has neither provenance nor trusted publishing/);
	send('Escape');
	await waitForScreen((s) => s.includes('PACKAGE'), 'back to the tree');

	// a: to the next package with advisories — the malicious dependency, revealed under hijacked.
	send('a');
	text = await waitForScreen((s) => /^›.*plain-crypto-js@4\.2\.1/m.test(s), 'the jump to the advisory');
	assert.match(text, /plain-crypto-js@4\.2\.1\s+CRITICAL[^\n]*MAL\s*$/m);
	send('Enter');
	text = await waitForScreen((s) => s.includes('advisories (OSV)'), 'the advisories in the detail');
	assert.match(
		text,
		/⚠ MAL-2026-90001 \(GHSA-fw8c-xr5c-95f9\) MALICIOUS: Malicious code in plain-crypto-js \(npm\)/,
	);
	assert.match(text, /known-malicious: 4\.2\.1 is named by a malicious-package report: MAL-2026-90001/);
	send('Escape');
	await waitForScreen((s) => s.includes('PACKAGE'), 'back to the tree again');

	// f until "suspicious releases only": the old 1.14.0 (nested under legacy-user) leaves the tree.
	for (let step = 0; step < 6 && !/filter: suspicious releases/.test(screen()); step++) {
		send('f');
		await new Promise((resolve) => setTimeout(resolve, 80));
	}
	text = await waitForScreen((s) => /filter: suspicious releases/.test(s), 'the suspicious filter');
	assert.doesNotMatch(text, /legacy-user/);
	assert.match(text, /hijacked@1\.14\.1/);
	send('q');
	text = await waitForScreen((s) => /EXIT:\d/.test(s), 'the exit');
	assert.match(text, /EXIT:0/);
});
