import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {readYarnLockfile} from '../../../source/ecosystems/npm/lockfiles/yarn.js';
import {fixtureInput, inputFor, readFixture, throwsLockfileError} from '../../helpers/lockfile-fixtures.js';
import {fixturePath} from '../../helpers/paths.js';

const read = (...parts: string[]) => readFixture(readYarnLockfile, 'lockfiles', 'yarn-berry', ...parts);
const readText = (text: string) =>
	readYarnLockfile(
		inputFor(fixturePath('lockfiles', 'yarn-berry', 'nowhere', 'yarn.lock'), text, 'yarn.lock'),
	);

const basicDirect = [
	'npm:axios@1.7.9',
	'npm:chalk@4.1.2',
	'npm:debug@2.6.9',
	'npm:es5-ext@0.10.64',
	'npm:express@4.21.2',
	'npm:fsevents@2.3.3',
	'npm:react-dom@18.3.1',
	'npm:react@18.3.1',
	'npm:string-width@4.2.3',
	'npm:typescript@5.6.3',
];

for (const [folder, release, packageCount] of [
	['basic', 'yarn 4.18, __metadata.version 10', 128],
	['basic-yarn3', 'yarn 3, __metadata.version 6', 128],
] as const) {
	describe(`yarn berry: real lockfile of manifests/basic (${release})`, () => {
		const lock = read(folder, 'yarn.lock');

		it('is format yarn-berry; the workspace entry is the root with its direct dependencies', () => {
			assert.equal(lock.format, 'yarn-berry');
			assert.equal(lock.packages.length, packageCount);
			assert.deepEqual(lock.warnings, []);
			assert.equal(lock.roots.length, 1);
			assert.equal(lock.root().name, 'web-app');
			assert.deepEqual([...lock.root().dependencies].sort(), basicDirect);
			// The project itself is a root, never a package.
			assert.ok(!lock.packages.some((node) => node.name === 'web-app'));
		});

		it('tells dev from prod with package.json (the workspace entry merges them) and optional from dependenciesMeta', () => {
			assert.equal(lock.pkg('npm:typescript@5.6.3').dev, true);
			assert.equal(lock.pkg('npm:debug@2.6.9').dev, false);
			const fsevents = lock.pkg('npm:fsevents@2.3.3');
			assert.equal(fsevents.optional, true);
			// yarn adds an implicit node-gyp dependency to native packages; it is optional through fsevents.
			assert.deepEqual(fsevents.dependencies, ['npm:node-gyp@13.1.0']);
			assert.equal(lock.pkg('npm:node-gyp@13.1.0').optional, true);
			assert.equal(lock.pkg('npm:express@4.21.2').optional, false);
		});

		it('resolves the alias key to the real package, and the patch: entry to the npm package it patches', () => {
			const stringWidth = lock.pkg('npm:string-width@4.2.3');
			assert.deepEqual(stringWidth.aliases, ['string-width-cjs']);
			assert.equal(stringWidth.source, undefined);
			// `fsevents@patch:fsevents@npm%3A^2.3.3#optional!builtin<compat/fsevents>` is fsevents 2.3.3 from npm.
			assert.equal(lock.packages.filter((node) => node.name === 'fsevents').length, 1);
			assert.equal(lock.pkg('npm:fsevents@2.3.3').source, undefined);
		});

		it('has edges from ranges, the cycle both ways, duplicates apart and resolved peers', () => {
			assert.deepEqual(lock.pkg('npm:debug@2.6.9').dependencies, ['npm:ms@2.0.0']);
			assert.ok(lock.byId.has('npm:ms@2.1.3'));
			assert.ok(lock.pkg('npm:es5-ext@0.10.64').dependencies.includes('npm:es6-iterator@2.0.3'));
			assert.ok(lock.pkg('npm:es6-iterator@2.0.3').dependencies.includes('npm:es5-ext@0.10.64'));
			assert.ok(lock.pkg('npm:react-dom@18.3.1').dependencies.includes('npm:react@18.3.1'));
		});
	});
}

