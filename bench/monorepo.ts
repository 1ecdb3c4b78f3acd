import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {randomSource} from '../test/helpers/random-trees.js';
import {repoRoot} from './measure.js';

/**
 * Makes a big npm monorepo lockfile (package-lock.json v3 with workspaces, ~28,600 entries) out of the real
 * package names, versions and dependency maps of bench/fixtures/large, so the bench can scan a tree of the size
 * of a large company monorepo without storing 10 MB of JSON in git. It is written under bench/.work/ (ignored)
 * and made again only when this generator changes (`generatorVersion`).
 *
 * The shape follows what npm writes for such a project: every fixture entry hoisted at the root, one folder per
 * workspace (`packages/ws-N`, linked from `node_modules/@mono/ws-N`), and under each workspace its own copies of
 * a few hundred packages at other versions (the duplicates that make monorepo lockfiles big), some of them with
 * their own nested copy one level further down. Versions of the nested copies come from a small set per name, so
 * the same name@version recurs across workspaces, as it does in real trees. Deterministic (a seeded generator).
 *
 * The registry side needs nothing stored either: `datasetForGraph` (test/helpers/synthetic-dataset.ts) serves
 * plausible packuments and download counts for every package of the graph read from this lockfile.
 */

/** Bump when the output changes, so a stale copy in bench/.work is made again. */
const generatorVersion = 2;

const fixtureLock = path.join(repoRoot, 'bench', 'fixtures', 'large', 'package-lock.json');
const defaultTargets = {
	shared: path.join(repoRoot, 'bench', '.work', 'monorepo'),
	distinct: path.join(repoRoot, 'bench', '.work', 'monorepo-distinct'),
};

export type MonorepoOptions = {
	/**
	 * `shared` (the default): workspaces nest a few hundred copies each, drawn from three versions per name, so
	 * name@version recurs across workspaces (~6.9k distinct packages in 28.6k entries). `distinct`: each workspace
	 * nests most of the fixture's tree again with every version moved on, so nearly every entry is its own
	 * package (~24.7k distinct): the worst case for memory and scoring, as a monorepo whose workspaces drift apart.
	 */
	readonly shape?: 'shared' | 'distinct';
	/** Workspaces (each adds ~290 entries). */
	readonly workspaces?: number;
	/** Nested copies per workspace (about a fifth more come one level further down). */
	readonly nestedPerWorkspace?: number;
	readonly seed?: number;
};

type Entry = Record<string, unknown> & {version?: string; dependencies?: Record<string, string>};

/** The project folder (made if missing or stale); its package-lock.json has about 28,600 entries. */
export function ensureMonorepo(
	options: MonorepoOptions = {},
	target = defaultTargets[options.shape ?? 'shared'],
): string {
	const stamp = path.join(target, '.generator');
	const wanted = JSON.stringify({generatorVersion, ...options});
	if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return target;
	rmSync(target, {recursive: true, force: true});
	const {lock, manifests} =
		options.shape === 'distinct' ? generateDistinctMonorepo() : generateMonorepo(options);
	mkdirSync(target, {recursive: true});
	writeFileSync(path.join(target, 'package-lock.json'), `${JSON.stringify(lock, null, '\t')}\n`);
	writeFileSync(path.join(target, 'package.json'), `${JSON.stringify(manifests[''], null, '\t')}\n`);
	for (const [folder, manifest] of Object.entries(manifests)) {
		if (folder === '') continue;
		mkdirSync(path.join(target, folder), {recursive: true});
		writeFileSync(path.join(target, folder, 'package.json'), `${JSON.stringify(manifest, null, '\t')}\n`);
	}

	writeFileSync(stamp, wanted);
	return target;
}

