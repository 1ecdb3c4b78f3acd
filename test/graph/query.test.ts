import assert from 'node:assert/strict';
import {test} from 'node:test';
import {GraphBuilder} from '../../source/graph/builder.js';
import {filterGraph, restrictGraph} from '../../source/graph/filter.js';
import {mergeLockfiles} from '../../source/graph/merge.js';
import {dependentsOf, pathsFromRoots, subtreeOf} from '../../source/graph/query.js';
import type {DependencyGraph, PackageNode, RootNode} from '../../source/graph/types.js';

/** app → a → b → c → a (cycle), app → d → c, app -dev-> t → d */
function sampleGraph(): DependencyGraph {
	const builder = new GraphBuilder('npm', 'package-lock.json');
	const root = builder.addRoot('app');
	const [a, b, c, d, t] = ['a', 'b', 'c', 'd', 't'].map((name) =>
		builder.addPackage({name, version: '1.0.0'}),
	);
	builder.addEdge(root, a!);
	builder.addEdge(root, d!);
	builder.addEdge(root, t!, 'dev');
	builder.addEdge(a!, b!);
	builder.addEdge(b!, c!);
	builder.addEdge(c!, a!);
	builder.addEdge(d!, c!);
	builder.addEdge(t!, d!);
	const parsed = builder.build('npm-lock-v3');
	return mergeLockfiles([
		{info: {path: 'package-lock.json', format: 'npm-lock-v3', ecosystem: 'npm'}, ...parsed},
	]);
}

test('subtreeOf follows edges through a cycle once', () => {
	const graph = sampleGraph();
	assert.deepEqual([...subtreeOf(graph, 'npm:b@1.0.0')].sort(), [
		'npm:a@1.0.0',
		'npm:b@1.0.0',
		'npm:c@1.0.0',
	]);
	assert.deepEqual([...subtreeOf(graph, 'root:package-lock.json')].sort(), [
		'npm:a@1.0.0',
		'npm:b@1.0.0',
		'npm:c@1.0.0',
		'npm:d@1.0.0',
		'npm:t@1.0.0',
		'root:package-lock.json',
	]);
});

test('dependentsOf lists packages and roots that depend on a package', () => {
	const graph = sampleGraph();
	assert.deepEqual(dependentsOf(graph, 'npm:c@1.0.0').sort(), ['npm:b@1.0.0', 'npm:d@1.0.0']);
	assert.deepEqual(dependentsOf(graph, 'npm:d@1.0.0').sort(), ['npm:t@1.0.0', 'root:package-lock.json']);
	assert.deepEqual(dependentsOf(graph, 'npm:nothing@1.0.0'), []);
});

test('pathsFromRoots returns every simple path, shortest first, and terminates on cycles', () => {
	const graph = sampleGraph();
	const {paths, truncated} = pathsFromRoots(graph, 'npm:c@1.0.0');
	assert.equal(truncated, false);
	assert.deepEqual(paths, [
		['root:package-lock.json', 'npm:d@1.0.0', 'npm:c@1.0.0'],
		['root:package-lock.json', 'npm:a@1.0.0', 'npm:b@1.0.0', 'npm:c@1.0.0'],
		['root:package-lock.json', 'npm:t@1.0.0', 'npm:d@1.0.0', 'npm:c@1.0.0'],
	]);
});

test('pathsFromRoots stops at the limit and says so', () => {
	const graph = sampleGraph();
	const {paths, truncated} = pathsFromRoots(graph, 'npm:c@1.0.0', 2);
	assert.equal(paths.length, 2);
	assert.equal(truncated, true);
});

test('builder flags: dev only through dev edges, direct only from roots', () => {
	const graph = sampleGraph();
	const t = graph.packages.get('npm:t@1.0.0')!;
	const d = graph.packages.get('npm:d@1.0.0')!;
	assert.equal(t.dev, true);
	assert.equal(t.direct, true);
	assert.equal(d.dev, false, 'd is also a prod dependency of the root');
	assert.equal(graph.packages.get('npm:b@1.0.0')!.direct, false);
});

