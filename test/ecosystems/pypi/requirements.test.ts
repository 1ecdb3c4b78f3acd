import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {readRequirements} from '../../../source/ecosystems/pypi/lockfiles/requirements.js';
import {loadProject} from '../../../source/lockfiles/index.js';
import {fixtureReader, lockfileError, textReader} from '../../helpers/lockfile-fixtures.js';

const read = fixtureReader(readRequirements, 'requirements', 'requirements.txt');
/** Reads literal text as if it were requirements.txt in a fixture folder (its includes are read from there). */
const readText = textReader(readRequirements, 'requirements', 'requirements.txt', 'pip-compile');

test('pip-compile --generate-hashes: every pin, hashes and continuations skipped', () => {
	const lock = read('pip-compile');
	assert.equal(lock.format, 'requirements');
	assert.equal(lock.ecosystem, 'pypi');
	assert.deepEqual(lock.warnings, []);
	assert.equal(lock.packages.length, 25);
	assert.equal(lock.pkg('pypi:charset-normalizer@3.4.0').version, '3.4.0');
	// `requests[socks]==2.32.3` is the package requests; the extra is not part of the name.
	assert.equal(lock.pkg('pypi:requests@2.32.3').name, 'requests');
	assert.ok(lock.packages.every((node) => node.source === undefined));
});

test('pip-compile: "# via -r requirements.in" are the root edges, the rest are edges from their parents', () => {
	const lock = read('pip-compile');
	const root = lock.root();
	assert.equal(root.name, 'pip-compile');
	assert.deepEqual([...root.dependencies].sort(), [
		'pypi:black@24.10.0',
		'pypi:django@5.1.3',
		'pypi:flask@3.1.0',
		'pypi:numpy@2.1.3',
		'pypi:pytest@8.3.3',
		'pypi:requests@2.32.3',
	]);
	assert.deepEqual(lock.pkg('pypi:requests@2.32.3').dependencies.sort(), [
		'pypi:certifi@2024.8.30',
		'pypi:charset-normalizer@3.4.0',
		'pypi:idna@3.10',
		'pypi:pysocks@1.7.1',
		'pypi:urllib3@2.2.3',
	]);
	// Multi-line `# via` lists: click is needed by black and flask, markupsafe by jinja2 and werkzeug.
	assert.ok(lock.pkg('pypi:black@24.10.0').dependencies.includes('pypi:click@8.1.7'));
	assert.ok(lock.pkg('pypi:flask@3.1.0').dependencies.includes('pypi:click@8.1.7'));
	assert.deepEqual(lock.pkg('pypi:jinja2@3.1.4').dependencies, ['pypi:markupsafe@3.0.2']);
	assert.deepEqual(lock.pkg('pypi:werkzeug@3.1.3').dependencies, ['pypi:markupsafe@3.0.2']);
	assert.equal(lock.pkg('pypi:click@8.1.7').direct, false);
	assert.equal(lock.pkg('pypi:flask@3.1.0').direct, true);
	assert.deepEqual(lock.pkg('pypi:django@5.1.3').dependencies.sort(), [
		'pypi:asgiref@3.8.1',
		'pypi:sqlparse@0.5.2',
	]);
});

test('old pip-tools: inline "# via a, b, c" comments', () => {
	const lock = read('legacy');
	assert.deepEqual(lock.warnings, []);
	assert.deepEqual([...lock.root().dependencies].sort(), [
		'pypi:bleach@3.2.1',
		'pypi:flask@1.1.2',
		'pypi:python-dateutil@2.8.1',
		'pypi:requests@2.24.0',
	]);
	for (const parent of ['pypi:bleach@3.2.1', 'pypi:packaging@20.4', 'pypi:python-dateutil@2.8.1']) {
		assert.ok(lock.pkg(parent).dependencies.includes('pypi:six@1.15.0'), parent);
	}

	assert.deepEqual(lock.pkg('pypi:packaging@20.4').dependencies.sort(), [
		'pypi:pyparsing@2.4.7',
		'pypi:six@1.15.0',
	]);
});