/** The lockfile and the package.json of the root and of every workspace (by folder; '' = the root). */
export function generateMonorepo(options: MonorepoOptions = {}): {
	lock: {name: string; version: string; lockfileVersion: 3; requires: true; packages: Record<string, Entry>};
	manifests: Record<string, Record<string, unknown>>;
} {
	const workspaces = options.workspaces ?? 90;
	const nestedPerWorkspace = options.nestedPerWorkspace ?? 258;
	const random = randomSource(options.seed ?? 15);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	const fixture = JSON.parse(readFileSync(fixtureLock, 'utf8')) as {packages: Record<string, Entry>};

	// The hoisted copy of each name (the fixture's `node_modules/<name>` entries) is the template of its copies.
	const hoisted = new Map<string, Entry>();
	for (const [installPath, entry] of Object.entries(fixture.packages)) {
		if (!installPath.startsWith('node_modules/') || installPath.indexOf('/node_modules/') >= 0) continue;
		if (entry.link) continue;
		hoisted.set(installPath.slice('node_modules/'.length), entry);
	}

	// Every name's entry wherever the fixture has one (some exist only nested), for dependencies a copy needs.
	const anywhere = new Map<string, Entry>(hoisted);
	for (const [installPath, entry] of Object.entries(fixture.packages)) {
		const name = installPath.slice(installPath.lastIndexOf('node_modules/') + 'node_modules/'.length);
		if (installPath.includes('node_modules/') && !entry.link && !anywhere.has(name))
			anywhere.set(name, entry);
	}

	const names = [...hoisted.keys()].sort();
	const packages: Record<string, Entry> = {};
	const manifests: Record<string, Record<string, unknown>> = {};
	const workspaceFolders = Array.from({length: workspaces}, (_, index) => `packages/ws-${index}`);
	const rootManifest = {
		name: 'mono-bench',
		version: '1.0.0',
		private: true,
		workspaces: ['packages/*'],
		devDependencies: {typescript: '4.9.5', eslint: '8.57.1', jest: '29.7.0', prettier: '3.4.2'},
	};
	manifests[''] = rootManifest;
	packages[''] = {...rootManifest};
	delete packages['']!.private;
	for (const [installPath, entry] of Object.entries(fixture.packages))
		if (installPath !== '') packages[installPath] = entry;

	for (const [index, folder] of workspaceFolders.entries()) {
		const name = `@mono/ws-${index}`;
		// Each workspace's own copies: names whose hoisted version it does not accept.
		const nested = new Map<string, string>();
		while (nested.size < nestedPerWorkspace) {
			const candidate = pick(names);
			if (!nested.has(candidate)) nested.set(candidate, alternateVersion(hoisted.get(candidate)!, random));
		}

		const dependencies: Record<string, string> = {};
		const devDependencies: Record<string, string> = {};
		const direct = [...nested.keys()].slice(0, 25);
		while (direct.length < 40) direct.push(pick(names));
		for (const [position, dependency] of direct.entries()) {
			const version = nested.get(dependency) ?? hoisted.get(dependency)!.version ?? '1.0.0';
			(position % 4 === 3 ? devDependencies : dependencies)[dependency] = `^${version}`;
		}

		// Other workspaces this one uses, as monorepos do.
		if (index > 0) dependencies[`@mono/ws-${Math.floor(random() * index)}`] = '*';
		const manifest = {name, version: '1.0.0', dependencies, devDependencies};
		manifests[folder] = manifest;
		packages[`node_modules/${name}`] = {resolved: folder, link: true};
		packages[folder] = {...manifest};
		for (const [dependency, version] of nested) {
			const template = hoisted.get(dependency)!;
			packages[`${folder}/node_modules/${dependency}`] = copyAt(template, dependency, version, random);
			// One in five copies brings its own copy of one of its dependencies, one level further down.
			const own = Object.keys(template.dependencies ?? {}).filter((each) => hoisted.has(each));
			if (own.length > 0 && random() < 0.2) {
				const deeper = pick(own);
				packages[`${folder}/node_modules/${dependency}/node_modules/${deeper}`] = copyAt(
					hoisted.get(deeper)!,
					deeper,
					alternateVersion(hoisted.get(deeper)!, random),
					random,
				);
			}
		}

		// What the copies depend on and the root does not hoist (the fixture nests it): the workspace gets its own.
		const missing = [...nested.keys()];
		const placed = new Set(nested.keys());
		while (missing.length > 0) {
			for (const dependency of Object.keys(anywhere.get(missing.pop()!)?.dependencies ?? {})) {
				if (hoisted.has(dependency) || placed.has(dependency) || !anywhere.has(dependency)) continue;
				placed.add(dependency);
				missing.push(dependency);
				packages[`${folder}/node_modules/${dependency}`] = anywhere.get(dependency)!;
			}
		}
	}

	return {
		lock: {
			name: rootManifest.name,
			version: rootManifest.version,
			lockfileVersion: 3,
			requires: true,
			packages,
		},
		manifests,
	};
}

/**
 * The `distinct` shape, about `entries` install paths: the fixture's tree hoisted at the root for the first
 * workspace, then one workspace after another, each nesting its own copy of the tree under
 * `packages/app-N/node_modules/` with every version moved on (`4.17.21` → `4.17.24`: a duplicate name at another
 * version), and about a quarter of its top-level names left to the root's copies (one package, several parents).
 */
