import type {PackageFacts} from '../registries/types.js';
import {withTreeEvidence} from '../scoring/release/assess.js';
import type {ReleaseTreeView} from '../scoring/release/tree.js';
import {scorePackage} from '../scoring/score.js';
import type {Thresholds} from '../scoring/thresholds.js';
import type {ScoringTiers} from '../scoring/tiers.js';
import type {PackageReport} from '../scoring/types.js';
import {type Settings, scoringFor} from './settings.js';

/**
 * The thresholds and tiers of each ecosystem, per settings object: merged once, not once per package (settings
 * are replaced, never changed in place), and the same objects every time, so scoring can tell it is judging a
 * name again under the same rules.
 */
const scoringBySettings = new WeakMap<
	Settings,
	Map<string, {readonly thresholds: Thresholds; readonly tiers: ScoringTiers}>
>();

function scoringOf(settings: Settings, ecosystem: string) {
	let byEcosystem = scoringBySettings.get(settings);
	if (!byEcosystem) scoringBySettings.set(settings, (byEcosystem = new Map()));
	let scoring = byEcosystem.get(ecosystem);
	if (!scoring) byEcosystem.set(ecosystem, (scoring = scoringFor(settings, ecosystem)));
	return scoring;
}

/** Score one package with the settings' thresholds and tiers for its ecosystem (crates.io has its own). */
export function scoreWithSettings(
	id: string,
	facts: PackageFacts,
	settings: Settings,
	now: Date,
	tree?: ReleaseTreeView,
): PackageReport {
	const {thresholds, tiers} = scoringOf(settings, facts.ecosystem);
	return scorePackage(id, facts, thresholds, now, tiers, {levels: settings.releaseRisk, tree});
}

/** The report with its tree-level release evidence (new-dependency, account-burst) against `tree`. */
export function treeEvidenceWithSettings(
	report: PackageReport,
	tree: ReleaseTreeView,
	settings: Settings,
	now: Date,
): PackageReport {
	const {thresholds} = scoringOf(settings, report.facts?.ecosystem ?? '');
	return withTreeEvidence(report, tree, {thresholds, levels: settings.releaseRisk, now});
}
