import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
	crateIndexUrl,
	dependenciesByVersion,
	parseCrateIndex,
} from '../../../source/ecosystems/cargo/crates-index.js';
import {HttpFailure} from '../../../source/registries/http.js';

const base = 'https://index.crates.io/';

test('index paths: 1/, 2/, 3/<first>/, then two and two characters, lowercased', () => {
	assert.equal(crateIndexUrl(base, 'a'), 'https://index.crates.io/1/a');
	assert.equal(crateIndexUrl(base, 'cc'), 'https://index.crates.io/2/cc');
	assert.equal(crateIndexUrl(base, 'syn'), 'https://index.crates.io/3/s/syn');
	assert.equal(crateIndexUrl(base, 'serde'), 'https://index.crates.io/se/rd/serde');
	assert.equal(crateIndexUrl(base, 'Inflector'), 'https://index.crates.io/in/fl/inflector');
	assert.equal(crateIndexUrl(base, 'serde_json'), 'https://index.crates.io/se/rd/serde_json');
	assert.equal(crateIndexUrl(base, '../etc'), null);
	assert.equal(crateIndexUrl(base, 'a'.repeat(65)), null);
});

/** Lines shaped as crates.io writes them (its publish snapshots: src/tests/krate/publish/snapshots/). */
const line = (record: Record<string, unknown>) =>
	JSON.stringify({
		name: 'new-krate',
		cksum: 'f45e830a39be59e75f1d5c63a3c05856e0d68da52e0e00006b865327edd33431',
		features: {},
		yanked: false,
		...record,
	});
const dep = (name: string, extra: Record<string, unknown> = {}) => ({
	name,
	req: '^1',
	features: [],
	optional: false,
	default_features: true,
	target: null,
	kind: 'normal',
	...extra,
});

test('dependencies per version: normal, build and target-specific ones; dev ones left out; a rename under its crate', () => {
	const index = parseCrateIndex(
		[
			line({vers: '1.0.0', deps: [dep('dep-a'), dep('cc', {kind: 'build'})]}),
			line({
				vers: '1.1.0',
				deps: [
					dep('dep-a'),
					dep('cc', {kind: 'build'}),
					dep('my-name', {package: 'package-name', req: '>0'}),
					dep('winapi', {target: 'cfg(windows)', req: '^0.3'}),
					dep('proptest', {kind: 'dev'}),
				],
				pubtime: '2025-09-08T13:16:00Z',
			}),
			'',
		].join('\n'),
	);
	assert.deepEqual(index.versions, [
		{version: '1.0.0', prod: {'dep-a': '^1', cc: '^1'}},
		{version: '1.1.0', prod: {'dep-a': '^1', cc: '^1', 'package-name': '>0', winapi: '^0.3'}},
	]);
	const byVersion = dependenciesByVersion(index)!;
	assert.deepEqual(byVersion.get('1.1.0')!.prod['package-name'], '>0');
	assert.equal(dependenciesByVersion(null), null);
});

test('optional dependencies count when the default feature turns them on, through features and dep: syntax', () => {
	const index = parseCrateIndex(
		line({
			vers: '2.0.0',
			deps: [
				dep('serde_derive', {optional: true}),
				dep('std-helper', {optional: true}),
				dep('weakly', {optional: true}),
				dep('through-slash', {optional: true}),
				dep('off-by-default', {optional: true}),
			],
			features: {default: ['std', 'derive'], std: ['std-helper', 'weakly?/std'], derive: ['serde_derive']},
			features2: {extra: ['dep:off-by-default'], more: ['through-slash/x'], 'default-more': []},
		}) +
			'\n' +
			line({
				vers: '2.1.0',
				deps: [dep('through-slash', {optional: true}), dep('cyclic', {optional: true})],
				features: {default: ['a', 'through-slash/x'], a: ['b'], b: ['a', 'dep:cyclic']},
			}),
	);
	assert.deepEqual(index.versions[0], {
		version: '2.0.0',
		prod: {},
		optional: {'std-helper': '^1', serde_derive: '^1'},
	});
	assert.deepEqual(index.versions[1]!.optional, {'through-slash': '^1', cyclic: '^1'});
});

