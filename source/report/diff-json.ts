import type {DiffModel, DiffSide} from '../diff/model.js';
import {publisherChange} from '../diff/model.js';
import type {RiskLevel} from '../scoring/types.js';
import {sanitizeNullable, sanitizeText} from '../text/sanitize.js';
import {type DiffReportInput, diffAsReport} from './diff-input.js';
import {levelOf} from './gate.js';
import {buildJsonReport, type JsonReport} from './json.js';

/** The `diff` member of `commit-tui diff --format json`. */
export type JsonDiff = {
	base: JsonDiffSide;
	head: JsonDiffSide;
	/** Head package ids whose names a root did not reach before. */
	added: string[];
	/** Base package ids whose names a root no longer reaches. */
	removed: string[];
	/** Version bumps: base id → head id, per root. */
	changed: Array<{from: string; to: string}>;
	/** Head packages neither added nor changed (not fetched, not in `packages`). */
	unchanged: number;
	roots: Array<{
		name: string;
		baseRoot: string | null;
		headRoot: string | null;
		added: string[];
		removed: string[];
		changed: Array<{from: string; to: string}>;
	}>;
	/** What the change brings beneath each direct dependency (itself included), by level. */
	rollups: Array<{
		root: string;
		id: string;
		itself: boolean;
		worst: RiskLevel;
		counts: Record<RiskLevel, number>;
		ids: string[];
	}>;
	/** Accounts that can publish the added packages. */
	publishers: Array<{account: string; ecosystem: string; packages: string[]; weeklyDownloads: number}>;
	/** The versions changes moved from, scored with the same data (same names, no extra request). */
	previous: Array<{id: string; risk: RiskLevel; score: number | null; publishedBy: string | null}>;
	/** Changes whose locked version was published by another account than the version before. */
	publisherChanges: Array<{from: string; to: string; before: string; after: string}>;
};

export type JsonDiffSide = {
	label: string;
	commit: string | null;
	lockfiles: Array<{path: string; format: string; ecosystem: string}>;
};

/** The usual JSON report of the packages the change adds or changes, plus `diff`. */
export type JsonDiffReport = JsonReport & {diff: JsonDiff};

export function buildDiffJson(input: DiffReportInput): JsonDiffReport {
	const {model} = input;
	const report = buildJsonReport(diffAsReport(input));
	return {...report, warnings: model.warnings.map(clean), diff: jsonDiff(model)};
}

function jsonDiff(model: DiffModel): JsonDiff {
	const change = (entry: {from: string; to: string}) => ({from: clean(entry.from), to: clean(entry.to)});
	return {
		base: side(model.base),
		head: side(model.head),
		added: model.diff.added.map(clean),
		removed: model.diff.removed.map(clean),
		changed: model.diff.changed.map(change),
		unchanged: model.diff.unchanged,
		roots: model.diff.roots.map((root) => ({
			name: clean(root.name),
			baseRoot: root.baseRoot === undefined ? null : clean(root.baseRoot),
			headRoot: root.headRoot === undefined ? null : clean(root.headRoot),
			added: root.added.map(clean),
			removed: root.removed.map(clean),
			changed: root.changed.map(change),
		})),
		rollups: model.rollups.map((rollup) => ({
			root: clean(rollup.rootId),
			id: clean(rollup.id),
			itself: rollup.itself,
			worst: rollup.worst,
			counts: {...rollup.counts},
			ids: rollup.ids.map(clean),
		})),
		publishers: model.publishers.map((gain) => ({
			account: clean(gain.account),
			ecosystem: gain.ecosystem,
			packages: gain.packages.map(clean),
			weeklyDownloads: gain.weeklyDownloads,
		})),
		previous: model.diff.changed.map(({from}) => {
			const report = model.reports.get(from);
			return {
				id: clean(from),
				risk: levelOf(report),
				score: report?.score ?? null,
				publishedBy: sanitizeNullable(report?.facts?.locked?.publishedBy),
			};
		}),
		publisherChanges: model.diff.changed.flatMap(({from, to}) => {
			const changed = publisherChange(model.reports.get(from), model.reports.get(to));
			return changed
				? [{from: clean(from), to: clean(to), before: clean(changed.before), after: clean(changed.after)}]
				: [];
		}),
	};
}

function side(entry: DiffSide): JsonDiffSide {
	return {
		label: clean(entry.label),
		commit: entry.commit,
		lockfiles: entry.graph.lockfiles.map((lockfile) => ({
			path: clean(lockfile.path),
			format: lockfile.format,
			ecosystem: lockfile.ecosystem,
		})),
	};
}

function clean(text: string): string {
	return sanitizeText(text);
}
