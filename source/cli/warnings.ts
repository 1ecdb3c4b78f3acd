import {sanitizeText} from '../text/sanitize.js';

/**
 * Lockfile reader warnings on stderr, after a headless report or after the interactive UI has left the screen:
 * a CI log shows them, a report on stdout stays clean, and nothing is drawn over the UI. Sanitised: they quote
 * names from the lockfile.
 */
export function printWarnings(
	warnings: readonly string[],
	stream: {write(text: string): unknown} = process.stderr,
	limit = 20,
): void {
	for (const warning of warnings.slice(0, limit))
		stream.write(`commit-tui: warning: ${sanitizeText(warning)}\n`);
	if (warnings.length > limit) {
		stream.write(`commit-tui: … and ${warnings.length - limit} more warnings (all in --json)\n`);
	}
}
