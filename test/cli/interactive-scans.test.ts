import assert from 'node:assert/strict';
import {test} from 'node:test';
import {scanStarter} from '../../source/cli/interactive.js';
import type {Scan} from '../../source/scan/types.js';
import {FakeScan} from '../helpers/ink-fixtures.js';

/** The refresh each scan the UI started was asked for. */
function starts(
	refreshFlag: boolean,
	calls: ReadonlyArray<{readonly refresh: boolean} | undefined>,
): boolean[] {
	const asked: boolean[] = [];
	const start = scanStarter((_signal, refresh): Scan => {
		asked.push(refresh);
		return new FakeScan();
	}, refreshFlag);
	for (const options of calls) start(new AbortController().signal, options);
	return asked;
}

test('--refresh revalidates the first scan of the UI too, and every r revalidates with or without it', () => {
	// The UI asks for its first scan with refresh: false, and for each `r` with refresh: true.
	assert.deepEqual(starts(true, [{refresh: false}, {refresh: true}]), [true, true]);
	assert.deepEqual(starts(false, [{refresh: false}, {refresh: true}, undefined]), [false, true, false]);
});
