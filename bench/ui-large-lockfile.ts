import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {repoRoot} from './measure.js';

/**
 * A monorepo lockfile of about `entries` install paths (npm lockfileVersion 3, workspaces), made from the real
 * names and edges of `bench/fixtures/large` and written to `directory` (too big to keep in git). Issue 15's UI
 * figures need a ~28.6k-entry tree; this is the UI bench's own small generator (part A of the issue writes the
 * shared one).
 *
 * Shape: the fixture's tree hoisted at the root for the first workspace, then one workspace after another, each
 * nesting its own copy of the tree under `packages/app-N/node_modules/` with most versions moved on (`4.17.21` →
 * `4.17.24`: a duplicate name at another version) and about a quarter of its top-level names left to the root's
 * copies (shared packages: one package, several parents). Deterministic.
 */
export function writeMonorepoLockfile(directory: string, entries = 28_600): {entries: number} {
	const fixture = JSON.parse(
		readFileSync(path.join(repoRoot, 'bench', 'fixtures', 'large', 'package-lock.json'), 'utf8'),
	) as {packages: Record<string, Record<string, unknown>>};
	const manifest = JSON.parse(
		readFileSync(path.join(repoRoot, 'bench', 'fixtures', 'large', 'package.json'), 'utf8'),
	) as {dependencies: Record<string, string>; devDependencies: Record<string, string>};
	const {'': _root, ...tree} = fixture.packages;
	const packages: Record<string, unknown> = {};
	// Counted as they are added (Object.keys per entry would make the generator quadratic).
	let count = 0;
	const put = (key: string, value: unknown) => {
		if (!(key in packages)) count++;
		packages[key] = value;
	};
	const workspaces: string[] = [];
	const addWorkspace = (index: number) => {
		const name = `app-${index}`;
		const folder = `packages/${name}`;
		workspaces.push(name);
		put(folder, {
			name,
			version: '1.0.0',
			dependencies: manifest.dependencies,
			devDependencies: manifest.devDependencies,
		});
		put(`node_modules/${name}`, {resolved: folder, link: true});
		return folder;
	};

	addWorkspace(0);
	for (const [key, entry] of Object.entries(tree)) put(key, entry);
	for (let index = 1; count < entries; index++) {
		const folder = addWorkspace(index);
		for (const [key, entry] of Object.entries(tree)) {
			if (count >= entries) break;
			const top = topLevelName(key);
			// Left to the root's copy: this workspace shares that subtree with the first one.
			if (hash(`${top}#${index}`) % 4 === 0) continue;
			const version = typeof entry.version === 'string' ? bump(entry.version, index) : entry.version;
			put(`${folder}/${key}`, {...entry, version});
		}
	}

	const lockfile = {
		name: 'monorepo-bench',
		version: '1.0.0',
		lockfileVersion: 3,
		requires: true,
		packages: {
			'': {name: 'monorepo-bench', version: '1.0.0', workspaces: ['packages/*']},
			...packages,
		},
	};
	mkdirSync(directory, {recursive: true});
	writeFileSync(
		path.join(directory, 'package.json'),
		JSON.stringify({name: 'monorepo-bench', version: '1.0.0', private: true, workspaces: ['packages/*']}),
	);
	writeFileSync(path.join(directory, 'package-lock.json'), JSON.stringify(lockfile, null, '\t'));
	return {entries: Object.keys(lockfile.packages).length};
}

/** `node_modules/@scope/a/node_modules/b` → `@scope/a`. */
function topLevelName(key: string): string {
	const rest = key.slice('node_modules/'.length);
	const parts = rest.split('/');
	return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** Another patch release of the same line, so the name repeats at a different version. */
function bump(version: string, by: number): string {
	return version.replace(
		/^(\d+)\.(\d+)\.(\d+)/,
		(_, major, minor, patch) => `${major}.${minor}.${Number(patch) + by}`,
	);
}

function hash(text: string): number {
	let value = 2166136261;
	for (let index = 0; index < text.length; index++)
		value = Math.imul(value ^ text.charCodeAt(index), 16777619);
	return value >>> 0;
}
