import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, test} from 'node:test';
import {render} from 'ink-testing-library';
import {useState} from 'react';
import {defaultSettings, loadSettings, type Settings, saveSettings} from '../../source/config/settings.js';
import {SettingsScreen} from '../../source/ui/settings/SettingsScreen.js';
import {lineAtCursor} from '../../source/ui/settings/settings-rows.js';
import {keys, press, ready, waitForFrame} from '../helpers/terminal.js';

/** The app's side of the contract: keep the settings, persist every change, re-render with them. */
function Harness({
	initial,
	env,
	height = 20,
	onClose = () => {},
	changes,
}: {
	readonly initial: Settings;
	readonly env?: NodeJS.ProcessEnv;
	readonly height?: number;
	readonly onClose?: () => void;
	readonly changes?: Settings[];
}) {
	const [settings, setSettings] = useState(initial);
	return (
		<SettingsScreen
			settings={settings}
			width={100}
			height={height}
			color={false}
			onClose={onClose}
			onChange={(next) => {
				changes?.push(next);
				if (env) saveSettings(next, env);
				setSettings(next);
			}}
		/>
	);
}

const selectedLine = (frame: string) => frame.split('\n').find((line) => line.startsWith('› ')) ?? '';

/** Move down until the highlighted line contains `label`. */
async function moveTo(instance: ReturnType<typeof render>, label: string): Promise<string> {
	for (let step = 0; step < 120; step++) {
		const frame = instance.lastFrame() ?? '';
		if (selectedLine(frame).includes(label)) return frame;
		await press(instance, keys.down);
	}

	throw new Error(`never reached ${label}`);
}

let configDir: string;
beforeEach(() => {
	configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'commit-tui-settings-ui-'));
});
afterEach(() => {
	fs.rmSync(configDir, {recursive: true, force: true});
});

