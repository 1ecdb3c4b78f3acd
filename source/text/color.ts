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
