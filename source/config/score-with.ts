import type {PackageFacts} from '../registries/types.js';
import {withTreeEvidence} from '../scoring/release/assess.js';
import type {ReleaseTreeView} from '../scoring/release/tree.js';
import {scorePackage} from '../scoring/score.js';
import type {PackageReport} from '../scoring/types.js';
import {type Settings, scoringFor} from './settings.js';

/** Score one package with the settings' thresholds and tiers for its ecosystem (crates.io has its own). */
export function scoreWithSettings(
	id: string,
	facts: PackageFacts,
	settings: Settings,
	now: Date,
	tree?: ReleaseTreeView,
): PackageReport {
	const {thresholds, tiers} = scoringFor(settings, facts.ecosystem);
	return scorePackage(id, facts, thresholds, now, tiers, {levels: settings.releaseRisk, tree});
}

/** The report with its tree-level release evidence (new-dependency, account-burst) against `tree`. */
export function treeEvidenceWithSettings(
	report: PackageReport,
	tree: ReleaseTreeView,
	settings: Settings,
	now: Date,
): PackageReport {
	const {thresholds} = scoringFor(settings, report.facts?.ecosystem ?? '');
	return withTreeEvidence(report, tree, {thresholds, levels: settings.releaseRisk, now});
}
