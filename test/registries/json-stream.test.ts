import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {JsonGuard, jsonLimits} from '../../source/registries/json-guard.js';
import {JsonPicker, JsonSyntaxError} from '../../source/registries/json-pick.js';

/**
 * The streaming readers skip string content with native searches: whatever the chunk boundaries (inside an escape,
 * between a backslash and the quote it escapes, in a run of backslashes), they must read what JSON.parse reads.
 */

const tricky = [
	'plain',
	'a "quoted" word',
	'ends with a backslash \\',
	'two \\\\ backslashes then "quote"',
	'\\"',
	'\\\\"',
	'unicode \u00e9\u4e2d\ud83d\ude00 and \\u escapes',
	'{"not": [an, object]}',
	'',
];

/** A packument-like document whose strings hold every tricky sequence, in keys and values. */
function document(): string {
	const versions: Record<string, unknown> = {};
	for (const [index, text] of tricky.entries()) {
		versions[`1.0.${index}`] = {
			version: `1.0.${index}`,
			description: text,
			[`key ${text}`]: {nested: [text, {deeper: text}]},
			_npmUser: {name: text, email: `${text}@example.com`},
		};
	}

	return JSON.stringify({
		name: 'x "y" \\ z',
		versions,
		readme: tricky.join('\\'),
		'dist-tags': {latest: '1.0.0'},
	});
}

/** The picked values of `text` read in chunks cut every `size` bytes. */
function pick(text: string, size: number): Array<[string, unknown]> {
	const bytes = Buffer.from(text);
	const picked: Array<[string, unknown]> = [];
	const picker = new JsonPicker({
		maxDepth: 3,
		wanted: (path) =>
			(path.length === 1 && ['name', 'dist-tags', 'readme'].includes(path[0]!)) ||
			(path.length === 3 &&
				path[0] === 'versions' &&
				['version', '_npmUser', 'description'].includes(path[2]!)),
		onValue: (path, value) => picked.push([path.join('/'), value]),
	});
	for (let start = 0; start < bytes.length; start += size) picker.write(bytes.subarray(start, start + size));
	picker.end();
	return picked;
}

describe('streaming JSON readers across chunk boundaries', () => {
	test('the picker reads every wanted value as JSON.parse does, for any chunk size', () => {
		const text = document();
		const parsed = JSON.parse(text) as {
			name: string;
			readme: string;
			'dist-tags': unknown;
			versions: Record<string, {version: string; description: string; _npmUser: unknown}>;
		};
		const expected: Array<[string, unknown]> = [['name', parsed.name]];
		for (const [key, version] of Object.entries(parsed.versions)) {
			expected.push([`versions/${key}/version`, version.version]);
			expected.push([`versions/${key}/description`, version.description]);
			expected.push([`versions/${key}/_npmUser`, version._npmUser]);
		}

		expected.push(['readme', parsed.readme], ['dist-tags', parsed['dist-tags']]);
		for (const size of [1, 2, 3, 5, 7, 16, 64, 1000, text.length])
			assert.deepEqual(pick(text, size), expected, `chunks of ${size}`);
	});

	test('the guard counts nesting outside strings only, for any chunk size', () => {
		const deep = '['.repeat(jsonLimits.maxDepth + 1) + ']'.repeat(jsonLimits.maxDepth + 1);
		const inString = JSON.stringify({text: `\\"${'['.repeat(jsonLimits.maxDepth + 5)}`});
		for (const size of [1, 2, 3, 64]) {
			const guard = new JsonGuard();
			const bytes = Buffer.from(inString);
			for (let start = 0; start < bytes.length; start += size)
				guard.write(bytes.subarray(start, start + size));
			const deepBytes = Buffer.from(deep);
			assert.throws(() => {
				const other = new JsonGuard();
				for (let start = 0; start < deepBytes.length; start += size)
					other.write(deepBytes.subarray(start, start + size));
			}, /nested deeper/);
		}
	});
});

/** Whether the picker reads `bytes` to the end without a syntax error, fed in chunks of `size`. */
function pickerAccepts(bytes: Buffer, size: number): boolean {
	const picker = new JsonPicker({
		maxDepth: 2,
		wanted: (path) => (path[0] === 'versions' && path.length === 2 ? 'type' : path[0] === 'name'),
		onValue() {},
		onType() {},
	});
	try {
		for (let start = 0; start < bytes.length; start += size)
			picker.write(bytes.subarray(start, start + size));
		picker.end();
		return true;
	} catch (error) {
		if (error instanceof JsonSyntaxError || (error instanceof Error && error.message === 'truncated JSON'))
			return false;
		throw error;
	}
}

function jsonParseAccepts(bytes: Buffer): boolean {
	try {
		JSON.parse(bytes.toString('utf8'));
		return true;
	} catch {
		return false;
	}
}