test('-r and -c includes are read relative to the file that names them; the include cycle is cut', () => {
	const lock = read('includes');
	const ids = lock.packages.map((node) => node.id).sort();
	assert.deepEqual(ids, [
		'pypi:black@24.10.0',
		'pypi:certifi@2024.8.30',
		'pypi:colorama@unknown',
		'pypi:django-debug-toolbar@4.4.6',
		'pypi:django@5.1.3',
		'pypi:flask@3.0.3',
		'pypi:legacy-pkg@0.9',
		'pypi:my-utils@unknown',
		'pypi:mylib@unknown',
		'pypi:numpy@1.24.4',
		'pypi:numpy@2.1.3',
		'pypi:pytest@8.3.3',
		'pypi:requests@v2.32.3',
		'pypi:typing-extensions@4.12.2',
		'pypi:urllib3@2.2.3',
	]);
	// No `# via` anywhere: every package is direct.
	assert.ok(lock.packages.every((node) => node.direct && !node.dev && !node.optional));
	// idna is only in constraints.txt: a constraint does not install anything.
	assert.equal(lock.byId.has('pypi:idna@3.10'), false);
	assert.deepEqual(lock.warnings, [
		'lockfiles/requirements/includes/requirements/common.txt:3: -r base.txt includes itself (cycle); not read again',
	]);
});

test('includes: an unpinned line is a requirement to resolve; a flat file asks for its edges from the registry', () => {
	const lock = read('includes');
	const colorama = lock.pkg('pypi:colorama@unknown');
	assert.equal(colorama.locked, false, 'its version will be chosen by commit-tui');
	assert.equal(lock.pkg('pypi:black@24.10.0').locked, undefined, 'pinned lines are locked');
	const resolution = lock.resolution!;
	assert.deepEqual(
		resolution.requirements.map((requirement) => [
			requirement.name,
			requirement.range,
			requirement.placeholder,
		]),
		[['colorama', '>=0.4', 'pypi:colorama@unknown']],
	);
	assert.match(resolution.requirements[0]!.text, /^colorama>=0\.4 \(.*requirements\.txt:9\)$/);
	// No `# via`: the pinned registry packages' edges are read from the registry; git/file/url ones are not.
	assert.ok(resolution.expand.includes('pypi:pytest@8.3.3'));
	assert.ok(resolution.expand.includes('pypi:urllib3@2.2.3'), 'pinned by the constraints file');
	assert.equal(resolution.expand.includes('pypi:requests@v2.32.3'), false);
	assert.deepEqual(resolution.extras, {'pypi:flask@3.0.3': ['async']});
	assert.equal(resolution.direct, 'unrequired');
	// The unpinned line stays direct whatever requires it.
	assert.deepEqual(resolution.declared, [{from: lock.root().id, to: 'pypi:colorama@unknown', kind: 'prod'}]);
});

test('includes: names are normalised, markers and extras do not change the package, duplicates by marker stay', () => {
	const lock = read('includes');
	assert.equal(lock.pkg('pypi:flask@3.0.3').name, 'flask');
	assert.equal(lock.pkg('pypi:black@24.10.0').name, 'black');
	assert.equal(lock.pkg('pypi:typing-extensions@4.12.2').name, 'typing-extensions');
	assert.ok(lock.byId.has('pypi:numpy@1.24.4') && lock.byId.has('pypi:numpy@2.1.3'));
	// urllib3 is unpinned in requirements.txt but pinned by constraints.txt.
	assert.equal(lock.pkg('pypi:urllib3@2.2.3').source, undefined);
});

test('includes: editable, VCS, URL and path requirements are non-registry packages', () => {
	const lock = read('includes');
	assert.equal(lock.pkg('pypi:requests@v2.32.3').source, 'git');
	assert.equal(lock.pkg('pypi:django-debug-toolbar@4.4.6').source, 'git');
	assert.equal(lock.pkg('pypi:my-utils@unknown').source, 'file');
	assert.equal(lock.pkg('pypi:mylib@unknown').source, 'file');
	assert.equal(lock.pkg('pypi:django@5.1.3').source, 'url');
	assert.equal(lock.pkg('pypi:legacy-pkg@0.9').source, 'file');
});

test('Windows line endings: continuations, hashes and # via still work', () => {
	const lock = read('crlf');
	assert.deepEqual(lock.warnings, []);
	assert.deepEqual(lock.root().dependencies, ['pypi:requests@2.32.3']);
	assert.deepEqual(lock.pkg('pypi:requests@2.32.3').dependencies, [
		'pypi:certifi@2024.8.30',
		'pypi:idna@3.10',
	]);
});

