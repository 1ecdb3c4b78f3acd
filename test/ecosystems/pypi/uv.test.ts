import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readUvLock} from '../../../source/ecosystems/pypi/lockfiles/uv.js';
import {fixtureReader, flags, lockfileError, textReader} from '../../helpers/lockfile-fixtures.js';

const read = fixtureReader(readUvLock, 'uv', 'uv.lock');
const readText = textReader(readUvLock, 'uv', 'uv.lock', 'project');

test('project: the editable "." package is the root, not a package', () => {
	const lock = read('project');
	assert.equal(lock.format, 'uv');
	assert.equal(lock.ecosystem, 'pypi');
	assert.deepEqual(lock.warnings, []);
	assert.equal(lock.packages.length, 33);
	assert.equal(lock.byId.has('pypi:shop-api@0.1.0'), false);
	assert.equal(lock.roots.length, 1);
	const root = lock.root();
	assert.equal(root.name, 'shop-api');
	assert.equal(root.id, 'root:lockfiles/uv/project/uv.lock');
	assert.deepEqual([...root.dependencies].sort(), [
		'pypi:black@24.10.0',
		'pypi:django@4.2.16',
		'pypi:flask@3.1.0',
		'pypi:numpy@2.0.2',
		'pypi:numpy@2.2.0',
		'pypi:pytest@8.3.4',
		'pypi:requests@2.32.3',
	]);
});

test('project: dev groups are dev edges, the extra is optional', () => {
	const lock = read('project');
	assert.equal(flags(lock, 'pypi:pytest@8.3.4'), 'direct,dev');
	assert.equal(flags(lock, 'pypi:black@24.10.0'), 'direct,dev');
	assert.equal(flags(lock, 'pypi:pathspec@0.12.1'), 'dev');
	assert.equal(flags(lock, 'pypi:click@8.1.7'), '');
	assert.equal(flags(lock, 'pypi:requests@2.32.3'), 'direct');
	// The project's "socks" extra asks for requests[socks]: PySocks is only there through that extra.
	assert.ok(lock.pkg('pypi:requests@2.32.3').dependencies.includes('pypi:pysocks@1.7.1'));
	assert.equal(flags(lock, 'pypi:pysocks@1.7.1'), 'optional');
});

test('project: numpy locked twice (resolution markers); version in the dependency entry picks one', () => {
	const lock = read('project');
	assert.equal(lock.pkg('pypi:numpy@2.0.2').direct, true);
	assert.equal(lock.pkg('pypi:numpy@2.2.0').direct, true);
	assert.deepEqual(lock.pkg('pypi:flask@3.1.0').dependencies, [
		'pypi:blinker@1.9.0',
		'pypi:click@8.1.7',
		'pypi:importlib-metadata@8.5.0',
		'pypi:itsdangerous@2.2.0',
		'pypi:jinja2@3.1.4',
		'pypi:werkzeug@3.1.3',
	]);
});

test('workspace: members are roots, a member depended on is a workspace package', () => {
	const lock = read('workspace');
	assert.deepEqual(lock.warnings, []);
	assert.deepEqual(
		lock.roots.map((root) => [root.name, root.workspace]),
		[
			['api', 'packages/api'],
			['core', 'packages/core'],
			['monorepo', '.'],
		],
	);
	assert.deepEqual(lock.root('packages/api').dependencies, [
		'pypi:core@0.1.0',
		'pypi:fastapi@0.115.6',
		'pypi:httpx@0.28.1',
		'pypi:legacy-billing@1.2.0',
	]);
	assert.deepEqual(lock.root('packages/core').dependencies, [
		'pypi:pydantic@2.10.3',
		'pypi:tzdata-lite@2024.2',
	]);
	assert.deepEqual(lock.root().dependencies, ['pypi:api@0.1.0', 'pypi:pytest@8.3.4']);
	assert.equal(lock.pkg('pypi:core@0.1.0').source, 'workspace');
	assert.deepEqual(lock.pkg('pypi:core@0.1.0').dependencies, [
		'pypi:pydantic@2.10.3',
		'pypi:tzdata-lite@2024.2',
	]);
	assert.equal(lock.pkg('pypi:api@0.1.0').source, 'workspace');
	assert.equal(lock.byId.has('pypi:monorepo@0.0.0'), false);
});

test('workspace: git, url and directory sources are not registry packages', () => {
	const lock = read('workspace');
	assert.equal(lock.pkg('pypi:httpx@0.28.1').source, 'git');
	assert.equal(lock.pkg('pypi:tzdata-lite@2024.2').source, 'url');
	assert.equal(lock.pkg('pypi:legacy-billing@1.2.0').source, 'file');
	assert.equal(lock.pkg('pypi:fastapi@0.115.6').source, undefined);
	assert.deepEqual(lock.pkg('pypi:httpx@0.28.1').dependencies, [
		'pypi:anyio@4.7.0',
		'pypi:certifi@2024.8.30',
		'pypi:httpcore@1.0.7',
		'pypi:idna@3.10',
	]);
});

