import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import type {Settings} from '../../source/config/settings.js';
import {helpSections, legendSections} from '../../source/ui/components/help.js';
import {cleanupApp, cursorLine, pushFacts, setupApp} from '../helpers/app-harness.js';
import {fixedNow, makeBigGraph, makeVersions} from '../helpers/ink-fixtures.js';
import {keys, pressUntil, typeKeys, waitFor, waitForFrame} from '../helpers/terminal.js';

afterEach(cleanupApp);
const setup = setupApp;

test('draws the tree from the lockfile at once: header, roots open one level, … until data arrives', async () => {
	const {lastFrame} = setup();
	const frame = await waitForFrame(lastFrame, (text) => text.includes('axios@1.7.9'));
	assert.match(frame, /commit-tui · web-app\/package-lock\.json · npm · 7 packages/);
	// 100 columns: TREND is the first to go (columns.ts `keep`).
	assert.match(frame, /RISK\s+FLAGS\s+SCORE\s+PUBS\s+WEEKLY\s+LAST\s+AGE\s+ADV/);
	assert.match(frame, /▾ web-app/);
	assert.match(frame, /▸ express@4\.21\.2\s+…/);
	assert.doesNotMatch(frame, /qs@6\.13\.0/, 'grandchildren stay collapsed');
	assert.match(frame, /starting…|scored 0/);
});

test('streams scores in batches, shows roll-ups and progress, and prioritises the rows on screen', async () => {
	const harness = setup({initialSize: {columns: 140, rows: 30}});
	const {lastFrame, scans} = harness;
	await waitFor(() => scans.length === 1, 1000, 'the scan to start');
	const scan = scans[0]!;
	await waitFor(() => scan.prioritized.length > 0, 2000, 'prioritize');
	assert.deepEqual(new Set(scan.prioritized.at(-1)), new Set(['npm:express@4.21.2', 'npm:axios@1.7.9']));
	// axios: one publisher and 99M a week → critical; follow-redirects beneath it.
	pushFacts(scan, 'axios@1.7.9', {
		publishers: ['jasonsaayman'],
		weekly: 99_200_000,
		versions: makeVersions(112, 34, 19),
	});
	pushFacts(scan, 'follow-redirects@1.15.9', {publishers: ['rubenverborgh'], weekly: 41_000_000});
	pushFacts(scan, 'express@4.21.2', {
		publishers: ['a', 'b', 'c', 'd'],
		weekly: 38_100_000,
		versions: makeVersions(60, 60, 60),
	});
	scan.push({
		type: 'progress',
		progress: {
			total: 7,
			done: 3,
			errors: 1,
			rateLimitedUntil: fixedNow.getTime() + 12_000,
			rateLimitedHost: 'api.npmjs.org',
			downHosts: [],
			pacedHosts: [],
		},
	});
	const frame = await waitForFrame(
		lastFrame,
		(text) => /axios@1\.7\.9\s+CRITICAL/.test(text),
		3000,
		'axios scored',
	);
	// Its own level, then (apart) one critical/high package beneath, partial while the rest streams in.
	assert.match(frame, /axios@1\.7\.9\s+CRITICAL ▲1…\s+⚑1\s+\d+\s+1\s+99\.2M\s+[▁▂▃▄▅▆▇█]{8}\s+1mo/);
	assert.match(frame, /scored 3\/7 · 1 error · rate-limited by api\.npmjs\.org, retrying in 12 s/);
	assert.match(frame, /web-app\s+CRITICAL ▲\d/);
	assert.match(
		frame,
		/express@4\.21\.2\s+(GOOD|HEALTHY|MODERATE)\s+⚑1\s+\d+\s+4\s+38\.1M\s+[▁▂▃▄▅▆▇█]{8}\s+1mo/,
	);
	scan.end();
	await waitForFrame(lastFrame, (text) => text.includes('✓') || /scored 3\/7/.test(text), 2000);
});

