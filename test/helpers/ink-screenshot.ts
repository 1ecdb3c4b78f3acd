/**
 * Turn a terminal capture with colours (`tmux capture-pane -e -p`) into a self-contained SVG, for the README's
 * screenshot: `npx tsx test/helpers/ink-screenshot.ts capture.ansi media/screenshot.svg`.
 */
import {readFileSync, writeFileSync} from 'node:fs';

const basic = ['#1e1e1e', '#e06c75', '#98c379', '#e5c07b', '#61afef', '#c678dd', '#56b6c2', '#dcdfe4'];
const bright = ['#7f848e', '#ff7b86', '#b5e890', '#ffd68a', '#8cc8ff', '#e599f7', '#7fd8e4', '#ffffff'];
const foreground = '#dcdfe4';
const background = '#1e1e1e';

type Style = {
	fg: string | null;
	bg: string | null;
	bold: boolean;
	dim: boolean;
	underline: boolean;
	inverse: boolean;
};
const plain = (): Style => ({fg: null, bg: null, bold: false, dim: false, underline: false, inverse: false});

function color256(n: number): string {
	if (n < 8) return basic[n]!;
	if (n < 16) return bright[n - 8]!;
	if (n >= 232) {
		const level = 8 + (n - 232) * 10;
		return `rgb(${level},${level},${level})`;
	}

	const index = n - 16;
	const steps = [0, 95, 135, 175, 215, 255];
	return `rgb(${steps[Math.floor(index / 36)]},${steps[Math.floor(index / 6) % 6]},${steps[index % 6]})`;
}

function applySgr(style: Style, codes: number[]): Style {
	const next = {...style};
	for (let i = 0; i < codes.length; i++) {
		const code = codes[i]!;
		if (code === 0) Object.assign(next, plain());
		else if (code === 1) next.bold = true;
		else if (code === 2) next.dim = true;
		else if (code === 4) next.underline = true;
		else if (code === 7) next.inverse = true;
		else if (code === 22) next.bold = next.dim = false;
		else if (code === 24) next.underline = false;
		else if (code === 27) next.inverse = false;
		else if (code >= 30 && code <= 37) next.fg = basic[code - 30]!;
		else if (code >= 90 && code <= 97) next.fg = bright[code - 90]!;
		else if (code >= 40 && code <= 47) next.bg = basic[code - 40]!;
		else if (code >= 100 && code <= 107) next.bg = bright[code - 100]!;
		else if (code === 39) next.fg = null;
		else if (code === 49) next.bg = null;
		else if ((code === 38 || code === 48) && codes[i + 1] === 5) {
			const value = color256(codes[i + 2] ?? 0);
			if (code === 38) next.fg = value;
			else next.bg = value;
			i += 2;
		} else if ((code === 38 || code === 48) && codes[i + 1] === 2) {
			const value = `rgb(${codes[i + 2]},${codes[i + 3]},${codes[i + 4]})`;
			if (code === 38) next.fg = value;
			else next.bg = value;
			i += 4;
		}
	}

	return next;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One SVG for the capture; every cell is one character wide (the UI only uses narrow characters). */
export function ansiToSvg(capture: string, title = 'commit-tui'): string {
	const lines = capture.replace(/\n+$/, '').split('\n');
	const cellWidth = 8.4;
	const cellHeight = 17;
	const columns = Math.max(...lines.map((line) => line.replace(/\u001B\[[0-9;]*m/g, '').length));
	const pad = 12;
	const bar = 28;
	const width = Math.ceil(columns * cellWidth + pad * 2);
	const height = Math.ceil(lines.length * cellHeight + pad * 2 + bar);
	const out: string[] = [];
	out.push(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="'DejaVu Sans Mono','Menlo','Consolas',monospace" font-size="14">`,
		`<title>${escapeXml(title)}</title>`,
		`<rect width="${width}" height="${height}" rx="8" fill="${background}"/>`,
		`<circle cx="20" cy="14" r="6" fill="#ff5f56"/><circle cx="40" cy="14" r="6" fill="#ffbd2e"/><circle cx="60" cy="14" r="6" fill="#27c93f"/>`,
	);
	lines.forEach((line, row) => {
		let style = plain();
		let column = 0;
		const y = pad + bar + row * cellHeight;
		const parts = line.split(/(\u001B\[[0-9;]*m)/);
		for (const part of parts) {
			const sgr = /^\u001B\[([0-9;]*)m$/.exec(part);
			if (sgr) {
				style = applySgr(style, (sgr[1] || '0').split(';').map(Number));
				continue;
			}

			if (part === '') continue;
			const chars = Array.from(part);
			let fg = style.fg ?? foreground;
			let bg = style.bg;
			if (style.inverse) {
				[fg, bg] = [bg ?? background, style.fg ?? foreground];
			}

			const x = pad + column * cellWidth;
			if (bg)
				out.push(
					`<rect x="${x.toFixed(1)}" y="${y}" width="${(chars.length * cellWidth).toFixed(1)}" height="${cellHeight}" fill="${bg}"/>`,
				);
			if (part.trim() !== '') {
				const attributes = [
					`x="${x.toFixed(1)}"`,
					`y="${y + 13}"`,
					`fill="${fg}"`,
					`textLength="${(chars.length * cellWidth).toFixed(1)}"`,
					'lengthAdjust="spacingAndGlyphs"',
					'xml:space="preserve"',
				];
				if (style.bold) attributes.push('font-weight="bold"');
				if (style.dim) attributes.push('opacity="0.6"');
				if (style.underline) attributes.push('text-decoration="underline"');
				out.push(`<text ${attributes.join(' ')}>${escapeXml(part)}</text>`);
			}

			column += chars.length;
		}
	});
	out.push('</svg>');
	return `${out.join('\n')}\n`;
}

if (process.argv[1] && /ink-screenshot\.(ts|js)$/.test(process.argv[1])) {
	const [input, output] = process.argv.slice(2);
	if (!input || !output) throw new Error('usage: ink-screenshot <capture.ansi> <out.svg>');
	writeFileSync(output, ansiToSvg(readFileSync(input, 'utf8')));
}
