import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {render} from 'ink-testing-library';
import {diffGraphs} from '../../source/diff/graph-diff.js';
import {buildDiffModel} from '../../source/diff/model.js';
import {loadProject} from '../../source/lockfiles/index.js';
import type {PackageReport} from '../../source/scoring/types.js';
import {DiffView, headerLine} from '../../source/ui/diff/DiffView.js';
import {diffTreeRows} from '../../source/ui/diff/diff-rows.js';
import {createPalette} from '../../source/ui/format/palette.js';
import {textWidth} from '../../source/ui/format/text-width.js';
import {makeFacts, makeReport, scoreFacts} from '../helpers/factories.js';
import {injectedLockfile} from '../helpers/injected-lockfile.js';
import {fixturePath} from '../helpers/paths.js';
import {keys, waitForFrame} from '../helpers/terminal.js';

const side = (...parts: string[]) => loadProject({directory: fixturePath(...parts)});

function model(baseParts: string[], headParts: string[], reports = new Map<string, PackageReport>()) {
	const base = side(...baseParts);
	const head = side(...headParts);
	return buildDiffModel({
		base: {label: 'main', commit: null, graph: base},
		head: {label: 'the working tree', commit: null, graph: head},
		diff: diffGraphs(base, head),
		reports,
	});
}

describe('the diff tree', () => {
	test('only the branches leading to a change, marked + ~ −', () => {
		const workspace = model(['diff', 'workspace-added', 'base'], ['diff', 'workspace-added', 'head']);
		const lines = diffTreeRows(workspace).map((row) => `${'  '.repeat(row.depth)}${row.mark} ${row.label}`);
		assert.deepEqual(lines, [
			'root @mono/app',
			'  + @mono/util@1.2.0',
			'    + lodash@4.17.21',
			'root @mono/util',
			'  + lodash@4.17.21',
			'  + ms@2.1.3',
		]);
		const removed = model(['diff', 'added-direct', 'head'], ['diff', 'added-direct', 'base']);
		assert.deepEqual(
			diffTreeRows(removed).map((row) => `${row.mark} ${row.label}`),
			['root web-app', '− axios@1.7.9', '− follow-redirects@1.15.9', '− form-data@4.0.1'],
		);
		const bump = model(['diff', 'bump', 'base'], ['diff', 'bump', 'head']);
		assert.deepEqual(
			diffTreeRows(bump).map((row) => [row.mark, row.label, row.from]),
			[
				['root', 'web-app', undefined],
				['~', 'chalk@5.3.0', '4.1.2'],
			],
		);
	});

	test('the same version from another tarball host (an edited resolved) is a ~ row that says so', () => {
		const injected = injectedLockfile();
		try {
			const baseGraph = side('diff', 'bump', 'base');
			const headGraph = loadProject({directory: injected.folder});
			const model = buildDiffModel({
				base: {label: 'main', commit: null, graph: baseGraph},
				head: {label: 'the working tree', commit: null, graph: headGraph},
				diff: diffGraphs(baseGraph, headGraph),
				reports: new Map(),
			});
			const row = diffTreeRows(model).find((each) => each.label === 'axios@1.7.9')!;
			assert.equal(row.mark, '~');
			assert.equal(row.otherHost, true);
			assert.equal(row.from, undefined, 'no version it moved from');
		} finally {
			injected.remove();
		}
	});

	test('in the terminal: the changed branches with their levels, the selected row explained', async () => {
		const reports = new Map<string, PackageReport>([
			[
				'npm:axios@1.7.9',
				scoreFacts(
					'npm:axios@1.7.9',
					makeFacts({name: 'axios', version: '1.7.9', publishers: ['jasonsaayman'], weekly: 99_000_000}),
				),
			],
			[
				'npm:follow-redirects@1.15.9',
				makeReport('npm:follow-redirects@1.15.9', {
					risk: 'high',
					reasons: ['1 publisher and 41.0M downloads a week'],
				}),
			],
			['npm:form-data@4.0.1', makeReport('npm:form-data@4.0.1', {risk: 'healthy'})],
		]);
		const diff = model(['diff', 'added-direct', 'base'], ['diff', 'added-direct', 'head'], reports);
		const view = render(
			<DiffView
				model={diff}
				palette={createPalette(false)}
				title="commit-tui diff · main → the working tree"
				counts="1 added · 0 changed · 0 removed"
				initialSize={{columns: 100, rows: 20}}
			/>,
		);
		const frame = await waitForFrame(view, (text) => text.includes('+ axios@1.7.9'));
		assert.match(frame, /^commit-tui diff · main → the working tree · 1 added · 0 changed · 0 removed$/m);
		assert.match(frame, /^› web-app$/m);
		assert.match(frame, /\+ axios@1\.7\.9\s+CRITICAL/);
		assert.match(frame, /\+ follow-redirects@1\.15\.9\s+HIGH/);
		assert.doesNotMatch(frame, /express|chalk/, 'unchanged branches are left out');
		view.stdin.write(keys.down);
		const selected = await waitForFrame(view, (text) =>
			text.includes('axios@1.7.9 · structure: 1 publisher'),
		);
		assert.match(selected, /^› {2}\+ axios@1\.7\.9 +CRITICAL$/m);
		assert.doesNotMatch(selected, /…/, 'every row fits the width');
		// Ctrl+K and Ctrl+Q are not k and q: the next ↓ goes on from axios, in a view still running.
		view.stdin.write('\u000B');
		view.stdin.write('\u0011');
		view.stdin.write(keys.down);
		await waitForFrame(
			view,
			(text) => /^› {4}\+ follow-redirects@1\.15\.9/m.test(text),
			2000,
			'the row after axios',
		);
		// Keys typed faster than the terminal is read arrive as one string: each is applied.
		view.stdin.write('kkj');
		await waitForFrame(view, (text) => /^› {2}\+ axios@1\.7\.9/m.test(text), 2000, 'k, k, j: axios again');
		view.stdin.write('q');
		view.unmount();
	});
});