test('keys: j/k, →/l expand, ← parent, G/gg, and Space marks', async () => {
	const {lastFrame, stdin} = setup();
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	await typeKeys(stdin, 'j');
	await waitForFrame(lastFrame, (text) => cursorLine(text).includes('express@4.21.2'));
	await typeKeys(stdin, keys.right);
	let frame = await waitForFrame(lastFrame, (text) => text.includes('qs@6.13.0'));
	assert.match(frame, /▾ express@4\.21\.2/);
	await typeKeys(stdin, 'l');
	await waitForFrame(lastFrame, (text) => cursorLine(text).includes('qs@6.13.0'));
	await typeKeys(stdin, 'h');
	await waitForFrame(lastFrame, (text) => cursorLine(text).includes('express@4.21.2'));
	await typeKeys(stdin, 'G');
	await waitForFrame(lastFrame, (text) => cursorLine(text).includes('axios@1.7.9'));
	await typeKeys(stdin, 'g', 'g');
	await waitForFrame(lastFrame, (text) => cursorLine(text).includes('web-app'));
	await typeKeys(stdin, 'j', keys.space);
	frame = await waitForFrame(lastFrame, (text) => text.includes('1 marked'));
	assert.match(frame, /^ •\s+▾ express@4\.21\.2/m);
	assert.match(cursorLine(frame), /qs@6\.13\.0/);
});

test('navigation on thousands of rows renders only the window: =, G, PgUp, gg', async () => {
	const big = makeBigGraph(2300);
	const {lastFrame, stdin} = setup({graph: big, lockfileLabel: 'big/package-lock.json'});
	await waitForFrame(lastFrame, (text) => text.includes('pkg-0000'));
	await typeKeys(stdin, '=');
	let frame = await waitForFrame(lastFrame, (text) => text.includes('expanded'));
	const total = Number(/1\/(\d+) ──/.exec(frame)?.[1]);
	assert.ok(total > 2000, `rows ${total}`);
	assert.ok(frame.split('\n').length <= 29, 'the frame never exceeds the terminal height - 1');
	await typeKeys(stdin, 'G');
	frame = await waitForFrame(lastFrame, (text) => text.includes(`${total}/${total} ──`));
	assert.match(cursorLine(frame), /pkg-\d{4}/);
	await typeKeys(stdin, keys.pageUp);
	frame = await waitForFrame(lastFrame, (text) => !text.includes(`${total}/${total} ──`));
	const position = Number(/(\d+)\/\d+ ──/.exec(frame)?.[1]);
	assert.ok(position < total && position >= total - 30, `position after PgUp ${position}`);
	await typeKeys(stdin, 'g', 'g');
	frame = await waitForFrame(lastFrame, (text) => cursorLine(text).includes('app'));
	assert.match(frame, / 1\/\d+ ──/);
});

test('keys typed in one burst (tmux, paste) are each handled', async () => {
	const {lastFrame, stdin} = setup();
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	stdin.write('jl');
	await waitForFrame(lastFrame, (text) => text.includes('qs@6.13.0'), 2000, 'both keys applied');
});

test('expand-all shows a shared subtree once and marks the repeat as deduped', async () => {
	const {lastFrame, stdin} = setup();
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	await typeKeys(stdin, '=');
	const frame = await waitForFrame(lastFrame, (text) => text.includes('deduped'));
	// debug appears under express (expanded, with ms) and again under follow-redirects (deduped)
	assert.equal(frame.match(/ms@2\.0\.0/g)?.length, 1);
	assert.match(frame, /debug@2\.6\.9 \(deduped\)/);
	await typeKeys(stdin, '-');
	await waitForFrame(lastFrame, (text) => !text.includes('qs@6.13.0'));
});

test('search with / reaches a package in a collapsed subtree; n/N and Esc', async () => {
	const {lastFrame, stdin} = setup();
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	await typeKeys(stdin, '/', 'm', 's');
	await waitForFrame(lastFrame, (text) => text.includes('/ms▏'));
	await typeKeys(stdin, keys.enter);
	const frame = await waitForFrame(lastFrame, (text) => cursorLine(text).includes('ms@2.0.0'));
	assert.match(frame, /\/ms 1\/1/);
	await typeKeys(stdin, '/', 'n', 'o', 'p', 'e', keys.enter);
	await waitForFrame(lastFrame, (text) => text.includes('no match for nope'));
	await typeKeys(stdin, keys.escape);
	await waitForFrame(
		lastFrame,
		(text) => !text.includes('no match') && !text.includes('/nope'),
		2000,
		'Esc clears the search',
	);
});

