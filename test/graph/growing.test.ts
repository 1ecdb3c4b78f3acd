import assert from 'node:assert/strict';
import {test} from 'node:test';
import {GraphBuilder} from '../../source/graph/builder.js';
import {GrowingGraph} from '../../source/graph/growing.js';
import {mergeLockfiles} from '../../source/graph/merge.js';
import type {DependencyGraph} from '../../source/graph/types.js';

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
