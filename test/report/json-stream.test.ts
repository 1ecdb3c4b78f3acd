import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {JsonStream, jsonChunks, materializeJson} from '../../source/report/json-stream.js';
import {joined, mapped, trimmedEnd} from '../../source/report/text-stream.js';
import {stringifyJson} from '../../source/text/escape.js';

/** The streamed text, and the text `stringifyJson` gives for the same document made plain. */
function both(document: unknown): {streamed: string; whole: string} {
	return {streamed: [...jsonChunks(document)].join(''), whole: stringifyJson(materializeJson(document))};
}

describe('jsonChunks', () => {
	it('writes the bytes stringifyJson writes, at every depth, with escapes and line breaks in strings', () => {
		const entry = (n: number) => ({
			id: `npm:<script>&${n}`,
			text: 'line one\nline two\u2028\u2029 · › é 😀',
			nested: {deeper: [1, [2, [3, {}]], []], empty: {}, none: null},
			number: n === 0 ? -0 : n / 3,
			notANumber: Number.NaN,
			date: new Date(Date.UTC(2026, 5, 1)),
			skipped: undefined,
			alsoSkipped: () => 1,
		});
		const document = JsonStream.object({
			schemaVersion: 1,
			empty: JsonStream.array([]),
			emptyObject: JsonStream.object({}),
			onlyUndefined: JsonStream.object({a: undefined}),
			packages: JsonStream.array([0, 1, 2].map(entry)),
			holes: JsonStream.array([undefined, () => 1, Symbol('x'), 'kept']),
			runs: JsonStream.array([JsonStream.object({results: JsonStream.array([entry(3)]), after: 'x'})]),
			'key with <angle> & "quotes"': true,
			last: {plain: ['a', 'b']},
		});
		const {streamed, whole} = both(document);
		assert.equal(streamed, whole);
		assert.match(streamed, /"key with \\u003cangle\\u003e \\u0026 \\"quotes\\"": true/);
		assert.match(streamed, /\n {6}"results": \[\n {8}\{\n {10}"id": "npm:\\u003cscript\\u003e\\u00263"/);
		assert.deepEqual(JSON.parse(streamed).holes, [null, null, null, 'kept']);
	});

	it('writes a top-level plain value or an empty stream as JSON.stringify does', () => {
		for (const value of [
			null,
			'text',
			42,
			[1, [2]],
			{a: {b: []}},
			JsonStream.array([]),
			JsonStream.object({}),
		]) {
			const {streamed, whole} = both(value);
			assert.equal(streamed, whole);
		}
	});

	it('makes each member only when its piece is asked for', () => {
		let made = 0;
		function* entries() {
			for (let index = 0; index < 1000; index++) {
				made += 1;
				yield {index};
			}
		}

		const pieces = jsonChunks(JsonStream.object({packages: JsonStream.array(entries())}));
		assert.equal(made, 0);
		let seen = 0;
		for (const piece of pieces) {
			assert.ok(piece.length < 100, piece);
			if (++seen === 10) break;
		}

		assert.ok(made < 10, `made ${made}`);
	});

	it('refuses a stream inside a plain value instead of writing {}', () => {
		assert.throws(
			() => [...jsonChunks(JsonStream.object({plain: {inner: JsonStream.array([1])}}))],
			/inside another JsonStream/,
		);
	});
});

describe('text pieces', () => {
	const samples = [
		['# title', '', 'a  ', '', ''],
		['', '', ''],
		[],
		['one'],
		['x', ' \t', '\n', 'y  ', ' ', ''],
		['  lead', 'mid · dle\u00a0', '\u3000'],
	];

	it('joined(lines) is lines.join and trimmedEnd is trimEnd, piece by piece', () => {
		for (const lines of samples) {
			assert.equal([...joined(lines)].join(''), lines.join('\n'));
			assert.equal([...trimmedEnd(joined(lines))].join(''), lines.join('\n').trimEnd());
			assert.equal([...trimmedEnd(lines)].join(''), lines.join('').trimEnd());
		}
	});

	it('mapped renders lazily, one item at a time', () => {
		const rendered: number[] = [];
		const pieces = mapped([1, 2, 3], (item) => {
			rendered.push(item);
			return String(item);
		});
		assert.deepEqual(rendered, []);
		assert.equal(pieces.next().value, '1');
		assert.deepEqual(rendered, [1]);
		assert.deepEqual([...pieces], ['2', '3']);
	});
});
