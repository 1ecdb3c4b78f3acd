import {Box, Text} from 'ink';
import {memo} from 'react';
import stringWidth from 'string-width';
import {fit} from '../format/row.js';
import {fitTitle, titleEssentialWidth} from '../format/status.js';
import {Spinner} from './Spinner.js';

export type HeaderProps = {
	/** Left side: tool · lockfile(s) · ecosystem · N packages. */
	readonly title: string;
	/** The lockfile part of the title: shortened first (from its left), so the ecosystem and count stay whole. */
	readonly path?: string;
	/** Right side: scan progress. */
	readonly status: string;
	/** Shorter forms of the status (hosts without reasons; counts only): the first of the three that fits is shown. */
	readonly namesStatus?: string;
	readonly countsStatus?: string;
	/** Show the spinner (the scan is running). */
	readonly busy: boolean;
	readonly width: number;
	/** Colour on (the spinner is cyan). */
	readonly color?: boolean;
};

/**
 * The top line: what is being looked at, and how far the scan is. Both halves are cut to fit rather than one
 * pushing the other off: the title keeps at least 40 cells (or half the line), its path shortened first.
 */
export const Header = memo(function Header({
	title,
	path = '',
	status,
	namesStatus,
	countsStatus,
	busy,
	width,
	color = true,
}: HeaderProps) {
	const spinner = busy ? 2 : 0;
	const titleText = ` ${title}`;
	const keep = Math.min(stringWidth(titleText), Math.max(Math.floor(width / 2), Math.min(40, width - 20)));
	const statusRoom = Math.max(0, width - keep - 2 - spinner);
	// Cut, `down: api.npmjs.org: DNS lookup failed · advisories unavailable (…)` reads `down…` at 80 columns: a
	// shorter form that fits says more (the reasons are in the root's summary). None fits: the shortest, cut.
	// A form that leaves the title room for its ecosystem and package count is preferred (40 columns while
	// scanning: `376/2006` rather than `scored 376/2006` beside `… · npm · 2006 pac…`).
	const forms = [status, namesStatus ?? status, countsStatus ?? status];
	const fits = (form: string) => stringWidth(form) + 1 <= statusRoom;
	const essential = titleEssentialWidth(titleText, path);
	const leaves = (form: string) => width - stringWidth(form) - 1 - spinner - 2 >= essential;
	const shown =
		forms.find((form) => fits(form) && leaves(form)) ?? forms.find((form) => fits(form)) ?? forms.at(-1)!;
	const statusText = fit(shown, Math.min(stringWidth(shown) + 1, statusRoom));
	const titleRoom = Math.max(0, width - stringWidth(statusText) - spinner - 2);
	// The title is cut, not padded: the gap is layout (ink writes, and tokenises, every blank it is given at every
	// frame — a hundred of them here at 200 columns).
	const titleCut = fitTitle(titleText, path, Math.min(titleRoom, stringWidth(titleText)));
	return (
		<Box width={width} height={1}>
			<Box width={titleRoom + 2} flexShrink={0}>
				<Text bold wrap="truncate">
					{titleCut}
				</Text>
			</Box>
			{busy ? <Spinner color={color ? 'cyan' : undefined} /> : null}
			<Text wrap="truncate">{statusText}</Text>
		</Box>
	);
});