test('unpinned lines are included with an unknown version, to be resolved; never a made-up version', () => {
	const lock = read('unpinned-only');
	assert.deepEqual(
		lock.packages.map((node) => [node.id, node.locked, node.direct]),
		[
			['pypi:requests@unknown', false, true],
			['pypi:flask@unknown', false, true],
		],
	);
	assert.deepEqual(lock.warnings, []);
	assert.deepEqual(
		lock.resolution?.requirements.map((requirement) => requirement.text),
		[
			'requests>=2.31 (lockfiles/requirements/unpinned-only/requirements.txt:1)',
			'flask (lockfiles/requirements/unpinned-only/requirements.txt:2)',
		],
	);
	assert.deepEqual(lock.resolution?.expand, [], 'nothing pinned: nothing to expand');
	assert.equal(lock.resolved, true, 'nothing pinned at all: "resolved, no lockfile"');
	assert.equal(read('includes').resolved, undefined);
	assert.deepEqual(
		lock.resolution?.declared?.map((edge) => edge.to),
		['pypi:requests@unknown', 'pypi:flask@unknown'],
		'declared lines stay direct',
	);
});

test('a missing -r file is an error naming the file, the include and the line', () => {
	const error = lockfileError(() => read('missing-include'));
	assert.equal(error.file, 'lockfiles/requirements/missing-include/requirements.txt');
	assert.equal(error.line, 3);
	assert.equal(error.message, '-r extra/dev.txt: included file not found');
});

test('an empty file is no packages, as a file of comments is (pip installs nothing from either)', () => {
	const empty = read('empty');
	assert.deepEqual(empty.packages, []);
	assert.deepEqual(empty.warnings, []);
	assert.deepEqual(readText('# pinned by hand\n\n').packages, []);
});

test('a # via cycle that nothing else leads into still hangs off the root', () => {
	const lock = readText('a==1.0\n    # via b\nb==2.0\n    # via a\n');
	assert.deepEqual(lock.pkg('pypi:a@1.0').dependencies, ['pypi:b@2.0']);
	assert.deepEqual(lock.pkg('pypi:b@2.0').dependencies, ['pypi:a@1.0']);
	assert.deepEqual(lock.root().dependencies, ['pypi:a@1.0']);
	assert.ok(lock.pkg('pypi:b@2.0').direct === false);
});

test('a # via parent missing from the file is a warning and the package becomes direct', () => {
	const lock = readText('idna==3.10\n    # via requests\n');
	assert.deepEqual(lock.root().dependencies, ['pypi:idna@3.10']);
	assert.deepEqual(lock.warnings, [
		'requirements.txt: idna is required via requests, which is not in the file',
	]);
});

test('options, comments, option-only lines and unreadable lines', () => {
	const lock = readText(
		[
			'--index-url https://pypi.org/simple',
			'-i https://mirror.example.com/simple',
			'--require-hashes',
			'--no-binary :all:',
			'',
			'   # an indented comment',
			'six==1.16.0   # pinned for py2 code',
			'-r https://example.com/requirements.txt',
			'requests ~~ 2',
			'-e .',
		].join('\n'),
	);
	assert.deepEqual(
		lock.packages.map((node) => node.id),
		['pypi:six@1.16.0', 'pypi:pip-compile@unknown'],
	);
	assert.equal(lock.pkg('pypi:pip-compile@unknown').source, 'file');
	assert.deepEqual(lock.warnings, [
		'requirements.txt:8: -r https://example.com/requirements.txt: remote requirement files are not read',
		'requirements.txt:9: cannot read requirement "requests ~~ 2"; left out of the graph',
	]);
});

