import type {LockfileLateFile} from '../../../graph/types.js';
import type {TomlTable} from '../../../lockfiles/toml.js';
import {lateFileMs} from '../pypi-json.js';

/**
 * What uv.lock (revision 2 and later) and pylock.toml (PEP 751) record of when a locked release's files were
 * uploaded: `upload-time` of the `sdist` and of each of the `wheels`.
 * - The earliest is the release's publication time, PyPI's own definition. It lets an offline run, or one whose
 *   index is down, still see how young the locked version is.
 * - The newest, when it came more than a day after the first, is a file added to the release later (as PyPI's
 *   JSON says it online, `VersionFacts.lateFile`): a lock refreshed after a wheel was uploaded with a stolen token
 *   to a release two years old lists that wheel, and offline it is the only sign of it.
 *
 * uv writes the time as a string, pylock.toml as a TOML offset date-time (a Date once parsed); either is read. An
 * unreadable value is no time, never an error: the lockfile's files are not what commit-tui reads them for.
 */
export type LockfileUploads = {
	/** ISO time of the first file's upload. */
	readonly published?: string;
	/** The newest file, when it was uploaded more than a day after the first. */
	readonly lateFile?: LockfileLateFile;
};

export function lockfileUploads(entry: TomlTable): LockfileUploads {
	let earliest = Number.POSITIVE_INFINITY;
	let newest = Number.NEGATIVE_INFINITY;
	let newestFile: string | null = null;
	const consider = (file: unknown) => {
		if (typeof file !== 'object' || file === null || Array.isArray(file)) return;
		const record = file as Record<string, unknown>;
		const time = timeOf(record['upload-time']);
		if (Number.isNaN(time)) return;
		if (time < earliest) earliest = time;
		if (time > newest) {
			newest = time;
			newestFile = fileName(record);
		}
	};

	consider(entry.sdist);
	if (Array.isArray(entry.wheels)) for (const wheel of entry.wheels) consider(wheel);
	if (!Number.isFinite(earliest)) return {};
	const published = new Date(earliest).toISOString();
	if (newestFile === null || newest - earliest <= lateFileMs) return {published};
	return {published, lateFile: {filename: newestFile, uploaded: new Date(newest).toISOString()}};
}

function timeOf(value: unknown): number {
	return value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

/**
 * A file's name: pylock.toml's `name` when given, else the last segment of its `url` or `path` (uv.lock has
 * only those). Null when none is readable: a late file is only reported with a name.
 */
function fileName(file: Record<string, unknown>): string | null {
	if (typeof file.name === 'string' && file.name !== '') return file.name;
	const location = typeof file.url === 'string' ? file.url : typeof file.path === 'string' ? file.path : null;
	if (location === null) return null;
	const bare = location.split(/[?#]/, 1)[0]!;
	const last = bare.slice(Math.max(bare.lastIndexOf('/'), bare.lastIndexOf('\\')) + 1);
	if (last === '') return null;
	try {
		return decodeURIComponent(last);
	} catch {
		return last;
	}
}
