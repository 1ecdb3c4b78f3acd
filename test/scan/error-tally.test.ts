import assert from 'node:assert/strict';
import {test} from 'node:test';
import {reasonsText, tallyErrors} from '../../source/scan/error-tally.js';
import {makeFacts} from '../helpers/ink-fixtures.js';

const withErrors = (name: string, errors: string[]) => ({...makeFacts(name, '1.0.0'), errors});

test('errors by reason, the most common first; a host marked down is left to its own line', () => {
	const tally = tallyErrors([
		withErrors('a', ['metadata: not a packument', 'downloads: invalid JSON']),
		withErrors('b', ['metadata: not a packument', 'metadata: not a packument']),
		withErrors('c', ['downloads: host down (api.npmjs.org: DNS lookup failed)']),
		withErrors('d', []),
		withErrors('e', ['metadata: HTTP 404 not found', 'downloads: invalid JSON']),
		withErrors('f', ['metadata: not a packument']),
	]);
	assert.equal(tally.packages, 4, 'c only lacks what a down host would have said, d nothing');
	assert.deepEqual(tally.reasons, [
		{reason: 'metadata: not a packument', packages: 3},
		{reason: 'downloads: invalid JSON', packages: 2},
		{reason: 'metadata: HTTP 404 not found', packages: 1},
	]);
	assert.equal(reasonsText(tally), 'metadata: not a packument (3), downloads: invalid JSON (2), +1 more');
	assert.equal(
		reasonsText(tally, 3),
		'metadata: not a packument (3), downloads: invalid JSON (2), metadata: HTTP 404 not found (1)',
	);
	assert.deepEqual(tallyErrors([withErrors('x', [])]), {packages: 0, reasons: []});
});
