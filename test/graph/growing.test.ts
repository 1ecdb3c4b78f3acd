import assert from 'node:assert/strict';
import {test} from 'node:test';
import {edgeKindStrength, GraphBuilder} from '../../source/graph/builder.js';
import {GrowingGraph} from '../../source/graph/growing.js';
import {mergeLockfiles} from '../../source/graph/merge.js';
import type {DependencyGraph} from '../../source/graph/types.js';
import {pick, randomSource} from '../helpers/random-trees.js';

/** A flat Pipfile.lock: requests, certifi, idna (default), pytest and pluggy (develop), and a placeholder. */
function flatGraph(): DependencyGraph {
	const builder = new GraphBuilder('pypi', 'Pipfile.lock');
	const root = builder.addRoot('app');
	for (const [name, kind] of [
		['requests', 'prod'],
		['certifi', 'prod'],
		['idna', 'prod'],
		['pytest', 'dev'],
		['pluggy', 'dev'],
	] as const) {
		const id = builder.addPackage({name, version: '1.0'});
		builder.addEdge(root, id, kind);
		builder.expandFromRegistry(id);
	}

	builder.addRequirement({from: root, name: 'black', range: '', kind: 'dev', text: 'black'});
	const parsed = builder.build('pipfile', {direct: 'unrequired'});
	return mergeLockfiles([{info: {path: 'Pipfile.lock', format: 'pipfile', ecosystem: 'pypi'}, ...parsed}]);
}

const id = (name: string) => `pypi:${name}@1.0`;

test('nothing changed: no new snapshot; a change: a new one, the old one untouched', () => {
	const graph = flatGraph();
	const growing = new GrowingGraph(graph, graph.resolution!.contexts);
	assert.equal(growing.publish(), null);
	growing.addEdge(id('requests'), id('certifi'), 'prod');
	const next = growing.publish()!;
	assert.notEqual(next, graph);
	assert.deepEqual(graph.packages.get(id('requests'))!.dependencies, [], 'the first graph never changes');
	assert.deepEqual(next.packages.get(id('requests'))!.dependencies, [id('certifi')]);
	assert.equal(
		next.packages.get(id('pluggy')),
		graph.packages.get(id('pluggy')),
		'unchanged nodes are reused',
	);
	assert.equal(growing.snapshot, next);
	assert.equal(growing.publish(), null);
});

test('a flat lock: a package stays direct only while nothing in it requires it; flags follow the edges', () => {
	const graph = flatGraph();
	assert.equal(graph.packages.get(id('certifi'))!.direct, true);
	const growing = new GrowingGraph(graph, graph.resolution!.contexts);
	growing.addEdge(id('requests'), id('certifi'), 'prod');
	growing.addEdge(id('requests'), id('idna'), 'prod');
	growing.addEdge(id('pytest'), id('pluggy'), 'prod');
	// A prod package requiring a develop one makes it prod.
	growing.addEdge(id('idna'), id('pluggy'), 'prod');
	const next = growing.publish()!;
	const root = next.roots[0]!;
	assert.deepEqual(root.dependencies, [id('requests'), id('pytest'), 'pypi:black@unknown']);
	const flags = (name: string) => {
		const node = next.packages.get(id(name))!;
		return [node.direct, node.dev];
	};
	assert.deepEqual(flags('requests'), [true, false]);
	assert.deepEqual(flags('certifi'), [false, false]);
	assert.deepEqual(flags('pytest'), [true, true]);
	assert.deepEqual(flags('pluggy'), [false, false], 'reached through idna (prod) too');
});

test('a cycle nothing outside requires keeps one member direct (else it would hang in the air)', () => {
	const graph = flatGraph();
	const growing = new GrowingGraph(graph, graph.resolution!.contexts);
	growing.addEdge(id('certifi'), id('idna'), 'prod');
	growing.addEdge(id('idna'), id('certifi'), 'prod');
	const next = growing.publish()!;
	assert.deepEqual(next.roots[0]!.dependencies.filter((entry) => entry !== id('requests')).slice(0, 1), [
		id('certifi'),
	]);
	assert.equal(next.roots[0]!.dependencies.includes(id('idna')), false);
});

test('a placeholder replaced in place by the version chosen for it, and remembered as replaced', () => {
	const graph = flatGraph();
	const growing = new GrowingGraph(graph, graph.resolution!.contexts);
	const removed: string[] = [];
	const added: string[] = [];
	growing.listener = {added: (node) => added.push(node.id), removed: (gone) => removed.push(gone)};
	const {id: black, created} = growing.addPackage({
		ecosystem: 'pypi',
		name: 'black',
		version: '25.1.0',
		lockfile: 'Pipfile.lock',
		origin: {version: 'newest release satisfying any version'},
	});
	assert.equal(created, true);
	growing.redirect('root:Pipfile.lock', 'pypi:black@unknown', black);
	const next = growing.publish()!;
	assert.deepEqual(added, [black]);
	assert.deepEqual(removed, ['pypi:black@unknown']);
	assert.equal(next.packages.has('pypi:black@unknown'), false);
	assert.equal(next.replaced?.get('pypi:black@unknown'), black);
	assert.equal(next.roots[0]!.dependencies.at(-1), black, 'the same place among its siblings');
	const node = next.packages.get(black)!;
	assert.deepEqual([node.locked, node.edgesFrom, node.dev, node.direct], [false, 'none', true, true]);
	assert.equal(
		growing.addPackage({ecosystem: 'pypi', name: 'black', version: '25.1.0', lockfile: 'x'}).created,
		false,
	);
});

