/**
 * The one colour decision. `--no-color` and `NO_COLOR` (any non-empty value, no-color.org) are the run's
 * standing choice and always win; within them, the `color` setting decides — live, so turning it on in the
 * settings screen works even when it was off at launch.
 */

/** Whether this run may use colour at all. */
export function colorAllowed(flag: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
	return flag && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

/** Colour on: allowed by the run and on in the settings. */
export function colorOn(allowed: boolean, setting: boolean): boolean {
	return allowed && setting;
}

/** How many colours a terminal shows, as chalk counts them: 0 none (not even bold or reverse video) … 3 truecolour. */
export type ColorLevel = 0 | 1 | 2 | 3;

/** What `terminalColorLevel` needs of an output stream (a `tty.WriteStream` has both). */
export type ColorStream = {
	readonly isTTY?: boolean;
	getColorDepth?(env?: NodeJS.ProcessEnv): number;
};

/**
 * What the output stream itself can show — decided from the stream (a TTY, and Node's reading of TERM,
 * COLORTERM, FORCE_COLOR), not from chalk's guess: chalk (supports-color) turns everything off whenever a `CI`
 * variable exists, even `CI=false` in a real terminal. `NO_COLOR` is left out here on purpose: it removes
 * colour (`colorAllowed`), never bold, dim or the reverse-video selection bar.
 */
export function terminalColorLevel(stream: ColorStream, env: NodeJS.ProcessEnv = process.env): ColorLevel {
	if (stream.isTTY !== true) return 0;
	const terminalEnv: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(env)) {
		// Node's getColorDepth treats any CI variable (and NO_COLOR) as "no colour": not ours to decide there.
		if (name === 'CI' || name.startsWith('CI_') || name === 'NO_COLOR' || name === 'NODE_DISABLE_COLORS')
			continue;
		terminalEnv[name] = value;
	}

	const depth = stream.getColorDepth ? stream.getColorDepth(terminalEnv) : 4;
	if (depth >= 24) return 3;
	if (depth >= 8) return 2;
	if (depth >= 4) return 1;
	return 0;
}
