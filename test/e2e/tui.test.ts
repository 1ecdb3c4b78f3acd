import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {
	chmodSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {loadProject} from '../../source/lockfiles/index.js';
import {repoRoot} from '../helpers/paths.js';
import {defaultDataset} from '../helpers/registry-data.js';
import {type RegistryServer, startRegistryServer} from '../helpers/registry-server.js';
import {releaseDataset, releaseLockfile} from '../helpers/release-data.js';
import {datasetForGraph} from '../helpers/synthetic-dataset.js';
import {deadlineIn} from '../helpers/terminal.js';

/**
 * End to end: the BUILT CLI in a real terminal (tmux, CI=false) against the local registry server. The tree
 * appears, scores arrive, Enter shows publishers and a sparkline, `e` writes a report, `q` exits 0 and the
 * shell's screen is back; on the 2,350-entry bench lockfile at 80×24 and 200×50 the new keys and views work and
 * nothing is cut or overlapping. Every wait polls capture-pane; nothing sleeps blindly. The sessions run on a
 * tmux server of their own (`-L`), so its options (set-clipboard) never touch anyone else's.
 */

const socket = `commit-tui-e2e-${process.pid}`;
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
	return execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
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
	const deadline = deadlineIn(timeoutMs);
	for (;;) {
		const text = screen();
		if (predicate(text)) return text;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}; screen:\n${text}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** Poll a condition that is not on the screen (a file, the tmux buffer); errors count as "not yet". */
async function waitFor(condition: () => boolean, label: string, timeoutMs = 10_000): Promise<void> {
	const deadline = deadlineIn(timeoutMs);
	for (;;) {
		try {
			if (condition()) return;
		} catch {}
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** A bash in a fresh tmux session (CI=false, temporary HOME/config/cache), in the project folder. */
async function startShell(
	name: string,
	size: {columns: number; rows: number} = {columns: 120, rows: 40},
): Promise<void> {
	assert.ok(existsSync(cli), `build first: ${cli} is missing (npm run build)`);
	target = name;
	const env = [
		// A fake xdg-open first: `o` must not start a real browser, and what it was given is checked.
		`PATH=${path.join(scratch, 'bin')}:${process.env.PATH}`,
		'TERM=xterm-256color',
		`HOME=${path.join(scratch, 'home')}`,
		'CI=false',
		`COMMIT_TUI_CONFIG_DIR=${path.join(scratch, 'config')}`,
		`COMMIT_TUI_CACHE_DIR=${path.join(scratch, 'cache')}`,
		'PS1=e2e$ ',
		// No history file: a bash hung up at the end would write one into HOME while the folder is removed.
		'HISTFILE=',
	];
	tmux(
		'new-session',
		'-d',
		'-s',
		name,
		'-x',
		String(size.columns),
		'-y',
		String(size.rows),
		'-c',
		project,
		'env',
		'-i',
		...env,
		'bash',
		'--norc',
		'--noprofile',
	);
	await waitForScreen((text) => text.includes('e2e$'), 'the shell prompt', 5000);
}

/** The built CLI pointed at a local registry server (the small one by default). */
function cliCommand(registry: RegistryServer = server, ...rest: string[]): string {
	return [
		'node',
		cli,
		'--registry',
		registry.npmRegistryUrl,
		'--downloads-url',
		registry.downloadsUrl,
		'--pypi-url',
		registry.pypiUrl,
		'--pypistats-url',
		registry.pypistatsUrl,
		'--osv-url',
		registry.osvUrl,
		'--cache-dir',
		path.join(scratch, `cache-${registry === server ? 'small' : 'large'}`),
		...rest,
	].join(' ');
}

/** The 2,350-entry bench lockfile, and a server with plausible data for every package of it. */
const largeProject = path.join(repoRoot, 'bench', 'fixtures', 'large');
let largeServer: RegistryServer;

before(async () => {
	if (!hasTmux) return;
	// The release fixtures are dated from the real clock: the CLI cannot be given another one.
	const base = defaultDataset();
	const release = releaseDataset(Date.now());
	server = await startRegistryServer({
		dataset: {...base, npm: [...base.npm, ...release.npm], osv: release.osv},
	});
	largeServer = await startRegistryServer({
		dataset: datasetForGraph(loadProject({directory: largeProject})),
		cratesDownloadsEndToday: true,
	});
	scratch = mkdtempSync(path.join(tmpdir(), 'commit-tui-e2e-'));
	project = path.join(scratch, 'web-app');
	for (const folder of ['web-app', 'release-app', 'home', 'config', 'cache', 'bin'])
		mkdirSync(path.join(scratch, folder), {recursive: true});
	writeFileSync(path.join(project, 'package.json'), JSON.stringify(packageJson, null, 2));
	writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify(lockfile, null, 2));
	writeFileSync(
		path.join(scratch, 'release-app', 'package-lock.json'),
		JSON.stringify(releaseLockfile(), null, 2),
	);
	const opener = path.join(scratch, 'bin', 'xdg-open');
	writeFileSync(opener, `#!/bin/sh\necho "$1" >> ${path.join(scratch, 'opened.txt')}\n`);
	chmodSync(opener, 0o755);
});

after(async () => {
	if (!hasTmux) return;
	spawnSync('tmux', ['-L', socket, 'kill-server']);
	await server.close();
	await largeServer.close();
	// What tmux's end hung up (the shells, a CLI) may still be writing into it for a moment, on a loaded machine.
	rmSync(scratch, {recursive: true, force: true, maxRetries: 20, retryDelay: 250});
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
	assert.match(text, /RISK\s+FLAGS\s+SCORE\s+PUBS\s+WEEKLY\s+TREND\s+LAST/);

	// Scores stream in: axios has one publisher and ~100M downloads a week.
	text = await waitForScreen((s) => /axios@1\.7\.9\s+CRITICAL/.test(s) && /scored 6\/6/.test(s), 'scores');
	assert.match(text, /axios@1\.7\.9\s+CRITICAL[^\n]*\s1\s+\d+(\.\d)?M\s+[▁▂▃▄▅▆▇█]{8}/);

	// Enter on axios: publishers and the download sparkline.
	send('j', 'j');
	await waitForScreen((s) => /^›\s+▸ axios/m.test(s), 'the cursor on axios');
	send('Enter');
	text = await waitForScreen((s) => s.includes('This release'), 'the detail pane');
	assert.match(text, /This release · NONE/);
	assert.match(text, /1 account: jasonsaayman/);
	assert.match(text, /52 weeks\s+[▁▂▃▄▅▆▇█]{40,}/);
	// Further down: why it is in the tree.
	send('PageDown');
	await waitForScreen((s) => s.includes('Why is this here'), 'the rest of the detail pane');
	send('Escape');
	await waitForScreen((s) => s.includes('PACKAGE'), 'back to the tree');

	// e → Markdown → the selected subtree: a file in ~/commit-tui-reports (the default export folder: not the
	// repository).
	send('e');
	await waitForScreen((s) => s.includes('1/2 format'), 'the export dialog');
	send('Enter');
	await waitForScreen((s) => s.includes('2/2 scope'), 'the scope step');
	send('Enter');
	text = await waitForScreen((s) => s.includes('Wrote'), 'the export');
	const reports = path.join(scratch, 'home', 'commit-tui-reports');
	const written = readdirSync(reports).filter((name) =>
		/^commit-tui-web-app-axios-1\.7\.9-\d{8}-\d{6}\.md$/.test(name),
	);
	assert.equal(written.length, 1, `files: ${readdirSync(reports).join(', ')}`);
	assert.match(readFileSync(path.join(reports, written[0]!), 'utf8'), /axios/);
	assert.deepEqual(
		readdirSync(project).sort(),
		['package-lock.json', 'package.json'],
		'nothing in the repository',
	);
	send('Escape');
	text = await waitForScreen(
		(s) => s.includes('PACKAGE') && !s.includes('Export report'),
		'the dialog closed',
	);
	assert.match(
		text,
		/Wrote ~\/commit-tui-reports\/commit-tui-web-app-axios/,
		'the path stays in the status line',
	);

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

test('on a terminal, an empty CI= still gets the live UI; CI=true gets the headless summary, not a UI waiting for keys', {
	skip: hasTmux ? false : 'tmux is not installed (apt-get install tmux)',
}, async () => {
	await startShell(`${session}-ci`);
	send('clear', 'Enter');
	send(`CI= ${cliCommand()}; echo "EXIT:$?"`, 'Enter');
	await waitForScreen(
		(s) => /▸ axios@1\.7\.9/.test(s) && /scored 6\/6/.test(s),
		'the live tree with CI empty',
	);
	send('q');
	await waitForScreen((s) => /EXIT:0/.test(s), 'the exit');
	send('clear', 'Enter');
	send(`CI=true ${cliCommand()} --fail-on none; echo "EXIT:$?"`, 'Enter');
	const text = await waitForScreen((s) => /EXIT:\d/.test(s), 'the headless run with CI=true');
	assert.match(text, /EXIT:0/);
	assert.match(text, /axios/);
	assert.doesNotMatch(text, /PACKAGE\s+RISK/);
});

test('a cache folder that cannot be written is said on stderr after the UI, as a headless run says it', {
	skip: hasTmux ? false : 'tmux is not installed (apt-get install tmux)',
}, async () => {
	await startShell(`${session}-cache`);
	const blocker = path.join(scratch, 'not-a-folder');
	writeFileSync(blocker, 'a file where the cache folder would go\n');
	send('clear', 'Enter');
	const command = cliCommand().replace(/--cache-dir \S+/, `--cache-dir ${path.join(blocker, 'cache')}`);
	send(`${command}; echo "EXIT:$?"`, 'Enter');
	await waitForScreen((s) => /scored 6\/6/.test(s), 'the scored tree');
	send('q');
	const text = await waitForScreen((s) => /EXIT:\d/.test(s), 'the exit');
	assert.match(text, /commit-tui: warning: cannot write the cache/);
});

test('closing the terminal ends the UI as a hangup (129), with no native crash from the dead terminal', {
	skip: hasTmux ? false : 'tmux is not installed (apt-get install tmux)',
}, async () => {
	await startShell(`${session}-hangup`);
	const errors = path.join(scratch, 'hangup-stderr.txt');
	const code = path.join(scratch, 'hangup-code.txt');
	// The shell ignores the hangup so it outlives the terminal and records how the CLI ended (the CLI's own
	// SIGHUP handler replaces the ignored disposition it inherits).
	send(`trap '' HUP; ${cliCommand()} 2>${errors}; echo $? > ${code}`, 'Enter');
	await waitForScreen((s) => /▸ axios@1\.7\.9/.test(s), 'the tree');
	tmux('kill-session', '-t', target);
	const deadline = deadlineIn(20_000);
	while (!existsSync(code) || readFileSync(code, 'utf8').trim() === '') {
		assert.ok(Date.now() < deadline, 'the CLI never ended after its terminal closed');
		await new Promise((resolve) => setTimeout(resolve, 50));
	}

	assert.equal(readFileSync(code, 'utf8').trim(), '129');
	assert.doesNotMatch(readFileSync(errors, 'utf8'), /Assertion failed|Native stack trace|ResetStdio/);
});

test('release evidence in tmux: HIGH rows with their AGE, "This release" in the detail, the suspicious filter', {
	skip: hasTmux ? false : 'tmux is not installed (apt-get install tmux)',
}, async () => {
	await startShell(`${session}-release`);
	send(`${cliCommand(server, path.join(scratch, 'release-app'))}; echo "EXIT:$?"`, 'Enter');
	// RISK is the package's own level (here the release side's HIGH), with the CRITICAL beneath it apart.
	let text = await waitForScreen(
		(s) =>
			/hijacked@1\.14\.1\s+HIGH\s+▲1/.test(s) &&
			/held-package@1\.2\.3\s+CRITICAL/.test(s) &&
			/burst-c@3\.0\.1[^\n]*\s3M\s*$/m.test(s),
		'the release levels and the advisories',
	);
	assert.match(text, /RISK\s+FLAGS\s+SCORE\s+PUBS\s+WEEKLY\s+TREND\s+LAST\s+AGE\s+ADV/);
	// hijacked's new dependency is a known-malicious release: CRITICAL beneath it.
	assert.match(text, /hijacked@1\.14\.1\s+HIGH\s+▲1[^\n]*\s[0-2]h\s*$/m, 'a two-hour-old version, in hours');
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

	// f through the levels to "suspicious releases only": the old 1.14.0 (nested under legacy-user) leaves the tree.
	for (const step of ['moderate and worse', 'high and worse', 'critical \\(', 'suspicious releases only']) {
		send('f');
		await waitForScreen((s) => new RegExp(step).test(s), `the filter: ${step}`);
	}

	text = await waitForScreen(
		(s) => /suspicious releases only \(\d+ packages?\)/.test(s),
		'the suspicious filter',
	);
	assert.doesNotMatch(text, /legacy-user/);
	assert.match(text, /hijacked@1\.14\.1/);
	send('q');
	text = await waitForScreen((s) => /EXIT:\d/.test(s), 'the exit');
	assert.match(text, /EXIT:0/);
});

/** The lines of a screen (tmux pads nothing: a line is as long as what was drawn). */
const lines = (text: string) => text.replace(/\n$/, '').split('\n');

/**
 * A screen at `columns` × `rows` with nothing cut, overlapping or out of place: no line wider than the terminal,
 * the header on line 1, the column titles on line 2, the separator and the prompt at the bottom, no line left
 * over from an earlier frame.
 */
function assertTidy(text: string, columns: number, rows: number, label: string): void {
	const all = lines(text);
	for (const line of all)
		assert.ok([...line].length <= columns, `${label}: a line wider than ${columns}: ${line}`);
	assert.match(all[0]!, / · npm · \d+(\/\d+)? packages {2,}/, `${label}: the header, counts whole`);
	assert.ok(all.length <= rows, `${label}: ${all.length} lines`);
}

const treeRow =
	/^[› ][• ] +(?:\d+›)?[▸▾↻ ] ?\S+@\S+.*\s(CRITICAL|HIGH|MODERATE|GOOD|HEALTHY|local|git|url|\?|…)(\s|$)/;

test('the 2,350-entry tree at 80×24: drop TREND and LAST, new keys and views, nothing cut or stale', {
	skip: hasTmux ? false : 'tmux is not installed (apt-get install tmux)',
}, async () => {
	await startShell(`${session}-80`, {columns: 80, rows: 24});
	tmux('set', '-s', 'set-clipboard', 'on');
	send(`${cliCommand(largeServer, largeProject)}; echo "EXIT:$?"`, 'Enter');
	let text = await waitForScreen((s) => /scored (\d+)\/\1 ✓/.test(s), 'the scan to finish', 60_000);
	assertTidy(text, 80, 24, 'tree');
	assert.match(
		lines(text)[1]!,
		/^ {2}PACKAGE\s+RISK\s+FLAGS\s+PUBS\s+AGE\s+ADV$/,
		'TREND and LAST dropped first, then SCORE and WEEKLY: the release columns stay',
	);
	assert.match(lines(text)[2]!, /^› ▾ large-bench-app\s+CRITICAL ▲\d+$/);
	for (const row of lines(text).slice(3, 19))
		assert.match(row, treeRow, 'every tree row is name, level, numbers');
	assert.match(lines(text)[19]!, /^─+ 1\/\d+ ──$/, 'the separator');
	assert.match(lines(text)[22]!, /^enter details · \/ search/);
	const rootBefore = Number(/large-bench-app\s+CRITICAL ▲(\d+)/.exec(text)![1]);

	// ] goes to the next package that is itself critical or high, and says which of how many.
	send(']');
	text = await waitForScreen((s) => /\d+\/\d+ critical or high/.test(s), 'the ] jump');
	assert.match(lines(text).find((line) => line.startsWith('›'))!, /\s(CRITICAL|HIGH)\s/);

	// d hides dev dependencies: the root's roll-up follows, the header says how many are shown.
	send('d');
	text = await waitForScreen((s) => s.includes('dev dependencies hidden'), 'dev hidden');
	const rootAfter = Number(/large-bench-app\s+CRITICAL ▲(\d+)/.exec(text)?.[1] ?? 'NaN');
	assert.ok(rootAfter < rootBefore, `roll-up ${rootBefore} → ${rootAfter}`);
	assert.match(lines(text)[0]!, /large\/package-lock\.json · npm · \d+\/\d+ packages {2}/);
	assertTidy(text, 80, 24, 'dev hidden');

	// v: a flat list sorted by own risk, then direct dependencies only, then the tree again.
	send('v');
	await waitForScreen((s) => s.includes('PACKAGES (flat, sorted by risk)'), 'the flat view');
	send('g', 'g');
	text = await waitForScreen((s) => /^›/.test(lines(s)[2] ?? ''), 'the top of the flat list');
	assert.match(lines(text)[2]!, /\sCRITICAL\s/, 'worst first');
	send('v');
	text = await waitForScreen((s) => s.includes('PACKAGE (direct only)'), 'direct dependencies only');
	send('v');
	await waitForScreen((s) => s.includes('tree view'), 'the tree again');

	// F filters to flagged packages (their ancestors stay, dimmed); Esc clears.
	send('F');
	text = await waitForScreen((s) => /filter: any flag \(\d+ packages\)/.test(s), 'the flag filter');
	assert.match(text, /⚑\d/);
	send('Escape');
	await waitForScreen((s) => s.includes('filters cleared'), 'filters cleared');

	// / is incremental: the cursor is on a match before Enter.
	send('/');
	await waitForScreen((s) => s.includes('(Enter keeps, Esc cancels)'), 'the search prompt');
	// `express@`: spdx-expression-parse matches "express" too.
	send('-l', 'express@');
	text = await waitForScreen((s) => /^›.*express@/m.test(s), 'the cursor on express while typing');
	send('Enter');
	await waitForScreen((s) => /\/express@ \d+\/\d+/.test(s), 'the search kept');

	// y copies name@version with OSC 52 (tmux takes it into its buffer); o opens the registry page.
	send('y');
	text = await waitForScreen((s) => /copied express@/.test(s), 'copied');
	const copied = /copied (express@\S+)/.exec(text)![1]!;
	await waitFor(() => tmux('show-buffer').trim() === copied, 'the tmux buffer');
	send('o');
	await waitForScreen((s) => s.includes('opened https://www.npmjs.com/package/express/v/'), 'opened');
	const opened = path.join(scratch, 'opened.txt');
	await waitFor(() => existsSync(opened), 'the opener ran');
	assert.match(readFileSync(opened, 'utf8'), /^https:\/\/www\.npmjs\.com\/package\/express\/v\/\d/);

	// The mouse: the wheel moves the cursor three rows (SGR mouse reporting is on).
	const cursorOn = (s: string) => /^›\s+\S+\s+(\S+@\S+)/m.exec(s)?.[1];
	const before = cursorOn(screen());
	tmux(
		'send-keys',
		'-t',
		target,
		'-H',
		...[...Buffer.from('\u001B[<65;10;5M')].map((byte) => byte.toString(16)),
	);
	await waitForScreen((s) => cursorOn(s) !== before, 'the wheel');

	// ? at 80 columns: every line fits (meanings wrap), nothing is cut with an ellipsis.
	send('?');
	text = await waitForScreen((s) => s.includes('commit-tui keys'), 'the help');
	assertTidy(text, 80, 24, 'help');
	for (const line of lines(text).slice(1, -1)) assert.doesNotMatch(line, /\S…$/, `cut: ${line}`);
	send('q');
	await waitForScreen((s) => s.includes('PACKAGE'), 'back to the tree');

	// p: the publishers view, sole publishers marked; / narrows it.
	send('p');
	text = await waitForScreen((s) => s.includes('ACCOUNT'), 'the publishers view');
	assert.match(text, /ACCOUNT\s+ECO\s+PKGS\s+SOLE\s+WEEKLY/);
	assert.match(text, /★ dev-\d+/);
	assertTidy(text, 80, 24, 'publishers');
	send('q', 'q');
	text = await waitForScreen((s) => /EXIT:\d/.test(s), 'the exit');
	assert.match(text, /EXIT:0/);
});

test('the 2,350-entry tree at 200×50: the width is used, with a side detail pane', {
	skip: hasTmux ? false : 'tmux is not installed (apt-get install tmux)',
}, async () => {
	await startShell(`${session}-200`, {columns: 200, rows: 50});
	send(`${cliCommand(largeServer, largeProject)}; echo "EXIT:$?"`, 'Enter');
	let text = await waitForScreen((s) => /scored (\d+)\/\1 ✓/.test(s), 'the scan to finish', 60_000);
	assertTidy(text, 200, 50, 'wide');
	assert.match(
		lines(text)[1]!,
		/RISK\s+FLAGS\s+SCORE\s+PUBS\s+WEEKLY\s+TREND\s+LAST\s+AGE\s+ADV │ large-bench-app · whole-tree summary/,
	);
	send('j', 'j');
	text = await waitForScreen(
		(s) => / │ \S+@\S+ · [A-Z]+ · score \d+\/100/.test(s),
		'the side pane follows the cursor',
	);
	assert.ok(
		lines(text).some((line) => [...line].length > 150),
		'data beyond column 150',
	);
	assert.match(text, / │ Publishers/);
	send('q');
	text = await waitForScreen((s) => /EXIT:\d/.test(s), 'the exit');
	assert.match(text, /EXIT:0/);
});
