import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readPylock} from '../../../source/ecosystems/pypi/lockfiles/pylock.js';
import {fixtureReader, lockfileError, textReader} from '../../helpers/lockfile-fixtures.js';

const read = fixtureReader(readPylock, 'pylock', 'pylock.toml');
const readText = textReader(readPylock, 'pylock', 'pylock.toml', 'project');

test('uv export: no dependency edges, so every package is direct; group markers make dev ones', () => {
	const lock = read('project');
	assert.equal(lock.format, 'pylock');
	assert.equal(lock.ecosystem, 'pypi');
	assert.deepEqual(lock.warnings, []);
	assert.equal(lock.packages.length, 33);
	assert.equal(lock.root().dependencies.length, 33);
	assert.ok(lock.packages.every((node) => node.direct && node.dependencies.length === 0));
	assert.equal(lock.pkg('pypi:pytest@8.3.3').dev, true);
	// "python_full_version < '3.11' and 'dev' in dependency_groups"
	assert.equal(lock.pkg('pypi:tomli@2.1.0').dev, true);
	assert.equal(lock.pkg('pypi:flask@3.1.0').dev, false);
	assert.equal(lock.pkg('pypi:colorama@0.4.6').dev, false);
	assert.ok(lock.byId.has('pypi:numpy@2.0.2') && lock.byId.has('pypi:numpy@2.1.3'));
});

test('pylock.<name>.toml: the project directory is the root; dependencies are edges; vcs/directory/archive', () => {
	const lock = read('sources', 'pylock.tools.toml');
	assert.deepEqual(lock.warnings, []);
	const root = lock.root();
	assert.equal(root.name, 'release-tools');
	assert.equal(root.id, 'root:lockfiles/pylock/sources/pylock.tools.toml');
	assert.deepEqual(root.dependencies, [
		'pypi:click@8.1.7',
		'pypi:httpx@0.28.1',
		'pypi:changelog-gen@0.13.5',
		'pypi:internal-signing@2.1.0',
		'pypi:pytest@8.3.4',
		'pypi:vendored-helpers@unknown',
	]);
	assert.equal(lock.byId.has('pypi:release-tools@unknown'), false);
	assert.deepEqual(lock.pkg('pypi:httpx@0.28.1').dependencies, [
		'pypi:anyio@4.7.0',
		'pypi:certifi@2024.8.30',
		'pypi:httpcore@1.0.7',
		'pypi:idna@3.10',
	]);
	assert.equal(lock.pkg('pypi:changelog-gen@0.13.5').source, 'git');
	assert.equal(lock.pkg('pypi:internal-signing@2.1.0').source, 'url');
	assert.equal(lock.pkg('pypi:vendored-helpers@unknown').source, 'file');
	assert.equal(lock.pkg('pypi:pytest@8.3.4').dev, true);
	assert.equal(lock.pkg('pypi:anyio@4.7.0').direct, false);
});

test('missing fields: created-by, names and index versions are warnings', () => {
	const lock = read('missing-fields');
	const file = 'lockfiles/pylock/missing-fields/pylock.toml';
	assert.deepEqual(
		lock.packages.map((node) => node.id),
		['pypi:idna@3.10', 'pypi:requests@2.32.3'],
	);
	assert.deepEqual(lock.root().dependencies, ['pypi:requests@2.32.3']);
	assert.deepEqual(lock.warnings, [
		`${file}: no created-by (required by PEP 751)`,
		`${file}: [[packages]] #2 has no name; skipped`,
		`${file}: [[packages]] certifi has no version; skipped`,
		`${file}: requests depends on urllib3, which is not in the lockfile`,
	]);
});

test('lock-version: 1.x minor versions are read with a warning, 2.0 is an error naming it', () => {
	const newer = readText(
		'lock-version = "1.1"\ncreated-by = "x"\n[[packages]]\nname = "idna"\nversion = "3.10"\n',
	);
	assert.deepEqual(newer.warnings, ['pylock.toml: lock-version 1.1 is newer than 1.0; read as 1.0']);
	const error = lockfileError(() => read('unknown-version'));
	assert.equal(error.message, 'unsupported lock-version 2.0 (supported: 1.x)');
	assert.equal(error.line, 1);
	assert.equal(
		lockfileError(() => readText('[[packages]]\nname = "idna"\n')).message,
		'not a pylock.toml: no lock-version (expected lock-version = "1.0")',
	);
});

test('malformed and empty files are errors', () => {
	const malformed = lockfileError(() => read('malformed'));
	assert.match(malformed.message, /^invalid TOML: /);
	assert.equal(malformed.line, 7);
	assert.equal(lockfileError(() => read('empty')).message, 'file is empty');
});

