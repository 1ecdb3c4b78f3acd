import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {renderHtml, renderMarkdown, renderReport, renderSummary} from '../../source/report/index.js';
import type {PackageReport} from '../../source/scoring/types.js';
import {makeFacts, makeGraph, makeHostileFixture, NOW, scoreFacts} from '../helpers/factories.js';

const meta = {toolVersion: '0.1.0', generatedAt: NOW};

function fixture() {
	const graph = makeGraph({
		roots: {'web-app': ['axios@1.7.9', 'express@4.21.2']},
		packages: {
			'axios@1.7.9': ['follow-redirects@1.15.9'],
			'express@4.21.2': ['follow-redirects@1.15.9', 'tiny@0.0.1'],
			'follow-redirects@1.15.9': [],
			'tiny@0.0.1': [],
		},
	});
	const score = (id: string, spec: Parameters<typeof makeFacts>[0]) =>
		[id, scoreFacts(id, makeFacts(spec))] as const;
	const reports = new Map<string, PackageReport>([
		score('npm:axios@1.7.9', {
			name: 'axios',
			version: '1.3.9',
			publishers: ['jasonsaayman'],
			weekly: 99_200_000,
		}),
		score('npm:express@4.21.2', {
			name: 'express',
			version: '1.3.9',
			publishers: ['a', 'b', 'c', 'd', 'e'],
			weekly: 38_100_000,
		}),
		score('npm:follow-redirects@1.15.9', {
			name: 'follow-redirects',
			version: '1.3.9',
			publishers: ['jasonsaayman', 'olalonde'],
			weekly: 41_000_000,
		}),
	]);
	return {graph, reports};
}

