import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, test} from 'node:test';
import {Ajv2020} from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import {diffGraphs} from '../../source/diff/graph-diff.js';
import {buildDiffModel, type DiffModel} from '../../source/diff/model.js';
import {loadProject} from '../../source/lockfiles/index.js';
import type {DiffReportInput} from '../../source/report/diff-input.js';
import {buildDiffJson} from '../../source/report/diff-json.js';
import {renderDiffMarkdown} from '../../source/report/diff-markdown.js';
import {renderDiffReport, renderDiffText} from '../../source/report/diff-text.js';
import type {PackageReport} from '../../source/scoring/types.js';
import {makeFacts, makeGraph, NOW, scoreFacts} from '../helpers/factories.js';
import {fixturePath} from '../helpers/paths.js';

const addFormats = ((addFormatsModule as unknown as {default?: unknown}).default ?? addFormatsModule) as (
	ajv: Ajv2020,
) => Ajv2020;
const schema = JSON.parse(readFileSync(fixturePath('report', 'sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv2020({allErrors: true, strict: false});
addFormats(ajv);
const validateSarif = ajv.compile(schema);

const side = (...parts: string[]) => loadProject({directory: fixturePath(...parts)});

/** The axios PR: axios, follow-redirects and form-data added to the web-app, scored from made-up facts. */
function axiosPr(
	extra: {readonly reports?: (reports: Map<string, PackageReport>) => void} = {},
): DiffReportInput {
	const base = side('diff', 'added-direct', 'base');
	const head = side('diff', 'added-direct', 'head');
	const diff = diffGraphs(base, head);
	const reports = new Map<string, PackageReport>([
		// 1 publisher, ~100M a week: critical.
		[
			'npm:axios@1.7.9',
			scoreFacts(
				'npm:axios@1.7.9',
				makeFacts({name: 'axios', version: '1.7.9', publishers: ['jasonsaayman'], weekly: 99_000_000}),
			),
		],
		[
			'npm:follow-redirects@1.15.9',
			scoreFacts(
				'npm:follow-redirects@1.15.9',
				makeFacts({
					name: 'follow-redirects',
					version: '1.15.9',
					publishers: ['rubenverborgh'],
					weekly: 2_000_000,
					latestPublishedBy: 'mallory',
				}),
			),
		],
		[
			'npm:form-data@4.0.1',
			scoreFacts(
				'npm:form-data@4.0.1',
				makeFacts({
					name: 'form-data',
					version: '1.0.0',
					publishers: ['a', 'b', 'c', 'd', 'e'],
					weekly: 50_000_000,
					versionCount: 20,
				}),
			),
		],
	]);
	extra.reports?.(reports);
	const model = buildDiffModel({
		base: {label: 'main', commit: 'a1b2c3d4e5f6', graph: base},
		head: {label: 'the working tree', commit: null, graph: head},
		diff,
		reports,
	});
	return {model, meta: {toolVersion: '0.1.0', generatedAt: NOW, failOn: 'high'}};
}

describe('the diff as a pull-request comment (md)', () => {
	test('summary table, gate, top findings, roll-ups, publishers, then details', () => {
		const md = renderDiffMarkdown(axiosPr());
		assert.match(md, /^## commit-tui: 3 added · 0 changed · 0 removed\n/);
		assert.match(
			md,
			/main \(a1b2c3d\) → the working tree · package-lock\.json \(npm-lock-v3\) · 5 packages unchanged/,
		);
		assert.match(md, /\| Added \| 3 \| 1 \| 1 \|/);
		assert.match(
			md,
			/\*\*Gate\*\* \(`--fail-on high`\): \*\*fails\*\* — 2 packages the change adds or changes are at or above HIGH/,
		);
		assert.match(md, /### Top findings\n\n\| \| Package \| Risk \| Why \| Flags \|/);
		assert.match(md, /\| \+ \| `axios@1\.7\.9` \(direct\) \| \*\*CRITICAL\*\* \|/);
		assert.match(md, /new-publisher: 1\.15\.9 was published by mallory, who published no earlier version/);
		assert.match(
			md,
			/- `axios@1\.7\.9` \(web-app\): this change adds 1 CRITICAL, 1 HIGH \(3 packages added or changed beneath it, itself included\)/,
		);
		assert.match(md, /### Publisher accounts gaining reach/);
		assert.match(md, /<details>\n<summary>Added \(3\)<\/summary>/);
		assert.doesNotMatch(md, /left out/);
		assert.ok(md.length < 10_000);
	});

	test('a bump says the old version, the level it moved from and a new publisher of the locked version', () => {
		const base = side('diff', 'bump', 'base');
		const head = side('diff', 'bump', 'head');
		const reports = new Map<string, PackageReport>([
			[
				'npm:chalk@4.1.2',
				scoreFacts(
					'npm:chalk@4.1.2',
					makeFacts({
						name: 'chalk',
						version: '1.3.8',
						publishers: ['sindresorhus', 'qix'],
						weekly: 300_000_000,
					}),
				),
			],
			[
				'npm:chalk@5.3.0',
				scoreFacts(
					'npm:chalk@5.3.0',
					makeFacts({
						name: 'chalk',
						version: '1.3.9',
						publishers: ['qix'],
						weekly: 300_000_000,
						publishedBy: 'qix',
						latestPublishedBy: 'qix',
					}),
				),
			],
		]);
		// The versions' publishers as the registry says: the old one by sindresorhus.
		const old = reports.get('npm:chalk@4.1.2')!;
		reports.set('npm:chalk@4.1.2', {
			...old,
			facts: {...old.facts!, locked: {...old.facts!.locked!, publishedBy: 'sindresorhus'}},
		});
		const model = buildDiffModel({
			base: {label: 'main', commit: null, graph: base},
			head: {label: 'the working tree', commit: null, graph: head},
			diff: diffGraphs(base, head),
			reports,
		});
		const md = renderDiffMarkdown({model, meta: {toolVersion: '0.1.0', generatedAt: NOW, failOn: 'high'}});
		assert.match(md, /\| ~ \| `chalk` 4\.1\.2 → 5\.3\.0 \(direct\) \| \*\*CRITICAL\*\* \(was HEALTHY\) \|/);
		assert.match(md, /published by qix \(the previous version by sindresorhus\)/);
		const json = buildDiffJson({model, meta: {toolVersion: '0.1.0', generatedAt: NOW}});
		assert.deepEqual(json.diff.changed, [{from: 'npm:chalk@4.1.2', to: 'npm:chalk@5.3.0'}]);
		assert.deepEqual(json.diff.publisherChanges, [
			{from: 'npm:chalk@4.1.2', to: 'npm:chalk@5.3.0', before: 'sindresorhus', after: 'qix'},
		]);
		assert.equal(json.diff.previous[0]!.risk, 'healthy');
	});

	test('a huge diff stops under 60,000 characters, with a count of what was left out', () => {
		const count = 3000;
		const head = makeGraph({
			roots: {app: Array.from({length: count}, (_, index) => `package-with-a-long-name-${index}@1.0.0`)},
		});
		const base = makeGraph({roots: {app: []}});
		const reports = new Map<string, PackageReport>();
		for (const id of head.packages.keys()) {
			const name = id.slice(4, id.lastIndexOf('@'));
			reports.set(
				id,
				scoreFacts(
					id,
					makeFacts({name, version: '1.0.0', deprecated: 'x'.repeat(400), versionCount: 3, weekly: 200}),
				),
			);
		}

		const model = buildDiffModel({
			base: {label: 'main', commit: null, graph: base},
			head: {label: 'head', commit: null, graph: head},
			diff: diffGraphs(base, head),
			reports,
		});
		const md = renderDiffMarkdown({model, meta: {toolVersion: '0.1.0', generatedAt: NOW, failOn: 'high'}});
		assert.ok(md.length <= 60_000, `${md.length} characters`);
		assert.ok(md.length > 50_000, 'it fills the room it has');
		const shown = md.split('\n').filter((line) => line.startsWith('| + |')).length;
		const left = Number(
			/_(\d+) rows left out: the comment stops at 60,000 characters \(GitHub allows 65,536\)/.exec(md)?.[1],
		);
		assert.equal(
			shown - 10 + left,
			count,
			'every row is either shown in the table or counted (10 are top findings)',
		);
		assert.ok(md.trimEnd().endsWith('</sub>'));
		assert.equal(
			(md.match(/<details>/g) ?? []).length,
			(md.match(/<\/details>/g) ?? []).length,
			'every section closed',
		);
		assert.ok(
			renderDiffMarkdown({model, meta: {toolVersion: '0.1.0', generatedAt: NOW}}, {maxCharacters: 20_000})
				.length <= 20_000,
		);
	});
});

describe('the diff as JSON, SARIF and text', () => {
	test('json: the usual packages for what was added or changed, plus diff', () => {
		const json = JSON.parse(renderDiffReport('json', axiosPr()));
		assert.equal(json.scope.kind, 'diff');
		assert.deepEqual(json.diff.added, [
			'npm:axios@1.7.9',
			'npm:follow-redirects@1.15.9',
			'npm:form-data@4.0.1',
		]);
		assert.deepEqual(json.diff.removed, []);
		assert.deepEqual(json.diff.changed, []);
		assert.equal(json.diff.base.label, 'main');
		assert.equal(json.diff.base.commit, 'a1b2c3d4e5f6');
		assert.equal(json.diff.unchanged, 5);
		assert.deepEqual(json.packages.map((entry: {id: string}) => entry.id).sort(), json.diff.added);
		assert.equal(
			json.packages.find((entry: {id: string}) => entry.id === 'npm:axios@1.7.9').lines['package-lock.json'] >
				1,
			true,
		);
		assert.equal(json.diff.rollups[0].id, 'npm:axios@1.7.9');
		// One added package each: the most downloaded first.
		assert.equal(json.diff.publishers[0].account, 'jasonsaayman');
	});

	test('sarif: valid, at the package line in the lockfile, notes only when asked, accepted findings suppressed', () => {
		const input = axiosPr({
			reports: (reports) => {
				const form = reports.get('npm:form-data@4.0.1')!;
				assert.ok(form.flags.some((flag) => flag.id === 'behind-latest'));
				const follow = reports.get('npm:follow-redirects@1.15.9')!;
				reports.set('npm:follow-redirects@1.15.9', {
					...follow,
					flags: [],
					ignored: [
						{
							kind: 'flag',
							id: 'new-publisher',
							message: follow.flags[0]!.message,
							reason: 'handover',
							source: '.commit-tui.yml:4',
						},
					],
				});
			},
		});
		const lockfile = readFileSync(
			fixturePath('diff', 'added-direct', 'head', 'package-lock.json'),
			'utf8',
		).split('\n');
		for (const notes of [false, true]) {
			const log = JSON.parse(
				renderDiffReport('sarif', {...input, meta: {...input.meta, sarifNotes: notes}}),
			) as {
				runs: Array<{results: unknown[]}>;
			};
			assert.ok(validateSarif(structuredClone(log)), JSON.stringify(validateSarif.errors, null, 2));
			const results = log.runs[0]!.results as Array<{
				ruleId: string;
				level: string;
				locations: Array<{physicalLocation: {artifactLocation: {uri: string}; region?: {startLine: number}}}>;
				suppressions?: Array<{justification: string}>;
				properties: {package: string};
			}>;
			assert.equal(
				results.some((result) => result.level === 'note'),
				notes,
			);
			for (const result of results) {
				const location = result.locations[0]!.physicalLocation;
				assert.equal(location.artifactLocation.uri, 'package-lock.json');
				const name = result.properties.package.slice(4, result.properties.package.lastIndexOf('@'));
				assert.equal(lockfile[location.region!.startLine - 1]!.trim(), `"node_modules/${name}": {`);
			}

			const suppressed = results.find((result) => result.suppressions);
			assert.equal(suppressed!.ruleId, 'flag/new-publisher');
			assert.equal(suppressed!.suppressions![0]!.justification, 'handover (.commit-tui.yml:4)');
		}
	});

	test('text: one line per change, marked', () => {
		const text = renderDiffText(axiosPr());
		assert.match(
			text,
			/^commit-tui diff · main \(a1b2c3d\) → the working tree · 3 added · 0 changed · 0 removed · 5 unchanged\n/,
		);
		assert.match(text, /\n\+ axios@1\.7\.9 +CRITICAL/);
		assert.match(
			text,
			/Beneath direct dependencies:\n {2}axios@1\.7\.9 \(web-app\): adds 1 CRITICAL, 1 HIGH/,
		);
	});
});

export type {DiffModel};
