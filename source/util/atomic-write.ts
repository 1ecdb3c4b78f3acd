import {randomBytes} from 'node:crypto';
import {promises as fs, renameSync, rmSync, type Stats, writeFileSync} from 'node:fs';
import path from 'node:path';

/**
 * The one way commit-tui writes a file: to a temporary file beside the target, then renamed into place, so
 * a reader (a CI step, another commit-tui, this process) sees the old file or the new one, never half of
 * one. The temporary name is unique per process and call, and removed when anything fails.
 */

/** A temporary path in `target`'s folder (same file system, so the rename is atomic). */
export function temporaryPathFor(target: string): string {
	const folder = path.dirname(target);
	return path.join(folder, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes `content` to `target` atomically (creating its folder unless `makeFolder` is false). Pieces (an
 * iterable of strings) are written one after another as they come.
 */
export async function writeFileAtomic(
	target: string,
	content: string | Uint8Array | Iterable<string>,
	options: {
		readonly makeFolder?: boolean;
		/** The new file's permission bits, exactly (the umask aside): the old file's, when one is replaced. */
		readonly mode?: number;
	} = {},
): Promise<void> {
	if (options.makeFolder !== false) await fs.mkdir(path.dirname(target), {recursive: true});
	const temporary = temporaryPathFor(target);
	try {
		await fs.writeFile(temporary, content, {
			flag: 'wx',
			...(options.mode === undefined ? {} : {mode: options.mode}),
		});
		if (options.mode !== undefined) await fs.chmod(temporary, options.mode);
		await fs.rename(temporary, target);
	} catch (error) {
		await fs.rm(temporary, {force: true}).catch(() => undefined);
		throw error;
	}
}

/**
 * Writes `content` to a path the user named (`--output`): atomically, as `writeFileAtomic`, when it is a file or
 * nothing yet; through the path itself when it is not a file. A temporary file and a rename would put a regular
 * file where `/dev/null`, a FIFO or `/dev/stdout` was (as root, `-o /dev/null` replaced the system's null device),
 * and would turn a symlink into a file beside its target. So:
 * - a symlink is followed: the file it points to is replaced (in its own folder), the link stays;
 * - a device, a FIFO or a socket (and a file descriptor named as a path, `/dev/stdout`, `/dev/fd/3`; Windows'
 *   `NUL`) is opened and written in place, appending — `/dev/fd/3` opened by the shell is written at its end,
 *   never truncated behind its back;
 * - a file keeps its permissions (a report written 0600 stays private).
 */
export async function writeFileReplacing(
	target: string,
	content: string | Uint8Array | Iterable<string>,
): Promise<void> {
	const found = await statOrNull(target);
	if (found?.isDirectory()) throw Object.assign(new Error(`${target} is a directory`), {code: 'EISDIR'});
	if ((found && !found.isFile()) || isSpecialPath(target)) {
		await fs.writeFile(target, content, {flag: 'a'});
		return;
	}

	const real = found ? await fs.realpath(target) : await danglingLinkTarget(target);
	await writeFileAtomic(real, content, found ? {mode: found.mode & 0o7777} : {});
}

/** What `target` is, following symlinks; null when nothing is there (or a link points nowhere). */
async function statOrNull(target: string): Promise<Stats | null> {
	try {
		return await fs.stat(target);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw error;
	}
}

/**
 * A file descriptor named as a path (`/dev/stdout`, `/dev/fd/3`, `/proc/self/fd/3`), whatever it is open on: the
 * shell opened it for this run, so it is written where it stands. (Windows: `NUL`, `CON`.) A regular file
 * elsewhere under /dev (`/dev/shm/report.json`) is a file like any other.
 */
function isSpecialPath(target: string): boolean {
	if (process.platform === 'win32') return /^(nul|con)(\.[^\\/]*)?$/i.test(path.basename(target));
	return /^\/(dev\/(fd\/|stdout$|stderr$)|proc\/[^/]+\/fd\/)/.test(path.resolve(target));
}

/**
 * Where a write to `target` lands when nothing is there: `target`, or the missing file a dangling symlink names
 * (as the shell's `>` creates it), followed through at most 40 links (the kernel's own limit).
 */
async function danglingLinkTarget(target: string): Promise<string> {
	let current = path.resolve(target);
	for (let hop = 0; hop < 40; hop++) {
		try {
			const link = await fs.readlink(current);
			current = path.resolve(path.dirname(current), link);
		} catch {
			return current;
		}
	}

	throw Object.assign(new Error(`${target}: too many levels of symbolic links`), {code: 'ELOOP'});
}

/**
 * The same, synchronously: for the last moment of a process (an interrupted scan saving what it fetched before
 * `process.exit`), when nothing asynchronous would get to run. The folder must exist.
 */
export function writeFileAtomicSync(target: string, content: string | Uint8Array): void {
	const temporary = temporaryPathFor(target);
	try {
		writeFileSync(temporary, content, {flag: 'wx'});
		renameSync(temporary, target);
	} catch (error) {
		rmSync(temporary, {force: true});
		throw error;
	}
}
