import semver from 'semver';
import type {PackageSource} from '../graph/types.js';
import {type EdgeKind, GraphBuilder} from './builder.js';
import {LockfileError, type LockfileInput, type ParsedLockfile} from './types.js';
import {
	declaredDependencies,
	kindInManifest,
	type Manifest,
	projectName,
	readManifest,
} from './yarn-manifest.js';
import {aliasTarget, sourceOfRange, splitDescriptor} from './yarn-spec.js';
import {isRecord, isTrue, parseYamlLockfile, stringEntries, stringField} from './yarn-yaml.js';

/**
 * `__metadata.version` values written by real yarn releases: 4 (yarn 2), 6 (yarn 3), 8 (yarn 4.0) and 10
 * (yarn 4.x as of late 2026); the odd ones in between were short-lived. Tested with 4, 6 and 10.
 */
const supportedVersions = {min: 4, max: 10};

/** One lockfile entry, understood. */
type Entry = {
	readonly key: string;
	/** The locator the entry resolved to (`name@npm:1.0.0`, `name@workspace:path`). */
	readonly resolution: string;
	/** The registry name (from `resolution`, so an alias key `a@npm:real@1` gives `real`). */
	readonly name: string;
	readonly version: string;
	readonly source: PackageSource;
	/** For workspace entries: the workspace folder ('.' for the project itself). */
	readonly workspace?: string;
	readonly fields: Record<string, unknown>;
};

/**
 * Reads a yarn berry (yarn 2+) lockfile: YAML with `__metadata`, entries keyed `name@npm:range, …`, each
 * with `resolution: name@npm:version`. Workspace entries (`name@workspace:path`) are the roots; `patch:`
 * resolutions are the npm package they patch; `link:`/`portal:`/`file:`/git/URL entries are non-registry.
 */
export function readYarnBerry(input: LockfileInput): ParsedLockfile {
	const document = parseYamlLockfile(input.path, input.text);
	checkVersion(input.path, document.__metadata);
	const builder = new GraphBuilder('npm', input.path);

	const byDescriptor = new Map<string, Entry>();
	/** Descriptors without their `::locator=…` binding (link:/file: ranges are bound to the depending package). */
	const byUnboundDescriptor = new Map<string, Entry>();
	const byName = new Map<string, Entry[]>();
	const entries: Entry[] = [];
	/** Descriptors of entries skipped for want of a version (warned once, not again for each dependent). */
	const skipped = new Set<string>();
	for (const [key, fields] of Object.entries(document)) {
		if (key === '__metadata') continue;
		if (!isRecord(fields)) {
			builder.warn(`${input.path}: entry ${key} is not a mapping; skipped`);
			continue;
		}

		const entry = understand(key, fields);
		if (!entry) {
			builder.warn(`${input.path}: entry ${key} has no version; skipped`);
			for (const descriptor of key.split(',')) skipped.add(descriptor.trim());
			continue;
		}

		entries.push(entry);
		for (const descriptor of key.split(',').map((part) => part.trim())) {
			if (descriptor === '') continue;
			byDescriptor.set(descriptor, entry);
			byUnboundDescriptor.set(descriptor.replace(/::.*$/, ''), entry);
		}

		const sameName = byName.get(entry.name) ?? [];
		sameName.push(entry);
		byName.set(entry.name, sameName);
	}

	const rootManifest = readManifest(input);
	// The project itself first, then its workspaces by folder.
	const workspaceEntries = entries
		.filter((entry) => entry.workspace !== undefined)
		.sort((a, b) =>
			a.workspace === '.' ? -1 : b.workspace === '.' ? 1 : a.workspace!.localeCompare(b.workspace!),
		);
	const manifests = new Map<Entry, Manifest | undefined>(
		workspaceEntries.map((entry) => [
			entry,
			entry.workspace === '.' ? rootManifest : readManifest(input, `${entry.workspace}/package.json`),
		]),
	);

	/** Finds the entry a dependency `name: range` of `parent` resolves to. */
	const lookup = (name: string, range: string, parent: Entry | undefined): Entry | undefined => {
		const descriptor = `${name}@${range}`;
		if (parent) {
			const bound = byDescriptor.get(`${descriptor}::locator=${encodeURIComponent(parent.resolution)}`);
			if (bound) return bound;
		}

		return (
			byDescriptor.get(descriptor) ??
			// Lockfiles before yarn 3 write ranges without the default `npm:` protocol.
			(hasProtocol(range) ? undefined : byDescriptor.get(`${name}@npm:${range}`)) ??
			byUnboundDescriptor.get(descriptor)
		);
	};

	const workspaceIds = new Map<Entry, string>();
	const packageIdOf = (entry: Entry, installedAs: string): string => {
		if (entry.workspace !== undefined) return workspacePackage(entry);
		return builder.addPackage({
			name: entry.name,
			version: entry.version,
			source: entry.source,
			alias: installedAs === entry.name ? undefined : installedAs,
		});
	};

	/** A workspace depended on by another: a package (source 'workspace') with edges to its own dependencies. */
	const workspacePackage = (entry: Entry): string => {
		const existing = workspaceIds.get(entry);
		if (existing) return existing;
		const manifest = manifests.get(entry);
		const version = manifest?.version ?? entry.version;
		const id = builder.addPackage({name: entry.name, version, source: 'workspace'});
		workspaceIds.set(entry, id);
		addEdges(id, entry, (name) => {
			const kind = manifest ? kindInManifest(manifest, name) : undefined;
			// Dev dependencies of a workspace are not installed for the workspaces depending on it.
			return kind === 'dev' ? undefined : (kind ?? 'prod');
		});
		return id;
	};

	/** Adds the edges of `entry`'s dependencies (and satisfiable peers) from `from`. */
	function addEdges(from: string, entry: Entry, kindOf: (name: string) => EdgeKind | undefined): void {
		const meta = entry.fields.dependenciesMeta;
		for (const [name, range] of stringEntries(entry.fields.dependencies)) {
			let kind = kindOf(name);
			if (kind === undefined) continue;
			if (isRecord(meta) && isTrue(stringFieldOrFlag(meta[name], 'optional'))) kind = 'optional';
			const target = lookup(name, range, entry);
			if (target) builder.addEdge(from, packageIdOf(target, name), kind);
			else if (!skipped.has(`${name}@${range}`) && !skipped.has(`${name}@npm:${range}`)) {
				builder.warn(`${input.path}: ${entry.key} depends on ${name}@${range}, which is not in the lockfile`);
			}
		}

		const peerMeta = entry.fields.peerDependenciesMeta;
		for (const [name, range] of stringEntries(entry.fields.peerDependencies)) {
			// Peers resolve to whatever the parent provides; an unmet or optional peer is not an error.
			const target = lookup(name, range, entry) ?? satisfying(byName.get(name), range);
			if (!target) continue;
			const optional = isRecord(peerMeta) && isTrue(stringFieldOrFlag(peerMeta[name], 'optional'));
			builder.addEdge(from, packageIdOf(target, name), optional ? 'optional' : 'peer');
		}
	}

	for (const entry of entries) {
		if (entry.workspace !== undefined) continue;
		const id = packageIdOf(entry, entry.name);
		// Record alias keys (`string-width-cjs@npm:string-width@^4`) even when only an orphan uses them.
		for (const descriptor of entry.key.split(','))
			packageIdOf(entry, splitDescriptor(descriptor.trim()).name);
		addEdges(id, entry, () => 'prod');
	}

	if (workspaceEntries.length > 0) {
		let warnedMissingManifest = false;
		for (const entry of workspaceEntries) {
			const manifest = manifests.get(entry);
			const rootId =
				entry.workspace === '.'
					? builder.addRoot(rootManifest?.name ?? entry.name)
					: builder.addRoot(entry.name, entry.workspace);
			if (!manifest && !warnedMissingManifest) {
				warnedMissingManifest = true;
				builder.warn(
					`${input.path}: no package.json for workspace ${entry.workspace}; its dev dependencies are shown as prod`,
				);
			}

			addEdges(rootId, entry, (name) => (manifest ? kindInManifest(manifest, name) : undefined) ?? 'prod');
		}
	} else {
		// Without its workspace entry the lockfile does not say what the project depends on directly.
		const rootId = builder.addRoot(projectName(input, rootManifest));
		if (rootManifest) {
			for (const dependency of declaredDependencies(rootManifest, {dev: true})) {
				const target = lookup(dependency.name, dependency.range, undefined);
				if (target) builder.addEdge(rootId, packageIdOf(target, dependency.name), dependency.kind);
				else if (dependency.kind !== 'peer') {
					builder.warn(
						`${input.path}: package.json depends on ${dependency.name}@${dependency.range}, which is not in the lockfile`,
					);
				}
			}
		} else {
			builder.warn(
				`${input.path}: no workspace entry and no package.json; packages nothing depends on are shown as direct`,
			);
			builder.adoptOrphansAsDirect(rootId);
		}
	}

	return builder.build('yarn-berry');
}

