import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {readCargoLock, sniffCargoLock} from '../../../source/ecosystems/cargo/lockfile.js';
import {
	fixtureFailure,
	fixtureReader,
	indexed,
	inputFor,
	lockfileError,
	textReader,
} from '../../helpers/lockfile-fixtures.js';
import {fixturePath} from '../../helpers/paths.js';

const read = fixtureReader(readCargoLock, 'cargo', 'Cargo.lock');
const failure = fixtureFailure(readCargoLock, 'cargo', 'Cargo.lock');
// Literal lockfiles "in" a folder that does not exist: no Cargo.toml beside them.
const readText = textReader(readCargoLock, 'cargo', 'Cargo.lock', 'inline');
const noManifest = (file = 'Cargo.lock') =>
	`${file}: no Cargo.toml beside the lockfile: source-less crates nothing depends on are the roots, the others path dependencies`;
const sorted = (values: readonly string[]) => [...values].sort();

test('v1 with [root] (ripgrep 0.7.1): the [root] crate is the root, path dependencies are file packages', () => {
	const lock = read('v1-root');
	assert.equal(lock.format, 'cargo-v1');
	assert.equal(lock.ecosystem, 'cargo');
	assert.deepEqual(lock.warnings, []);
	assert.equal(lock.packages.length, 45);
	assert.equal(lock.byId.has('cargo:ripgrep@0.7.1'), false);
	assert.equal(lock.roots.length, 1);
	const root = lock.root();
	assert.equal(root.id, 'root:lockfiles/cargo/v1-root/Cargo.lock');
	assert.equal(root.name, 'ripgrep');
	assert.deepEqual(root.dependencies, [
		'cargo:atty@0.2.3',
		'cargo:bytecount@0.1.7',
		'cargo:clap@2.26.2',
		'cargo:encoding_rs@0.7.1',
		'cargo:env_logger@0.4.3',
		'cargo:grep@0.1.7',
		'cargo:ignore@0.3.1',
		'cargo:lazy_static@0.2.9',
		'cargo:libc@0.2.32',
		'cargo:log@0.3.8',
		'cargo:memchr@2.0.0',
		'cargo:memmap@0.5.2',
		'cargo:num_cpus@1.7.0',
		'cargo:regex@0.2.2',
		'cargo:same-file@1.0.0',
		'cargo:termcolor@0.3.3',
	]);
	// No [workspace] in that Cargo.toml: the crates under the project's folder are plain path dependencies.
	assert.deepEqual(
		lock.packages.filter((node) => node.source !== undefined).map((node) => `${node.name}:${node.source}`),
		['globset:file', 'grep:file', 'ignore:file', 'termcolor:file', 'wincolor:file'],
	);
	assert.deepEqual(lock.pkg('cargo:grep@0.1.7').dependencies, [
		'cargo:log@0.3.8',
		'cargo:memchr@2.0.0',
		'cargo:regex@0.2.2',
		'cargo:regex-syntax@0.4.1',
	]);
	assert.equal(lock.pkg('cargo:grep@0.1.7').direct, true);
	assert.equal(lock.pkg('cargo:regex-syntax@0.4.1').direct, false);
});

test('v1 (ripgrep 12.1.1) without Cargo.toml: long references resolve, source-less crates are file packages', () => {
	const lock = read('v1');
	assert.equal(lock.format, 'cargo-v1');
	assert.deepEqual(lock.warnings, [noManifest('lockfiles/cargo/v1/Cargo.lock')]);
	assert.equal(lock.packages.length, 64);
	assert.deepEqual(
		lock.roots.map((root) => [root.name, root.workspace]),
		[['ripgrep', '.']],
	);
	assert.equal(lock.root().dependencies.length, 14);
	assert.ok(lock.root().dependencies.includes('cargo:grep@0.2.7'));
	assert.deepEqual(lock.pkg('cargo:atty@0.2.14').dependencies, [
		'cargo:hermit-abi@0.1.13',
		'cargo:libc@0.2.71',
		'cargo:winapi@0.3.8',
	]);
	assert.equal(lock.pkg('cargo:grep-cli@0.1.5').source, 'file');
	assert.equal(lock.pkg('cargo:aho-corasick@0.7.10').source, undefined);
	assert.equal(lock.pkg('cargo:aho-corasick@0.7.10').dependencies[0], 'cargo:memchr@2.3.3');
});

test('v2 (ripgrep, 2020): inline checksums, no version; two cfg-if versions picked by "name version"', () => {
	const lock = read('v2');
	assert.equal(lock.format, 'cargo-v2');
	assert.deepEqual(lock.warnings, [noManifest('lockfiles/cargo/v2/Cargo.lock')]);
	assert.equal(lock.packages.length, 67);
	assert.ok(lock.byId.has('cargo:cfg-if@0.1.10'));
	assert.ok(lock.byId.has('cargo:cfg-if@1.0.0'));
	assert.ok(lock.pkg('cargo:log@0.4.11').dependencies.includes('cargo:cfg-if@0.1.10'));
	assert.ok(lock.pkg('cargo:crossbeam-utils@0.8.0').dependencies.includes('cargo:cfg-if@1.0.0'));
	assert.ok(!lock.pkg('cargo:crossbeam-utils@0.8.0').dependencies.includes('cargo:cfg-if@0.1.10'));
	// A bare name resolves to the only locked version.
	assert.deepEqual(lock.pkg('cargo:aho-corasick@0.7.10').dependencies, ['cargo:memchr@2.3.3']);
});

