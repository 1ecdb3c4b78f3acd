import assert from 'node:assert/strict';
import {type TestContext, test} from 'node:test';
import {dependentsOf} from '../../source/graph/query.js';
import type {PackageFacts} from '../../source/registries/types.js';
import {withTreeEvidence} from '../../source/scoring/release/assess.js';
import type {ReleaseTreeView} from '../../source/scoring/release/tree.js';
import {ReleaseTreeIndex} from '../../source/scoring/release/tree-index.js';
import {computeRollups} from '../../source/scoring/rollup.js';
import {scorePackage} from '../../source/scoring/score.js';
import {defaultThresholds} from '../../source/scoring/thresholds.js';
import type {PackageReport} from '../../source/scoring/types.js';
import {createReportStore} from '../../source/ui/data/store.js';
import * as factories from '../helpers/factories.js';
import {FakeScan, fixedNow, makeBigGraph, makeFacts, makeGraph} from '../helpers/ink-fixtures.js';
import {syntheticFacts} from '../helpers/ink-synthetic.js';
import {pick, randomSource, shuffle} from '../helpers/random-trees.js';
import {waitFor} from '../helpers/terminal.js';

const score = (id: string, facts: Parameters<typeof scorePackage>[1]) =>
	scorePackage(id, facts!, defaultThresholds, fixedNow);

test('a burst of results is scored and published in one flush, not one render per message', async () => {
	const graph = makeBigGraph(300);
	const store = createReportStore({graph, score, flushMs: 30});
	let notifications = 0;
	store.subscribe(() => notifications++);
	const scan = new FakeScan();
	store.attach(scan);
	const afterAttach = notifications;
	for (const node of graph.packages.values())
		scan.push({type: 'facts', id: node.id, facts: syntheticFacts(node, fixedNow)});
	await waitFor(() => store.getSnapshot().reports.size === 300, 2000, 'all reports');
	assert.ok(notifications - afterAttach <= 2, `${notifications - afterAttach} flushes for 300 results`);
	const snapshot = store.getSnapshot();
	assert.equal(snapshot.scanning, true);
	assert.equal(snapshot.rollups.size, 300 + graph.roots.length);
	assert.ok(snapshot.publishers.length > 0);
	scan.end();
	await waitFor(() => !store.getSnapshot().scanning, 2000, 'the scan end');
	store.dispose();
});

test('snapshots are immutable: a later flush does not change an earlier snapshot', async () => {
	const graph = makeGraph({app: ['a@1', 'b@1'], 'a@1': [], 'b@1': []});
	const store = createReportStore({graph, score, flushMs: 5});
	const scan = new FakeScan();
	store.attach(scan);
	scan.push({type: 'facts', id: 'npm:a@1', facts: makeFacts('a', '1')});
	await waitFor(() => store.getSnapshot().reports.size === 1);
	const first = store.getSnapshot();
	scan.push({type: 'facts', id: 'npm:b@1', facts: makeFacts('b', '1')});
	await waitFor(() => store.getSnapshot().reports.size === 2);
	assert.equal(first.reports.size, 1);
	assert.ok(store.getSnapshot().version > first.version);
	store.dispose();
});

test('progress events reach the snapshot; a new scan replaces the old one (refresh)', async () => {
	const graph = makeGraph({app: ['a@1'], 'a@1': []});
	const store = createReportStore({graph, score, flushMs: 5});
	const old = new FakeScan();
	store.attach(old);
	const progress = {
		total: 1,
		done: 0,
		errors: 0,
		rateLimitedUntil: null,
		rateLimitedHost: null,
		downHosts: ['x: down'],
		pacedHosts: [],
	};
	old.push({type: 'progress', progress});
	await waitFor(() => store.getSnapshot().progress?.downHosts.length === 1);
	const fresh = new FakeScan();
	store.attach(fresh);
	old.push({type: 'facts', id: 'npm:a@1', facts: makeFacts('a', '1')});
	fresh.end();
	await waitFor(() => !store.getSnapshot().scanning);
	assert.equal(store.getSnapshot().reports.size, 0, 'events of the replaced scan are ignored');
	store.dispose();
});

