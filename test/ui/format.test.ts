import assert from 'node:assert/strict';
import {test} from 'node:test';
import {colorAllowed, colorOn} from '../../source/text/color.js';
import {fitColumns} from '../../source/ui/format/columns.js';
import {detailLines} from '../../source/ui/format/detail.js';
import {createPalette} from '../../source/ui/format/palette.js';
import {formatRow, riskCell} from '../../source/ui/format/row.js';
import {computeLayout} from '../../source/ui/layout.js';
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

test('columns are dropped right-to-left when the terminal is narrow; the name keeps its minimum', () => {
	const all = ['risk', 'score', 'pubs', 'weekly', 'trend', 'last'] as const;
	assert.deepEqual(fitColumns(200, all).columns, all);
	assert.deepEqual(fitColumns(80, all).columns, all);
	assert.deepEqual(fitColumns(60, all).columns, ['risk', 'score', 'pubs', 'weekly']);
	assert.deepEqual(fitColumns(40, all).columns, ['risk']);
	assert.deepEqual(fitColumns(30, all).columns, []);
	assert.ok(fitColumns(60, all).nameWidth >= 24);
	assert.deepEqual(fitColumns(80, ['last', 'risk']).columns, ['last', 'risk'], 'settings order is kept');
});

test('a row is exactly the terminal width, with the level as a word', () => {
	for (const width of [80, 120, 200]) {
		const line = formatRow(
			row,
			'a@1.0.11',
			data,
			fitColumns(width, ['risk', 'score', 'pubs', 'weekly', 'trend', 'last']),
			createPalette(false),
		);
		assert.equal(line.length, width, `width ${width}`);
		assert.match(line, /▸ a@1\.0\.11\s+HIGH\s+35\s+1\s+2\.5M\s+[▁▂▃▄▅▆▇█]{8}\s+1mo/);
	}
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
	const plain = formatRow(row, 'a@1.0.11', {...data, cursor: true}, layout, createPalette(false, 3));
	assert.ok(!plain.includes('\u001B'));
	assert.ok(plain.startsWith('›'), 'the cursor is visible without colour');
	const coloured = formatRow(row, 'a@1.0.11', {...data, cursor: true}, layout, createPalette(true, 1));
	assert.ok(coloured.includes('\u001B['));
	assert.equal(stripAnsi(coloured), plain);
});

test('the RISK cell shows the worse of own level and roll-up, with ▲ critical+high beneath; … while scanning', () => {
	const counts = {critical: 1, high: 2, moderate: 0, good: 0, healthy: 3, unknown: 0};
	assert.deepEqual(riskCell(makeReport('x', 'good', 70), {worst: 'critical', counts}, true), {
		level: 'critical',
		text: 'CRITICAL ▲3',
	});
	assert.deepEqual(
		riskCell(
			makeReport('x', 'critical', 70),
			{worst: 'healthy', counts: {...counts, critical: 0, high: 0}},
			true,
		),
		{level: 'critical', text: 'CRITICAL'},
	);
	assert.deepEqual(riskCell(undefined, undefined, true), {level: 'unknown', text: '…'});
	assert.deepEqual(riskCell(undefined, undefined, false), {level: 'unknown', text: '–'});
});

test('layout: usable at 80×24, the root never reaches the last line', () => {
	const small = computeLayout({columns: 80, rows: 24});
	assert.equal(small.height, 23);
	assert.equal(small.treeHeight, 17);
	const big = computeLayout({columns: 200, rows: 50});
	assert.equal(big.treeHeight, 43);
	assert.ok(computeLayout({columns: 80, rows: 10}).treeHeight >= 5);
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

test('detail pane: each unknown section names only its own request error', () => {
	const graph = makeGraph({app: ['a@1'], 'a@1': []});
	const facts = {
		...makeFacts('a', '1', {}),
		metadata: null,
		locked: null,
		downloads: null,
		errors: ['metadata: HTTP 500', 'downloads: rate-limited (429)'],
	};
	const lines = detailLines({
		graph,
		id: 'npm:a@1',
		report: makeReport('npm:a@1', 'unknown', null, facts),
		rollup: undefined,
		scanning: false,
		offline: false,
		progress: null,
		now: fixedNow,
		palette: createPalette(false),
	}).map(stripAnsi);
	const after = (heading: string) => lines[lines.findIndex((line) => line.trim() === heading) + 1]?.trim();
	assert.equal(after('Publishers'), 'unknown: HTTP 500');
	assert.equal(after('Downloads'), 'unknown: rate-limited (429)');
	assert.equal(after('Releases'), 'unknown: HTTP 500');
});
