import assert from 'node:assert/strict';
import {test} from 'node:test';
import {ecosystemFor} from '../../source/ecosystems/index.js';
import type {PackageFacts, VersionDependencies, VersionFacts} from '../../source/registries/types.js';
import {
	versionDependenciesOf,
	versionsToCompare,
	withVersionDependencies,
} from '../../source/scan/compared-versions.js';
import {makeFacts} from '../helpers/factories.js';

const pypi = ecosystemFor('pypi');
const npm = ecosystemFor('npm');

/** Facts of a PyPI package locked at `locked`, with these releases (oldest first, a month apart). */
function pypiFacts(
	versions: string[],
	locked: string,
	dependencies?: Record<string, VersionFacts['dependencies']>,
) {
	const base = makeFacts({ecosystem: 'pypi', name: 'lib', version: locked});
	const releases: VersionFacts[] = versions.map((version, index) => ({
		version,
		published: new Date(Date.UTC(2025, index, 1)).toISOString(),
		publishedBy: null,
		deprecated: null,
		yanked: false,
		yankedReason: null,
		...(dependencies?.[version] === undefined ? {} : {dependencies: dependencies[version]}),
	}));
	const metadata = {...base.metadata!, ecosystem: 'pypi' as const, versions: releases};
	return {...base, metadata, locked: releases.find((release) => release.version === locked)!} as PackageFacts;
}

test('PyPI: the locked and the previous release in its line, when their dependencies are unknown', () => {
	assert.deepEqual(versionsToCompare(pypi, pypiFacts(['1.0.0', '1.1.0', '2.0.0', '1.2.0'], '1.2.0')), [
		'1.2.0',
		'1.1.0',
	]);
	// Already known (a cached or fetched list): not asked again.
	assert.deepEqual(versionsToCompare(pypi, pypiFacts(['1.0.0', '1.1.0'], '1.1.0', {'1.0.0': {prod: {}}})), [
		'1.1.0',
	]);
	// The first release has nothing to be compared with; npm's packument has every version's already.
	assert.deepEqual(versionsToCompare(pypi, pypiFacts(['1.0.0'], '1.0.0')), []);
	assert.deepEqual(versionsToCompare(npm, {...pypiFacts(['1.0.0', '1.1.0'], '1.1.0'), ecosystem: 'npm'}), []);
	assert.deepEqual(versionsToCompare(pypi, {...pypiFacts(['1.0.0', '1.1.0'], '1.1.0'), locked: null}), []);
});

test('what installing it installs: extras left out, environment markers kept', () => {
	assert.deepEqual(
		versionDependenciesOf({
			dependencies: [
				{name: 'idna', range: '>=2.5', kind: 'prod', text: 'idna>=2.5'},
				{name: 'pysocks', range: '>=1.5.6', kind: 'prod', marker: 'extra == "socks"', text: 'PySocks'},
				{name: 'colorama', range: '', kind: 'prod', marker: 'sys_platform == "win32"', text: 'colorama'},
				{name: 'pytest', range: '', kind: 'dev', text: 'pytest'},
			],
		}),
		{prod: {idna: '>=2.5', colorama: ''}},
	);
});

test('the facts with the found dependencies, on a copy: the shared metadata is left as it was', () => {
	const facts = pypiFacts(['1.0.0', '1.1.0'], '1.1.0');
	const patched = withVersionDependencies(
		facts,
		new Map<string, VersionDependencies>([
			['1.1.0', {prod: {evil: '>=0.1'}}],
			['1.0.0', {prod: {}}],
		]),
	);
	assert.deepEqual(patched.locked?.dependencies, {prod: {evil: '>=0.1'}});
	assert.equal(patched.metadata!.versions[1], patched.locked, 'locked is one of the versions (by identity)');
	assert.deepEqual(patched.metadata!.versions[0]!.dependencies, {prod: {}});
	assert.equal(facts.locked?.dependencies, undefined);
	assert.equal(withVersionDependencies(facts, new Map()), facts);
});
