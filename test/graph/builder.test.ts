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

test('build hands its lists to the nodes: the builder refuses more packages or edges after it', () => {
	const builder = new GraphBuilder('npm', 'package-lock.json');
	const root = builder.addRoot('app');
	const a = builder.addPackage({name: 'a', version: '1.0.0'});
	const b = builder.addPackage({name: 'b', version: '1.0.0'});
	builder.addEdge(root, a, 'prod');
	builder.addEdge(a, b, 'optional');
	const parsed = builder.build('npm-lock-v3');
	const byId = new Map(parsed.packages.map((node) => [node.id, node]));
	assert.deepEqual(byId.get(a)!.dependencies, [b]);
	assert.deepEqual(byId.get(b)!.dependencies, []);
	assert.equal(byId.get(b)!.optional, true);
	assert.throws(() => builder.addEdge(a, b, 'prod'), /builder is done/);
	assert.throws(() => builder.addPackage({name: 'c', version: '1.0.0'}), /builder is done/);
	assert.deepEqual(byId.get(a)!.dependencies, [b], 'the node is unchanged');
});

test('the same name@version from the registry and from the project itself are two packages, whichever comes first', () => {
	for (const registryFirst of [true, false]) {
		const builder = new GraphBuilder('npm', 'yarn.lock');
		const root = builder.addRoot('app');
		const add = (source: 'registry' | 'workspace') =>
			builder.addPackage({name: '@babel/core', version: '8.0.1', source});
		const first = add(registryFirst ? 'registry' : 'workspace');
		const second = add(registryFirst ? 'workspace' : 'registry');
		assert.notEqual(first, second);
		// Asked again, each source finds its own package; link: and workspace are both the project's.
		assert.equal(add(registryFirst ? 'registry' : 'workspace'), first);
		assert.equal(add(registryFirst ? 'workspace' : 'registry'), second);
		const local = registryFirst ? second : first;
		assert.equal(builder.addPackage({name: '@babel/core', version: '8.0.1', source: 'link'}), local);
		assert.equal(builder.addPackage({name: '@babel/core', version: '8.0.1'}), registryFirst ? first : second);
		builder.addEdge(root, first, 'prod');
		builder.addEdge(root, second, 'dev');
		const parsed = builder.build('yarn-berry');
		const nodes = parsed.packages.map((node) => [
			node.id,
			node.source ?? 'registry',
			node.name,
			node.version,
		]);
		assert.deepEqual(
			nodes,
			registryFirst
				? [
						['npm:@babel/core@8.0.1', 'registry', '@babel/core', '8.0.1'],
						['npm:@babel/core@8.0.1#local', 'workspace', '@babel/core', '8.0.1'],
					]
				: [
						['npm:@babel/core@8.0.1', 'workspace', '@babel/core', '8.0.1'],
						['npm:@babel/core@8.0.1#registry', 'registry', '@babel/core', '8.0.1'],
					],
		);
	}
});

test('an optional peer is an edge that makes nothing prod or required; a required peer still does', () => {
	const builder = new GraphBuilder('npm', 'bun.lock');
	const root = builder.addRoot('app');
	const add = (name: string) => builder.addPackage({name, version: '1.0.0'});
	const [stripe, types, undici, reactDom, react, lonely] = [
		'stripe',
		'types',
		'undici',
		'react-dom',
		'react',
		'lonely',
	].map(add) as [string, string, string, string, string, string];
	builder.addEdge(root, stripe, 'prod');
	builder.addEdge(root, reactDom, 'prod');
	builder.addEdge(stripe, types, 'peerOptional');
	builder.addEdge(types, undici, 'prod');
	// Also a dev dependency: every dev install has it, so dev but not optional.
	builder.addEdge(root, types, 'dev');
	// A required peer that is otherwise only dev: npm 7+ and pnpm install it with react-dom.
	builder.addEdge(reactDom, react, 'peer');
	builder.addEdge(root, react, 'dev');
	// Nothing installs it: only an optional peer names it.
	builder.addEdge(stripe, lonely, 'peerOptional');
	const parsed = builder.build('bun');
	const byId = new Map(parsed.packages.map((node) => [node.id, node]));
	const flagsOf = (id: string) => {
		const node = byId.get(id)!;
		return {direct: node.direct, dev: node.dev, optional: node.optional};
	};
	assert.deepEqual(byId.get(stripe)!.dependencies, [types, lonely], 'the edges stay in the tree');
	assert.deepEqual(flagsOf(types), {direct: true, dev: true, optional: false});
	assert.deepEqual(flagsOf(undici), {direct: false, dev: true, optional: false});
	assert.deepEqual(flagsOf(react), {direct: true, dev: false, optional: false});
	assert.deepEqual(flagsOf(lonely), {direct: false, dev: true, optional: true});
	assert.deepEqual(flagsOf(stripe), {direct: true, dev: false, optional: false});
});

test('an optional peer is the weakest kind: any other declaration of the same edge decides', () => {
	const builder = new GraphBuilder('npm', 'package-lock.json');
	const root = builder.addRoot('app');
	const add = (name: string) => builder.addPackage({name, version: '1.0.0'});
	const [library, tested, optional, installed, peerOnly] = [
		'library',
		'tested',
		'optional',
		'installed',
		'peer-only',
	].map(add) as [string, string, string, string, string];
	builder.addEdge(root, library, 'prod');
	// A workspace's optional peer it also lists under devDependencies (to test against it): a dev edge.
	builder.addEdge(root, tested, 'peerOptional');
	builder.addEdge(root, tested, 'dev');
	builder.addEdge(library, optional, 'peerOptional');
	builder.addEdge(library, optional, 'optional');
	builder.addEdge(library, installed, 'prod');
	builder.addEdge(library, installed, 'peerOptional');
	// A root's own optional peer installs nothing either.
	builder.addEdge(root, peerOnly, 'peerOptional');
	const parsed = builder.build('npm-lock-v3');
	const flagsOf = (id: string) => {
		const node = parsed.packages.find((candidate) => candidate.id === id)!;
		return [node.dev, node.optional];
	};
	assert.deepEqual(flagsOf(tested), [true, false]);
	assert.deepEqual(flagsOf(optional), [false, true]);
	assert.deepEqual(flagsOf(installed), [false, false]);
	assert.deepEqual(flagsOf(peerOnly), [true, true]);
	assert.deepEqual(parsed.roots[0]!.dependencies, [library, tested, peerOnly]);
});
