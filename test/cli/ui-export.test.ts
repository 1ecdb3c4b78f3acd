import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, test} from 'node:test';
import {uiExportReport} from '../../source/cli/interactive.js';
import {defaultSettings} from '../../source/config/settings.js';
import {renderReport} from '../../source/report/index.js';
import {publisherConcentration} from '../../source/scoring/publishers.js';
import {computeRollups} from '../../source/scoring/rollup.js';
import {makeFacts, makeGraph, NOW, scoreFacts} from '../helpers/factories.js';

let folder: string;
beforeEach(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'commit-tui-ui-export-'));
});
afterEach(() => {
	fs.rmSync(folder, {recursive: true, force: true});
});

// web-app → axios (jason) → follow-redirects (ruben); web-app → express (doug, wes)
const graph = makeGraph({
	roots: {'web-app': ['axios@1.7.9', 'express@4.21.2']},
	packages: {'axios@1.7.9': ['follow-redirects@1.15.9'], 'express@4.21.2': []},
});
const reports = new Map(
	(
		[
			['axios@1.7.9', ['jason']],
			['follow-redirects@1.15.9', ['ruben']],
			['express@4.21.2', ['doug', 'wes']],
		] as const
	).map(([key, publishers]) => {
		const at = key.lastIndexOf('@');
		const id = `npm:${key}`;
		return [id, scoreFacts(id, makeFacts({name: key.slice(0, at), version: key.slice(at + 1), publishers}))];
	}),
);

test('a UI export of a subtree or of marked packages lists only their publisher accounts, as --subtree does', async () => {
	const exportReport = uiExportReport({
		graph,
		projectName: 'web-app',
		version: '1.0.0',
		now: () => NOW,
		cwd: folder,
	});
	// What the UI hands over: its snapshot, which also carries the whole tree's publisher list.
	const data = {
		reports,
		rollups: computeRollups(graph, reports),
		publishers: publisherConcentration(graph, reports),
	};
	const settings = {...defaultSettings, exportDirectory: folder};
	const accounts = async (scope: Parameters<typeof exportReport>[1]) => {
		const written = await exportReport('json', scope, data, settings);
		const report = JSON.parse(fs.readFileSync(written, 'utf8')) as {publishers: Array<{account: string}>};
		return report.publishers.map((reach) => reach.account).sort();
	};

	assert.deepEqual(await accounts({kind: 'subtree', id: 'npm:axios@1.7.9'}), ['jason', 'ruben']);
	assert.deepEqual(await accounts({kind: 'marked', ids: ['npm:express@4.21.2']}), ['doug', 'wes']);
	assert.deepEqual(await accounts({kind: 'all'}), ['doug', 'jason', 'ruben', 'wes']);
	// The same as the headless report of that scope.
	const headless = JSON.parse(
		renderReport('json', {
			graph,
			reports,
			scope: {kind: 'subtree', id: 'npm:axios@1.7.9'},
			meta: {toolVersion: '1.0.0', generatedAt: NOW},
		}),
	) as {publishers: Array<{account: string}>};
	assert.deepEqual(headless.publishers.map((reach) => reach.account).sort(), ['jason', 'ruben']);
	const md = renderReport('md', {
		graph,
		reports,
		scope: {kind: 'subtree', id: 'npm:axios@1.7.9'},
		meta: {toolVersion: '1.0.0', generatedAt: NOW},
	});
	assert.doesNotMatch(md, /\bdoug\b/);
});
