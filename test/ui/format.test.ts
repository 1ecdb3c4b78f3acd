import assert from 'node:assert/strict';
import {test} from 'node:test';
import stringWidth from 'string-width';
import {defaultSettings} from '../../source/config/settings.js';
import {computeRollups} from '../../source/scoring/rollup.js';
import {scorePackage} from '../../source/scoring/score.js';
import {defaultThresholds} from '../../source/scoring/thresholds.js';
import {colorAllowed, colorOn} from '../../source/text/color.js';
import {fitColumns, riskParts, riskText} from '../../source/ui/format/columns.js';
import {detailLines} from '../../source/ui/format/detail.js';
import {createPalette} from '../../source/ui/format/palette.js';
import {rootSummaryLines} from '../../source/ui/format/root-summary.js';
import {
	formatColumnHeader,
	formatColumnHeaderPieces,
	formatRow,
	formatRowPieces,
	indentFor,
	labelOf,
	rowPieceWidths,
	trimTrailingSpaces,
} from '../../source/ui/format/row.js';
import {summaryLines} from '../../source/ui/format/summary.js';
import {whyLines} from '../../source/ui/format/why.js';
import {wrapForPane, wrapLines} from '../../source/ui/format/wrap.js';
import {computeLayout} from '../../source/ui/layout.js';
import {createInitialState, reducer} from '../../source/ui/state/reducer.js';
import {
	daysAgo,
	makeFacts as factoryFacts,
	makeVersion as factoryVersion,
	makeDaily,
} from '../helpers/factories.js';
import {fixedNow, makeFacts, makeGraph, makeReport} from '../helpers/ink-fixtures.js';
import {stripAnsi} from '../helpers/terminal.js';

const row = {
	key: 'root:app\u001Fnpm:a@1',
	id: 'npm:a@1',
	isRoot: false,
	depth: 1,
	parent: 0,
	hasChildren: true,
	expanded: false,
	marker: null,
};
const report = makeReport('npm:a@1', 'high', 35, makeFacts('a', '1.0.11', {weekly: 2_500_000}));
const data = {
	report,
	rollup: undefined,
	scanning: true,
	cursor: false,
	marked: false,
	match: false,
	now: fixedNow,
};

test('a row cut at its columns: pieces as wide as their columns, together the row (and the column titles)', () => {
	const columns = ['risk', 'flags', 'score', 'pubs', 'weekly', 'trend', 'last', 'age', 'adv'] as const;
	for (const width of [30, 80, 126, 200])
		for (const given of [data, {...data, cursor: true}, {...data, context: true, marked: true}])
			for (const palette of [createPalette(false), createPalette(true, 1)]) {
				const layout = fitColumns(width, columns);
				const widths = rowPieceWidths(layout);
				const pieces = formatRowPieces(row, 'a@1.0.11', given, layout, palette);
				const line = formatRow(row, 'a@1.0.11', given, layout, palette);
				assert.equal(stripAnsi(pieces.join('')), stripAnsi(line), `${width}: ${JSON.stringify(pieces)}`);
				if (!palette.enabled) assert.equal(pieces.join(''), line);
				if (widths === null) assert.deepEqual(pieces, [line], 'too narrow for its columns: one piece');
				else
					assert.deepEqual(
						pieces.map((piece) => stringWidth(piece)),
						widths,
					);
				// The row's look spans every piece: the selection bar, the dimmed context.
				if (given.cursor && palette.enabled)
					assert.ok(pieces.every((piece) => piece.startsWith('\u001B[7m')));
				const header = formatColumnHeaderPieces(layout, palette, 'PACKAGE');
				assert.equal(stripAnsi(header.join('')), stripAnsi(formatColumnHeader(layout, palette, 'PACKAGE')));
			}
});

