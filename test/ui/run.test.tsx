import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {test} from 'node:test';
import {defaultSettings} from '../../source/config/settings.js';
import {scorePackage} from '../../source/scoring/score.js';
import {FakeScan, fixedNow, makeGraph} from '../helpers/ink-fixtures.js';
import {waitFor} from '../helpers/terminal.js';

// ink decides when it loads whether it runs under CI, and then writes only the last frame. This test watches
// the frames a terminal would see, so it loads the UI as an interactive session would.
process.env.CI = 'false';
const {runTui} = await import('../../source/ui/run.js');

/** A terminal-like output stream that records everything written. */
class FakeStdout extends EventEmitter {
	readonly columns = 80;
	readonly rows = 24;
	readonly isTTY = true;
	output = '';
	write(data: string): boolean {
		this.output += data;
		return true;
	}
}

/** A raw-mode capable input stream (what ink needs from stdin). */
class FakeStdin extends EventEmitter {
	readonly isTTY = true;
	private pending: string | null = null;
	write(data: string): void {
		this.pending = data;
		this.emit('readable');
	}

	read(): string | null {
		const data = this.pending;
		this.pending = null;
		return data;
	}

	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

test('runTui enters the alternate screen before the first frame, and q leaves it and resolves 0', async () => {
	const stdout = new FakeStdout();
	const stdin = new FakeStdin();
	const stderr = new FakeStdout();
	const signals: AbortSignal[] = [];
	const logged: unknown[] = [];
	const originalLog = console.log;
	const graph = makeGraph({app: ['a@1'], 'a@1': []});
	const running = runTui(
		{
			graph,
			settings: defaultSettings,
			startScan: (signal) => {
				signals.push(signal);
				console.log('a stray log line during the UI');
				return new FakeScan(signal);
			},
			score: (id, facts) => scorePackage(id, facts, defaultSettings.thresholds, fixedNow),
			exportReport: async () => '',
			saveSettings: () => {},
			lockfileLabel: 'app/package-lock.json',
			offline: false,
			colorAllowed: false,
		},
		{
			stdout: stdout as unknown as NodeJS.WriteStream,
			stdin: stdin as unknown as NodeJS.ReadStream,
			stderr: stderr as unknown as NodeJS.WriteStream,
		},
	);
	try {
		await waitFor(() => stdout.output.includes('a@1'), 10_000, 'the first frame');
	} catch (error) {
		// Quit anyway: a UI left running would keep the test process alive forever.
		stdin.write('\u0003');
		await running;
		throw error;
	}

	assert.ok(stdout.output.startsWith('\u001B[?1049h'), 'alternate screen first');
	assert.ok(console.log !== originalLog, 'console silenced while the UI runs');
	logged.push(...[stdout.output.includes('stray log line')]);
	stdin.write('q');
	assert.equal(await running, 0);
	assert.ok(
		stdout.output.endsWith('\u001B[?1049l\u001B[?25h'),
		'alternate screen left and cursor shown, last',
	);
	assert.equal(signals[0]?.aborted, true, 'the scan was aborted');
	assert.equal(console.log, originalLog, 'console restored');
	assert.deepEqual(logged, [false], 'the stray log line never reached the screen');
	assert.equal(stderr.output, '');
});

test('runTui: colour with CI=false, mouse reporting on and off again, warnings held until the screen is back', async () => {
	const stdout = new FakeStdout();
	const stdin = new FakeStdin();
	const stderr = new FakeStdout();
	const graph = {
		...makeGraph({app: ['a@1'], 'a@1': []}),
		warnings: ['package-lock.json: entry "x" has no version; skipped'],
	};
	const running = runTui(
		{
			graph,
			settings: defaultSettings,
			startScan: (signal) => {
				// A library warning and a stray stderr write while the UI owns the screen.
				process.emitWarning('something deprecated');
				stderr.write('a late line on stderr\n');
				return new FakeScan(signal);
			},
			score: (id, facts) => scorePackage(id, facts, defaultSettings.thresholds, fixedNow),
			exportReport: async () => '',
			saveSettings: () => {},
			lockfileLabel: 'app/package-lock.json',
			offline: false,
			colorAllowed: true,
		},
		{
			stdout: stdout as unknown as NodeJS.WriteStream,
			stdin: stdin as unknown as NodeJS.ReadStream,
			stderr: stderr as unknown as NodeJS.WriteStream,
		},
	);
	try {
		await waitFor(() => stdout.output.includes('a@1'), 10_000, 'the first frame');
		// Give the process warning its tick.
		await new Promise((resolve) => setTimeout(resolve, 20));
	} catch (error) {
		stdin.write('\u0003');
		await running;
		throw error;
	}

	assert.equal(process.env.CI, 'false');
	assert.ok(
		stdout.output.startsWith('\u001B[?1049h\u001B[H\u001B[?1000h\u001B[?1006h'),
		'mouse reporting on',
	);
	assert.match(stdout.output, /\u001B\[7m/, 'the selection bar is drawn (CI=false does not turn styles off)');
	assert.match(stdout.output, /\u001B\[3[0-9]m/, 'colour');
	assert.equal(stderr.output, '', 'nothing on stderr while the UI runs');
	stdin.write('q');
	assert.equal(await running, 0);
	assert.ok(
		stdout.output.endsWith('\u001B[?1006l\u001B[?1000l\u001B[?1049l\u001B[?25h'),
		'mouse off, screen back',
	);
	assert.match(stderr.output, /a late line on stderr/);
	assert.match(stderr.output, /commit-tui: warning: Warning: something deprecated/);
	assert.match(
		stderr.output,
		/commit-tui: warning: package-lock\.json: entry "x" has no version; skipped\n$/,
	);
});