test('a line that is not a version record is skipped; a file of none is invalid, an empty one is no versions', () => {
	const index = parseCrateIndex(
		`${line({vers: '1.0.0', deps: []})}\n{"name":"x"}\nnot json\n${line({vers: '1.0.1', deps: 'no'})}\n`,
	);
	assert.deepEqual(
		index.versions.map((version) => version.version),
		['1.0.0'],
	);
	assert.throws(
		() => parseCrateIndex('<html><body>502 Bad Gateway</body></html>\n'),
		(error: unknown) => error instanceof HttpFailure && error.kind === 'invalid',
	);
	assert.deepEqual(parseCrateIndex('').versions, []);
	// A dependency with a name crates.io could not hold names nothing.
	assert.deepEqual(parseCrateIndex(line({vers: '1.0.0', deps: [dep('../x')]})).versions[0]!.prod, {});
});

test('hostile lines: deep nesting is skipped, not a crash; a name with escapes names nothing', () => {
	const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
	const index = parseCrateIndex(
		[
			deep,
			line({vers: '1.0.0', deps: [dep('\u001b[31mred'), dep('fine', {req: '\u001b]8;;x\u0007^1'})]}),
		].join('\n'),
	);
	assert.deepEqual(
		index.versions.map((version) => Object.keys(version.prod)),
		[['fine']],
	);
});

test('a line for another crate, of a later schema, or a version listed twice with other deps: unknown, not a guess', () => {
	const text = [
		line({vers: '1.0.0', deps: [dep('dep-a')]}),
		// Another crate's line: its dependencies are not this crate's.
		line({name: 'other-krate', vers: '1.1.0', deps: [dep('evil')]}),
		// Cargo skips a schema it does not know (`v` 2 is the newest); so does commit-tui.
		line({vers: '1.2.0', v: 99, deps: [dep('evil')]}),
		line({vers: '1.3.0', v: 2, deps: [dep('dep-a')], features2: {}}),
		// Two different lines for one version: which is true is unknown.
		line({vers: '1.4.0', deps: [dep('dep-a')]}),
		line({vers: '1.4.0', deps: [dep('dep-a'), dep('evil')]}),
		// The same line twice is one version.
		line({vers: '1.5.0', deps: [dep('dep-a')]}),
		line({vers: '1.5.0', deps: [dep('dep-a')]}),
	].join('\r\n');
	const index = parseCrateIndex(text, 'New_Krate');
	assert.deepEqual(
		index.versions.map((version) => [version.version, Object.keys(version.prod)]),
		[
			['1.0.0', ['dep-a']],
			['1.3.0', ['dep-a']],
			['1.5.0', ['dep-a']],
		],
	);
	const dependencies = dependenciesByVersion(index)!;
	for (const unknown of ['1.1.0', '1.2.0', '1.4.0']) assert.equal(dependencies.get(unknown), undefined);
	// Every line for another crate: the file is not this crate's index.
	assert.throws(
		() => parseCrateIndex(line({name: 'other-krate', vers: '1.0.0', deps: []}), 'new-krate'),
		(error: unknown) => error instanceof HttpFailure && error.kind === 'invalid',
	);
});

test('a requirement of megabytes is cut where it is read, not kept in the cache and every report', () => {
	const index = parseCrateIndex(
		line({vers: '1.0.0', deps: [dep('dep-a', {req: `^1${'0'.repeat(5_000_000)}`})]}),
	);
	const req = index.versions[0]!.prod['dep-a']!;
	assert.ok(req.length <= 256, String(req.length));
	assert.ok(req.startsWith('^10') && req.endsWith('…'));
});
