import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, test} from 'node:test';
import {render} from 'ink-testing-library';
import {type ExportScope, writeExport} from '../../source/cli/export.js';
import type {ExportFormat} from '../../source/config/settings.js';
import {ExportDialog} from '../../source/ui/export/ExportDialog.js';
import {makeFacts, makeGraph, NOW, scoreFacts} from '../helpers/factories.js';
import {keys, press, ready, waitForFrame} from '../helpers/terminal.js';

let folder: string;
beforeEach(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'commit-tui-export-ui-'));
});
afterEach(() => {
	fs.rmSync(folder, {recursive: true, force: true});
});

type Call = {format: ExportFormat; scope: ExportScope};

function dialog(
	options: {
		marked?: string[];
		selectedId?: string | null;
		defaultFormat?: ExportFormat;
		onExport?: (format: ExportFormat, scope: ExportScope) => Promise<string>;
	} = {},
) {
	const calls: Call[] = [];
	let closed = 0;
	const instance = render(
		<ExportDialog
			selectedId={options.selectedId === undefined ? 'npm:axios@1.7.9' : options.selectedId}
			selectedLabel={'axios@1.7.9'}
			markedIds={options.marked ?? []}
			defaultFormat={options.defaultFormat ?? 'md'}
			width={90}
			onExport={async (format, scope) => {
				calls.push({format, scope});
				if (options.onExport) return options.onExport(format, scope);
				return path.join(folder, 'report');
			}}
			onClose={() => closed++}
		/>,
	);
	return {instance, calls, closed: () => closed};
}

const highlighted = (frame: string) => frame.split('\n').find((line) => line.includes('❯')) ?? '';