describe('accepted findings in the detail pane', () => {
	test('dimmed, with the reason and the policy line', async () => {
		const {detailLines} = await import('../../source/ui/format/detail.js');
		const graph = side('diff', 'bump', 'head');
		const report = makeReport('npm:chalk@5.3.0', {
			risk: 'high',
			ignored: [
				{
					kind: 'flag',
					id: 'cooldown',
					message: 'locked version published 2 hours ago',
					reason: 'reviewed',
					source: '.commit-tui.yml:4',
					expires: '2027-01-31',
				},
			],
		});
		const plain = detailLines({
			graph,
			id: 'npm:chalk@5.3.0',
			report,
			rollup: undefined,
			scanning: false,
			offline: false,
			progress: null,
			now: new Date('2026-06-01T00:00:00Z'),
			palette: createPalette(false),
		});
		const index = plain.indexOf("Accepted by the project's policy");
		assert.ok(index > 0, plain.join('\n'));
		assert.equal(
			plain[index + 1],
			'  ✓ locked version published 2 hours ago — reviewed (.commit-tui.yml:4, until 2027-01-31)',
		);
		const coloured = detailLines({
			graph,
			id: 'npm:chalk@5.3.0',
			report,
			rollup: undefined,
			scanning: false,
			offline: false,
			progress: null,
			now: new Date('2026-06-01T00:00:00Z'),
			palette: createPalette(true, 1),
		});
		assert.match(coloured.find((line) => line.includes('reviewed'))!, /^\u001b\[2m/, 'dimmed');
	});
});

test('the diff header cuts the two lockfile paths in the middle, never the counts', () => {
	const title =
		'commit-tui diff · /home/someone/projects/web-app/package-lock.json → /tmp/checkouts/web-app-pr-1234/package-lock.json';
	const counts = '12 added · 3 changed · 1 removed';
	const line = headerLine(title, counts, 80);
	assert.equal(textWidth(line), 80);
	assert.ok(line.endsWith(` · ${counts}`), line);
	assert.ok(line.startsWith('commit-tui diff · /hom'), line);
	assert.match(line, /…/);
	assert.equal(headerLine('commit-tui diff · a → b', counts, 80), `commit-tui diff · a → b · ${counts}`);
});