test("a late result, once the tree is full, costs one result: one package scored, its report and its ancestors' roll-ups changed, nothing else", async () => {
	const graph = makeBigGraph(2300);
	let scoredCount = 0;
	const counting = (id: string, facts: Parameters<typeof scorePackage>[1]) => {
		scoredCount++;
		return score(id, facts);
	};
	// Not about pacing: the late result is flushed as soon as it arrives (a 2,300-package flush would hold it back).
	const store = createReportStore({graph, score: counting, flushMs: 5, paceFactor: 0});
	const scan = new FakeScan();
	store.attach(scan);
	for (const node of graph.packages.values())
		scan.push({type: 'facts', id: node.id, facts: syntheticFacts(node, fixedNow)});
	await waitFor(() => store.getSnapshot().reports.size === 2300, 10_000);
	const full = store.getSnapshot();
	// A late batch: the last package again, now with one publisher and few downloads (its level changes).
	const late = [...graph.packages.values()].at(-1)!;
	const facts = syntheticFacts(late, fixedNow);
	scoredCount = 0;
	scan.push({
		type: 'facts',
		id: late.id,
		facts: {
			...facts,
			metadata: {...facts.metadata!, publishers: [{name: 'solo', role: null}]},
			downloads: null,
		},
	});
	await waitFor(() => store.getSnapshot().version > full.version);
	const after = store.getSnapshot();
	assert.equal(scoredCount, 1, 'only the new result is scored');
	assert.notEqual(after.reports.get(late.id), full.reports.get(late.id));
	for (const [id, report] of full.reports)
		if (id !== late.id) assert.equal(after.reports.get(id), report, id);
	// The roll-ups are those of the new reports, and only the ancestors of the late package say anything new.
	const expected = computeRollups(graph, after.reports);
	const ancestors = new Set<string>();
	const stack = [late.id];
	while (stack.length > 0)
		for (const parent of dependentsOf(graph, stack.pop()!))
			if (!ancestors.has(parent)) {
				ancestors.add(parent);
				stack.push(parent);
			}
	for (const [id, rollup] of expected) {
		assert.deepEqual(after.rollups.get(id), rollup, id);
		if (!ancestors.has(id)) assert.deepEqual(after.rollups.get(id), full.rollups.get(id), id);
	}
	store.dispose();
});

test('tree-level release evidence follows the data: a dependency arriving later raises its dependent', async () => {
	const graph = makeGraph({app: ['axios@1.14.1'], 'axios@1.14.1': ['plain@4.2.1'], 'plain@4.2.1': []});
	const coverage = {provenance: true, trustedPublishing: true, installScripts: true} as const;
	const axios = factories.makeFacts({
		name: 'axios',
		version: '1.14.1',
		coverage,
		publishers: ['a', 'b', 'c', 'd', 'e'],
		weekly: 5_000_000,
		now: fixedNow,
		versions: [
			factories.makeVersion('1.0.0', factories.daysAgo(2000, fixedNow), {
				publishedBy: 'a',
				dependencies: {prod: {}},
			}),
			factories.makeVersion('1.14.1', factories.daysAgo(100, fixedNow), {
				publishedBy: 'a',
				dependencies: {prod: {plain: '^4'}},
			}),
		],
	});
	const store = createReportStore({
		graph,
		score,
		withTree: (report, tree) =>
			withTreeEvidence(report, tree, {thresholds: defaultThresholds, now: fixedNow}),
		flushMs: 5,
	});
	const scan = new FakeScan();
	store.attach(scan);
	scan.push({type: 'facts', id: 'npm:axios@1.14.1', facts: axios});
	await waitFor(() => store.getSnapshot().reports.size === 1);
	const before = store.getSnapshot().reports.get('npm:axios@1.14.1')!;
	assert.equal(before.release?.risk, 'none', 'plain is not known yet: no evidence');
	// A later flush brings the new dependency's facts: first published two days ago.
	scan.push({
		type: 'facts',
		id: 'npm:plain@4.2.1',
		facts: factories.makeFacts({
			name: 'plain',
			version: '4.2.1',
			ageDays: 2,
			lastReleaseDays: 2,
			weekly: 10,
			now: fixedNow,
		}),
	});
	await waitFor(() => store.getSnapshot().reports.size === 2);
	const after = store.getSnapshot().reports.get('npm:axios@1.14.1')!;
	assert.deepEqual(after.release?.counted, ['new-dependency']);
	assert.equal(after.release?.risk, 'moderate', 'a trust change on an older version');
	assert.equal(after.risk, 'moderate');
	store.dispose();
});

