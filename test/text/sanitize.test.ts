import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
	escapeHtml,
	escapeMarkdown,
	escapeSarifMessage,
	markdownCode,
	stringifyJson,
} from '../../source/text/escape.js';
import {sanitizeNullable, sanitizeText} from '../../source/text/sanitize.js';

describe('sanitizeText', () => {
	const cases: Array<[string, string, string]> = [
		['CSI clear screen', 'evil\x1b[2Jname', 'evil�name'],
		['CSI colour with parameters', '\x1b[1;31mred\x1b[0m', '�red�'],
		['CSI private mode (alternate screen)', 'a\x1b[?1049hb', 'a�b'],
		['8-bit CSI', 'a\u009b31mb', 'a�b'],
		['OSC title ended by BEL', 'x\x1b]0;pwned\x07y', 'x�y'],
		['OSC title ended by ST', 'x\x1b]2;pwned\x1b\\y', 'x�y'],
		['OSC 8 hyperlink', '\x1b]8;;https://evil.example\x07click\x1b]8;;\x07', '�click�'],
		['8-bit OSC', 'x\u009d0;pwned\u009cy', 'x�y'],
		['DCS', 'a\x1bPq#0;2;0;0;0\x1b\\b', 'a�b'],
		['unterminated OSC eats the rest', 'ok\x1b]0;pwned', 'ok�'],
		['charset escape', 'a\x1b(Bb', 'a�b'],
		['reset escape', 'a\x1bcb', 'a�b'],
		['lone ESC at the end', 'a\x1b', 'a�'],
		['C0 controls', 'a\x00b\x07c\x08d', 'a�b�c�d'],
		['DEL and C1', 'a\x7fb\u0085c\u0080d', 'a�b c�d'],
		['newlines and tabs become spaces', 'a\nb\r\nc\td', 'a b c d'],
		['bidi overrides (Trojan Source)', 'admin\u202Etxt.exe\u2066x\u2069', 'admin�txt.exe�x�'],
		['an escape never makes a look-alike name', 'b\x1b[2Job', 'b�ob'],
		['invisible characters are marked', 'mallory\u200B.exe\u2060x\uFEFF\u3164', 'mallory�.exe�x��'],
		['joiners stay (emoji, Persian)', '👨\u200D👩 می\u200Cخواهم', '👨\u200D👩 می\u200Cخواهم'],
		['printable Unicode stays', 'café 日本 🚀 ünïcödé', 'café 日本 🚀 ünïcödé'],
	];
	for (const [label, input, expected] of cases) {
		it(label, () => {
			assert.equal(sanitizeText(input), expected);
			assert.equal(sanitizeText(sanitizeText(input)), expected, 'idempotent');
		});
	}

	it('keeps line breaks and tabs in multiline mode, normalising CR', () => {
		assert.equal(sanitizeText('a\r\nb\rc\td\x1b[2J\u2028e', {multiline: true}), 'a\nb\nc\td�\ne');
	});

	it('never lets ESC, BEL or other controls through (fuzz)', () => {
		let seed = 7;
		const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
		const alphabet = [
			'\x1b',
			'[',
			']',
			'\x07',
			'\\',
			'P',
			'0',
			';',
			'm',
			'a',
			'\u009b',
			'\u009d',
			'\n',
			'\u202e',
			'é',
		];
		for (let round = 0; round < 2000; round++) {
			const input = Array.from({length: 12}, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
			const output = sanitizeText(input);
			assert.doesNotMatch(
				output,
				/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/,
				JSON.stringify(input),
			);
		}
	});

	it('passes null through', () => {
		assert.equal(sanitizeNullable(null), null);
		assert.equal(sanitizeNullable(undefined), null);
		assert.equal(sanitizeNullable('a\x1b[2Jb'), 'a�b');
	});
});

describe('escapeMarkdown', () => {
	it('neutralises table breaks, links, HTML, code spans and emphasis', () => {
		assert.equal(escapeMarkdown('a|b'), 'a\\|b');
		// No @-mention survives: a scoped name, a hostile summary pinging everyone.
		assert.equal(escapeMarkdown('@babel/core'), '@&#8203;babel/core');
		assert.equal(escapeMarkdown('cc @everyone & @org/team'), 'cc @&#8203;everyone \\& @&#8203;org/team');
		assert.equal(escapeMarkdown('[x](javascript:alert(1))'), '\\[x\\](javascript:alert(1))');
		assert.equal(escapeMarkdown('<script>alert(1)</script>'), '\\<script\\>alert(1)\\</script\\>');
		assert.equal(
			escapeMarkdown('`code` *em* _u_ ~s~ \\ &amp;'),
			'\\`code\\` \\*em\\* \\_u\\_ \\~s\\~ \\\\ \\&amp;',
		);
		assert.equal(escapeMarkdown('line1\nline2\x1b[2J'), 'line1 line2�');
	});

	it('leaves ordinary package names readable', () => {
		assert.equal(escapeMarkdown('lodash.merge-x'), 'lodash.merge-x');
		// A version after a name is no mention: left alone. (A scope is one, broken invisibly: see below.)
		assert.equal(escapeMarkdown('axios@1.7.9 and me@example.com'), 'axios@1.7.9 and me@example.com');
	});

	it('builds code spans that survive backticks and pipes', () => {
		assert.equal(markdownCode('a`b|c'), '``a`b\\|c``');
		assert.equal(markdownCode('`x'), '`` `x ``');
		assert.equal(markdownCode('package-lock.json'), '`package-lock.json`');
	});
});

describe('escapeHtml', () => {
	it('escapes the five HTML specials and the backtick after sanitising', () => {
		assert.equal(
			escapeHtml('<script>alert("x")</script>'),
			'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
		);
		assert.equal(escapeHtml(`a&b'c\`d`), 'a&amp;b&#39;c&#96;d');
		assert.equal(escapeHtml('x\x1b]0;pwned\x07y'), 'x�y');
	});
});

describe('escapeSarifMessage', () => {
	it('escapes brackets so no embedded link forms, after sanitising', () => {
		assert.equal(escapeSarifMessage('[x](javascript:alert(1))\x1b[2J'), '\\[x\\](javascript:alert(1))�');
	});
});

describe('stringifyJson', () => {
	it('writes <, >, & as unicode escapes and parses back to the same value', () => {
		const value = {name: '<script>alert(1)</script> & co', list: ['\u2028']};
		const text = stringifyJson(value);
		assert.doesNotMatch(text, /[<>&\u2028]/);
		assert.deepEqual(JSON.parse(text), value);
	});
});
