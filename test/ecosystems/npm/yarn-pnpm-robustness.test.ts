import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {readPnpmLockfile} from '../../../source/ecosystems/npm/lockfiles/pnpm.js';
import {readYarnLockfile} from '../../../source/ecosystems/npm/lockfiles/yarn.js';
import {LockfileError, type LockfileReader} from '../../../source/lockfiles/types.js';
import {inputFor} from '../../helpers/lockfile-fixtures.js';
import {fixturePath} from '../../helpers/paths.js';

/**
 * Damaged copies of real lockfiles (truncated, with a slice cut out, with a stray character inserted) must
 * either read or fail with a LockfileError — never with a TypeError or any other crash. The damage is
 * pseudo-random with a fixed seed, so the test is deterministic.
 */
const files: Array<[string, LockfileReader]> = [
	['yarn-v1/basic/yarn.lock', readYarnLockfile],
	['yarn-v1/nasty-git-url/yarn.lock', readYarnLockfile],
	['yarn-berry/basic/yarn.lock', readYarnLockfile],
	['yarn-berry/workspaces-yarn2/yarn.lock', readYarnLockfile],
	['yarn-berry/nasty-sources/yarn.lock', readYarnLockfile],
	['pnpm-9/nasty-sources/pnpm-lock.yaml', readPnpmLockfile],
	['pnpm-9/workspaces/pnpm-lock.yaml', readPnpmLockfile],
	['pnpm-6/nasty-sources/pnpm-lock.yaml', readPnpmLockfile],
	['pnpm-5/nasty-peers/pnpm-lock.yaml', readPnpmLockfile],
	['pnpm-5/workspaces/pnpm-lock.yaml', readPnpmLockfile],
];

function damaged(text: string, count: number): string[] {
	let seed = 42;
	const random = () => {
		seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
		return seed / 2_147_483_648;
	};

	const strays = ['"', ':', '\n  ', '(', '_', '@', '{', ' - x', '\t'];
	const variants: string[] = [];
	for (let index = 0; index < count; index++) {
		const at = Math.floor(random() * text.length);
		if (index % 3 === 0) variants.push(text.slice(0, at));
		else if (index % 3 === 1)
			variants.push(text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 40)));
		else variants.push(text.slice(0, at) + strays[index % strays.length] + text.slice(at));
	}

	return variants;
}

describe('yarn and pnpm readers on damaged real lockfiles', () => {
	for (const [file, reader] of files) {
		it(`never crashes on ${file}`, () => {
			const absolutePath = fixturePath('lockfiles', ...file.split('/'));
			let read = 0;
			let refused = 0;
			for (const text of damaged(readFileSync(absolutePath, 'utf8'), 60)) {
				try {
					const parsed = reader(inputFor(absolutePath, text, file));
					// Whatever was read is a consistent graph: every edge points at a package of the result.
					const ids = new Set(parsed.packages.map((node) => node.id));
					for (const node of [...parsed.packages, ...parsed.roots]) {
						for (const to of node.dependencies) assert.ok(ids.has(to), `${node.id} -> ${to}`);
					}

					read++;
				} catch (error) {
					if (!(error instanceof LockfileError)) throw error;
					refused++;
				}
			}

			assert.equal(read + refused, 60);
		});
	}
});