test('tree-level evidence derived flush by flush equals one pass over every fact, whatever the arrival order', async () => {
	// Forty packages of separate repositories, published by three accounts at times clustered over ten days:
	// some accounts burst within 48 hours, some releases are alone; a few packages depend on young ones.
	const random = randomSource(7);
	const names = Array.from({length: 40}, (_, index) => `lib-${index}`);
	const spec: Record<string, string[]> = {app: names.map((name) => `${name}@1.0.0`)};
	for (const name of names.slice(0, 10)) spec[`${name}@1.0.0`] = [`${pick(random, names.slice(10))}@1.0.0`];
	const graph = makeGraph(spec);
	const facts = new Map<string, PackageFacts>();
	for (const name of names) {
		const publisher = pick(random, ['alice', 'bob', 'carol']);
		const dependency = graph.packages
			.get(`npm:${name}@1.0.0`)!
			.dependencies[0]?.replace(/^npm:|@1\.0\.0$/g, '');
		facts.set(
			`npm:${name}@1.0.0`,
			factories.makeFacts({
				name,
				version: '1.0.0',
				publishers: [publisher],
				repository: `https://github.com/org/${name}`,
				now: fixedNow,
				weekly: random() < 0.3 ? 40 : 500_000,
				ageDays: random() < 0.3 ? 3 : 900,
				versions: [
					factories.makeVersion('0.9.0', factories.daysAgo(400, fixedNow), {publishedBy: publisher}),
					// carol releases her packages in batches: her bursts are her habit, and which of them are
					// depends on which of her packages have arrived.
					...(publisher === 'carol'
						? ['0.9.1', '0.9.2'].map((version, batch) =>
								factories.makeVersion(version, factories.daysAgo(200 - batch * 90 + random() * 2, fixedNow), {
									publishedBy: publisher,
								}),
							)
						: []),
					factories.makeVersion('1.0.0', factories.daysAgo(1 + random() * 10, fixedNow), {
						publishedBy: publisher,
						...(dependency ? {dependencies: {prod: {[dependency]: '^1'}}} : {}),
					}),
				],
			}),
		);
	}

	const withTree = (report: PackageReport, tree: ReleaseTreeView) =>
		withTreeEvidence(report, tree, {thresholds: defaultThresholds, now: fixedNow});
	// The headless way: every fact into one index, then each report derived once.
	const index = new ReleaseTreeIndex(graph);
	for (const [id, each] of facts) index.add(id, each);
	const expected = new Map([...facts].map(([id, each]) => [id, withTree(score(id, each), index)]));
	const bursting = (account: string) =>
		[...expected].some(
			([id, report]) =>
				facts.get(id)!.locked?.publishedBy === account &&
				report.flags.some((flag) => flag.id === 'account-burst'),
		);
	assert.ok(bursting('alice') || bursting('bob'), 'the data has bursts');
	assert.ok(!bursting('carol'), "carol's are her habit");

	for (const seed of [1, 2, 3, 4, 5]) {
		const order = shuffle(randomSource(seed), [...facts.keys()]);
		const store = createReportStore({graph, score, withTree, flushMs: 1, paceFactor: 0});
		const scan = new FakeScan();
		store.attach(scan);
		while (order.length > 0) {
			const version = store.getSnapshot().version;
			for (const id of order.splice(0, 1 + Math.floor(random() * 5)))
				scan.push({type: 'facts', id, facts: facts.get(id)!});
			await waitFor(() => store.getSnapshot().version > version);
		}

		assert.deepEqual(new Map(store.getSnapshot().reports), expected, `seed ${seed}`);
		store.dispose();
	}

	// Scored with the tree in one pass (as the CLI wires it): the same reports, one verdict per arrival.
	for (const seed of [6, 7]) {
		const order = shuffle(randomSource(seed), [...facts.keys()]);
		let verdicts = 0;
		const scoreWithTree = (id: string, each: PackageFacts, tree: ReleaseTreeView) => {
			verdicts++;
			return withTree(score(id, each), tree);
		};
		const store = createReportStore({graph, score, scoreWithTree, withTree, flushMs: 1, paceFactor: 0});
		const scan = new FakeScan();
		store.attach(scan);
		while (order.length > 0) {
			const version = store.getSnapshot().version;
			for (const id of order.splice(0, 1 + Math.floor(random() * 5)))
				scan.push({type: 'facts', id, facts: facts.get(id)!});
			await waitFor(() => store.getSnapshot().version > version);
		}

		assert.deepEqual(new Map(store.getSnapshot().reports), expected, `seed ${seed}, one pass`);
		assert.equal(verdicts, facts.size, 'each package judged once, when it arrived');
		store.dispose();
	}
});

