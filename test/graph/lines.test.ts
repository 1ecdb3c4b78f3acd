import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {loadProject} from '../../source/lockfiles/index.js';
import {jsonKeyLines, jsonMemberLines, jsonPath} from '../../source/lockfiles/json-lines.js';
import {arrayTableLines} from '../../source/lockfiles/toml.js';
import {fixturePath} from '../helpers/paths.js';

/** The text of the line a package's entry starts on, per the reader. */
function entryLines(directory: string): Map<string, string> {
	const graph = loadProject({directory});
	const lines = new Map<string, string>();
	for (const node of graph.packages.values()) {
		for (const lockfile of node.lockfiles) {
			const line = node.lines?.[lockfile];
			if (line === undefined) continue;
			const text = readFileSync(path.join(directory, lockfile), 'utf8').split(/\r?\n/);
			// TOML entries start at their header; the name is on the next line.
			lines.set(
				node.id,
				/^\s*\[\[/.test(text[line - 1]!) ? `${text[line - 1]} ${text[line]}` : text[line - 1]!,
			);
		}
	}

	return lines;
}

describe('every reader keeps the line where a package entry starts', () => {
	// Each pattern gets the name as a regex fragment: escaped, and for PyPI any of `-_.` where the reader
	// normalised to `-` (the file may spell `charset_normalizer`).
	const cases: Array<[string, string, (name: string) => RegExp]> = [
		['npm v1', 'npm-v1/basic', (name) => new RegExp(`^\\s*"${name}": \\{`)],
		['npm v2', 'npm-v2/basic', (name) => new RegExp(`"node_modules/(.+/node_modules/)?${name}": \\{`)],
		['npm v3', 'npm-v3/basic', (name) => new RegExp(`"node_modules/(.+/node_modules/)?${name}": \\{`)],
		['yarn v1', 'yarn-v1/basic', (name) => new RegExp(`^"?${name}@`)],
		['yarn berry', 'yarn-berry/basic', (name) => new RegExp(`^"?${name}@`)],
		['pnpm 5', 'pnpm-5/basic', (name) => new RegExp(`^  /${name}/`)],
		['pnpm 6', 'pnpm-6/basic', (name) => new RegExp(`^  /${name}@`)],
		['pnpm 9', 'pnpm-9/basic', (name) => new RegExp(`^  '?${name}@`)],
		['bun', 'bun/basic', (name) => new RegExp(`^\\s*"(.+/)?${name}": \\["`)],
		['poetry', 'poetry/v2', (name) => new RegExp(`^\\[\\[package\\]\\] name = "${name}"`, 'i')],
		['uv', 'uv/project', (name) => new RegExp(`^\\[\\[package\\]\\] name = "${name}"`, 'i')],
		['pdm', 'pdm/project', (name) => new RegExp(`^\\[\\[package\\]\\] name = "${name}"`, 'i')],
		['pylock', 'pylock/project', (name) => new RegExp(`^\\[\\[packages\\]\\] name = "${name}"`, 'i')],
		['Pipfile.lock', 'pipfile/project', (name) => new RegExp(`^\\s*"${name}": \\{`, 'i')],
		['Cargo.lock', 'cargo/v3-virtual', (name) => new RegExp(`^\\[\\[package\\]\\] name = "${name}"`)],
	];
	for (const [label, fixture, pattern] of cases) {
		test(label, () => {
			const directory = fixturePath('lockfiles', ...fixture.split('/'));
			const graph = loadProject({directory});
			const lines = entryLines(directory);
			const registry = [...graph.packages.values()].filter((node) => node.source === undefined);
			assert.ok(registry.length > 5, 'a real lockfile');
			for (const node of registry) {
				const text = lines.get(node.id);
				assert.ok(text !== undefined, `${node.id} has a line`);
				// An aliased package starts at whichever of its entries came first (`string-width-cjs`).
				const names = [node.name, ...(node.aliases ?? [])].map((each) =>
					escapeRegExp(each).replaceAll(node.ecosystem === 'pypi' ? '-' : '\u0000', '[-_.]'),
				);
				const name = `(?:${names.join('|')})`;
				assert.match(text, pattern(name), `${node.id} → ${text}`);
			}
		});
	}

	test('merging two lockfiles keeps each one its own line', () => {
		const graph = loadProject({
			directory: fixturePath('lockfiles', 'npm-v3', 'basic'),
			files: [
				fixturePath('lockfiles', 'npm-v3', 'basic', 'package-lock.json'),
				fixturePath('lockfiles', 'pnpm-9', 'basic', 'pnpm-lock.yaml'),
			],
		});
		const express = [...graph.packages.values()].find((node) => node.name === 'express')!;
		assert.equal(Object.keys(express.lines ?? {}).length, 2);
	});
});

describe('line helpers', () => {
	test('jsonKeyLines follows nesting by indentation, and gives nothing for a one-line file', () => {
		const text =
			'{\n  "packages": {\n    "": {\n      "name": "x"\n    },\n    "node_modules/a": {\n      "version": "1"\n    }\n  }\n}\n';
		const lines = jsonKeyLines(text);
		assert.equal(lines.get(jsonPath('packages', 'node_modules/a')), 6);
		assert.equal(lines.get(jsonPath('packages', '')), 3);
		assert.equal(lines.get(jsonPath('packages', '', 'name')), undefined, 'scalar members are not entries');
		const escaped = jsonKeyLines('{\n  "a\\"b": {\n    "c": [1]\n  }\n}\n');
		assert.equal(escaped.get(jsonPath('a"b', 'c')), 3);
		assert.equal(jsonKeyLines(JSON.stringify(JSON.parse(text))).size, 0);
	});

	test("jsonMemberLines gives the lines jsonKeyLines gives for one object's members, keyed by member", () => {
		for (const fixture of ['npm-v2/basic', 'npm-v3/basic', 'bun/basic']) {
			const directory = fixturePath('lockfiles', ...fixture.split('/'));
			const file = fixture.startsWith('bun') ? 'bun.lock' : 'package-lock.json';
			const text = readFileSync(path.join(directory, file), 'utf8');
			const expected = new Map<string, number>();
			for (const [key, line] of jsonKeyLines(text)) {
				const parts = key.split('\u0000');
				if (parts.length === 2 && parts[0] === 'packages') expected.set(parts[1]!, line);
			}

			assert.ok(expected.size > 5, fixture);
			assert.deepEqual(jsonMemberLines(text, 'packages'), expected, fixture);
		}

		const text =
			'{\n  "name": "x",\n  "meta": {\n    "packages": {\n      "no": {}\n    }\n  },\n  "packages": {\n' +
			'    "": {\n      "dependencies": {\n        "deep": "1"\n      }\n    },\n    "scalar": "1",\n' +
			'    "a\\"b": [\n      1\n    ],\n\n    "node_modules/c": {},\n    "node_modules/c": {\n    }\n  },\n' +
			'  "after": {\n    "z": {}\n  }\n}\n';
		assert.deepEqual(
			[...jsonMemberLines(text, 'packages')],
			[
				['', 9],
				['a"b', 15],
				['node_modules/c', 19],
			],
			'members only (not a nested "packages", deeper keys, scalars or keys after it); a repeated key keeps its first line',
		);
		assert.equal(jsonMemberLines(JSON.stringify(JSON.parse(text)), 'packages').size, 0, 'one line: none');
		assert.equal(jsonMemberLines(text, 'missing').size, 0);
	});

	test('arrayTableLines finds [[package]] headers, comments allowed', () => {
		assert.deepEqual(
			arrayTableLines('[[package]]\nname = "a"\n\n [[ package ]] # b\nname = "b"\n[[packages]]\n', 'package'),
			[1, 4],
		);
	});
});

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
