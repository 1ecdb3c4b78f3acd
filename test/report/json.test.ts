import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {buildJsonReport, renderReport} from '../../source/report/index.js';
import type {PackageReport} from '../../source/scoring/types.js';
import {makeFacts, makeGraph, NOW, scoreFacts} from '../helpers/factories.js';

const meta = {toolVersion: '0.1.0', generatedAt: NOW};
const graph = makeGraph({
	roots: {'web-app': ['express@4.21.2', 'my-alias@1.0.0']},
	packages: {
		'express@4.21.2': ['accepts@1.3.8', 'local@0.0.0'],
		'accepts@1.3.8': ['express@4.21.2'], // a cycle
		'my-alias@1.0.0': [],
		'local@0.0.0': [],
	},
	dev: ['my-alias@1.0.0'],
	aliases: {'my-alias@1.0.0': ['string-width-cjs']},
	sources: {'local@0.0.0': 'workspace'},
});

const signalKeys = [
	'publishers',
	'publisherNames',
	'organization',
	'publishedBy',
	'weeklyDownloads',
	'versionCount',
	'firstPublished',
	'lastPublished',
	'lockedVersionPublished',
	'deprecated',
];
const packageKeys = [
	'id',
	'ecosystem',
	'name',
	'version',
	'direct',
	'dev',
	'optional',
	'dependencies',
	'signals',
	'error',
	'fetchedAt',
	'risk',
	'score',
	'confidence',
	'dimensions',
	'reasons',
	'flags',
	'rollup',
];