test('v3 virtual workspace (watchexec): every member is a root at its folder, members depended on are packages', () => {
	const lock = read('v3-virtual');
	assert.equal(lock.format, 'cargo-v3');
	assert.deepEqual(lock.warnings, []);
	assert.equal(lock.packages.length, 77);
	assert.deepEqual(
		lock.roots.map((root) => [root.name, root.workspace]),
		[
			['bosion', 'crates/bosion'],
			['project-origins', 'crates/project-origins'],
			['test-socketfd', 'crates/test-socketfd'],
			['watchexec', 'crates/lib'],
			['watchexec-cli', 'crates/cli'],
			['watchexec-events', 'crates/events'],
			['watchexec-signals', 'crates/signals'],
			['watchexec-supervisor', 'crates/supervisor'],
		],
	);
	assert.equal(lock.root('crates/lib').id, 'root:lockfiles/cargo/v3-virtual/Cargo.lock#crates/lib');
	assert.deepEqual(lock.root('crates/cli').dependencies, [
		'cargo:bosion@2.0.1',
		'cargo:humantime@2.4.0',
		'cargo:project-origins@1.4.3',
		'cargo:rand@0.9.5',
		'cargo:watchexec@8.3.0',
		'cargo:watchexec-events@6.1.1',
		'cargo:watchexec-signals@5.1.0',
	]);
	// watchexec-cli depends on watchexec: the member is also a package, with the same edges as its root.
	assert.equal(lock.pkg('cargo:watchexec@8.3.0').source, 'workspace');
	assert.deepEqual(lock.pkg('cargo:watchexec@8.3.0').dependencies, lock.root('crates/lib').dependencies);
	// Nothing depends on watchexec-cli or test-socketfd: roots only.
	assert.equal(lock.byId.has('cargo:watchexec-cli@2.6.1'), false);
	assert.equal(lock.byId.has('cargo:test-socketfd@0.0.0'), false);
	// rand 0.9.5 for the CLI, rand 0.10.2 for uuid.
	assert.ok(lock.pkg('cargo:uuid@1.24.1').dependencies.includes('cargo:rand@0.10.2'));
	assert.equal(lock.pkg('cargo:rand@0.9.5').direct, true);
	assert.equal(lock.pkg('cargo:rand@0.10.2').direct, false);
});

test('v4 workspace (ripgrep): the root crate and ten members are roots; syn locked twice', () => {
	const lock = read('v4-workspace');
	assert.equal(lock.format, 'cargo-v4');
	assert.deepEqual(lock.warnings, []);
	assert.equal(lock.packages.length, 62);
	assert.equal(lock.roots.length, 11);
	assert.equal(lock.root().name, 'ripgrep');
	assert.equal(lock.root().id, 'root:lockfiles/cargo/v4-workspace/Cargo.lock');
	assert.equal(lock.byId.has('cargo:ripgrep@15.2.0'), false);
	assert.deepEqual(sorted(lock.roots.map((root) => root.workspace ?? '')), [
		'.',
		'crates/cli',
		'crates/globset',
		'crates/grep',
		'crates/ignore',
		'crates/index',
		'crates/matcher',
		'crates/pcre2',
		'crates/printer',
		'crates/regex',
		'crates/searcher',
	]);
	assert.equal(lock.root('crates/cli').name, 'grep-cli');
	assert.deepEqual(lock.root().dependencies.slice(0, 5), [
		'cargo:anyhow@1.0.104',
		'cargo:bstr@1.13.0',
		'cargo:grep@0.4.1',
		'cargo:grep-index@0.0.1',
		'cargo:ignore@0.4.33',
	]);
	assert.equal(lock.pkg('cargo:grep@0.4.1').source, 'workspace');
	assert.equal(lock.pkg('cargo:grep@0.4.1').direct, true);
	assert.deepEqual(
		lock.packages.filter((node) => node.source === 'workspace').map((node) => node.name),
		[
			'globset',
			'grep',
			'grep-cli',
			'grep-index',
			'grep-matcher',
			'grep-pcre2',
			'grep-printer',
			'grep-regex',
			'grep-searcher',
			'ignore',
		],
	);
	assert.ok(lock.pkg('cargo:serde_derive@1.0.229').dependencies.includes('cargo:syn@3.0.3'));
	assert.ok(lock.pkg('cargo:derive_arbitrary@1.4.2').dependencies.includes('cargo:syn@2.0.119'));
	// Dev: what members name only under [dev-dependencies] (ignore: crossbeam-channel; globset: glob; matcher and
	// searcher: regex), where nothing else needs it; serde_json is globset's dev-dependency but grep-printer's own.
	assert.deepEqual(
		lock.packages.filter((node) => node.dev).map((node) => node.name),
		['crossbeam-channel', 'glob', 'regex'],
	);
	assert.equal(lock.pkg('cargo:serde_json@1.0.151').dev, false);
	assert.ok(lock.packages.every((node) => !node.optional));
	// A member's dev-dependency is an edge from its root only: grep-searcher under grep does not lead to grep-regex.
	assert.equal(
		lock.pkg('cargo:grep-searcher@0.1.17').dependencies.includes('cargo:grep-regex@0.1.14'),
		false,
	);
	assert.ok(lock.root('crates/searcher').dependencies.includes('cargo:grep-regex@0.1.14'));
});

