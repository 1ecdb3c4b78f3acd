import {appendFileSync} from 'node:fs';
import {format} from 'node:util';
import chalk from 'chalk';
import {render} from 'ink';
import {endByHangup} from '../cli/output.js';
import {printWarnings} from '../cli/warnings.js';
import {exitCodes} from '../report/exit-codes.js';
import {terminalColorLevel} from '../text/color.js';
import {sanitizeText} from '../text/sanitize.js';
import {App} from './app.js';
import type {TuiOptions} from './types.js';

export {App} from './app.js';
export type {TuiOptions} from './types.js';

const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?1049l';
const showCursor = '\u001B[?25h';
/** Button presses and the wheel (1000), reported in SGR form (1006): ink has no mouse support of its own. */
const enableMouse = '\u001B[?1000h\u001B[?1006h';
const disableMouse = '\u001B[?1006l\u001B[?1000l';

export type RunStreams = {
	readonly stdout?: NodeJS.WriteStream;
	readonly stdin?: NodeJS.ReadStream;
	readonly stderr?: NodeJS.WriteStream;
};

const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Keep console output off the screen while the UI owns it (a stray line would tear the frame): drop it, or
 * append it to the file named by COMMIT_TUI_LOG. Returns the function that puts the console back.
 */
function silenceConsole(logFile: string | undefined): () => void {
	const saved = consoleMethods.map((name) => [name, console[name]] as const);
	for (const name of consoleMethods) {
		console[name] = (...args: unknown[]) => {
			if (!logFile) return;
			try {
				appendFileSync(logFile, `${new Date().toISOString()} ${name} ${format(...args)}\n`);
			} catch {}
		};
	}

	return () => {
		for (const [name, method] of saved) console[name] = method;
	};
}

/**
 * Hold back what would be written to stderr while the UI runs (a library's warning, a process warning: on a
 * terminal it would land on the UI's bottom line) and give it back, in order, once the screen is restored.
 */
function holdStderr(stderr: NodeJS.WriteStream): {release(): void} {
	const held: string[] = [];
	const write = stderr.write;
	stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
		held.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
		const callback = rest.find((item) => typeof item === 'function') as (() => void) | undefined;
		callback?.();
		return true;
	}) as NodeJS.WriteStream['write'];
	const onWarning = (warning: Error) =>
		held.push(`commit-tui: warning: ${sanitizeText(`${warning.name}: ${warning.message}`)}\n`);
	process.on('warning', onWarning);
	let released = false;
	return {
		release() {
			if (released) return;
			released = true;
			process.off('warning', onWarning);
			stderr.write = write;
			for (const text of held) stderr.write(text);
		},
	};
}

/**
 * Run the interactive UI until the user quits; resolves to the exit code. The alternate screen (and mouse
 * reporting) is entered before the first frame and left on every way out: q, Ctrl+C (raw mode delivers it as a
 * key), SIGTERM, SIGHUP, SIGINT, an uncaught exception or an unhandled rejection. Console output is kept off the
 * screen while the UI runs (set COMMIT_TUI_LOG=<file> to keep it); stderr and process warnings are held back and
 * printed after the screen is restored, followed by the lockfile reader's warnings.
 */
export async function runTui(options: TuiOptions, streams: RunStreams = {}): Promise<number> {
	const stdout = streams.stdout ?? process.stdout;
	const stdin = streams.stdin ?? process.stdin;
	const stderr = streams.stderr ?? process.stderr;
	// The one place the terminal's abilities are decided: from the real output stream. ink's own <Text> styles
	// use the global chalk, so it gets the same level (chalk's guess turns everything off when CI is set at all).
	const colorLevel = options.colorLevel ?? terminalColorLevel(stdout);
	chalk.level = colorLevel;
	let restored = false;
	let restoreConsole = () => {};
	let stderrHold: {release(): void} | null = null;
	const restore = () => {
		if (restored) return;
		restored = true;
		stdout.write(disableMouse + leaveAlternateScreen + showCursor);
		restoreConsole();
		stderrHold?.release();
	};

	restoreConsole = silenceConsole(process.env.COMMIT_TUI_LOG || undefined);
	stderrHold = holdStderr(stderr);
	stdout.write(enterAlternateScreen + enableMouse);
	let exitCode: number = exitCodes.ok;
	let instance: ReturnType<typeof render> | null = null;
	// ink's own pass over the last frame (layout, output): the store paces its flushes by it too.
	let lastFrameMs = 0;
	const fail = (error: unknown) => {
		exitCode = exitCodes.internalError;
		instance?.unmount();
		restore();
		stderr.write(`commit-tui: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(exitCode);
	};

	const signalCodes: Partial<Record<NodeJS.Signals, number>> = {
		SIGINT: exitCodes.sigint,
		SIGTERM: exitCodes.sigterm,
		SIGHUP: exitCodes.sighup,
	};
	// Raw mode turns a typed Ctrl+C into a key; these are signals sent from outside (kill, a closed terminal).
	const onSignal = (signal: NodeJS.Signals) => {
		try {
			instance?.unmount();
			restore();
		} catch {
			// A closed terminal refuses the last writes and the raw-mode reset (EIO): nothing left to restore.
		}

		// SIGHUP usually means the terminal is gone: end by the signal (see endByHangup), not process.exit.
		if (signal === 'SIGHUP') endByHangup();
		process.exit(signalCodes[signal] ?? exitCodes.internalError);
	};

	process.on('uncaughtException', fail);
	process.on('unhandledRejection', fail);
	for (const signal of Object.keys(signalCodes) as NodeJS.Signals[]) process.on(signal, onSignal);
	process.on('exit', restore);
	try {
		instance = render(<App {...options} colorLevel={colorLevel} frameCost={() => lastFrameMs} />, {
			stdout,
			stdin,
			stderr,
			exitOnCtrlC: false,
			// The console is silenced above (or logged to a file): ink must not print it above the frame.
			patchConsole: false,
			onRender: ({renderTime}) => {
				lastFrameMs = renderTime;
			},
		});
		await instance.waitUntilExit();
	} catch (error) {
		exitCode = exitCodes.internalError;
		restore();
		stderr.write(`commit-tui: ${error instanceof Error ? error.message : String(error)}\n`);
	} finally {
		instance?.cleanup();
		restore();
		process.off('uncaughtException', fail);
		process.off('unhandledRejection', fail);
		for (const signal of Object.keys(signalCodes) as NodeJS.Signals[]) process.off(signal, onSignal);
		process.off('exit', restore);
	}

	// Shown in the UI too (the root's summary); here they stay in the terminal after it.
	printWarnings(options.graph.warnings, stderr);
	return exitCode;
}
