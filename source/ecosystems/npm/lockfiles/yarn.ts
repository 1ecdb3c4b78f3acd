import {LockfileError, type LockfileReader} from '../../../lockfiles/types.js';
import {readYarnBerry} from './yarn-berry.js';
import {readYarnV1} from './yarn-v1.js';

/**
 * Reads a `yarn.lock`: yarn berry (YAML with a `__metadata` entry) → format `yarn-berry`, yarn classic
 * (`# yarn lockfile v1`) → `yarn-v1`. Throws LockfileError for an empty, malformed or unknown-version file.
 */
export const readYarnLockfile: LockfileReader = (input) => {
	if (input.text.trim() === '') throw new LockfileError(input.path, 'file is empty');
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