test('git dependencies (lapce): git sources, and tracing from git (0.2.0) beside tracing from crates.io', () => {
	const lock = read('git');
	assert.equal(lock.format, 'cargo-v4');
	assert.deepEqual(lock.warnings, []);
	assert.equal(lock.packages.length, 110);
	assert.deepEqual(
		lock.roots.map((root) => [root.name, root.workspace]),
		[
			['lapce', '.'],
			['lapce-app', 'lapce-app'],
			['lapce-core', 'lapce-core'],
			['lapce-proxy', 'lapce-proxy'],
			['lapce-rpc', 'lapce-rpc'],
		],
	);
	assert.deepEqual(lock.root().dependencies, ['cargo:lapce-app@0.4.6', 'cargo:lapce-proxy@0.4.6']);
	assert.deepEqual(
		lock.packages.filter((node) => node.source === 'git').map((node) => node.id),
		[
			'cargo:human-sort@0.2.2',
			'cargo:locale_config@0.3.1-alpha.0',
			'cargo:lsp-types@0.95.1',
			'cargo:tracing@0.2.0',
			'cargo:tracing-attributes@0.2.0',
			'cargo:tracing-core@0.2.0',
		],
	);
	assert.equal(lock.pkg('cargo:tracing@0.1.41').source, undefined);
	assert.ok(lock.root('lapce-rpc').dependencies.includes('cargo:tracing@0.2.0'));
	assert.ok(lock.pkg('cargo:polling@3.6.0').dependencies.includes('cargo:tracing@0.1.41'));
	assert.deepEqual(lock.pkg('cargo:tracing@0.1.41').dependencies, [
		'cargo:log@0.4.22',
		'cargo:pin-project-lite@0.2.13',
		'cargo:tracing-attributes@0.1.28',
		'cargo:tracing-core@0.1.33',
	]);
	assert.deepEqual(lock.pkg('cargo:tracing@0.2.0').dependencies, [
		'cargo:pin-project-lite@0.2.13',
		'cargo:tracing-attributes@0.2.0',
		'cargo:tracing-core@0.2.0',
	]);
	assert.ok(lock.byId.has('cargo:bitflags@1.3.2'));
	assert.ok(lock.byId.has('cargo:bitflags@2.9.1'));
	assert.ok(lock.pkg('cargo:lsp-types@0.95.1').dependencies.includes('cargo:bitflags@1.3.2'));
});

test('glob members (typst): crates/* matched through the lockfile crates, literal members beside it', () => {
	const lock = read('glob-members');
	assert.equal(lock.format, 'cargo-v4');
	assert.deepEqual(lock.warnings, []);
	assert.equal(lock.packages.length, 70);
	assert.deepEqual(
		lock.roots.map((root) => [root.name, root.workspace]),
		[
			['test-wrapper', 'tests/wrapper'],
			['typst-docs', 'docs'],
			['typst-macros', 'crates/typst-macros'],
			['typst-syntax', 'crates/typst-syntax'],
			['typst-timing', 'crates/typst-timing'],
			['typst-utils', 'crates/typst-utils'],
		],
	);
	assert.deepEqual(lock.root('tests/wrapper').dependencies, []);
	assert.equal(lock.pkg('cargo:typst-utils@0.15.1').source, 'workspace');
	assert.equal(lock.pkg('cargo:typst-assets@0.15.1').source, 'git');
	assert.deepEqual(lock.root('docs').dependencies, [
		'cargo:heck@0.5.0',
		'cargo:typst-assets@0.15.1',
		'cargo:typst-timing@0.15.1',
		'cargo:typst-utils@0.15.1',
		'cargo:unscanny@0.1.0',
	]);
});

test('v4 percent-encoded git sources (feat%2Fstructured, v1.2.0%2Bpatched) and a path dependency', () => {
	const lock = read('percent-encoded');
	assert.equal(lock.format, 'cargo-v4');
	assert.deepEqual(lock.warnings, []);
	assert.deepEqual(
		lock.packages.map((node) => [node.id, node.source ?? 'registry']),
		[
			['cargo:cfg-if@1.0.0', 'registry'],
			['cargo:fancy-log@0.3.0', 'git'],
			['cargo:log@0.4.22', 'registry'],
			['cargo:memchr@2.8.0', 'registry'],
			['cargo:ring-buffer@1.2.0', 'git'],
			['cargo:vendored-helper@0.2.0', 'file'],
		],
	);
	assert.equal(lock.root().name, 'percent-demo');
	assert.deepEqual(lock.root().dependencies, [
		'cargo:fancy-log@0.3.0',
		'cargo:ring-buffer@1.2.0',
		'cargo:vendored-helper@0.2.0',
	]);
	assert.deepEqual(lock.pkg('cargo:fancy-log@0.3.0').dependencies, ['cargo:log@0.4.22']);
	assert.deepEqual(lock.pkg('cargo:vendored-helper@0.2.0').dependencies, ['cargo:cfg-if@1.0.0']);
});

