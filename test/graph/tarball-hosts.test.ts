import assert from 'node:assert/strict';
import {test} from 'node:test';
import {GraphBuilder} from '../../source/graph/builder.js';
import {
	foreignTarballs,
	registryTarballOf,
	type TarballEntry,
	tarballHost,
} from '../../source/graph/tarball-hosts.js';

const npmjs = (name: string, version = '1.0.0') =>
	`https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version}.tgz`;

/** A registry package of version 1.0.0 (unless `from` names another) with one URL, or none (`implied`). */
function entry(tarball: string | undefined, options: Partial<TarballEntry> = {}): TarballEntry {
	const named = tarball ? registryTarballOf(tarball) : null;
	return {
		name: named?.name ?? 'x',
		version: named?.version ?? '1.0.0',
		source: undefined,
		tarball,
		moreTarballs: null,
		tarballImplied: tarball === undefined,
		...options,
	};
}

test('hosts: lowercased, yarn’s alias of the npm registry folded, non-URLs none', () => {
	assert.equal(tarballHost('https://Registry.Yarnpkg.com/ms/-/ms-2.1.3.tgz'), 'registry.npmjs.org');
	assert.equal(tarballHost('https://evil.example:8443/x.tgz'), 'evil.example:8443');
	assert.equal(tarballHost('git+ssh://git@github.com/a/b.git'), null);
	assert.equal(tarballHost('file:../lib'), null);
});

test('what a registry tarball URL names: npm’s shape and every mirror’s, scopes escaped or not; other shapes nothing', () => {
	assert.deepEqual(registryTarballOf('https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz'), {
		name: 'lodash',
		version: '4.17.21',
	});
	assert.deepEqual(registryTarballOf('https://registry.yarnpkg.com/@babel/core/-/core-7.26.0.tgz#abc'), {
		name: '@babel/core',
		version: '7.26.0',
	});
	assert.deepEqual(registryTarballOf('https://r.example/@types%2fnode/-/node-22.1.0-rc.1.tgz'), {
		name: '@types/node',
		version: '22.1.0-rc.1',
	});
	assert.deepEqual(
		registryTarballOf('https://corp.jfrog.io/artifactory/api/npm/npm-virtual/ms/-/ms-2.1.3.tgz'),
		{name: 'ms', version: '2.1.3'},
	);
	// GitHub Packages, Verdaccio's scoped file names, a bare file, a broken escape: no claim either way.
	assert.equal(registryTarballOf('https://npm.pkg.github.com/download/@o/p/1.0.0/0123abcd'), null);
	assert.equal(registryTarballOf('http://localhost:4873/@o/p/-/@o/p-1.0.0.tgz'), null);
	assert.equal(registryTarballOf('https://evil.example/lodash-4.17.21.tgz'), null);
	assert.equal(registryTarballOf('https://r.example/a%zz/-/a%zz-1.0.0.tgz'), null);
	assert.equal(registryTarballOf('https://r.example/lodash/-/lodash-.tgz'), null);
});

test('one package pointed elsewhere is marked; a lockfile wholly on a mirror, or half on one, is not', () => {
	const injected = [
		...['a', 'b', 'c', 'd', 'e'].map((name) => entry(npmjs(name))),
		entry('https://registry.yarnpkg.com/f/-/f-1.0.0.tgz'),
		entry('https://evil.example/lodash-4.17.21.tgz', {name: 'lodash', version: '4.17.21'}),
	];
	assert.deepEqual(
		[...foreignTarballs(injected).values()],
		[{url: 'https://evil.example/lodash-4.17.21.tgz', usualHost: 'registry.npmjs.org'}],
	);
	const mirror = ['a', 'b', 'c'].map((name) =>
		entry(`https://artifactory.corp.example/api/npm/npm/${name}/-/${name}-1.0.0.tgz`),
	);
	assert.equal(foreignTarballs(mirror).size, 0);
	const switched = [
		...Array.from({length: 60}, (_, index) => entry(npmjs(`p${index}`))),
		...Array.from({length: 40}, (_, index) => entry(`https://artifactory.corp.example/${index}.tgz`)),
	];
	assert.equal(foreignTarballs(switched).size, 0, 'two sources, not an injection');
	// Git, file and URL packages are what they say they are: not counted at all.
	assert.equal(
		foreignTarballs([
			...['a', 'b'].map((name) => entry(npmjs(name))),
			entry('https://x.example/y.tgz', {source: 'url'}),
		]).size,
		0,
	);
});