describe('buildJsonReport', () => {
	it('is complete and valid with no reports at all (graph-only run)', () => {
		const json = buildJsonReport({graph, reports: new Map(), meta});
		assert.equal(json.schemaVersion, 1);
		assert.deepEqual(json.tool, {name: 'commit-tui', version: '0.1.0'});
		assert.equal(json.generatedAt, NOW.toISOString());
		assert.deepEqual(json.lockfiles, [{path: 'package-lock.json', format: 'npm-lock-v3', ecosystem: 'npm'}]);
		assert.deepEqual(json.roots[0]!.dependencies, ['npm:express@4.21.2', 'npm:my-alias@1.0.0']);
		assert.equal(json.packages.length, 4);
		for (const entry of json.packages) {
			for (const key of packageKeys) assert.ok(key in entry, `${entry.id} has ${key}`);
			assert.deepEqual(Object.keys(entry.signals).sort(), [...signalKeys].sort());
			assert.ok(
				Object.values(entry.signals).every((value) => value === null),
				`${entry.id} signals all null`,
			);
			assert.equal(entry.risk, 'unknown');
			assert.equal(entry.score, null);
			assert.equal(entry.fetchedAt, null);
			assert.deepEqual(entry.flags, []);
			assert.equal(entry.dimensions.longevity.points, null);
		}

		assert.deepEqual(json.summary, {
			packages: 4,
			byRisk: {critical: 0, high: 0, moderate: 0, good: 0, healthy: 0, unknown: 4},
			// The workspace package `local` is one of the unknown, and never looked up.
			localPackages: 1,
		});
		assert.deepEqual(json.publishers, []);
		assert.deepEqual(json.scope, {kind: 'all', description: 'the whole tree', packages: 4});
		const local = json.packages.find((entry) => entry.name === 'local')!;
		assert.equal(local.source, 'workspace');
		assert.deepEqual(local.reasons, ['workspace package: not looked up in a registry']);
		const alias = json.packages.find((entry) => entry.name === 'my-alias')!;
		assert.deepEqual(alias.aliases, ['string-width-cjs']);
		assert.equal(alias.dev, true);
		assert.ok(!('aliases' in json.packages.find((entry) => entry.name === 'express')!));
		assert.ok(!('source' in json.packages.find((entry) => entry.name === 'express')!));
	});

	it('carries signals, score, dimensions, reasons, flags and roll-ups when scored', () => {
		const reports = new Map<string, PackageReport>([
			[
				'npm:express@4.21.2',
				scoreFacts(
					'npm:express@4.21.2',
					makeFacts({
						name: 'express',
						version: '1.3.9',
						publishers: ['dougwilson', 'wesleytodd'],
						weekly: 38_100_000,
					}),
				),
			],
			[
				'npm:accepts@1.3.8',
				scoreFacts(
					'npm:accepts@1.3.8',
					makeFacts({name: 'accepts', version: '1.3.9', deprecated: 'old', weekly: 20_000_000}),
				),
			],
		]);
		const json = buildJsonReport({graph, reports, meta});
		const express = json.packages.find((entry) => entry.name === 'express')!;
		assert.equal(express.signals.publishers, 2);
		assert.deepEqual(express.signals.publisherNames, ['dougwilson', 'wesleytodd']);
		assert.equal(express.signals.publishedBy, 'dougwilson');
		assert.equal(express.signals.weeklyDownloads, reports.get('npm:express@4.21.2')!.stats.weeklyDownloads);
		assert.equal(express.signals.versionCount, 40);
		assert.equal(typeof express.signals.firstPublished, 'string');
		assert.equal(express.fetchedAt, NOW.toISOString());
		assert.equal(express.risk, reports.get('npm:express@4.21.2')!.risk);
		assert.equal(express.dimensions.publishers.points, 7);
		assert.equal(express.rollup.worst, 'critical'); // accepts, beneath it through the cycle
		assert.deepEqual(express.rollup.counts, {
			critical: 1,
			high: 0,
			moderate: 0,
			good: 0,
			healthy: 0,
			unknown: 1,
		});
		const accepts = json.packages.find((entry) => entry.name === 'accepts')!;
		assert.equal(accepts.risk, 'critical');
		assert.equal(accepts.signals.deprecated, 'old');
		assert.deepEqual(
			accepts.flags.map((flag) => flag.id),
			['deprecated'],
		);
		assert.equal(accepts.reasons[0], 'structure: 1 publisher and 20.0M downloads a week');
		assert.equal(json.summary.byRisk.critical, 1);
		assert.deepEqual(
			json.publishers.map((reach) => reach.account),
			['dougwilson', 'wesleytodd', 'alice'], // one package each: most downloads first, then by name
		);
		assert.equal(json.roots[0]!.rollup.worst, 'critical');
	});

	it('a subtree scope lists only the closure and cuts dependency lists to it', () => {
		const json = buildJsonReport({
			graph,
			reports: new Map(),
			meta,
			scope: {kind: 'subtree', id: 'npm:accepts@1.3.8'},
		});
		assert.deepEqual(json.scope, {
			kind: 'subtree',
			id: 'npm:accepts@1.3.8',
			description: 'the subtree of accepts@1.3.8',
			packages: 3,
		});
		const ids = new Set(json.packages.map((entry) => entry.id));
		assert.deepEqual([...ids].sort(), ['npm:accepts@1.3.8', 'npm:express@4.21.2', 'npm:local@0.0.0']);
		for (const entry of json.packages) for (const id of entry.dependencies) assert.ok(ids.has(id));
		for (const root of json.roots) for (const id of root.dependencies) assert.ok(ids.has(id));
		assert.equal(json.summary.packages, 3);
	});

	it('a marked scope lists exactly the marked packages', () => {
		const json = buildJsonReport({
			graph,
			reports: new Map(),
			meta,
			scope: {kind: 'marked', ids: ['npm:local@0.0.0']},
		});
		assert.deepEqual(
			json.packages.map((entry) => entry.id),
			['npm:local@0.0.0'],
		);
		assert.deepEqual(json.scope.ids, ['npm:local@0.0.0']);
		assert.equal(json.scope.description, '1 marked package');
	});

	it('renders as parseable JSON, identical on every run', () => {
		const text = renderReport('json', {graph, reports: new Map(), meta});
		assert.deepEqual(JSON.parse(text), buildJsonReport({graph, reports: new Map(), meta}));
		assert.equal(text, renderReport('json', {graph, reports: new Map(), meta}));
	});
});
