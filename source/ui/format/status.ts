import cliTruncate from 'cli-truncate';
import type {DependencyGraph} from '../../graph/types.js';
import {advisoriesText, pacedHostsText} from '../../scan/progress-line.js';
import type {ScanProgress} from '../../scan/types.js';
import {plural} from '../../text/format.js';
import {sanitizeText} from '../../text/sanitize.js';
import {fit} from './row.js';
import {textWidth} from './text-width.js';

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
	return `${tool}${headerPath(lockfileLabel)}${resolved} · ${ecosystems} · ${packages}`;
}

/** The lockfile's label as the header shows it: the part `fitTitle` shortens first. */
export function headerPath(lockfileLabel: string): string {
	return sanitizeText(lockfileLabel);
}

/**
 * The header's title in `room` cells. What is cut first is the path, from its left (`…-bundles/package-lock.json`)
 * down to its file name; then the tool's name before it; then the file name too: the ecosystem and the package
 * count after the path stay whole as long as they fit at all (then the end is cut).
 */
export function fitTitle(title: string, path: string, room: number): string {
	if (textWidth(title) <= room) return title;
	const at = path === '' ? -1 : title.indexOf(path);
	if (at < 0) return fit(title, room);
	const before = title.slice(0, at);
	const after = title.slice(at + path.length);
	const name = path.slice(path.lastIndexOf('/') + 1);
	const pathRoom = room - textWidth(before) - textWidth(after);
	if (pathRoom > textWidth(name)) return before + cutStart(path, pathRoom) + after;
	// Without the tool's name: only the space the title starts with, if any.
	const lead = before.startsWith(' ') ? ' ' : '';
	const shortRoom = room - textWidth(lead) - textWidth(after);
	return fit(lead + cutStart(path, Math.max(1, shortRoom)) + after, room);
}

/** The end of the text in `width` cells, `…` first when it is cut. */
function cutStart(text: string, width: number): string {
	return textWidth(text) <= width ? text : cliTruncate(text, width, {position: 'start'});
}

/**
 * The fewest cells in which `fitTitle` keeps the ecosystem and the package count whole: the path down to `…`,
 * without the tool's name.
 */
export function titleEssentialWidth(title: string, path: string): number {
	const at = path === '' ? -1 : title.indexOf(path);
	if (at < 0) return textWidth(title);
	const lead = title.startsWith(' ') ? 1 : 0;
	return lead + 1 + textWidth(title.slice(at + path.length));
}

/**
 * `scored 312/469 · 2 errors · rate-limited, retrying in 12 s · down: host: reason`; `scored 469/469 ✓` when all is
 * well. `compact` is for a header too narrow for the whole line (80 columns with two hosts down): `names` names the
 * hosts without their reasons, the advisory host among them; `counts` only counts them. The root's summary has the
 * rest (`scanDetails`).
 */
export function statusText(
	progress: ScanProgress | null,
	scanning: boolean,
	now: Date,
	offline: boolean,
	options: {readonly compact?: 'names' | 'counts'} = {},
): string {
	const parts: string[] = [];
	const counts = options.compact === 'counts';
	const scored = counts ? '' : 'scored ';
	if (!progress) parts.push(scanning ? 'starting…' : 'not scanned');
	else {
		parts.push(`${scored}${progress.done}/${progress.total}`);
		if (progress.errors > 0)
			parts.push(`${progress.errors} ${counts ? 'err' : plural(progress.errors, 'error')}`);
		if (options.compact) parts.push(...compactDetails(progress, now, counts));
		else parts.push(...scanDetails(progress, now));
	}

	if (offline) parts.push('offline');
	// ✓ only for a scan that finished without errors: "416/416 ✓ · 416 errors" would contradict itself.
	if (!scanning && progress && progress.done >= progress.total && progress.errors === 0)
		parts[0] = `${scored}${progress.done}/${progress.total} ✓`;
	return parts.join(' · ');
}

/**
 * The header's forms of the status, most telling first: whole, then with host names only, then counts only
 * (`1536/1536 · 1536 err · 2 hosts down`, what 80 columns have room for). The header shows the first that fits.
 */
export function statusForms(
	progress: ScanProgress | null,
	scanning: boolean,
	now: Date,
	offline: boolean,
): {readonly full: string; readonly names: string; readonly counts: string} {
	return {
		full: statusText(progress, scanning, now, offline),
		names: statusText(progress, scanning, now, offline, {compact: 'names'}),
		counts: statusText(progress, scanning, now, offline, {compact: 'counts'}),
	};
}

/**
 * What the scan says beyond its counts, each whole: rate limits, hosts down and why, paced hosts, the advisories,
 * the cache. The header shows them joined (or `compact`); the root's summary one per line.
 */
export function scanDetails(progress: ScanProgress, now: Date): string[] {
	const parts: string[] = [];
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
	if (progress.cacheWriteError) parts.push(`cache not writable (${sanitizeText(progress.cacheWriteError)})`);
	return parts;
}

/**
 * The same, short: host names only (`down: api.npmjs.org, api.osv.dev`), or only how many (`2 hosts down`); no
 * reasons, no cached ages.
 */
function compactDetails(progress: ScanProgress, now: Date, counts: boolean): string[] {
	const parts: string[] = [];
	if (progress.rateLimitedUntil !== null && progress.rateLimitedUntil > now.getTime())
		parts.push(`rate-limited ${Math.ceil((progress.rateLimitedUntil - now.getTime()) / 1000)} s`);
	// Down hosts read `host: reason`; so does the advisory host's `down`.
	const down = progress.downHosts.map((host) => hostOnly(host));
	const advisories = progress.advisories;
	if (advisories?.down) down.push(hostOnly(advisories.down));
	const hosts = [...new Set(down)];
	if (hosts.length > 0)
		parts.push(counts ? `${hosts.length} ${plural(hosts.length, 'host')} down` : `down: ${hosts.join(', ')}`);
	if (counts && progress.pacedHosts.length > 0) parts.push('paced');
	else for (const paced of progress.pacedHosts) parts.push(`${sanitizeText(paced.host)} paced`);
	if (
		advisories &&
		advisories.state === 'fetching' &&
		advisories.exportFiles.length === 0 &&
		!advisories.down
	)
		parts.push(`advisories ${advisories.done}/${advisories.total}`);
	if (progress.invalidCacheEntries?.count) parts.push('bad cache entries removed');
	if (progress.cacheWriteError) parts.push('cache not writable');
	return parts;
}

function hostOnly(described: string): string {
	const colon = described.indexOf(': ');
	return sanitizeText(colon > 0 ? described.slice(0, colon) : described);
}
