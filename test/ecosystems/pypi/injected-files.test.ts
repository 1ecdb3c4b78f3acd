import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, test} from 'node:test';
import {parseLockfile} from '../../../source/lockfiles/index.js';
import {inputFor} from '../../helpers/lockfile-fixtures.js';
import {fixturePath} from '../../helpers/paths.js';

function read(file: readonly string[], text?: string) {
	const absolutePath = fixturePath(...file);
	return parseLockfile(inputFor(absolutePath, text ?? readFileSync(absolutePath, 'utf8')));
}

/**
 * uv.lock and pylock.toml: PyPI's index links every file to files.pythonhosted.org, so a package the lockfile says
 * came from PyPI with a file elsewhere (its URL edited with its hash) but on pypi.org itself is marked; an index whose file host is not
 * known (a mirror, the PyTorch index) is not judged.
 */
describe('lockfile injection in uv.lock and pylock.toml (a PyPI package’s file elsewhere)', () => {
	const wheel =
		'https://files.pythonhosted.org/packages/b9/61/90ababc0cb2bd38390d8c007244d167123057124bc12e09992e9a31b/asgiref-3.8.1-py3-none-any.whl';
	const pythonCases: ReadonlyArray<{label: string; file: readonly string[]; id: string; original: string}> = [
		{
			label: 'uv.lock',
			file: ['lockfiles', 'uv', 'project', 'uv.lock'],
			id: 'pypi:asgiref@3.8.1',
			original: wheel,
		},
		{
			label: 'pylock.toml',
			file: ['lockfiles', 'pylock', 'project', 'pylock.toml'],
			id: 'pypi:asgiref@3.8.1',
			original: wheel,
		},
	];
	for (const {label, file, id, original} of pythonCases) {
		test(`${label}: a wheel URL on another host is marked, the fixture as written is not`, () => {
			const text = readFileSync(fixturePath(...file), 'utf8');
			assert.deepEqual(
				read(file).packages.filter((node) => node.foreignTarball),
				[],
				'the fixture as written',
			);
			assert.ok(text.includes(original), `${file.join('/')} no longer has ${original}`);
			const moved = 'https://files.pythonhosted.org.evil.example/asgiref-3.8.1-py3-none-any.whl';
			const marked = read(file, text.replace(original, moved)).packages.filter((node) => node.foreignTarball);
			assert.deepEqual(
				marked.map((node) => [node.id, node.foreignTarball]),
				[[id, {url: moved, usualHost: 'files.pythonhosted.org', index: 'PyPI'}]],
			);
			// Userinfo that spells PyPI's host does not make the URL PyPI's.
			const disguised = 'https://files.pythonhosted.org%2F@evil.example/asgiref-3.8.1-py3-none-any.whl';
			assert.deepEqual(
				read(file, text.replace(original, disguised))
					.packages.filter((node) => node.foreignTarball)
					.map((node) => node.id),
				[id],
			);
		});
	}

	test('uv.lock: an index other than PyPI (a mirror, the PyTorch index) is not judged', () => {
		const file = ['lockfiles', 'uv', 'project', 'uv.lock'];
		const text = readFileSync(fixturePath(...file), 'utf8')
			.replaceAll('registry = "https://pypi.org/simple"', 'registry = "https://download.pytorch.org/whl/cpu"')
			.replace(wheel, 'https://download-r2.pytorch.org/whl/asgiref-3.8.1-py3-none-any.whl');
		assert.deepEqual(
			read(file, text).packages.filter((node) => node.foreignTarball),
			[],
		);
	});

	test("pipenv's pylock.toml: a file on pypi.org itself is PyPI's; a host that only spells it is not", () => {
		const file = ['lockfiles', 'pylock', 'pipenv', 'pylock.toml'];
		const text = readFileSync(fixturePath(...file), 'utf8');
		const lock = read(file);
		assert.equal(lock.packages.length, 4);
		assert.deepEqual(
			lock.packages.filter((node) => node.foreignTarball),
			[],
			'every file of pipenv as written is on https://pypi.org/simple/…',
		);
		const original = 'https://pypi.org/simple/arpeggio/arpeggio-2.0.3-py3-none-any.whl';
		assert.ok(text.includes(original));
		for (const moved of [
			'https://pypi.org.evil.example/simple/arpeggio/arpeggio-2.0.3-py3-none-any.whl',
			'https://test.pypi.org/simple/arpeggio/arpeggio-2.0.3-py3-none-any.whl',
		]) {
			const marked = read(file, text.replace(original, moved)).packages.filter((node) => node.foreignTarball);
			assert.deepEqual(
				marked.map((node) => [node.id, node.foreignTarball]),
				[['pypi:arpeggio@2.0.3', {url: moved, usualHost: 'files.pythonhosted.org', index: 'PyPI'}]],
			);
		}
	});

	test('test.pypi.org: its own host is accepted, pypi.org is another index', () => {
		const file = ['lockfiles', 'pylock', 'pipenv', 'pylock.toml'];
		const text = readFileSync(fixturePath(...file), 'utf8').replaceAll(
			'index = "https://pypi.org/simple/"',
			'index = "https://test.pypi.org/simple/"',
		);
		// pytz lists its wheel twice (two hashes): both move.
		const onTestIndex = text.replaceAll(
			'https://pypi.org/simple/pytz/pytz-2026.1.post1-py3-none-any.whl',
			'https://test.pypi.org/simple/pytz/pytz-2026.1.post1-py3-none-any.whl',
		);
		const marked = read(file, onTestIndex).packages.filter((node) => node.foreignTarball);
		assert.deepEqual(
			marked.map((node) => node.id),
			['pypi:alabaster@1.0.0', 'pypi:arpeggio@2.0.3', 'pypi:atomicwrites@1.4.1'],
		);
	});

	test('test.pypi.org serves from test-files.pythonhosted.org', () => {
		const file = ['lockfiles', 'uv', 'project', 'uv.lock'];
		const text = readFileSync(fixturePath(...file), 'utf8').replaceAll(
			'registry = "https://pypi.org/simple"',
			'registry = "https://test.pypi.org/simple/"',
		);
		const marked = read(file, text).packages.filter((node) => node.foreignTarball);
		assert.ok(marked.length > 0);
		assert.ok(marked.every((node) => node.foreignTarball?.usualHost === 'test-files.pythonhosted.org'));
	});
});
