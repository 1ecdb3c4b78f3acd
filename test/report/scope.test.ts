import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {describeScope, resolveScope, resolveSubtreeSpec, subtreeIds} from '../../source/report/scope.js';
import {makeGraph} from '../helpers/factories.js';

const graph = makeGraph({
	roots: {'web-app': ['express@4.21.2', '@scope/util@1.0.0']},
	packages: {
		'express@4.21.2': ['lodash@4.17.21', 'debug@2.6.9'],
		'debug@2.6.9': ['ms@2.0.0', 'express@4.21.2'], // a cycle back up
		'@scope/util@1.0.0': ['lodash@3.10.1'],
		'lodash@4.17.21': [],
		'lodash@3.10.1': [],
		'ms@2.0.0': [],
		'pypi:Typing_Extensions@4.12.2': [],
	},
});

describe('scopes', () => {
	it('all covers every package', () => {
		assert.equal(resolveScope(graph, {kind: 'all'}).size, graph.packages.size);
		assert.equal(describeScope(graph), 'the whole tree');
	});

	it('a subtree is the package and its closure, cycle-safe', () => {
		assert.deepEqual([...resolveScope(graph, {kind: 'subtree', id: 'npm:debug@2.6.9'})].sort(), [
			'npm:debug@2.6.9',
			'npm:express@4.21.2',
			'npm:lodash@4.17.21',
			'npm:ms@2.0.0',
		]);
		assert.deepEqual([...subtreeIds(graph, 'npm:@scope/util@1.0.0')].sort(), [
			'npm:@scope/util@1.0.0',
			'npm:lodash@3.10.1',
		]);
		assert.equal(
			describeScope(graph, {kind: 'subtree', id: 'npm:debug@2.6.9'}),
			'the subtree of debug@2.6.9',
		);
	});

	it('a subtree of a root is everything beneath it; an unknown id covers nothing', () => {
		assert.equal(subtreeIds(graph, 'root:package-lock.json').size, 6);
		assert.equal(
			describeScope(graph, {kind: 'subtree', id: 'root:package-lock.json'}),
			'the subtree of web-app',
		);
		assert.equal(resolveScope(graph, {kind: 'subtree', id: 'npm:nope@1'}).size, 0);
	});

	it('marked covers exactly the marked packages that exist', () => {
		const ids = resolveScope(graph, {kind: 'marked', ids: ['npm:ms@2.0.0', 'npm:gone@1.0.0']});
		assert.deepEqual([...ids], ['npm:ms@2.0.0']);
		assert.equal(describeScope(graph, {kind: 'marked', ids: ['a', 'b', 'c']}), '3 marked packages');
	});
});

describe('resolveSubtreeSpec (--subtree name[@version])', () => {
	it('finds a unique name, a name@version, a scoped name and a full id', () => {
		assert.deepEqual(resolveSubtreeSpec(graph, 'express'), {ok: true, id: 'npm:express@4.21.2'});
		assert.deepEqual(resolveSubtreeSpec(graph, 'lodash@3.10.1'), {ok: true, id: 'npm:lodash@3.10.1'});
		assert.deepEqual(resolveSubtreeSpec(graph, '@scope/util'), {ok: true, id: 'npm:@scope/util@1.0.0'});
		assert.deepEqual(resolveSubtreeSpec(graph, '@scope/util@1.0.0'), {ok: true, id: 'npm:@scope/util@1.0.0'});
		assert.deepEqual(resolveSubtreeSpec(graph, 'npm:ms@2.0.0'), {ok: true, id: 'npm:ms@2.0.0'});
		assert.deepEqual(resolveSubtreeSpec(graph, 'web-app'), {ok: true, id: 'root:package-lock.json'});
	});

	it('matches PyPI names per PEP 503', () => {
		assert.deepEqual(resolveSubtreeSpec(graph, 'typing-extensions'), {
			ok: true,
			id: 'pypi:Typing_Extensions@4.12.2',
		});
		assert.deepEqual(resolveSubtreeSpec(graph, 'pypi:typing.extensions@4.12.2'), {
			ok: true,
			id: 'pypi:Typing_Extensions@4.12.2',
		});
	});

	it('an ambiguous name lists the candidates', () => {
		const result = resolveSubtreeSpec(graph, 'lodash');
		assert.equal(result.ok, false);
		assert.ok(!result.ok);
		assert.deepEqual(result.candidates, ['lodash@3.10.1', 'lodash@4.17.21']);
		assert.equal(
			result.message,
			'"lodash" matches 2 packages: lodash@3.10.1, lodash@4.17.21. Add the version, e.g. --subtree lodash@3.10.1',
		);
	});

	it('a workspace and its published release (same name and version) are told apart by id', () => {
		const published = graph.packages.get('npm:@scope/util@1.0.0')!;
		const withWorkspace = {
			...graph,
			packages: new Map([
				...graph.packages,
				[
					'npm:@scope/util@1.0.0#local',
					{...published, id: 'npm:@scope/util@1.0.0#local', source: 'workspace' as const},
				],
			]),
		};
		const result = resolveSubtreeSpec(withWorkspace, '@scope/util@1.0.0');
		assert.ok(!result.ok);
		assert.deepEqual(result.candidates, ['npm:@scope/util@1.0.0', 'npm:@scope/util@1.0.0#local']);
		assert.match(result.message, /Name one of them, e\.g\. --subtree npm:@scope\/util@1\.0\.0$/);
		assert.deepEqual(resolveSubtreeSpec(withWorkspace, 'npm:@scope/util@1.0.0#local'), {
			ok: true,
			id: 'npm:@scope/util@1.0.0#local',
		});
	});

	it('a missing package says so and suggests versions or similar names', () => {
		const wrongVersion = resolveSubtreeSpec(graph, 'lodash@1.0.0');
		assert.ok(!wrongVersion.ok);
		assert.equal(
			wrongVersion.message,
			'No package "lodash@1.0.0" in the tree. Versions in the tree: lodash@3.10.1, lodash@4.17.21.',
		);
		const typo = resolveSubtreeSpec(graph, 'expres');
		assert.ok(!typo.ok);
		assert.deepEqual(typo.candidates, ['express@4.21.2']);
		const nothing = resolveSubtreeSpec(graph, 'zzz');
		assert.ok(!nothing.ok);
		assert.equal(nothing.message, 'No package "zzz" in the tree.');
	});
});
