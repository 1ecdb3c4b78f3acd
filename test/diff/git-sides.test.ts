import assert from 'node:assert/strict';
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {diffGraphs} from '../../source/diff/graph-diff.js';
import {loadSide} from '../../source/diff/sides.js';
import {defaultBranch, filesAt, resolveCommit} from '../../source/git/git.js';
import {LockfileError} from '../../source/lockfiles/types.js';
import {git} from '../helpers/git.js';
import {fixturePath} from '../helpers/paths.js';

function bumpChalk(directory: string, version: string): void {
	const file = path.join(directory, 'package-lock.json');
	const lock = JSON.parse(readFileSync(file, 'utf8'));
	lock.packages['node_modules/chalk'].version = version;
	writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
}

let repo: string;
let mainTip: string;
let branchPoint: string;

before(() => {
	repo = mkdtempSync(path.join(tmpdir(), 'commit-tui-git-'));
	git(repo, 'init', '-q', '-b', 'main');
	cpSync(fixturePath('diff', 'added-direct', 'base'), repo, {recursive: true});
	git(repo, 'add', '.');
	git(repo, 'commit', '-q', '-m', 'without axios');
	branchPoint = git(repo, 'rev-parse', 'HEAD');
	// main moves on after the branch point: the default base must be the merge-base, not main's tip.
	bumpChalk(repo, '4.1.9');
	git(repo, 'commit', '-q', '-am', 'main bumps chalk');
	mainTip = git(repo, 'rev-parse', 'HEAD');
	git(repo, 'checkout', '-q', '-b', 'feature', branchPoint);
	cpSync(fixturePath('diff', 'added-direct', 'head'), repo, {recursive: true});
	const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
	writeFileSync(
		path.join(repo, 'package.json'),
		`${JSON.stringify({...manifest, name: 'renamed-app'}, null, 2)}\n`,
	);
	git(repo, 'commit', '-q', '-am', 'add axios');
	// Uncommitted work: the head is the working tree.
	bumpChalk(repo, '4.1.3');
});

after(() => rmSync(repo, {recursive: true, force: true}));

