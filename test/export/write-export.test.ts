import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, test} from 'node:test';
import {fileTimestamp, writeExport} from '../../source/cli/export.js';
import {makeFacts, makeGraph, makeHostileFixture, NOW, scoreFacts} from '../helpers/factories.js';

let folder: string;
beforeEach(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'commit-tui-write-export-'));
});
afterEach(() => {
	fs.rmSync(folder, {recursive: true, force: true});
});

const graph = makeGraph({
	roots: {'web-app': ['axios@1.7.9', 'express@4.21.2']},
	packages: {'axios@1.7.9': ['follow-redirects@1.15.9'], 'express@4.21.2': []},
});
const reports = new Map([
	[
		'npm:axios@1.7.9',
		scoreFacts('npm:axios@1.7.9', makeFacts({name: 'axios', weekly: 99_000_000, publishers: ['jason']})),
	],
	[
		'npm:follow-redirects@1.15.9',
		scoreFacts('npm:follow-redirects@1.15.9', makeFacts({name: 'follow-redirects', weekly: 41_000_000})),
	],
]);
const base = {graph, reports, now: NOW, projectName: 'web-app', toolVersion: '0.1.0'} as const;

describe('writeExport', () => {
	test('each format lands in the export folder under a clear name, with the real report inside', async () => {
		const stamp = fileTimestamp(NOW);
		const markdown = await writeExport({...base, format: 'md', scope: {kind: 'all'}, directory: folder});
		assert.equal(markdown, path.join(folder, `commit-tui-web-app-all-${stamp}.md`));
		assert.match(fs.readFileSync(markdown, 'utf8'), /axios/);

		const json = await writeExport({
			...base,
			format: 'json',
			scope: {kind: 'subtree', id: 'npm:axios@1.7.9'},
			directory: folder,
		});
		assert.equal(path.basename(json), `commit-tui-web-app-axios-1.7.9-${stamp}.json`);
		const parsed = JSON.parse(fs.readFileSync(json, 'utf8'));
		assert.equal(parsed.schemaVersion, 1);
		const ids = parsed.packages.map((item: {id: string}) => item.id).sort();
		// The subtree: axios and what it pulls in, not express.
		assert.deepEqual(ids, ['npm:axios@1.7.9', 'npm:follow-redirects@1.15.9']);
		assert.equal(
			parsed.packages.find((item: {id: string}) => item.id === 'npm:axios@1.7.9').risk,
			'critical',
		);

		const html = await writeExport({
			...base,
			format: 'html',
			scope: {kind: 'marked', ids: ['npm:express@4.21.2']},
			directory: folder,
		});
		assert.equal(path.basename(html), `commit-tui-web-app-marked-1-${stamp}.html`);
		assert.match(fs.readFileSync(html, 'utf8'), /^<!doctype html>/i);

		const sarif = await writeExport({...base, format: 'sarif', scope: {kind: 'all'}, directory: folder});
		assert.equal(path.extname(sarif), '.sarif');
		assert.equal(JSON.parse(fs.readFileSync(sarif, 'utf8')).version, '2.1.0');
	});

	test('the same export twice in one second: the second gets -2, the first is untouched', async () => {
		const first = await writeExport({...base, format: 'md', scope: {kind: 'all'}, directory: folder});
		const before = fs.readFileSync(first, 'utf8');
		const second = await writeExport({...base, format: 'md', scope: {kind: 'all'}, directory: folder});
		assert.equal(second, first.replace(/\.md$/, '-2.md'));
		assert.equal(fs.readFileSync(first, 'utf8'), before);
	});

	test('a relative export folder is created under cwd; empty means cwd itself', async () => {
		const nested = await writeExport({
			...base,
			format: 'json',
			scope: {kind: 'all'},
			directory: 'reports/deps',
			cwd: folder,
		});
		assert.equal(path.dirname(nested), path.join(folder, 'reports', 'deps'));
		const here = await writeExport({
			...base,
			format: 'json',
			scope: {kind: 'all'},
			directory: '',
			cwd: folder,
		});
		assert.equal(path.dirname(here), folder);
	});

	test('hostile package and project names cannot steer the path or reach the file name', async () => {
		const hostile = makeHostileFixture();
		const evil = [...hostile.graph.packages.keys()].find((id) => id.includes('evil'))!;
		const written = await writeExport({
			...base,
			...hostile,
			projectName: '../../x\u001B[2J',
			format: 'md',
			scope: {kind: 'subtree', id: evil},
			directory: folder,
		});
		assert.equal(path.dirname(written), folder);
		assert.match(path.basename(written), /^commit-tui-x-2J-evil-2J-0-pwned-name-1\.0\.0-\d{8}-\d{6}\.md$/);
	});
});
