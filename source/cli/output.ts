import {sanitizeText} from '../text/sanitize.js';

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
	};
	if (code && known[code]) return `${known[code]} (${code})`;
	return code ?? (error instanceof Error ? error.message : String(error));
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
		writeMessage(`commit-tui: cannot write to stdout: ${describeWriteError(error)}`);
		process.exit(2);
	});
	process.stderr.on('error', () => {
		// Nowhere left to say anything.
	});
}

/** One message line on stderr, sanitised (it may quote a lockfile or a registry). */
export function writeMessage(line: string, stream: {write(text: string): unknown} = process.stderr): void {
	stream.write(`${sanitizeText(line)}\n`);
}
