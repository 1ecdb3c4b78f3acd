import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {publisherConcentration} from '../../source/scoring/publishers.js';
import type {PackageReport} from '../../source/scoring/types.js';
import {makeFacts, makeGraph, scoreFacts} from '../helpers/factories.js';

describe('publisherConcentration', () => {
	const graph = makeGraph({
		roots: {app: ['a@1.0.0', 'b@1.0.0', 'pypi:alpha@1.0']},
		packages: {
			'a@1.0.0': ['c@1.0.0', 'c@2.0.0', 'd@1.0.0'],
			'b@1.0.0': [],
			'c@1.0.0': [],
			'c@2.0.0': [],
			'd@1.0.0': [],
			'pypi:alpha@1.0': [],
		},
	});
	const reports = new Map<string, PackageReport>();
	const add = (id: string, spec: Parameters<typeof makeFacts>[0]) =>
		reports.set(id, scoreFacts(id, makeFacts(spec)));
	add('npm:a@1.0.0', {name: 'a', publishers: ['alice', 'bob'], weekly: 1_000});
	add('npm:b@1.0.0', {name: 'b', publishers: ['bob'], weekly: 5_000_000});
	add('npm:c@1.0.0', {name: 'c', version: '1.0.0', publishers: ['alice'], weekly: 700});
	add('npm:c@2.0.0', {name: 'c', version: '2.0.0', publishers: ['alice'], weekly: 700});
	add('npm:d@1.0.0', {name: 'd', publishers: null, weekly: 9});
	add('pypi:alpha@1.0', {name: 'alpha', ecosystem: 'pypi', publishers: ['alice'], weekly: null});

	it('inverts the tree to accounts, per ecosystem, sorted by reach', () => {
		const reach = publisherConcentration(graph, reports);
		assert.deepEqual(
			reach.map(({account, ecosystem, packages, weeklyDownloads}) => ({
				account,
				ecosystem,
				packages,
				weeklyDownloads,
			})),
			[
				// alice (npm): a, c@1, c@2 — c's downloads counted once: 1,000 + 700.
				{
					account: 'alice',
					ecosystem: 'npm',
					packages: ['npm:a@1.0.0', 'npm:c@1.0.0', 'npm:c@2.0.0'],
					weeklyDownloads: 1_700,
				},
				{
					account: 'bob',
					ecosystem: 'npm',
					packages: ['npm:a@1.0.0', 'npm:b@1.0.0'],
					weeklyDownloads: 5_001_000,
				},
				{account: 'alice', ecosystem: 'pypi', packages: ['pypi:alpha@1.0'], weeklyDownloads: 0},
			],
		);
		assert.deepEqual(reach[2]!.unknownDownloads, ['alpha']);
		assert.deepEqual(reach[0]!.unknownDownloads, []);
	});

	it('ties on package count are broken by downloads', () => {
		const reach = publisherConcentration(
			graph,
			reports,
			new Set(['npm:a@1.0.0', 'npm:b@1.0.0', 'npm:c@1.0.0']),
		);
		assert.deepEqual(
			reach.map((entry) => [entry.account, entry.packages.length, entry.weeklyDownloads]),
			[
				['bob', 2, 5_001_000],
				['alice', 2, 1_700],
			],
		);
	});

	it('skips packages without reports or with unknown publishers', () => {
		assert.deepEqual(publisherConcentration(graph, new Map()), []);
		const reach = publisherConcentration(graph, reports);
		assert.ok(reach.every((entry) => !entry.packages.includes('npm:d@1.0.0')));
	});
});