describe('the picker accepts exactly what JSON.parse accepts', () => {
	const valid = JSON.stringify({
		name: 'pkg',
		versions: {
			'1.0.0': {version: '1.0.0', n: [0, -1, 2.5, 1e3, -0.25e-7, 1e300], t: true, f: false, z: null},
		},
		text: 'tab\\t, quote \\", slash \\/, \\u00e9, \\ud83d\\ude00, é',
		empty: [{}, [], ''],
	});

	test('corrupted and mixed bodies are errors, at once or at end(), for any chunk size', () => {
		const good = JSON.stringify({name: 'pkg', versions: {'1.0.0': {version: '1.0.0'}}, license: 'MIT'});
		const bad: Record<string, string | Buffer> = {
			'leading garbage': `xyz!@# ${good}`,
			'binary before the document': Buffer.concat([
				Buffer.from([0x1f, 0x8b, 8, 0, 0xff, 0xfe]),
				Buffer.from(good),
			]),
			'a byte order mark': `\ufeff${good}`,
			'two documents': good + good.replace('"pkg"', '"other"'),
			'trailing garbage': `${good} trailing`,
			'a trailing comma in an object': good.replace(/\}$/, ',}'),
			'a trailing comma in an array': '{"a":[1,2,]}',
			NaN: good.replace('"MIT"', 'NaN'),
			Infinity: good.replace('"MIT"', '-Infinity'),
			'a comment': good.replace('"license"', '/*c*/"license"'),
			'a line comment': good.replace('"license"', '//c\n"license"'),
			'single quotes': good.replace('"license":"MIT"', "'license':'MIT'"),
			'an unquoted key': good.replace('"license"', 'license'),
			'a raw line break in a string': good.replace('MIT', 'M\nIT'),
			'a raw tab in a key': good.replace('license', 'lic\tense'),
			'a raw NUL in a string': good.replace('MIT', 'M\u0000IT'),
			'a bad escape': good.replace('MIT', 'M\\xIT'),
			'a short unicode escape': good.replace('MIT', '\\u12"'),
			'a leading zero': '{"a":01}',
			'a bare minus': '{"a":-}',
			'a dot without digits': '{"a":1.}',
			'an exponent without digits': '{"a":1e+}',
			'a plus sign': '{"a":+1}',
			'a misspelt literal': '{"a":nul}',
			'a literal broken by a space': '{"a":tr ue}',
			'a missing colon': '{"a" 1}',
			'a missing comma': '{"a":1 "b":2}',
			'mismatched brackets': '{"a":[1}',
			'an empty body': '',
			'only whitespace': ' \n',
			'cut short': good.slice(0, -1),
		};
		for (const [what, text] of Object.entries(bad)) {
			const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
			assert.equal(jsonParseAccepts(bytes), false, `JSON.parse refuses ${what}`);
			for (const size of [1, 3, 64, bytes.length || 1])
				assert.equal(pickerAccepts(bytes, size), false, `${what}, chunks of ${size}`);
		}

		for (const size of [1, 2, 5, 4096]) {
			assert.ok(pickerAccepts(Buffer.from(valid), size));
			assert.ok(pickerAccepts(Buffer.from(` \t\r\n${JSON.stringify(JSON.parse(valid), null, 2)}\n`), size));
		}

		for (const scalar of ['0', '-1.5e3', '"text"', 'true', 'null', '[]', ' 7 '])
			assert.ok(pickerAccepts(Buffer.from(scalar), 1), scalar);
	});

	test('a syntax error says where, and whether the body was not JSON at all', () => {
		const html = Buffer.from('<!DOCTYPE html><html><body>{"name":"pkg"}</body></html>');
		const picker = new JsonPicker({maxDepth: 1, wanted: () => false, onValue() {}});
		assert.throws(
			() => picker.write(html),
			(error) =>
				error instanceof JsonSyntaxError && error.leading && error.byte === 0x3c && error.offset === 0,
		);
		const late = new JsonPicker({maxDepth: 1, wanted: () => false, onValue() {}});
		late.write(Buffer.from('{"a":1,'));
		assert.throws(
			() => late.write(Buffer.from('}')),
			(error) => error instanceof JsonSyntaxError && !error.leading && error.offset === 7,
		);
	});

	test('agrees with JSON.parse on thousands of one-byte mutations of a document', () => {
		// A fixed-seed generator: the same mutations on every run.
		let seed = 12345;
		const random = (below: number) => {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			return seed % below;
		};
		const alphabet = Buffer.from(' \t\n{}[]:,"\\/-+.0123456789eEtrufalsnbx\u0000\u001f');
		const source = Buffer.from(valid);
		for (let round = 0; round < 3000; round++) {
			const at = random(source.length + 1);
			const byte = alphabet[random(alphabet.length)]!;
			const kind = random(3);
			const mutated =
				kind === 0
					? Buffer.concat([source.subarray(0, at), Buffer.of(byte), source.subarray(at)])
					: kind === 1
						? Buffer.concat([source.subarray(0, at), source.subarray(at + 1)])
						: Buffer.concat([source.subarray(0, at), Buffer.of(byte), source.subarray(at + 1)]);
			const expected = jsonParseAccepts(mutated);
			for (const size of [1, 7, mutated.length || 1])
				assert.equal(
					pickerAccepts(mutated, size),
					expected,
					`${mutated.toString('utf8')} in chunks of ${size}`,
				);
		}
	});
});
