import {GraphBuilder} from '../../../graph/builder.js';
import type {LockfileFormat} from '../../../graph/types.js';
import {LockfileError, type LockfileReader} from '../../../lockfiles/types.js';
import {isObject, parseLockfileJson} from './npm-json.js';
import {readNpmPackages} from './npm-packages.js';
import {readNpmV1} from './npm-v1.js';

const formats: Record<number, LockfileFormat> = {1: 'npm-lock-v1', 2: 'npm-lock-v2', 3: 'npm-lock-v3'};

/**
 * Reads `package-lock.json` / `npm-shrinkwrap.json`, lockfileVersion 1, 2 and 3. Version 2 carries both the
 * v3 `packages` map and the v1 `dependencies` tree for old npm clients; `packages` is the complete one.
 */
export const readNpmLockfile: LockfileReader = (input) => {
	const lock = parseLockfileJson(input, {jsonc: false});
	const version = lock.lockfileVersion;
	if (version === undefined)
		throw new LockfileError(input.path, 'missing lockfileVersion (not an npm lockfile?)');
	const format = typeof version === 'number' ? formats[version] : undefined;
	if (format === undefined) {
		throw new LockfileError(
			input.path,
			`unsupported lockfileVersion ${JSON.stringify(version)} (supported: 1, 2, 3)`,
		);
	}

	const builder = new GraphBuilder('npm', input.path);
	if (version === 1) {
		readNpmV1(input, lock, builder);
	} else {
		const packages = lock.packages;
		if (!isObject(packages)) {
			throw new LockfileError(input.path, `lockfileVersion ${version} lockfile has no "packages" object`);
		}

		readNpmPackages(input, lock, packages, builder);
	}

	return builder.build(format);
};