test('scored with the tree in one pass: a graph that grows while a flush is sliced is judged again', async () => {
	// axios@1.14.1 added `plain`, first published two days ago; the edge to it arrives with the grown graph.
	const before = makeGraph({app: ['axios@1.14.1', 'plain@4.2.1'], 'axios@1.14.1': [], 'plain@4.2.1': []});
	const grown = makeGraph({app: ['axios@1.14.1'], 'axios@1.14.1': ['plain@4.2.1'], 'plain@4.2.1': []});
	const axios = factories.makeFacts({
		name: 'axios',
		version: '1.14.1',
		publishers: ['a', 'b', 'c', 'd', 'e'],
		weekly: 5_000_000,
		now: fixedNow,
		versions: [
			factories.makeVersion('1.0.0', factories.daysAgo(2000, fixedNow), {
				publishedBy: 'a',
				dependencies: {prod: {}},
			}),
			factories.makeVersion('1.14.1', factories.daysAgo(100, fixedNow), {
				publishedBy: 'a',
				dependencies: {prod: {plain: '^4'}},
			}),
		],
	});
	const plain = factories.makeFacts({
		name: 'plain',
		version: '4.2.1',
		ageDays: 2,
		lastReleaseDays: 2,
		weekly: 10,
		now: fixedNow,
	});
	const withTree = (report: PackageReport, tree: ReleaseTreeView) =>
		withTreeEvidence(report, tree, {thresholds: defaultThresholds, now: fixedNow});
	const scan = new FakeScan();
	let pushedGraph = false;
	const scoreWithTree = (id: string, each: PackageFacts, tree: ReleaseTreeView) => {
		// The grown graph arrives while the flush is under way (its consumer runs before the next slice).
		if (!pushedGraph) {
			pushedGraph = true;
			scan.push({type: 'graph', graph: grown});
		}

		return withTree(score(id, each), tree);
	};
	// Every clock read moves 50 ms: each package is a slice of its own.
	let clock = 0;
	const store = createReportStore({
		graph: before,
		score,
		scoreWithTree,
		withTree,
		flushMs: 1,
		paceFactor: 0,
		now: () => (clock += 50),
	});
	store.attach(scan);
	scan.push({type: 'facts', id: 'npm:axios@1.14.1', facts: axios});
	scan.push({type: 'facts', id: 'npm:plain@4.2.1', facts: plain});
	await waitFor(() => store.getSnapshot().reports.size === 2 && store.getSnapshot().graph === grown);
	assert.ok(pushedGraph);
	assert.deepEqual(store.getSnapshot().reports.get('npm:axios@1.14.1')!.release?.counted, ['new-dependency']);
	store.dispose();
});

/**
 * A store over ten packages whose scoring takes `scoreMs` on a fake clock, with setTimeout mocked: `push(n)` hands
 * it the n-th package's facts, `tick(ms)` moves the timers, `size()` says how many reports are published.
 */
async function pacedStore(
	t: TestContext,
	scoreMs: number,
	options: Omit<Parameters<typeof createReportStore>[0], 'graph' | 'score' | 'now'>,
) {
	t.mock.timers.enable({apis: ['setTimeout']});
	let clock = 0;
	const graph = makeBigGraph(10);
	const slow = (id: string, facts: PackageFacts) => {
		clock += scoreMs;
		return score(id, facts);
	};
	const store = createReportStore({graph, score: slow, now: () => clock, ...options});
	const scan = new FakeScan();
	store.attach(scan);
	const nodes = [...graph.packages.values()];
	const settle = () => new Promise((resolve) => setImmediate(resolve));
	return {
		store,
		async push(index: number) {
			scan.push({type: 'facts', id: nodes[index]!.id, facts: syntheticFacts(nodes[index]!, fixedNow)});
			await settle();
		},
		tick: (ms: number) => t.mock.timers.tick(ms),
		size: () => store.getSnapshot().reports.size,
	};
}

