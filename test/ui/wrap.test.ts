import assert from 'node:assert/strict';
import {test} from 'node:test';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import {textWidth} from '../../source/ui/format/text-width.js';
import {wrapLines} from '../../source/ui/format/wrap.js';
import {wrapWords} from '../../source/ui/format/wrap-words.js';
import {pick, randomSource} from '../helpers/random-trees.js';

test('wrapped lines keep single spaces between words, hang under the text, and fit the width', () => {
	const line =
		'   release: 2 hours old, adds a postinstall script, drops the trusted publishing with provenance earlier versions had, published by jason, new to the package, adds a new dependency';
	for (const width of [40, 61, 80]) {
		const wrapped = wrapLines([line], width);
		assert.ok(wrapped.length > 1);
		assert.ok(
			wrapped.every((part) => part.length <= width),
			`fits ${width}`,
		);
		assert.ok(wrapped.slice(1).every((part) => part.startsWith('     ') && part[5] !== ' '));
		// Read back as one text: the same words, one space apart.
		assert.equal(wrapped.map((part) => part.trim()).join(' '), line.trim());
	}
});

test('coloured lines too: the spaces at a break go, the colour codes stay', () => {
	const yellow = (text: string) => `\u001B[33m${text}\u001B[39m`;
	const line = `   ${yellow('⚑ new-publisher: 4.10.1 was published by dev-108, who published no earlier version (earlier versions by dev-23, dev-120, dev-47; the last 3.10.1 by dev-47)')}`;
	const wrapped = wrapLines([line], 60);
	const plain = wrapped.map((part) => part.replace(/\u001B\[[0-9;]*m/g, ''));
	assert.ok(
		plain.every((part) => !/\S {2,}\S/.test(part)),
		plain.join('\n'),
	);
	assert.ok(
		wrapped.every((part) => part.includes('\u001B[33m')),
		'each line keeps its colour',
	);
});

test('wrapWords gives what wrap-ansi gives (hard, trimmed or not): rows, spaces and colour codes; textWidth what string-width gives; on seeded random lines', () => {
	const random = randomSource(15);
	const pickOne = <T>(values: readonly T[]): T => pick(random, values);
	const styles = [
		['\u001B[33m', '\u001B[39m'],
		['\u001B[1m', '\u001B[22m'],
		['\u001B[2m', '\u001B[22m'],
		['\u001B[31m\u001B[1m', '\u001B[22m\u001B[39m'],
		['\u001B[1m\u001B[4m', '\u001B[24m\u001B[22m'],
		['\u001B[38;2;10;20;30m', '\u001B[39m'],
	] as const;
	const symbols = ['·', '›', '…', '•', '▁', '█', '─', '│', 'é', '中', '≥'];
	const word = () => {
		const length = random() < 0.1 ? 20 + Math.floor(random() * 60) : 1 + Math.floor(random() * 9);
		let text = '';
		for (let index = 0; index < length; index++)
			text += random() < 0.1 ? pickOne(symbols) : String.fromCharCode(97 + Math.floor(random() * 26));
		return text;
	};
	const line = () => {
		let text = ' '.repeat(random() < 0.5 ? Math.floor(random() * 5) : 0);
		for (let count = 1 + Math.floor(random() * 25); count > 0; count--) {
			let part = word();
			if (random() < 0.15) {
				const [open, close] = pickOne(styles);
				part = random() < 0.5 ? `${open}${part}${close}` : `${open}${part} ${word()}${close}`;
			}
			text += part + (random() < 0.1 ? '  ' : ' ');
		}

		return random() < 0.5 ? text.trimEnd() : text;
	};
	for (let index = 0; index < 3000; index++) {
		const text = line();
		const width = 5 + Math.floor(random() * 80);
		const trim = random() < 0.5;
		assert.equal(textWidth(text), stringWidth(text), JSON.stringify(text));
		assert.equal(
			wrapWords(text, width, {trim}),
			wrapAnsi(text, width, {hard: true, trim}),
			JSON.stringify({text, width, trim}),
		);
	}
});

test('wrapWords hands what it does not port to wrap-ansi: emoji, combining marks, escapes other than colours', () => {
	for (const text of [
		'deploy 🚀 now with a long tail of words to wrap',
		'cafe\u0301 au lait and more words to wrap here',
		'a \u001B]8;;https://example.com\u0007link\u001B]8;;\u0007 and words to wrap',
	]) {
		assert.equal(wrapWords(text, 12), wrapAnsi(text, 12, {hard: true}));
		assert.equal(textWidth(text), stringWidth(text));
	}

	// ⚠ is one cell for ink (string-width 8), two for wrap-ansi's own string-width: wrapWords measures as ink draws.
	assert.equal(wrapWords('⚠ aaaa bbbb', 11, {trim: false}), '⚠ aaaa bbbb');
	assert.equal(wrapAnsi('⚠ aaaa bbbb', 11, {hard: true, trim: false}), '⚠ aaaa \nbbbb');
});

test('a word longer than the width is cut, never split by a space: its rows joined give it back', () => {
	const why =
		'app › @babel/plugin-syntax-logical-assignment-operators@7.10.4 › @babel/helper-plugin-utils@7.10.4';
	const long = `   ${'A'.repeat(300)}@1.0.0`;
	const url =
		'   deprecated: see https://github.com/example/some-very-long-repository-name/blob/main/MIGRATION-GUIDE.md#from-v1';
	const yellow = (text: string) => `\u001B[33m${text}\u001B[39m`;
	for (const width of [20, 37, 48, 80]) {
		for (const line of [why, long, url, `   ${yellow(long.trim())}`]) {
			const wrapped = wrapLines([line], width).map((part) => part.replace(/\u001B\[[0-9;]*m/g, ''));
			assert.ok(
				wrapped.every((part) => textWidth(part) <= width),
				`fits ${width}: ${wrapped.join('\n')}`,
			);
			const tokens = line
				.replace(/\u001B\[[0-9;]*m/g, '')
				.trim()
				.split(' ');
			// Nothing gained or lost: the same characters once the spaces and row breaks are taken out.
			assert.equal(wrapped.join('').replaceAll(' ', ''), tokens.join(''), `width ${width}`);
			// Within a row, every piece is a whole token, except the ends: the rest or the start of a cut one.
			for (const row of wrapped) {
				const pieces = row.trim().split(' ');
				pieces.forEach((piece, index) => {
					const fits = (token: string) =>
						pieces.length === 1
							? token.includes(piece)
							: index === 0
								? token.endsWith(piece)
								: index === pieces.length - 1
									? token.startsWith(piece)
									: token === piece;
					assert.ok(tokens.some(fits), `${JSON.stringify(piece)} of ${JSON.stringify(row)} at ${width}`);
				});
			}

			assert.ok(!wrapped.some((part) => /\S {2,}\S/.test(part.trim())));
		}
	}
});