test("rye's requirements.lock: `-e file:.` is the project under its pyproject name and version, and `# via` it links to it", () => {
	const lock = read('rye', 'requirements.lock');
	assert.deepEqual(lock.warnings, []);
	const project = lock.pkg('pypi:openai@1.35.3');
	assert.equal(project.source, 'file');
	assert.deepEqual(project.dependencies, [
		'pypi:anyio@4.1.0',
		'pypi:distro@1.8.0',
		'pypi:httpx@0.25.2',
		'pypi:pydantic@2.7.1',
		'pypi:sniffio@1.3.0',
		'pypi:typing-extensions@4.8.0',
	]);
	assert.deepEqual(lock.root().dependencies, ['pypi:openai@1.35.3']);
	assert.deepEqual(lock.pkg('pypi:pydantic@2.7.1').dependencies, [
		'pypi:annotated-types@0.6.0',
		'pypi:pydantic-core@2.18.2',
		'pypi:typing-extensions@4.8.0',
	]);
});

test('rye: `-e file:tools` is named by tools/pyproject.toml (sdk_devtools), not by its folder or as "file:tools"', () => {
	const lock = read('rye', 'requirements-dev.lock');
	assert.deepEqual(lock.warnings, []);
	const devtools = lock.pkg('pypi:sdk-devtools@1.0.0');
	assert.equal(devtools.source, 'file');
	assert.deepEqual(devtools.dependencies, ['pypi:pytest@8.0.2']);
	assert.ok(!lock.packages.some((node) => node.name.includes('file:') || node.name === 'tools'));
});

test('a local folder without a pyproject.toml is named by the folder; `#egg=` still wins over both', () => {
	// The version is the folder's pyproject.toml's (tools: 1.0.0) whatever the egg says; without one, unknown.
	const lock = readText('-e file:tools#egg=other-name\n-e file:libs/helpers\n', 'rye');
	assert.deepEqual(
		lock.packages.map((node) => node.id),
		['pypi:other-name@1.0.0', 'pypi:helpers@unknown'],
	);
});

test("a local folder's version: static from [project] or poetry; a dynamic one is unknown", () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'commit-tui-local-'));
	const write = (name: string, text: string) => {
		mkdirSync(path.join(folder, name), {recursive: true});
		writeFileSync(path.join(folder, name, 'pyproject.toml'), text);
	};
	write('static', '[project]\nname = "static-pkg"\nversion = "0.3.0"\n');
	write('poetry', '[tool.poetry]\nname = "poetry-pkg"\nversion = "2.1.0"\n');
	write('dynamic', '[project]\nname = "dynamic-pkg"\nversion = "9.9.9"\ndynamic = ["version"]\n');
	writeFileSync(path.join(folder, 'requirements.txt'), '-e ./static\n./poetry\n-e ./dynamic\n');
	const graph = loadProject({directory: folder});
	assert.deepEqual([...graph.packages.keys()].sort(), [
		'pypi:dynamic-pkg@unknown',
		'pypi:poetry-pkg@2.1.0',
		'pypi:static-pkg@0.3.0',
	]);
});

test('`name @ URL` to an archive keeps its PEP 508 name (as pip reads it); a bare archive path is named by its file', () => {
	const lock = readText(
		[
			'mypkg @ https://example.com/dl/archive.tar.gz',
			'otherpkg @ https://github.com/o/r/archive/refs/heads/main.zip',
			'pkg @ https://example.com/pkg-1.0-py3-none-any.whl',
			'named @ file:///opt/wheels/other-1.0-py3-none-any.whl',
			'./vendor/legacy_pkg-0.9.tar.gz',
			'',
		].join('\n'),
	);
	assert.equal(lock.pkg('pypi:mypkg@unknown').source, 'url');
	assert.equal(lock.pkg('pypi:otherpkg@unknown').source, 'url');
	assert.equal(lock.pkg('pypi:pkg@1.0').source, 'url');
	assert.equal(lock.pkg('pypi:named@1.0').source, 'file');
	assert.equal(lock.pkg('pypi:legacy-pkg@0.9').source, 'file');
	assert.equal(lock.packages.length, 5);
});

test("a path with [extras] or a `; marker` is its folder, named by its pyproject.toml (uv's editable.txt forms)", () => {
	const lock = read('local-extras');
	assert.deepEqual(lock.warnings, []);
	// Eight spellings of one folder are one package, and a path with a space in it is still one folder.
	assert.deepEqual(
		lock.packages.map((node) => node.id),
		['pypi:my-editable@1.2.3', 'pypi:black-editable@24.1.0'],
	);
	assert.ok(lock.packages.every((node) => node.source === 'file'));
	assert.deepEqual([...lock.root().dependencies].sort(), [
		'pypi:black-editable@24.1.0',
		'pypi:my-editable@1.2.3',
	]);
});

