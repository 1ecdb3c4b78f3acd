import {ecosystemFor} from '../../ecosystems/index.js';
import {dependentsOf, pathsFromRoots} from '../../graph/query.js';
import type {DependencyGraph, PackageNode} from '../../graph/types.js';
import type {ScanProgress} from '../../scan/types.js';
import {medianReleaseGapDays, releaseCadence, weeklyHistory, wholeWeeks} from '../../scoring/history.js';
import type {PackageReport, PublisherReach, ReleaseReport, Rollup, TrustRung} from '../../scoring/types.js';
import {riskLevels} from '../../scoring/types.js';
import {
	daysSince,
	formatAgo,
	formatChange,
	formatCompact,
	formatDate,
	formatDuration,
	formatElapsed,
	plural,
	sparkline,
} from '../../text/format.js';
import {sanitizeText} from '../../text/sanitize.js';
import {acceptedLines} from './accepted.js';
import {notLookedUpWord} from './columns.js';
import {flagGlyph, informationalFlags} from './flags.js';
import type {Palette} from './palette.js';
import {rootSummaryLines} from './root-summary.js';
import {isPackageSpecRoot, labelOf} from './row.js';

/** Everything the detail view shows for one row. */
export type DetailInput = {
	readonly graph: DependencyGraph;
	readonly id: string;
	readonly report: PackageReport | undefined;
	readonly rollup: Rollup | undefined;
	readonly scanning: boolean;
	readonly offline: boolean;
	readonly progress: ScanProgress | null;
	readonly now: Date;
	readonly palette: Palette;
	/** Why-paths shown before "+N more". */
	readonly pathLimit?: number;
	/**
	 * What is shown (dev hidden, filters): why-paths and dependents follow it, and a root's summary counts over
	 * it. Default: the whole graph.
	 */
	readonly view?: {
		readonly graph: DependencyGraph;
		readonly publishers: readonly PublisherReach[];
		readonly hiddenDev: number;
		readonly filtered: boolean;
	};
	/** Every report (a root's summary counts levels and flags over its packages). */
	readonly reports?: ReadonlyMap<string, PackageReport>;
};

const clean = (text: string) => sanitizeText(text);

/** A path as `web-app › express › qs`. */
export function formatPath(graph: DependencyGraph, path: readonly string[]): string {
	return path.map((id) => labelOf(graph, id)).join(' › ');
}

/**
 * Why nothing is known yet: offline, rate-limited, still queued, not a registry package, or the error. With a
 * `kind`, only that request's error is given (the publishers section need not repeat the downloads error).
 */
export function missingReason(input: DetailInput, kind?: 'metadata' | 'downloads'): string {
	const node = input.graph.packages.get(input.id);
	if (node?.source && node.source !== 'registry')
		return `not looked up: a ${node.source} dependency has no registry data`;
	const ownErrors = kind
		? (input.report?.facts?.errors ?? []).filter((error) => error.startsWith(`${kind}:`))
		: [];
	if (ownErrors.length > 0)
		return clean(ownErrors.map((error) => error.slice(kind!.length + 1).trim()).join('; '));
	if (input.report?.error) return clean(input.report.error);
	if (input.offline) return 'offline and not in the cache';
	const progress = input.progress;
	if (progress?.rateLimitedUntil && progress.rateLimitedUntil > input.now.getTime())
		return `waiting: ${clean(progress.rateLimitedHost ?? 'a registry')} is rate-limiting us`;
	if (progress && progress.downHosts.length > 0)
		return `unreachable: ${progress.downHosts.map(clean).join(', ')}`;
	return input.scanning ? 'still fetching…' : 'not fetched';
}

function rollupLine(rollup: Rollup | undefined, palette: Palette): string | null {
	if (!rollup) return null;
	const parts = riskLevels
		.filter((level) => rollup.counts[level] > 0)
		.map((level) => palette.level(level, `${rollup.counts[level]} ${level}`));
	if (parts.length === 0) return null;
	return `Beneath: worst ${palette.level(rollup.worst, rollup.worst.toUpperCase())} · ${parts.join(' · ')}`;
}

/** The graph the paths and dependents are read from: the view's when given. */
function shownGraph(input: DetailInput): DependencyGraph {
	return input.view?.graph ?? input.graph;
}

