import {Box, Text} from 'ink';
import type {DependencyGraph} from '../../graph/types.js';
import type {PublisherReach} from '../../scoring/types.js';
import {formatCompact} from '../../text/format.js';
import {sanitizeText} from '../../text/sanitize.js';
import type {Palette} from '../format/palette.js';
import {fit} from '../format/row.js';
import type {ListPosition} from '../state/types.js';

export type PublishersViewProps = {
	readonly graph: DependencyGraph;
	readonly publishers: readonly PublisherReach[];
	readonly position: ListPosition;
	readonly height: number;
	readonly width: number;
	readonly palette: Palette;
	readonly scanning: boolean;
};

/** Publisher concentration: accounts ranked by how many packages of this tree they can publish. */
export function PublishersView({
	graph,
	publishers,
	position,
	height,
	width,
	palette,
	scanning,
}: PublishersViewProps) {
	const body = Math.max(1, height - 2);
	const visible = publishers.slice(position.scrollTop, position.scrollTop + body);
	const nameWidth = Math.max(12, Math.min(28, Math.floor(width * 0.25)));
	const header = ` ${fit('ACCOUNT', nameWidth)} ${fit('ECO', 5)} ${fit('PKGS', 5, 'right')} ${fit('WEEKLY', 8, 'right')}  PACKAGES`;
	return (
		<Box flexDirection="column" height={height}>
			<Text dimColor wrap="truncate">
				{fit(header, width)}
			</Text>
			<Box flexDirection="column" height={body}>
				{publishers.length === 0 ? (
					<Text>
						{scanning
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
					const line = ` ${fit(sanitizeText(reach.account), nameWidth)} ${fit(reach.ecosystem, 5)} ${fit(String(reach.packages.length), 5, 'right')} ${fit(formatCompact(reach.weeklyDownloads), 8, 'right')}  ${[...new Set(names)].join(', ')}`;
					const text = fit(line, width);
					return (
						<Text key={`${reach.ecosystem}:${reach.account}`} wrap="truncate">
							{index === position.cursor ? palette.chalk.inverse(text) : text}
						</Text>
					);
				})}
			</Box>
			<Text dimColor wrap="truncate">
				{fit(
					` ↑↓ move · Enter: jump to their packages (n/N step) · Esc back · ${publishers.length} accounts`,
					width,
				)}
			</Text>
		</Box>
	);
}
