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
