import {daysSince, formatAgo} from '../text/format.js';
import {sanitizeText} from '../text/sanitize.js';
import type {ScanProgress} from './types.js';

/** One line describing a scan's progress, e.g. `commit-tui: 312/469 packages · 2 errors · pypistats.org rate-limited 12s`. */
export function formatProgress(progress: ScanProgress, now = Date.now()): string {
	const parts = [`commit-tui: ${progress.done}/${progress.total} packages`];
	if (progress.errors > 0) parts.push(`${progress.errors} error${progress.errors === 1 ? '' : 's'}`);
	if (progress.rateLimitedUntil !== null && progress.rateLimitedUntil > now) {
		const seconds = Math.ceil((progress.rateLimitedUntil - now) / 1000);
		parts.push(`${sanitizeText(progress.rateLimitedHost ?? 'a host')} rate-limited, waiting ${seconds}s`);
	}

	// Host names come from settings, flags and .npmrc: sanitised like everything else printed.
	for (const down of progress.downHosts) parts.push(`unreachable ${sanitizeText(down)}`);
	parts.push(...pacedHostsText(progress));
	parts.push(...advisoriesText(progress, now));
	const invalid = progress.invalidCacheEntries?.count ?? 0;
	if (invalid > 0) parts.push(`${invalid} bad cache ${invalid === 1 ? 'entry' : 'entries'} removed`);
	return parts.join(' · ');
}

/**
 * The advisory lookup in a few words: how far it is, that its host is down or rate-limited (it degrades only the
 * advisories), how old cached answers are (offline), or that an export file is read.
 */
export function advisoriesText(progress: ScanProgress, now: number): string[] {
	const advisories = progress.advisories;
	if (!advisories || advisories.state === 'off') return [];
	const parts: string[] = [];
	if (advisories.exportFiles.length > 0)
		parts.push(
			`advisories from ${advisories.exportFiles.length === 1 ? 'an export file' : `${advisories.exportFiles.length} export files`}`,
		);
	else if (advisories.state === 'fetching') parts.push(`advisories ${advisories.done}/${advisories.total}`);
	if (advisories.down) parts.push(`advisories unavailable (${sanitizeText(advisories.down)})`);
	else if (advisories.rateLimitedUntil !== null && advisories.rateLimitedUntil > now)
		parts.push(
			`advisories rate-limited, retrying in ${Math.ceil((advisories.rateLimitedUntil - now) / 1000)} s`,
		);
	if (advisories.state === 'done' && advisories.errors > 0)
		parts.push(`advisories unknown for ${advisories.errors}`);
	if (advisories.oldestCached) {
		const days = daysSince(advisories.oldestCached, new Date(now));
		parts.push(`advisories cached ${days === null ? '' : formatAgo(days)}`.trimEnd());
	}

	return parts;
}

/**
 * Why a scan is slow on purpose: `crates.io: 230 queued, 1 request a second (crates.io allows crawlers 1
 * request a second)`, or the setting's limit when the host has no published policy.
 */
export function pacedHostsText(progress: ScanProgress): string[] {
	return progress.pacedHosts.map(
		(paced) =>
			`${sanitizeText(paced.host)}: ${paced.queued} queued, paced${paced.reason ? ` (${paced.reason})` : ' by the rateLimits setting'}`,
	);
}

export type ProgressLine = {
	/** Rewrites the line with this progress. */
	update(progress: ScanProgress): void;
	/** Clears the line (call once the scan is over, before printing anything else). */
	done(): void;
};

/**
 * A progress line on stderr for headless runs: rewritten in place when stderr is a terminal, and silent
 * otherwise (a CI log or a redirected file must not fill with carriage returns).
 */
export function createProgressLine(stream: NodeJS.WriteStream = process.stderr): ProgressLine {
	if (stream.isTTY !== true) return {update() {}, done() {}};
	let shown = false;
	return {
		update(progress) {
			const width = Math.max(20, (stream.columns ?? 80) - 1);
			stream.write(`\r${formatProgress(progress).slice(0, width)}\u001B[K`);
			shown = true;
		},
		done() {
			if (shown) stream.write('\r\u001B[K');
			shown = false;
		},
	};
}