describe('SettingsScreen', () => {
	test('lists the groups, starts on the first threshold, and windows the list to the height', async () => {
		const instance = render(<Harness initial={defaultSettings} height={12} />);
		await ready(instance);
		const frame = instance.lastFrame()!;
		const lines = frame.split('\n');
		assert.equal(lines.length, 12);
		assert.match(lines[0]!, /^Settings/);
		assert.equal(lines[1], 'Thresholds');
		assert.match(selectedLine(frame), /Critical: max publishers\s+1/);
		assert.match(frame, /Critical: weekly downloads over\s+10,000,000/);
		// Far below the window: not rendered.
		assert.doesNotMatch(frame, /Colour/);
		assert.match(lines.at(-1)!, /↑\/↓ move · Enter edit\/toggle/);
		instance.unmount();
	});

	test('↓/↑ and j/k move; the window follows the cursor to the last setting and back', async () => {
		const instance = render(<Harness initial={defaultSettings} height={12} />);
		await ready(instance);
		await press(instance, keys.down);
		assert.match(selectedLine(instance.lastFrame()!), /Critical: weekly downloads over/);
		await press(instance, 'j');
		assert.match(selectedLine(instance.lastFrame()!), /High: sole publisher/);
		await press(instance, 'k');
		assert.match(selectedLine(instance.lastFrame()!), /Critical: weekly downloads over/);
		const bottom = await press(instance, 'G');
		assert.match(selectedLine(bottom), /Colour\s+\[x\] on/);
		assert.match(bottom, /Display/);
		assert.doesNotMatch(bottom, /Thresholds/);
		assert.equal(bottom.split('\n').length, 12);
		const topFrame = await press(instance, 'g');
		assert.match(selectedLine(topFrame), /Critical: max publishers/);
		assert.match(topFrame, /^Settings[^\n]*\nThresholds/);
		instance.unmount();
	});

	test('editing a number: invalid input shows why and keeps editing; valid input saves', async () => {
		const changes: Settings[] = [];
		const instance = render(<Harness initial={defaultSettings} changes={changes} />);
		await ready(instance);
		await moveTo(instance, 'Concurrency');
		let frame = await press(instance, keys.enter, (f) => /Enter save · Esc cancel/.test(f));
		const shown = String(defaultSettings.concurrency);
		assert.match(selectedLine(frame), new RegExp(`Concurrency \\(per host\\)\\s+${shown}`));
		for (const _ of shown) await press(instance, keys.backspace);
		await press(instance, '9');
		frame = await press(instance, '9');
		assert.match(selectedLine(frame), /99/);
		frame = await press(instance, keys.enter, (f) => f.includes('✗'));
		assert.match(frame, /✗ invalid value "99" for concurrency: expected a whole number from 1 to 64/);
		assert.equal(changes.length, 0);
		// Still editing: fix it.
		await press(instance, keys.backspace);
		frame = await press(instance, keys.enter, (f) => f.includes('✓'));
		assert.match(frame, /✓ Concurrency \(per host\) saved/);
		assert.match(
			selectedLine(frame),
			new RegExp(`Concurrency \\(per host\\)\\s+9\\s+\\(default ${shown}\\)`),
		);
		assert.equal(changes.at(-1)?.concurrency, 9);
		instance.unmount();
	});

	test('score tiers: shown in their text form under their own group, edited as text, refused when out of order', async () => {
		const changes: Settings[] = [];
		const instance = render(<Harness initial={defaultSettings} changes={changes} height={30} />);
		await ready(instance);
		let frame = await moveTo(instance, 'Longevity (months:points)');
		assert.match(frame, /\nScore tiers\n/);
		assert.match(selectedLine(frame), /Longevity \(months:points\)\s+72:25,48:20,24:14,12:8,6:4,0:1$/);
		frame = await moveTo(instance, 'Publishers (count:points)');
		assert.match(selectedLine(frame), /5:15,3:11,2:7,1:4,0:0$/);
		assert.match(frame, /Downloads \(weekly:points\)\s+10M:22,1M:18,100k:14,10k:10,1k:6,100:3,0:0/);
		assert.match(frame, /Recency \(days below:points\)\s+30:5,90:3,365:1/);
		await press(instance, keys.enter, (f) => /Enter save · Esc cancel/.test(f));
		for (let index = 0; index < '5:15,3:11,2:7,1:4,0:0'.length; index++)
			await press(instance, keys.backspace);
		frame = await press(instance, '0:0,5:15');
		assert.match(selectedLine(frame), /Publishers \(count:points\)\s+0:0,5:15/);
		frame = await press(instance, keys.enter, (f) => f.includes('✗'));
		assert.match(frame, /✗ invalid value "0:0,5:15" for tiers\.publishers: expected value:points pairs/);
		assert.equal(changes.length, 0);
		for (let index = 0; index < '0:0,5:15'.length; index++) await press(instance, keys.backspace);
		await press(instance, '3:15,2:9,1:4,0:0');
		frame = await press(instance, keys.enter, (f) => f.includes('✓'));
		assert.match(frame, /✓ Publishers \(count:points\) saved/);
		assert.match(selectedLine(frame), /3:15,2:9,1:4,0:0\s+\(default 5:15,3:11,2:7,1:4,0:0\)/);
		assert.deepEqual(changes.at(-1)?.tiers.publishers, [
			{atLeast: 3, points: 15},
			{atLeast: 2, points: 9},
			{atLeast: 1, points: 4},
			{atLeast: 0, points: 0},
		]);
		assert.equal(changes.at(-1)?.tiers.longevityMonths, defaultSettings.tiers.longevityMonths);
		instance.unmount();
	});

	test('Esc cancels an edit without saving; q typed in an edit is text, not close', async () => {
		let closed = 0;
		const changes: Settings[] = [];
		const instance = render(<Harness initial={defaultSettings} changes={changes} onClose={() => closed++} />);
		await ready(instance);
		await moveTo(instance, 'Export folder');
		await press(instance, keys.enter, (f) => /Enter save/.test(f));
		let frame = await press(instance, 'q');
		assert.match(selectedLine(frame), /Export folder\s+~\/commit-tui-reportsq/);
		frame = await press(instance, keys.escape, (f) => /Esc\/q close/.test(f));
		assert.match(selectedLine(frame), /Export folder\s+~\/commit-tui-reports$/);
		assert.equal(changes.length, 0);
		assert.equal(closed, 0);
		instance.stdin.write('q');
		await waitForFrame(instance, () => closed === 1, 2000);
		assert.equal(closed, 1);
		instance.unmount();
	});

	test('Enter and Space toggle booleans and cycle enums; r resets the highlighted setting', async () => {
		const changes: Settings[] = [];
		const instance = render(<Harness initial={defaultSettings} changes={changes} />);
		await ready(instance);
		await moveTo(instance, 'Default sort');
		let frame = await press(instance, keys.enter);
		assert.match(selectedLine(frame), /‹ risk ›\s+\(default ‹ tree ›\)/);
		frame = await press(instance, keys.space);
		assert.match(selectedLine(frame), /‹ score ›/);
		frame = await press(instance, 'r');
		assert.match(selectedLine(frame), /‹ tree ›/);
		assert.match(frame, /✓ Default sort: back to default/);
		await press(instance, keys.down);
		frame = await press(instance, keys.space);
		assert.match(selectedLine(frame), /Show dev dependencies\s+\[ \] off/);
		assert.deepEqual(
			changes.map((item) => [item.defaultSort, item.showDevDependencies]),
			[
				['risk', true],
				['score', true],
				['tree', true],
				['tree', false],
			],
		);
		instance.unmount();
	});

	test('columns are toggles that keep the default order', async () => {
		const changes: Settings[] = [];
		const instance = render(<Harness initial={defaultSettings} changes={changes} />);
		await ready(instance);
		let frame = await moveTo(instance, 'PUBS column');
		assert.match(selectedLine(frame), /PUBS column\s+\[x\] shown/);
		frame = await press(instance, keys.enter);
		assert.match(selectedLine(frame), /PUBS column\s+\[ \] hidden/);
		assert.deepEqual(changes.at(-1)?.columns, [
			'risk',
			'flags',
			'score',
			'weekly',
			'trend',
			'last',
			'age',
			'adv',
		]);
		instance.unmount();
	});

	test('hiding then showing a column puts it back in place', async () => {
		const changes: Settings[] = [];
		const instance = render(<Harness initial={defaultSettings} changes={changes} />);
		await ready(instance);
		await moveTo(instance, 'RISK column');
		await press(instance, keys.space);
		await moveTo(instance, 'PUBS column');
		await press(instance, keys.space);
		assert.deepEqual(changes.at(-1)?.columns, ['flags', 'score', 'weekly', 'trend', 'last', 'age', 'adv']);
		await press(instance, keys.space);
		assert.deepEqual(changes.at(-1)?.columns, [
			'flags',
			'score',
			'pubs',
			'weekly',
			'trend',
			'last',
			'age',
			'adv',
		]);
		instance.unmount();
	});

	test('changes persist into the settings folder and are read back on the next run', async () => {
		const env = {COMMIT_TUI_CONFIG_DIR: configDir};
		const first = render(<Harness initial={loadSettings(env)} env={env} />);
		await ready(first);
		await moveTo(first, 'Critical: weekly downloads over');
		await press(first, keys.enter, (f) => /Enter save/.test(f));
		for (let index = 0; index < 8; index++) await press(first, keys.backspace);
		await press(first, '5');
		await press(first, 'M');
		await press(first, keys.enter, (f) => f.includes('✓'));
		await moveTo(first, 'npm registry');
		await press(first, keys.enter, (f) => /Enter save/.test(f));
		// A paste arrives as one chunk.
		first.stdin.write('http://127.0.0.1:4873');
		await waitForFrame(first, (f) => f.includes('4873'), 2000);
		await press(first, keys.enter, (f) => f.includes('✓'));
		await moveTo(first, 'Colour');
		await press(first, keys.enter);
		first.unmount();

		const reread = loadSettings(env);
		assert.equal(reread.thresholds.criticalWeeklyDownloads, 5_000_000);
		assert.equal(reread.color, false);
		assert.equal(reread.endpoints.npmRegistry, 'http://127.0.0.1:4873/');

		const second = render(<Harness initial={reread} env={env} />);
		await ready(second);
		const frame = await moveTo(second, 'Critical: weekly downloads over');
		assert.match(selectedLine(frame), /5,000,000\s+\(default 10,000,000\)/);
		const colour = await moveTo(second, 'Colour');
		assert.match(selectedLine(colour), /\[ \] off/);
		second.unmount();
	});

	test('keys that arrive in one read are each applied: jjjjj, a burst of Backspaces, 5M and Enter', async () => {
		const changes: Settings[] = [];
		const instance = render(<Harness initial={defaultSettings} changes={changes} height={30} />);
		await ready(instance);
		const sixth = lineAtCursor(5);
		const label = sixth.kind === 'setting' ? sixth.descriptor.label : '';
		// Five j in one chunk (key repeat, tmux) move five lines — they used to be one unknown key.
		instance.stdin.write('jjjjj');
		let frame = await waitForFrame(instance, (f) => selectedLine(f).includes(label), 2000, 'five lines down');
		instance.stdin.write('kkkk');
		frame = await waitForFrame(
			instance,
			(f) => /Critical: weekly downloads over/.test(selectedLine(f)),
			2000,
		);
		await press(instance, keys.enter, (f) => /Enter save/.test(f));
		// Eleven Backspaces in one read erase eleven characters (the old screen erased one per read).
		instance.stdin.write(keys.backspace.repeat(11));
		frame = await waitForFrame(instance, (f) => !/\d/.test(selectedLine(f)), 2000, 'the text erased');
		assert.match(frame, /Enter save/, 'still editing');
		// `5M` and Enter typed fast: 5,000,000 — not 10,005,000,000.
		instance.stdin.write('5M\r');
		frame = await waitForFrame(instance, (f) => f.includes('✓'), 2000, 'saved');
		assert.match(selectedLine(frame), /5,000,000\s+\(default 10,000,000\)/);
		assert.equal(changes.at(-1)?.thresholds.criticalWeeklyDownloads, 5_000_000);
		instance.unmount();
	});

	test('at 80 columns nothing is cut: long labels keep their words, a long description wraps', async () => {
		const instance = render(
			<SettingsScreen
				settings={defaultSettings}
				width={80}
				height={40}
				color={false}
				onChange={() => {}}
				onClose={() => {}}
			/>,
		);
		await ready(instance);
		let frame = instance.lastFrame()!;
		assert.match(frame, /crates\.io: Critical: weekly downloads over 1,000,000/);
		assert.match(frame, /Downloads \(weekly:points\)\s+10M:22,1M:18,100k:14,10k:10,1k:6,100:3,0:0/);
		frame = await moveTo(instance, 'Publishers (count:points)');
		const status = frame.split('\n').slice(-3, -1).join(' ');
		assert.match(status, /Publisher depth points by publisher accounts/);
		assert.match(status, /separated by commas/, 'the description goes on to a second line');
		assert.ok(frame.split('\n').every((line) => line.length <= 80));
		instance.unmount();
	});

	test('inactive: keys are ignored', async () => {
		const changes: Settings[] = [];
		const instance = render(
			<SettingsScreen
				settings={defaultSettings}
				width={80}
				height={10}
				isActive={false}
				onChange={(next) => changes.push(next)}
				onClose={() => changes.push(defaultSettings)}
			/>,
		);
		await ready(instance);
		const before = instance.lastFrame();
		instance.stdin.write(keys.down);
		instance.stdin.write(' ');
		instance.stdin.write('q');
		// Nothing can change; give ink a turn to (not) react before comparing.
		await new Promise((resolve) => setImmediate(resolve));
		assert.equal(instance.lastFrame(), before);
		assert.equal(changes.length, 0);
		instance.unmount();
	});
});