test('other registries: their crates are url packages, and one warning names the registries', () => {
	const lock = read('other-registry');
	assert.equal(lock.format, 'cargo-v4');
	assert.deepEqual(
		lock.packages.map((node) => [node.name, node.source ?? 'registry']),
		[
			['corp-auth', 'url'],
			['corp-types', 'url'],
			['log', 'registry'],
			['memchr', 'registry'],
			['metrics-push', 'url'],
		],
	);
	assert.deepEqual(lock.warnings, [
		'lockfiles/cargo/other-registry/Cargo.lock: 3 crates come from registries other than crates.io (registry+https://git.my-corp.example/crates-index: 2, sparse+http://crates.internal.example/index/: 1); they are not looked up',
	]);
	// A private crate's crates.io dependency is an ordinary edge.
	assert.deepEqual(lock.pkg('cargo:corp-auth@1.4.0').dependencies, [
		'cargo:corp-types@2.1.0',
		'cargo:log@0.4.22',
	]);
	assert.deepEqual(lock.pkg('cargo:metrics-push@0.7.2').dependencies, ['cargo:memchr@2.8.0']);
});

test('one name and version from two sources: two packages, each root on its own; the crates.io one keeps the plain id', () => {
	const lock = read('same-version-two-sources');
	assert.deepEqual(
		lock.packages.map((node) => [node.id, node.source]),
		[
			['cargo:log@0.4.22', undefined],
			['cargo:log@0.4.22#local', 'git'],
		],
	);
	assert.deepEqual(
		lock.roots.map((root) => [root.name, root.workspace, root.dependencies]),
		[
			['a', 'a', ['cargo:log@0.4.22']],
			['b', 'b', ['cargo:log@0.4.22#local']],
		],
	);
	assert.deepEqual(lock.warnings, [
		'lockfiles/cargo/same-version-two-sources/Cargo.lock: log 0.4.22 is locked from 2 sources (crates.io, git+https://github.com/acme/log?branch=fix%2Fno-std#afbebd94f8310cb19cd8e230c6c0099b698e09cc); each is its own package here (cargo:log@0.4.22, cargo:log@0.4.22#local)',
	]);
});

test('a git fork of a crates.io crate at its version keeps its own dependencies, off the published crate', () => {
	const text = [
		'version = 4',
		'',
		'[[package]]',
		'name = "app"',
		'version = "0.1.0"',
		'dependencies = [',
		' "serde_json 1.0.128 (git+https://github.com/someone/serde_json?branch=main)",',
		' "tool",',
		']',
		'',
		'[[package]]',
		'name = "evil"',
		'version = "0.1.0"',
		'source = "registry+https://github.com/rust-lang/crates.io-index"',
		'',
		'[[package]]',
		'name = "serde_json"',
		'version = "1.0.128"',
		'source = "git+https://github.com/someone/serde_json?branch=main#0123456789abcdef0123456789abcdef01234567"',
		'dependencies = [',
		' "evil",',
		']',
		'',
		'[[package]]',
		'name = "serde_json"',
		'version = "1.0.128"',
		'source = "registry+https://github.com/rust-lang/crates.io-index"',
		'',
		'[[package]]',
		'name = "tool"',
		'version = "0.2.0"',
		'source = "registry+https://github.com/rust-lang/crates.io-index"',
		'dependencies = [',
		' "serde_json 1.0.128 (registry+https://github.com/rust-lang/crates.io-index)",',
		']',
		'',
	].join('\n');
	const lock = readText(text);
	const node = (id: string) => lock.pkg(id);
	assert.deepEqual(node('cargo:serde_json@1.0.128').dependencies, []);
	assert.equal(node('cargo:serde_json@1.0.128').source, undefined);
	assert.deepEqual(node('cargo:serde_json@1.0.128#local').dependencies, ['cargo:evil@0.1.0']);
	assert.equal(node('cargo:serde_json@1.0.128#local').source, 'git');
	assert.deepEqual(node('cargo:tool@0.2.0').dependencies, ['cargo:serde_json@1.0.128']);
});

test('broken fixtures: empty, malformed, unknown version, wrong types, missing fields', () => {
	assert.equal(failure('empty').message, 'empty Cargo.lock');
	const malformed = failure('malformed');
	assert.match(malformed.message, /^invalid TOML: /);
	assert.equal(malformed.line, 13);
	const unknown = failure('unknown-version');
	assert.equal(
		unknown.message,
		'unsupported Cargo.lock version 5 (supported: 3 and 4; v1 and v2 files have no version)',
	);
	assert.equal(unknown.line, 3);
	const wrongTypes = failure('wrong-types');
	assert.equal(
		wrongTypes.message,
		'[[package]] #7 (vendored-helper 0.2.0): dependencies is not an array of strings',
	);
	assert.equal(wrongTypes.line, 48);
	const missing = failure('missing-fields');
	assert.equal(missing.message, '[[package]] #3 (log) has no version');
	assert.equal(missing.line, 19);
});

test('one crate listed twice (name, version and source) is an error at its second entry, as Cargo makes it', () => {
	const registry = 'registry+https://github.com/rust-lang/crates.io-index';
	const entry = (name: string, source?: string) =>
		`[[package]]\nname = "${name}"\nversion = "1.0.0"\n${source ? `source = "${source}"\n` : ''}\n`;
	const error = lockfileError(() =>
		readText(`version = 3\n\n${entry('a', registry)}${entry('b')}${entry('a', registry)}`),
	);
	assert.equal(
		error.message,
		'package a 1.0.0 is listed twice (first on line 3); Cargo refuses such a lockfile',
	);
	assert.equal(error.line, 12);
	// The same name and version from crates.io and from a path are two crates, as in Cargo: read, not refused.
	const two = readText(`version = 3\n\n${entry('a', registry)}${entry('a')}`);
	assert.equal(two.pkg('cargo:a@1.0.0').source, undefined, 'the crates.io crate, looked up');
	assert.deepEqual(
		two.roots.map((root) => root.name),
		['a'],
		'the path crate nothing depends on is the root',
	);
});

