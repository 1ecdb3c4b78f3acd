import type {ScanProgress} from '../../scan/types.js';
import {type DetailInput, detailLines} from './detail.js';
import {sameRollup} from './same-rollup.js';
import {wrapForPane} from './wrap.js';

/** The side pane's content: lines wrapped to its width, and how many detail lines did not fit (see `wrapForPane`). */
export type PaneLines = {readonly lines: string[]; readonly more: number};

/**
 * Detail lines per package, kept while everything they are made of is the same: the cursor coming back to a
 * package, or a flush that brought other packages' reports, costs nothing; a change to this package's report,
 * roll-up, the shown graph, the scan's state or the clock makes them again. The side pane's wrapped lines are kept
 * with them. Holds the last `limit` packages looked at (a long walk down the tree does not grow it).
 */
export class DetailCache {
	private readonly entries = new Map<string, Entry>();

	constructor(private readonly limit = 256) {}

	/** `detailLines(input)`, or the same array as the last time for the same inputs. */
	lines(input: DetailInput): string[] {
		return this.entry(input).lines;
	}

	/** The side pane for the package: its detail lines wrapped to `width`, at most `height` of them. */
	pane(input: DetailInput, width: number, height: number): PaneLines {
		const entry = this.entry(input);
		if (entry.pane?.width !== width || entry.pane.height !== height)
			entry.pane = {width, height, content: wrapForPane(entry.lines, width, height)};
		return entry.pane.content;
	}

	private entry(input: DetailInput): Entry {
		const inputs = inputsOf(input);
		const known = this.entries.get(input.id);
		if (known && sameInputs(known.inputs, inputs) && sameRollup(known.rollup, input.rollup)) {
			// Most recently used last: the oldest go first when the cache is full.
			this.entries.delete(input.id);
			this.entries.set(input.id, known);
			return known;
		}

		const entry: Entry = {inputs, rollup: input.rollup, lines: detailLines(input)};
		this.entries.delete(input.id);
		this.entries.set(input.id, entry);
		if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
		return entry;
	}
}

type Entry = {
	readonly inputs: readonly unknown[];
	/** Compared by value (see `sameRollup`). */
	readonly rollup: DetailInput['rollup'];
	readonly lines: string[];
	pane?: {readonly width: number; readonly height: number; readonly content: PaneLines};
};

/**
 * What `detailLines` reads for this row, but the roll-up. A package's detail reads its own report, the graphs (paths,
 * dependents, edges), the scan's state, the clock and, from the progress, only what `missingReason` says; a root's
 * summary counts over every report and the whole progress, so it follows all of them.
 */
function inputsOf(input: DetailInput): readonly unknown[] {
	const common = [
		input.graph,
		input.view?.graph,
		input.scanning,
		input.offline,
		input.now,
		input.palette,
		input.pathLimit,
	];
	if (!input.graph.packages.has(input.id))
		return [
			...common,
			input.report,
			input.reports,
			input.progress,
			input.view?.publishers,
			input.view?.hiddenDev,
			input.view?.filtered,
		];
	return [...common, input.report, progressKey(input.progress, input.now)];
}

/** The parts of the progress a package's detail shows (see `missingReason`): a rate limit in force, hosts down. */
function progressKey(progress: ScanProgress | null, now: Date): string {
	if (!progress) return '';
	const limited =
		progress.rateLimitedUntil && progress.rateLimitedUntil > now.getTime()
			? `limited by ${progress.rateLimitedHost ?? 'a registry'}`
			: '';
	return `${limited}\n${progress.downHosts.join('\n')}`;
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
	return a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}
