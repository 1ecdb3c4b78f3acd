import type {PackageAdvisories} from '../../advisories/types.js';
import type {PackageFacts} from '../../registries/types.js';
import {sanitizeText} from '../../text/sanitize.js';
import {compareRisk, worseOf} from '../levels.js';
import type {Thresholds} from '../thresholds.js';
import type {PackageReport, RiskFlag, RiskLevel} from '../types.js';
import {defaultReleaseLevels, type ReleaseLevels, releaseAsLevel, releaseRiskOf} from './levels.js';
import {ownReleaseEvidence, type ReleaseDetails} from './own.js';
import {advisoryFlags, type ReleaseTreeView, treeReleaseFlags, worstSeverity} from './tree.js';
import {type ReleaseFlagId, type ReleaseReport, treeEvidenceIds} from './types.js';

/**
 * The release side of a report, and how it combines with the structural side. Pure: facts (+ the tree view)
 * and `now` in, the same report out.
 */

export type ReleaseOptions = {
	readonly thresholds: Thresholds;
	readonly levels?: ReleaseLevels;
	readonly now: Date;
};

export const structurePrefix = 'structure: ';
export const releasePrefix = 'release: ';

/** The locked release's evidence (own, and the tree's when a view is given), its risk and flags. */
export function assessRelease(
	id: string,
	facts: PackageFacts | null,
	options: ReleaseOptions,
	tree?: ReleaseTreeView,
): {readonly release: ReleaseReport; readonly flags: RiskFlag[]} {
	const own = ownReleaseEvidence(facts, options.thresholds, options.now);
	const treeFlags = tree
		? treeReleaseFlags(id, facts, own.details, tree, options.thresholds, options.now)
		: [];
	const advisories = tree?.advisoriesOf?.(id);
	const advisoryFlagList = advisories?.advisories
		? advisoryFlags(own.details.version, advisories.advisories)
		: [];
	return decide(facts, own.details, [...advisoryFlagList, ...own.flags, ...treeFlags], options, advisories);
}

/**
 * The report with its tree-level evidence (new-dependency, account-burst) recomputed against `tree`, the
 * release risk decided again and the combined level with it. O(the package's added dependencies and its
 * publisher's repositories); the package's own evidence is reused, not recomputed.
 */
export function withTreeEvidence(
	report: PackageReport,
	tree: ReleaseTreeView,
	options: ReleaseOptions,
): PackageReport {
	if (!report.release) return report;
	const own = report.flags.filter(
		(flag) => flag.side === 'release' && !treeEvidenceIds.has(flag.id as ReleaseFlagId),
	);
	const details: ReleaseDetails = report.release;
	const treeFlags = treeReleaseFlags(report.id, report.facts, details, tree, options.thresholds, options.now);
	// Advisories lead: a known-malicious version is what to read first.
	const advisories = tree.advisoriesOf?.(report.id);
	const advisoryFlagList = advisories?.advisories
		? advisoryFlags(details.version, advisories.advisories)
		: [];
	// Nothing the tree says, nothing it said before: the report stands (most packages of a big tree).
	const unchanged =
		treeFlags.length === 0 &&
		advisoryFlagList.length === 0 &&
		own.length === report.flags.filter((flag) => flag.side === 'release').length &&
		report.release.advisories === (advisories?.advisories ?? null) &&
		report.release.advisoriesError === (advisories?.error ?? null);
	if (unchanged) return report;
	const {release, flags} = decide(
		report.facts,
		details,
		[...advisoryFlagList, ...own, ...treeFlags],
		options,
		advisories,
	);
	return combineSides(report, release, flags);
}

/**
 * The report judged again with its release-side flags replaced by `releaseFlags` (a project's policy accepted
 * some, or its own cooldown rules decide `cooldown`): the release risk decided from what is left, and the
 * combined level with it. Structural flags are the report's own. O(flags).
 */
export function withReleaseFlags(
	report: PackageReport,
	releaseFlags: readonly RiskFlag[],
	levels: ReleaseLevels = defaultReleaseLevels,
): PackageReport {
	if (!report.release) return report;
	const {advisories, advisoriesError} = report.release;
	const known = advisories !== null || advisoriesError !== null;
	const {release, flags} = decide(
		report.facts,
		report.release,
		releaseFlags,
		{levels},
		known ? {advisories, error: advisoriesError} : undefined,
	);
	return combineSides(report, release, flags);
}

