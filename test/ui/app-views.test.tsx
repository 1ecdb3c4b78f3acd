import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {render} from 'ink-testing-library';
import type {Settings} from '../../source/config/settings.js';
import {Header, type HeaderProps} from '../../source/ui/components/Header.js';
import {fitTitle, statusText} from '../../source/ui/format/status.js';
import {cleanupApp, cursorLine, pushFacts, setupApp} from '../helpers/app-harness.js';
import {fixedNow, makeGraph, makeVersions} from '../helpers/ink-fixtures.js';
import {keys, pressUntil, stripAnsi, typeKeys, waitFor, waitForFrame} from '../helpers/terminal.js';

afterEach(cleanupApp);

/** Facts for the web-app graph: axios critical (one publisher, 99M), follow-redirects high, the rest healthy. */
async function scored(harness: ReturnType<typeof setupApp>) {
	await waitFor(() => harness.scans.length > 0, 1000, 'the scan');
	const scan = harness.scans.at(-1)!;
	pushFacts(scan, 'axios@1.7.9', {
		publishers: ['jasonsaayman'],
		weekly: 99_200_000,
		versions: makeVersions(112, 34, 19),
	});
	pushFacts(scan, 'follow-redirects@1.15.9', {publishers: ['ruben'], weekly: 4_000_000});
	for (const key of ['express@4.21.2', 'qs@6.13.0', 'debug@2.6.9', 'form-data@4.0.1', 'ms@2.0.0'])
		pushFacts(scan, key, {
			publishers: ['a', 'b', 'c', 'd', 'e'],
			weekly: 50_000_000,
			versions: makeVersions(120, 20, 10),
		});
	await waitForFrame(
		harness.lastFrame,
		(text) => /axios@1\.7\.9\s+CRITICAL/.test(stripAnsi(text)),
		3000,
		'axios scored',
	);
	return scan;
}

/** The header's one line, rendered alone. */
function headerLine(props: HeaderProps): string {
	const shown = render(<Header {...props} />);
	const line = shown.lastFrame()!;
	shown.unmount();
	return line;
}

const mouse = (button: number, x: number, y: number) => `\u001B[<${button};${x + 1};${y + 1}M`;

test('d: the root roll-up on screen follows the hidden dev dependencies', async () => {
	const graph = makeGraph(
		{
			app: ['web@1.0.0', 'lint@1.0.0'],
			'web@1.0.0': ['solo@1.0.0'],
			'lint@1.0.0': ['chalk@1.0.0'],
			'solo@1.0.0': [],
			'chalk@1.0.0': [],
		},
		['lint@1.0.0', 'chalk@1.0.0'],
	);
	const harness = setupApp({graph, lockfileLabel: 'app/package-lock.json'});
	await waitFor(() => harness.scans.length > 0);
	const scan = harness.scans[0]!;
	pushFacts(scan, 'solo@1.0.0', {publishers: ['one'], weekly: 50_000_000});
	pushFacts(scan, 'chalk@1.0.0', {publishers: ['qix'], weekly: 300_000_000});
	pushFacts(scan, 'web@1.0.0', {
		publishers: ['a', 'b', 'c', 'd', 'e'],
		weekly: 50_000_000,
		versions: makeVersions(120, 20, 10),
	});
	pushFacts(scan, 'lint@1.0.0', {
		publishers: ['a', 'b', 'c', 'd', 'e'],
		weekly: 50_000_000,
		versions: makeVersions(120, 20, 10),
	});
	scan.end();
	let frame = await waitForFrame(
		harness.lastFrame,
		(text) => /▾ app\s+CRITICAL ▲2/.test(text),
		3000,
		'two critical beneath',
	);
	assert.match(frame, /lint@1\.0\.0 dev\s+\S+\s+▲1/);
	await typeKeys(harness.stdin, 'd');
	frame = await waitForFrame(
		harness.lastFrame,
		(text) => /▾ app\s+CRITICAL ▲1\b/.test(text),
		3000,
		'one critical once dev is hidden',
	);
	assert.doesNotMatch(frame, /lint@1\.0\.0/);
	assert.match(frame, /· 2\/4 packages/);
	// The publishers view follows too: qix (chalk, dev-only) is gone.
	await typeKeys(harness.stdin, 'p');
	frame = await waitForFrame(harness.lastFrame, (text) => text.includes('ACCOUNT'));
	assert.match(frame, /★ one /);
	assert.doesNotMatch(frame, /qix/);
});