describe('yarn berry: workspaces', () => {
	for (const [folder, release] of [
		['workspaces', 'yarn 4, transparent workspace range 1.2.0'],
		['workspaces-star', 'yarn 4, workspace:*'],
		['workspaces-yarn2', 'yarn 2, __metadata.version 4, ranges without npm:'],
		['workspaces-yarn4.0', 'yarn 4.0, __metadata.version 8'],
	] as const) {
		it(`makes every workspace entry a root (${release})`, () => {
			const lock = read(folder, 'yarn.lock');
			assert.deepEqual(lock.warnings, []);
			assert.deepEqual(
				lock.roots.map((root) => [root.id, root.name]),
				[
					[`root:lockfiles/yarn-berry/${folder}/yarn.lock`, 'monorepo'],
					[`root:lockfiles/yarn-berry/${folder}/yarn.lock#packages/app`, '@mono/app'],
					[`root:lockfiles/yarn-berry/${folder}/yarn.lock#packages/util`, '@mono/util'],
				],
			);
			assert.deepEqual(lock.root().dependencies, ['npm:semver@7.6.3']);
			assert.deepEqual(lock.root('packages/app').dependencies, [
				'npm:@mono/util@1.2.0',
				'npm:debug@4.3.7',
				'npm:ms@2.1.2',
			]);
			const util = lock.pkg('npm:@mono/util@1.2.0');
			assert.equal(util.source, 'workspace');
			assert.deepEqual(util.dependencies, ['npm:lodash@4.17.21', 'npm:ms@2.1.3']);
			assert.deepEqual(lock.pkg('npm:debug@4.3.7').dependencies, ['npm:ms@2.1.3']);
			assert.equal(lock.pkg('npm:semver@7.6.3').dev, true);
			assert.deepEqual(lock.packages.map((node) => node.id).sort(), [
				'npm:@mono/util@1.2.0',
				'npm:debug@4.3.7',
				'npm:lodash@4.17.21',
				'npm:ms@2.1.2',
				'npm:ms@2.1.3',
				'npm:semver@7.6.3',
			]);
		});
	}
});

describe('yarn berry: a workspace and its published release, the same name and version (babel)', () => {
	const lock = read('workspace-and-published', 'yarn.lock');

	it('are two packages: the registry download is looked up, with its own dependencies; the workspace is local', () => {
		assert.deepEqual(lock.warnings, []);
		const published = lock.pkg('npm:@scope/core@2.0.0');
		assert.equal(published.source, undefined);
		assert.deepEqual(published.dependencies, ['npm:ms@2.1.3']);
		assert.equal(published.dev, true, 'only the dev tool @scope/cli installs it');
		const workspace = lock.pkg('npm:@scope/core@2.0.0#local');
		assert.equal(workspace.source, 'workspace');
		assert.equal(workspace.version, '2.0.0');
		assert.deepEqual(workspace.dependencies, ['npm:ms@2.1.2']);
		assert.equal(workspace.dev, false);
		assert.deepEqual(lock.pkg('npm:@scope/cli@2.0.0').dependencies, ['npm:@scope/core@2.0.0']);
		assert.deepEqual(lock.root('packages/plugin').dependencies, ['npm:@scope/core@2.0.0#local']);
		assert.equal(lock.pkg('npm:ms@2.1.3').dev, true);
		assert.equal(lock.pkg('npm:ms@2.1.2').dev, false);
	});
});

describe('yarn berry: non-registry sources', () => {
	it('marks link: and file: entries (bound to their workspace by ::locator=) from a real yarn 4 lockfile', () => {
		const lock = read('sources', 'yarn.lock');
		assert.deepEqual([...lock.root().dependencies].sort(), [
			'npm:is-number@7.0.0',
			'npm:linked-lib@0.0.0-use.local',
			'npm:local-lib@0.3.0',
		]);
		assert.equal(lock.pkg('npm:linked-lib@0.0.0-use.local').source, 'link');
		assert.equal(lock.pkg('npm:local-lib@0.3.0').source, 'file');
		assert.deepEqual(lock.pkg('npm:local-lib@0.3.0').dependencies, ['npm:ms@2.1.3']);
		assert.deepEqual(lock.warnings, []);
	});

	it('marks git, portal:, exec: and URL entries; a user patch: is the npm package; aliases resolve', () => {
		const lock = read('nasty-sources', 'yarn.lock');
		assert.deepEqual(lock.warnings, []);
		assert.equal(lock.pkg('npm:left-pad@1.3.0').source, 'git');
		assert.deepEqual(lock.pkg('npm:left-pad@1.3.0').dependencies, ['npm:ms@2.1.3']);
		assert.equal(lock.pkg('npm:portal-lib@0.0.0-use.local').source, 'link');
		assert.deepEqual(lock.pkg('npm:portal-lib@0.0.0-use.local').dependencies, ['npm:lodash@4.17.21']);
		assert.equal(lock.pkg('npm:generated@0.0.0').source, 'file');
		assert.equal(lock.pkg('npm:tarball-pkg@2.0.0').source, 'url');
		assert.equal(lock.pkg('npm:lodash@4.17.21').source, undefined);
		assert.equal(lock.packages.filter((node) => node.name === 'lodash').length, 1);
		assert.deepEqual(lock.pkg('npm:ms@2.1.3').aliases, ['my-ms']);
		assert.equal(lock.root().dependencies.length, 6);
	});
});

