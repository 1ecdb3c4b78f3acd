import {Box, Text} from 'ink';
import {useMemo} from 'react';
import stringWidth from 'string-width';
import type {DependencyGraph} from '../../graph/types.js';
import type {PackageReport, PublisherReach} from '../../scoring/types.js';
import {formatCompact} from '../../text/format.js';
import {sanitizeText} from '../../text/sanitize.js';
import type {Palette} from '../format/palette.js';
import {fit} from '../format/row.js';
import type {ListPosition} from '../state/types.js';

export type PublishersViewProps = {
	readonly graph: DependencyGraph;
	/** The accounts listed (the view's, narrowed by the `/` query). */
	readonly publishers: readonly PublisherReach[];
	/** All accounts of the view (for the count in the footer). */
	readonly total: number;
	readonly reports: ReadonlyMap<string, PackageReport>;
	readonly position: ListPosition;
	readonly height: number;
	readonly width: number;
	readonly palette: Palette;
	readonly scanning: boolean;
	/** The `/` query being typed (null when not typing) and the one in force. */
	readonly draft: string | null;
	readonly query: string;
	/** The tree is narrowed (dev hidden, a filter): the list counts only what is shown. */
	readonly narrowed: boolean;
};

/** `a, b, c +37`: as many names as fit in `room` cells, then how many more (never a name cut in half). */
function nameList(names: readonly string[], room: number): string {
	let text = '';
	for (let index = 0; index < names.length; index++) {
		const next = text === '' ? names[index]! : `${text}, ${names[index]}`;
		const rest = names.length - index - 1;
		const tail = rest > 0 ? ` +${rest}` : '';
		if (stringWidth(next) + stringWidth(tail) > room)
			return text === '' ? `+${names.length}` : `${text} +${names.length - index}`;
		text = next;
	}

	return text;
}

/** Packages whose only publisher is this account. */
function soleCount(reach: PublisherReach, reports: ReadonlyMap<string, PackageReport>): number {
	let count = 0;
	for (const id of reach.packages) {
		const names = reports.get(id)?.facts?.metadata?.publishers?.map((publisher) => publisher.name);
		if (names && new Set(names).size === 1) count++;
	}

	return count;
}

/**
 * Publisher concentration: accounts ranked by how many packages of the shown tree they can publish. SOLE counts
 * the packages they publish alone (`★` marks such accounts): one phished password reaches those directly.
 */
export function PublishersView({
	graph,
	publishers,
	total,
	reports,
	position,
	height,
	width,
	palette,
	scanning,
	draft,
	query,
	narrowed,
}: PublishersViewProps) {
	const body = Math.max(1, height - 2);
	const visible = publishers.slice(position.scrollTop, position.scrollTop + body);
	const nameWidth = Math.max(12, Math.min(28, Math.floor(width * 0.25)));
	const sole = useMemo(
		() => new Map(visible.map((reach) => [reach, soleCount(reach, reports)])),
		[visible, reports],
	);
	const header = ` ${fit('ACCOUNT', nameWidth + 2)} ${fit('ECO', 5)} ${fit('PKGS', 5, 'right')} ${fit('SOLE', 5, 'right')} ${fit('WEEKLY', 8, 'right')}  PACKAGES`;
	const count = query
		? `${publishers.length} of ${total} matching /${sanitizeText(query)}`
		: `${total} accounts`;
	const shown = narrowed ? ' shown' : '';
	const keys =
		width >= 100
			? '↑↓ move · Enter jump to their packages · f filter the tree · / search · Esc back'
			: '↑↓ · Enter jump · f filter · / search · Esc back';
	const footer =
		draft !== null
			? ` /${sanitizeText(draft)}▏ ${publishers.length} of ${total} · Enter keeps · Esc clears`
			: ` ${keys} · ${count}${shown}`;
	return (
		<Box flexDirection="column" height={height}>
			<Text wrap="truncate">{palette.dim(fit(header, width))}</Text>
			<Box flexDirection="column" height={body}>
				{publishers.length === 0 ? (
					<Text>
						{query || draft
							? ' No account matches.'
							: scanning
								? ' Waiting for publisher data…'
								: ' No publisher data (offline, or no registry packages).'}
					</Text>
				) : null}
				{visible.map((reach, offset) => {
					const index = position.scrollTop + offset;
					const names = reach.packages.map((id) => {
						const node = graph.packages.get(id);
						return sanitizeText(node ? node.name : id);
					});
					const alone = sole.get(reach) ?? 0;
					const selected = index === position.cursor;
					// The cursor's glyph, as in the tree: reverse video alone is invisible without colour (TERM=dumb).
					const cursor = selected ? '›' : ' ';
					const mark = alone > 0 ? '★ ' : '  ';
					const line = `${cursor}${mark}${fit(sanitizeText(reach.account), nameWidth)} ${fit(reach.ecosystem, 5)} ${fit(String(reach.packages.length), 5, 'right')} ${fit(alone > 0 ? String(alone) : '', 5, 'right')} ${fit(formatCompact(reach.weeklyDownloads), 8, 'right')}  `;
					const listed = line + nameList([...new Set(names)], width - stringWidth(line));
					const text = fit(listed, width);
					return (
						<Text key={`${reach.ecosystem}:${reach.account}`} wrap="truncate">
							{selected ? palette.inverse(text) : text}
						</Text>
					);
				})}
			</Box>
			<Text wrap="truncate">{palette.dim(fit(footer, width))}</Text>
		</Box>
	);
}
