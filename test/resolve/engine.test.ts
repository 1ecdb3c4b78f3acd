import assert from 'node:assert/strict';
import {test} from 'node:test';
import {findEcosystem} from '../../source/ecosystems/index.js';
import type {EcosystemModule, NameFacts} from '../../source/ecosystems/types.js';
import {GraphBuilder} from '../../source/graph/builder.js';
import {GrowingGraph} from '../../source/graph/growing.js';
import {mergeLockfiles} from '../../source/graph/merge.js';
import type {DependencyGraph} from '../../source/graph/types.js';
import type {VersionFacts} from '../../source/registries/types.js';
import {ResolutionEngine} from '../../source/resolve/engine.js';

/** npm facts made by hand: name → version → its dependencies. */
type Registry = Record<string, Record<string, Record<string, string>>>;

const registry: Registry = {
	app: {'1.0.0': {}},
	foo: {'1.0.0': {}, '1.2.0': {}, '2.0.0': {}, '2.1.0': {}},
	bar: {'1.0.0': {foo: '^2.0.0', baz: '^1.0.0'}},
	baz: {'1.0.0': {foo: '^1.1.0'}},
};

function factsOf(name: string): NameFacts {
	const versions: VersionFacts[] = Object.entries(registry[name] ?? {}).map(([version, prod]) => ({
		version,
		published: '2025-01-01T00:00:00.000Z',
		publishedBy: null,
		deprecated: null,
		yanked: false,
		yankedReason: null,
		dependencies: {prod},
	}));
	return {
		name,
		metadata: {
			ecosystem: 'npm',
			name,
			publishers: null,
			organization: null,
			latestVersion: versions.at(-1)?.version ?? null,
			versions,
			firstPublished: null,
			lastPublished: null,
			repository: null,
			unpublished: false,
		},
		extras: {},
		errors: [],
	};
}

function manifestGraph(ranges: Record<string, string>): DependencyGraph {
	const builder = new GraphBuilder('npm', 'package.json');
	const root = builder.addRoot('app');
	for (const [name, range] of Object.entries(ranges))
		builder.addRequirement({from: root, name, range, kind: 'prod', text: `${name}@${range}`});
	const parsed = builder.build('package-json', {direct: 'declared', resolved: true});
	return mergeLockfiles([
		{info: {path: 'package.json', format: 'package-json', ecosystem: 'npm'}, ...parsed},
	]);
}

/** Runs the engine with facts released in the given order (each release lets it go on). */
function resolve(
	graph: DependencyGraph,
	order: readonly string[],
): {graph: DependencyGraph; asked: string[]} {
	const growing = new GrowingGraph(graph, graph.resolution!.contexts);
	const released = new Set<string>();
	const asked: string[] = [];
	const engine = new ResolutionEngine(growing, graph.resolution!.contexts, {
		nameFacts: (_ecosystem: EcosystemModule, name: string) => {
			if (!asked.includes(name)) asked.push(name);
			return released.has(name) ? factsOf(name) : undefined;
		},
		fetchVersion: () => assert.fail('npm needs no version request'),
		endpoints: {urls: {}, routes: {}, authTokens: {}},
		environment: () => '',
		ecosystemOf: findEcosystem,
	});
	engine.start();
	for (const name of order) {
		released.add(name);
		engine.nameSettled(findEcosystem('npm')!, name);
	}

	assert.equal(engine.idle, true);
	return {graph: growing.publish() ?? growing.snapshot, asked};
}

test('npm keeps several versions side by side, and reuses one that satisfies', () => {
	const {graph} = resolve(manifestGraph({foo: '^1.0.0', bar: '*'}), ['foo', 'bar', 'baz']);
	assert.deepEqual(graph.roots[0]!.dependencies, ['npm:foo@1.2.0', 'npm:bar@1.0.0']);
	assert.deepEqual(graph.packages.get('npm:bar@1.0.0')!.dependencies, ['npm:foo@2.1.0', 'npm:baz@1.0.0']);
	assert.deepEqual(
		graph.packages.get('npm:baz@1.0.0')!.dependencies,
		['npm:foo@1.2.0'],
		'deduped onto 1.2.0',
	);
	assert.equal(
		graph.warnings.some((warning) => warning.includes('conflict')),
		false,
	);
});

test('the result does not depend on the order the answers arrive in', () => {
	const ranges = {bar: '*', foo: '^1.0.0'};
	const first = resolve(manifestGraph(ranges), ['foo', 'bar', 'baz']).graph;
	const reversed = resolve(manifestGraph(ranges), ['baz', 'bar', 'foo']).graph;
	const shape = (graph: DependencyGraph) =>
		JSON.stringify([
			graph.roots[0]!.dependencies,
			[...graph.packages.values()].map((node) => [node.id, node.dependencies]),
		]);
	assert.equal(shape(reversed), shape(first));
	// bar's foo@^2 came before the root's foo@^1 in the queue: each got the newest it allows.
	assert.deepEqual(first.roots[0]!.dependencies, ['npm:bar@1.0.0', 'npm:foo@1.2.0']);
});

test('every name needed is asked for as soon as it is known, before its turn', () => {
	const {asked} = resolve(manifestGraph({bar: '*', foo: '^1.0.0'}), ['bar', 'foo', 'baz']);
	assert.deepEqual(asked.slice(0, 2), ['bar', 'foo'], 'both root names at once');
	assert.ok(asked.includes('baz'));
});

test('abandoned, the engine is idle and the graph says why', () => {
	const graph = manifestGraph({foo: '^1.0.0'});
	const growing = new GrowingGraph(graph, graph.resolution!.contexts);
	const engine = new ResolutionEngine(growing, graph.resolution!.contexts, {
		nameFacts: () => undefined,
		fetchVersion: () => {},
		endpoints: {urls: {}, routes: {}, authTokens: {}},
		environment: () => '',
		ecosystemOf: findEcosystem,
	});
	engine.start();
	assert.equal(engine.idle, false, 'waiting for foo');
	engine.abandon('internal error: boom');
	assert.equal(engine.idle, true);
	assert.deepEqual(growing.publish()?.warnings, ['package.json: resolution stopped: internal error: boom']);
	assert.deepEqual(growing.snapshot.roots[0]!.dependencies, ['npm:foo@unknown'], 'the placeholder stays');
});