test('same name and version from two sources: the source in the dependency entry picks one', () => {
	const lock = readText(
		[
			'version = 1',
			'revision = 3',
			'requires-python = ">=3.12"',
			'',
			'[[package]]',
			'name = "app"',
			'version = "0.1.0"',
			'source = { virtual = "." }',
			'dependencies = [',
			'    { name = "six", version = "1.16.0", source = { registry = "https://pypi.org/simple" }, marker = "sys_platform == \'linux\'" },',
			'    { name = "six", version = "1.17.0", source = { git = "https://github.com/benjaminp/six?rev=abc#abc" }, marker = "sys_platform != \'linux\'" },',
			']',
			'',
			'[[package]]',
			'name = "six"',
			'version = "1.16.0"',
			'source = { registry = "https://pypi.org/simple" }',
			'',
			'[[package]]',
			'name = "six"',
			'version = "1.17.0"',
			'source = { git = "https://github.com/benjaminp/six?rev=abc#abc" }',
		].join('\n'),
	);
	assert.deepEqual(lock.root().dependencies, ['pypi:six@1.16.0', 'pypi:six@1.17.0']);
	assert.equal(lock.pkg('pypi:six@1.17.0').source, 'git');
	assert.equal(lock.root().name, 'app');
});

test('no project entry: a warning, and packages nothing depends on are direct', () => {
	const lock = read('no-project');
	assert.deepEqual([...lock.root().dependencies].sort(), ['pypi:requests@2.32.3', 'pypi:rich@13.9.4']);
	assert.equal(lock.root().name, 'no-project');
	assert.deepEqual(lock.warnings, [
		'lockfiles/uv/no-project/uv.lock: no project entry (source editable/virtual "."); packages nothing depends on are direct',
	]);
});

test('missing fields: entries without name or version skipped, dangling edges warned', () => {
	const lock = read('missing-fields');
	assert.deepEqual(
		lock.packages.map((node) => node.id),
		['pypi:requests@2.32.3', 'pypi:idna@3.10'],
	);
	const file = 'lockfiles/uv/missing-fields/uv.lock';
	assert.deepEqual(lock.warnings, [
		`${file}: [[package]] certifi has no version; skipped`,
		`${file}: [[package]] #4 has no name; skipped`,
		`${file}: requests depends on certifi, which is not in the lockfile`,
		`${file}: app depends on rich, which is not in the lockfile`,
	]);
});

test('a newer revision is read with a warning; a newer version is an error', () => {
	const lock = readText('version = 1\nrevision = 9\n');
	assert.deepEqual(lock.warnings.slice(0, 1), [
		'uv.lock: uv.lock revision 9 is newer than this reader knows; read anyway',
	]);
	const error = lockfileError(() => read('unknown-version'));
	assert.equal(error.message, 'unsupported uv.lock version 2 (supported: 1)');
	assert.equal(error.line, 1);
	assert.equal(
		lockfileError(() => readText('[[package]]\nname = "x"\n')).message,
		'not a uv.lock: no top-level version (expected version = 1)',
	);
});

test('malformed and empty files are errors', () => {
	const malformed = lockfileError(() => read('malformed'));
	assert.match(malformed.message, /^invalid TOML: /);
	assert.equal(malformed.line, 38);
	assert.equal(lockfileError(() => read('empty')).message, 'file is empty');
});

test("upload-time: a package's earliest file upload, when uv recorded it (revision 2+); none, no time", () => {
	const lock = read('project');
	assert.equal(lock.pkg('pypi:asgiref@3.8.1').published, '2024-03-22T14:39:36.863Z');
	const entry = (files: string) =>
		`version = 1\nrequires-python = ">=3.9"\n\n[[package]]\nname = "idna"\nversion = "3.10"\nsource = { registry = "https://pypi.org/simple" }\n${files}`;
	// A wheel uploaded before the sdist: the earliest counts; an unreadable time is no time.
	const mixed = readText(
		entry(
			'sdist = { url = "https://x/idna-3.10.tar.gz", upload-time = "2024-09-15T18:07:39.745Z" }\nwheels = [\n    { url = "https://x/idna-3.10-py3-none-any.whl", upload-time = "2024-09-15T18:05:00Z" },\n    { url = "https://x/idna-3.10-py2-none-any.whl", upload-time = "yesterday" },\n]\n',
		),
	);
	assert.equal(mixed.pkg('pypi:idna@3.10').published, '2024-09-15T18:05:00.000Z');
	const none = readText(entry('sdist = { url = "https://x/idna-3.10.tar.gz", size = 1 }\n'));
	assert.equal(none.pkg('pypi:idna@3.10').published, undefined);
	assert.equal(
		readText(entry('sdist = { url = "https://x/i.tar.gz", upload-time = 7 }\n')).pkg('pypi:idna@3.10')
			.published,
		undefined,
	);
});

