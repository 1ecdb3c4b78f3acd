import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import type {PackageNode, RootNode} from '../../source/graph/types.js';
import {lockfileInput} from '../../source/lockfiles/index.js';
import {
	LockfileError,
	type LockfileInput,
	type LockfileReader,
	type ParsedLockfile,
} from '../../source/lockfiles/types.js';
import {fixturePath} from './paths.js';

/** A LockfileInput for a fixture file, reading siblings from the fixture's folder like the CLI does. */
export function fixtureInput(...parts: string[]): LockfileInput {
	const absolutePath = fixturePath(...parts);
	return inputFor(absolutePath, readFileSync(absolutePath, 'utf8'), parts.join('/'));
}

/** A LockfileInput for literal text, as if it sat at `absolutePath` (siblings are read from disk). */
export function inputFor(
	absolutePath: string,
	text: string,
	displayPath = path.basename(absolutePath),
): LockfileInput {
	return lockfileInput(absolutePath, displayPath, text);
}

/** Parsed lockfile with lookups by id, for terse assertions. */
export type ReadFixture = ParsedLockfile & {
	readonly byId: Map<string, PackageNode>;
	pkg(id: string): PackageNode;
	root(workspace?: string): RootNode;
};

export function readFixture(reader: LockfileReader, ...parts: string[]): ReadFixture {
	return indexed(reader(fixtureInput(...parts)));
}

/** `read(testCase, file?)`: reads the fixture lockfiles/<folder>/<testCase>/<file>. */
export function fixtureReader(
	reader: LockfileReader,
	folder: string,
	file: string,
): (testCase: string, fileName?: string) => ReadFixture {
	return (testCase, fileName = file) => readFixture(reader, 'lockfiles', folder, testCase, fileName);
}

/**
 * `readText(text, testCase?)`: reads literal text as if it were lockfiles/<folder>/<testCase>/<file>
 * (siblings such as pyproject.toml or `-r` includes come from that folder).
 */
export function textReader(
	reader: LockfileReader,
	folder: string,
	file: string,
	defaultTestCase: string,
): (text: string, testCase?: string) => ReadFixture {
	return (text, testCase = defaultTestCase) =>
		indexed(reader(inputFor(fixturePath('lockfiles', folder, testCase, file), text)));
}

export function indexed(parsed: ParsedLockfile): ReadFixture {
	const byId = new Map(parsed.packages.map((node) => [node.id, node]));
	return {
		...parsed,
		byId,
		pkg(id) {
			const node = byId.get(id);
			if (!node) throw new Error(`no package ${id}`);
			return node;
		},
		root(workspace = '.') {
			const root = parsed.roots.find((candidate) => (candidate.workspace ?? '.') === workspace);
			if (!root) throw new Error(`no root for workspace ${workspace}`);
			return root;
		},
	};
}

/** A package's kinds as `direct,dev,optional` (only those that are set). */
export function flags(lock: ReadFixture, id: string): string {
	const node = lock.pkg(id);
	return [node.direct && 'direct', node.dev && 'dev', node.optional && 'optional'].filter(Boolean).join(',');
}

/** Runs `run`, which must throw a LockfileError, and returns that error. */
export function lockfileError(run: () => unknown, failMessage = 'expected a LockfileError'): LockfileError {
	try {
		run();
	} catch (error) {
		assert.ok(error instanceof LockfileError, `expected a LockfileError, got ${String(error)}`);
		return error;
	}

	assert.fail(failMessage);
}

/**
 * `failure(testCase)`: reads the fixture lockfiles/<folder>/<testCase>/<file>, which must fail with a
 * LockfileError naming that fixture's path, and returns the error.
 */
export function fixtureFailure(
	reader: LockfileReader,
	folder: string,
	file: string,
): (testCase: string) => LockfileError {
	return (testCase) => {
		const error = lockfileError(
			() => reader(fixtureInput('lockfiles', folder, testCase, file)),
			`${testCase} was read without an error`,
		);
		assert.equal(error.file, `lockfiles/${folder}/${testCase}/${file}`);
		return error;
	};
}

/** Asserts that `run` throws a LockfileError whose message matches and whose line is `line`. */
export function throwsLockfileError(run: () => unknown, message: RegExp, line?: number): void {
	assert.throws(run, (error: unknown) => {
		assert.ok(error instanceof LockfileError, `expected LockfileError, got ${String(error)}`);
		assert.match(error.message, message);
		assert.equal(error.line, line);
		return true;
	});
}