test('versions: a string, 1, 2 or a table is an error naming it; none, 3 and 4 are read', () => {
	for (const [value, shown] of [
		['"4"', '"4"'],
		['2', '2'],
		['1', '1'],
		['{ major = 4 }', '{"major":4}'],
	]) {
		const error = lockfileError(() => readText(`# comment\nversion = ${value}\n`));
		assert.equal(
			error.message,
			`unsupported Cargo.lock version ${shown} (supported: 3 and 4; v1 and v2 files have no version)`,
		);
		assert.equal(error.line, 2);
	}

	const empty = readText('version = 4\n');
	assert.equal(empty.format, 'cargo-v4');
	assert.deepEqual([empty.roots, empty.packages, empty.warnings], [[], [], []]);
	assert.equal(readText('version = 3\n').format, 'cargo-v3');
});

test('empty and not-a-lockfile files are errors', () => {
	assert.equal(lockfileError(() => readText('')).message, 'empty Cargo.lock');
	assert.equal(lockfileError(() => readText('  \n\n')).message, 'empty Cargo.lock');
	assert.equal(
		lockfileError(() =>
			readText(
				'# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\n',
			),
		).message,
		'empty Cargo.lock',
	);
	assert.equal(
		lockfileError(() => readText('[dependencies]\nserde = "1"\n')).message,
		'not a Cargo.lock: no [[package]] tables and no version',
	);
	const invalid = lockfileError(() => readText('version = 4\n\n[[package]]\nname = "a\n'));
	assert.match(invalid.message, /^invalid TOML: /);
	assert.equal(invalid.line, 4);
});

test('package tables of the wrong shape are errors pointing at the line', () => {
	const table = lockfileError(() => readText('version = 4\n\n[package]\nname = "a"\nversion = "1.0.0"\n'));
	assert.equal(table.message, 'package is not an array of [[package]] tables');
	assert.equal(table.line, 3);
	const string = lockfileError(() => readText('version = 4\npackage = "serde"\n'));
	assert.equal(string.message, 'package is not an array of [[package]] tables');
	assert.equal(string.line, 2);
	assert.equal(
		lockfileError(() => readText('version = 4\npackage = [1]\n')).message,
		'[[package]] #1 is not a table',
	);

	const noName = lockfileError(() =>
		readText('version = 4\n\n[[package]]\nname = "a"\nversion = "1.0.0"\n\n[[package]]\nversion = "2.0.0"\n'),
	);
	assert.equal(noName.message, '[[package]] #2 has no name');
	assert.equal(noName.line, 7);
	assert.equal(
		lockfileError(() => readText('version = 4\n[[package]]\nname = 7\nversion = "1.0.0"\n')).message,
		'[[package]] #1 has a name that is not a string',
	);
	assert.equal(
		lockfileError(() => readText('version = 4\n[[package]]\nname = "a"\nversion = 1\n')).message,
		'[[package]] #1 (a) has a version that is not a string',
	);
	const source = lockfileError(() =>
		readText('version = 4\n[[package]]\nname = "a"\nversion = "1.0.0"\nsource = { git = "x" }\n'),
	);
	assert.equal(source.message, '[[package]] #1 (a 1.0.0): source is not a string');
	assert.equal(source.line, 2);
	assert.equal(
		lockfileError(() =>
			readText('version = 4\n[[package]]\nname = "a"\nversion = "1.0.0"\ndependencies = ["b", 2]\n'),
		).message,
		'[[package]] #1 (a 1.0.0): dependencies is not an array of strings',
	);
});

const crate = (name: string, version: string, dependencies: string[] = [], source?: string) =>
	[
		'[[package]]',
		`name = "${name}"`,
		`version = "${version}"`,
		...(source ? [`source = "${source}"`] : []),
		...(dependencies.length > 0 ? [`dependencies = [${dependencies.map((d) => `"${d}"`).join(', ')}]`] : []),
		'',
	].join('\n');
const cratesIo = 'registry+https://github.com/rust-lang/crates.io-index';

test('unresolvable and ambiguous references are warnings naming both crates; the rest still links', () => {
	const lock = readText(
		[
			'version = 3',
			'',
			crate('app', '0.1.0', ['serde', 'rand', 'missing', 'rand 0.7.3', 'serde 9.9.9', 'bad ref x y']),
			crate('rand', '0.7.3', [], cratesIo),
			crate('rand', '0.8.5', [], cratesIo),
			crate('serde', '1.0.210', [], cratesIo),
		].join('\n'),
	);
	assert.deepEqual(lock.root().dependencies, ['cargo:serde@1.0.210', 'cargo:rand@0.7.3']);
	assert.deepEqual(lock.warnings, [
		'Cargo.lock: app 0.1.0 depends on "rand", which fits 2 locked crates (0.7.3 (registry+https://github.com/rust-lang/crates.io-index), 0.8.5 (registry+https://github.com/rust-lang/crates.io-index)); no edge added',
		'Cargo.lock: app 0.1.0 depends on "missing", which is not in the lockfile',
		'Cargo.lock: app 0.1.0 depends on "serde 9.9.9", which is not in the lockfile',
		'Cargo.lock: app 0.1.0 depends on "bad ref x y", which is not "name", "name version" or "name version (source)"',
		noManifest(),
	]);
	// rand 0.8.5 is not reached, and a root it is not: only source-less crates are roots.
	assert.equal(lock.pkg('cargo:rand@0.8.5').direct, false);
	assert.equal(lock.roots.length, 1);
});

