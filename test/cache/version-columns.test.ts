import assert from 'node:assert/strict';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {type CacheKey, FactsCache} from '../../source/cache/index.js';
import {arrayOf} from '../../source/cache/schema.js';
import {versionColumns, versionsFromColumns} from '../../source/cache/version-columns.js';
import {packageMetadataSchema} from '../../source/registries/schemas.js';
import type {PackageMetadata, VersionFacts} from '../../source/registries/types.js';
import {editStoredRecords, storedRecords} from '../helpers/cache-store.js';
import {plainVersions} from '../helpers/plain-versions.js';
import {temporaryDirectory} from '../helpers/registry-scan.js';

const folder = temporaryDirectory();
after(() => folder.remove());

/** Versions as the npm parser writes them: optional evidence keys only where they say something. */
function versions(): VersionFacts[] {
	const plain = (version: string, day: number, dependencies: VersionFacts['dependencies']): VersionFacts => ({
		version,
		published: new Date(Date.UTC(2025, 0, day)).toISOString(),
		publishedBy: day % 3 === 0 ? 'bob' : 'alice',
		deprecated: null,
		yanked: false,
		yankedReason: null,
		dependencies,
	});
	return [
		plain('1.0.0', 1, {prod: {}}),
		plain('1.0.1', 2, {prod: {}}),
		{...plain('1.1.0', 3, {prod: {debug: '^4.0.0'}}), provenance: true},
		{...plain('2.0.0-rc.1', 4, {prod: {debug: '^4.0.0'}}), prerelease: true},
		{
			...plain('2.0.0', 5, {prod: {debug: '^4.0.0'}, optional: {fsevents: '^2'}}),
			provenance: true,
			trustedPublisher: {provider: 'github', identity: 'oidc:1'},
			installScripts: {postinstall: 'node setup.js'},
		},
		{...plain('2.0.1', 6, null), deprecated: 'use 2.0.2', publishedBy: null},
	];
}

function metadata(list: VersionFacts[] = versions()): PackageMetadata {
	return {
		ecosystem: 'npm',
		name: 'left-pad',
		publishers: [{name: 'alice', role: null}],
		organization: null,
		latestVersion: '2.0.1',
		versions: list,
		firstPublished: list[0]!.published,
		lastPublished: list.at(-1)!.published,
		repository: null,
		unpublished: false,
		coverage: {provenance: true, trustedPublishing: true, installScripts: true},
	};
}

