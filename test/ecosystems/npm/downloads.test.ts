import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {downloadsRangeUrl, isBulkable, parseRangeResponse} from '../../../source/ecosystems/npm/downloads.js';
import {dayString, registryNow} from '../../helpers/registry-data.js';
import {type RegistryServer, startRegistryServer} from '../../helpers/registry-server.js';
import {fetchBulk} from '../../helpers/requests.js';

const now = new Date(registryNow);

let server: RegistryServer;
before(async () => {
	server = await startRegistryServer();
});
after(async () => {
	await server.close();
});

describe('npm downloads', () => {
	test('bulk: one request, an entry per name, null entries are unknown', async () => {
		server.resetRequests();
		const outcome = await fetchBulk(
			'npm',
			'downloads',
			server.downloadsUrl,
			['express', 'axios', 'gone-package'],
			{},
		);
		assert.equal(outcome.status, 'ok');
		if (outcome.status !== 'ok') return;
		assert.equal(server.requests.length, 1);
		assert.equal(server.requests[0]?.path, '/downloads/downloads/range/last-year/express,axios,gone-package');
		const express = outcome.value.get('express');
		assert.equal(express?.daily.length, 365);
		assert.equal(express?.daily[0]?.day, dayString(365));
		assert.equal(express?.daily.at(-1)?.day, dayString(1));
		assert.equal(
			express?.weekly,
			express?.daily.slice(-7).reduce((sum, row) => sum + row.downloads, 0),
		);
		assert.ok((express?.weekly ?? 0) > 30_000_000);
		assert.equal(outcome.value.get('gone-package'), null);
	});

	test('a scoped name: its own request, @scope/name unescaped', async () => {
		server.resetRequests();
		const outcome = await fetchBulk('npm', 'downloads', server.downloadsUrl, ['@types/node'], {});
		assert.equal(server.requests[0]?.path, '/downloads/downloads/range/last-year/@types/node');
		assert.equal(outcome.status, 'ok');
		if (outcome.status === 'ok') assert.equal(outcome.value.get('@types/node')?.daily.length, 365);
		assert.equal(isBulkable('@types/node'), false);
		assert.equal(isBulkable('express'), true);
		assert.equal(
			downloadsRangeUrl('https://api.example/', ['@a/b']),
			'https://api.example/downloads/range/last-year/@a/b',
		);
	});

	test('a single unknown name is a 404 → missing', async () => {
		assert.deepEqual(await fetchBulk('npm', 'downloads', server.downloadsUrl, ['no-such-package'], {}), {
			status: 'missing',
			reason: 'HTTP 404 not found',
		});
	});

	test('one name through the bulk path gets the single shape', () => {
		const single = {
			start: '2026-01-01',
			end: '2026-01-02',
			package: 'ms',
			downloads: [{day: '2026-01-01', downloads: 4}],
		};
		const parsed = parseRangeResponse(single, ['ms'], now);
		assert.deepEqual(parsed.get('ms'), {daily: [{day: '2026-01-01', downloads: 4}], weekly: 4});
		const bulk = parseRangeResponse({ms: single, other: null}, ['ms', 'other', 'absent'], now);
		assert.equal(bulk.get('other'), null);
		assert.equal(bulk.get('absent'), null);
		assert.throws(() => parseRangeResponse('nope', ['ms'], now), /invalid downloads response/);
	});
});