test('a registry release resolved during a scan is not merged into a workspace of its name@version', () => {
	const builder = new GraphBuilder('npm', 'package-lock.json');
	const root = builder.addRoot('monorepo');
	builder.addEdge(
		root,
		builder.addPackage({name: '@scope/core', version: '2.0.0', source: 'workspace'}),
		'prod',
	);
	const parsed = builder.build('npm-lock-v3');
	const graph = mergeLockfiles([
		{info: {path: 'package-lock.json', format: 'npm-lock-v3', ecosystem: 'npm'}, ...parsed},
	]);
	const growing = new GrowingGraph(graph, []);
	const release = {
		ecosystem: 'npm',
		name: '@scope/core',
		version: '2.0.0',
		lockfile: 'package-lock.json',
	} as const;
	assert.deepEqual(growing.addPackage(release), {id: 'npm:@scope/core@2.0.0#registry', created: true});
	assert.deepEqual(growing.addPackage(release), {id: 'npm:@scope/core@2.0.0#registry', created: false});
	assert.deepEqual(growing.addPackage({...release, source: 'link'}), {
		id: 'npm:@scope/core@2.0.0',
		created: false,
	});
	const next = growing.publish()!;
	assert.equal(next.packages.get('npm:@scope/core@2.0.0')!.source, 'workspace');
	assert.equal(next.packages.get('npm:@scope/core@2.0.0#registry')!.source, undefined);
});

test('flags after any growth equal what GraphBuilder computes from the same edges (random growth, cycles, kinds)', () => {
	const kinds = ['prod', 'dev', 'optional', 'peer', 'peerOptional'] as const;
	for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
		const random = randomSource(seed);
		const builder = new GraphBuilder('pypi', 'poetry.lock');
		const root = builder.addRoot('app');
		const edges = new Map<string, Map<string, (typeof kinds)[number]>>();
		const record = (from: string, to: string, kind: (typeof kinds)[number]) => {
			if (from === to) return;
			let out = edges.get(from);
			if (!out) edges.set(from, (out = new Map()));
			const known = out.get(to);
			if (known === undefined || edgeKindStrength[kind] > edgeKindStrength[known]) out.set(to, kind);
		};
		const ids: string[] = [];
		for (let index = 0; index < 12; index++) {
			const id = builder.addPackage({name: `p${index}`, version: '1.0'});
			ids.push(id);
			builder.expandFromRegistry(id);
		}
		for (const id of ids.slice(0, 4)) {
			const kind = pick(random, kinds);
			builder.addEdge(root, id, kind);
			record(root, id, kind);
		}
		const parsed = builder.build('poetry', {direct: 'declared'});
		const graph = mergeLockfiles([
			{info: {path: 'poetry.lock', format: 'poetry', ecosystem: 'pypi'}, ...parsed},
		]);
		const growing = new GrowingGraph(graph, graph.resolution!.contexts);
		for (let step = 0; step < 30; step++) {
			if (random() < 0.2) {
				const {id} = growing.addPackage({
					ecosystem: 'pypi',
					name: `q${step}`,
					version: '2.0',
					lockfile: 'poetry.lock',
				});
				ids.push(id);
			}
			const from = random() < 0.1 ? root : pick(random, ids);
			const to = pick(random, ids);
			const kind = pick(random, kinds);
			growing.addEdge(from, to, kind);
			record(from, to, kind);
			if (random() < 0.3 || step === 29) {
				const published = growing.publish() ?? growing.snapshot;
				// From scratch: the same packages and edges (strongest kinds) through GraphBuilder.
				const fresh = new GraphBuilder('pypi', 'poetry.lock');
				const freshRoot = fresh.addRoot('app');
				for (const node of published.packages.values())
					fresh.addPackage({name: node.name, version: node.version});
				for (const [source, out] of edges)
					for (const [target, edgeKind] of out)
						fresh.addEdge(source === root ? freshRoot : source, target, edgeKind);
				const expected = new Map(fresh.build('poetry').packages.map((node) => [node.id, node]));
				for (const node of published.packages.values()) {
					const want = expected.get(node.id)!;
					assert.deepEqual(
						[node.direct, node.dev, node.optional],
						[want.direct, want.dev, want.optional],
						`seed ${seed}, step ${step}: ${node.id}`,
					);
				}
			}
		}
	}
});

test('an optional peer added while growing makes nothing prod: what only dev edges and it reach is dev', () => {
	const builder = new GraphBuilder('npm', 'package.json');
	const root = builder.addRoot('app');
	const stripe = builder.addRequirement({
		from: root,
		name: 'stripe',
		range: '^20',
		kind: 'prod',
		text: 'stripe@^20',
	});
	const types = builder.addRequirement({
		from: root,
		name: 'types',
		range: '^25',
		kind: 'dev',
		text: 'types@^25',
	});
	const parsed = builder.build('package-json', {direct: 'declared', resolved: true});
	const graph = mergeLockfiles([
		{info: {path: 'package.json', format: 'package-json', ecosystem: 'npm'}, ...parsed},
	]);
	const growing = new GrowingGraph(graph, graph.resolution!.contexts);
	const {id: lonely} = growing.addPackage({
		ecosystem: 'npm',
		name: 'lonely',
		version: '1.0.0',
		lockfile: 'package.json',
	});
	growing.addEdge(stripe, types, 'peerOptional');
	growing.addEdge(stripe, lonely, 'peerOptional');
	const next = growing.publish()!;
	const flags = (id: string) => {
		const node = next.packages.get(id)!;
		return [node.dev, node.optional];
	};
	assert.deepEqual(next.packages.get(stripe)!.dependencies, [types, lonely], 'the edges stay');
	assert.deepEqual(flags(stripe), [false, false]);
	assert.deepEqual(flags(types), [true, false]);
	assert.deepEqual(flags(lonely), [true, true]);
});
