import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {parseCoreMetadata, parseVersionJson} from '../../../source/ecosystems/pypi/core-metadata.js';
import {poetryToPep440, pythonConstraintMarker} from '../../../source/ecosystems/pypi/poetry-constraints.js';
import {HttpFailure} from '../../../source/registries/http.js';

describe('core metadata (PEP 658)', () => {
	test('Requires-Dist lines of the header block, names normalised, extras and markers kept', () => {
		const list = parseCoreMetadata(
			[
				'Metadata-Version: 2.1',
				'Name: requests',
				'Version: 2.32.3',
				'Requires-Dist: charset_normalizer<4,>=2',
				'Requires-Dist: PySocks!=1.5.7,>=1.5.6; extra == "socks"',
				'Requires-Dist: tomli>=1.1.0;',
				'  python_version < "3.11"',
				'Requires-Dist: mylib @ https://example.com/mylib-1.0.tar.gz',
				'',
				'Requires-Dist: not-a-header',
			].join('\r\n'),
		);
		assert.deepEqual(
			list.dependencies.map((dependency) => [
				dependency.name,
				dependency.range,
				dependency.extras ?? [],
				dependency.marker,
			]),
			[
				['charset-normalizer', '<4,>=2', [], undefined],
				['pysocks', '!=1.5.7,>=1.5.6', [], 'extra == "socks"'],
				['tomli', '>=1.1.0', [], 'python_version < "3.11"'],
				['mylib', '', [], undefined],
			],
		);
		assert.equal(list.dependencies[3]!.source, 'url');
		assert.equal(list.caveat, undefined);
	});

	test('a body that is no metadata file is invalid', () => {
		assert.throws(() => parseCoreMetadata('<html>not found</html>'), HttpFailure);
	});

	test('the JSON API: requires_dist, or null said so', () => {
		assert.deepEqual(
			parseVersionJson({info: {requires_dist: ['idna<4,>=2.5', 42]}}).dependencies.map(
				(dependency) => dependency.name,
			),
			['idna'],
		);
		const none = parseVersionJson({info: {requires_dist: null}});
		assert.deepEqual(none.dependencies, []);
		assert.match(none.caveat ?? '', /requires_dist is null/);
		assert.throws(() => parseVersionJson({info: {requires_dist: 'x'}}), HttpFailure);
	});
});

describe('poetry constraints as PEP 440', () => {
	test('carets, tildes, bare versions and ranges', () => {
		const cases: Array<[string, string]> = [
			['^1.2.3', '>=1.2.3,<2.0.0'],
			['^0.2.3', '>=0.2.3,<0.3.0'],
			['^0.0.3', '>=0.0.3,<0.0.4'],
			['^1.2', '>=1.2,<2.0'],
			['^0', '>=0,<1'],
			['~1.2.3', '>=1.2.3,<1.3.0'],
			['~1.2', '>=1.2,<1.3'],
			['~1', '>=1,<2'],
			['~=1.4', '~=1.4'],
			['1.2.3', '==1.2.3'],
			['1.2.*', '==1.2.*'],
			['>=1.0,<2.0', '>=1.0,<2.0'],
			['>=1.0 <2.0', '>=1.0,<2.0'],
			['*', ''],
			['', ''],
			['^1.0 || ^2.0', '>=2.0,<3.0'],
		];
		for (const [poetry, pep440] of cases) assert.equal(poetryToPep440(poetry), pep440, poetry);
	});

	test('a python constraint as a marker', () => {
		assert.equal(
			pythonConstraintMarker('^3.9'),
			'python_full_version >= "3.9" and python_full_version < "4.0"',
		);
		assert.equal(pythonConstraintMarker('*'), undefined);
	});
});