test('flushes are paced by their own cost: one that took X ms (and its render) waits at least paceFactor × X', async (t) => {
	// Scoring one package takes 40 ms on this clock.
	const paced = await pacedStore(t, 40, {flushMs: 10, paceFactor: 2});
	await paced.push(0);
	paced.tick(10);
	assert.equal(paced.size(), 1, 'the first flush after flushMs');
	// Showing it took the UI 10 ms more: the flush cost 50 ms, so the next waits 100 ms.
	paced.store.noteRenderCost(10);
	await paced.push(1);
	paced.tick(99);
	assert.equal(paced.size(), 1, 'not before twice its cost');
	paced.tick(1);
	assert.equal(paced.size(), 2);
	paced.store.dispose();
});

test('the pace counts ink’s frame too: a flush whose frame cost ink 15 ms waits for that as well', async (t) => {
	let frame = 0;
	const paced = await pacedStore(t, 40, {flushMs: 10, paceFactor: 2, frameCost: () => frame});
	await paced.push(0);
	paced.tick(10);
	assert.equal(paced.size(), 1);
	// 40 ms of scoring, 10 of React, 15 of ink: the next flush waits 2 × 65 ms.
	paced.store.noteRenderCost(10);
	frame = 15;
	await paced.push(1);
	paced.tick(129);
	assert.equal(paced.size(), 1, 'not before twice the whole cost');
	paced.tick(1);
	assert.equal(paced.size(), 2);
	paced.store.dispose();
});

test('however much a flush cost, the next one waits at most a second', async (t) => {
	// Scoring one package takes 2 s on this clock: paced four times (the default), the next flush would wait 8 s.
	const paced = await pacedStore(t, 2000, {flushMs: 10});
	await paced.push(0);
	paced.tick(10);
	assert.equal(paced.size(), 1);
	await paced.push(1);
	paced.tick(999);
	assert.equal(paced.size(), 1, 'paced');
	paced.tick(1);
	assert.equal(paced.size(), 2, 'but not past a second');
	paced.store.dispose();
});

/**
 * Forty packages whose scoring takes 2 ms each on a fake clock, all handed to the store at once and the first flush
 * started: a slice (5 ms) holds three. `scored()` counts what was scored so far.
 */
async function slicedFlush(t: TestContext) {
	t.mock.timers.enable({apis: ['setTimeout']});
	let clock = 0;
	let scoredSoFar = 0;
	const graph = makeBigGraph(40);
	const slow = (id: string, facts: PackageFacts) => {
		clock += 2;
		scoredSoFar++;
		return score(id, facts);
	};
	const store = createReportStore({graph, score: slow, flushMs: 10, now: () => clock});
	const scan = new FakeScan();
	store.attach(scan);
	const settle = () => new Promise((resolve) => setImmediate(resolve));
	for (const node of graph.packages.values())
		scan.push({type: 'facts', id: node.id, facts: syntheticFacts(node, fixedNow)});
	await settle();
	const version = store.getSnapshot().version;
	t.mock.timers.tick(10);
	return {store, settle, version, scored: () => scoredSoFar};
}

test('a big flush is scored in slices, yielding to the event loop between them, and published once', async (t) => {
	const {store, settle, version, scored} = await slicedFlush(t);
	assert.equal(scored(), 3, 'one slice, then the event loop gets its turn');
	assert.equal(store.getSnapshot().version, version, 'nothing published mid-flush');
	let turns = 0;
	while (store.getSnapshot().reports.size < 40 && turns++ < 100) await settle();
	assert.equal(store.getSnapshot().version, version + 1, 'one snapshot for the whole flush');
	assert.ok(turns >= 10, `${turns} turns of the event loop in between`);
	store.dispose();
});

test('a key pressed during a sliced flush has its frame drawn before the next slice', async (t) => {
	const {store, settle, scored} = await slicedFlush(t);
	assert.equal(scored(), 3, 'a first slice, the next one queued');
	// The key's render is queued (as React queues it) after the next slice; the store lets it go first.
	const drawn = new Promise<number>((resolve) => setImmediate(() => resolve(scored())));
	store.yieldToInput();
	assert.equal(await drawn, 3, 'no slice ran before the frame');
	while (store.getSnapshot().reports.size < 40) await settle();
	assert.equal(scored(), 40, 'then the flush goes on to its end');
	store.dispose();
});
