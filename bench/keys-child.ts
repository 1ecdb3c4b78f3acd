import {benchKeys} from './ui-large.js';

// One key-latency measurement in a fresh process (ui-large.ts `keysInChild`): prints its lines as JSON.
const [label, directory, columns, rows, colorLevel] = process.argv.slice(2);
const lines = await benchKeys(
	{label: label!, directory: directory!},
	{columns: Number(columns), rows: Number(rows)},
	Number(colorLevel) === 2 ? 2 : 0,
);
process.stdout.write(JSON.stringify(lines));
// The streaming app's timers and the store are gone with the measurement: nothing else to wait for.
process.exit(0);
