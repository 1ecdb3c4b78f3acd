import type {DiffReportInput} from '../report/diff-input.js';
import {sideLabel} from '../report/diff-input.js';
import {cooldownLines} from '../report/policy-notes.js';
import {loadWithInkForTerminal} from '../util/ci.js';

/**
 * The diff in a terminal: the changed branches of the tree (ink, loaded only here), then the same plain-text
 * view a pipe gets, so the result stays in the scrollback after the alternate screen closes.
 */
export async function runDiffInteractive(input: DiffReportInput, colorAllowed: boolean): Promise<void> {
	const [{runDiffTui}, {createPalette}, {renderDiffText}] = await loadWithInkForTerminal(() =>
		Promise.all([
			import('../ui/diff/run-diff.js'),
			import('../ui/format/palette.js'),
			import('../report/diff-text.js'),
		]),
	);
	const {model} = input;
	const cooldown = cooldownLines(input.meta.project);
	const title = `commit-tui diff · ${sideLabel(model.base)} → ${sideLabel(model.head)}`;
	const counts = [
		`${model.diff.added.length} added · ${model.diff.changed.length} changed · ${model.diff.removed.length} removed`,
		...(cooldown.length > 0 ? [`cooldown ${cooldown.join(' · ')}`] : []),
	].join(' · ');
	await runDiffTui({model, palette: createPalette(colorAllowed), title, counts});
	process.stdout.write(renderDiffText(input));
}