describe('yarn berry: peers', () => {
	it('resolves a peer to what the parent provides, through parents that pass it on, optional ones too', () => {
		const entry = (key: string, version: string, body = '') =>
			`"${key}":\n  version: ${version}\n  resolution: "${key.split(',')[0]!.replace(/@npm:.*$/, '')}@npm:${version}"\n${body}\n`;
		const text = [
			'__metadata:\n  version: 8\n',
			'"app@workspace:.":\n  version: 0.0.0-use.local\n  resolution: "app@workspace:."\n  dependencies:\n    debug: "npm:4.3.7"\n    other: "npm:1.0.0"\n    plugin: "npm:1.0.0"\n    react: "npm:18.2.0"\n    wrapper: "npm:1.0.0"\n',
			entry('debug@npm:4.3.7', '4.3.7'),
			entry('inner@npm:1.0.0', '1.0.0', '  peerDependencies:\n    react: "*"'),
			entry('other@npm:1.0.0', '1.0.0', '  dependencies:\n    react: "npm:18.3.1"'),
			entry(
				'plugin@npm:1.0.0',
				'1.0.0',
				'  peerDependencies:\n    react: ^18.0.0\n  peerDependenciesMeta:\n    debug:\n      optional: true\n    left-pad:\n      optional: true',
			),
			entry('react@npm:18.2.0', '18.2.0'),
			entry('react@npm:18.3.1', '18.3.1'),
			entry(
				'wrapper@npm:1.0.0',
				'1.0.0',
				'  dependencies:\n    inner: "npm:1.0.0"\n  peerDependencies:\n    react: "*"',
			),
		].join('\n');
		const parsed = readText(text);
		assert.deepEqual(parsed.warnings, [
			'yarn.lock: no package.json for workspace .; its dev dependencies are shown as prod',
		]);
		const deps = (id: string) => [...parsed.packages.find((node) => node.id === id)!.dependencies].sort();
		// The app provides react 18.2.0; 18.3.1 (other's) satisfies the range too but is not what plugin gets.
		assert.deepEqual(deps('npm:plugin@1.0.0'), ['npm:debug@4.3.7', 'npm:react@18.2.0']);
		assert.deepEqual(deps('npm:wrapper@1.0.0'), ['npm:inner@1.0.0', 'npm:react@18.2.0']);
		// inner's parent (wrapper) has react only as a peer: it comes from wrapper's parent.
		assert.deepEqual(deps('npm:inner@1.0.0'), ['npm:react@18.2.0']);
		assert.deepEqual(deps('npm:other@1.0.0'), ['npm:react@18.3.1']);
	});
});

describe('yarn berry: optional peers', () => {
	it('a package another one installs is prod through it, whoever else names it as an optional peer', () => {
		const lock = readText(
			[
				'__metadata:\n  version: 8\n',
				'"app@workspace:.":\n  version: 0.0.0-use.local\n  resolution: "app@workspace:."\n  dependencies:\n    plugin: "npm:1.0.0"\n    host: "npm:1.0.0"\n',
				'"host@npm:1.0.0":\n  version: 1.0.0\n  resolution: "host@npm:1.0.0"\n  dependencies:\n    plugin: "npm:1.0.0"\n    extra: "npm:1.0.0"\n',
				'"plugin@npm:1.0.0":\n  version: 1.0.0\n  resolution: "plugin@npm:1.0.0"\n  peerDependencies:\n    extra: "*"\n  peerDependenciesMeta:\n    extra:\n      optional: true\n',
				'"extra@npm:1.0.0":\n  version: 1.0.0\n  resolution: "extra@npm:1.0.0"\n',
			].join('\n'),
		);
		const byId = new Map(lock.packages.map((node) => [node.id, node]));
		assert.deepEqual(byId.get('npm:plugin@1.0.0')!.dependencies, ['npm:extra@1.0.0']);
		// host installs extra: through host it is prod and required, whatever plugin's optional peer says.
		assert.deepEqual(
			[byId.get('npm:extra@1.0.0')!.dev, byId.get('npm:extra@1.0.0')!.optional],
			[false, false],
		);
	});
});

