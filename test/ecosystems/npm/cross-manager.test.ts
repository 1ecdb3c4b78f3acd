import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {readBunLockfile} from '../../../source/ecosystems/npm/lockfiles/bun.js';
import {readNpmLockfile} from '../../../source/ecosystems/npm/lockfiles/npm.js';
import {readPnpmLockfile} from '../../../source/ecosystems/npm/lockfiles/pnpm.js';
import {readYarnLockfile} from '../../../source/ecosystems/npm/lockfiles/yarn.js';
import {flags, type ReadFixture, readFixture} from '../../helpers/lockfile-fixtures.js';

/**
 * The same manifests locked by npm 11, yarn 1.22, yarn 4 and pnpm 7/8/9 (all generated the same day, so
 * their resolutions agree): the readers must give the same packages, edges, roots and flags wherever the
 * managers themselves agree. Where they differ, the difference is the package manager's, and is named here.
 */
function lockedBy(manifest: 'basic' | 'workspaces'): Record<string, ReadFixture> {
	return {
		npm: readFixture(readNpmLockfile, 'lockfiles', 'npm-v3', manifest, 'package-lock.json'),
		'yarn-v1': readFixture(readYarnLockfile, 'lockfiles', 'yarn-v1', manifest, 'yarn.lock'),
		'yarn-berry': readFixture(readYarnLockfile, 'lockfiles', 'yarn-berry', manifest, 'yarn.lock'),
		'pnpm-9': readFixture(readPnpmLockfile, 'lockfiles', 'pnpm-9', manifest, 'pnpm-lock.yaml'),
		'pnpm-6': readFixture(readPnpmLockfile, 'lockfiles', 'pnpm-6', manifest, 'pnpm-lock.yaml'),
		'pnpm-5': readFixture(readPnpmLockfile, 'lockfiles', 'pnpm-5', manifest, 'pnpm-lock.yaml'),
	};
}

function intersection(locks: Record<string, ReadFixture>): Set<string> {
	const [first, ...rest] = Object.values(locks);
	return new Set(
		first!.packages.map((node) => node.id).filter((id) => rest.every((lock) => lock.byId.has(id))),
	);
}

/** Edges `from->to` between packages of `within`. */
function edges(lock: ReadFixture, within: Set<string>): Set<string> {
	const result = new Set<string>();
	for (const node of lock.packages) {
		if (!within.has(node.id)) continue;
		for (const to of node.dependencies) if (within.has(to)) result.add(`${node.id}->${to}`);
	}

	return result;
}

function difference(a: Set<string>, b: Set<string>): string[] {
	return [...a].filter((item) => !b.has(item)).sort();
}

/** Root dependencies by workspace folder, as sorted id lists. */
function rootEdges(lock: ReadFixture): Record<string, string[]> {
	return Object.fromEntries(lock.roots.map((root) => [root.workspace ?? '.', [...root.dependencies].sort()]));
}

describe('cross-manager: manifests/basic', () => {
	const locks = lockedBy('basic');
	const common = intersection(locks);

	it('gives the same name@version set, except the node-gyp yarn berry adds for native packages', () => {
		assert.equal(common.size, 108);
		for (const [manager, lock] of Object.entries(locks)) {
			const extra = lock.packages.filter((node) => !common.has(node.id));
			if (manager === 'yarn-berry') {
				// yarn 2+ gives packages with install scripts an implicit `node-gyp: latest`; everything extra
				// is only reachable through it.
				assert.equal(extra.length, 20);
				assert.deepEqual(locks['yarn-berry']!.pkg('npm:fsevents@2.3.3').dependencies, [
					'npm:node-gyp@13.1.0',
				]);
				for (const node of extra) assert.equal(node.optional, true, node.id);
			} else {
				assert.deepEqual(
					extra.map((node) => node.id),
					[],
					manager,
				);
			}
		}
	});

	it('gives the same edges, except peers the manager does not record', () => {
		const reference = edges(locks['pnpm-9']!, common);
		assert.equal(reference.size, 177);
		// pnpm resolves optional peers that are present (follow-redirects' debug); npm and yarn berry leave an
		// optional peer out; yarn v1 records no peers at all.
		const expectedMissing: Record<string, string[]> = {
			npm: ['npm:follow-redirects@1.16.3->npm:debug@2.6.9'],
			'yarn-v1': ['npm:follow-redirects@1.16.3->npm:debug@2.6.9', 'npm:react-dom@18.3.1->npm:react@18.3.1'],
			'yarn-berry': ['npm:follow-redirects@1.16.3->npm:debug@2.6.9'],
			'pnpm-6': [],
			'pnpm-5': [],
			'pnpm-9': [],
		};
		for (const [manager, lock] of Object.entries(locks)) {
			const own = edges(lock, common);
			assert.deepEqual(difference(own, reference), [], `${manager} has extra edges`);
			assert.deepEqual(difference(reference, own), expectedMissing[manager], `${manager} lacks edges`);
		}
	});

	it('gives the same roots and the same direct/dev/optional flags', () => {
		const reference = locks['pnpm-9']!;
		for (const [manager, lock] of Object.entries(locks)) {
			assert.deepEqual(rootEdges(lock), rootEdges(reference), manager);
			assert.deepEqual(
				lock.roots.map((root) => root.name),
				['web-app'],
				manager,
			);
			for (const id of common) {
				const node = lock.pkg(id);
				const expected = reference.pkg(id);
				assert.deepEqual(
					[node.direct, node.dev, node.optional, node.aliases, node.source],
					[expected.direct, expected.dev, expected.optional, expected.aliases, expected.source],
					`${manager} ${id}`,
				);
			}
		}
	});
});

