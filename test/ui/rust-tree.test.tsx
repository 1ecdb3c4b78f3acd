import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {render} from 'ink-testing-library';
import {scoreWithSettings} from '../../source/config/score-with.js';
import {defaultSettings} from '../../source/config/settings.js';
import {loadProject} from '../../source/lockfiles/index.js';
import {App} from '../../source/ui/app.js';
import {makeFacts} from '../helpers/factories.js';
import {FakeScan, fixedNow} from '../helpers/ink-fixtures.js';
import {fixturePath} from '../helpers/paths.js';
import {keys, pressUntil, typeKeys, waitFor, waitForFrame} from '../helpers/terminal.js';

/** The tree of a Cargo.lock, streamed and scored with crates.io's own tiers and thresholds. */

const graph = loadProject({directory: fixturePath('cli', 'rust-app')});
let unmount: (() => void) | null = null;
afterEach(() => {
	unmount?.();
	unmount = null;
});

test('a Rust tree: crates.io levels, the cargo ecosystem in the header, 12 weeks of downloads in the detail', async () => {
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
			lockfileLabel="rust-app/Cargo.lock"
			offline={false}
			now={fixedNow}
			initialSize={{columns: 100, rows: 30}}
			flushMs={5}
			prioritizeMs={5}
			colorAllowed={false}
		/>,
	);
	unmount = instance.unmount;
	const {lastFrame, stdin} = instance;
	await waitFor(() => scans.length === 1, 1000, 'the scan to start');
	const scan = scans[0]!;
	// 1.5M a week with one owner: CRITICAL on crates.io (whose threshold is 1M), only HIGH on npm's scale.
	const daily = new Array(90).fill(1_500_000 / 7);
	scan.push({
		type: 'facts',
		id: 'cargo:serde@1.0.219',
		facts: makeFacts({ecosystem: 'cargo', name: 'serde', version: '1.0.219', publishers: ['dtolnay'], daily}),
	});
	const frame = await waitForFrame(lastFrame, (text) => /serde@1\.0\.219\s+CRITICAL/.test(text));
	assert.match(frame, /commit-tui · rust-app\/Cargo\.lock · cargo · 4 packages/);
	assert.match(frame, /rand@0\.10\.1/);
	await pressUntil(stdin, keys.down, () => /^›.*serde/m.test(lastFrame() ?? ''), 2000, 20);
	await typeKeys(stdin, keys.enter);
	const top = await waitForFrame(lastFrame, (text) => /This release/.test(text));
	assert.match(top, /1 publisher/);
	// What crates.io never records is said so, not "unknown" (which reads as data that failed to arrive).
	assert.match(top, /provenance: not recorded by crates\.io/);
	assert.match(top, /install scripts: not recorded by crates\.io/);
	// "This release" comes first: scroll down to the downloads.
	await pressUntil(stdin, 'j', () => /12 weeks/.test(lastFrame() ?? ''), 2000, 40);
	const detail = await waitForFrame(lastFrame, (text) => /Downloads/.test(text) && /weeks/.test(text));
	assert.match(detail, /12 weeks/);
});
