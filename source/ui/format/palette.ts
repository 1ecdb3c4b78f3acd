import {Chalk, type ChalkInstance} from 'chalk';
import type {RiskLevel} from '../../scoring/types.js';
import type {ColorLevel} from '../../text/color.js';

/**
 * The styles of one run. Two separate switches: `terminal` is what the output stream can show at all (0 for a
 * pipe or a test stream: no escape codes whatsoever); colour is the user's choice within it (the `color`
 * setting, `--no-color`, `NO_COLOR`). Without colour, bold, dim, underline and the reverse-video selection bar
 * stay — NO_COLOR removes colour, not emphasis — and every level is still a word.
 */
export type Palette = {
	/** Colours (and styles) when colour is on; every method returns the text unchanged when it is off. */
	readonly chalk: ChalkInstance;
	/** Colour for a level (critical is also bold); the text as is when colour is off. */
	level(level: RiskLevel, text: string): string;
	/** Emphasis that does not depend on colour. */
	bold(text: string): string;
	dim(text: string): string;
	underline(text: string): string;
	inverse(text: string): string;
	/** Section headings (bold, underlined). */
	heading(text: string): string;
	/** Colour is on. */
	readonly enabled: boolean;
};

/** `terminal` is the stream's own level (`terminalColorLevel`); `color` is whether colour is wanted. */
export function createPalette(color: boolean, terminal: ColorLevel = 0): Palette {
	const styles = new Chalk({level: terminal});
	const colours = new Chalk({level: color ? terminal : 0});
	const byLevel: Record<RiskLevel, (text: string) => string> = {
		critical: (text) => colours.red(styles.bold(text)),
		high: (text) => colours.red(text),
		moderate: (text) => colours.yellow(text),
		good: (text) => colours.cyan(text),
		healthy: (text) => colours.green(text),
		unknown: (text) => colours.gray(text),
	};
	return {
		chalk: colours,
		level: (level, text) => byLevel[level](text),
		bold: (text) => styles.bold(text),
		dim: (text) => styles.dim(text),
		underline: (text) => styles.underline(text),
		inverse: (text) => styles.inverse(text),
		heading: (text) => styles.bold.underline(text),
		enabled: colours.level > 0,
	};
}