export function generateDistinctMonorepo(entries = 28_600): ReturnType<typeof generateMonorepo> {
	const fixture = JSON.parse(readFileSync(fixtureLock, 'utf8')) as {packages: Record<string, Entry>};
	const manifestFile = path.join(path.dirname(fixtureLock), 'package.json');
	const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
		dependencies: Record<string, string>;
		devDependencies: Record<string, string>;
	};
	const {'': _root, ...tree} = fixture.packages;
	const rootManifest = {name: 'mono-distinct', version: '1.0.0', private: true, workspaces: ['packages/*']};
	const packages: Record<string, Entry> = {
		'': {name: rootManifest.name, version: '1.0.0', workspaces: ['packages/*']},
	};
	const manifests: Record<string, Record<string, unknown>> = {'': rootManifest};
	// Counted as they are added (Object.keys per entry would make the generator quadratic).
	let count = 0;
	const put = (key: string, value: Entry) => {
		if (!(key in packages)) count++;
		packages[key] = value;
	};
	const addWorkspace = (index: number) => {
		const name = `app-${index}`;
		const folder = `packages/${name}`;
		const workspace = {
			name,
			version: '1.0.0',
			dependencies: manifest.dependencies,
			devDependencies: manifest.devDependencies,
		};
		manifests[folder] = workspace;
		put(folder, workspace);
		put(`node_modules/${name}`, {resolved: folder, link: true});
		return folder;
	};

	addWorkspace(0);
	for (const [key, entry] of Object.entries(tree)) put(key, entry);
	for (let index = 1; count < entries; index++) {
		const folder = addWorkspace(index);
		for (const [key, entry] of Object.entries(tree)) {
			if (count >= entries) break;
			// Left to the root's copy: this workspace shares that subtree with the first one.
			if (fnv1a(`${topLevelName(key)}#${index}`) % 4 === 0) continue;
			const version = typeof entry.version === 'string' ? bumpPatch(entry.version, index) : entry.version;
			put(`${folder}/${key}`, {...entry, version});
		}
	}

	return {
		lock: {name: rootManifest.name, version: '1.0.0', lockfileVersion: 3, requires: true, packages},
		manifests,
	};
}

/** `node_modules/@scope/a/node_modules/b` → `@scope/a`. */
function topLevelName(key: string): string {
	const parts = key.slice('node_modules/'.length).split('/');
	return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** Another patch release of the same line, so the name repeats at a different version. */
function bumpPatch(version: string, by: number): string {
	return version.replace(
		/^(\d+)\.(\d+)\.(\d+)/,
		(_, major, minor, patch) => `${major}.${minor}.${Number(patch) + by}`,
	);
}

function fnv1a(text: string): number {
	let value = 2166136261;
	for (let index = 0; index < text.length; index++)
		value = Math.imul(value ^ text.charCodeAt(index), 16777619);
	return value >>> 0;
}

/** One of three other versions of a package (the same three every time for a name): older and newer lines. */
function alternateVersion(template: Entry, random: () => number): string {
	const [major = 1, minor = 0, patch = 0] = String(template.version ?? '1.0.0')
		.split(/[.+-]/)
		.map((part) => Number.parseInt(part, 10) || 0);
	const choices = [
		`${major + 1}.0.0`,
		`${major}.${minor + 1}.${patch}`,
		major > 0 ? `${major - 1}.${minor}.${patch}` : `${major}.${Math.max(0, minor - 1)}.${patch + 1}`,
	];
	return choices[Math.floor(random() * choices.length)]!;
}

/** A copy of a fixture entry at another version, with its tarball URL and integrity to match. */
function copyAt(template: Entry, name: string, version: string, random: () => number): Entry {
	const base = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
	const integrity = Buffer.from(Array.from({length: 48}, () => Math.floor(random() * 256))).toString(
		'base64',
	);
	return {
		...template,
		version,
		resolved: `https://registry.npmjs.org/${name}/-/${base}-${version}.tgz`,
		integrity: `sha512-${integrity}`,
	};
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	// node dist/bench/monorepo.js [shared|distinct] [folder]
	const shape = process.argv[2] === 'distinct' ? 'distinct' : 'shared';
	const target = ensureMonorepo({shape}, process.argv[3] ? path.resolve(process.argv[3]) : undefined);
	const lock = JSON.parse(readFileSync(path.join(target, 'package-lock.json'), 'utf8')) as {packages: object};
	console.log(`${target}: ${Object.keys(lock.packages).length - 1} entries`);
}