describe('diff sides from git', () => {
	test('a ref is read with git show at that commit, siblings (package.json) included', () => {
		const base = loadSide('base', 'main', repo);
		assert.equal(base.commit, mainTip);
		assert.ok(base.graph.packages.has('npm:chalk@4.1.9'));
		assert.ok(!base.graph.packages.has('npm:axios@1.7.9'));
		const head = loadSide('head', 'feature', repo);
		assert.ok(head.graph.packages.has('npm:axios@1.7.9'));
		assert.ok(head.graph.packages.has('npm:chalk@4.1.2'), 'the commit, not the working tree');
		assert.equal(head.graph.roots[0]!.name, 'renamed-app', 'package.json from the same commit');
		assert.equal(loadSide('base', 'HEAD~1', repo).graph.roots[0]!.name, 'web-app');
	});

	test('no head: the working tree; no base: the merge-base with the default branch', () => {
		const head = loadSide('head', undefined, repo);
		assert.equal(head.commit, null);
		assert.ok(head.graph.packages.has('npm:chalk@4.1.3'));
		const base = loadSide('base', undefined, repo);
		assert.equal(base.commit, branchPoint, "where feature left main, not main's tip");
		assert.match(base.label, /^merge-base with main/);
		const diff = diffGraphs(base.graph, head.graph);
		assert.deepEqual(diff.added, ['npm:axios@1.7.9', 'npm:follow-redirects@1.15.9', 'npm:form-data@4.0.1']);
		assert.deepEqual(diff.changed, [{from: 'npm:chalk@4.1.2', to: 'npm:chalk@4.1.3'}]);
	});

	test('origin/HEAD wins over main as the default branch', () => {
		git(repo, 'update-ref', 'refs/remotes/origin/trunk', branchPoint);
		git(repo, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk');
		try {
			assert.equal(defaultBranch(repo), 'origin/trunk');
		} finally {
			git(repo, 'symbolic-ref', '--delete', 'refs/remotes/origin/HEAD');
			git(repo, 'update-ref', '-d', 'refs/remotes/origin/trunk');
		}

		assert.equal(defaultBranch(repo), 'main');
	});

	test('which lockfiles existed at a ref comes from its tree (git ls-tree)', () => {
		writeFileSync(
			path.join(repo, 'pnpm-lock.yaml'),
			readFileSync(fixturePath('lockfiles', 'pnpm-9', 'basic', 'pnpm-lock.yaml')),
		);
		git(repo, 'add', 'pnpm-lock.yaml');
		git(repo, 'commit', '-q', '-m', 'a second lockfile');
		try {
			assert.ok(filesAt(repo, resolveCommit(repo, 'HEAD')!, '').includes('pnpm-lock.yaml'));
			assert.deepEqual(
				loadSide('head', 'HEAD', repo).graph.lockfiles.map((lockfile) => lockfile.path),
				['package-lock.json', 'pnpm-lock.yaml'],
			);
			assert.deepEqual(
				loadSide('base', 'HEAD~1', repo).graph.lockfiles.map((lockfile) => lockfile.path),
				['package-lock.json'],
			);
		} finally {
			git(repo, 'reset', '-q', '--hard', 'HEAD~1');
			bumpChalk(repo, '4.1.3');
		}
	});

	test('a project in a subfolder is read from the same subfolder at the ref', () => {
		const sub = mkdtempSync(path.join(tmpdir(), 'commit-tui-git-sub-'));
		try {
			git(sub, 'init', '-q', '-b', 'main');
			mkdirSync(path.join(sub, 'apps', 'web'), {recursive: true});
			cpSync(fixturePath('diff', 'bump', 'base'), path.join(sub, 'apps', 'web'), {recursive: true});
			git(sub, 'add', '.');
			git(sub, 'commit', '-q', '-m', 'base');
			cpSync(fixturePath('diff', 'bump', 'head'), path.join(sub, 'apps', 'web'), {recursive: true});
			const web = path.join(sub, 'apps', 'web');
			const diff = diffGraphs(loadSide('base', 'HEAD', web).graph, loadSide('head', undefined, web).graph);
			assert.deepEqual(diff.changed, [{from: 'npm:chalk@4.1.2', to: 'npm:chalk@5.3.0'}]);
		} finally {
			rmSync(sub, {recursive: true, force: true});
		}
	});

	test('a base commit without any lockfile is empty: everything is added', () => {
		const fresh = mkdtempSync(path.join(tmpdir(), 'commit-tui-git-fresh-'));
		try {
			git(fresh, 'init', '-q', '-b', 'main');
			writeFileSync(path.join(fresh, 'README.md'), '# app\n');
			git(fresh, 'add', '.');
			git(fresh, 'commit', '-q', '-m', 'readme');
			cpSync(fixturePath('diff', 'bump', 'base'), fresh, {recursive: true});
			const base = loadSide('base', 'HEAD', fresh);
			assert.equal(base.graph.packages.size, 0);
			assert.match(base.warnings[0]!, /^no supported lockfile at HEAD: every package of the head is added$/);
			const diff = diffGraphs(base.graph, loadSide('head', undefined, fresh).graph);
			assert.equal(diff.added.length, 8);
		} finally {
			rmSync(fresh, {recursive: true, force: true});
		}
	});

	test('paths win over refs; a name that is neither is a clear error', () => {
		const file = loadSide('base', path.join(fixturePath('diff', 'bump', 'base'), 'package-lock.json'), repo);
		assert.equal(file.commit, null);
		assert.ok(file.graph.packages.has('npm:chalk@4.1.2'));
		const directory = loadSide('base', fixturePath('diff', 'bump', 'head'), repo);
		assert.ok(directory.graph.packages.has('npm:chalk@5.3.0'));
		assert.throws(
			() => loadSide('base', 'no-such-branch', repo),
			(error: unknown) => {
				assert.ok(error instanceof LockfileError);
				assert.equal(error.describe(), 'no-such-branch: not a file, a directory or a git ref (commit)');
				return true;
			},
		);
		assert.throws(
			() => loadSide('base', '--output=x', repo),
			LockfileError,
			'never passed to git as an option',
		);
	});

	test('outside a git repository the default base is an error that says what to do', () => {
		const plain = mkdtempSync(path.join(tmpdir(), 'commit-tui-plain-'));
		try {
			cpSync(fixturePath('diff', 'bump', 'head'), plain, {recursive: true});
			assert.throws(
				() => loadSide('base', undefined, plain),
				/not a git repository: give the base as a lockfile, a directory or a git ref/,
			);
		} finally {
			rmSync(plain, {recursive: true, force: true});
		}
	});
});

describe('diff sides on disk read includes as a scan does', () => {
	test('an include outside the project is refused unless --allow-outside-includes', () => {
		const top = mkdtempSync(path.join(tmpdir(), 'commit-tui-sides-'));
		try {
			writeFileSync(path.join(top, 'shared.txt'), 'idna==3.10\n');
			const project = path.join(top, 'app');
			mkdirSync(project);
			writeFileSync(path.join(project, 'requirements.txt'), '-r ../shared.txt\nrequests==2.32.4\n');
			for (const spec of [project, path.join(project, 'requirements.txt')]) {
				assert.throws(
					() => loadSide('head', spec, top),
					/-r \.\.\/shared\.txt: outside the project \(not read; --allow-outside-includes reads it\)/,
					spec,
				);
				const side = loadSide('head', spec, top, {allowOutsideIncludes: true});
				assert.deepEqual([...side.graph.packages.keys()].sort(), ['pypi:idna@3.10', 'pypi:requests@2.32.4']);
			}
		} finally {
			rmSync(top, {recursive: true, force: true});
		}
	});
});