describe('Markdown report', () => {
	it('has the scope, a summary, the top publishers and a table per level, worst first', () => {
		const {graph, reports} = fixture();
		const md = renderMarkdown({graph, reports, meta});
		assert.match(md, /^# commit-tui report\n/);
		assert.match(md, /\*\*Scope:\*\* the whole tree · \*\*Packages:\*\* 4/);
		assert.match(md, /\| CRITICAL \| 1 \|\n\| HIGH \| 0 \|/);
		assert.match(md, /\| UNKNOWN \| 1 \|/);
		assert.match(md, /\| jasonsaayman \| npm \| 2 \| 140M \|/);
		assert.ok(md.indexOf('## CRITICAL (1)') < md.indexOf('<summary>HEALTHY (2)</summary>'));
		assert.match(
			md,
			/\| axios@1\.7\.9 \(direct\) \| \d+ \| 1 \| 99\.2M \| 20d \| — \| structure: 1 publisher and 99\.2M downloads a week;/,
		);
		assert.match(md, /<summary>UNKNOWN \(1\)<\/summary>\n\n\| Package/);
		assert.match(
			md,
			/\| tiny@0\.0\.1 \(via express › tiny\) \| \? \| \? \| \? \| \? \| — \| no registry data \(not fetched\) \| — \|/,
		);
		// Every table row has the same number of unescaped column separators as its header.
		for (const line of md.split('\n').filter((candidate) => candidate.startsWith('| '))) {
			const columns = line.replace(/\\\|/g, '').split('|').length;
			assert.ok([4, 6, 7, 10].includes(columns), line);
		}
	});

	it('says so when there is no registry data at all', () => {
		const {graph} = fixture();
		assert.match(
			renderMarkdown({graph, reports: new Map(), meta}),
			/No registry data: every package is unknown/,
		);
	});

	it('covers only the scope and names it', () => {
		const {graph, reports} = fixture();
		const md = renderMarkdown({graph, reports, meta, scope: {kind: 'subtree', id: 'npm:axios@1.7.9'}});
		assert.match(md, /\*\*Scope:\*\* the subtree of axios@1\.7\.9 · \*\*Packages:\*\* 2/);
		assert.doesNotMatch(md, /express@4\.21\.2/);
		assert.doesNotMatch(md, /tiny@/);
	});
});

describe('HTML report', () => {
	it('is one self-contained document: inline CSS and JS, no network', () => {
		const {graph, reports} = fixture();
		const html = renderHtml({graph, reports, meta});
		assert.match(html, /^<!doctype html>/);
		assert.match(html, /<style>[\s\S]+<\/style>/);
		assert.match(html, /<script>[\s\S]+aria-sort[\s\S]+<\/script>/);
		assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
		assert.doesNotMatch(html, /<(link|img|iframe)\b|src=|href=|@import|url\(/i);
		assert.doesNotMatch(html, /https?:\/\//);
		const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
		assert.doesNotThrow(() => new Function(script), 'the inline sorting script parses');
	});

	it('has a sortable row per package with sort values, the same facts as the other formats', () => {
		const {graph, reports} = fixture();
		const html = renderHtml({
			graph,
			reports,
			meta,
			scope: {kind: 'marked', ids: ['npm:axios@1.7.9', 'npm:tiny@0.0.1']},
		});
		assert.equal(html.match(/<tr class="risk-/g)?.length, 2);
		assert.match(
			html,
			/<tr class="risk-critical"><td data-value="axios"><code>axios@1\.7\.9<\/code> <span class="tag">direct<\/span><\/td><td data-value="0"><span class="level">CRITICAL<\/span>/,
		);
		assert.match(html, /<td data-value="99200000">99\.2M<\/td>/);
		assert.match(html, /Scope: <strong>2 marked packages<\/strong>/);
		assert.match(html, /<th data-column="4" data-type="number" scope="col">Weekly<\/th>/);
	});
});

describe('summary (non-TTY stdout without --format)', () => {
	it('prints counts per level, the top risks and the top publisher accounts, without colour', () => {
		const {graph, reports} = fixture();
		const text = renderSummary({graph, reports, meta});
		const lines = text.split('\n');
		assert.equal(lines[0], 'commit-tui 0.1.0 · the whole tree · 4 packages · 1 lockfile');
		assert.equal(lines[1], 'Risk: 1 critical · 2 healthy · 1 unknown');
		assert.ok(lines.includes('Top risks:'));
		assert.match(
			text,
			/\n {2}CRITICAL {2}axios@1\.7\.9 {2}structure: 1 publisher and 99\.2M downloads a week\n/,
		);
		assert.match(
			text,
			/Top publisher accounts:\n {2}jasonsaayman \(npm\): 2 packages · 140M downloads a week\n/,
		);
		assert.doesNotMatch(text, /\x1b/);
	});

	it('writes counts as the header does, with thousands separated', () => {
		const names = Array.from({length: 1200}, (_, index) => `p${index}@1.0.0`);
		const graph = makeGraph({
			roots: {app: names},
			packages: Object.fromEntries(names.map((name) => [name, []])),
		});
		const text = renderSummary({graph, reports: new Map(), meta});
		assert.match(text, / · 1,200 packages · /);
		assert.match(text, /\nRisk: 1,200 unknown\n/);
	});

	it('handles a graph-only run and an empty tree', () => {
		const {graph} = fixture();
		const text = renderSummary({graph, reports: new Map(), meta});
		assert.match(
			text,
			/Risk: 4 unknown\nNo registry data \(offline or not fetched\): every package is unknown\./,
		);
		assert.doesNotMatch(text, /Top risks/);
		const empty = renderSummary({graph: makeGraph({roots: {app: []}}), reports: new Map(), meta});
		assert.match(empty, /0 packages · 1 lockfile\nRisk: no packages\n/);
	});

	it('says when nothing is at moderate or above', () => {
		const graph = makeGraph({roots: {app: ['ok@1.0.0']}, packages: {'ok@1.0.0': []}});
		const reports = new Map([
			[
				'npm:ok@1.0.0',
				scoreFacts(
					'npm:ok@1.0.0',
					makeFacts({name: 'ok', version: '1.3.9', publishers: ['a', 'b', 'c', 'd', 'e'], weekly: 5_000_000}),
				),
			],
		]);
		assert.match(renderSummary({graph, reports, meta}), /No package at moderate risk or above\./);
	});
});

describe('local packages (workspace, link, folder, git) are unknown by nature, and said so', () => {
	/** The fixture with `tiny` a workspace package (no report: it is never looked up). */
	function withLocal() {
		const {graph, reports} = fixture();
		(graph.packages.get('npm:tiny@0.0.1') as {source?: string}).source = 'workspace';
		return {graph, reports};
	}

	it('the summary counts them apart from the unknown for want of data', () => {
		const {graph, reports} = withLocal();
		assert.match(renderSummary({graph, reports, meta}), /Risk: .*1 unknown \(1 local, not looked up\)\n/);
		// Offline: every registry package is unknown, the workspace as ever.
		const offline = renderSummary({graph, reports: new Map(), meta});
		assert.match(
			offline,
			/Risk: 4 unknown \(1 local, not looked up\)\nNo registry data \(offline or not fetched\): every registry package is unknown\./,
		);
	});

	it('a tree whose only unknown are local packages is not "no registry data"', () => {
		const {graph, reports} = withLocal();
		assert.doesNotMatch(renderSummary({graph, reports, meta}), /No registry data/);
		assert.doesNotMatch(renderMarkdown({graph, reports, meta}), /No registry data/);
		assert.match(
			renderMarkdown({graph, reports, meta}),
			/_1 of the unknown is a local package \(workspace, link, folder, git\): not looked up in a registry\._/,
		);
	});

	it('the JSON summary has localPackages', () => {
		const {graph, reports} = withLocal();
		const json = JSON.parse(renderReport('json', {graph, reports, meta})) as {
			summary: {byRisk: {unknown: number}; localPackages: number};
		};
		assert.equal(json.summary.byRisk.unknown, 1);
		assert.equal(json.summary.localPackages, 1);
		const plain = fixture();
		const none = JSON.parse(renderReport('json', {graph: plain.graph, reports: plain.reports, meta})) as {
			summary: {localPackages: number};
		};
		assert.equal(none.summary.localPackages, 0);
	});
});

describe('hostile strings in names, maintainers, deprecation messages and root names', () => {
	const {graph, reports} = makeHostileFixture();
	const input = {graph, reports, meta};
	const outputs = {
		json: renderReport('json', input),
		md: renderReport('md', input),
		html: renderReport('html', input),
		sarif: renderReport('sarif', input),
		summary: renderSummary(input),
	};

	it('the fixture really carries the hostile values into the reports', () => {
		const evil = [...reports.values()].find((report) => report.facts?.name.startsWith('evil'))!;
		assert.ok(evil.facts!.name.includes('\x1b[2J'));
		assert.ok(evil.flags.some((flag) => flag.id === 'deprecated'));
		assert.ok(evil.flags.some((flag) => flag.id === 'new-publisher'));
		assert.match(outputs.md, /mallory/);
		assert.match(outputs.html, /mallory/);
	});

	for (const [format, output] of Object.entries(outputs)) {
		it(`${format}: no escape sequence, control character, raw <script> or live link survives`, () => {
			assert.doesNotMatch(output, /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/, 'control characters');
			assert.ok(!output.includes('pwned'), 'OSC title payload removed');
			// The plain-text summary is for a terminal, where `<` is inert; the others are markup or JSON.
			if (format !== 'summary') assert.ok(!output.includes('<script>alert'), 'raw <script>');
			// Link syntax is live in Markdown and in SARIF messages (embedded links); HTML must have no href at
			// all. JSON and the plain summary keep the brackets as inert text (see the json test below).
			if (format === 'md' || format === 'sarif') assert.ok(!output.includes('[x](javascript:'), 'live link');
			assert.doesNotMatch(output, /href=/i);
		});
	}

	it('md: a | in a name or message cannot add a table column', () => {
		for (const line of outputs.md.split('\n').filter((candidate) => candidate.startsWith('| '))) {
			const columns = line.replace(/\\\|/g, '').split('|').length;
			assert.ok([4, 6, 7, 10].includes(columns), line);
		}

		assert.match(outputs.md, /evil��\\\|name@1\.0\.0/);
	});

	it('html: the only <script> is ours, and hostile text is entity-escaped', () => {
		assert.equal(outputs.html.match(/<script/g)?.length, 1);
		assert.match(outputs.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
	});

	it('json: values survive as sanitised data (parse gives the text without the escapes)', () => {
		const json = JSON.parse(outputs.json);
		const evil = json.packages.find((entry: {name: string}) => entry.name.startsWith('evil'));
		// Each escape sequence taken out leaves one U+FFFD: the name cannot pass for another.
		assert.equal(evil.name, 'evil��|name');
		assert.deepEqual(evil.signals.publisherNames, [
			'<script>alert(1)</script>�',
			'mallory�[x](javascript:alert(1))',
		]);
		assert.equal(json.roots[0].name, 'app<script>alert(1)</script>');
	});
});

describe('Markdown row limit', () => {
	it('cuts each level table and says how many were left out', () => {
		const {graph, reports} = fixture();
		const md = renderMarkdown({graph, reports, meta}, {maxRowsPerLevel: 1});
		assert.match(md, /_…and 1 more healthy packages \(see the JSON or HTML report\)\._/);
		assert.equal(md.match(/\| follow-redirects@1\.15\.9|\| express@4\.21\.2/g)?.length, 1);
	});
});

describe('HTML sorting script', () => {
	it('sorts the rows by the clicked column, numerically or as text, toggling direction', () => {
		const {graph, reports} = fixture();
		const html = renderHtml({graph, reports, meta});
		const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
		// A minimal stand-in for the DOM the script touches: headings with attributes and click handlers, and
		// rows whose cells carry data-value. Built from the rendered HTML itself.
		const attributes = (text: string) =>
			Object.fromEntries([...text.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
		const element = (attrs: Record<string, string>) => {
			const handlers: Array<() => void> = [];
			return {
				attrs,
				getAttribute: (name: string) => attrs[name] ?? null,
				setAttribute: (name: string, value: string) => {
					attrs[name] = value;
				},
				removeAttribute: (name: string) => {
					delete attrs[name];
				},
				addEventListener: (_type: string, handler: () => void) => handlers.push(handler),
				click: () => {
					for (const handler of handlers) handler();
				},
			};
		};
		const heads = [...html.matchAll(/<th (data-column[^>]*)>/g)].map((match) =>
			element(attributes(match[1]!)),
		);
		const rows = [...html.matchAll(/<tr class="risk-[^"]+">(.*?)<\/tr>/g)].map((match) => ({
			cells: [...match[1]!.matchAll(/<td ([^>]*)>/g)].map((cell) => element(attributes(cell[1]!))),
		}));
		const body = {
			rows: [...rows],
			appendChild(row: (typeof rows)[number]) {
				this.rows.splice(this.rows.indexOf(row), 1);
				this.rows.push(row);
			},
		};
		const table = {tHead: {rows: [{cells: heads}]}, tBodies: [body]};
		new Function('document', script)({getElementById: (id: string) => (id === 'packages' ? table : null)});
		const column = (index: number) => body.rows.map((row) => row.cells[index]!.getAttribute('data-value'));

		heads[4]!.click(); // Weekly, ascending
		assert.deepEqual(column(4), ['-1', '38100000', '41000000', '99200000']);
		assert.equal(heads[4]!.getAttribute('aria-sort'), 'ascending');
		heads[4]!.click(); // descending
		assert.deepEqual(column(4), ['99200000', '41000000', '38100000', '-1']);
		heads[0]!.click(); // Package, as text
		assert.deepEqual(column(0), ['axios', 'express', 'follow-redirects', 'tiny']);
		assert.equal(heads[4]!.getAttribute('aria-sort'), null);
	});
});
