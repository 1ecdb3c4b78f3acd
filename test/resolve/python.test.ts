import assert from 'node:assert/strict';
import {after, before, beforeEach, describe, test} from 'node:test';
import {loadProject} from '../../source/lockfiles/index.js';
import {packageSpecGraph} from '../../source/resolve/package-specs.js';
import {fixturePath} from '../helpers/paths.js';
import {temporaryDirectory} from '../helpers/registry-scan.js';
import {type RegistryServer, startRegistryServer} from '../helpers/registry-server.js';
import {resolveFiles, scanToEnd} from '../helpers/resolve-scan.js';

let server: RegistryServer;
before(async () => {
	server = await startRegistryServer();
});
after(async () => {
	await server.close();
});
beforeEach(() => {
	server.clearFaults();
	server.resetRequests();
});

const freeze =
	'certifi==2025.4.26\ncharset-normalizer==3.4.1\nidna==3.10\nrequests==2.32.3\nurllib3==2.4.0\n';
const requests = 'pypi:requests@2.32.3';
const four = [
	'pypi:certifi@2025.4.26',
	'pypi:charset-normalizer@3.4.1',
	'pypi:idna@3.10',
	'pypi:urllib3@2.4.0',
];

describe('a flat Python lock gets its edges from each locked version’s metadata', () => {
	test('the five-package pip freeze: requests gets exactly its four children and is the only direct one', async () => {
		const result = await scanToEnd(loadProject({directory: fixturePath('resolve', 'pip-freeze')}), server);
		assert.deepEqual(result.initial.roots[0]!.dependencies.length, 5, 'the first frame: five flat packages');
		assert.deepEqual(result.children(requests), four);
		assert.deepEqual(result.direct(), [requests]);
		for (const id of four) {
			const node = result.pkg(id);
			assert.deepEqual([node.direct, node.locked, node.edgesFrom], [false, undefined, 'registry'], id);
		}

		assert.equal(result.pkg(requests).edgesFrom, 'registry');
		assert.match(
			result.pkg(requests).origin?.edges ?? '',
			/core metadata of requests-2\.32\.3-.*\.whl \(PEP 658\)/,
		);
		assert.deepEqual(result.graph.warnings, []);
		// Economy: the documents fetched for scoring, plus one metadata file per (name, version) — the locked one's
		// (its edges, and what it added) and, where there is one, the release before it (what it had).
		for (const name of ['requests', 'certifi', 'idna', 'charset-normalizer', 'urllib3']) {
			assert.equal(server.count('pypi', name), 1, name);
			assert.equal(server.count('pypi-simple', name), 1, name);
			assert.equal(server.count('pypi-metadata', name), 2, name);
		}

		assert.equal(server.count('pypi-version'), 0, 'every release has a wheel with .metadata');
		assert.equal(result.facts.size, 5);
		assert.ok(result.events.some((event) => event.type === 'graph'));
	});

	test('names are matched normalised (Charset_Normalizer), extras asked for on a pin are followed', async () => {
		const result = await resolveFiles(
			{
				'requirements.txt': freeze
					.replace('charset-normalizer==', 'Charset_Normalizer==')
					.replace('requests==', 'requests[socks]==')
					.concat('PySocks==1.7.1\n'),
			},
			server,
		);
		assert.deepEqual(result.children(requests), [...four.slice(0, 3), 'pypi:pysocks@1.7.1', four[3]!]);
		assert.deepEqual(result.direct(), [requests]);
	});

	test('markers: false ones add no edge (colorama on win32, tomli below 3.11), a true one does', async () => {
		const result = await resolveFiles(
			{'requirements.txt': 'black==25.1.0\nclick==8.1.8\ncolorama==0.4.6\npackaging==24.2\ntomli==2.2.1\n'},
			server,
		);
		assert.deepEqual(result.children('pypi:black@25.1.0'), ['pypi:click@8.1.8', 'pypi:packaging@24.2']);
		assert.deepEqual(result.children('pypi:click@8.1.8'), []);
		// Nothing requires colorama or tomli here: still direct, still shown.
		assert.deepEqual(result.direct(), ['pypi:black@25.1.0', 'pypi:colorama@0.4.6', 'pypi:tomli@2.2.1']);
	});

	test('the target environment is a setting: on Windows with Python 3.10 both markers hold', async () => {
		const result = await resolveFiles(
			{'requirements.txt': 'black==25.1.0\nclick==8.1.8\ncolorama==0.4.6\npackaging==24.2\ntomli==2.2.1\n'},
			server,
			{environments: {pypi: '3.10/windows-amd64/cpython'}},
		);
		assert.deepEqual(result.children('pypi:black@25.1.0'), [
			'pypi:click@8.1.8',
			'pypi:packaging@24.2',
			'pypi:tomli@2.2.1',
		]);
		assert.deepEqual(result.children('pypi:click@8.1.8'), ['pypi:colorama@0.4.6']);
		assert.deepEqual(result.direct(), ['pypi:black@25.1.0']);
	});

	test('metadata missing: edges "none", said so; requires_dist null: "registry", said so; sdist only: the JSON', async () => {
		const result = await resolveFiles(
			{'requirements.txt': 'mystery-pkg==1.0.0\ncffi==1.17.1\npycparser==2.22\n'},
			server,
		);
		const mystery = result.pkg('pypi:mystery-pkg@1.0.0');
		assert.deepEqual([mystery.edgesFrom, mystery.direct], ['none', true]);
		assert.match(mystery.origin?.edges ?? '', /^unknown: /);
		assert.ok(
			result.graph.warnings.some((warning) =>
				/requirements\.txt: dependencies of 1 package unknown \(.*\): mystery-pkg 1\.0\.0/.test(warning),
			),
			result.graph.warnings.join('\n'),
		);
		assert.deepEqual(result.children('pypi:cffi@1.17.1'), ['pypi:pycparser@2.22']);
		assert.equal(result.pkg('pypi:pycparser@2.22').edgesFrom, 'registry');
		assert.ok(
			result.graph.warnings.some((warning) => /pycparser 2\.22: requires_dist is null/.test(warning)),
		);
		assert.equal(server.count('pypi-version', 'cffi'), 1, 'no .metadata: the per-version JSON');
		assert.equal(server.count('pypi-metadata'), 0);
	});

	test('a name the lock requires but does not list is added (resolved, not locked) with a warning', async () => {
		const result = await resolveFiles({'requirements.txt': 'requests==2.32.3\nidna==3.10\n'}, server);
		assert.deepEqual(result.children(requests), [
			'pypi:certifi@2025.4.26',
			'pypi:charset-normalizer@3.4.1',
			'pypi:idna@3.10',
			'pypi:urllib3@2.4.0',
		]);
		assert.equal(result.pkg('pypi:idna@3.10').locked, undefined, 'the locked one is used');
		assert.equal(result.pkg('pypi:certifi@2025.4.26').locked, false);
		assert.ok(
			result.graph.warnings.some((warning) =>
				/requests 2\.32\.3 requires certifi>=2017\.4\.17 .*not in the lockfile: added certifi 2025\.4\.26/.test(
					warning,
				),
			),
		);
		assert.ok(result.graph.warnings.some((warning) => /resolved 3 packages itself/.test(warning)));
	});

	test('a pip-compile .in beside a flat file says what is direct', async () => {
		const result = await resolveFiles(
			{
				'requirements.txt': `${freeze}six==1.17.0\n`,
				'requirements.in': 'requests\nidna  # wanted directly too\n',
			},
			server,
		);
		assert.deepEqual(result.direct(), ['pypi:idna@3.10', requests, 'pypi:six@1.17.0']);
	});

	test('a cycle: both members linked, one of them direct', async () => {
		const result = await resolveFiles({'requirements.txt': 'cycle-a==1.0.0\ncycle-b==1.0.0\n'}, server);
		assert.deepEqual(result.children('pypi:cycle-a@1.0.0'), ['pypi:cycle-b@1.0.0']);
		assert.deepEqual(result.children('pypi:cycle-b@1.0.0'), ['pypi:cycle-a@1.0.0']);
		assert.deepEqual(result.direct(), ['pypi:cycle-a@1.0.0']);
	});

	test('Pipfile.lock: develop stays dev, default prod, and edges from the registry', async () => {
		const lock = {
			_meta: {'pipfile-spec': 6, hash: {sha256: 'x'}, requires: {python_version: '3.12'}, sources: []},
			default: {
				requests: {version: '==2.32.3'},
				certifi: {version: '==2025.4.26'},
				'charset-normalizer': {version: '==3.4.1'},
				idna: {version: '==3.10'},
				urllib3: {version: '==2.4.0'},
			},
			develop: {black: {version: '==25.1.0'}, click: {version: '==8.1.8'}, packaging: {version: '==24.2'}},
		};
		const result = await resolveFiles({'Pipfile.lock': JSON.stringify(lock)}, server);
		assert.deepEqual(result.children(requests), four);
		assert.deepEqual(result.direct(), ['pypi:black@25.1.0', requests]);
		assert.deepEqual(
			['pypi:black@25.1.0', 'pypi:click@8.1.8', 'pypi:certifi@2025.4.26'].map((id) => result.pkg(id).dev),
			[true, true, false],
		);
	});

	test('offline: a warm cache gives the same tree without a request; a cold one leaves the edges unknown', async () => {
		const cache = temporaryDirectory();
		try {
			const graph = loadProject({directory: fixturePath('resolve', 'pip-freeze')});
			await scanToEnd(graph, server, {cacheDir: cache.path});
			server.resetRequests();
			const warm = await scanToEnd(graph, server, {cacheDir: cache.path, offline: true});
			assert.equal(server.requests.length, 0);
			assert.deepEqual(warm.children(requests), four);
			// The metadata of a version never changes: even --refresh reads it from the cache.
			await scanToEnd(graph, server, {cacheDir: cache.path, refresh: true});
			assert.equal(server.count('pypi-metadata'), 0);
			const cold = await scanToEnd(graph, server, {offline: true});
			assert.deepEqual(cold.children(requests), []);
			assert.equal(cold.pkg(requests).edgesFrom, 'none');
			assert.equal(cold.direct().length, 5, 'nothing is dropped');
		} finally {
			cache.remove();
		}
	});
});