test('cycles (dev-dependency loops) are kept as edges and do not hang the reader', () => {
	const lock = readText(
		[
			'version = 4',
			crate('app', '0.1.0', ['a']),
			crate('a', '1.0.0', ['b'], cratesIo),
			crate('b', '1.0.0', ['a'], cratesIo),
		].join('\n'),
	);
	assert.deepEqual(lock.pkg('cargo:a@1.0.0').dependencies, ['cargo:b@1.0.0']);
	assert.deepEqual(lock.pkg('cargo:b@1.0.0').dependencies, ['cargo:a@1.0.0']);
	assert.equal(lock.pkg('cargo:b@1.0.0').direct, false);
	assert.deepEqual(lock.root().dependencies, ['cargo:a@1.0.0']);
});

test('crate names are kept as written; several source-less crates nothing depends on are roots by name', () => {
	const lock = readText(
		[
			'version = 4',
			crate('tool_a', '0.1.0', ['serde_json']),
			crate('tool-b', '0.1.0', ['serde-json']),
			crate('serde_json', '1.0.0', [], cratesIo),
			crate('serde-json', '0.1.0', [], cratesIo),
		].join('\n'),
	);
	assert.deepEqual(
		lock.packages.map((node) => node.id),
		['cargo:serde_json@1.0.0', 'cargo:serde-json@0.1.0'],
	);
	assert.deepEqual(
		lock.roots.map((root) => [root.name, root.workspace, root.dependencies]),
		[
			['tool_a', 'tool_a', ['cargo:serde_json@1.0.0']],
			['tool-b', 'tool-b', ['cargo:serde-json@0.1.0']],
		],
	);
});

test('crates.io by its sparse index; other registries without credentials or query in the warning', () => {
	const lock = readText(
		[
			'version = 4',
			crate('app', '0.1.0', ['a', 'b', 'c', 'd']),
			crate('a', '1.0.0', [], 'sparse+https://index.crates.io/'),
			crate('b', '1.0.0', [], 'sparse+https://ci-bot:s3cr3t@cargo.corp.example/index/?token=abc'),
			crate('c', '1.0.0', [], 'sparse+https://ci-bot:s3cr3t@cargo.corp.example/index/?token=abc'),
			crate('d', '1.0.0', [], 'local-registry+file:///vendor/\\u001B[31mred'),
		].join('\n'),
	);
	assert.equal(lock.pkg('cargo:a@1.0.0').source, undefined);
	assert.equal(lock.pkg('cargo:b@1.0.0').source, 'url');
	assert.equal(lock.pkg('cargo:d@1.0.0').source, 'url');
	assert.deepEqual(lock.warnings.slice(1), [
		'Cargo.lock: 2 crates come from registries other than crates.io (sparse+https://cargo.corp.example/index/: 2); they are not looked up',
		'Cargo.lock: unknown crate sources, not looked up: local-registry+file:///vendor/�red',
	]);
	assert.doesNotMatch(lock.warnings.join('\n'), /s3cr3t|token/);
});

test('no source-less crate at all: a root named after the folder adopts what nothing depends on', () => {
	const lock = readText(
		['version = 4', crate('a', '1.0.0', ['b'], cratesIo), crate('b', '1.0.0', [], cratesIo)].join('\n'),
	);
	assert.equal(lock.root().name, 'inline');
	assert.deepEqual(lock.root().dependencies, ['cargo:a@1.0.0']);
	assert.deepEqual(lock.warnings, [
		'Cargo.lock: no source-less [[package]] (the project itself); crates nothing depends on are direct',
	]);
});

test('v1 or v2 without checksums: v1 writes every reference with its version', () => {
	assert.equal(readText(crate('app', '0.1.0', ['lib 0.2.0']) + crate('lib', '0.2.0')).format, 'cargo-v1');
	assert.equal(readText(crate('app', '0.1.0', ['lib']) + crate('lib', '0.2.0')).format, 'cargo-v2');
	const metadata = readText(
		`${crate('app', '0.1.0', [`a 1.0.0 (${cratesIo})`])}${crate('a', '1.0.0', [], cratesIo)}\n[metadata]\n"checksum a 1.0.0 (${cratesIo})" = "ab"\n`,
	);
	assert.equal(metadata.format, 'cargo-v1');
	assert.deepEqual(metadata.root().dependencies, ['cargo:a@1.0.0']);
});

