import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readBunLockfile} from '../../../source/ecosystems/npm/lockfiles/bun.js';
import {readNpmLockfile} from '../../../source/ecosystems/npm/lockfiles/npm.js';
import {type ReadFixture, readFixture} from '../../helpers/lockfile-fixtures.js';

/**
 * manifests/basic and manifests/workspaces locked by npm 11 and by bun 1.4 resolve to the same versions,
 * so the two readers must produce the same graph: same packages, same flags, same edges. The one known
 * difference is bun's: it turns a `peerDependenciesMeta`-only optional peer (follow-redirects → debug) into an
 * edge, which npm's lockfile does not record.
 */
const bunOnlyEdges = new Set(['npm:follow-redirects@1.16.3 → npm:debug@2.6.9']);

function edges(lock: ReadFixture): string[] {
	return lock.packages.flatMap((node) => node.dependencies.map((to) => `${node.id} → ${to}`)).sort();
}

function summary(lock: ReadFixture): string[] {
	return lock.packages
		.map(
			(node) =>
				`${node.id} direct=${node.direct} dev=${node.dev} optional=${node.optional} ${node.source ?? ''} ${node.aliases ?? ''}`,
		)
		.sort();
}

for (const manifest of ['basic', 'workspaces']) {
	test(`npm v3 and bun agree on manifests/${manifest}`, () => {
		const npm = readFixture(readNpmLockfile, 'lockfiles', 'npm-v3', manifest, 'package-lock.json');
		const bun = readFixture(readBunLockfile, 'lockfiles', 'bun', manifest, 'bun.lock');
		assert.deepEqual(summary(bun), summary(npm));
		assert.deepEqual(
			edges(bun).filter((edge) => !bunOnlyEdges.has(edge)),
			edges(npm),
		);
		assert.deepEqual(
			bun.roots.map((root) => [root.name, root.workspace, [...root.dependencies].sort()]),
			npm.roots.map((root) => [root.name, root.workspace, [...root.dependencies].sort()]),
		);
	});
}
