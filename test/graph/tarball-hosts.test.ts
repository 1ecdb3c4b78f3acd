import assert from 'node:assert/strict';
import {test} from 'node:test';
import {GraphBuilder} from '../../source/graph/builder.js';
import {foreignTarballs, tarballHost} from '../../source/graph/tarball-hosts.js';

const npmjs = (name: string) => `https://registry.npmjs.org/${name}/-/${name}-1.0.0.tgz`;

test('hosts: lowercased, yarn’s alias of the npm registry folded, non-URLs none', () => {
	assert.equal(tarballHost('https://Registry.Yarnpkg.com/ms/-/ms-2.1.3.tgz'), 'registry.npmjs.org');
	assert.equal(tarballHost('https://evil.example:8443/x.tgz'), 'evil.example:8443');
	assert.equal(tarballHost('git+ssh://git@github.com/a/b.git'), null);
	assert.equal(tarballHost('file:../lib'), null);
});

test('one package pointed elsewhere is marked; a lockfile wholly on a mirror, or half on one, is not', () => {
	const entries = (urls: string[]) => urls.map((tarball) => ({source: undefined, tarball}));
	const injected = entries([
		...['a', 'b', 'c', 'd', 'e'].map(npmjs),
		'https://registry.yarnpkg.com/f/-/f-1.0.0.tgz',
		'https://evil.example/lodash-4.17.21.tgz',
	]);
	const marked = foreignTarballs(injected);
	assert.deepEqual(
		[...marked.values()],
		[{url: 'https://evil.example/lodash-4.17.21.tgz', usualHost: 'registry.npmjs.org'}],
	);
	const mirror = entries(
		['a', 'b', 'c'].map((name) => `https://artifactory.corp.example/api/npm/npm/${name}.tgz`),
	);
	assert.equal(foreignTarballs(mirror).size, 0);
	const switched = entries([
		...Array.from({length: 60}, (_, index) => npmjs(`p${index}`)),
		...Array.from({length: 40}, (_, index) => `https://artifactory.corp.example/${index}.tgz`),
	]);
	assert.equal(foreignTarballs(switched).size, 0, 'two sources, not an injection');
	// Git, file and URL packages are what they say they are: not counted at all.
	assert.equal(
		foreignTarballs([
			...entries(['a', 'b'].map(npmjs)),
			{source: 'url' as const, tarball: 'https://x.example/y.tgz'},
		]).size,
		0,
	);
});

test('the builder marks the node, keeping the first URL a package was given', () => {
	const builder = new GraphBuilder('npm', 'package-lock.json');
	const root = builder.addRoot('app');
	for (const name of ['a', 'b', 'c'])
		builder.addEdge(root, builder.addPackage({name, version: '1.0.0', tarball: npmjs(name)}), 'prod');
	const lodash = builder.addPackage({
		name: 'lodash',
		version: '4.17.21',
		tarball: 'https://evil.example/l.tgz',
	});
	builder.addPackage({name: 'lodash', version: '4.17.21', tarball: npmjs('lodash')});
	builder.addEdge(root, lodash, 'prod');
	const parsed = builder.build('npm-v3');
	const node = parsed.packages.find((each) => each.id === lodash)!;
	assert.deepEqual(node.foreignTarball, {url: 'https://evil.example/l.tgz', usualHost: 'registry.npmjs.org'});
	assert.ok(parsed.packages.filter((each) => each.foreignTarball).length === 1);
});
