import type {TomlTable} from '../../../lockfiles/toml.js';
import {misplacedFile} from './file-hosts.js';
import type {LockedFiles} from './python-graph.js';
import {lockfileUploads} from './upload-times.js';

/** What uv.lock and pylock.toml record of a package's files: their upload times and their hosts. */
export function lockedFiles(indexUrl: string | undefined, entry: TomlTable): LockedFiles {
	const misplaced = misplacedFile(indexUrl, entry);
	return {...lockfileUploads(entry), ...(misplaced ? {misplaced} : {})};
}
