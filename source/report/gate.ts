import type {DependencyGraph} from '../graph/types.js';
import {compareRisk, isAtLeast, riskLabel} from '../scoring/levels.js';
import {releaseAsLevel} from '../scoring/release/levels.js';
import type {PackageReport, RiskLevel} from '../scoring/types.js';
import {sanitizeText} from '../text/sanitize.js';
import {isCi} from '../util/ci.js';
import {exitCodes} from './exit-codes.js';
import {resolveScope} from './scope.js';
import type {FailOn, ReportInput} from './types.js';

export {compareRisk, emptyRiskCounts, isAtLeast, riskLabel, riskRank, worseOf} from '../scoring/levels.js';

/** Accepted `--fail-on` values. */
export const failOnValues: readonly FailOn[] = ['critical', 'high', 'moderate', 'none'];

/** Parse a `--fail-on` value (case-insensitive); null when it is not one of {@link failOnValues}. */
export function parseFailOn(value: string): FailOn | null {
	const lower = value.trim().toLowerCase();
	return (failOnValues as readonly string[]).includes(lower) ? (lower as FailOn) : null;
}

/** `high` in CI (`isCi`: `CI` or `CONTINUOUS_INTEGRATION` set, and not 'false'/'0'), else `none`. */
export function defaultFailOn(env: NodeJS.ProcessEnv = process.env): FailOn {
	return isCi(env) ? 'high' : 'none';
}

/** True when a package at `level` trips the gate. `unknown` never does; `none` never trips. */
export function tripsGate(level: RiskLevel, failOn: FailOn): boolean {
	return failOn !== 'none' && isAtLeast(level, failOn);
}

/**
 * The exit code for the levels of the packages in scope: 1 when any is at or above `failOn`, else 0.
 * (2 — usage/input error — and 3 — no lockfile/packages — are the CLI's to return.)
 */
export function gateExitCode(levels: Iterable<RiskLevel>, failOn: FailOn): 0 | 1 {
	for (const level of levels) if (tripsGate(level, failOn)) return exitCodes.thresholdReached;
	return exitCodes.ok;
}

/**
 * The gate over a report's scope: the exit code and the ids of the packages that tripped it (for a message
 * such as "2 packages at or above high").
 */
export function gateForReport(
	input: Pick<ReportInput, 'graph' | 'reports' | 'scope'>,
	failOn: FailOn,
): {readonly exitCode: 0 | 1; readonly tripped: string[]} {
	const tripped: string[] = [];
	for (const id of resolveScope(input.graph, input.scope)) {
		if (tripsGate(levelOf(input.reports.get(id)), failOn)) tripped.push(id);
	}

	return {exitCode: tripped.length > 0 ? exitCodes.thresholdReached : exitCodes.ok, tripped: tripped.sort()};
}

/**
 * The level a package is gated on — the one place the gate, the exit-1 messages and the diff's roll-ups read
 * a level from: the combined level (the worse of structure and the locked release).
 */
export function levelOf(report: PackageReport | undefined): RiskLevel {
	return report?.risk ?? 'unknown';
}

/**
 * The rule that put a package at its level, as SARIF rule ids, and its reason. When the release side decided it
 * (on a tie too: an attack outranks exposure), the evidence flags that counted (`flag/cooldown, flag/install-
 * script-added`) and the `release: …` reason; otherwise `risk/<level>` and the structural reason.
 */
export function ruleOf(report: PackageReport | undefined): {readonly rule: string; readonly reason: string} {
	const level = levelOf(report);
	const release = report?.release;
	if (release && release.counted.length > 0 && releaseAsLevel(release.risk) === level)
		return {rule: release.counted.map((id) => `flag/${id}`).join(', '), reason: release.reason};
	return {rule: `risk/${level}`, reason: report?.reasons[0] ?? 'no registry data'};
}

/** One package the gate stopped on (or that a policy accepted). */
export type GateFinding = {
	readonly id: string;
	readonly level: RiskLevel;
	readonly rule: string;
	readonly reason: string;
	/** For an accepted one: the policy's reason and line. */
	readonly accepted?: {readonly reason: string; readonly source: string};
};

/** Why the gate could not judge: too many unknown packages, or a host down. */
export type Incompleteness = {
	readonly unknown: number;
	/** Registry packages in scope (workspace, git, file… packages have no registry data to miss). */
	readonly total: number;
	readonly share: number;
	readonly maxShare: number;
	readonly downHosts: readonly string[];
	/** `--allow-incomplete` was given: what is known is accepted. */
	readonly allowed: boolean;
};

export type GateOptions = {
	/** The packages in scope (for a diff: what it adds or changes). */
	readonly ids: Iterable<string>;
	readonly graph: DependencyGraph;
	readonly reports: ReadonlyMap<string, PackageReport>;
	readonly failOn: FailOn;
	/** Hosts the scan marked down (`registry.npmjs.org: connection refused`). */
	readonly downHosts?: readonly string[];
	/** The share (0–1) of registry packages in scope that may be unknown; more is incomplete. */
	readonly maxUnknownShare: number;
	/** `--allow-incomplete`: an incomplete result passes on what is known. */
	readonly allowIncomplete: boolean;
};