test('upload-time: the newest file, uploaded more than a day after the first, is a file added later', () => {
	const entry = (files: string) =>
		`version = 1\nrevision = 3\nrequires-python = ">=3.9"\n\n[[package]]\nname = "lateship"\nversion = "1.5.0"\nsource = { registry = "https://pypi.org/simple" }\n${files}`;
	const late = readText(
		entry(
			'sdist = { url = "https://files.pythonhosted.org/packages/ab/lateship-1.5.0.tar.gz", upload-time = "2024-01-10T09:00:00Z" }\nwheels = [\n    { url = "https://files.pythonhosted.org/packages/cd/lateship-1.5.0-py3-none-any.whl", upload-time = "2024-01-10T09:20:00Z" },\n    { url = "https://files.pythonhosted.org/packages/ef/lateship-1.5.0-cp313-cp313-manylinux_2_17_x86_64.whl#sha256=00", upload-time = "2026-11-30T06:00:00Z" },\n    { url = "https://files.pythonhosted.org/packages/gh/lateship-1.5.0-cp312-cp312-win_amd64.whl", upload-time = "2025-06-01T00:00:00Z" },\n]\n',
		),
	).pkg('pypi:lateship@1.5.0');
	assert.equal(late.published, '2024-01-10T09:00:00.000Z');
	assert.deepEqual(late.lateFile, {
		filename: 'lateship-1.5.0-cp313-cp313-manylinux_2_17_x86_64.whl',
		uploaded: '2026-11-30T06:00:00.000Z',
	});
	// A CI matrix uploading its wheels over hours is one release; so is a single file.
	const matrix = readText(
		entry(
			'sdist = { url = "https://x/lateship-1.5.0.tar.gz", upload-time = "2024-01-10T09:00:00Z" }\nwheels = [{ url = "https://x/lateship-1.5.0-py3-none-any.whl", upload-time = "2024-01-11T08:59:00Z" }]\n',
		),
	).pkg('pypi:lateship@1.5.0');
	assert.equal(matrix.lateFile, undefined);
	const single = readText(
		entry('sdist = { url = "https://x/lateship-1.5.0.tar.gz", upload-time = "2024-01-10T09:00:00Z" }\n'),
	);
	assert.equal(single.pkg('pypi:lateship@1.5.0').lateFile, undefined);
	// A late file with no name to give (no url, no path) is not reported: the release's time still counts.
	const nameless = readText(
		entry(
			'sdist = { url = "https://x/lateship-1.5.0.tar.gz", upload-time = "2024-01-10T09:00:00Z" }\nwheels = [{ upload-time = "2026-11-30T06:00:00Z" }]\n',
		),
	).pkg('pypi:lateship@1.5.0');
	assert.equal(nameless.published, '2024-01-10T09:00:00.000Z');
	assert.equal(nameless.lateFile, undefined);
});

test('a uv.lock of no packages (uv in a folder without a [project] table) says just that', () => {
	const lock = readText('version = 1\nrevision = 3\nrequires-python = ">=3.11"\n');
	assert.equal(lock.packages.length, 0);
	assert.deepEqual(lock.warnings, ['uv.lock: lists no packages']);
});

test("a PEP 723 script's lock (app.py.lock): the script is the root, its [manifest] requirements its edges", () => {
	const lock = read('script', 'app.py.lock');
	assert.deepEqual(lock.warnings, []);
	const root = lock.root();
	assert.equal(root.name, 'app.py');
	assert.deepEqual(root.dependencies, ['pypi:numpy@2.3.5', 'pypi:openai@3.3.0', 'pypi:sounddevice@0.5.3']);
	const openai = lock.pkg('pypi:openai@3.3.0');
	assert.equal(openai.source, 'file');
	// `extras = ["realtime"]` on the requirement pulls in the extra's dependencies.
	assert.deepEqual(openai.dependencies, ['pypi:anyio@4.12.0', 'pypi:websockets@15.0.1']);
	assert.equal(lock.pkg('pypi:idna@3.11').direct, false);
});

test('a virtual workspace root: [manifest.dependency-groups] are dev edges of the project folder', () => {
	const lock = readText(
		[
			'version = 1',
			'revision = 3',
			'requires-python = ">=3.12"',
			'',
			'[manifest]',
			'members = ["lib"]',
			'',
			'[manifest.dependency-groups]',
			'dev = [',
			'    { name = "anyio", marker = "python_full_version >= \'3.11\'", specifier = ">3" },',
			'    { name = "left-out", marker = "sys_platform == \'win32\'" },',
			']',
			'',
			'[[package]]',
			'name = "anyio"',
			'version = "4.3.0"',
			'source = { registry = "https://pypi.org/simple" }',
			'',
			'[[package]]',
			'name = "lib"',
			'version = "0.1.0"',
			'source = { editable = "lib" }',
			'',
		].join('\n'),
		'empty',
	);
	assert.deepEqual(lock.warnings, []);
	const projectRoot = lock.roots.find((root) => root.workspace === '.');
	assert.ok(projectRoot, lock.roots.map((root) => root.id).join(', '));
	assert.deepEqual(projectRoot.dependencies, ['pypi:anyio@4.3.0']);
	assert.ok(lock.roots.some((root) => root.name === 'lib'));
});