test('while typing a search, the prompt counts matching rows as the line under the tree does', async () => {
	// Expanded, debug@2.6.9 is one package on two rows (under express, and under follow-redirects): two matches.
	const {lastFrame, stdin} = setup();
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	await typeKeys(stdin, '=');
	await waitForFrame(lastFrame, (text) => text.includes('follow-redirects@1.15.9'));
	await typeKeys(stdin, '/', 'd', 'e', 'b', 'u', 'g');
	const frame = await waitForFrame(lastFrame, (text) => text.includes('/debug▏'));
	assert.match(frame, /\/debug 1\/2/);
	assert.match(frame, /\/debug▏ {2}1\/2 {2}\(Enter keeps/);
});

test('sort and filter cycle and say so', async () => {
	const {lastFrame, stdin, scans} = setup();
	await waitFor(() => scans.length === 1);
	pushFacts(scans[0]!, 'axios@1.7.9', {publishers: ['solo'], weekly: 99_000_000});
	pushFacts(scans[0]!, 'express@4.21.2', {publishers: ['a', 'b', 'c', 'd', 'e'], weekly: 38_000_000});
	await waitForFrame(lastFrame, (text) => /axios@1\.7\.9\s+CRITICAL/.test(text));
	await typeKeys(stdin, 's');
	let frame = await waitForFrame(lastFrame, (text) => text.includes('sort: risk'));
	assert.ok(frame.indexOf('axios@1.7.9') < frame.indexOf('express@4.21.2'), 'critical first');
	await typeKeys(stdin, 'f', 'f', 'f');
	frame = await waitForFrame(lastFrame, (text) => text.includes('filter: critical'));
	assert.doesNotMatch(frame, /express@4\.21\.2/);
	assert.match(frame, /axios@1\.7\.9/);
});

test('Enter opens the detail pane: level, points, publishers, sparkline, releases, why-paths, dependents', async () => {
	const {lastFrame, stdin, scans} = setup({initialSize: {columns: 100, rows: 60}});
	await waitFor(() => scans.length === 1);
	const versions = makeVersions(112, 34, 19, 'jasonsaayman');
	pushFacts(scans[0]!, 'debug@2.6.9', {publishers: ['tj', 'qix'], weekly: 200_000_000, versions});
	await typeKeys(stdin, '/', 'd', 'e', 'b', 'u', 'g', keys.enter);
	await waitForFrame(lastFrame, (text) => cursorLine(text).includes('debug@2.6.9'));
	await typeKeys(stdin, keys.enter);
	const frame = await waitForFrame(lastFrame, (text) => text.includes('Why is this here'));
	assert.match(frame, /debug@2\.6\.9 · (HEALTHY|GOOD|MODERATE|HIGH) · score \d+\/100/);
	assert.match(frame, /longevity\s+\d+\/25/);
	assert.match(frame, /publishers\s+\d+\/15/);
	assert.match(frame, /2 accounts: tj, qix/);
	assert.match(frame, /200M a week/);
	assert.match(frame, /52 weeks\s+[▁▂▃▄▅▆▇█]{40,}/);
	assert.match(frame, /112 versions · first \d{4}-\d\d-\d\d/);
	assert.match(frame, /24 months [·▁▂▃▄▅▆▇█]{24}/);
	assert.match(frame, /web-app › express@4\.21\.2 › debug@2\.6\.9/);
	assert.match(frame, /web-app › axios@1\.7\.9 › follow-redirects@1\.15\.9 › debug@2\.6\.9/);
	assert.match(frame, /Dependents \(2\)/);
	await typeKeys(stdin, 'w');
	await waitForFrame(lastFrame, (text) => text.includes('Why is debug@2.6.9 here: 2 paths'));
	await typeKeys(stdin, keys.escape);
	await waitForFrame(lastFrame, (text) => text.includes('Dependents (2)'));
	await typeKeys(stdin, 'q');
	await waitForFrame(lastFrame, (text) => text.includes('PACKAGE'));
});

test('unknown data says what is missing and why', async () => {
	const {lastFrame, stdin} = setup({offline: true});
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	await typeKeys(stdin, 'j', keys.enter);
	const frame = await waitForFrame(lastFrame, (text) => text.includes('Missing data'));
	assert.match(frame, /Missing data: offline and not in the cache/);
	assert.match(frame, /Publishers\s*\n\s+unknown: offline/);
});

test('hostile registry strings never reach the frame raw', async () => {
	const {lastFrame, stdin, scans} = setup({initialSize: {columns: 100, rows: 60}});
	await waitFor(() => scans.length === 1);
	const versions = makeVersions(5, 10, 30, '\u001B]0;pwned\u0007mallory');
	versions[4] = {
		...versions[4]!,
		version: '1.7.9',
		deprecated: 'use <script>alert(1)</script> \u001B[2J now',
	};
	pushFacts(scans[0]!, 'axios@1.7.9', {
		publishers: ['\u001B[2Jevil\u001B[31m', 'bob\u202Eexe.txt'],
		weekly: 5_000,
		versions,
	});
	await waitForFrame(lastFrame, (text) => /axios@1\.7\.9\s+\S/.test(text) && !/axios@1\.7\.9\s+…/.test(text));
	await typeKeys(stdin, 'G', keys.enter);
	const frame = await waitForFrame(lastFrame, (text) => text.includes('Why is this here'));
	assert.ok(!frame.includes('\u001B'), 'no escape character at all (colour is off)');
	assert.ok(!frame.includes('\u0007') && !frame.includes('\u202E'));
	assert.match(frame, /evil/);
	assert.match(frame, /mallory/);
	assert.match(frame, /deprecated: use <script>alert\(1\)<\/script>\s+�\s*now/);
});

test('help lists every key, column and mark, wrapped to 80 columns; q closes it', async () => {
	// Tall enough for the whole page at once.
	const {lastFrame, stdin} = setup({initialSize: {columns: 80, rows: 220}});
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	await typeKeys(stdin, '?');
	const frame = await waitForFrame(lastFrame, (text) => text.includes('commit-tui keys'));
	for (const section of [...helpSections, ...legendSections]) {
		// A key wider than its column (a release flag id) has its meaning on the next line.
		for (const [key] of section.keys)
			assert.ok(frame.includes(`  ${key} `) || frame.includes(`  ${key}\n`), `help mentions ${key}`);
	}

	for (const key of [']', 'v', 'F', 'y', 'o', '▲n', '▵n', '?', '…', '⚑', '(deduped)', 'FLAGS']) {
		assert.ok(frame.includes(`  ${key}`), `help explains ${key}`);
	}

	assert.ok(frame.split('\n').every((line) => line.length <= 80));
	await typeKeys(stdin, 'q');
	await waitForFrame(lastFrame, (text) => text.includes('PACKAGE'));
});

test('publishers view ranks accounts; Enter jumps to their packages', async () => {
	const {lastFrame, stdin, scans} = setup();
	await waitFor(() => scans.length === 1);
	pushFacts(scans[0]!, 'ms@2.0.0', {publishers: ['carol'], weekly: 1000});
	pushFacts(scans[0]!, 'qs@6.13.0', {publishers: ['carol', 'dave'], weekly: 2000});
	pushFacts(scans[0]!, 'axios@1.7.9', {publishers: ['dave'], weekly: 3000});
	pushFacts(scans[0]!, 'form-data@4.0.1', {publishers: ['carol'], weekly: 3000});
	await waitForFrame(lastFrame, (text) => /axios@1\.7\.9\s+[A-Z]/.test(text));
	await typeKeys(stdin, 'p');
	let frame = await waitForFrame(lastFrame, (text) => text.includes('ACCOUNT'));
	// carol publishes ms and form-data alone: the sole-publisher mark and count.
	assert.match(frame, /★ carol\s+npm\s+3\s+2\s+6\.0K\s+form-data, ms, qs/);
	assert.ok(frame.indexOf('carol') < frame.indexOf('dave'));
	// The cursor is a glyph, not only reverse video (which a frame without colour does not show).
	assert.match(cursorLine(frame), /^›★ carol /);
	await typeKeys(stdin, 'j');
	frame = await waitForFrame(
		lastFrame,
		(text) => /^›★ dave /.test(cursorLine(text)),
		2000,
		'the cursor on dave',
	);
	assert.match(frame, /^ ★ carol /m);
	await typeKeys(stdin, 'k');
	await waitForFrame(lastFrame, (text) => cursorLine(text).includes('carol'));
	await typeKeys(stdin, keys.enter);
	frame = await waitForFrame(lastFrame, (text) => text.includes('publishable by carol'));
	assert.match(cursorLine(frame), /qs@6\.13\.0|ms@2\.0\.0|form-data@4\.0\.1/);
});

test('e opens the export dialog; the marked packages are the default scope and reach exportReport', async () => {
	const {lastFrame, stdin, exported} = setup();
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	await typeKeys(stdin, 'j', keys.space);
	await waitForFrame(lastFrame, (text) => text.includes('1 marked'));
	await typeKeys(stdin, 'e');
	await waitForFrame(lastFrame, (text) => text.includes('Export report'));
	// The dialog's select lists subscribe to keys in an effect after they mount: press until each step reacts.
	await pressUntil(stdin, keys.enter, () => /2\/2 scope/.test(lastFrame() ?? ''));
	assert.match(lastFrame() ?? '', /❯ The marked package \(1\)/);
	await pressUntil(stdin, keys.enter, () => exported.length > 0);
	assert.equal(exported[0]!.format, 'md');
	assert.deepEqual(exported[0]!.scope, {kind: 'marked', ids: ['npm:express@4.21.2']});
	await waitForFrame(lastFrame, (text) => text.includes('/tmp/commit-tui-web-app.md'));
});

test(', opens the settings screen over the tree; Esc returns to the tree', async () => {
	const {lastFrame, stdin} = setup();
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	await typeKeys(stdin, ',');
	const frame = await waitForFrame(lastFrame, (text) => /Settings/.test(text) && /Thresholds/.test(text));
	assert.doesNotMatch(frame, /axios@1\.7\.9/);
	await pressUntil(stdin, keys.escape, () => (lastFrame() ?? '').includes('PACKAGE'));
	assert.match(lastFrame() ?? '', /▸ axios@1\.7\.9/);
});

test('settings changed on screen are the live ones: the export dialog shows the new folder and the export uses it', async () => {
	const saved: Settings[] = [];
	const {lastFrame, stdin, exported} = setup({saveSettings: (next) => void saved.push(next)});
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	await typeKeys(stdin, ',');
	await waitForFrame(lastFrame, (text) => /Settings/.test(text) && /Thresholds/.test(text));
	const selected = () => (lastFrame() ?? '').split('\n').find((line) => line.startsWith('› ')) ?? '';
	await pressUntil(stdin, keys.down, () => selected().includes('Export folder'), 5000, 20);
	await pressUntil(stdin, keys.enter, () => /Enter save/.test(lastFrame() ?? ''));
	// Forty Backspaces in one read (key repeat) clear the default folder: each is a key of its own.
	stdin.write(keys.backspace.repeat(40));
	await typeKeys(stdin, ...'/tmp/live-exports');
	await pressUntil(stdin, keys.enter, () => saved.length > 0);
	assert.equal(saved.at(-1)?.exportDirectory, '/tmp/live-exports');
	await pressUntil(stdin, keys.escape, () => (lastFrame() ?? '').includes('PACKAGE'));
	await typeKeys(stdin, 'e');
	await waitForFrame(
		lastFrame,
		(text) => text.includes('Export report') && text.includes('/tmp/live-exports'),
	);
	await pressUntil(stdin, keys.enter, () => /2\/2 scope/.test(lastFrame() ?? ''));
	await pressUntil(stdin, keys.enter, () => exported.length > 0);
	assert.equal(exported[0]!.settings.exportDirectory, '/tmp/live-exports');
});

test('q quits through the one exit path: the scan is aborted', async () => {
	const {lastFrame, stdin, signals} = setup();
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	assert.equal(signals[0]!.aborted, false);
	await typeKeys(stdin, 'q');
	await waitFor(() => signals[0]!.aborted, 2000, 'the scan abort');
});

test('Ctrl+C quits even from an overlay; r restarts the scan', async () => {
	const {lastFrame, stdin, signals} = setup();
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	await typeKeys(stdin, 'r');
	await waitFor(() => signals.length === 2, 2000, 'a second scan');
	assert.equal(signals[0]!.aborted, true);
	await typeKeys(stdin, '?');
	await waitForFrame(lastFrame, (text) => text.includes('commit-tui keys'));
	await typeKeys(stdin, keys.ctrlC);
	await waitFor(() => signals[1]!.aborted, 2000, 'the abort on Ctrl+C');
});
