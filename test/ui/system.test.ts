import assert from 'node:assert/strict';
import {test} from 'node:test';
import {colorAllowed, terminalColorLevel} from '../../source/text/color.js';
import {copyToClipboard} from '../../source/ui/system/clipboard.js';
import {openerCommand, openInBrowser} from '../../source/ui/system/open-url.js';

/** A terminal stream as Node has it: getColorDepth reads TERM and friends from the env it is given. */
function terminal(seen: NodeJS.ProcessEnv[] = []) {
	return {
		isTTY: true,
		getColorDepth(env?: NodeJS.ProcessEnv) {
			seen.push(env ?? {});
			// Node's own rule: any CI variable means 2 colours (none), NO_COLOR too.
			if (env && ('CI' in env || 'NO_COLOR' in env)) return 1;
			return env?.COLORTERM === 'truecolor' ? 24 : 8;
		},
	};
}

test('colour support comes from the real output stream: CI=false in a terminal keeps colour', () => {
	const seen: NodeJS.ProcessEnv[] = [];
	assert.equal(terminalColorLevel(terminal(seen), {CI: 'false', TERM: 'xterm-256color'}), 2);
	assert.ok(!('CI' in seen[0]!), 'CI is not the terminal’s business');
	assert.equal(terminalColorLevel(terminal(), {CI: 'true', COLORTERM: 'truecolor'}), 3);
	// NO_COLOR is the user's colour choice (colorAllowed), not the terminal's ability: bold and reverse stay.
	assert.equal(terminalColorLevel(terminal(), {NO_COLOR: '1'}), 2);
	assert.equal(colorAllowed(true, {NO_COLOR: '1'}), false);
	assert.equal(terminalColorLevel({isTTY: false}, {}), 0, 'a pipe gets no escape codes');
	assert.equal(terminalColorLevel({isTTY: true, getColorDepth: () => 1}, {TERM: 'dumb'}), 0);
});

test('y: OSC 52 puts the text on the clipboard through the terminal, or says why it cannot', () => {
	let written = '';
	const stream = {isTTY: true, write: (data: string) => void (written += data)};
	assert.deepEqual(copyToClipboard('express@4.21.2', stream, {TERM: 'xterm'}), {ok: true});
	assert.equal(written, `\u001B]52;c;${Buffer.from('express@4.21.2').toString('base64')}\u0007`);
	assert.deepEqual(copyToClipboard('x', {isTTY: false, write: () => {}}, {}), {
		ok: false,
		reason: 'the output is not a terminal',
	});
	assert.equal(copyToClipboard('x', stream, {TERM: 'dumb'}).ok, false);
});

test('o: the platform opener, never a shell; only https; a missing opener is said', async () => {
	assert.deepEqual(openerCommand('linux'), {command: 'xdg-open', args: []});
	assert.deepEqual(openerCommand('darwin'), {command: 'open', args: []});
	assert.deepEqual(openerCommand('win32'), {command: 'rundll32', args: ['url.dll,FileProtocolHandler']});
	assert.deepEqual(await openInBrowser('javascript:alert(1)'), {
		ok: false,
		reason: 'only https addresses are opened',
	});
	assert.deepEqual(await openInBrowser('not a url'), {ok: false, reason: 'not a valid address'});
	assert.deepEqual(await openInBrowser('https://www.npmjs.com/package/x', 'linux', {PATH: '/nonexistent'}), {
		ok: false,
		reason: 'xdg-open not found',
	});
});
