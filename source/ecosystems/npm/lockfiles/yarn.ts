import {LockfileError, type LockfileReader} from '../../../lockfiles/types.js';
import {emptyLockfileBesideManifest} from './empty-lockfile.js';
import {readYarnBerry} from './yarn-berry.js';
import {readYarnV1} from './yarn-v1.js';

/**
 * Reads a `yarn.lock`: yarn berry (YAML with a `__metadata` entry) → format `yarn-berry`, yarn classic
 * (`# yarn lockfile v1`) → `yarn-v1`. Throws LockfileError for an empty, malformed or unknown-version file.
 */
export const readYarnLockfile: LockfileReader = (input) => {
	if (input.text.trim() === '') return emptyLockfileBesideManifest(input, 'yarn');
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
