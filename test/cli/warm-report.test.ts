import assert from 'node:assert/strict';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {renderReportChunks} from '../../source/report/index.js';
import {headlessReportInput, type ReportTrees, startReportTrees} from '../helpers/headless-report.js';
import {repoRoot} from '../helpers/paths.js';
import {registryNow} from '../helpers/registry-data.js';
import {serverScanOptions, temporaryDirectory} from '../helpers/registry-scan.js';
import type {RegistryServer} from '../helpers/registry-server.js';

/**
 * A warm run owes the user the cold run's report (issue 15: whatever makes a warm run cheaper — facts read from the
 * packed cache, what is derived once per name and reused — must not change a byte). Each tree is scanned cold into
 * a fresh cache, then again from that cache, both with the same fixed clock, release evidence and advisories, and
 * the JSON reports compared whole; the warm run asks the server nothing.
 */

const folder = temporaryDirectory();
const now = new Date(registryNow);

type Tree = {readonly label: string; readonly directory: string; readonly server: RegistryServer};
const trees: Tree[] = [];

/** The tree scanned and scored as the headless CLI does, as its JSON report. */
async function jsonReport(tree: Tree, cacheDir: string): Promise<string> {
	const options = serverScanOptions(tree.server, {
		cacheDir,
		now: () => now.getTime(),
		// Cached advisory answers are used for a day by default: the warm run reads them too.
		advisories: {enabled: true, exportFiles: [], queryLifetimeMs: 86_400_000},
	});
	const {input} = await headlessReportInput(tree.directory, options, now);
	return [...renderReportChunks('json', input)].join('');
}

let servedTrees: ReportTrees | undefined;

before(async () => {
	const served = (servedTrees = await startReportTrees(folder.path));
	const fixtures = path.join(repoRoot, 'test', 'fixtures', 'cli');
	const releaseServer = served.release.server;
	trees.push(
		{label: 'the 2,350-entry bench tree', ...served.large},
		{label: 'the release fixture (evidence, advisories)', ...served.release},
		{label: 'a PyPI project', directory: path.join(fixtures, 'py-app'), server: releaseServer},
		{label: 'a Cargo project', directory: path.join(fixtures, 'rust-app'), server: releaseServer},
	);
});

after(async () => {
	await servedTrees?.close();
	folder.remove();
});

describe('a warm run', () => {
	test('writes the cold run’s JSON report byte for byte, without a request', async () => {
		for (const [index, tree] of trees.entries()) {
			const cacheDir = path.join(folder.path, `cache-${index}`);
			tree.server.resetRequests();
			const cold = await jsonReport(tree, cacheDir);
			assert.ok(tree.server.requests.length > 0, `${tree.label}: the cold run asked the server`);
			tree.server.resetRequests();
			const warm = await jsonReport(tree, cacheDir);
			assert.deepEqual(
				tree.server.requests.map((request) => request.path),
				[],
				`${tree.label}: the warm run asked nothing`,
			);
			assert.equal(warm, cold, `${tree.label}: the same report`);
		}

		// The trees reach what a warm run could get wrong: release evidence, advisories, every ecosystem.
		const release = JSON.parse(await jsonReport(trees[1]!, path.join(folder.path, 'cache-1'))) as {
			packages: Array<{release: {evidence: string[]} | null; advisories: unknown[] | null}>;
		};
		assert.ok(release.packages.some((entry) => (entry.release?.evidence.length ?? 0) > 0));
		assert.ok(release.packages.some((entry) => (entry.advisories?.length ?? 0) > 0));
		for (const [label, tree] of [
			['PyPI', trees[2]!],
			['Cargo', trees[3]!],
		] as const) {
			const report = JSON.parse(
				await jsonReport(tree, path.join(folder.path, `cache-${trees.indexOf(tree)}`)),
			) as {
				packages: Array<{score: number | null}>;
			};
			assert.ok(
				report.packages.some((entry) => entry.score !== null),
				`${label}: scored from registry facts`,
			);
		}
	});
});