test('builder flags: optional only when every path crosses an optional edge', () => {
	const builder = new GraphBuilder('npm', 'package-lock.json');
	const root = builder.addRoot('app');
	const fsevents = builder.addPackage({name: 'fsevents', version: '2.3.3'});
	const chokidar = builder.addPackage({name: 'chokidar', version: '3.6.0'});
	const shared = builder.addPackage({name: 'shared', version: '1.0.0'});
	builder.addEdge(root, chokidar);
	builder.addEdge(chokidar, fsevents, 'optional');
	builder.addEdge(fsevents, shared);
	builder.addEdge(root, shared, 'optional');
	const {packages} = builder.build('npm-lock-v3');
	const byName = new Map(packages.map((node) => [node.name, node]));
	assert.equal(byName.get('fsevents')!.optional, true);
	assert.equal(byName.get('shared')!.optional, true);
	assert.equal(byName.get('chokidar')!.optional, false);
});

test('filterGraph --prod drops dev-only packages and the edges to them', () => {
	const graph = filterGraph(sampleGraph(), {production: true});
	assert.equal(graph.packages.has('npm:t@1.0.0'), false);
	assert.deepEqual(graph.roots[0]!.dependencies, ['npm:a@1.0.0', 'npm:d@1.0.0']);
	assert.equal(graph.packages.size, 4);
});

test('restrictGraph copies only the nodes that lose an edge, and never changes the graph it narrows', () => {
	const graph = sampleGraph();
	const before = JSON.stringify([...graph.packages.values()]);
	const kept = new Set([...graph.packages.keys()].filter((id) => id !== 'npm:t@1.0.0'));
	const narrowed = restrictGraph(graph, kept);
	for (const node of narrowed.packages.values()) {
		const original = graph.packages.get(node.id)!;
		const lost = original.dependencies.some((id) => !kept.has(id));
		assert.equal(node === original, !lost, `${node.id}: copied only when it loses an edge`);
		assert.deepEqual(
			node.dependencies,
			original.dependencies.filter((id) => kept.has(id)),
		);
	}

	assert.equal(JSON.stringify([...graph.packages.values()]), before, 'the graph is unchanged');
	const withLoss = restrictGraph(graph, new Set(['npm:a@1.0.0']));
	assert.deepEqual(withLoss.packages.get('npm:a@1.0.0')!.dependencies, []);
	assert.notEqual(withLoss.packages.get('npm:a@1.0.0'), graph.packages.get('npm:a@1.0.0'));
});

test('mergeLockfiles: one node per package, flags combined across lockfiles', () => {
	const node = (overrides: Partial<PackageNode>): PackageNode => ({
		id: 'npm:x@1.0.0',
		ecosystem: 'npm',
		name: 'x',
		version: '1.0.0',
		direct: false,
		dev: true,
		optional: false,
		dependencies: [],
		lockfiles: ['a/package-lock.json'],
		...overrides,
	});
	const root = (lockfile: string): RootNode => ({
		id: `root:${lockfile}`,
		name: lockfile,
		lockfile,
		dependencies: ['npm:x@1.0.0'],
	});
	const graph = mergeLockfiles([
		{
			info: {path: 'a/package-lock.json', format: 'npm-lock-v3', ecosystem: 'npm'},
			roots: [root('a/package-lock.json')],
			packages: [node({dependencies: ['npm:y@1.0.0']}), node({id: 'npm:y@1.0.0', name: 'y'})],
			warnings: [],
		},
		{
			info: {path: 'yarn.lock', format: 'yarn-v1', ecosystem: 'npm'},
			roots: [root('yarn.lock')],
			packages: [node({direct: true, dev: false, lockfiles: ['yarn.lock'], aliases: ['x-alias']})],
			warnings: ['something'],
		},
	]);
	const x = graph.packages.get('npm:x@1.0.0')!;
	assert.equal(x.direct, true);
	assert.equal(x.dev, false);
	assert.deepEqual(x.dependencies, ['npm:y@1.0.0']);
	assert.deepEqual(x.lockfiles, ['a/package-lock.json', 'yarn.lock']);
	assert.deepEqual(x.aliases, ['x-alias']);
	assert.equal(graph.roots.length, 2);
	assert.deepEqual(graph.warnings, ['something']);
});
