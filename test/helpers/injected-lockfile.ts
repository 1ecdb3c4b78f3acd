import {copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fixturePath} from './paths.js';

/** The diff fixture `bump/base` and the npm registry URL of its axios, as its lockfile records it. */
export const injectionBase = fixturePath('diff', 'bump', 'base');
const axiosUrl = 'https://registry.npmjs.org/axios/-/axios-1.7.9.tgz';

/**
 * A copy of `bump/base` whose lockfile has been edited to install axios@1.7.9 from another host (lockfile
 * injection): the same names and versions, one `resolved` changed. `remove()` deletes the copy.
 */
export function injectedLockfile(): {readonly folder: string; readonly lockfile: string; remove(): void} {
	const folder = mkdtempSync(path.join(tmpdir(), 'commit-injected-'));
	copyFileSync(path.join(injectionBase, 'package.json'), path.join(folder, 'package.json'));
	const text = readFileSync(path.join(injectionBase, 'package-lock.json'), 'utf8');
	if (!text.includes(axiosUrl)) throw new Error(`bump/base no longer locks ${axiosUrl}`);
	const lockfile = path.join(folder, 'package-lock.json');
	writeFileSync(
		lockfile,
		text.replace(axiosUrl, 'https://registry.npmjs-cdn.example/axios/-/axios-1.7.9.tgz'),
	);
	return {folder, lockfile, remove: () => rmSync(folder, {recursive: true, force: true})};
}
