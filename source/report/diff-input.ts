import type {DiffModel} from '../diff/model.js';
import type {ReportInput, ReportMeta} from './types.js';

/** A diff report: the scored diff and the usual report metadata. */
export type DiffReportInput = {
	readonly model: DiffModel;
	readonly meta: ReportMeta;
};

/**
 * The diff as an ordinary report input: the head graph, scoped to what the change adds or moves to, so the
 * JSON packages, SARIF and HTML renderers serve the diff unchanged.
 */
export function diffAsReport(input: DiffReportInput): ReportInput {
	const {model} = input;
	return {
		graph: model.head.graph,
		reports: model.reports,
		scope: {kind: 'diff', ids: model.changedIds, base: model.base.label, head: model.head.label},
		meta: input.meta,
	};
}

/** How a package of the head entered the diff: added (`+`), or the new side of a change (`~`, from …). */
export function changeOf(model: DiffModel, id: string): {readonly mark: '+' | '~'; readonly from?: string} {
	const change = model.diff.changed.find((candidate) => candidate.to === id);
	return change ? {mark: '~', from: change.from} : {mark: '+'};
}

/** `main (1a2b3c4)`, `the working tree`, `old/package-lock.json`. */
export function sideLabel(side: {readonly label: string; readonly commit: string | null}): string {
	return side.commit && !side.label.includes(side.commit.slice(0, 7))
		? `${side.label} (${side.commit.slice(0, 7)})`
		: side.label;
}
