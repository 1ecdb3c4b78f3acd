import type {Palette} from '../format/palette.js';
import {helpLines} from './help.js';
import {ScrollPage} from './ScrollPage.js';

/** The `?` overlay: every key. */
export function HelpPage({
	scroll,
	height,
	width,
	palette,
}: {
	readonly scroll: number;
	readonly height: number;
	readonly width: number;
	readonly palette: Palette;
}) {
	return (
		<ScrollPage
			lines={helpLines((text) => palette.chalk.bold(text))}
			scroll={scroll}
			height={height}
			width={width}
			footer="↑↓ scroll · Esc, q or ? close"
		/>
	);
}