describe('unpinned and loosely pinned requirements are resolved, never dropped', () => {
	test('newest satisfying, pre-releases and yanked releases left out, includes read, transitively', async () => {
		const result = await scanToEnd(loadProject({directory: fixturePath('resolve', 'unpinned')}), server);
		const initial = [...result.initial.packages.keys()];
		assert.deepEqual(initial, [
			'pypi:black@unknown',
			'pypi:requests@unknown',
			'pypi:brotlipy@unknown',
			'pypi:cycle-a@unknown',
			'pypi:idna@unknown',
			'pypi:urllib3@unknown',
		]);
		assert.deepEqual(result.graph.roots[0]!.dependencies, [
			'pypi:black@25.1.0',
			'pypi:requests@2.32.4',
			'pypi:brotlipy@0.7.0',
			'pypi:cycle-a@1.0.0',
			'pypi:idna@unknown',
			'pypi:urllib3@2.4.0',
		]);
		// black 25.2.0b1 is a pre-release; urllib3 3.0.0 needs Python 3.13; `==0.7.*` is a wildcard.
		assert.deepEqual(result.children('pypi:requests@2.32.4'), [
			'pypi:certifi@2025.4.26',
			'pypi:charset-normalizer@3.4.1',
			'pypi:idna@3.10',
			'pypi:pysocks@1.7.1',
			'pypi:urllib3@2.4.0',
		]);
		assert.deepEqual(result.children('pypi:brotlipy@0.7.0'), ['pypi:cffi@1.17.1']);
		assert.deepEqual(result.children('pypi:cffi@1.17.1'), ['pypi:pycparser@2.22']);
		assert.deepEqual(result.children('pypi:cycle-b@1.0.0'), ['pypi:cycle-a@1.0.0']);
		for (const node of result.graph.packages.values()) assert.equal(node.locked, false, node.id);
		assert.match(
			result.pkg('pypi:requests@2.32.4').origin?.version ?? '',
			/newest release satisfying >=2, for requests\[socks\]>=2 \(.*requirements\.txt:3\)/,
		);
		// Declared lines stay direct even when another package requires them.
		assert.equal(result.pkg('pypi:urllib3@2.4.0').direct, true);
		// The unsatisfiable range: kept, with an unknown version and why.
		const idna = result.pkg('pypi:idna@unknown');
		assert.match(idna.origin?.version ?? '', /not resolved: no release satisfies >=99/);
		const warnings = result.graph.warnings.join('\n');
		assert.match(warnings, /requirements\.txt: commit-tui resolved 14 packages itself/);
		assert.match(
			warnings,
			/1 requirement not resolved \(shown with version unknown\): idna>=99 \(.*more\.txt:2\): no release satisfies >=99/,
		);
		assert.equal(result.facts.has('pypi:idna@unknown'), true, 'the name is still scored');
		assert.equal(result.facts.get('pypi:idna@unknown')?.unresolved, true);
	});

	test('pre-releases when the specifier names one; yanked only when pinned exactly; requires-python', async () => {
		const result = await resolveFiles(
			{'requirements.txt': 'black>=25.2.0b1\nrequests==2.32.0\nurllib3\nidna>2,<3.8\n'},
			server,
			{environments: {pypi: '3.13/linux-x86_64/cpython'}},
		);
		assert.deepEqual(result.direct(), [
			'pypi:black@25.2.0b1',
			'pypi:idna@3.7',
			'pypi:requests@2.32.0',
			'pypi:urllib3@3.0.0',
		]);
		assert.equal(result.pkg('pypi:requests@2.32.0').locked, undefined, 'a == line is a pin: locked');
		const exact = await scanToEnd(packageSpecGraph(['pypi:requests==2.32.0']), server);
		assert.match(exact.pkg('pypi:requests@2.32.0').origin?.version ?? '', /yanked, but pinned exactly/);
		const yanked = await resolveFiles({'requirements.txt': 'requests>=2.32,<2.32.2\n'}, server);
		assert.match(
			yanked.pkg('pypi:requests@unknown').origin?.version ?? '',
			/every release satisfying >=2\.32,<2\.32\.2 is yanked/,
		);
	});

	test('a conflict is a warning naming both requirements; the first choice stays (no backtracking)', async () => {
		// The queue decides, not which answer arrives first: urllib3's documents are the slowest here.
		server.setFault({kind: 'pypi', name: 'urllib3', latencyMs: 200});
		server.setFault({kind: 'pypi-simple', name: 'urllib3', latencyMs: 200});
		const result = await resolveFiles({'requirements.txt': 'urllib3<2.3\nneeds-new-urllib3\n'}, server);
		assert.deepEqual(result.children('pypi:needs-new-urllib3@1.0.0'), ['pypi:urllib3@2.2.3']);
		const conflicts = result.graph.warnings.filter((warning) => warning.includes('conflict'));
		assert.equal(conflicts.length, 1, result.graph.warnings.join('\n'));
		assert.match(
			conflicts[0]!,
			/conflict: urllib3>=2\.4 \(required by needs-new-urllib3 1\.0\.0\) is not satisfied by urllib3 2\.2\.3, chosen for urllib3<2\.3 \(.*requirements\.txt:1\); kept 2\.2\.3 \(no backtracking\)/,
		);
		// A pin and an unpinned line of the same name: the pin wins, said so.
		const pinned = await resolveFiles({'requirements.txt': 'urllib3==2.2.2\nurllib3>=2.3\n'}, server);
		assert.deepEqual(pinned.direct(), ['pypi:urllib3@2.2.2']);
		assert.match(
			pinned.graph.warnings.join('\n'),
			/conflict: urllib3>=2\.3 .* chosen for urllib3 2\.2\.2 locked in requirements\.txt/,
		);
	});
});
