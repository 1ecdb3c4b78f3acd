import assert from 'node:assert/strict';
import {test} from 'node:test';
import {GraphBuilder} from '../../source/graph/builder.js';

test('edges are kept once, in the order first given, the strongest kind winning — also for a root with thousands', () => {
	for (const count of [5, 3000]) {
		const builder = new GraphBuilder('pypi', 'requirements.txt');
		const root = builder.addRoot('app');
		const ids = Array.from({length: count}, (_, index) =>
			builder.addPackage({name: `p${index}`, version: '1.0'}),
		);
		for (const id of ids) builder.addEdge(root, id, 'dev');
		// Declared again, some as production: the same edges, now prod; the order stays the first one.
		for (const id of [...ids].reverse().filter((_, index) => index % 2 === 0))
			builder.addEdge(root, id, 'prod');
		// A weaker kind later never downgrades an edge.
		for (const id of ids) builder.addEdge(root, id, 'dev');
		builder.addEdge(ids[0]!, ids[1]!, 'optional');
		builder.addEdge(ids[0]!, ids[1]!, 'peer');
		const parsed = builder.build('requirements');
		assert.deepEqual(parsed.roots[0]!.dependencies, ids, `${count}: once each, first order`);
		const packages = new Map(parsed.packages.map((node) => [node.id, node]));
		assert.deepEqual(packages.get(ids[0]!)!.dependencies, [ids[1]!]);
		// dev where only dev edges lead: the ones never declared prod.
		const dev = ids.filter((id) => packages.get(id)!.dev);
		assert.deepEqual(
			dev,
			ids.filter((_, index) => (count - 1 - index) % 2 === 1 && index !== 1),
			`${count}: the strongest kind of each root edge decides`,
		);
	}
});
