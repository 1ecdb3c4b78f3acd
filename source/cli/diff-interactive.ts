import type {DiffReportInput} from '../report/diff-input.js';
import {renderDiffText} from '../report/diff-text.js';

/** The diff in a terminal. */
export async function runDiffInteractive(input: DiffReportInput): Promise<void> {
	process.stdout.write(renderDiffText(input));
}