describe('cross-manager: manifests/workspaces', () => {
	const locks = lockedBy('workspaces');
	const common = intersection(locks);

	it('gives the same packages, edges, workspace roots and flags', () => {
		assert.deepEqual([...common].sort(), [
			'npm:@mono/util@1.2.0',
			'npm:debug@4.3.7',
			'npm:lodash@4.17.21',
			'npm:ms@2.1.2',
			'npm:ms@2.1.3',
			'npm:semver@7.6.3',
		]);
		const reference = locks['pnpm-9']!;
		for (const [manager, lock] of Object.entries(locks)) {
			assert.equal(lock.packages.length, 6, manager);
			assert.deepEqual([...edges(lock, common)].sort(), [...edges(reference, common)].sort(), manager);
			assert.deepEqual(rootEdges(lock), rootEdges(reference), manager);
			assert.deepEqual(
				lock.roots.map((root) => [root.workspace, root.name]),
				[
					['.', 'monorepo'],
					['packages/app', '@mono/app'],
					['packages/util', '@mono/util'],
				],
				manager,
			);
			for (const node of lock.packages) {
				const expected = reference.pkg(node.id);
				assert.deepEqual(
					[node.direct, node.dev, node.optional, node.source],
					[expected.direct, expected.dev, expected.optional, expected.source],
					`${manager} ${node.id}`,
				);
			}
		}
	});
});

describe("optional peers: midday's entries locked by bun and by yarn 4", () => {
	const locks = {
		bun: readFixture(readBunLockfile, 'lockfiles', 'bun', 'optional-peers', 'bun.lock'),
		'yarn-berry': readFixture(readYarnLockfile, 'lockfiles', 'yarn-berry', 'optional-peers', 'yarn.lock'),
	};
	for (const [manager, lock] of Object.entries(locks)) {
		it(`${manager}: an optional peer installs nothing, so what only dev dependencies bring stays dev`, () => {
			assert.deepEqual(lock.warnings, []);
			// stripe lists @types/node as an optional peer, nuqs lists react-router: the edges stay in the tree…
			assert.deepEqual(lock.pkg('npm:stripe@20.4.1').dependencies, ['npm:@types/node@25.5.2']);
			assert.deepEqual([...lock.pkg('npm:nuqs@2.8.9').dependencies].sort(), [
				'npm:@standard-schema/spec@1.0.0',
				'npm:react-router@7.13.0',
				'npm:react@19.2.4',
			]);
			// …but only the root's devDependencies install those packages: dev, and not optional (every dev install
			// has them).
			assert.equal(flags(lock, 'npm:@types/node@25.5.2'), 'direct,dev');
			assert.equal(flags(lock, 'npm:undici-types@7.18.2'), 'dev');
			assert.equal(flags(lock, 'npm:react-router@7.13.0'), 'direct,dev');
			assert.equal(flags(lock, 'npm:cookie@1.1.1'), 'dev');
			if (manager === 'bun') assert.equal(flags(lock, 'npm:set-cookie-parser@2.7.2'), 'dev');
			// A required peer still counts (npm 7+ and pnpm install it): react is a devDependency, and react-dom's peer.
			assert.equal(flags(lock, 'npm:react@19.2.4'), 'direct');
			assert.equal(flags(lock, 'npm:react-dom@19.2.4'), 'direct');
			assert.equal(flags(lock, 'npm:@standard-schema/spec@1.0.0'), '');
		});
	}
});
