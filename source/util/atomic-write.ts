import {randomBytes} from 'node:crypto';
import {promises as fs, renameSync, rmSync, writeFileSync} from 'node:fs';
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
	options: {readonly makeFolder?: boolean} = {},
): Promise<void> {
	if (options.makeFolder !== false) await fs.mkdir(path.dirname(target), {recursive: true});
	const temporary = temporaryPathFor(target);
	try {
		await fs.writeFile(temporary, content, {flag: 'wx'});
		await fs.rename(temporary, target);
	} catch (error) {
		await fs.rm(temporary, {force: true}).catch(() => undefined);
		throw error;
	}
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
