import {
	LockfileError,
	type LockfileInput,
	type LockfileReader,
	type ParsedLockfile,
} from '../../../lockfiles/types.js';
import {readPackageJsonManifest} from '../manifest.js';
import {readYarnBerry} from './yarn-berry.js';
import {readYarnV1} from './yarn-v1.js';

/**
 * Reads a `yarn.lock`: yarn berry (YAML with a `__metadata` entry) → format `yarn-berry`, yarn classic
 * (`# yarn lockfile v1`) → `yarn-v1`. Throws LockfileError for an empty, malformed or unknown-version file.
 */
export const readYarnLockfile: LockfileReader = (input) => {
	if (input.text.trim() === '') return emptyYarnLock(input);
	// Yarn 6 (a rewrite, still in release candidates) writes the lockfile as JSON, its records under `entries`:
	// read as yarn classic it would be a wall of syntax errors.
	if (/^\s*\{/.test(input.text.replace(/^\uFEFF/, ''))) {
		throw new LockfileError(
			input.path,
			'a Yarn 6 lockfile (JSON) is not supported yet: commit-tui reads yarn classic (v1) and berry (Yarn 2–4) lockfiles',
		);
	}

	if (/^__metadata:/m.test(input.text)) return readYarnBerry(input);
	const header = /^# yarn lockfile v(\S+)/m.exec(input.text);
	if (header && header[1] !== '1') {
		throw new LockfileError(
			input.path,
			`unsupported yarn lockfile version v${header[1]} (supported: v1, berry)`,
		);
	}

	const parsed = readYarnV1(input);
	if (!header && parsed.packages.length === 0) {
		throw new LockfileError(input.path, 'not a yarn lockfile: no `# yarn lockfile v1` header and no entries');
	}

	return parsed;
};

/**
 * An empty yarn.lock is yarn's own advice for a folder that is a project of its own ("create an empty yarn.lock file
 * in it"), before its first install: nothing is locked yet, so the package.json beside it is what there is — read
 * as a package.json without a lockfile (resolved from the registry, `locked: false`). Without one it is an error.
 */
function emptyYarnLock(input: LockfileInput): ParsedLockfile {
	const manifest = input.readRelative('package.json');
	if (manifest === undefined || manifest.trim() === '') throw new LockfileError(input.path, 'file is empty');
	const parsed = readPackageJsonManifest({...input, text: manifest});
	return {
		...parsed,
		warnings: [
			`${input.path} is empty (yarn has not installed this project yet): its package.json is resolved instead`,
			...parsed.warnings,
		],
	};
}