test('upload-time: a TOML date-time on each file (PEP 751), the earliest kept', () => {
	const lock = read('project');
	assert.equal(lock.pkg('pypi:flask@3.1.0').published, '2024-10-09T14:00:00.000Z');
	const parsed = readText(
		'lock-version = "1.0"\ncreated-by = "uv"\n\n[[packages]]\nname = "idna"\nversion = "3.10"\nindex = "https://pypi.org/simple"\nsdist = { url = "https://x/idna-3.10.tar.gz", upload-time = 2024-09-15T18:07:39Z, size = 1, hashes = { sha256 = "aa" } }\nwheels = [{ url = "https://x/idna-3.10-py3-none-any.whl", upload-time = 2024-09-15T18:06:00+02:00, size = 1, hashes = { sha256 = "bb" } }]\n',
	);
	assert.equal(parsed.pkg('pypi:idna@3.10').published, '2024-09-15T16:06:00.000Z');
});

test('upload-time: a wheel uploaded long after the release is a file added later, named by its `name`', () => {
	const parsed = readText(
		'lock-version = "1.0"\ncreated-by = "pdm"\n\n[[packages]]\nname = "lateship"\nversion = "1.5.0"\nindex = "https://pypi.org/simple"\nsdist = { name = "lateship-1.5.0.tar.gz", url = "https://x/a", upload-time = 2024-01-10T09:00:00Z, size = 1, hashes = { sha256 = "aa" } }\nwheels = [\n  { name = "lateship-1.5.0-cp313-cp313-win_amd64.whl", url = "https://x/b", upload-time = 2026-11-30T06:00:00Z, size = 1, hashes = { sha256 = "bb" } },\n  { path = "wheels/lateship-1.5.0-py3-none-any.whl", upload-time = 2024-01-10T09:10:00Z, size = 1, hashes = { sha256 = "cc" } },\n]\n',
	);
	const late = parsed.pkg('pypi:lateship@1.5.0');
	assert.equal(late.published, '2024-01-10T09:00:00.000Z');
	assert.deepEqual(late.lateFile, {
		filename: 'lateship-1.5.0-cp313-cp313-win_amd64.whl',
		uploaded: '2026-11-30T06:00:00.000Z',
	});
});

test("pdm's pylock.toml: a package of a default group (`default-groups`) is prod; one needing extras is optional", () => {
	const lock = read('pdm-default-groups');
	assert.equal(lock.packages.length, 10);
	const kindOf = (id: string) => {
		const node = lock.pkg(id);
		return node.dev ? 'dev' : node.optional ? 'optional' : 'prod';
	};
	// os_name == "nt" and "default" in dependency_groups: a plain install on Windows gets it.
	assert.equal(kindOf('pypi:chardet@3.0.4'), 'prod');
	// "default" in dependency_groups or "security" in extras
	assert.equal(kindOf('pypi:idna@2.7'), 'prod');
	// python_version >= "3.6" and "security" in extras
	assert.equal(kindOf('pypi:requests@2.27.1'), 'optional');
	assert.equal(kindOf('pypi:pytest@3.2.5'), 'optional');
	assert.ok(!lock.packages.some((node) => node.dev));
});

test('group markers: dev only when every alternative needs a group outside default-groups', () => {
	const packageWith = (name: string, marker: string) =>
		`[[packages]]\nname = "${name}"\nversion = "1.0"\nmarker = ${JSON.stringify(marker)}\n`;
	const lock = readText(
		[
			'lock-version = "1.0"',
			'created-by = "pdm"',
			'dependency-groups = ["default", "dev", "lint"]',
			'default-groups = ["default"]',
			packageWith('either-group', '"dev" in dependency_groups or "default" in dependency_groups'),
			packageWith('dev-only', 'python_version < "3.11" and "dev" in dependency_groups'),
			packageWith(
				'dev-or-lint',
				'("dev" in dependency_groups or "lint" in dependency_groups) and os_name == "nt"',
			),
			packageWith('not-dev', '"dev" not in dependency_groups'),
			packageWith('dev-or-extra', '"dev" in dependency_groups or "docs" in extras'),
			packageWith('dev-and-extra', '"dev" in dependency_groups and "docs" in extras'),
			packageWith('default-and-extra', '"default" in dependency_groups and "docs" in extras'),
		].join('\n'),
	);
	assert.deepEqual(lock.warnings, []);
	const kinds = Object.fromEntries(
		lock.packages.map((node) => [node.name, node.dev ? 'dev' : node.optional ? 'optional' : 'prod']),
	);
	assert.deepEqual(kinds, {
		'either-group': 'prod',
		'dev-only': 'dev',
		'dev-or-lint': 'dev',
		'not-dev': 'prod',
		'dev-or-extra': 'optional',
		'dev-and-extra': 'dev',
		'default-and-extra': 'optional',
	});
});

test('without default-groups every named group is dev (uv export writes none)', () => {
	const lock = readText(
		'lock-version = "1.0"\ncreated-by = "uv"\n[[packages]]\nname = "pytest"\nversion = "8.3.3"\nmarker = "\'default\' in dependency_groups"\n',
	);
	assert.equal(lock.pkg('pypi:pytest@8.3.3').dev, true);
});
