import assert from 'node:assert/strict';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {readFastYaml} from '../../../source/ecosystems/npm/lockfiles/yaml-fast.js';
import {
	documentLocator,
	entryLine,
	parseYamlDocuments,
	parseYamlDocumentsByDocument,
} from '../../../source/ecosystems/npm/lockfiles/yarn-yaml.js';
import {isRecord} from '../../../source/util/records.js';
import {fixturePath} from '../../helpers/paths.js';

/** Every pnpm-lock.yaml and yarn berry yarn.lock among the fixtures. */
function yamlLockfiles(): string[] {
	const found: string[] = [];
	const walk = (folder: string) => {
		for (const name of readdirSync(folder)) {
			const full = path.join(folder, name);
			if (statSync(full).isDirectory()) walk(full);
			else if (
				name === 'pnpm-lock.yaml' ||
				(name === 'yarn.lock' && readFileSync(full, 'utf8').includes('__metadata'))
			)
				found.push(full);
		}
	};
	walk(fixturePath('lockfiles'));
	return found;
}

test('the fast read gives every fixture the values and entry lines the Document gives, or leaves it to the Document', () => {
	let fast = 0;
	let accepted = 0;
	const files = yamlLockfiles();
	assert.ok(files.length >= 20, `${files.length} YAML lockfiles`);
	for (const file of files) {
		const text = readFileSync(file, 'utf8');
		let careful: Array<Record<string, unknown>>;
		try {
			careful = parseYamlDocumentsByDocument(file, text);
		} catch {
			assert.equal(
				readFastYaml(text),
				null,
				`${file}: what the Document refuses, the fast read leaves to it`,
			);
			continue;
		}

		accepted += 1;
		if (!readFastYaml(text)) continue;
		fast += 1;
		const [quick] = parseYamlDocuments(file, text);
		assert.deepEqual(quick, careful[0], file);
		for (const [key, inner] of Object.entries(careful[0]!)) {
			assert.equal(entryLine(quick!, key), entryLine(careful[0]!, key), `${file}: line of ${key}`);
			if (!isRecord(inner)) continue;
			for (const child of Object.keys(inner))
				assert.equal(
					entryLine(quick!, key, child),
					entryLine(careful[0]!, key, child),
					`${file}: line of ${key} › ${child}`,
				);
		}
	}

	// Only pnpm 11's two-document file is left to the Document among those it reads.
	assert.equal(fast, accepted - 1, `${fast} of ${accepted} read the fast way`);
});

test('what the fast read leaves to the Document: anchors, several documents, tabs, keys twice, BOMs; block scalars it reads', () => {
	const plain =
		"lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: {}\npackages:\n  a@1.0.0:\n    resolution: {integrity: sha512-x}\n";
	assert.ok(readFastYaml(plain), 'the plain shape is read');
	assert.deepEqual(
		[...readFastYaml(plain)!.lines],
		[
			['lockfileVersion', 1],
			['importers', 2],
			['importers\u0000.', 3],
			['packages', 5],
			['packages\u0000a@1.0.0', 6],
		],
	);
	for (const [what, text] of [
		['an anchor and an alias', 'a: &x [1]\nb: *x\n'],
		['a second document', 'a: 1\n---\nb: 2\n'],
		['a leading document marker', '---\na: 1\n'],
		['a tab for indentation', 'a:\n\tb: 1\n'],
		['a key twice', 'a: 1\na: 2\n'],
		['a key twice, deep', 'a:\n  b:\n    c: 1\n    c: 2\n'],
		['a byte-order mark', '\uFEFFa: 1\n'],
		['an explicit key', '? a\n: 1\n'],
		['a flow mapping over lines', 'a: {b: 1,\n  c: 2}\n'],
		['not a mapping', '- a\n- b\n'],
		['broken YAML', 'a: [1\n'],
	] as const)
		assert.equal(readFastYaml(text), null, what);
	// A block scalar's lines are not keys: skipped, as a sequence's are.
	assert.deepEqual(readFastYaml('a: |\n  b: 1\nc:\n  - d: 1\ne: 2\n'), {
		value: {a: 'b: 1\n', c: [{d: '1'}], e: '2'},
		lines: new Map([
			['a', 1],
			['c', 3],
			['e', 5],
		]),
	});
	// Quoted keys, with their escapes; CRLF line ends; comments and blank lines between.
	const quoted = readFastYaml(
		"# generated\r\n'@scope/a@1.0.0':\r\n  version: 1.0.0\r\n\r\n\"b@npm:^1, b@npm:^1.1\":\r\n  version: 1.1.0\r\n'it''s@1':\r\n  version: 1\r\n",
	);
	assert.ok(quoted);
	assert.deepEqual(
		[...quoted.lines].filter(([key]) => !key.includes('\u0000')),
		[
			['@scope/a@1.0.0', 2],
			['b@npm:^1, b@npm:^1.1', 5],
			["it's@1", 7],
		],
	);
});

test('a wrong-typed field of a document read the fast way still gets its line (the Document is parsed then)', () => {
	const text = "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution:\n      integrity: [1, 2]\n";
	const [value] = parseYamlDocuments('pnpm-lock.yaml', text);
	assert.ok(readFastYaml(text), 'read the fast way');
	assert.equal(documentLocator(value!)(['packages', 'a@1.0.0', 'resolution', 'integrity']), 5);
});