function rootLines(input: DetailInput): string[] {
	const root = input.graph.roots.find((item) => item.id === input.id);
	if (!root) return [];
	return rootSummaryLines({
		root,
		graph: shownGraph(input),
		fullGraph: input.graph,
		reports: input.reports ?? new Map(),
		rollup: input.rollup,
		publishers: input.view?.publishers ?? [],
		hiddenDev: input.view?.hiddenDev ?? 0,
		filtered: input.view?.filtered ?? false,
		scanning: input.scanning,
		progress: input.progress,
		now: input.now,
		palette: input.palette,
		rollupLine: rollupLine(input.rollup, input.palette),
	});
}

/** The detail pane as lines of (coloured) text, sanitised. The view windows them to the screen. */
export function detailLines(input: DetailInput): string[] {
	const {graph, id, report, palette} = input;
	const node = graph.packages.get(id);
	if (!node) return rootLines(input);
	const {chalk} = palette;
	const heading = (text: string) => palette.heading(text);
	const lines: string[] = [];
	const level = report?.risk ?? 'unknown';
	// A workspace, path or git package: no registry holds it, so it has no level of its own to be unknown.
	const localWord = node.source && !report?.facts ? notLookedUpWord(node.source) : null;
	const unpublished = localWord !== null;
	const title = `${palette.bold(labelOf(graph, id))} · ${
		unpublished ? palette.dim(localWord) : palette.level(level, level.toUpperCase())
	}`;
	const score = report?.score === null || !report ? 'score unknown' : `score ${report.score}/100`;
	const confidence = report ? ` (confidence ${Math.round(report.confidence * 100)}%)` : '';
	lines.push(unpublished ? `${title} · not in any registry` : `${title} · ${score}${confidence}`);
	const tags = [
		node.direct ? 'direct' : 'transitive',
		node.dev ? 'dev' : '',
		node.optional ? 'optional' : '',
	];
	lines.push(palette.dim(`${node.ecosystem} · ${tags.filter(Boolean).join(' · ')}`));
	lines.push(...originLines(node, input.scanning, palette));
	lines.push(edgesInLine(graph, id));

	if (unpublished) {
		lines.push(
			palette.dim(
				`A ${node.source} dependency: there is nothing to look up. What it depends on is scored in the tree.`,
			),
		);
	} else if (!report || report.facts === null || report.error) {
		lines.push(chalk.yellow(`Missing data: ${missingReason(input)}`));
	}

	if (report && !unpublished) {
		for (const reason of report.reasons) lines.push(`• ${clean(reason)}`);
		lines.push('', ...releaseLines(report, input));
		const structural = report.structuralRisk ?? report.risk;
		lines.push('', heading(`Score (structure: ${palette.level(structural, structural.toUpperCase())})`));
		for (const dimension of report.dimensions) {
			const points = dimension.points === null ? 'unknown' : `${dimension.points}/${dimension.max}`;
			lines.push(`  ${dimension.name.padEnd(11)} ${points.padStart(7)}  ${clean(dimension.detail)}`);
		}

		const structureFlags = report.flags.filter((flag) => flag.side !== 'release');
		if (structureFlags.length > 0) {
			lines.push('', heading('Flags'));
			for (const flag of structureFlags) {
				const text = `  ${flagGlyph} ${clean(flag.id)}: ${clean(flag.message)}`;
				// Informational flags describe; they are not counted on the row (FLAGS column).
				lines.push(informationalFlags.has(flag.id) ? palette.dim(text) : chalk.yellow(text));
			}
		}

		lines.push(...acceptedLines(report, palette));
	}

	const rollup = rollupLine(input.rollup, palette);
	if (rollup) lines.push('', rollup);

	// Publishers, downloads and releases: nothing to say of a package no registry holds.
	if (!unpublished) lines.push(...registryLines(input, node, report));

	const limit = input.pathLimit ?? 5;
	const {paths, truncated} = pathsFromRoots(shownGraph(input), id, limit);
	lines.push('', heading('Why is this here'));
	for (const path of paths) lines.push(`  ${formatPath(graph, path)}`);
	if (truncated) lines.push(palette.dim('  +more paths · press w for all'));

	const dependents = dependentsOf(shownGraph(input), id);
	lines.push('', heading(`Dependents (${dependents.length})`));
	const shown = dependents.slice(0, 12).map((dependent) => labelOf(graph, dependent));
	lines.push(
		`  ${shown.join(', ')}${dependents.length > shown.length ? ` +${dependents.length - shown.length} more` : ''}`,
	);
	return lines;
}