describe('yarn berry: bad and unusual files', () => {
	it('refuses an empty file', () => {
		throwsLockfileError(
			() => readYarnLockfile(fixtureInput('lockfiles', 'yarn-berry', 'nasty-empty', 'yarn.lock')),
			/^file is empty$/,
		);
	});

	it('names an unknown __metadata.version, and accepts the ones real yarn writes', () => {
		throwsLockfileError(
			() => readYarnLockfile(fixtureInput('lockfiles', 'yarn-berry', 'nasty-unknown-version', 'yarn.lock')),
			/^unsupported yarn lockfile __metadata\.version 11 \(supported: 4–10\)$/,
		);
		const entry = '"ms@npm:2.1.3":\n  version: 2.1.3\n  resolution: "ms@npm:2.1.3"\n';
		throwsLockfileError(() => readText(`__metadata:\n  version: 3\n\n${entry}`), /__metadata\.version 3 /);
		throwsLockfileError(
			() => readText(`__metadata:\n  version: 6.5\n\n${entry}`),
			/__metadata\.version 6\.5 /,
		);
		throwsLockfileError(
			() => readText(`__metadata:\n  cacheKey: 8\n\n${entry}`),
			/__metadata has no version/,
		);
		for (const version of [4, 5, 6, 7, 8, 9, 10]) {
			const parsed = readText(`__metadata:\n  version: ${version}\n\n${entry}`);
			assert.deepEqual(
				parsed.packages.map((node) => node.id),
				['npm:ms@2.1.3'],
			);
		}
	});

	it('reports malformed YAML (a truncated real file) with its line', () => {
		throwsLockfileError(
			() => readYarnLockfile(fixtureInput('lockfiles', 'yarn-berry', 'nasty-malformed', 'yarn.lock')),
			/^malformed YAML: Missing closing "quote$/,
			78,
		);
		throwsLockfileError(
			() =>
				readText(
					'__metadata:\n  version: 8\n\n"ms@npm:1":\n  version: 1.0.0\n"ms@npm:1":\n  version: 1.0.0\n',
				),
			/^malformed YAML: duplicate key "ms@npm:1"$/,
			6,
		);
		throwsLockfileError(() => readText('__metadata: [1, 2]\n'), /no __metadata entry/);
		// Yarn 6's JSON lockfile: one clear line, not a page of yarn classic syntax errors.
		const yarn6 =
			'{\n  "__metadata": {\n    "version": 9\n  },\n  "entries": {\n    "bar@npm:^2.0.0": {\n      "checksum": null,\n      "resolution": {\n        "resolution": "bar@npm:2.3.4",\n        "version": "2.3.4"\n      }\n    }\n  }\n}\n';
		for (const text of [yarn6, `\uFEFF${yarn6}`])
			throwsLockfileError(() => readText(text), /^a Yarn 6 lockfile \(JSON\) is not supported yet: /);
		// yarn writes one document: a second one (pnpm's env document has no yarn counterpart) is malformed.
		throwsLockfileError(
			() => readText('__metadata:\n  version: 8\n---\n__metadata:\n  version: 8\n'),
			/^malformed YAML: Source contains multiple documents/,
			3,
		);
	});

	it('without a workspace entry, takes the root dependencies from package.json beside it', () => {
		const lock = read('nasty-no-workspace-entry', 'yarn.lock');
		assert.deepEqual(lock.warnings, []);
		assert.equal(lock.root().name, 'web-app');
		assert.deepEqual([...lock.root().dependencies].sort(), basicDirect);
		assert.equal(lock.pkg('npm:typescript@5.6.3').dev, true);
		assert.equal(lock.pkg('npm:fsevents@2.3.3').optional, true);
		assert.deepEqual(lock.pkg('npm:string-width@4.2.3').aliases, ['string-width-cjs']);
	});

	it('without a workspace entry nor package.json, makes what nothing depends on direct', () => {
		const lock = read('nasty-no-workspace-no-manifest', 'yarn.lock');
		assert.equal(lock.root().name, 'nasty-no-workspace-no-manifest');
		assert.deepEqual(lock.root().dependencies, ['npm:debug@2.6.9', 'npm:react@18.3.1']);
		assert.deepEqual(lock.pkg('npm:react@18.3.1').dependencies, ['npm:loose-envify@1.4.0']);
		assert.deepEqual(lock.pkg('npm:loose-envify@1.4.0').dependencies, ['npm:js-tokens@4.0.0']);
		assert.equal(lock.warnings.length, 1);
		assert.match(lock.warnings[0]!, /no workspace entry and no package\.json/);
	});

	it('degrades gracefully on missing resolution, missing version and dangling dependencies', () => {
		const lock = read('nasty-missing-fields', 'yarn.lock');
		assert.deepEqual(lock.packages.map((node) => node.id).sort(), ['npm:debug@4.3.7', 'npm:ms@2.1.3']);
		assert.deepEqual(lock.root().dependencies, ['npm:debug@4.3.7']);
		assert.equal(lock.root().name, 'lonely');
		const file = 'lockfiles/yarn-berry/nasty-missing-fields/yarn.lock';
		assert.deepEqual(lock.warnings, [
			`${file}: entry no-version@npm:^1.0.0 has no version; skipped`,
			`${file}: debug@npm:^4.3.7 depends on supports-color@npm:^9.0.0, which is not in the lockfile`,
			`${file}: no package.json for workspace .; its dev dependencies are shown as prod`,
		]);
	});
});

