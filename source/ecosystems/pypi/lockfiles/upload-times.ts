import type {TomlTable} from '../../../lockfiles/toml.js';

/**
 * When a locked release's first file was uploaded, as uv.lock (revision 2 and later) and pylock.toml (PEP 751)
 * record it on each file: `upload-time` of the `sdist` and of each of the `wheels`. The earliest is the release's
 * publication time, PyPI's own definition. It lets an offline run, or one whose index is down, still see how young
 * the locked version is.
 *
 * uv writes the time as a string, pylock.toml as a TOML offset date-time (a Date once parsed); either is read. An
 * unreadable value is no time, never an error: the lockfile's files are not what commit-tui reads them for.
 */
export function earliestUploadTime(entry: TomlTable): string | undefined {
	let earliest = Number.POSITIVE_INFINITY;
	const consider = (file: unknown) => {
		if (typeof file !== 'object' || file === null || Array.isArray(file)) return;
		const time = timeOf((file as Record<string, unknown>)['upload-time']);
		if (time < earliest) earliest = time;
	};

	consider(entry.sdist);
	if (Array.isArray(entry.wheels)) for (const wheel of entry.wheels) consider(wheel);
	return Number.isFinite(earliest) ? new Date(earliest).toISOString() : undefined;
}

function timeOf(value: unknown): number {
	const time =
		value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
	return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
}
