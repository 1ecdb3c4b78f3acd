import assert from 'node:assert/strict';
import {after, afterEach, before, test} from 'node:test';
import {render} from 'ink-testing-library';
import {scoreWithSettings} from '../../source/config/score-with.js';
import {defaultSettings} from '../../source/config/settings.js';
import type {DependencyGraph} from '../../source/graph/types.js';
import {loadProject} from '../../source/lockfiles/index.js';
import {App} from '../../source/ui/app.js';
import {helpLines} from '../../source/ui/components/help.js';
import {FakeScan, fixedNow} from '../helpers/ink-fixtures.js';
import {fixturePath} from '../helpers/paths.js';
import {type RegistryServer, startRegistryServer} from '../helpers/registry-server.js';
import {scanToEnd} from '../helpers/resolve-scan.js';
import {keys, pressUntil, typeKeys, waitFor, waitForFrame} from '../helpers/terminal.js';

/**
 * The tree while resolution grows it: the graph a real scan of a fixture ends with (against the local server)
 * is streamed into the UI by hand, so the test decides when the rows re-parent.
 */

let server: RegistryServer;
let unmount: (() => void) | null = null;
before(async () => {
	server = await startRegistryServer();
});
after(async () => {
	await server.close();
});
afterEach(() => {
	unmount?.();
	unmount = null;
});

function renderTree(graph: DependencyGraph, label: string) {
	const scans: FakeScan[] = [];
	const instance = render(
		<App
			graph={graph}
			settings={defaultSettings}
			startScan={(signal) => {
				const scan = new FakeScan(signal);
				scans.push(scan);
				return scan;
			}}
			score={(id, facts, settings) => scoreWithSettings(id, facts, settings, fixedNow)}
			exportReport={async () => ''}
			saveSettings={() => {}}
			lockfileLabel={label}
			offline={false}
			now={fixedNow}
			initialSize={{columns: 110, rows: 30}}
			flushMs={5}
			prioritizeMs={5}
			colorAllowed={false}
		/>,
	);
	unmount = instance.unmount;
	return {instance, scans};
}

test('a pip freeze: flat at first, then requests › certifi; the cursor stays on the package it was on', async () => {
	const initial = loadProject({directory: fixturePath('resolve', 'pip-freeze')});
	const {graph} = await scanToEnd(initial, server);
	const {instance, scans} = renderTree(initial, 'pip-freeze/requirements.txt');
	const {lastFrame, stdin} = instance;
	await waitFor(() => scans.length === 1, 2000, 'the scan to start');
	// The first frame comes from the file alone: five direct packages.
	await waitForFrame(
		lastFrame,
		(frame) => /^\s+certifi@2025\.4\.26/m.test(frame) && /urllib3@2\.4\.0/.test(frame),
	);
	await pressUntil(stdin, keys.down, () => /^›\s+certifi@/m.test(lastFrame() ?? ''), 2000, 20);
	scans[0]!.push({type: 'graph', graph});
	const grown = await waitForFrame(lastFrame, (frame) => /▾ requests@2\.32\.3/.test(frame));
	const lines = grown.split('\n');
	const requests = lines.findIndex((line) => /requests@2\.32\.3/.test(line));
	const certifi = lines.findIndex((line) => /certifi@2025\.4\.26/.test(line));
	assert.ok(certifi > requests, grown);
	assert.match(lines[certifi]!, /^›/, 'the cursor followed certifi under requests');
	assert.ok(lines[certifi]!.indexOf('certifi') > lines[requests]!.indexOf('requests'), 'indented beneath it');
	await typeKeys(stdin, keys.enter);
	const detail = await waitForFrame(lastFrame, (frame) => /Dependencies:/.test(frame));
	assert.match(detail, /Version: locked in requirements\.txt/);
	assert.match(detail, /Required by: requests@2\.32\.3 \(its registry metadata\)/);
	assert.match(detail, /requests@2\.32\.3 › certifi@2025\.4\.26/);
});

test('unpinned requirements: name@~unknown at first, then the chosen version with a ~; the cursor follows', async () => {
	const initial = loadProject({directory: fixturePath('resolve', 'unpinned')});
	const {graph} = await scanToEnd(initial, server);
	const {instance, scans} = renderTree(initial, 'unpinned/requirements.txt');
	const {lastFrame, stdin} = instance;
	await waitFor(() => scans.length === 1, 2000, 'the scan to start');
	await waitForFrame(lastFrame, (frame) => /black@~unknown/.test(frame));
	await pressUntil(stdin, keys.down, () => /^›\s+brotlipy@~unknown/m.test(lastFrame() ?? ''), 2000, 20);
	scans[0]!.push({type: 'graph', graph});
	const grown = await waitForFrame(lastFrame, (frame) => /black@~25\.1\.0/.test(frame));
	assert.match(
		grown,
		/^›\s+▸ brotlipy@~0\.7\.0/m,
		'the placeholder replaced by its version keeps the cursor',
	);
	assert.match(grown, /idna@~unknown/, 'what could not be resolved stays, version unknown');
	await typeKeys(stdin, keys.enter);
	const detail = await waitForFrame(lastFrame, (frame) => /Dependencies:/.test(frame));
	assert.match(
		detail,
		/Version: ~ resolved by commit-tui: newest release satisfying ==0\.7\.\*, for brotlipy==0\.7\.\*/,
	);
	assert.match(detail, /Dependencies: read from the registry: the core metadata of brotlipy-0\.7\.0/);
});

test('a bare package.json: the header says "resolved, no lockfile"; ? explains the ~', async () => {
	const initial = loadProject({directory: fixturePath('resolve', 'package-json')});
	const {instance} = renderTree(initial, 'package-json/package.json');
	const frame = await waitForFrame(instance.lastFrame, (text) => /express@~unknown/.test(text));
	assert.match(frame, /commit-tui · package-json\/package\.json · resolved, no lockfile · npm · 5 packages/);
	assert.ok(helpLines((text) => text).some((line) => /~1\.2\.3.*resolved by commit-tui/.test(line)));
});