describe('versions by column', () => {
	test('round trip: the same versions, keys absent where they were absent, equal objects shared', () => {
		const original = versions();
		const columns = versionColumns(original)!;
		assert.equal(columns.count, original.length);
		// A value every version shares is written once; keys some versions lack point nowhere for them.
		assert.deepEqual(columns.columns.yanked, {all: false});
		assert.deepEqual(columns.columns.provenance, {table: [true], index: [-1, -1, 0, -1, 0, -1]});
		// Dependencies are stored as text, one per distinct map.
		assert.deepEqual(columns.columns.dependencies, {
			texts: [
				'{"prod":{}}',
				'{"prod":{"debug":"^4.0.0"}}',
				'{"prod":{"debug":"^4.0.0"},"optional":{"fsevents":"^2"}}',
				'null',
			],
			index: [0, 0, 1, 1, 2, 3],
		});
		const back = versionsFromColumns(JSON.parse(JSON.stringify(columns)))!;
		assert.deepEqual(plainVersions(back), original);
		assert.equal('provenance' in back[0]!, false);
		assert.equal(back[2]!.dependencies, back[3]!.dependencies, 'one object for equal dependencies');
		assert.equal(back[0]!.dependencies, back[1]!.dependencies);
		assert.notEqual(back[3]!.dependencies, back[4]!.dependencies);
	});

	test('one version; lists that are not of plain objects are left as rows', () => {
		const [only] = versions();
		assert.deepEqual(
			plainVersions(versionsFromColumns(JSON.parse(JSON.stringify(versionColumns([only!]))))!),
			[only],
		);
		assert.equal(versionColumns([]), null);
		assert.equal(versionColumns([only!, 'x']), null);
		assert.equal(versionColumns([only!, [1]]), null);
		// Two versions alike in every key: no column is as long as the list, so they stay rows.
		assert.equal(versionColumns([only!, {...only!}]), null);
	});

	test('damaged columns are not decoded (the schema then rejects the stored value)', () => {
		const good = JSON.parse(JSON.stringify(versionColumns(versions()))) as {
			count: number;
			columns: Record<string, Record<string, unknown>>;
		};
		const damaged: unknown[] = [
			null,
			[],
			{count: 6},
			{...good, count: 0},
			{...good, count: 5},
			{...good, count: 2_000_000_000},
			{...good, count: 1.5},
			{count: 3, columns: {version: {all: '1.0.0'}}},
			{...good, columns: {...good.columns, version: {values: ['1.0.0']}}},
			{...good, columns: {...good.columns, provenance: {table: [true], index: [0, 0, 0, 0, 0, 1]}}},
			{...good, columns: {...good.columns, provenance: {table: [true], index: [0, 0, 0, 0, 0, 0.5]}}},
			{...good, columns: {...good.columns, provenance: {table: true, index: [0, 0, 0, 0, 0, 0]}}},
			{...good, columns: {...good.columns, published: 'x'}},
			JSON.parse(
				`{"count":6,"columns":{"version":${JSON.stringify(good.columns.version)},"__proto__":{"all":{"installScripts":{"postinstall":"x"}}}}}`,
			),
		];
		for (const stored of damaged)
			assert.equal(versionsFromColumns(stored), undefined, JSON.stringify(stored));
	});

	test('dependencies stay text until read: parsed once per distinct map, a damaged text reads as unknown, written back as they were', () => {
		const versionSchema = packageMetadataSchema.field?.('versions')?.schema.items;
		assert.ok(versionSchema);
		const stored = JSON.parse(JSON.stringify(versionColumns(versions()))) as {
			count: number;
			columns: Record<string, {texts: string[]; index: number[]}>;
		};
		// The second map is damaged two ways over two copies: not JSON, and JSON that is not a dependency map.
		for (const damage of ['{"prod":{"debug":', '{"prod":{"debug":7}}']) {
			const columns = structuredClone(stored);
			columns.columns.dependencies!.texts[1] = damage;
			const damaged: Array<Record<string, unknown>> = versionsFromColumns(columns, versionSchema)!;
			assert.equal(
				arrayOf(versionSchema).check(damaged),
				null,
				'the list is vouched for: texts are checked when read',
			);
			assert.equal(damaged[2]!.dependencies, null, damage);
			assert.equal(damaged[3]!.dependencies, null);
			assert.deepEqual(damaged[4]!.dependencies, {prod: {debug: '^4.0.0'}, optional: {fsevents: '^2'}});
		}

		// Read back and written again: the same columns (a revalidated entry is rewritten from what was read).
		const decoded = versionsFromColumns(structuredClone(stored), versionSchema)!;
		assert.deepEqual(JSON.parse(JSON.stringify(versionColumns(decoded))), stored);
		assert.equal(decoded[4]!.dependencies, decoded[4]!.dependencies, 'parsed once, then the same object');

		// Texts anywhere else, or texts that are not strings, are a damaged column.
		const elsewhere = structuredClone(stored) as {count: number; columns: Record<string, unknown>};
		elsewhere.columns.deprecated = {texts: ['"use 2"'], index: [0, 0, 0, 0, 0, 0]};
		assert.equal(versionsFromColumns(elsewhere), undefined);
		const notText = structuredClone(stored) as {count: number; columns: Record<string, unknown>};
		notText.columns.dependencies = {texts: [{prod: {}}], index: [0, 0, 0, 0, 0, 0]};
		assert.equal(versionsFromColumns(notText), undefined);
		const outOfRange = structuredClone(stored);
		outOfRange.columns.dependencies!.index[0] = 9;
		assert.equal(versionsFromColumns(outOfRange), undefined);
	});

	test('checked by column: each value a column holds once; a list that fits is vouched for, one that does not is checked version by version', () => {
		const versionSchema = packageMetadataSchema.field?.('versions')?.schema.items;
		assert.ok(versionSchema, 'the metadata schema names the schema of one version');
		const list = arrayOf(versionSchema);
		const stored = () =>
			JSON.parse(JSON.stringify(versionColumns(versions()))) as {
				count: number;
				columns: Record<string, Record<string, unknown>>;
			};
		const good = versionsFromColumns(stored(), versionSchema)!;
		assert.deepEqual(plainVersions(good), versions());
		assert.equal(list.check(good), null);

		// Each misfit, with the message the version-by-version check gives it.
		const misfits: Array<[(columns: Record<string, Record<string, unknown>>) => void, RegExp]> = [
			[
				(columns) => ((columns.published!.values as unknown[])[3] = 'yesterday'),
				/^\[3\]\.published: expected an ISO time/,
			],
			[(columns) => (columns.color = {all: 'red'}), /^\[0\]\.color: not expected/],
			[(columns) => (columns.yanked = {all: 'no'}), /^\[0\]\.yanked: expected true or false/],
			[
				(columns) => (columns.publishedBy = {table: ['bob'], index: [0, 0, -1, 0, 0, 0]}),
				/^\[2\]\.publishedBy: missing/,
			],
			[(columns) => delete columns.yankedReason, /^\[0\]\.yankedReason: missing/],
			[
				(columns) => (columns.provenance = {table: [true, 'yes'], index: [-1, -1, 0, -1, 1, -1]}),
				/^\[4\]\.provenance: expected one of true/,
			],
		];
		for (const [damage, message] of misfits) {
			const columns = stored();
			damage(columns.columns);
			const decoded = versionsFromColumns(columns, versionSchema);
			assert.ok(decoded, 'well-formed columns still decode');
			assert.match(list.check(decoded) ?? 'fits', message);
		}

		// A value in a table no version points to is not vouched for either (the versions then fit one by one).
		const unused = stored();
		unused.columns.provenance = {table: [true, 7], index: [-1, -1, 0, -1, 0, -1]};
		const decoded = versionsFromColumns(unused, versionSchema)!;
		assert.equal(list.check(decoded), null);
		// Vouched for one schema, not for another.
		const other = arrayOf(versionSchema);
		assert.equal(other.items, versionSchema);
		assert.equal(arrayOf(packageMetadataSchema).check(good), '[0].ecosystem: missing');
	});

	test('through the cache: stored by column, read back whole; rows written before still read; a bad column is a miss', async () => {
		const directory = path.join(folder.path, 'columns');
		const key: CacheKey = {kind: 'metadata', ecosystem: 'npm', name: 'left-pad', baseUrl: 'http://x/'};
		const entry = {
			key,
			etag: null,
			fetchedAt: '2026-06-01T00:00:00.000Z',
			url: 'http://x/left-pad',
			value: metadata(),
			missing: null,
		};
		const writer = new FactsCache(directory);
		writer.write(entry, packageMetadataSchema);
		await writer.flush();
		const [record] = storedRecords(directory);
		assert.equal(record!.text.split('"published"').length, 2, 'the key written once');
		const read = await new FactsCache(directory).read<PackageMetadata>(key, packageMetadataSchema);
		assert.deepEqual({...read?.value, versions: plainVersions(read!.value!.versions)}, metadata());

		// Versions stored as rows (what `versionColumns` leaves as they are) are read as they are.
		editStoredRecords(directory, (stored) => {
			const parsed = JSON.parse(stored.text) as {value: Record<string, unknown>};
			return JSON.stringify({...parsed, value: metadata()});
		});
		assert.deepEqual(
			(await new FactsCache(directory).read<PackageMetadata>(key, packageMetadataSchema))?.value,
			metadata(),
		);

		// A column that does not fit its versions: the schema sees no list of versions, the entry is dropped.
		writer.write(entry, packageMetadataSchema);
		await writer.flush();
		editStoredRecords(directory, (stored) => stored.text.replace('"index":[-1,-1,0', '"index":[-1,-1,7'));
		const reader = new FactsCache(directory);
		assert.equal(await reader.read(key, packageMetadataSchema), null);
		assert.equal(reader.invalidEntries.count, 1);
		assert.match(reader.invalidEntries.first ?? '', /^metadata\/npm: value\.versions: expected a list/);

		// A column value that does not fit its key: the entry is dropped, the message names the version.
		writer.write(entry, packageMetadataSchema);
		await writer.flush();
		editStoredRecords(directory, (stored) => stored.text.replace('"2025-01-04T00:00:00.000Z"', '"soon"'));
		const misfit = new FactsCache(directory);
		assert.equal(await misfit.read(key, packageMetadataSchema), null);
		assert.equal(
			misfit.invalidEntries.first,
			'metadata/npm: value.versions[3].published: expected an ISO time or null',
		);
	});
});
