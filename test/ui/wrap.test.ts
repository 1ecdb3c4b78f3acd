import assert from 'node:assert/strict';
import {test} from 'node:test';
import {wrapLines} from '../../source/ui/format/wrap.js';

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
