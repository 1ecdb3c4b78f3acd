import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, test} from 'node:test';
import {
	exportBaseName,
	fileNameSlug,
	fileTimestamp,
	resolveExportDirectory,
	scopeLabel,
	writeFileNoClobber,
} from '../../source/cli/export.js';
import type {DependencyGraph} from '../../source/graph/types.js';

let folder: string;
beforeEach(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'commit-tui-export-'));
});
afterEach(() => {
	fs.rmSync(folder, {recursive: true, force: true});
});

const graph: DependencyGraph = {
	lockfiles: [{path: 'package-lock.json', format: 'npm-lock-v3', ecosystem: 'npm'}],
	roots: [
		{id: 'root:package-lock.json', name: '@acme/web app', lockfile: 'package-lock.json', dependencies: []},
	],
	packages: new Map([
		[
			'npm:@babel/core@7.26.0',
			{
				id: 'npm:@babel/core@7.26.0',
				ecosystem: 'npm',
				name: '@babel/core',
				version: '7.26.0',
				direct: true,
				dev: false,
				optional: false,
				dependencies: [],
				lockfiles: ['package-lock.json'],
			},
		],
		[
			'npm:../../evil\u001B]0;x\u0007@1.0.0',
			{
				id: 'npm:../../evil\u001B]0;x\u0007@1.0.0',
				ecosystem: 'npm',
				name: '../../evil\u001B]0;x\u0007',
				version: '1.0.0',
				direct: true,
				dev: false,
				optional: false,
				dependencies: [],
				lockfiles: ['package-lock.json'],
			},
		],
	]),
	warnings: [],
};

describe('export file names', () => {
	test('slugs keep letters, digits, dots, dashes and underscores only', () => {
		assert.equal(fileNameSlug('@babel/core-7.26.0'), 'babel-core-7.26.0');
		assert.equal(fileNameSlug('../../etc/passwd'), 'etc-passwd');
		assert.equal(fileNameSlug('a\u001B[2Jb'), 'a-2Jb');
		assert.equal(fileNameSlug('...'), '');
		assert.equal(fileNameSlug('x'.repeat(100)).length, 60);
	});

	test('timestamps are YYYYMMDD-HHmmss in local time', () => {
		assert.equal(fileTimestamp(new Date(2026, 0, 5, 7, 8, 9)), '20260105-070809');
	});

	test('scope labels name the package, the root, the marked count or all', () => {
		assert.equal(scopeLabel({kind: 'all'}, graph), 'all');
		assert.equal(scopeLabel({kind: 'marked', ids: ['a', 'b', 'c']}, graph), 'marked-3');
		assert.equal(scopeLabel({kind: 'subtree', id: 'npm:@babel/core@7.26.0'}, graph), 'babel-core-7.26.0');
		assert.equal(scopeLabel({kind: 'subtree', id: 'root:package-lock.json'}, graph), 'acme-web-app');
		assert.equal(
			scopeLabel({kind: 'subtree', id: 'npm:../../evil\u001B]0;x\u0007@1.0.0'}, graph),
			'evil-0-x-1.0.0',
		);
		assert.equal(scopeLabel({kind: 'subtree', id: 'npm:missing@1'}, graph), 'subtree');
	});

	test('base name: commit-tui-<project>-<scope>-<timestamp>', () => {
		const now = new Date(2026, 10, 25, 10, 35, 0);
		assert.equal(
			exportBaseName('@acme/web app', {kind: 'subtree', id: 'npm:@babel/core@7.26.0'}, graph, now),
			'commit-tui-acme-web-app-babel-core-7.26.0-20261125-103500',
		);
		assert.equal(exportBaseName('', {kind: 'all'}, graph, now), 'commit-tui-project-all-20261125-103500');
	});
});

describe('export folder', () => {
	test('empty = cwd, ~ = home, relative = under cwd, absolute as is', () => {
		assert.equal(resolveExportDirectory('', '/work/project', '/home/me'), '/work/project');
		assert.equal(resolveExportDirectory('~', '/work/project', '/home/me'), '/home/me');
		assert.equal(resolveExportDirectory('~/reports', '/work/project', '/home/me'), '/home/me/reports');
		assert.equal(
			resolveExportDirectory('out/reports', '/work/project', '/home/me'),
			'/work/project/out/reports',
		);
		assert.equal(resolveExportDirectory('/tmp/x', '/work/project', '/home/me'), '/tmp/x');
	});
});

describe('writeFileNoClobber', () => {
	test('creates the folder and writes the file, leaving no temporary file', async () => {
		const target = path.join(folder, 'a', 'b');
		const written = await writeFileNoClobber(target, 'report', 'md', '# hello\n');
		assert.equal(written, path.join(target, 'report.md'));
		assert.equal(fs.readFileSync(written, 'utf8'), '# hello\n');
		assert.deepEqual(fs.readdirSync(target), ['report.md']);
	});

	test('never overwrites: -2, -3 … and the existing files keep their content', async () => {
		fs.writeFileSync(path.join(folder, 'report.json'), 'old');
		const second = await writeFileNoClobber(folder, 'report', 'json', 'two');
		const third = await writeFileNoClobber(folder, 'report', 'json', 'three');
		assert.equal(path.basename(second), 'report-2.json');
		assert.equal(path.basename(third), 'report-3.json');
		assert.equal(fs.readFileSync(path.join(folder, 'report.json'), 'utf8'), 'old');
		assert.equal(fs.readFileSync(second, 'utf8'), 'two');
		assert.equal(fs.readFileSync(third, 'utf8'), 'three');
		assert.deepEqual(fs.readdirSync(folder).sort(), ['report-2.json', 'report-3.json', 'report.json']);
	});

	test('ten writes at once get ten distinct files', async () => {
		const paths = await Promise.all(
			Array.from({length: 10}, (_, index) => writeFileNoClobber(folder, 'same', 'md', `content ${index}`)),
		);
		assert.equal(new Set(paths).size, 10);
		const contents = paths.map((file) => fs.readFileSync(file, 'utf8')).sort();
		assert.deepEqual(
			contents,
			Array.from({length: 10}, (_, index) => `content ${index}`),
		);
		assert.equal(fs.readdirSync(folder).length, 10);
	});

	test('an unwritable folder rejects with the reason', async () => {
		const file = path.join(folder, 'not-a-folder');
		fs.writeFileSync(file, '');
		// In words, naming the folder, not fs's syscall and temporary file.
		await assert.rejects(writeFileNoClobber(path.join(file, 'sub'), 'report', 'md', 'x'), {
			message: `cannot write in ${path.join(file, 'sub')}: a folder on the path is a file (ENOTDIR)`,
		});
		await assert.rejects(writeFileNoClobber(file, 'report', 'md', 'x'), {
			message: `cannot write in ${file}: a file is in the way of the folder (EEXIST)`,
		});
	});
});
