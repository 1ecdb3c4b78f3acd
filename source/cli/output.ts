import {setImmediate} from 'node:timers/promises';
import {sanitizeText} from '../text/sanitize.js';
import {describeWriteError} from '../util/write-errors.js';

export {describeWriteError};

/**
 * The CLI's way out: stdout for reports, stderr for one-line messages. A closed pipe (`commit-tui --json | head
 * -1`) is not an error — the reader has what it wanted, so writing stops quietly, as `npm ls | head` does; a full
 * disk (`> /dev/full`) is one line on stderr and exit 2. Every message for stderr goes through the sanitiser:
 * it may quote a lockfile or a registry (a package name carrying an OSC 52 clipboard write must not reach the
 * terminal as one).
 */

/** Writing the report failed for a reason the user must hear about (ENOSPC, EIO…): one line, exit 2. */
export class OutputError extends Error {
	override readonly name = 'OutputError';
}

type Writable = {
	write(text: string, callback: (error?: Error | null) => void): boolean;
	on(event: 'error', listener: (error: Error) => void): unknown;
	off(event: 'error', listener: (error: Error) => void): unknown;
};

/** Write errors a `writeReport` has dealt with: the stream emits them again as 'error' events, after the callback. */
const handledErrors = new WeakSet<Error>();

/**
 * Writes `text` to `stream` (stdout) and waits until it is handed over. Resolves 'closed' when the reader has
 * gone (EPIPE): nothing more should be written. Rejects with an `OutputError` on any other failure.
 */
export function writeReport(text: string, stream: Writable = process.stdout): Promise<'written' | 'closed'> {
	return new Promise((resolve, reject) => {
		let settled = false;
		const finish = (error: Error | null | undefined) => {
			if (error) handledErrors.add(error);
			if (settled) return;
			settled = true;
			stream.off('error', finish);
			if (!error) resolve('written');
			else if ((error as NodeJS.ErrnoException).code === 'EPIPE') resolve('closed');
			else reject(new OutputError(`cannot write the report to stdout: ${describeWriteError(error)}`));
		};

		stream.on('error', finish);
		try {
			stream.write(text, finish);
		} catch (error) {
			finish(error as Error);
		}
	});
}

/**
 * Writes a report made in pieces (`renderReportChunks`) to `stream` as they come, in batches of about 64 KB,
 * each handed over before the next is made: the reader's pace holds the making back (backpressure), and only a
 * batch is in memory at a time, whatever the size of the report. Resolves 'closed' when the reader has gone
 * (EPIPE): the rest is neither made nor written. Rejects with an `OutputError` on any other failure.
 */
export async function writeChunks(
	pieces: Iterable<string>,
	stream: Writable = process.stdout,
): Promise<'written' | 'closed'> {
	for (const batch of batched(pieces)) {
		// Leaving the loop early ends the pieces' generator: nothing more of the report is made.
		if ((await writeReport(batch, stream)) === 'closed') return 'closed';
		// stdout to a file or a pipe is written synchronously (on Linux): without a turn of the event loop
		// between batches, pending I/O (the scan's last cache write) and signals (Ctrl+C) would wait for the end.
		await setImmediate();
	}

	return 'written';
}

/**
 * Characters per write: ~2,300 writes for a 75 MB report. At most 64 KB even when the text takes two bytes a
 * character in memory (one `·` in it does): well below V8's large-object size (128 KB), so a batch is an
 * ordinary short-lived allocation.
 */
const batchCharacters = 32 * 1024;

/**
 * The pieces joined into batches of at least `size` characters (the last may be shorter), never ending a batch
 * between the two halves of a surrogate pair (each batch is encoded to UTF-8 on its own). Joined, the batches
 * are exactly the pieces joined.
 */
export function* batched(
	pieces: Iterable<string>,
	size = batchCharacters,
): Generator<string, void, undefined> {
	let parts: string[] = [];
	let length = 0;
	for (const piece of pieces) {
		parts.push(piece);
		length += piece.length;
		if (length < size) continue;
		let batch = parts.join('');
		parts = [];
		length = 0;
		const last = batch.charCodeAt(batch.length - 1);
		if (last >= 0xd800 && last <= 0xdbff) {
			parts.push(batch.slice(-1));
			length = 1;
			batch = batch.slice(0, -1);
		}

		if (batch.length > 0) yield batch;
	}

	if (length > 0) yield parts.join('');
}

/**
 * Keeps a late write error on stdout or stderr (after the report, or from a library) from crashing the process
 * with a stack trace: EPIPE is ignored, anything else on stdout is one line and exit 2.
 */
export function guardStandardStreams(): void {
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		// A write that listens for its own errors (writeReport) reports them itself.
		if (error.code === 'EPIPE' || handledErrors.has(error) || process.stdout.listenerCount('error') > 1)
			return;
		// A terminal that went away (its window closed): there is no one to tell, and it is a hangup.
		if (error.code === 'EIO' && process.stdout.isTTY) endByHangup();
		writeMessage(`commit-tui: cannot write to stdout: ${describeWriteError(error)}`);
		process.exit(2);
	});
	process.stderr.on('error', () => {
		// Nowhere left to say anything.
	});
}

/**
 * Ends the process as a hangup does, by the signal itself (a shell sees 129): the terminal is gone. `process.exit`
 * would have Node reset the dead terminal's modes at exit, fail with EIO and abort with a native stack trace
 * (node::ResetStdio asserts); a process killed by the signal skips that. Our SIGHUP handler is removed first, so
 * the default action applies (also under nohup, whose ignored disposition the handler had replaced).
 */
export function endByHangup(): never {
	process.removeAllListeners('SIGHUP');
	process.kill(process.pid, 'SIGHUP');
	// Not reached unless the signal is blocked; then exit as a hangup would.
	process.exit(129);
}

/** One message line on stderr, sanitised (it may quote a lockfile or a registry). */
export function writeMessage(line: string, stream: {write(text: string): unknown} = process.stderr): void {
	stream.write(`${sanitizeText(line)}\n`);
}
