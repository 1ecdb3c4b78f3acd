import {readFileSync} from 'node:fs';
import path from 'node:path';
import type {PackageNode, RootNode} from '../../source/graph/types.js';
import type {LockfileInput, LockfileReader, ParsedLockfile} from '../../source/lockfiles/types.js';
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
	const directory = path.dirname(absolutePath);
	return {
		path: displayPath,
		absolutePath,
		text,
		readRelative(relativePath) {
			try {
				return readFileSync(path.resolve(directory, relativePath), 'utf8');
			} catch {
				return undefined;
			}
		},
	};
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
