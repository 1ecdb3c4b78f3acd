import {NoLockfileError} from '../lockfiles/index.js';
import {LockfileError} from '../lockfiles/types.js';

import {exitCodes} from '../report/exit-codes.js';
import {OutputError, writeMessage} from './output.js';

export {exitCodes};

/** A mistake on the command line: one line, exit 2. */
export class UsageError extends Error {
	override readonly name = 'UsageError';
}

/** The readers' warnings printed before "no packages" (a file of 10,000 unreadable lines says the first few). */
const maxWarningsShown = 10;

/**
 * Turns any error into one line on stderr and an exit code. Users never see a stack trace unless they ask
 * for one with COMMIT_TUI_DEBUG=1 (an unexpected error is a bug we want reported with its stack). Every line
 * is sanitised: messages quote file names, lockfile lines and package names, which can carry escapes.
 */
export function reportError(
	error: unknown,
	stderr: {write(text: string): unknown},
	env = process.env,
): number {
	if (error instanceof LockfileError) {
		writeMessage(`commit-tui: ${error.describe()}`, stderr);
		return exitCodes.usageOrInput;
	}

	if (error instanceof NoLockfileError) {
		const shown = error.warnings.slice(0, maxWarningsShown);
		for (const warning of shown) writeMessage(`commit-tui: warning: ${warning}`, stderr);
		const more = error.warnings.length - shown.length;
		if (more > 0) writeMessage(`commit-tui: warning: … and ${more} more`, stderr);
		writeMessage(`commit-tui: ${error.message}`, stderr);
		return exitCodes.noLockfile;
	}

	if (error instanceof UsageError || error instanceof OutputError) {
		writeMessage(`commit-tui: ${error.message}`, stderr);
		return exitCodes.usageOrInput;
	}

	const message = error instanceof Error ? error.message : String(error);
	writeMessage(`commit-tui: unexpected error: ${message.split('\n')[0]}`, stderr);
	if (env.COMMIT_TUI_DEBUG && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
	else stderr.write('commit-tui: (set COMMIT_TUI_DEBUG=1 to see the stack trace)\n');
	return exitCodes.usageOrInput;
}