test('the "Show dev dependencies" setting applies at once, both ways: rows and the header count', async () => {
	const graph = makeGraph(
		{app: ['web@1.0.0', 'lint@1.0.0'], 'web@1.0.0': [], 'lint@1.0.0': ['chalk@1.0.0'], 'chalk@1.0.0': []},
		['lint@1.0.0', 'chalk@1.0.0'],
	);
	const saved: Settings[] = [];
	const harness = setupApp({
		graph,
		lockfileLabel: 'app/package-lock.json',
		saveSettings: (next) => void saved.push(next),
	});
	const {stdin, lastFrame} = harness;
	await waitForFrame(lastFrame, (text) => /lint@1\.0\.0 dev/.test(text));
	await typeKeys(stdin, ',');
	await waitForFrame(lastFrame, (text) => /Thresholds/.test(text));
	await pressUntil(stdin, 'j', () => cursorLine(lastFrame() ?? '').includes('Show dev dependencies'));
	await typeKeys(stdin, ' ');
	await waitFor(() => saved.length === 1, 2000, 'saved');
	assert.equal(saved[0]!.showDevDependencies, false);
	await typeKeys(stdin, keys.escape);
	let frame = await waitForFrame(lastFrame, (text) => /· 1\/3 packages/.test(text), 2000, 'dev hidden now');
	assert.doesNotMatch(frame, /lint@1\.0\.0/);
	await typeKeys(stdin, ',');
	await waitForFrame(lastFrame, (text) => /Thresholds/.test(text));
	await pressUntil(stdin, 'j', () => cursorLine(lastFrame() ?? '').includes('Show dev dependencies'));
	await typeKeys(stdin, ' ');
	await waitFor(() => saved.length === 2, 2000, 'saved again');
	await typeKeys(stdin, keys.escape);
	frame = await waitForFrame(lastFrame, (text) => /lint@1\.0\.0 dev/.test(text), 2000, 'dev shown again');
	assert.match(frame, /· 3 packages/);
});

test('a changed threshold rescores at once from the facts in memory — no refetch', async () => {
	const saved: Settings[] = [];
	const harness = setupApp({saveSettings: (next) => void saved.push(next)});
	await scored(harness);
	await typeKeys(harness.stdin, ',');
	await waitForFrame(harness.lastFrame, (text) => /Thresholds/.test(text));
	// The second setting: Critical: weekly downloads over. Raise it above axios' 99M a week.
	await typeKeys(harness.stdin, 'j', keys.enter);
	await waitForFrame(harness.lastFrame, (text) => /Enter save/.test(text));
	harness.stdin.write(`${keys.backspace.repeat(12)}200M\r`);
	await waitFor(() => saved.length > 0, 2000, 'saved');
	assert.equal(saved.at(-1)!.thresholds.criticalWeeklyDownloads, 200_000_000);
	await typeKeys(harness.stdin, keys.escape);
	const frame = await waitForFrame(
		harness.lastFrame,
		(text) => /axios@1\.7\.9\s+HIGH/.test(text),
		3000,
		'axios rescored: now high (sole publisher > 1M), not critical',
	);
	assert.doesNotMatch(frame, /axios@1\.7\.9\s+CRITICAL/);
	assert.equal(harness.scans.length, 1, 'nothing was fetched again');
});

