import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {LockfileError} from '../../source/lockfiles/types.js';
import {diskReader, loadProjectPolicy} from '../../source/policy/load.js';

const now = new Date('2026-11-30T12:00:00Z');
const scratch = mkdtempSync(path.join(tmpdir(), 'commit-tui-policy-load-'));
after(() => rmSync(scratch, {recursive: true, force: true}));

/** A project folder beside a folder of "the machine's" files that a hostile repository could link to. */
function setUp(name: string) {
	const project = path.join(scratch, name, 'project');
	const machine = path.join(scratch, name, 'machine');
	mkdirSync(project, {recursive: true});
	mkdirSync(machine, {recursive: true});
	// What a link could reach: a file whose first key or value the readers' messages would quote.
	writeFileSync(
		path.join(machine, 'secret'),
		'ghp_SECRET_TOKEN_abc123: 1\nmin-release-age=ghp_SECRET_TOKEN_abc123\n',
	);
	return {project, machine};
}

const skipLinks = process.platform === 'win32' ? 'symlinks need privileges on Windows' : false;

describe('project files are read only from inside the project', {skip: skipLinks}, () => {
	test('a policy file linked to outside the project is refused by name, without its content', () => {
		const {project, machine} = setUp('policy-outside');
		symlinkSync(path.join(machine, 'secret'), path.join(project, '.commit-tui.yml'));
		assert.throws(
			() => loadProjectPolicy({directory: project, now}),
			(error: unknown) => {
				assert.ok(error instanceof LockfileError);
				assert.equal(error.file, '.commit-tui.yml');
				assert.match(error.message, /^links outside the project; not read/);
				assert.doesNotMatch(error.message, /SECRET/);
				return true;
			},
		);
	});

	test('a tool config linked to outside is a warning and is not read; the rest of the project still is', () => {
		const {project, machine} = setUp('npmrc-outside');
		symlinkSync(path.join(machine, 'secret'), path.join(project, '.npmrc'));
		writeFileSync(path.join(project, 'pnpm-workspace.yaml'), 'minimumReleaseAge: 1440\n');
		const loaded = loadProjectPolicy({directory: project, now});
		assert.deepEqual(loaded.warnings, ['.npmrc: links outside the project; not read']);
		assert.deepEqual(
			loaded.cooldown.settings.map((setting) => setting.tool),
			['pnpm'],
		);
		assert.ok(!JSON.stringify(loaded).includes('SECRET'));
	});

	test('a link that stays inside the project is followed', () => {
		const {project} = setUp('inside');
		mkdirSync(path.join(project, 'config'));
		writeFileSync(path.join(project, 'config', 'policy.yml'), 'thresholds:\n  cooldownDays: 3\n');
		symlinkSync(path.join('config', 'policy.yml'), path.join(project, '.commit-tui.yml'));
		const loaded = loadProjectPolicy({directory: project, now});
		assert.equal(loaded.policy?.thresholds.cooldownDays, 3);
		assert.deepEqual(loaded.warnings, []);
	});

	test('--policy names a file anywhere: the user chose it', () => {
		const {project, machine} = setUp('explicit');
		const shared = path.join(machine, 'shared-policy.yml');
		writeFileSync(shared, 'failOn: high\n');
		assert.equal(loadProjectPolicy({directory: project, policyFile: shared, now}).policy?.failOn, 'high');
		assert.throws(
			() => loadProjectPolicy({directory: project, policyFile: path.join(machine, 'missing.yml'), now}),
			/no such policy file/,
		);
		assert.throws(
			() => loadProjectPolicy({directory: project, policyFile: machine, now}),
			/not a regular file/,
		);
	});
});

test('a config file that is not a regular file or is over 1 MB is a warning, not read', () => {
	const {project} = setUp('odd-files');
	mkdirSync(path.join(project, '.npmrc'));
	writeFileSync(
		path.join(project, 'pnpm-workspace.yaml'),
		`# ${'x'.repeat(1024 * 1024)}\nminimumReleaseAge: 1440\n`,
	);
	const refused: string[] = [];
	const read = diskReader(project, (file) => refused.push(`${file.path}: ${file.reason}`));
	assert.equal(read('.npmrc'), undefined);
	assert.equal(read('pnpm-workspace.yaml'), undefined);
	assert.equal(read('missing.toml'), undefined);
	assert.deepEqual(refused, ['.npmrc: not a regular file', 'pnpm-workspace.yaml: too large (2 MB)']);
});
