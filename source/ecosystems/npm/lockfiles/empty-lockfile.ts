import {LockfileError, type LockfileInput, type ParsedLockfile} from '../../../lockfiles/types.js';
import {readPackageJsonManifest} from '../manifest.js';

/**
 * An empty lockfile beside a package.json: nothing is locked yet, and the package manager reads it so — yarn
 * advises an empty yarn.lock to mark a folder as a project of its own before its first install, and pnpm reads
 * an empty pnpm-lock.yaml as no lockfile at all. The package.json is what there is: read as a package.json
 * without a lockfile (resolved from the registry, `locked: false`), with a warning saying so. Without one it is
 * the error it always was.
 */
export function emptyLockfileBesideManifest(input: LockfileInput, tool: 'yarn' | 'pnpm'): ParsedLockfile {
	const manifest = input.readRelative('package.json');
	if (manifest === undefined || manifest.trim() === '') throw new LockfileError(input.path, 'file is empty');
	const parsed = readPackageJsonManifest({...input, text: manifest});
	return {
		...parsed,
		warnings: [
			`${input.path} is empty (${tool} has not installed this project yet): its package.json is resolved instead`,
			...parsed.warnings,
		],
	};
}