export type GateResult = {
	/** 1 when a package trips the gate; else 4 when the result is incomplete (and not allowed); else 0. */
	readonly exitCode: 0 | 1 | 4;
	/** At or above the threshold, worst first. */
	readonly tripped: readonly GateFinding[];
	/** At or above it, but the policy accepts the level. */
	readonly accepted: readonly GateFinding[];
	/** Null when the gate saw enough (or no gate is set). */
	readonly incomplete: Incompleteness | null;
};

/**
 * The CI gate. With `--fail-on none` nothing is gated (exit 0). Otherwise a package at or above the level
 * whose level the policy does not accept exits 1; failing that, a result that could not see enough — a host
 * marked down, or more than `maxUnknownShare` of the registry packages in scope unknown — exits 4 unless
 * `allowIncomplete`: a gate that saw nothing must not pass.
 */
export function evaluateGate(options: GateOptions): GateResult {
	const tripped: GateFinding[] = [];
	const accepted: GateFinding[] = [];
	let unknown = 0;
	let total = 0;
	for (const id of options.ids) {
		const node = options.graph.packages.get(id);
		const report = options.reports.get(id);
		const level = levelOf(report);
		if (node && (node.source === undefined || node.source === 'registry')) {
			total++;
			if (level === 'unknown') unknown++;
		}

		if (!tripsGate(level, options.failOn)) continue;
		const finding = {id, level, ...ruleOf(report)};
		const acceptance = report?.ignored?.find((entry) => entry.kind === 'level');
		if (acceptance)
			accepted.push({...finding, accepted: {reason: acceptance.reason, source: acceptance.source}});
		else tripped.push(finding);
	}

	const order = (a: GateFinding, b: GateFinding) => compareRisk(a.level, b.level) || a.id.localeCompare(b.id);
	tripped.sort(order);
	accepted.sort(order);
	if (options.failOn === 'none') return {exitCode: exitCodes.ok, tripped, accepted, incomplete: null};
	const share = total === 0 ? 0 : unknown / total;
	const downHosts = options.downHosts ?? [];
	const incomplete =
		downHosts.length > 0 || share > options.maxUnknownShare
			? {
					unknown,
					total,
					share,
					maxShare: options.maxUnknownShare,
					downHosts,
					allowed: options.allowIncomplete === true,
				}
			: null;
	const exitCode =
		tripped.length > 0
			? exitCodes.thresholdReached
			: incomplete && !options.allowIncomplete
				? exitCodes.incomplete
				: exitCodes.ok;
	return {exitCode, tripped, accepted, incomplete};
}

/** The default share of unknown packages the gate tolerates: 10 %. */
export const defaultMaxUnknownShare = 0.1;

/**
 * What the gate says on stderr: on exit 1 one line per package at or above the threshold (at most `limit`,
 * then a count) with the rule that put it there; on exit 4 why the result is incomplete. Sanitised: ids and
 * reasons come from lockfiles and registries.
 */
export function gateMessages(result: GateResult, failOn: FailOn, limit = 20): string[] {
	const lines: string[] = [];
	if (result.tripped.length > 0) {
		const count = result.tripped.length;
		lines.push(
			`${count} ${count === 1 ? 'package' : 'packages'} at or above ${failOn} (--fail-on ${failOn}):`,
		);
		for (const finding of result.tripped.slice(0, limit)) lines.push(`  ${findingLine(finding)}`);
		if (count > limit) lines.push(`  … and ${count - limit} more (all of them in the report)`);
	}

	if (result.accepted.length > 0) {
		const count = result.accepted.length;
		lines.push(
			`${count} ${count === 1 ? 'package' : 'packages'} at or above ${failOn} accepted by the policy:`,
		);
		for (const finding of result.accepted.slice(0, limit)) {
			lines.push(
				`  ${findingLine(finding)} — accepted: ${sanitizeText(finding.accepted!.reason)} (${sanitizeText(finding.accepted!.source)})`,
			);
		}

		if (count > limit) lines.push(`  … and ${count - limit} more`);
	}

	if (result.incomplete) lines.push(incompleteLine(result.incomplete, result.exitCode));
	return lines;
}

function findingLine(finding: GateFinding): string {
	return `${riskLabel(finding.level).padEnd(8)} ${sanitizeText(finding.id)}  ${sanitizeText(finding.reason)} [${finding.rule}]`;
}

function incompleteLine(incomplete: Incompleteness, exitCode: number): string {
	const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
	const parts = [
		`incomplete: ${incomplete.unknown} of ${incomplete.total} packages unknown (${percent(incomplete.share)}; at most ${percent(incomplete.maxShare)} allowed)`,
	];
	if (incomplete.downHosts.length > 0) {
		parts.push(
			`${incomplete.downHosts.length === 1 ? 'host' : 'hosts'} ${incomplete.downHosts.map((host) => sanitizeText(host)).join(', ')}`,
		);
	}

	// Exit 1 above wins over exit 4; the line still says the result was not accepted as complete.
	const verdict = incomplete.allowed
		? 'accepted with --allow-incomplete'
		: exitCode === exitCodes.incomplete
			? 'exit 4 (pass --allow-incomplete to accept what is known)'
			: 'it would be exit 4 without the packages above (--allow-incomplete accepts what is known)';
	return `${parts.join(' — ')}; ${verdict}`;
}
