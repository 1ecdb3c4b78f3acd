import assert from 'node:assert/strict';
import {test} from 'node:test';
import {ecosystems} from '../../source/ecosystems/index.js';
import type {EcosystemModule, RequestSpec} from '../../source/ecosystems/types.js';
import {predatesLockedVersion, unlistedVersions} from '../../source/scan/unlisted-versions.js';

const ecosystem = (id: string): EcosystemModule => ecosystems.find((each) => each.id === id)!;
const request = (id: string, kind: string): RequestSpec =>
	ecosystem(id).registry.requests.find((each) => each.kind === kind)!;
const metadata = (...versions: string[]) => ({versions: versions.map((version) => ({version}))});

test('the locked versions an answer does not list: exactly, or under the ecosystem’s rules', () => {
	const npm = request('npm', 'metadata');
	const rules = ecosystem('npm').versions;
	assert.deepEqual(unlistedVersions(npm, metadata('4.4.0', '4.4.1'), ['4.4.1'], rules), []);
	assert.deepEqual(unlistedVersions(npm, metadata('4.4.0', '4.4.1'), ['4.4.1', '4.4.2'], rules), ['4.4.2']);
	// PEP 440: 2.0 is 2.0.0; the simple index lists releases by key.
	const pypi = ecosystem('pypi').versions;
	assert.deepEqual(
		unlistedVersions(request('pypi', 'metadata'), metadata('2.0', '2.1'), ['2.0.0'], pypi),
		[],
	);
	assert.deepEqual(
		unlistedVersions(
			request('pypi', 'simple'),
			{releases: {'2.0': [], '2.1rc1': []}},
			['2.1', '2.1.0rc1'],
			pypi,
		),
		['2.1'],
	);
	// crates.io: the crate document's `num`, the index file's `version`.
	const cargo = ecosystem('cargo').versions;
	assert.deepEqual(
		unlistedVersions(request('cargo', 'metadata'), {versions: [{num: '1.0.0'}]}, ['1.0.1'], cargo),
		['1.0.1'],
	);
	assert.deepEqual(
		unlistedVersions(request('cargo', 'index'), {versions: [{version: '1.0.1'}]}, ['1.0.1'], cargo),
		[],
	);
	// Download counts list no versions; "not found" is not asked again before it expires.
	assert.deepEqual(unlistedVersions(request('npm', 'downloads'), {daily: []}, ['9.9.9'], rules), []);
	assert.deepEqual(unlistedVersions(npm, null, ['9.9.9'], rules), []);
});

test('an answer is asked for again only for a version it did not already lack when fetched', () => {
	const npm = request('npm', 'metadata');
	const rules = ecosystem('npm').versions;
	const value = metadata('1.0.0');
	assert.equal(predatesLockedVersion(npm, {value}, ['1.0.1'], rules), true);
	assert.equal(predatesLockedVersion(npm, {value, absent: ['1.0.1']}, ['1.0.1'], rules), false);
	assert.equal(predatesLockedVersion(npm, {value, absent: ['1.0.1']}, ['1.0.1', '1.0.2'], rules), true);
	assert.equal(predatesLockedVersion(npm, {value}, ['1.0.0'], rules), false);
});