function checkVersion(file: string, metadata: unknown): void {
	if (!isRecord(metadata)) throw new LockfileError(file, 'not a yarn berry lockfile: no __metadata entry');
	const raw = stringField(metadata, 'version');
	if (raw === undefined) throw new LockfileError(file, 'yarn lockfile __metadata has no version');
	const version = Number(raw);
	if (!Number.isInteger(version) || version < supportedVersions.min || version > supportedVersions.max) {
		throw new LockfileError(
			file,
			`unsupported yarn lockfile __metadata.version ${raw} (supported: ${supportedVersions.min}–${supportedVersions.max})`,
		);
	}
}

function understand(key: string, fields: Record<string, unknown>): Entry | undefined {
	const version = stringField(fields, 'version');
	if (version === undefined || version === '') return undefined;
	const firstDescriptor = key.split(',')[0]!.trim();
	// Without `resolution` the key still names the package (through its alias, if any).
	const resolution = stringField(fields, 'resolution') ?? firstDescriptor;
	const locator = splitDescriptor(resolution);
	const alias = aliasTarget(locator.range);
	const name = alias?.name ?? locator.name;
	const source = sourceOfRange(alias ? alias.range : locator.range);
	const entry = {key, name, version, source, fields, resolution};
	if (source !== 'workspace') return entry;
	const folder = locator.range.slice('workspace:'.length).replace(/^\.\/?(?=.)/, '') || '.';
	return {...entry, workspace: folder};
}

/** The highest version among `candidates` satisfying `range` (for peers, which have no lockfile key). */
function satisfying(candidates: readonly Entry[] | undefined, range: string): Entry | undefined {
	const plain = range.replace(/^npm:/, '');
	let best: Entry | undefined;
	for (const candidate of candidates ?? []) {
		if (candidate.source !== 'registry' || !semver.valid(candidate.version)) continue;
		if (!semver.satisfies(candidate.version, plain, {loose: true})) continue;
		if (!best || semver.gt(candidate.version, best.version)) best = candidate;
	}

	return best;
}

function hasProtocol(range: string): boolean {
	return /^[a-z][\w+.-]*:/.test(range);
}

/** `dependenciesMeta: {x: {optional: true}}` (yarn also nests it per version: `{x@1: {…}}`, handled by key). */
function stringFieldOrFlag(value: unknown, key: string): unknown {
	return isRecord(value) ? value[key] : undefined;
}