describe('resolutions and catalogs (what yarn looked up, not what was written)', () => {
	it('follows package.json resolutions and .yarnrc.yml catalogs to the entries the lockfile recorded', () => {
		const lock = read('resolutions-catalogs', 'yarn.lock');
		assert.deepEqual(lock.warnings, []);
		assert.deepEqual([...lock.root().dependencies].sort(), [
			// `browserslist: ^4.24.0`, resolved to 4.28.4 for the whole tree.
			'npm:browserslist@4.28.4',
			// `catalog:` gives ^3.48.0, which the resolution `core-js-compat: 3.49.0` turns again.
			'npm:core-js-compat@3.49.0',
			// `left-pad@npm:^1.1.0` (a range-specific resolution).
			'npm:left-pad@1.3.0',
			'npm:lib@1.0.0',
			// `catalog:dev`.
			'npm:typescript@5.9.3',
		]);
		// `lib/left-pad` (a parent-specific one) and `**/caniuse-lite` (yarn 1's prefix, meaning nothing more).
		assert.deepEqual(lock.pkg('npm:lib@1.0.0').dependencies, ['npm:left-pad@1.3.0']);
		assert.deepEqual(lock.pkg('npm:browserslist@4.28.4').dependencies, ['npm:caniuse-lite@1.0.30001800']);
		assert.deepEqual(lock.pkg('npm:core-js-compat@3.49.0').dependencies, ['npm:browserslist@4.28.4']);
	});

	it('a pattern it cannot read, a missing catalog entry and an unreadable .yarnrc.yml are warnings', () => {
		const input = fixtureInput('lockfiles', 'yarn-berry', 'resolutions-catalogs', 'yarn.lock');
		const read = (overrides: Record<string, string | undefined>) =>
			readYarnLockfile({
				...input,
				readRelative: (relative) =>
					relative in overrides ? overrides[relative] : input.readRelative(relative),
			});
		const manifest = JSON.parse(input.readRelative('package.json')!) as Record<string, unknown>;
		const odd = read({
			'package.json': JSON.stringify({...manifest, resolutions: {'a/b/c': '1.0.0', browserslist: '4.28.4'}}),
		});
		assert.ok(
			odd.warnings.includes(
				'lockfiles/yarn-berry/resolutions-catalogs/yarn.lock: package.json resolutions pattern "a/b/c" is not understood; ignored',
			),
		);
		const noCatalog = read({'.yarnrc.yml': 'catalogs:\n  dev:\n    typescript: 5.9.3\n'});
		assert.ok(
			noCatalog.warnings.some((warning) =>
				/depends on core-js-compat@catalog:, which is not in the lockfile/.test(warning),
			),
		);
		const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
			.concat(
				['b', 'c', 'd', 'e'].map(
					(name, index) => `${name}: &${name} [${`*${'abcd'[index]}, `.repeat(9)}*${'abcd'[index]}]`,
				),
			)
			.concat(['catalog:', '  core-js-compat: ^3.48.0', 'catalogs:', `  dev: [${'*e, '.repeat(9)}*e]`])
			.join('\n');
		const exploded = read({'.yarnrc.yml': `${bomb}\n`});
		assert.ok(
			exploded.warnings.some((warning) => /\.yarnrc\.yml beside it is not readable YAML/.test(warning)),
		);
		const broken = read({'.yarnrc.yml': 'catalog:\n  core-js-compat: [unclosed\n'});
		assert.ok(
			broken.warnings.some((warning) =>
				/\.yarnrc\.yml beside it is not readable YAML; its catalogs are unknown/.test(warning),
			),
		);
	});
});
