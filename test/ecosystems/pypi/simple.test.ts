import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {pypiEcosystem} from '../../../source/ecosystems/pypi/index.js';
import {
	parseSimpleJson,
	type SimpleProject,
	versionOfFilename,
} from '../../../source/ecosystems/pypi/simple.js';
import {HttpFailure} from '../../../source/registries/http.js';
import {type RegistryServer, startRegistryServer} from '../../helpers/registry-server.js';
import {fetchKind} from '../../helpers/requests.js';

let server: RegistryServer;
before(async () => {
	server = await startRegistryServer({
		dataset: {
			npm: [],
			pypi: [
				{
					name: 'Typing_Extensions',
					status: 'quarantined',
					statusReason: 'malware reported',
					releases: [
						{version: '4.12.0', daysAgo: 300},
						{version: '4.12.2', daysAgo: 200, provenance: true},
						{version: '4.13.0', daysAgo: 10, yanked: 'broken'},
						{version: '5.0.0a1', daysAgo: null},
					],
					dailyDownloads: 10,
				},
			],
		},
	});
});
after(async () => {
	await server.close();
});

describe('PyPI simple JSON (PEP 691)', () => {
	test('files per release: upload time, yanked, core-metadata, provenance; the project status', async () => {
		const outcome = await fetchKind<SimpleProject>('pypi', 'simple', server.pypiUrl, 'typing-extensions');
		assert.equal(outcome.status, 'ok');
		if (outcome.status !== 'ok') return;
		assert.equal(server.requests.at(-1)?.path, '/pypi/simple/typing-extensions/');
		assert.equal(server.requests.at(-1)?.headers.accept, 'application/vnd.pypi.simple.v1+json');
		const project = outcome.value;
		assert.equal(project.name, 'typing-extensions');
		assert.equal(project.status, 'quarantined');
		assert.equal(project.statusReason, 'malware reported');
		assert.deepEqual(Object.keys(project.releases), ['4.12.0', '4.12.2', '4.13.0', '5.0.0a1']);
		assert.deepEqual(project.releases['5.0.0a1'], [], 'a version without files (PEP 700 versions)');
		const [sdist, wheel] = project.releases['4.12.2']!;
		assert.equal(sdist?.kind, 'sdist');
		assert.equal(sdist?.coreMetadata, false);
		assert.equal(wheel?.kind, 'wheel');
		assert.equal(wheel?.coreMetadata, true);
		assert.match(wheel?.provenance ?? '', /\/integrity\/Typing_Extensions\/4\.12\.2\//);
		assert.equal(project.releases['4.12.0']![0]!.provenance, null);
		assert.equal(project.releases['4.13.0']![0]!.yanked, 'broken');
		assert.match(wheel?.uploadTime ?? '', /^\d{4}-\d\d-\d\dT/);
	});

	test('relative file URLs resolve against the page; unknown statuses are active', () => {
		const project = parseSimpleJson(
			{
				name: 'Six',
				files: [{filename: 'six-1.17.0-py2.py3-none-any.whl', url: '../../packages/six.whl', yanked: true}],
				'project-status': {status: 'sunset'},
			},
			'https://mirror.example/simple/six/',
		);
		assert.equal(project.releases['1.17.0']![0]!.url, 'https://mirror.example/packages/six.whl');
		assert.equal(project.releases['1.17.0']![0]!.yanked, '');
		assert.equal(project.status, 'active');
	});

	test('the version of a file name, names with dashes included', () => {
		assert.deepEqual(versionOfFilename('python-dateutil-2.9.0.post0.tar.gz', 'python-dateutil'), {
			version: '2.9.0.post0',
			kind: 'sdist',
		});
		assert.deepEqual(
			versionOfFilename('python_dateutil-2.9.0.post0-py2.py3-none-any.whl', 'python-dateutil'),
			{
				version: '2.9.0.post0',
				kind: 'wheel',
			},
		);
		assert.deepEqual(versionOfFilename('Django-4.2.zip', 'django'), {version: '4.2', kind: 'sdist'});
		assert.equal(versionOfFilename('other-1.0.tar.gz', 'django'), null);
	});

	test('not a simple page → invalid', () => {
		assert.throws(() => parseSimpleJson({meta: {}}, 'https://pypi.org/simple/x/'), HttpFailure);
		// Another project's page is not this one's; the name as PyPI normalises it is.
		const page = (name: string) => ({meta: {'api-version': '1.1'}, name, files: []});
		assert.throws(
			() => parseSimpleJson(page('evil-pkg'), 'https://pypi.org/simple/requests/', 'requests'),
			/the simple index is for "evil-pkg"/,
		);
		assert.equal(
			parseSimpleJson(
				page('Charset_Normalizer'),
				'https://pypi.org/simple/charset-normalizer/',
				'charset-normalizer',
			).name,
			'charset-normalizer',
		);
	});

	test('a major api-version other than 1 is not read (PEP 629); a 1.x one is', async () => {
		const page = (meta: unknown) => ({
			meta,
			name: 'x',
			files: [{filename: 'x-1.0.tar.gz', url: 'x-1.0.tar.gz', yanked: false}],
		});
		for (const version of ['2.0', '0.9', 1, 'banana', null])
			assert.throws(
				() => parseSimpleJson(page({'api-version': version}), 'https://pypi.org/simple/x/', 'x'),
				(error: unknown) => error instanceof HttpFailure && /is not 1\.x/.test(error.message),
				String(version),
			);
		for (const meta of [{'api-version': '1.0'}, {'api-version': '1.4'}, {}, undefined])
			assert.deepEqual(Object.keys(parseSimpleJson(page(meta), 'https://pypi.org/simple/x/', 'x').releases), [
				'1.0',
			]);
		// Over HTTP: a page of version 2.0 fails that request, with the reason.
		server.setFault({
			kind: 'pypi-simple',
			name: 'typing-extensions',
			times: 1,
			respond: (_request, response) => {
				response.setHeader('content-type', 'application/vnd.pypi.simple.v1+json');
				response.end(JSON.stringify({...page({'api-version': '2.0'}), name: 'typing-extensions'}));
			},
		});
		await assert.rejects(
			fetchKind<SimpleProject>('pypi', 'simple', server.pypiUrl, 'typing-extensions'),
			(error: unknown) =>
				error instanceof HttpFailure && error.kind === 'invalid' && /"2\.0" is not 1\.x/.test(error.message),
		);
	});

	test("another project's wheel is not a release; an upload time in the future or not a date is unknown", () => {
		const now = new Date('2026-06-01T00:00:00Z');
		const project = parseSimpleJson(
			{
				meta: {'api-version': '1.1'},
				name: 'requests',
				files: [
					{filename: 'evil-99.0-py3-none-any.whl', url: 'evil.whl', 'core-metadata': true},
					{filename: 'requests-2.0-py3-none-any.whl', url: 'a.whl', 'upload-time': '2099-01-01T00:00:00Z'},
					{filename: 'requests-2.0.tar.gz', url: 'a.tar.gz', 'upload-time': '12'},
					{filename: 'requests-2.1.tar.gz', url: 'b.tar.gz', 'upload-time': '2026-05-01T10:00:00.5Z'},
				],
			},
			'https://pypi.org/simple/requests/',
			'requests',
			now,
		);
		assert.deepEqual(Object.keys(project.releases), ['2.0', '2.1']);
		assert.deepEqual(
			Object.values(project.releases).flatMap((files) => files.map((file) => file.uploadTime)),
			[null, null, '2026-05-01T10:00:00.500Z'],
		);
		assert.equal(versionOfFilename('evil-99.0-py3-none-any.whl', 'requests'), null);
	});

	test('assemble maps provenance, pre-releases and the status into the neutral facts', async () => {
		const simple = await fetchKind<SimpleProject>('pypi', 'simple', server.pypiUrl, 'typing-extensions');
		const json = await fetchKind('pypi', 'metadata', server.pypiUrl, 'typing-extensions');
		assert.ok(simple.status === 'ok' && json.status === 'ok');
		const assembled = pypiEcosystem.registry.assemble(
			new Map<string, unknown>([
				['metadata', json.value],
				['simple', simple.value],
			]),
		);
		const versions = new Map(assembled.metadata!.versions.map((version) => [version.version, version]));
		assert.equal(versions.get('4.12.2')!.provenance, true, 'PEP 740 provenance on its files');
		assert.equal(versions.get('4.12.0')!.provenance, undefined, 'no provenance: no key');
		assert.equal(versions.get('5.0.0a1')?.prerelease, true);
		assert.deepEqual(assembled.metadata!.coverage, {provenance: true});
		assert.deepEqual(assembled.metadata!.status, {state: 'quarantined', reason: 'malware reported'});
		// Without the simple index: provenance unknown, no status (and the cached document itself, unchanged).
		const alone = pypiEcosystem.registry.assemble(new Map<string, unknown>([['metadata', json.value]]));
		assert.equal(alone.metadata!.coverage, undefined);
		assert.equal(alone.metadata!.status, undefined);
	});
});