function decide(
	facts: PackageFacts | null,
	details: ReleaseDetails,
	unmarked: readonly RiskFlag[],
	options: Pick<ReleaseOptions, 'levels'>,
	advisories: Pick<PackageAdvisories, 'advisories' | 'error'> | undefined,
): {release: ReleaseReport; flags: RiskFlag[]} {
	const levels = options.levels ?? defaultReleaseLevels;
	const found = advisories?.advisories ?? null;
	let severe = false;
	if (found !== null && found.length > 0) {
		const worst = worstSeverity(found.filter((advisory) => !advisory.malicious));
		severe = worst === 'critical' || worst === 'high';
	}

	const {risk, counted} = releaseRiskOf(unmarked, facts?.locked != null, levels, severe);
	const flags = unmarked.map((flag) => markCounted(flag, counted.includes(flag.id as ReleaseFlagId)));
	const shorts = flags.filter((flag) => flag.counted).map((flag) => flag.short ?? flag.message);
	const version = details.version;
	let reason: string;
	if (shorts.length > 0) reason = shorts.join(', ');
	else if (risk === 'unknown') reason = `${version}: ${unknownWhy(facts)}`;
	else reason = `nothing unusual about ${version}`;
	// Written out rather than `{...details, …}`: V8 (Node 20) adds keys to a spread copy slowly, microseconds
	// per object, and this runs once per package. `details` may be a whole earlier report: only its details count.
	return {
		release: {
			version: details.version,
			publishedAt: details.publishedAt,
			ageDays: details.ageDays,
			publisher: details.publisher,
			trustedPublisher: details.trustedPublisher,
			approver: details.approver,
			provenance: details.provenance,
			trust: details.trust,
			installScripts: details.installScripts,
			previous: details.previous,
			addedDependencies: details.addedDependencies,
			advisories: found,
			advisoriesError: advisories?.error ?? null,
			risk,
			reason: sanitizeText(`${releasePrefix}${reason}`),
			evidence: flags.map((flag) => flag.id as ReleaseFlagId),
			counted,
		},
		flags,
	};
}

/** The flag with `counted` set (its keys in the same order as `{...flag, counted}`, without the slow copy). */
function markCounted(flag: RiskFlag, counted: boolean): RiskFlag {
	if (flag.counted !== undefined) return flag.counted === counted ? flag : {...flag, counted};
	const marked: {-readonly [Key in keyof RiskFlag]: RiskFlag[Key]} = {id: flag.id, message: flag.message};
	for (const key in flag) {
		if (key === 'side') marked.side = flag.side;
		else if (key === 'short') marked.short = flag.short;
	}

	marked.counted = counted;
	return marked;
}

function unknownWhy(facts: PackageFacts | null): string {
	if (!facts) return 'not fetched';
	if (!facts.metadata)
		return facts.errors.find((error) => error.startsWith('metadata:')) ?? 'no registry data';
	// A requirement nothing satisfied (the lockfile warning names it): there is no version to look for.
	if (facts.unresolved) return 'no version resolved (no release satisfies the requirement)';
	return 'not in the registry';
}

/**
 * The combined report: `risk` is the worse of the structural level and the release risk; reasons from both
 * sides, each prefixed with its side, the worse side first (the release side on a tie: an attack outranks
 * exposure); release flags before structural ones.
 */
export function combineSides(
	report: PackageReport,
	release: ReleaseReport,
	releaseFlags: readonly RiskFlag[],
): PackageReport {
	const structuralRisk: RiskLevel = report.structuralRisk ?? report.risk;
	const structuralReasons = report.reasons.filter((reason) => !reason.startsWith(releasePrefix));
	const structureFlags = report.flags.filter((flag) => flag.side !== 'release');
	const {risk, reasons} = combinedVerdict(structuralRisk, structuralReasons, release);
	const flags = [...releaseFlags, ...structureFlags];
	// V8 (Node 20) adds keys to a spread copy slowly (microseconds per object, once per package): a report
	// without a release side yet gets it first, before the copy, and every other key only replaces one.
	if (!('release' in report)) return {release, ...report, risk, structuralRisk, reasons, flags};
	return {...report, risk, structuralRisk, release, reasons, flags};
}

/**
 * The combined level and reasons of `combineSides`, from the structural side's (reasons without a release one):
 * for a report made with both sides at once, which then needs no copy.
 */
export function combinedVerdict(
	structuralRisk: RiskLevel,
	structuralReasons: readonly string[],
	release: ReleaseReport,
): {readonly risk: RiskLevel; readonly reasons: string[]} {
	const releaseLevel = releaseAsLevel(release.risk);
	if (releaseLevel === null) return {risk: structuralRisk, reasons: [...structuralReasons]};
	const risk = worseOf(releaseLevel, structuralRisk);
	const reasons =
		compareRisk(releaseLevel, structuralRisk) <= 0
			? [release.reason, ...structuralReasons]
			: [...structuralReasons, release.reason];
	return {risk, reasons};
}