test('packages without a URL (pnpm, bun, yarn berry) count as the configured registry: one URL among them stands out', () => {
	const implied = Array.from({length: 40}, () => entry(undefined));
	const injected = [...implied, entry('https://evil.example/ms-2.1.3.tgz', {name: 'ms', version: '2.1.3'})];
	assert.deepEqual(
		[...foreignTarballs(injected).values()],
		[{url: 'https://evil.example/ms-2.1.3.tgz', usualHost: 'the configured registry'}],
	);
	// A scope on its own registry at an odd path (pnpm writes its URLs): many of them, not an outlier.
	const scope = Array.from({length: 12}, (_, index) =>
		entry(`https://npm.pkg.github.com/download/@corp/p${index}/1.0.0/ab`, {name: `@corp/p${index}`}),
	);
	assert.equal(foreignTarballs([...implied, ...scope]).size, 0);
	// Every package without a URL, or every one with the same one: nothing to compare.
	assert.equal(foreignTarballs(implied).size, 0);
	// The public registry's URL beside them is most likely the configured registry's (npm 7–8 dropped `resolved`
	// from some entries): not an outlier, though a swapped tarball there still is.
	const kept = entry(npmjs('chalk', '4.1.2'));
	const swapped = entry(npmjs('chalk', '4.1.1'), {name: 'chalk', version: '4.1.2'});
	const marked = foreignTarballs([...implied, kept, swapped]);
	assert.deepEqual([...marked.keys()], [swapped]);
	assert.equal(marked.get(swapped)?.tarballOf, 'chalk@4.1.1');
});

test('a registry tarball of another package or version is marked on any host, the usual one included', () => {
	const others = ['a', 'b', 'c', 'd'].map((name) => entry(npmjs(name)));
	const downgraded = entry(npmjs('lodash', '4.17.20'), {name: 'lodash', version: '4.17.21'});
	const swapped = entry(npmjs('lodash-utils', '4.17.21'), {name: 'lodash', version: '4.17.21'});
	const marked = foreignTarballs([...others, downgraded, swapped]);
	assert.deepEqual(marked.get(downgraded), {
		url: npmjs('lodash', '4.17.20'),
		usualHost: 'registry.npmjs.org',
		tarballOf: 'lodash@4.17.20',
	});
	assert.equal(marked.get(swapped)?.tarballOf, 'lodash-utils@4.17.21');
	assert.equal(marked.size, 2, 'the genuine tarballs are not marked');
	// A scoped name with its slash escaped, and a lone package: still itself.
	const scoped = entry('https://registry.npmjs.org/@babel%2fcore/-/core-7.26.0.tgz', {
		name: '@babel/core',
		version: '7.26.0',
	});
	assert.equal(foreignTarballs([scoped]).size, 0);
	assert.equal(foreignTarballs([downgraded]).get(downgraded)?.tarballOf, 'lodash@4.17.20');
});

test('the builder keeps every URL a package was given: an edited copy is marked whichever copy comes first', () => {
	for (const order of ['edited first', 'edited second']) {
		const builder = new GraphBuilder('npm', 'package-lock.json');
		const root = builder.addRoot('app');
		for (const name of ['a', 'b', 'c'])
			builder.addEdge(root, builder.addPackage({name, version: '1.0.0', tarball: npmjs(name)}), 'prod');
		const urls = ['https://evil.example/l.tgz', npmjs('lodash', '4.17.21')];
		if (order === 'edited second') urls.reverse();
		let lodash = '';
		for (const tarball of urls) lodash = builder.addPackage({name: 'lodash', version: '4.17.21', tarball});
		builder.addEdge(root, lodash, 'prod');
		const parsed = builder.build('npm-v3');
		const node = parsed.packages.find((each) => each.id === lodash)!;
		assert.deepEqual(
			node.foreignTarball,
			{url: 'https://evil.example/l.tgz', usualHost: 'registry.npmjs.org'},
			order,
		);
		assert.equal(parsed.packages.filter((each) => each.foreignTarball).length, 1, order);
	}
});