/** Publishers, downloads and releases: what the registry says of the package (or why nothing is known). */
function registryLines(input: DetailInput, node: PackageNode, report: PackageReport | undefined): string[] {
	const {palette, now} = input;
	const {chalk} = palette;
	const heading = (text: string) => palette.heading(text);
	const lines: string[] = [];
	const facts = report?.facts ?? null;
	const metadata = facts?.metadata ?? null;
	lines.push('', heading('Publishers'));
	if (!metadata) lines.push(`  unknown: ${missingReason(input, 'metadata')}`);
	else if (metadata.publishers === null) lines.push('  unknown: the registry did not list who can publish');
	else {
		const accounts = metadata.publishers.map((account) =>
			clean(account.role ? `${account.name} (${account.role})` : account.name),
		);
		lines.push(
			`  ${metadata.publishers.length} ${plural(metadata.publishers.length, 'account')}: ${accounts.join(', ') || 'none'}`,
		);
		if (metadata.organization) lines.push(`  organization: ${clean(metadata.organization)}`);
	}

	if (facts?.locked?.publishedBy)
		lines.push(`  locked ${clean(node.version)} published by ${clean(facts.locked.publishedBy)}`);
	const latest = metadata?.latestVersion
		? metadata.versions.find((item) => item.version === metadata.latestVersion)
		: undefined;
	if (latest?.publishedBy)
		lines.push(`  latest ${clean(latest.version)} published by ${clean(latest.publishedBy)}`);
	const newPublisher = report?.flags.find((flag) => flag.id === 'latest-new-publisher');
	if (newPublisher) lines.push(chalk.red(palette.bold(`  ⚠ new publisher: ${clean(newPublisher.message)}`)));

	lines.push('', heading('Downloads'));
	const downloads = facts?.downloads ?? null;
	if (!downloads) lines.push(`  unknown: ${missingReason(input, 'downloads')}`);
	else {
		const weeks = wholeWeeks(downloads, ecosystemFor(node.ecosystem).historyWeeks);
		const history = weeklyHistory(downloads, weeks) ?? [];
		lines.push(
			`  ${formatCompact(downloads.weekly)} a week · ${formatChange(report?.stats.trend90d)} over 90 days`,
		);
		lines.push(
			`  ${weeks} weeks  ${chalk.cyan(
				// From zero, so the shape means what it shows (a ±9% wobble is not a crash).
				sparkline(history.map((week) => week.downloads)),
			)}`,
		);
	}

	lines.push('', heading('Releases'));
	if (!metadata) lines.push(`  unknown: ${missingReason(input, 'metadata')}`);
	else {
		const stats = report!.stats;
		const first = stats.firstPublished
			? `${formatDate(stats.firstPublished)} (${formatAgo(daysSince(stats.firstPublished, now))})`
			: '?';
		const last = stats.lastPublished
			? `${formatDate(stats.lastPublished)} (${formatAgo(daysSince(stats.lastPublished, now))})`
			: '?';
		lines.push(`  ${stats.versionCount ?? '?'} versions · first ${first} · last ${last}`);
		// Shown only here and in the footer: derived when shown (memoised per metadata), not for every scored package.
		lines.push(`  median gap ${formatDuration(medianReleaseGapDays(metadata))}`);
		const cadence = releaseCadence(metadata, now) ?? [];
		const strip = cadence.map((month) => (month.releases === 0 ? '·' : barFor(month.releases))).join('');
		lines.push(`  24 months ${chalk.cyan(strip)}  (releases per month, oldest first)`);
		const lockedAge =
			stats.lockedVersionAgeDays === null
				? 'unknown age'
				: `published ${formatAgo(stats.lockedVersionAgeDays)}`;
		const behind =
			stats.versionsBehindLatest === null
				? ''
				: ` · ${stats.versionsBehindLatest} ${plural(stats.versionsBehindLatest, 'version')} behind latest${metadata.latestVersion ? ` (${clean(metadata.latestVersion)})` : ''}`;
		lines.push(`  locked ${clean(node.version)}: ${lockedAge}${behind}`);
		if (facts?.locked?.deprecated)
			lines.push(chalk.yellow(`  deprecated: ${clean(facts.locked.deprecated)}`));
		if (facts?.locked?.yanked)
			lines.push(
				chalk.yellow(`  yanked${facts.locked.yankedReason ? `: ${clean(facts.locked.yankedReason)}` : ''}`),
			);
	}
	return lines;
}

