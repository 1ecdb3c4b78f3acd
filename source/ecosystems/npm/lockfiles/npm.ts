import {GraphBuilder} from '../../../graph/builder.js';
import type {LockfileFormat} from '../../../graph/types.js';
import {Fields, jsonLocator} from '../../../lockfiles/fields.js';
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
	const warnings: string[] = [];
	const lock = parseLockfileJson(input, {jsonc: false, warn: (message) => warnings.push(message)});
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
	for (const warning of warnings) builder.warn(warning);
	const fields = Fields.of(input, jsonLocator);
	if (version === 1) {
		readNpmV1(input, lock, builder, fields);
	} else {
		const packages = lock.packages;
		if (packages === undefined)
			throw new LockfileError(input.path, `lockfileVersion ${version} lockfile has no "packages" object`);
		if (!isObject(packages))
			throw fields.wrongType(['packages'], packages, 'an object of install path → entry');
		readNpmPackages(input, lock, packages, builder, fields);
	}

	return builder.build(format);
};
