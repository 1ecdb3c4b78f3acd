import chalk, {Chalk, type ChalkInstance} from 'chalk';
import type {RiskLevel} from '../../scoring/types.js';

/** Colours for one run: none when the setting is off or NO_COLOR is set (levels stay readable as words). */
export type Palette = {
	readonly chalk: ChalkInstance;
	level(level: RiskLevel, text: string): string;
	readonly enabled: boolean;
};

/** `supportLevel` defaults to what chalk detected for stdout (0 when it is not a terminal). */
export function createPalette(enabled: boolean, supportLevel: 0 | 1 | 2 | 3 = chalk.level): Palette {
	const instance = new Chalk({level: enabled ? supportLevel : 0});
	const styles: Record<RiskLevel, (text: string) => string> = {
		critical: (text) => instance.bold.red(text),
		high: (text) => instance.red(text),
		moderate: (text) => instance.yellow(text),
		good: (text) => instance.cyan(text),
		healthy: (text) => instance.green(text),
		unknown: (text) => instance.gray(text),
	};
	return {chalk: instance, level: (level, text) => styles[level](text), enabled: instance.level > 0};
}
