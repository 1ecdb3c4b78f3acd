import {spawn} from 'node:child_process';

/** What opening did, to tell the user in one line. */
export type OpenResult = {readonly ok: true} | {readonly ok: false; readonly reason: string};

/** Opens a URL in the user's browser. */
export type UrlOpener = (url: string) => Promise<OpenResult>;

/** The platform's opener as a command without a shell (the URL is one argument: nothing in it is interpreted). */
export function openerCommand(platform: NodeJS.Platform = process.platform): {
	command: string;
	args: string[];
} {
	if (platform === 'darwin') return {command: 'open', args: []};
	if (platform === 'win32') return {command: 'rundll32', args: ['url.dll,FileProtocolHandler']};
	return {command: 'xdg-open', args: []};
}

/** How long an opener may run before we stop waiting for its verdict (some stay until the browser starts). */
const verdictMs = 3000;

/**
 * Open an https URL with the platform opener (xdg-open, open, rundll32), detached and silent (its output must not
 * reach the UI's screen). Resolves when the opener exits (ok when its exit code is 0) or, if it is still
 * running after a few seconds, as ok. Anything but https is refused: the address is built from a package name.
 */
export function openInBrowser(
	url: string,
	platform: NodeJS.Platform = process.platform,
	env: NodeJS.ProcessEnv = process.env,
): Promise<OpenResult> {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return Promise.resolve({ok: false, reason: 'not a valid address'});
	}

	if (parsed.protocol !== 'https:')
		return Promise.resolve({ok: false, reason: 'only https addresses are opened'});
	const {command, args} = openerCommand(platform);
	return new Promise((resolve) => {
		let settled = false;
		const settle = (result: OpenResult) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve(result);
		};

		const timer = setTimeout(() => settle({ok: true}), verdictMs);
		timer.unref();
		try {
			const child = spawn(command, [...args, parsed.href], {detached: true, stdio: 'ignore', env});
			child.once('error', (error: NodeJS.ErrnoException) =>
				settle({ok: false, reason: error.code === 'ENOENT' ? `${command} not found` : error.message}),
			);
			child.once('exit', (code) =>
				settle(code === 0 ? {ok: true} : {ok: false, reason: `${command} exited with ${code ?? 'a signal'}`}),
			);
			child.unref();
		} catch (error) {
			settle({ok: false, reason: error instanceof Error ? error.message : String(error)});
		}
	});
}
