import type {DependencyGraph} from '../../graph/types.js';
import {advisoriesText, pacedHostsText} from '../../scan/progress-line.js';
import type {ScanProgress} from '../../scan/types.js';
import {plural} from '../../text/format.js';
import {sanitizeText} from '../../text/sanitize.js';

/**
 * `commit-tui · web-app/package-lock.json · npm · 469 packages`; `… · 212/469 packages` when dev dependencies are
 * hidden or a filter narrows the tree (`shown`); without the tool's name on a narrow terminal (`compact`), so the
 * counts are not the part that is cut.
 */
export function headerTitle(
	graph: DependencyGraph,
	lockfileLabel: string,
	options: {readonly shown?: number; readonly compact?: boolean} = {},
): string {
	const ecosystems =
		[...new Set(graph.lockfiles.map((lockfile) => lockfile.ecosystem))].join('+') || 'no lockfile';
	const count = graph.packages.size;
	// A manifest or --package spec: every version was chosen by commit-tui, not fixed by a lockfile.
	const resolved =
		graph.lockfiles.length > 0 && graph.lockfiles.every((lockfile) => lockfile.resolved)
			? ' · resolved, no lockfile'
			: '';
	const shown = options.shown ?? count;
	const packages = shown === count ? `${count} ${plural(count, 'package')}` : `${shown}/${count} packages`;
	const tool = options.compact ? '' : 'commit-tui · ';
	return `${tool}${sanitizeText(lockfileLabel)}${resolved} · ${ecosystems} · ${packages}`;
}

/** `scored 312/469 · 2 errors · rate-limited, retrying in 12 s · down: host`; `scored 469/469 ✓` when all is well. */
export function statusText(
	progress: ScanProgress | null,
	scanning: boolean,
	now: Date,
	offline: boolean,
): string {
	const parts: string[] = [];
	if (!progress) parts.push(scanning ? 'starting…' : 'not scanned');
	else {
		parts.push(`scored ${progress.done}/${progress.total}`);
		if (progress.errors > 0) parts.push(`${progress.errors} ${plural(progress.errors, 'error')}`);
		if (progress.rateLimitedUntil !== null && progress.rateLimitedUntil > now.getTime()) {
			const seconds = Math.ceil((progress.rateLimitedUntil - now.getTime()) / 1000);
			const host = progress.rateLimitedHost ? ` by ${sanitizeText(progress.rateLimitedHost)}` : '';
			parts.push(`rate-limited${host}, retrying in ${seconds} s`);
		}

		if (progress.downHosts.length > 0)
			parts.push(`down: ${progress.downHosts.map((host) => sanitizeText(host)).join(', ')}`);
		parts.push(...pacedHostsText(progress));
		parts.push(...advisoriesText(progress, now.getTime()));
		const invalid = progress.invalidCacheEntries?.count ?? 0;
		if (invalid > 0) parts.push(`${invalid} bad cache ${plural(invalid, 'entry', 'entries')} removed`);
		if (progress.cacheWriteError) parts.push('cache not writable');
	}

	if (offline) parts.push('offline');
	// ✓ only for a scan that finished without errors: "416/416 ✓ · 416 errors" would contradict itself.
	if (!scanning && progress && progress.done >= progress.total && progress.errors === 0)
		parts[0] = `scored ${progress.done}/${progress.total} ✓`;
	return parts.join(' · ');
}