test('narrow terminals drop TREND and LAST first, before names get short; the settings order is kept', () => {
	const all = ['risk', 'flags', 'score', 'pubs', 'weekly', 'trend', 'last'] as const;
	assert.deepEqual(fitColumns(200, all).columns, all);
	assert.deepEqual(fitColumns(100, all).columns, all);
	assert.deepEqual(fitColumns(80, all).columns, ['risk', 'flags', 'score', 'pubs', 'weekly']);
	assert.ok(fitColumns(80, all).nameWidth >= 38, 'names keep room at 80 columns');
	assert.deepEqual(fitColumns(62, all).columns, ['risk', 'flags']);
	assert.deepEqual(fitColumns(60, all).columns, ['risk']);
	assert.deepEqual(fitColumns(40, all).columns, []);
	assert.deepEqual(fitColumns(80, ['last', 'risk']).columns, ['last', 'risk'], 'settings order is kept');
});

test('a row is exactly the terminal width, with the level as a word', () => {
	for (const width of [100, 120, 200]) {
		const line = formatRow(
			row,
			'a@1.0.11',
			data,
			fitColumns(width, ['risk', 'flags', 'score', 'pubs', 'weekly', 'trend', 'last']),
			createPalette(false),
		);
		assert.equal(line.length, width, `width ${width}`);
		assert.match(line, /▸ a@1\.0\.11\s+HIGH\s+35\s+1\s+2\.5M\s+[▁▂▃▄▅▆▇█]{8}\s+1mo/);
	}

	const narrow = formatRow(
		row,
		'a@1.0.11',
		data,
		fitColumns(80, ['risk', 'flags', 'score', 'pubs', 'weekly', 'trend', 'last']),
		createPalette(false),
	);
	assert.equal(narrow.length, 80);
	assert.match(narrow, /▸ a@1\.0\.11\s+HIGH\s+35\s+1\s+2\.5M$/);
});

test('a workspace package: `local` in RISK and the rest blank, not a row of `?`', () => {
	const line = formatRow(
		row,
		'@trpc/client@11.18.0',
		{...data, report: undefined, scanning: false, lookedUp: false, source: 'workspace'},
		fitColumns(120, ['risk', 'flags', 'score', 'pubs', 'weekly', 'trend', 'last', 'age', 'adv']),
		createPalette(false),
	);
	assert.match(line, /@trpc\/client@11\.18\.0\s+local\s*$/);
});

test('TREND is scaled from zero: an 8% wobble stays high and flat, a real fall shows', () => {
	const wobble = makeFacts('a', '1.0.11', {weekly: 1_000_000, days: 364});
	const weeks = Array.from({length: 364}, (_, day) => 140_000 + (Math.floor(day / 7) % 2) * 12_000);
	const facts = {...wobble, downloads: {...wobble.downloads!, daily: makeDaily(weeks, fixedNow)}};
	const flat = formatRow(
		row,
		'a',
		{...data, report: makeReport('npm:a@1', 'good', 70, facts)},
		fitColumns(120, ['trend']),
		createPalette(false),
	);
	const trend = /([▁▂▃▄▅▆▇█]{8})/.exec(flat)?.[1] ?? '';
	assert.equal(trend.length, 8, flat);
	assert.ok(
		[...trend].every((block) => block === '▇' || block === '█'),
		`flat wobble: ${trend}`,
	);
});

test('long names are truncated with … and deep rows keep room for the name', () => {
	const deep = {...row, depth: 40};
	const line = formatRow(
		deep,
		`a-very-long-package-name-${'x'.repeat(80)}@1.0.0`,
		data,
		fitColumns(80, ['risk']),
		createPalette(false),
	);
	assert.equal(line.length, 80);
	assert.match(line, /a-very-long-package-name-x+…/);
});

