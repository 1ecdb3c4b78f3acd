import type {PackageFacts} from '../registries/types.js';
import {scorePackage} from '../scoring/score.js';
import type {PackageReport} from '../scoring/types.js';
import {type Settings, scoringFor} from './settings.js';

/** Score one package with the settings' thresholds and tiers for its ecosystem (crates.io has its own). */
export function scoreWithSettings(
	id: string,
	facts: PackageFacts,
	settings: Settings,
	now: Date,
): PackageReport {
	const {thresholds, tiers} = scoringFor(settings, facts.ecosystem);
	return scorePackage(id, facts, thresholds, now, tiers);
}