describe('ExportDialog', () => {
	test('step 1 offers the four formats with the default highlighted', async () => {
		const {instance} = dialog({defaultFormat: 'sarif'});
		await ready(instance);
		const frame = instance.lastFrame()!;
		assert.match(frame, /Export report · 1\/2 format/);
		for (const label of ['Markdown', 'HTML', 'JSON', 'SARIF 2.1.0']) assert.ok(frame.includes(label), label);
		assert.match(highlighted(frame), /SARIF/);
		instance.unmount();
	});

	test('step 2: subtree and whole tree; marked packages hidden when none are marked', async () => {
		const {instance} = dialog();
		await ready(instance);
		const frame = await press(instance, keys.enter, (f) => f.includes('2/2 scope'));
		assert.match(frame, /The selected subtree {2}axios@1\.7\.9/);
		assert.match(frame, /The whole tree/);
		assert.doesNotMatch(frame, /marked/);
		assert.match(highlighted(frame), /selected subtree/);
		instance.unmount();
	});

	test('with marks, "the marked packages (N)" is offered and highlighted first', async () => {
		const {instance, calls} = dialog({marked: ['npm:a@1', 'npm:b@2']});
		await ready(instance);
		await press(instance, keys.down);
		await press(instance, keys.enter, (f) => f.includes('2/2 scope'));
		const frame = instance.lastFrame()!;
		assert.match(highlighted(frame), /The marked packages \(2\)/);
		await press(instance, keys.enter, (f) => f.includes('Wrote'));
		assert.deepEqual(calls, [{format: 'html', scope: {kind: 'marked', ids: ['npm:a@1', 'npm:b@2']}}]);
		instance.unmount();
	});

	test('no selection: only the whole tree', async () => {
		const {instance, calls} = dialog({selectedId: null});
		await ready(instance);
		const frame = await press(instance, keys.enter, (f) => f.includes('2/2 scope'));
		assert.doesNotMatch(frame, /selected subtree/);
		await press(instance, keys.enter, (f) => f.includes('Wrote'));
		assert.deepEqual(calls, [{format: 'md', scope: {kind: 'all'}}]);
		instance.unmount();
	});

	test('Esc steps back from the scope to the format, then closes', async () => {
		const {instance, calls, closed} = dialog();
		await ready(instance);
		await press(instance, keys.down);
		await press(instance, keys.enter, (f) => f.includes('2/2 scope'));
		const back = await press(instance, keys.escape, (f) => f.includes('1/2 format'));
		// The format chosen before is still highlighted.
		assert.match(highlighted(back), /HTML/);
		assert.equal(closed(), 0);
		instance.stdin.write(keys.escape);
		await waitForFrame(instance, () => closed() === 1, 2000);
		assert.equal(calls.length, 0);
		instance.unmount();
	});

	test('↓ and Enter in one read pick the format the arrow moved to; 3 picks the third scope item', async () => {
		const {instance, calls} = dialog({marked: ['npm:a@1']});
		await ready(instance);
		// One chunk, as tmux or a fast typist sends it: the Enter must see the state the ↓ left.
		instance.stdin.write(`${keys.down}${keys.enter}`);
		const frame = await waitForFrame(instance, (f) => f.includes('2/2 scope'), 2000);
		assert.match(highlighted(frame), /The marked package \(1\)/);
		instance.stdin.write('3');
		await waitForFrame(instance, (f) => f.includes('Wrote'), 2000);
		assert.deepEqual(calls, [{format: 'html', scope: {kind: 'all'}}]);
		instance.unmount();
	});

	test('a failed export shows the reason on one line; Enter closes', async () => {
		const {instance, closed} = dialog({
			onExport: async () => {
				throw new Error("EACCES: permission denied,\nmkdir '/root/x'");
			},
		});
		await ready(instance);
		await press(instance, keys.enter, (f) => f.includes('2/2 scope'));
		const frame = await press(instance, keys.enter, (f) => f.includes('Export failed'));
		assert.match(frame, /Export failed: EACCES: permission denied, mkdir '\/root\/x'/);
		instance.stdin.write(keys.enter);
		await waitForFrame(instance, () => closed() === 1, 2000);
		instance.unmount();
	});

	test('hostile labels are shown without their escape sequences', async () => {
		const instance = render(
			<ExportDialog
				selectedId="npm:x@1"
				selectedLabel={'evil\u001B]0;pwned\u0007\u001B[2J@1'}
				markedIds={[]}
				defaultFormat="md"
				onExport={async () => ''}
				onClose={() => {}}
			/>,
		);
		await ready(instance);
		const frame = await press(instance, keys.enter, (f) => f.includes('2/2 scope'));
		assert.match(frame, /The selected subtree {2}evil��@1/);
		assert.doesNotMatch(frame, /pwned|\u001B\]|\u001B\[2J/);
		instance.unmount();
	});

	test('through to a real file: JSON of the selected subtree, written by writeExport in the export folder', async () => {
		const graph = makeGraph({
			roots: {'web-app': ['axios@1.7.9', 'express@4.21.2']},
			packages: {'axios@1.7.9': ['follow-redirects@1.15.9']},
		});
		const reports = new Map([
			['npm:axios@1.7.9', scoreFacts('npm:axios@1.7.9', makeFacts({name: 'axios', weekly: 99_000_000}))],
		]);
		const target = path.join(folder, 'exports');
		const instance = render(
			<ExportDialog
				selectedId="npm:axios@1.7.9"
				selectedLabel="axios@1.7.9"
				markedIds={[]}
				defaultFormat="json"
				directory={target}
				width={160}
				onExport={(format, scope) =>
					writeExport({format, scope, graph, reports, directory: target, now: NOW, projectName: 'web-app'})
				}
				onClose={() => {}}
			/>,
		);
		await ready(instance);
		assert.match(highlighted(instance.lastFrame()!), /JSON/);
		await press(instance, keys.enter, (f) => f.includes('2/2 scope'));
		const frame = await press(instance, keys.enter, (f) => f.includes('Wrote'));
		const files = fs.readdirSync(target);
		assert.equal(files.length, 1);
		const written = path.join(target, files[0]!);
		assert.match(files[0]!, /^commit-tui-web-app-axios-1\.7\.9-\d{8}-\d{6}\.json$/);
		assert.ok(frame.includes(`Wrote ${written}`), frame);
		const report = JSON.parse(fs.readFileSync(written, 'utf8'));
		assert.deepEqual(report.packages.map((item: {id: string}) => item.id).sort(), [
			'npm:axios@1.7.9',
			'npm:follow-redirects@1.15.9',
		]);
		instance.unmount();
	});
});