test('no colour when the setting is off or NO_COLOR is set; colour codes otherwise', () => {
	assert.equal(colorOn(colorAllowed(true, {}), true), true);
	assert.equal(colorOn(colorAllowed(true, {}), false), false);
	assert.equal(colorOn(colorAllowed(true, {NO_COLOR: '1'}), true), false);
	assert.equal(colorOn(colorAllowed(true, {NO_COLOR: ''}), true), true, 'an empty NO_COLOR is unset');
	assert.equal(colorOn(colorAllowed(false, {}), true), false, '--no-color');
	const layout = fitColumns(100, ['risk', 'score']);
	// A pipe or test stream (level 0): no escape code at all.
	const plain = formatRow(row, 'a@1.0.11', {...data, cursor: true}, layout, createPalette(true, 0));
	assert.ok(!plain.includes('\u001B'));
	assert.ok(plain.startsWith('›'), 'the cursor is visible without colour');
	const coloured = formatRow(row, 'a@1.0.11', {...data, cursor: true}, layout, createPalette(true, 1));
	assert.ok(coloured.includes('\u001B[31m'), 'colour on a terminal');
	assert.equal(stripAnsi(coloured), plain);
	// NO_COLOR (colour off on a real terminal): no colour, but the selection bar stays reverse video.
	const noColor = formatRow(row, 'a@1.0.11', {...data, cursor: true}, layout, createPalette(false, 3));
	assert.ok(noColor.includes('\u001B[7m'), 'reverse video stays');
	assert.doesNotMatch(noColor, /\u001B\[(3[0-7]|9[0-7]|38;)/, 'no colour code');
	assert.equal(stripAnsi(noColor), plain);
});

test('the RISK cell is the package own level; what sits beneath is apart: ▲ critical+high, ▵ moderate, … partial', () => {
	const counts = {critical: 1, high: 2, moderate: 0, good: 0, healthy: 3, unknown: 0};
	const cell = (...args: Parameters<typeof riskParts>) => riskText(riskParts(...args));
	const done = {scanning: false, isRoot: false};
	// A healthy package over critical ones is HEALTHY, dragging in 3.
	assert.equal(cell(makeReport('x', 'healthy', 83), {worst: 'critical', counts}, done), 'HEALTHY  ▲3');
	assert.equal(
		cell(
			makeReport('x', 'critical', 70),
			{worst: 'healthy', counts: {...counts, critical: 0, high: 0}},
			done,
		),
		'CRITICAL',
	);
	// A GOOD package over a MODERATE child says so (it used to show just GOOD).
	const moderate = {...counts, critical: 0, high: 0, moderate: 2};
	assert.equal(cell(makeReport('x', 'good', 70), {worst: 'moderate', counts: moderate}, done), 'GOOD     ▵2');
	// A root with only moderate packages beneath reads MODERATE (it used to show –).
	assert.equal(
		cell(undefined, {worst: 'moderate', counts: moderate}, {scanning: false, isRoot: true}),
		'MODERATE ▵2',
	);
	// A root with nothing beneath (a monorepo's own package, all of it in workspaces): nothing to rate, no `?`.
	const none = {critical: 0, high: 0, moderate: 0, good: 0, healthy: 0, unknown: 0};
	for (const scanning of [false, true])
		assert.equal(cell(undefined, {worst: 'unknown', counts: none}, {scanning, isRoot: true}), '');
	// …but one whose packages are all unknown says so.
	assert.equal(
		cell(undefined, {worst: 'unknown', counts: {...none, unknown: 3}}, {scanning: false, isRoot: true}),
		'?',
	);
	// Partial while streaming: something beneath has no level yet.
	assert.equal(
		cell(
			makeReport('x', 'good', 70),
			{worst: 'critical', counts: {...counts, unknown: 4}},
			{scanning: true, isRoot: false},
		),
		'GOOD     ▲3…',
	);
	assert.equal(cell(undefined, undefined, {scanning: true, isRoot: false}), '…');
	assert.equal(cell(undefined, undefined, {scanning: false, isRoot: false}), '?');
	assert.equal(
		cell(makeReport('x', 'unknown', null), undefined, done),
		'?',
		'unknown is ? — never UNKNOWN or –',
	);
	assert.equal(
		cell(undefined, undefined, {scanning: true, isRoot: false, lookedUp: false}),
		'?',
		'a git dependency never arrives',
	);
	// Told where it comes from, the cell says so rather than `?` (nobody publishes it to look up).
	const notLookedUp = {scanning: true, isRoot: false, lookedUp: false} as const;
	assert.equal(cell(undefined, undefined, {...notLookedUp, source: 'workspace'}), 'local');
	assert.equal(cell(undefined, undefined, {...notLookedUp, source: 'file'}), 'local');
	assert.equal(cell(undefined, undefined, {...notLookedUp, source: 'git'}), 'git');
	assert.equal(cell(makeReport('x', 'unknown', null), undefined, {...done, source: 'url'}), 'url');
	// What lies beneath a local package still shows.
	assert.equal(
		cell(undefined, {worst: 'critical', counts}, {...notLookedUp, scanning: false, source: 'workspace'}),
		'local    ▲3',
	);
	assert.equal(cell(undefined, undefined, {...done, source: 'registry'}), '?');
});

test('layout: usable at 80×24, the root never reaches the last line; a side detail pane when wide', () => {
	const small = computeLayout({columns: 80, rows: 24});
	assert.equal(small.height, 23);
	assert.equal(small.treeHeight, 17);
	assert.equal(small.sideWidth, 0);
	assert.equal(small.treeWidth, 80);
	const big = computeLayout({columns: 200, rows: 50});
	// The side pane shows the selected package, so the summary under the tree is the prompt line only.
	assert.equal(big.treeHeight, 45);
	assert.ok(
		big.sideWidth >= 56 && big.treeWidth + 1 + big.sideWidth === 200,
		`tree ${big.treeWidth} side ${big.sideWidth}`,
	);
	assert.equal(computeLayout({columns: 140, rows: 50}).sideWidth, 0);
	assert.ok(computeLayout({columns: 80, rows: 10}).treeHeight >= 5);
});

test('indentation: a child never draws at its parent indent, however deep', () => {
	for (const nameWidth of [38, 60, 72]) {
		let previous = indentFor(0, nameWidth);
		for (let depth = 1; depth < 60; depth++) {
			const here = indentFor(depth, nameWidth);
			const moved = here.text.length + here.label.length > previous.text.length + previous.label.length;
			assert.ok(moved || here.label !== previous.label, `depth ${depth} at ${nameWidth}`);
			assert.ok(here.text.length + here.label.length <= nameWidth / 2, 'the name keeps half the column');
			previous = here;
		}
	}
});

test('dev-only packages carry a dev tag; cycles and deduped rows say so', () => {
	const layout = fitColumns(100, ['risk']);
	const palette = createPalette(false);
	assert.match(formatRow(row, 'a@1.0.11', {...data, dev: true}, layout, palette), /▸ a@1\.0\.11 dev\s+HIGH/);
	assert.match(
		formatRow({...row, marker: 'cycle'}, 'a@1.0.11', data, layout, palette),
		/↻ a@1\.0\.11 \(cycle\)/,
	);
	assert.match(
		formatRow({...row, marker: 'deduped'}, 'a@1.0.11', data, layout, palette),
		/▸ a@1\.0\.11 \(deduped\)/,
	);
});

/** The detail pane of a package as plain text: idle, online, no roll-up, at the fixtures' clock. */
function plainDetail(
	graph: Parameters<typeof detailLines>[0]['graph'],
	id: string,
	report: Parameters<typeof detailLines>[0]['report'],
): string[] {
	const input = {graph, id, report, rollup: undefined, scanning: false, offline: false, progress: null};
	return detailLines({...input, now: fixedNow, palette: createPalette(false)}).map(stripAnsi);
}

test('detail pane: each unknown section names only its own request error', () => {
	const graph = makeGraph({app: ['a@1'], 'a@1': []});
	const facts = {
		...makeFacts('a', '1', {}),
		metadata: null,
		locked: null,
		downloads: null,
		errors: ['metadata: HTTP 500', 'downloads: rate-limited (429)'],
	};
	const lines = plainDetail(graph, 'npm:a@1', makeReport('npm:a@1', 'unknown', null, facts));
	const after = (heading: string) => lines[lines.findIndex((line) => line.trim() === heading) + 1]?.trim();
	assert.equal(after('Publishers'), 'unknown: HTTP 500');
	assert.equal(after('Downloads'), 'unknown: rate-limited (429)');
	assert.equal(after('Releases'), 'unknown: HTTP 500');
});

test('detail pane of a workspace package: what it is, not three sections of "unknown"', () => {
	const base = makeGraph({app: ['a@1'], 'a@1': ['b@2'], 'b@2': []});
	const local = {...base.packages.get('npm:a@1')!, source: 'workspace' as const};
	const graph = {...base, packages: new Map([...base.packages, ['npm:a@1', local]])};
	const lines = plainDetail(graph, 'npm:a@1', undefined);
	assert.equal(lines[0], 'a@1 · local · not in any registry');
	assert.ok(lines.some((line) => line.startsWith('A workspace dependency: there is nothing to look up')));
	for (const heading of ['Publishers', 'Downloads', 'Releases', 'This release'])
		assert.ok(!lines.some((line) => line.trim().startsWith(heading)), `no ${heading} section`);
	assert.ok(lines.some((line) => line.trim() === 'Why is this here'));
});

test('FLAGS: ⚑n counts the warning flags of the row, generic over ids; informational ones are not counted', () => {
	const layout = fitColumns(120, ['risk', 'flags', 'score']);
	const palette = createPalette(false);
	const flagged = (...ids: string[]) =>
		formatRow(
			row,
			'a@1.0.11',
			{...data, report: {...report, flags: ids.map((id) => ({id, message: id}) as never)}},
			layout,
			palette,
		);
	assert.match(flagged('new-publisher', 'deprecated'), /HIGH\s+⚑2\s+35/);
	// An id no one here knows yet (a release-evidence flag) still counts.
	assert.match(flagged('install-script-added'), /HIGH\s+⚑1\s+35/);
	assert.match(flagged('behind-latest'), /HIGH\s+35/, 'behind-latest only informs');
	assert.doesNotMatch(flagged('behind-latest'), /⚑/);
});

test('why-paths say 1 path, and group paths under the direct dependency that brings them', () => {
	const graph = makeGraph({
		app: ['a@1', 'b@1'],
		'a@1': ['c@1'],
		'b@1': ['c@1', 'd@1'],
		'd@1': ['c@1'],
		'c@1': [],
	});
	const lines = whyLines(graph, graph, 'npm:c@1', createPalette(false));
	assert.equal(lines[0], 'Why is c@1 here: 3 paths through 2 direct dependencies');
	assert.deepEqual(lines.slice(2), [
		'a@1 · 1 path',
		'  app › a@1 › c@1',
		'',
		'b@1 · 2 paths',
		'  app › b@1 › c@1',
		'  app › b@1 › d@1 › c@1',
		'',
	]);
	assert.equal(
		whyLines(graph, graph, 'npm:a@1', createPalette(false))[0],
		'Why is a@1 here: 1 path through 1 direct dependency',
	);
});

test('the footer halves never run together, at any width', () => {
	const graph = makeGraph({app: ['a@1'], 'a@1': []});
	const facts = makeFacts('a', '1', {publishers: ['publisher-with-a-long-name'], weekly: 5_000});
	let state = createInitialState({graph, settings: defaultSettings, size: {columns: 120, rows: 40}});
	const reports = new Map([
		['npm:a@1', makeReport('npm:a@1', 'moderate', 50, facts, {reasons: ['x'.repeat(200)]})],
	]);
	state = reducer(state, {
		type: 'data',
		data: {
			reports,
			rollups: computeRollups(graph, reports),
			publishers: [],
			progress: null,
			scanning: false,
			version: 1,
		},
	});
	state = reducer(state, {type: 'move', delta: 1});
	for (const width of [110, 120, 160]) {
		const [first] = summaryLines(state, {
			palette: createPalette(false),
			width,
			lines: 3,
			now: fixedNow,
			offline: false,
		});
		assert.match(first!, /…\s{2,}Publishers: publisher-with-a-long-name/, `width ${width}: ${first}`);
	}
});

test('a root with nothing beneath reads as such in its row and its summary: no `?`', () => {
	const graph = makeGraph({mono: [], app: ['a@1'], 'a@1': []});
	let state = createInitialState({graph, settings: defaultSettings, size: {columns: 120, rows: 40}});
	const reports = new Map([['npm:a@1', makeReport('npm:a@1', 'good', 70, makeFacts('a', '1'))]]);
	const rollups = computeRollups(graph, reports);
	state = reducer(state, {
		type: 'data',
		data: {reports, rollups, publishers: [], progress: null, scanning: false, version: 1},
	});
	const options = {palette: createPalette(false), width: 120, lines: 3, now: fixedNow, offline: false};
	const at = (id: string) => state.rows.findIndex((row) => row.id === id);
	state = reducer(state, {type: 'move', delta: at(graph.roots[0]!.id) - state.cursor});
	const [first] = summaryLines(state, options);
	assert.match(first!, /^mono \(mono\/package-lock\.json\) {2,}0 direct dependencies/);
	assert.doesNotMatch(first!, /\?/);

	const summary = rootSummaryLines({
		root: graph.roots[0]!,
		graph,
		fullGraph: graph,
		reports,
		rollup: rollups.get('root:mono'),
		publishers: [],
		hiddenDev: 0,
		filtered: false,
		scanning: false,
		progress: null,
		now: fixedNow,
		palette: createPalette(false),
		rollupLine: null,
	});
	assert.ok(summary.includes("  levels (each package's own): none (nothing beneath)"), summary.join('\n'));
	state = reducer(state, {type: 'move', delta: at(graph.roots[1]!.id) - state.cursor});
	assert.match(summaryLines(state, options)[0]!, / · GOOD/);
});

test('the root summary says in full what the header may only count: each host down and why, the advisories', () => {
	const graph = makeGraph({app: ['a@1'], 'a@1': []});
	const facts = {
		...makeFacts('a', '1'),
		errors: ['metadata: not a packument', 'downloads: host down (api.npmjs.org: DNS lookup failed)'],
	};
	const summary = rootSummaryLines({
		root: graph.roots[0]!,
		graph,
		fullGraph: graph,
		reports: new Map([['npm:a@1', makeReport('npm:a@1', 'unknown', null, facts)]]),
		rollup: undefined,
		publishers: [],
		hiddenDev: 0,
		filtered: false,
		scanning: false,
		progress: {
			total: 1,
			done: 1,
			errors: 1,
			rateLimitedUntil: null,
			rateLimitedHost: null,
			downHosts: ['api.npmjs.org: DNS lookup failed'],
			pacedHosts: [],
			advisories: {
				state: 'done',
				done: 0,
				total: 1,
				errors: 1,
				down: 'api.osv.dev: DNS lookup failed',
				rateLimitedUntil: null,
				oldestCached: null,
				exportFiles: [],
			},
		},
		now: fixedNow,
		palette: createPalette(false),
		rollupLine: null,
	});
	const scan = summary.slice(summary.indexOf('Scan'));
	assert.deepEqual(scan.slice(0, 6), [
		'Scan',
		'  done: 1/1 · 1 error',
		'  down: api.npmjs.org: DNS lookup failed',
		'  advisories unavailable (api.osv.dev: DNS lookup failed)',
		'  advisories unknown for 1',
		// The packages' own errors by reason; a host's being down is said above, not again.
		'  errors: metadata: not a packument (1)',
	]);
});

test('a pane wraps only what it shows, and its last line counts the detail lines not shown whole', () => {
	const long = `Required by: ${Array.from({length: 40}, (_, index) => `package-${index}@1.0.0`).join(', ')}`;
	assert.deepEqual(wrapForPane(['a', 'b', 'c'], 20, 3), {lines: ['a', 'b', 'c'], more: 0}, 'exactly full');
	assert.deepEqual(
		wrapForPane(['a', 'b', 'c', 'd'], 20, 3),
		{lines: ['a', 'b'], more: 2},
		'c and d are not shown',
	);
	// The long line wraps across the pane's end: it counts as not shown, with everything after it.
	const pane = wrapForPane(['title', long, 'after', 'more'], 30, 5);
	assert.equal(pane.lines.length, 4);
	assert.equal(pane.lines[0], 'title');
	assert.deepEqual(pane.lines.slice(1), wrapLines([long], 30).slice(0, 3));
	assert.equal(pane.more, 3);
	for (const line of pane.lines) assert.ok(stringWidth(line) <= 30);
});

test('trailing blanks go, before closing style codes; nothing else changes', () => {
	assert.equal(trimTrailingSpaces('ab   '), 'ab');
	assert.equal(trimTrailingSpaces('\u001B[2mab  cd   \u001B[22m'), '\u001B[2mab  cd\u001B[22m');
	assert.equal(trimTrailingSpaces('  ab'), '  ab');
});

test('detail pane: a file added to an old PyPI release is named under "This release", with its upload and the evidence', () => {
	const graph = makeGraph({app: ['lateship@1.5.0'], 'lateship@1.5.0': []});
	const uploaded = new Date(fixedNow.getTime() - 3 * 3_600_000).toISOString();
	const filename = 'lateship-1.5.0-cp313-cp313-manylinux_2_17_x86_64.whl';
	const versions = [
		factoryVersion('1.4.0', daysAgo(1100, fixedNow), {provenance: true}),
		factoryVersion('1.5.0', daysAgo(700, fixedNow), {
			provenance: true,
			lateFile: {filename, uploaded, withoutProvenance: true},
		}),
	];
	const facts = factoryFacts({
		name: 'lateship',
		ecosystem: 'pypi',
		version: '1.5.0',
		versions,
		coverage: {provenance: true},
		now: fixedNow,
	});
	const report = scorePackage('pypi:lateship@1.5.0', facts, defaultThresholds, fixedNow);
	const lines = plainDetail(graph, 'npm:lateship@1.5.0', report);
	const text = lines.join('\n');
	assert.ok(
		lines.includes(`  a file added later: ${filename}, uploaded 3 hours ago (${uploaded.slice(0, 10)})`),
		text,
	);
	assert.match(text, /⚑ cooldown: 1\.5\.0 was published 22 months ago, but its file lateship-1\.5\.0-cp313/);
	assert.match(text, /⚑ provenance-dropped: 1\.5\.0's file lateship-1\.5\.0-cp313/);
	assert.match(text, /This release · HIGH/);
});

test('a --package root is named once (its spec is also its "lockfile"); a lockfile root beside others says its file', () => {
	const graph = {
		packages: new Map(),
		roots: [
			{id: 'root:a', name: 'npm:express@^4', lockfile: 'npm:express@^4', dependencies: []},
			{id: 'root:b', name: 'app', lockfile: 'package-lock.json', dependencies: []},
		],
	} as unknown as Parameters<typeof labelOf>[0];
	assert.equal(labelOf(graph, 'root:a'), 'npm:express@^4');
	assert.equal(labelOf(graph, 'root:b'), 'app (package-lock.json)');
});