test('Cargo.toml: a broken one is a warning; [workspace] exclude and a member path dependency', () => {
	const directory = mkdtempSync(path.join(tmpdir(), 'commit-tui-cargo-'));
	const lockText = [
		'version = 4',
		crate('app', '0.1.0', ['helper', 'core']),
		crate('core', '0.1.0'),
		crate('helper', '0.1.0'),
		crate('scratch', '0.1.0'),
	].join('\n');
	const readIn = () => indexed(readCargoLock(inputFor(path.join(directory, 'Cargo.lock'), lockText)));

	writeFileSync(path.join(directory, 'Cargo.toml'), '[workspace\nmembers = ["*"]\n');
	const broken = readIn();
	assert.equal(broken.warnings.length, 1);
	assert.match(
		broken.warnings[0]!,
		/^Cargo\.toml:\d+: invalid TOML: .*\(ignored; workspace members guessed from the lockfile\)$/,
	);
	assert.deepEqual(
		broken.roots.map((root) => root.name),
		['app', 'scratch'],
	);

	// `sc*` matches scratch and `exclude` drops it again; helper is a path dependency, not a member.
	writeFileSync(
		path.join(directory, 'Cargo.toml'),
		'[package]\nname = "app"\nversion = "0.1.0"\n\n[workspace]\nmembers = ["core", "./sc*/"]\nexclude = ["scratch"]\n',
	);
	for (const name of ['core', 'scratch']) {
		mkdirSync(path.join(directory, name), {recursive: true});
		writeFileSync(
			path.join(directory, name, 'Cargo.toml'),
			`[package]\nname = "${name}"\nversion = "0.1.0"\n`,
		);
	}

	const workspace = readIn();
	assert.deepEqual(workspace.warnings, []);
	assert.deepEqual(
		workspace.roots.map((root) => [root.name, root.workspace]),
		[
			['app', '.'],
			['core', 'core'],
			// Excluded, yet nothing depends on it: Cargo only locks what members reach, so it is a root.
			['scratch', 'scratch'],
		],
	);
	assert.equal(workspace.pkg('cargo:core@0.1.0').source, 'workspace');
	assert.equal(workspace.pkg('cargo:helper@0.1.0').source, 'file');
});

