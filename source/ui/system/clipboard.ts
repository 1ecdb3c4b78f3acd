/** What copying did, to tell the user in one line. */
export type CopyResult = {readonly ok: true} | {readonly ok: false; readonly reason: string};

/** What the clipboard needs of the output stream. */
export type ClipboardStream = {readonly isTTY?: boolean; write(data: string): unknown};

/** OSC 52 payloads above this are refused by many terminals (xterm's default is about 100 kB). */
const maxBytes = 74_994;

/**
 * Put `text` on the system clipboard with OSC 52 (`ESC ] 52 ; c ; <base64> BEL`): the terminal does it, so it
 * works over SSH and needs no clipboard program. It cannot work when the output is not a terminal, on a `dumb`
 * one, or for a huge text; whether the terminal honours it cannot be known (tmux needs `set-clipboard on`), so
 * the caller says what was copied. Invisible: it never disturbs the frame.
 */
export function copyToClipboard(
	text: string,
	stream: ClipboardStream,
	env: NodeJS.ProcessEnv = process.env,
): CopyResult {
	if (stream.isTTY !== true) return {ok: false, reason: 'the output is not a terminal'};
	if (env.TERM === 'dumb') return {ok: false, reason: 'TERM=dumb has no clipboard escape'};
	const payload = Buffer.from(text, 'utf8').toString('base64');
	if (payload.length > maxBytes) return {ok: false, reason: 'too long for the terminal clipboard'};
	stream.write(`\u001B]52;c;${payload}\u0007`);
	return {ok: true};
}