/**
 * "This release": when and by whom the locked version was published (trusted publisher or token, approver),
 * its provenance and install scripts, what it added since the version it was compared with, and the evidence.
 */
function releaseLines(report: PackageReport, input: DetailInput): string[] {
	const {palette, now} = input;
	const {chalk} = palette;
	const release = report.release;
	if (!release) return [];
	const risk = release.risk;
	const level =
		risk === 'none' || risk === 'unknown'
			? palette.dim(risk.toUpperCase())
			: palette.level(risk, risk.toUpperCase());
	const lines = [`${palette.heading('This release')} · ${level}`];
	const published = release.publishedAt ? Date.parse(release.publishedAt) : Number.NaN;
	const when = Number.isNaN(published)
		? 'publication date unknown'
		: `published ${formatElapsed(now.getTime() - published)} ago (${formatDate(release.publishedAt)})`;
	const by = release.trustedPublisher
		? ` by ${clean(release.publisher ?? 'CI')} through trusted publishing (${clean(
				[release.trustedPublisher.provider, release.trustedPublisher.identity].filter(Boolean).join(' '),
			)})`
		: release.publisher
			? ` by ${clean(release.publisher)} (an account, not trusted publishing)`
			: '';
	// An unresolved requirement has no version (its placeholder is "unknown"): say that, not "unknown … unknown".
	lines.push(
		report.facts?.unresolved
			? '  no version resolved: no release satisfies the requirement'
			: `  ${clean(release.version)} ${when}${by}`,
	);
	// PyPI: a file added to the release long after its first, which installs on its platform.
	const late = report.facts?.locked?.lateFile;
	if (late) {
		const uploaded = Date.parse(late.uploaded);
		lines.push(
			`  a file added later: ${clean(late.filename)}, uploaded ${formatElapsed(now.getTime() - uploaded)} ago (${formatDate(late.uploaded)})`,
		);
	}

	if (release.approver) lines.push(`  approved by ${clean(release.approver)} (staged publishing)`);
	// A registry that never records a fact (crates.io: provenance, install scripts) says so, rather than "unknown",
	// which reads as data that failed to arrive.
	const ecosystem = report.facts ? ecosystemFor(report.facts.ecosystem) : null;
	const notRecorded = (fact: 'provenance' | 'installScripts') =>
		ecosystem?.unrecorded?.includes(fact) ? `not recorded by ${ecosystem.displayName}` : 'unknown';
	const provenance =
		release.provenance === null ? notRecorded('provenance') : release.provenance ? 'yes' : 'none';
	lines.push(`  provenance: ${provenance}${release.trust ? ` · trust: ${trustText[release.trust]}` : ''}`);
	const scripts =
		release.installScripts === null
			? notRecorded('installScripts')
			: release.installScripts.length === 0
				? 'none'
				: release.installScripts
						.map((script) =>
							script.command === null
								? 'yes (the lockfile says so)'
								: `${clean(script.name)}: ${clean(script.command)}`,
						)
						.join(' · ');
	lines.push(`  install scripts: ${scripts}`);
	if (release.previous) {
		const added = release.addedDependencies;
		const since =
			added === null
				? 'dependencies not compared'
				: added.length === 0
					? 'no dependency added'
					: `adds ${added.map(clean).join(', ')}`;
		lines.push(
			`  compared with ${clean(release.previous.version)} (${formatDate(release.previous.publishedAt)}): ${since}`,
		);
	} else if (report.facts?.locked) lines.push('  the first release: nothing to compare with');
	// Long lines (evidence names versions, accounts and packages) are wrapped by the pane, never cut.
	lines.push(...advisoryLines(release, palette));
	lines.push(`  ${clean(release.reason)}`);
	for (const flag of report.flags.filter((item) => item.side === 'release')) {
		const text = `  ${flagGlyph} ${clean(flag.id)}: ${clean(flag.message)}`;
		// What raised the release risk in red; what only describes (a timing pattern on an old version, a package
		// notice) dim, as informational flags are elsewhere.
		lines.push(flag.counted ? chalk.red(text) : palette.dim(text));
	}

	return lines;
}

