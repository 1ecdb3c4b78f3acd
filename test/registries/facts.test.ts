import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {ecosystemFor} from '../../source/ecosystems/index.js';
import {buildPackageFacts} from '../../source/registries/facts.js';
import type {PackageMetadata, VersionFacts} from '../../source/registries/types.js';

const version = (v: string): VersionFacts => ({
	version: v,
	published: '2025-01-01T00:00:00.000Z',
	publishedBy: null,
	deprecated: null,
	yanked: false,
	yankedReason: null,
});

const metadata: PackageMetadata = {
	ecosystem: 'pypi',
	name: 'idna',
	publishers: [{name: 'kjd', role: 'Owner'}],
	organization: null,
	latestVersion: '3.10',
	versions: [version('3.0'), version('3.10')],
	firstPublished: '2025-01-01T00:00:00.000Z',
	lastPublished: '2025-01-01T00:00:00.000Z',
	repository: null,
	unpublished: false,
};

describe('facts', () => {
	test('the locked version is found, PEP 440 spellings included on PyPI', () => {
		const pypi = ecosystemFor('pypi').versions;
		assert.equal(pypi.find(metadata.versions, '3.10')?.version, '3.10');
		assert.equal(pypi.find(metadata.versions, '3.0.0')?.version, '3.0');
		assert.equal(pypi.find(metadata.versions, 'v3.10')?.version, '3.10');
		assert.equal(pypi.find(metadata.versions, '3.1'), null);
		assert.equal(
			ecosystemFor('npm').versions.find(metadata.versions, '3.0.0'),
			null,
			'npm versions are exact',
		);
	});

	test('errors from both kinds are kept; unknowns stay null', () => {
		const facts = buildPackageFacts(
			{ecosystem: 'pypi', name: 'idna', version: '9.9'},
			ecosystemFor('pypi'),
			new Map([
				[
					'metadata',
					{
						value: metadata,
						origin: {url: 'https://pypi.org/pypi/idna/json', fetchedAt: 'x', fromCache: false},
						error: null,
					},
				],
				['downloads', {value: null, origin: null, error: 'downloads: timeout'}],
			]),
		);
		assert.equal(facts.locked, null);
		assert.equal(facts.behindLatest, 0, '9.9 is above every release');
		assert.equal(facts.downloads, null);
		assert.equal(facts.metadata, metadata);
		assert.deepEqual(facts.errors, ['downloads: timeout']);
		assert.equal(facts.lockedVersion, '9.9');
		assert.equal(facts.origins.downloads, null);
	});

	test("the lockfile's install-script mark reaches the facts, with nothing fetched", () => {
		const facts = buildPackageFacts(
			{ecosystem: 'npm', name: 'es5-ext', version: '0.10.64', hasInstallScript: true},
			ecosystemFor('npm'),
			new Map([
				['metadata', {value: null, origin: null, error: 'metadata: offline: not in cache'}],
				['downloads', {value: null, origin: null, error: 'downloads: offline: not in cache'}],
			]),
		);
		assert.equal(facts.lockfileInstallScript, true);
		const plain = buildPackageFacts(
			{ecosystem: 'npm', name: 'ms', version: '2.1.3'},
			ecosystemFor('npm'),
			new Map(),
		);
		assert.equal('lockfileInstallScript' in plain, false);
	});
});
