/**
 * What a failed write says to a user, from its errno code: the CLI's report output and the cache's warning word
 * it the same way.
 */

/** `no space left on device (ENOSPC)`, from an errno error; the message otherwise. */
export function describeWriteError(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | null)?.code;
	const known: Record<string, string> = {
		ENOSPC: 'no space left on device',
		EDQUOT: 'disk quota exceeded',
		EIO: 'input/output error',
		EACCES: 'permission denied',
		EROFS: 'read-only file system',
		EFBIG: 'file too large',
		EISDIR: 'is a directory',
		ENOTDIR: 'a folder on the path is a file',
		ELOOP: 'too many levels of symbolic links',
		EEXIST: 'a file is in the way of the folder',
		EPERM: 'operation not permitted',
		ENOENT: 'no such folder, or none that takes new files',
		ENXIO: 'a socket, which cannot be opened by name',
	};
	if (code && known[code]) return `${known[code]} (${code})`;
	return code ?? (error instanceof Error ? error.message : String(error));
}