/** The OSV advisories of the locked version: id, aliases, severity, summary and what fixes it. */
function advisoryLines(release: ReleaseReport, palette: Palette): string[] {
	const {chalk} = palette;
	const advisories = release.advisories;
	if (advisories === null) {
		return release.advisoriesError
			? [chalk.yellow(`  advisories: unknown (${clean(release.advisoriesError)})`)]
			: [];
	}

	if (advisories.length === 0) return ['  advisories: none known (OSV)'];
	const lines = [`  advisories (OSV): ${advisories.length}`];
	for (const advisory of advisories) {
		const aliases = advisory.aliases.length > 0 ? ` (${advisory.aliases.map(clean).join(', ')})` : '';
		const severity = advisory.malicious
			? 'MALICIOUS'
			: `${(advisory.severity ?? 'severity unknown').toUpperCase()}${advisory.score === null ? '' : ` ${advisory.score}`}`;
		const fixed = advisory.fixed.length > 0 ? ` · fixed in ${advisory.fixed.map(clean).join(', ')}` : '';
		const text = `${clean(advisory.id)}${aliases} ${severity}: ${clean(advisory.summary ?? '')}${fixed}`;
		const level = advisory.malicious
			? 'critical'
			: advisory.severity === 'low'
				? 'good'
				: (advisory.severity ?? 'unknown');
		lines.push(palette.level(level, `    ⚠ ${text}`));
	}

	return lines;
}

const trustText: Record<TrustRung, string> = {
	staged: 'approved staged publish',
	'trusted-publisher': 'trusted publisher',
	provenance: 'provenance only',
	none: 'none',
};

/** Where the version and the edges came from: the lockfile, or what commit-tui resolved from the registry. */
function originLines(node: PackageNode, scanning: boolean, palette: Palette): string[] {
	const {chalk} = palette;
	const where = node.lockfiles.map(clean).join(', ');
	const version =
		node.locked === false
			? `${chalk.dim('~')} resolved by commit-tui: ${clean(node.origin?.version ?? (scanning ? 'being resolved…' : 'not resolved'))}`
			: `locked in ${where}`;
	const edges =
		node.edgesFrom === undefined || node.edgesFrom === 'lockfile'
			? `from ${where}`
			: node.edgesFrom === 'registry'
				? `read from the registry: ${clean(node.origin?.edges ?? 'its metadata')}`
				: node.origin?.edges
					? clean(node.origin.edges)
					: scanning
						? 'not recorded by the lockfile: being read from the registry…'
						: 'none known (the lockfile has none, the registry metadata was not read)';
	return [`Version: ${version}`, `Dependencies: ${edges}`];
}

/** Where each edge into the package comes from: the parent's lockfile, or the parent's registry metadata. */
function edgesInLine(graph: DependencyGraph, id: string): string {
	const dependents = dependentsOf(graph, id);
	const shown = dependents.slice(0, 5).map((dependent) => {
		const parent = graph.packages.get(dependent);
		const root = parent ? undefined : graph.roots.find((candidate) => candidate.id === dependent);
		const origin = !parent
			? root && isPackageSpecRoot(root)
				? 'asked for with --package'
				: `declared in ${clean(root?.lockfile ?? 'the project')}`
			: parent.edgesFrom === 'registry'
				? 'its registry metadata'
				: 'the lockfile';
		return `${labelOf(graph, dependent)} (${origin})`;
	});
	const more = dependents.length > shown.length ? ` +${dependents.length - shown.length} more` : '';
	return `Required by: ${shown.join(', ') || 'nothing'}${more}`;
}

const blocks = '▁▂▃▄▅▆▇█';

/** Releases in a month as one block: 1 = ▁ … 8+ = █ (absolute, so strips compare across packages). */
function barFor(releases: number): string {
	return blocks[Math.min(7, releases - 1)]!;
}
