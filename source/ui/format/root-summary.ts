import {subtreeOf} from '../../graph/query.js';
import type {DependencyGraph, RootNode} from '../../graph/types.js';
import type {PackageFacts} from '../../registries/types.js';
import {reasonsText, tallyErrors} from '../../scan/error-tally.js';
import type {ScanProgress} from '../../scan/types.js';
import {emptyRiskCounts} from '../../scoring/levels.js';
import type {PackageReport, PublisherReach, Rollup} from '../../scoring/types.js';
import {riskLevels} from '../../scoring/types.js';
import {formatCompact, plural} from '../../text/format.js';
import {sanitizeText} from '../../text/sanitize.js';
import {countedFlags, flagGlyph} from './flags.js';
import type {Palette} from './palette.js';
import {scanDetails} from './status.js';

/** What a root's summary is counted from. */
export type RootSummaryInput = {
	readonly root: RootNode;
	/** The shown graph (dev hidden, filters): the counts follow it. */
	readonly graph: DependencyGraph;
	/** The whole graph, for what is hidden and the reader's warnings. */
	readonly fullGraph: DependencyGraph;
	readonly reports: ReadonlyMap<string, PackageReport>;
	readonly rollup: Rollup | undefined;
	readonly publishers: readonly PublisherReach[];
	readonly hiddenDev: number;
	readonly filtered: boolean;
	readonly scanning: boolean;
	readonly progress: ScanProgress | null;
	/** The clock the scan details (rate limits, cached ages) are told against. */
	readonly now: Date;
	readonly palette: Palette;
	/** The "Beneath: worst …" line, shared with the package detail. */
	readonly rollupLine: string | null;
};

const clean = (text: string) => sanitizeText(text);

/**
 * The whole-tree summary on a root's detail pane: how many packages (direct, transitive, dev, hidden), their own
 * levels, the flags they carry, who can publish them (and how many have a sole publisher), the scan's state and
 * the lockfile reader's warnings. Counted over the packages shown beneath this root: O(V + E) per call.
 */
export function rootSummaryLines(input: RootSummaryInput): string[] {
	const {root, graph, reports, palette} = input;
	const heading = (text: string) => palette.heading(text);
	const ids = [...subtreeOf(graph, root.id)].filter((id) => graph.packages.has(id));
	const direct = graph.roots.find((item) => item.id === root.id)?.dependencies.length ?? 0;
	const lines: string[] = [
		`${palette.bold(clean(root.name))} · whole-tree summary${input.filtered ? ' (of what the filter shows)' : ''}`,
		`Lockfile: ${clean(root.lockfile)}${root.workspace ? ` · workspace ${clean(root.workspace)}` : ''}`,
	];

	const dev = ids.filter((id) => graph.packages.get(id)?.dev).length;
	const hidden = input.hiddenDev > 0 ? ` · ${input.hiddenDev} dev hidden (d)` : '';
	lines.push(
		'',
		heading('Packages'),
		`  ${ids.length} ${plural(ids.length, 'package')}: ${direct} direct, ${ids.length - direct} transitive${dev > 0 ? ` · ${dev} dev` : ''}${hidden}`,
	);

	// Own levels of the packages beneath (not roll-ups): how the tree is made up.
	const counts = emptyRiskCounts();
	let pending = 0;
	const flags = new Map<string, number>();
	let flagged = 0;
	let sole = 0;
	for (const id of ids) {
		const report = reports.get(id);
		if (!report) {
			pending++;
			continue;
		}

		counts[report.risk]++;
		const counted = countedFlags(report.flags);
		if (counted.length > 0) flagged++;
		for (const flag of counted) flags.set(flag.id, (flags.get(flag.id) ?? 0) + 1);
		if (new Set(report.facts?.metadata?.publishers?.map((publisher) => publisher.name)).size === 1) sole++;
	}

	const levels = riskLevels
		.filter((level) => counts[level] > 0)
		.map((level) => palette.level(level, `${counts[level]} ${level === 'unknown' ? '? unknown' : level}`));
	if (pending > 0) levels.push(`${pending} ${input.scanning ? '… not arrived yet' : 'not fetched'}`);
	const noLevels = ids.length === 0 ? 'none (nothing beneath)' : 'none yet';
	lines.push(`  levels (each package's own): ${levels.join(' · ') || noLevels}`);
	if (input.rollupLine) lines.push(`  ${input.rollupLine}`);

	lines.push('', heading('Flags'));
	if (flags.size === 0) lines.push(`  none${pending > 0 && input.scanning ? ' so far' : ''}`);
	else {
		const parts = [...flags.entries()]
			.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
			.map(([id, count]) => `${count} ${clean(id)}`);
		lines.push(
			`  ${flagGlyph} ${flagged} ${plural(flagged, 'package')} flagged: ${parts.join(' · ')} (F filters)`,
		);
	}

	lines.push('', heading('Publishers'));
	const beneath = new Set(ids);
	const reaching = input.publishers.filter((reach) => reach.packages.some((id) => beneath.has(id)));
	lines.push(
		`  ${reaching.length} ${plural(reaching.length, 'account')} can publish these; ${sole} ${plural(sole, 'package')} ${sole === 1 ? 'has' : 'have'} a sole publisher`,
	);
	for (const reach of reaching.slice(0, 5)) {
		const count = reach.packages.filter((id) => beneath.has(id)).length;
		lines.push(
			`  ${clean(reach.account)} (${clean(reach.ecosystem)}): ${count} ${plural(count, 'package')}, ${formatCompact(reach.weeklyDownloads)}/week`,
		);
	}

	if (reaching.length > 5) lines.push(palette.dim(`  +${reaching.length - 5} more · p lists them all`));

	const progress = input.progress;
	if (progress) {
		lines.push('', heading('Scan'));
		const errors = progress.errors > 0 ? ` · ${progress.errors} ${plural(progress.errors, 'error')}` : '';
		lines.push(`  ${input.scanning ? 'fetching' : 'done'}: ${progress.done}/${progress.total}${errors}`);
		// Whole, one per line: the header may have room for the host names only.
		for (const detail of scanDetails(progress, input.now)) lines.push(`  ${detail}`);
		// Why, across the tree: "not a packument" for every package says the registry is not one.
		const facts: PackageFacts[] = [];
		for (const id of ids) {
			const found = reports.get(id)?.facts;
			if (found) facts.push(found);
		}

		const tally = tallyErrors(facts);
		if (tally.packages > 0) lines.push(`  errors: ${clean(reasonsText(tally, 3))}`);
	}

	const warnings = input.fullGraph.warnings;
	if (warnings.length > 0) {
		lines.push('', heading(`Lockfile warnings (${warnings.length})`));
		for (const warning of warnings.slice(0, 10)) lines.push(`  ${clean(warning)}`);
		if (warnings.length > 10) lines.push(palette.dim(`  +${warnings.length - 10} more (all in --json)`));
	}

	return lines;
}
