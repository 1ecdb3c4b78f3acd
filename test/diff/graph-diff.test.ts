import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {changedIds, diffGraphs, isEmptyDiff} from '../../source/diff/graph-diff.js';
import {diffScanGraph} from '../../source/diff/scan-graph.js';
import {loadProject} from '../../source/lockfiles/index.js';
import {makeGraph} from '../helpers/factories.js';
import {injectedLockfile} from '../helpers/injected-lockfile.js';
import {fixturePath} from '../helpers/paths.js';

const side = (...parts: string[]) => loadProject({directory: fixturePath(...parts)});

describe('diffs between real lockfile pairs', () => {
	test('a version bump is one change, keyed by name, and nothing else moves', () => {
		const diff = diffGraphs(side('diff', 'bump', 'base'), side('diff', 'bump', 'head'));
		assert.deepEqual(diff.changed, [{from: 'npm:chalk@4.1.2', to: 'npm:chalk@5.3.0'}]);
		assert.deepEqual(diff.added, []);
		assert.deepEqual(diff.removed, []);
		assert.equal(diff.unchanged, 7);
		assert.deepEqual(changedIds(diff), ['npm:chalk@5.3.0']);
	});

	test('the same version installed from another host (an edited resolved) is a change to judge', () => {
		const injected = injectedLockfile();
		try {
			const diff = diffGraphs(side('diff', 'bump', 'base'), loadProject({directory: injected.folder}));
			assert.deepEqual(diff.changed, [{from: 'npm:axios@1.7.9', to: 'npm:axios@1.7.9'}]);
			assert.deepEqual(changedIds(diff), ['npm:axios@1.7.9'], 'scored and gated');
			assert.deepEqual(diff.added, []);
			// Back again is no injection: nothing to judge.
			assert.ok(
				isEmptyDiff(diffGraphs(loadProject({directory: injected.folder}), side('diff', 'bump', 'base'))),
			);
		} finally {
			injected.remove();
		}
	});

	test('an added direct dependency brings its whole subtree', () => {
		const diff = diffGraphs(side('diff', 'added-direct', 'base'), side('diff', 'added-direct', 'head'));
		assert.deepEqual(diff.added, ['npm:axios@1.7.9', 'npm:follow-redirects@1.15.9', 'npm:form-data@4.0.1']);
		assert.deepEqual(diff.changed, []);
		assert.deepEqual(diff.removed, []);
		assert.equal(diff.roots.length, 1);
		assert.equal(diff.roots[0]!.name, 'web-app');
	});

	test('a removed direct dependency takes its subtree with it', () => {
		const diff = diffGraphs(side('diff', 'added-direct', 'head'), side('diff', 'added-direct', 'base'));
		assert.deepEqual(diff.removed, ['npm:axios@1.7.9', 'npm:follow-redirects@1.15.9', 'npm:form-data@4.0.1']);
		assert.deepEqual(diff.added, []);
		assert.deepEqual(changedIds(diff), [], 'nothing to fetch or gate');
	});

	test('npm → pnpm: the same project in another format is no change at all', () => {
		const npm = side('lockfiles', 'npm-v3', 'basic');
		const pnpm = side('lockfiles', 'pnpm-9', 'basic');
		assert.notEqual(npm.lockfiles[0]!.path, pnpm.lockfiles[0]!.path);
		const diff = diffGraphs(npm, pnpm);
		assert.equal(isEmptyDiff(diff), true, JSON.stringify(diff.roots));
		assert.equal(diff.unchanged, pnpm.packages.size);
		assert.equal(diff.roots[0]!.baseRoot, 'root:package-lock.json');
		assert.equal(diff.roots[0]!.headRoot, 'root:pnpm-lock.yaml');
	});

	test('npm → pnpm with a version moved: only that version', () => {
		const npm = side('lockfiles', 'npm-v3', 'workspaces');
		const pnpm = side('lockfiles', 'pnpm-9', 'workspaces');
		assert.equal(isEmptyDiff(diffGraphs(npm, pnpm)), true, 'the workspaces match by folder');
		const yarn = side('lockfiles', 'yarn-berry', 'basic');
		const diff = diffGraphs(yarn, side('lockfiles', 'npm-v3', 'basic'));
		assert.ok(diff.removed.length > 0, 'yarn berry locked a few more platform packages');
		assert.deepEqual(diff.added, []);
	});

	test('a workspace added: its packages are added under its root, the others do not move', () => {
		const diff = diffGraphs(side('diff', 'workspace-added', 'base'), side('diff', 'workspace-added', 'head'));
		const byName = new Map(diff.roots.map((root) => [root.name, root]));
		const util = byName.get('@mono/util')!;
		assert.equal(util.baseRoot, undefined, 'a new root');
		assert.equal(util.headRoot, 'root:package-lock.json#packages/util');
		assert.deepEqual(util.added, ['npm:lodash@4.17.21', 'npm:ms@2.1.3']);
		const app = byName.get('@mono/app')!;
		// ms@2.1.3 was beneath the app already (under debug): not new to it.
		assert.deepEqual(app.added, ['npm:@mono/util@1.2.0', 'npm:lodash@4.17.21']);
		assert.deepEqual(byName.get('monorepo')!.added, []);
		assert.deepEqual(diff.added, ['npm:@mono/util@1.2.0', 'npm:lodash@4.17.21', 'npm:ms@2.1.3']);
	});
});

describe('diff rules', () => {
	test('several versions of one name pair in version order; the rest is added or removed', () => {
		const base = makeGraph({roots: {app: ['a@1.0.0', 'a@2.0.0', 'b@1.0.0']}});
		const head = makeGraph({roots: {app: ['a@1.1.0', 'a@2.1.0', 'a@3.0.0', 'c@1.0.0']}});
		const diff = diffGraphs(base, head);
		assert.deepEqual(diff.changed, [
			{from: 'npm:a@1.0.0', to: 'npm:a@1.1.0'},
			{from: 'npm:a@2.0.0', to: 'npm:a@2.1.0'},
		]);
		assert.deepEqual(diff.added, ['npm:a@3.0.0', 'npm:c@1.0.0']);
		assert.deepEqual(diff.removed, ['npm:b@1.0.0']);
	});

	test('the scan graph is the changed packages and the versions they moved from, nothing else', () => {
		const base = makeGraph({roots: {app: ['a@1.0.0', 'b@1.0.0']}, packages: {'a@1.0.0': ['x@1.0.0']}});
		const head = makeGraph({
			roots: {app: ['a@1.1.0', 'b@1.0.0', 'n@1.0.0']},
			packages: {'a@1.1.0': ['x@1.0.0'], 'n@1.0.0': ['b@1.0.0']},
		});
		const diff = diffGraphs(base, head);
		const scan = diffScanGraph(base, head, diff);
		assert.deepEqual([...scan.packages.keys()].sort(), ['npm:a@1.0.0', 'npm:a@1.1.0', 'npm:n@1.0.0']);
		assert.deepEqual(
			scan.packages.get('npm:n@1.0.0')!.dependencies,
			[],
			'edges to unchanged packages are cut',
		);
		assert.deepEqual(scan.roots[0]!.dependencies.sort(), ['npm:a@1.1.0', 'npm:n@1.0.0']);
	});
});