test('every overlay takes a burst of keys as separate keys (the tree did; the overlays lost them)', async () => {
	const harness = setupApp();
	const {stdin, lastFrame} = harness;
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	// `e` and Enter in one read: the dialog opens and takes the Enter (format → scope).
	stdin.write(`e${keys.enter}`);
	await waitForFrame(lastFrame, (text) => text.includes('2/2 scope'), 2000, 'e + Enter in one chunk');
	stdin.write(keys.escape);
	await waitForFrame(lastFrame, (text) => text.includes('1/2 format'));
	// ↓ and Enter in one read pick the format the arrow moved to (HTML), not the one highlighted before.
	stdin.write(`${keys.down}${keys.enter}`);
	await waitForFrame(lastFrame, (text) => text.includes('2/2 scope'));
	stdin.write(keys.enter);
	await waitFor(() => harness.exported.length === 1, 2000, 'the export');
	assert.equal(harness.exported[0]!.format, 'html');
	await waitForFrame(lastFrame, (text) => text.includes('Wrote'));
	stdin.write(keys.escape);
	await waitForFrame(lastFrame, (text) => text.includes('PACKAGE'));
	// Settings: five j in one read move five lines.
	stdin.write(',jjjjj');
	let frame = await waitForFrame(
		lastFrame,
		(text) => /› High: score below/.test(text),
		2000,
		'five lines down',
	);
	assert.match(frame, /Settings/);
	stdin.write('q');
	await waitForFrame(lastFrame, (text) => text.includes('PACKAGE'));
	// Help: three j in one read scroll three lines.
	stdin.write('?jjj');
	frame = await waitForFrame(lastFrame, (text) => / 4-\d+\/\d+/.test(text), 2000, 'help scrolled by three');
	stdin.write('q');
	await waitForFrame(lastFrame, (text) => text.includes('PACKAGE'));
});