test('a path that names no folder pip could build is a warning, never a package named after the text', () => {
	const lock = readText(
		[
			// An unclosed `[` is not extras (pip strips only a closed `[…]` at the end): there is no folder `editable[d`.
			'-e ./editable[d',
			// A `;` touching the path is part of it, as uv and PEP 508 read it; that folder does not exist either.
			'-e ./editable;python_version >= "3.9"',
			'-e ./editable[dev] ; python_version >= "3.9"',
			'',
		].join('\n'),
		'local-extras',
	);
	assert.deepEqual(
		lock.packages.map((node) => node.id),
		['pypi:my-editable@1.2.3'],
	);
	assert.deepEqual(lock.warnings, [
		'requirements.txt:1: cannot tell the package name of -e ./editable[d; add #egg=name',
		'requirements.txt:2: cannot tell the package name of -e ./editable;python_version >= "3.9"; add #egg=name',
	]);
});

test('a URL keeps its brackets (extras go in #egg=) and loses its `; marker`', () => {
	const lock = readText(
		[
			'git+https://github.com/o/tool.git@v1.2#egg=tool[cli] ; python_version >= "3.9"',
			'https://example.com/dl/pkg-1.0-py3-none-any.whl ; sys_platform == "linux"',
			'',
		].join('\n'),
	);
	assert.deepEqual(lock.warnings, []);
	assert.deepEqual(
		lock.packages.map((node) => [node.id, node.source]),
		[
			['pypi:tool@v1.2', 'git'],
			['pypi:pkg@1.0', 'url'],
		],
	);
});

test('uv pip compile --group: `myproject (pyproject.toml:dev)` is the project requiring it, from a dev group', () => {
	const lock = read('uv-groups');
	assert.deepEqual(lock.warnings, []);
	// anyio is via httpx and via the dev group: a direct dependency, and prod because httpx needs it.
	assert.deepEqual([...lock.root().dependencies].sort(), ['pypi:anyio@3.7.0', 'pypi:httpx@0.27.0']);
	assert.equal(lock.pkg('pypi:anyio@3.7.0').direct, true);
	assert.equal(lock.pkg('pypi:anyio@3.7.0').dev, false);
	assert.deepEqual(lock.pkg('pypi:httpx@0.27.0').dependencies.sort(), [
		'pypi:anyio@3.7.0',
		'pypi:certifi@2024.2.2',
	]);

	const groups = read('uv-groups', 'requirements-groups.txt');
	assert.deepEqual(groups.warnings, []);
	assert.deepEqual(
		groups.packages.map((node) => [node.id, node.direct, node.dev]),
		[
			['pypi:iniconfig@2.0.0', true, true],
			['pypi:sortedcontainers@2.4.0', true, true],
			['pypi:typing-extensions@4.10.0', true, false],
		],
	);
});

test('# via the project in another folder, with or without a group, and via setup.py / setup.cfg', () => {
	const lock = readText(
		[
			'anyio==4.4.0',
			'    # via mysubproject (subdir/pyproject.toml)',
			'iniconfig==2.0.0',
			'    # via mysubproject (packages/mysubproject/pyproject.toml:foo)',
			'pytest==8.3.3',
			'    # via',
			'    #   myproject (../pyproject.toml:foo)',
			'    #   myproject (pyproject.toml)',
			'sniffio==1.3.1',
			'    # via',
			'    #   anyio',
			'    #   dummypkg (setup.cfg)',
			'tqdm==4.66.4',
			'    # via dummypkg (lib\\setup.py)',
			'',
		].join('\n'),
	);
	assert.deepEqual(lock.warnings, []);
	assert.deepEqual(
		lock.packages.map((node) => [node.id, node.direct, node.dev]),
		[
			['pypi:anyio@4.4.0', true, false],
			['pypi:iniconfig@2.0.0', true, true],
			// In a group and in the project's dependencies: prod wins.
			['pypi:pytest@8.3.3', true, false],
			['pypi:sniffio@1.3.1', true, false],
			['pypi:tqdm@4.66.4', true, false],
		],
	);
});
