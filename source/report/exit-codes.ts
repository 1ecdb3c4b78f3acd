/**
 * Every exit code commit-tui returns, in one table (documented in the README and `--help`). The gate's codes
 * live here because the gate decides them; the CLI and the UI only return them.
 */
export const exitCodes = {
	ok: 0,
	/** A package in scope is at or above `--fail-on`. */
	thresholdReached: 1,
	/** A mistake on the command line, or an input file that cannot be read. */
	usageOrInput: 2,
	/** No supported lockfile, or no packages in it. */
	noLockfile: 3,
	/**
	 * The gate could not see enough: a registry host was down, or more than the allowed share of the packages
	 * in scope stayed unknown (`--allow-incomplete` passes on what is known instead).
	 */
	incomplete: 4,
	/** The interactive UI crashed (EX_SOFTWARE); the terminal is restored first. */
	internalError: 70,
	/** Ended by a signal: 128 + its number. */
	sighup: 129,
	sigint: 130,
	sigterm: 143,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];