test('sniffCargoLock: every Cargo fixture with content, also without the header; no Python lockfile', () => {
	const cargoCases = readdirSync(fixturePath('lockfiles', 'cargo'), {withFileTypes: true})
		.filter((entry) => entry.isDirectory() && entry.name !== 'empty')
		.map((entry) => entry.name);
	assert.equal(cargoCases.length, 17);
	for (const name of cargoCases) {
		const text = readFileSync(fixturePath('lockfiles', 'cargo', name, 'Cargo.lock'), 'utf8');
		assert.equal(sniffCargoLock(text), true, name);
		assert.equal(sniffCargoLock(text.replace(/^#.*\n/gm, '')), true, `${name} without the header`);
	}

	// Without Cargo's header and its source strings: version = 3|4, or v1's checksum metadata.
	assert.equal(sniffCargoLock('version = 3\n\n[[package]]\nname = "app"\nversion = "0.1.0"\n'), true);
	assert.equal(
		sniffCargoLock(`[[package]]\nname = "a"\n\n[metadata]\n"checksum a 1.0.0 (${cratesIo})" = "ab"\n`),
		true,
	);
	assert.equal(sniffCargoLock('version = 4\n'), false);
	assert.equal(sniffCargoLock(''), false);

	let pythonLocks = 0;
	for (const [folder, file] of [
		['uv', 'uv.lock'],
		['poetry', 'poetry.lock'],
		['pdm', 'pdm.lock'],
		['pylock', 'pylock.toml'],
	] as const) {
		for (const entry of readdirSync(fixturePath('lockfiles', folder), {withFileTypes: true})) {
			if (!entry.isDirectory()) continue;
			const lockfile = fixturePath('lockfiles', folder, entry.name, file);
			let text: string;
			try {
				text = readFileSync(lockfile, 'utf8');
			} catch {
				continue;
			}

			assert.equal(sniffCargoLock(text), false, `${folder}/${entry.name}`);
			pythonLocks++;
		}
	}

	assert.ok(pythonLocks >= 15, `only ${pythonLocks} Python lockfiles checked`);
});

test("dev-dependencies from the member's Cargo.toml: dev edges from its root, renames and target tables followed", () => {
	const lock = read('dev-dependencies');
	assert.deepEqual(lock.warnings, []);
	const dev = (id: string) => lock.pkg(id).dev;
	// Only under [dev-dependencies] (quickcheck by its `package` name; libc in a target table), and what only they
	// reach (fastrand, through tempfile).
	for (const id of [
		'cargo:tempfile@3.14.0',
		'cargo:quickcheck@0.7.2',
		'cargo:libc@0.2.167',
		'cargo:fastrand@2.3.0',
	])
		assert.equal(dev(id), true, id);
	// Also under [dependencies] (serde) or [build-dependencies] (cc, build scripts run at every build): prod.
	assert.equal(dev('cargo:serde@1.0.215'), false);
	assert.equal(dev('cargo:cc@1.2.1'), false);
});

test('dev-dependencies inherited from [workspace.dependencies] with a rename (deno): `test_util.workspace = true` is test_server', () => {
	const lock = read('workspace-inherited-rename');
	assert.deepEqual(lock.warnings, []);
	assert.deepEqual(
		lock.roots.map((root) => [root.name, root.workspace]),
		[
			['deno', 'cli'],
			['deno_runtime', 'runtime'],
			['test_server', 'tests/util/server'],
		],
	);
	// deno_runtime names the crate `test_util` under [dev-dependencies]; the lockfile names it test_server (the
	// rename is in the root's [workspace.dependencies]). As deno's dependency, deno_runtime brings no test server.
	assert.deepEqual(lock.pkg('cargo:deno_runtime@0.164.0').dependencies, [
		'cargo:libc@0.2.153',
		'cargo:log@0.4.21',
		'cargo:once_cell@1.19.0',
	]);
	assert.ok(lock.root('runtime').dependencies.includes('cargo:test_server@0.1.0'));
	// Only dev edges lead to the test_server package (from deno's and deno_runtime's roots)...
	assert.equal(lock.pkg('cargo:test_server@0.1.0').dev, true);
	// ...while what it depends on is prod through its own root, a workspace member.
	assert.equal(lock.pkg('cargo:termcolor@1.4.1').dev, false);
	assert.equal(lock.pkg('cargo:log@0.4.21').dev, false);
});

test('path dependencies inside the workspace are members (wezterm): termwiz, vtparse and their dev-dependencies', () => {
	const lock = read('implicit-members');
	assert.deepEqual(lock.warnings, []);
	// Cargo.toml lists strip-ansi-escapes and wezterm-dynamic; termwiz, vtparse and wezterm-dynamic/derive are
	// path dependencies of members (through [workspace.dependencies]) inside the workspace folder: members too.
	assert.deepEqual(
		lock.roots.map((root) => [root.name, root.workspace]),
		[
			['strip-ansi-escapes', 'strip-ansi-escapes'],
			['termwiz', 'termwiz'],
			['vtparse', 'vtparse'],
			['wezterm-dynamic', 'wezterm-dynamic'],
			['wezterm-dynamic-derive', 'wezterm-dynamic/derive'],
		],
	);
	for (const name of ['termwiz@0.23.0', 'vtparse@0.6.2', 'wezterm-dynamic-derive@0.1.1'])
		assert.equal(lock.pkg(`cargo:${name}`).source, 'workspace', name);
	// termwiz's and vtparse's [dev-dependencies] (k9, varbincode) are locked because they are members; as
	// strip-ansi-escapes' dependencies they bring none of them.
	assert.deepEqual(lock.pkg('cargo:termwiz@0.23.0').dependencies, [
		'cargo:log@0.4.25',
		'cargo:vtparse@0.6.2',
		'cargo:wezterm-dynamic@0.2.1',
	]);
	assert.deepEqual(lock.pkg('cargo:vtparse@0.6.2').dependencies, ['cargo:utf8parse@0.2.2']);
	for (const id of ['cargo:k9@0.12.0', 'cargo:varbincode@0.1.0', 'cargo:regex@1.11.1'])
		assert.equal(lock.pkg(id).dev, true, id);
	assert.equal(lock.pkg('cargo:utf8parse@0.2.2').dev, false);
});

test('implicit members: `path` from the member folder, not outside the workspace, not excluded, not without [workspace]', () => {
	const directory = mkdtempSync(path.join(tmpdir(), 'commit-tui-cargo-'));
	const lockText = [
		'version = 4',
		crate('app', '0.1.0', ['inner', 'outer']),
		crate('inner', '0.1.0', ['vendored']),
		crate('outer', '0.1.0'),
		crate('vendored', '0.1.0'),
	].join('\n');
	const readIn = () => indexed(readCargoLock(inputFor(path.join(directory, 'Cargo.lock'), lockText)));
	const manifest = (folder: string, name: string, dependencies = '') => {
		mkdirSync(path.join(directory, folder), {recursive: true});
		writeFileSync(
			path.join(directory, folder, 'Cargo.toml'),
			`[package]\nname = "${name}"\nversion = "0.1.0"\n\n${dependencies}`,
		);
	};

	mkdirSync(path.join(directory, 'ws'));
	const lockPath = path.join(directory, 'ws', 'Cargo.lock');
	const readWorkspace = () => indexed(readCargoLock(inputFor(lockPath, lockText)));
	// ws/crates/app → ../inner (ws/crates/inner, inside) and ../../outer (outside ws: never read, not a member);
	// inner → its vendor/ folder, which `exclude` keeps out.
	writeFileSync(
		path.join(directory, 'ws', 'Cargo.toml'),
		'[workspace]\nmembers = ["crates/app"]\nexclude = ["crates/inner/vendor"]\n',
	);
	manifest(
		'ws/crates/app',
		'app',
		'[dev-dependencies]\ninner = { path = "../inner" }\nouter = { path = "../../../outer" }\n',
	);
	manifest('ws/crates/inner', 'inner', '[dependencies]\nvendored = { path = "vendor/vendored" }\n');
	manifest('ws/crates/inner/vendor/vendored', 'vendored');
	manifest('outer', 'outer');
	const workspace = readWorkspace();
	assert.deepEqual(workspace.warnings, []);
	assert.deepEqual(
		workspace.roots.map((root) => [root.name, root.workspace]),
		[
			['app', 'crates/app'],
			['inner', 'crates/inner'],
		],
	);
	assert.equal(workspace.pkg('cargo:inner@0.1.0').source, 'workspace');
	assert.equal(workspace.pkg('cargo:outer@0.1.0').source, 'file');
	assert.equal(workspace.pkg('cargo:vendored@0.1.0').source, 'file');

	// A package without [workspace] is a workspace of one: its path dependencies are not members.
	writeFileSync(
		path.join(directory, 'Cargo.toml'),
		'[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\ninner = { path = "inner" }\n',
	);
	manifest('inner', 'inner');
	const single = readIn();
	assert.deepEqual(
		single.roots.map((root) => root.name),
		['app'],
	);
	assert.equal(single.pkg('cargo:inner@0.1.0').source, 'file');
});
