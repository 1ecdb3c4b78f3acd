import {render} from 'ink';
import {DiffView, type DiffViewProps} from './DiffView.js';

const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?1049l\u001B[?25h';

/** Shows the diff until the user quits, in the alternate screen (restored on every way out). */
export async function runDiffTui(props: DiffViewProps): Promise<void> {
	const restore = () => process.stdout.write(leaveAlternateScreen);
	process.stdout.write(enterAlternateScreen);
	process.once('exit', restore);
	try {
		const instance = render(<DiffView {...props} />, {exitOnCtrlC: false, patchConsole: false});
		await instance.waitUntilExit();
	} finally {
		restore();
		process.off('exit', restore);
	}
}
