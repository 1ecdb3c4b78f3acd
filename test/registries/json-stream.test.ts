import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {JsonGuard, jsonLimits} from '../../source/registries/json-guard.js';
import {JsonPicker} from '../../source/registries/json-pick.js';

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