test('NO_COLOR removes colour only: the selection bar stays reverse video on a real terminal', async () => {
	const harness = setupApp({colorAllowed: false, colorLevel: 3});
	const frame = await waitForFrame(harness.lastFrame, (text) => text.includes('axios'));
	const line = frame.split('\n').find((text) => stripAnsi(text).startsWith('›'))!;
	assert.ok(line.includes('\u001B[7m'), 'reverse video');
	assert.doesNotMatch(frame, /\u001B\[(3[0-7]|9[0-7]|38;)/, 'no colour at all');
	cleanupApp();
	const coloured = setupApp({colorAllowed: true, colorLevel: 1});
	await scored(coloured);
	assert.match(coloured.lastFrame() ?? '', /\u001B\[31m/, 'colour when allowed');
});

test('unknown is one glyph: ? — never – or UNKNOWN in the tree', async () => {
	const harness = setupApp({offline: true});
	await waitFor(() => harness.scans.length > 0);
	harness.scans[0]!.end();
	const frame = await waitForFrame(
		harness.lastFrame,
		(text) => /express@4\.21\.2\s+\?/.test(text),
		3000,
		'unknown rows',
	);
	const tree = frame.split('\n').slice(1, 6).join('\n');
	assert.doesNotMatch(tree, /–|UNKNOWN/);
	assert.match(tree, /▾ web-app\s+\?/);
	assert.match(tree, /axios@1\.7\.9\s+\?\s+\?\s+\?\s+\?\s+\?\s+\?/);
});

test('notices never go stale: the next key retires one; refreshing… goes when the scan ends', async () => {
	const harness = setupApp();
	const {stdin, lastFrame} = harness;
	await scored(harness);
	await typeKeys(stdin, 's');
	await waitForFrame(lastFrame, (text) => text.includes('sort: risk'));
	const prompt = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';
	assert.match(prompt(lastFrame() ?? ''), /^sort: risk/);
	await typeKeys(stdin, 'j');
	await waitForFrame(
		lastFrame,
		(text) => prompt(text).startsWith('enter details'),
		2000,
		'cleared by the next key',
	);
	await typeKeys(stdin, 'r');
	await waitFor(() => harness.scans.length === 2, 2000, 'a second scan');
	await waitForFrame(lastFrame, (text) => text.includes('refreshing'));
	harness.scans[1]!.end();
	await waitForFrame(
		lastFrame,
		(text) => !text.includes('refreshing'),
		3000,
		'refreshing… gone when the scan ends',
	);
});

test('the status says ✓ only for a scan that finished without errors', () => {
	const progress = {
		total: 416,
		done: 416,
		errors: 416,
		rateLimitedUntil: null,
		rateLimitedHost: null,
		downHosts: [],
		pacedHosts: [],
	};
	assert.equal(statusText(progress, false, fixedNow, false), 'scored 416/416 · 416 errors');
	assert.equal(statusText({...progress, errors: 0}, false, fixedNow, false), 'scored 416/416 ✓');
	// A cache it could not write: the results stand, and the status says the next run will be cold.
	const unwritable = {...progress, errors: 0, cacheWriteError: '/c: permission denied (EACCES)'};
	assert.equal(
		statusText(unwritable, false, fixedNow, false),
		'scored 416/416 ✓ · cache not writable (/c: permission denied (EACCES))',
	);
	assert.equal(
		statusText(unwritable, false, fixedNow, false, {compact: 'names'}),
		'scored 416/416 ✓ · cache not writable',
	);
});

test('hosts down: the header names them all when the whole line would be cut', () => {
	const progress = {
		total: 1536,
		done: 1536,
		errors: 1536,
		rateLimitedUntil: null,
		rateLimitedHost: null,
		downHosts: ['api.npmjs.org: DNS lookup failed'],
		pacedHosts: [],
		advisories: {
			state: 'done' as const,
			done: 0,
			total: 1536,
			errors: 1536,
			down: 'api.osv.dev: DNS lookup failed',
			rateLimitedUntil: null,
			oldestCached: null,
			exportFiles: [],
		},
	};
	const full = statusText(progress, false, fixedNow, false);
	const names = statusText(progress, false, fixedNow, false, {compact: 'names'});
	const counts = statusText(progress, false, fixedNow, false, {compact: 'counts'});
	assert.equal(
		full,
		'scored 1536/1536 · 1536 errors · down: api.npmjs.org: DNS lookup failed · advisories unavailable (api.osv.dev: DNS lookup failed) · advisories unknown for 1536',
	);
	assert.equal(names, 'scored 1536/1536 · 1536 errors · down: api.npmjs.org, api.osv.dev');
	assert.equal(counts, '1536/1536 · 1536 err · 2 hosts down');
	const header = (width: number) =>
		headerLine({
			title: 'big/package-lock.json · npm · 1536 packages',
			status: full,
			namesStatus: names,
			countsStatus: counts,
			busy: false,
			width,
			color: false,
		});
	// 80 columns: only the counts fit beside the title's 40 cells; 120: the host names do.
	const narrow = header(80);
	assert.match(narrow, /1536\/1536 · 1536 err · 2 hosts down$/, narrow);
	assert.match(header(120), /scored 1536\/1536 · 1536 errors · down: api\.npmjs\.org, api\.osv\.dev$/);
	assert.match(
		header(240),
		/down: api\.npmjs\.org: DNS lookup failed · advisories unavailable/,
		'room for the whole line',
	);
});

test('the header shortens the lockfile path first (from its left, file name kept), so the count stays whole', () => {
	const header = (title: string, path: string, width: number) =>
		headerLine({title, path, status: 'scored 8/8 · 8 errors · offline', busy: false, width, color: false});
	const peers = 'peers-bundles/package-lock.json';
	let line = header(`${peers} · npm · 8 packages`, peers, 80);
	assert.match(
		line,
		/^ …[\w-]*\/package-lock\.json · npm · 8 packages +scored 8\/8 · 8 errors · offline$/,
		line,
	);
	const long = 'a-very-long-directory-name-for-the-project-that-keeps-going-and-going/package-lock.json';
	line = header(`${long} · npm · 8 packages`, long, 80);
	assert.match(line, /^ …[\w-]*\/package-lock\.json · npm · 8 packages +scored 8\/8/, line);
	// Wide: the tool's name stays, the path gives way.
	line = header(`commit-tui · ${long} · npm · 1989 packages`, long, 100);
	assert.match(line, /^ commit-tui · …[\w-]*\/package-lock\.json · npm · 1989 packages +scored/, line);
	// Narrower than the file name and the rest: the tool goes, then the file name is cut, the count last.
	assert.equal(
		fitTitle(` commit-tui · ${long} · npm · 8 packages`, long, 40),
		' …g/package-lock.json · npm · 8 packages',
	);
	assert.equal(
		fitTitle(` commit-tui · ${long} · npm · 8 packages`, long, 30),
		' …lock.json · npm · 8 packages',
	);
	assert.equal(fitTitle(` ${long} · npm · 8 packages`, long, 12), ' … · npm · …');
});

test('at 40 columns while scanning, the header shows the counts-only status so the package count stays whole', () => {
	const path = 'big/package-lock.json';
	const line = headerLine({
		title: `${path} · npm · 2006 packages`,
		path,
		status: 'scored 376/2006',
		namesStatus: 'scored 376/2006',
		countsStatus: '376/2006',
		busy: true,
		width: 40,
		color: false,
	});
	assert.match(line, / · npm · 2006 packages +\S 376\/2006$/, line);
	// With room, the whole status as before.
	const wide = headerLine({
		title: `${path} · npm · 2006 packages`,
		path,
		status: 'scored 376/2006',
		countsStatus: '376/2006',
		busy: true,
		width: 80,
		color: false,
	});
	assert.match(wide, /^ big\/package-lock\.json · npm · 2006 packages +\S scored 376\/2006$/, wide);
});

test('wide terminals get a side detail pane that follows the cursor; 80 columns keep what says whether a release looks wrong (RISK FLAGS PUBS AGE ADV)', async () => {
	const wide = setupApp({initialSize: {columns: 200, rows: 50}});
	await scored(wide);
	await typeKeys(wide.stdin, 'j', 'j');
	let frame = await waitForFrame(
		wide.lastFrame,
		(text) => /│ axios@1\.7\.9 · CRITICAL · score/.test(text),
		2000,
		'the side pane',
	);
	assert.match(frame, /│\s+1 account: jasonsaayman/);
	assert.ok(frame.split('\n').every((line) => line.length <= 200));
	// The pane's border is one straight line, in the column after the tree's, as a 200-column terminal shows it.
	const bars = frame
		.split('\n')
		.slice(1, 40)
		.map((line) => (line.indexOf(' │ ') >= 0 ? line.indexOf('│') : line.lastIndexOf('│')));
	assert.deepEqual(new Set(bars), new Set([bars[0]]), frame);
	assert.equal(bars[0], 127, 'after the tree (126 columns) and a blank');
	cleanupApp();
	const narrow = setupApp({initialSize: {columns: 80, rows: 24}});
	await scored(narrow);
	frame = narrow.lastFrame() ?? '';
	assert.match(frame, /RISK\s+FLAGS\s+PUBS\s+AGE\s+ADV\n/);
	assert.match(frame, /axios@1\.7\.9\s+CRITICAL ▲1\s+⚑1\s+1\s/);
	assert.ok(frame.split('\n').length <= 23 && frame.split('\n').every((line) => line.length <= 80));
});

test('the side pane follows its package while results stream in: others arriving leave it, its own report and a new one show', async () => {
	const harness = setupApp({initialSize: {columns: 200, rows: 50}});
	await waitFor(() => harness.scans.length > 0, 1000, 'the scan');
	const scan = harness.scans.at(-1)!;
	await typeKeys(harness.stdin, 'j', 'j');
	const pane = (frame: string) =>
		frame
			.split('\n')
			.map((line) => line.slice(line.indexOf('│') + 2))
			.join('\n');
	await waitForFrame(
		harness.lastFrame,
		(text) => /│ axios@1\.7\.9 · UNKNOWN/.test(text),
		2000,
		'axios selected',
	);
	pushFacts(scan, 'express@4.21.2', {publishers: ['dougwilson']});
	let frame = await waitForFrame(harness.lastFrame, (text) => /express@4\.21\.2\s+[A-Z]{4}/.test(text), 2000);
	assert.match(pane(frame), /Publishers\n\s+unknown: still fetching…/);
	pushFacts(scan, 'axios@1.7.9', {publishers: ['jasonsaayman'], weekly: 99_200_000});
	frame = await waitForFrame(harness.lastFrame, (text) => text.includes('1 account: jasonsaayman'), 2000);
	assert.match(pane(frame), /axios@1\.7\.9 · [A-Z]+ · score \d+\/100/);
	// A refreshed result for it (a second publisher): the pane says so, and still does after the cursor comes back.
	pushFacts(scan, 'axios@1.7.9', {publishers: ['jasonsaayman', 'newcomer'], weekly: 99_200_000});
	await waitForFrame(harness.lastFrame, (text) => text.includes('2 accounts: jasonsaayman, newcomer'), 2000);
	await typeKeys(harness.stdin, 'k');
	await waitForFrame(harness.lastFrame, (text) => /│ express@4\.21\.2 ·/.test(text), 2000);
	await typeKeys(harness.stdin, 'j');
	frame = await waitForFrame(harness.lastFrame, (text) => /│ axios@1\.7\.9 ·/.test(text), 2000);
	assert.match(frame, /2 accounts: jasonsaayman, newcomer/);
});

test('Enter on a root: the whole-tree summary — packages, own levels, flags, publishers, scan', async () => {
	const harness = setupApp({initialSize: {columns: 100, rows: 60}});
	const scan = await scored(harness);
	scan.end();
	await typeKeys(harness.stdin, keys.enter);
	const frame = await waitForFrame(harness.lastFrame, (text) => text.includes('whole-tree summary'));
	assert.match(frame, /7 packages: 2 direct, 5 transitive/);
	assert.match(frame, /levels \(each package's own\): 1 critical · 1 high · 5 healthy/);
	assert.match(frame, /packages flagged/);
	assert.match(frame, /accounts can publish these; 2 packages have a sole publisher/);
	assert.match(frame, /jasonsaayman|ruben|\ba \(npm\)/);
});

test('y copies name@version and says so (or says it cannot); o opens the registry page or shows the address', async () => {
	const copied: string[] = [];
	const opened: string[] = [];
	let canCopy = true;
	const harness = setupApp({
		copyText: (text) => {
			copied.push(text);
			return canCopy ? {ok: true} : {ok: false, reason: 'the output is not a terminal'};
		},
		openUrl: async (url) => {
			opened.push(url);
			return opened.length === 1 ? {ok: true} : {ok: false, reason: 'xdg-open not found'};
		},
	});
	const {stdin, lastFrame} = harness;
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	await typeKeys(stdin, 'j', 'y');
	await waitForFrame(lastFrame, (text) => text.includes('copied express@4.21.2'));
	assert.deepEqual(copied, ['express@4.21.2']);
	canCopy = false;
	await typeKeys(stdin, 'y');
	await waitForFrame(lastFrame, (text) =>
		text.includes('cannot copy (the output is not a terminal): express@4.21.2'),
	);
	await typeKeys(stdin, 'o');
	await waitForFrame(lastFrame, (text) =>
		text.includes('opened https://www.npmjs.com/package/express/v/4.21.2'),
	);
	await typeKeys(stdin, 'o');
	await waitForFrame(lastFrame, (text) =>
		text.includes(
			'could not open a browser (xdg-open not found): https://www.npmjs.com/package/express/v/4.21.2',
		),
	);
});

test('y and o in the detail pane say what they did there; on a root summary the footer offers no o', async () => {
	const harness = setupApp({
		copyText: () => ({ok: true}),
		openUrl: async () => ({ok: false, reason: 'xdg-open not found'}),
	});
	const {stdin, lastFrame} = harness;
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	await typeKeys(stdin, 'j', keys.enter);
	let frame = await waitForFrame(lastFrame, (text) => text.includes('o open page'));
	await typeKeys(stdin, 'y');
	frame = await waitForFrame(lastFrame, (text) => text.includes('copied express@4.21.2'), 2000, 'copy said');
	assert.match(frame, /o open page/);
	await typeKeys(stdin, 'o');
	// The whole address, to copy by hand (wrapped rather than cut at 100 columns).
	frame = await waitForFrame(
		lastFrame,
		(text) => text.includes('could not open a browser'),
		2000,
		'open failed',
	);
	assert.match(
		frame.replaceAll(/\n\s*/g, ''),
		/could not open a browser \(xdg-open not found\): https:\/\/www\.npmjs\.com\/package\/express\/v\/4\.21\.2/,
	);
	await typeKeys(stdin, keys.escape);
	frame = await waitForFrame(lastFrame, (text) => text.includes('PACKAGE'));
	await typeKeys(stdin, 'k', keys.enter);
	frame = await waitForFrame(lastFrame, (text) => text.includes('y copy the name'), 2000, 'the root summary');
	assert.doesNotMatch(frame, /open page/);
	await typeKeys(stdin, 'o');
	await waitForFrame(lastFrame, (text) => text.includes('a root has no registry page'), 2000, 'o on a root');
});

test('pages (help, detail) move a screen at PgUp/PgDn and go to their end at End and G', async () => {
	const harness = setupApp();
	const {stdin, lastFrame} = harness;
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	const range = (frame: string) => /· (\d+)-(\d+)\/(\d+)\s*$/m.exec(frame)!.slice(1).map(Number);
	await typeKeys(stdin, '?');
	let frame = await waitForFrame(lastFrame, (text) => /· 1-\d+\/\d+/.test(text), 2000, 'help');
	const [, shown, total] = range(frame) as [number, number, number];
	assert.ok(total > 2 * shown, 'help is longer than two screens at 100x30');
	await typeKeys(stdin, keys.pageDown);
	frame = await waitForFrame(lastFrame, (text) => range(text)[0] === shown + 1, 2000, 'a screen down');
	await typeKeys(stdin, keys.pageUp);
	frame = await waitForFrame(lastFrame, (text) => range(text)[0] === 1, 2000, 'a screen up');
	await typeKeys(stdin, keys.end);
	frame = await waitForFrame(lastFrame, (text) => range(text)[1] === total, 2000, 'End: the last screen');
	await typeKeys(stdin, keys.home);
	await waitForFrame(lastFrame, (text) => range(text)[0] === 1);
	await typeKeys(stdin, 'G');
	await waitForFrame(lastFrame, (text) => range(text)[1] === total, 2000, 'G: the last screen');
	// Pulled back to the last screen: ↑ scrolls at once.
	await typeKeys(stdin, keys.up);
	await waitForFrame(lastFrame, (text) => range(text)[1] === total - 1, 2000, '↑ after G');
});

test('the summary line of a root reads its roll-up as prose: one space, not the column padding', async () => {
	const harness = setupApp();
	await waitFor(() => harness.scans.length > 0);
	const scan = harness.scans[0]!;
	pushFacts(scan, 'follow-redirects@1.15.9', {publishers: ['solo'], weekly: 1_500_000});
	scan.end();
	const frame = await waitForFrame(harness.lastFrame, (text) => /▾ web-app\s+HIGH\s+▲1/.test(text));
	assert.match(frame, /^web-app · HIGH ▲1\s*$/m, frame);
});

test('at 40 columns the key hints are a shorter set, whole, not cut in the middle', async () => {
	const {lastFrame} = setupApp({initialSize: {columns: 40, rows: 12}});
	const frame = await waitForFrame(lastFrame, (text) => text.includes('q quit'));
	const last = frame.split('\n').at(-1)!;
	assert.equal(last.trimEnd(), '/ search · ? help · q quit', frame);
});

test('on a short terminal the export dialog clips inside its border and settings keep a setting row', async () => {
	for (const size of [
		{columns: 20, rows: 5},
		{columns: 12, rows: 4},
		{columns: 40, rows: 7},
	]) {
		const harness = setupApp({initialSize: size});
		const {stdin, lastFrame} = harness;
		await waitForFrame(
			lastFrame,
			(text) => text.includes('╭') || text.includes('packages') || text.includes('…'),
		);
		await pressUntil(stdin, 'e', () => (lastFrame() ?? '').includes('╭'));
		for (const step of ['format', 'scope']) {
			const lines = (lastFrame() ?? '').split('\n');
			const top = lines.findIndex((line) => line.startsWith('╭'));
			const box = lines.slice(top);
			const where = `${size.columns}x${size.rows}, ${step}:\n${box.join('\n')}`;
			// A whole border: its top, rows between │ … │, and its bottom line of ─ only.
			assert.match(box.at(-1)!, /^╰─+╯$/, where);
			assert.ok(box.length >= 3 && box.length <= size.rows - 1, where);
			assert.ok(
				box.slice(1, -1).every((line) => /^│.*│$/.test(line)),
				where,
			);
			assert.match(box.slice(1, -1).join('\n'), /❯/, `${where}\nthe choice is shown`);
			if (step === 'format') {
				await typeKeys(stdin, keys.enter);
				await waitForFrame(lastFrame, (text) => /❯ (The|Sel|Who|All)/.test(text), 2000, `scope at ${where}`);
			}
		}

		cleanupApp();
		const settings = setupApp({initialSize: size});
		await pressUntil(settings.stdin, ',', () => /^› \S/m.test(settings.lastFrame() ?? ''));
		const frame = settings.lastFrame() ?? '';
		assert.ok(frame.split('\n').length <= size.rows, frame);
		cleanupApp();
	}
});

test('the mouse: the wheel scrolls, a click selects, a click on the selected row expands it', async () => {
	const harness = setupApp();
	const {stdin, lastFrame} = harness;
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	// Screen line 3 is the second tree row (express).
	stdin.write(mouse(0, 10, 3));
	await waitForFrame(lastFrame, (text) => cursorLine(text).includes('express@4.21.2'));
	stdin.write(mouse(0, 10, 3));
	await waitForFrame(lastFrame, (text) => text.includes('qs@6.13.0'), 2000, 'expanded');
	stdin.write(mouse(65, 10, 5));
	await waitForFrame(lastFrame, (text) => cursorLine(text).includes('axios@1.7.9'), 2000, 'three rows down');
	stdin.write(mouse(64, 10, 5));
	await waitForFrame(lastFrame, (text) => cursorLine(text).includes('express@4.21.2'));
});

test('why-paths are grouped by the direct dependency that pulls the package in', async () => {
	const harness = setupApp({initialSize: {columns: 100, rows: 40}});
	const {stdin, lastFrame} = harness;
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	await typeKeys(stdin, '/', 'd', 'e', 'b', keys.enter);
	await waitForFrame(lastFrame, (text) => cursorLine(text).includes('debug@2.6.9'));
	await typeKeys(stdin, 'w');
	const frame = await waitForFrame(lastFrame, (text) => text.includes('Why is debug@2.6.9 here'));
	assert.match(frame, /Why is debug@2\.6\.9 here: 2 paths through 2 direct dependencies/);
	assert.match(frame, /express@4\.21\.2 · 1 path\n\s+web-app › express@4\.21\.2 › debug@2\.6\.9/);
	assert.match(
		frame,
		/axios@1\.7\.9 · 1 path\n\s+web-app › axios@1\.7\.9 › follow-redirects@1\.15\.9 › debug@2\.6\.9/,
	);
});

test('at 80 columns a written file path is shown whole, not cut in the middle', async () => {
	const long = '/home/someone/commit-tui-reports/commit-tui-web-app-express-4.21.2-20261101-120000.html';
	const harness = setupApp({initialSize: {columns: 80, rows: 24}, exportReport: async () => long});
	const {stdin, lastFrame} = harness;
	await waitForFrame(lastFrame, (text) => text.includes('axios'));
	await typeKeys(stdin, 'e');
	await waitForFrame(lastFrame, (text) => text.includes('1/2 format'));
	stdin.write(keys.enter);
	await waitForFrame(lastFrame, (text) => text.includes('2/2 scope'));
	stdin.write(keys.enter);
	await waitForFrame(lastFrame, (text) => text.includes('Wrote'));
	stdin.write(keys.escape);
	const frame = await waitForFrame(lastFrame, (text) => text.includes('PACKAGE') && text.includes('Wrote'));
	assert.ok(frame.replaceAll('\n', '').includes(long), frame);
	assert.doesNotMatch(frame, /Wrote [^\n]*…/);
});
