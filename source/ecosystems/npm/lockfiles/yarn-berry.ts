import {type EdgeKind, GraphBuilder} from '../../../graph/builder.js';
import type {PackageSource} from '../../../graph/types.js';
import {Fields} from '../../../lockfiles/fields.js';
import {LockfileError, type LockfileInput, type ParsedLockfile} from '../../../lockfiles/types.js';
import {isRecord} from '../../../util/records.js';
import {
	declaredDependencies,
	kindInManifest,
	type Manifest,
	projectName,
	readManifest,
} from './yarn-manifest.js';
import {yarnOverrides} from './yarn-overrides.js';
import {aliasTarget, sourceOfRange, splitDescriptor} from './yarn-spec.js';
import {documentLocator, entryLine, parseYamlLockfile, stringField} from './yarn-yaml.js';

/**
 * `__metadata.version` values written by real yarn releases: 4 (yarn 2), 6 (yarn 3), 8 (yarn 4.0) and 10
 * (yarn 4.x as of late 2026); the odd ones in between were short-lived. Tested with 4, 6, 8 and 10.
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
	/** A URL the entry resolves to though it was asked for from the registry (see `understand`). */
	readonly tarball?: string;
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
	const check = new Fields(input.path, documentLocator(document));
	/** An entry's `name → range` section; a section or a range of the wrong type is an error. */
	const section = (entry: Entry, name: string) => check.stringMap(entry.fields[name], [entry.key, name]);

	const byDescriptor = new Map<string, Entry>();
	/** Descriptors without their `::locator=…` binding (link:/file: ranges are bound to the depending package). */
	const byUnboundDescriptor = new Map<string, Entry>();
	const entries: Entry[] = [];
	/** Descriptors of entries skipped for want of a version (warned once, not again for each dependent). */
	const skipped = new Set<string>();
	for (const [key, fields] of Object.entries(document)) {
		if (key === '__metadata') continue;
		if (!isRecord(fields)) {
			builder.warn(`${input.path}: entry ${key} is not a mapping; skipped`);
			continue;
		}

		const entry = understand(key, fields, check);
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

	const overrides = yarnOverrides(input, rootManifest?.resolutions ?? {}, (message) => builder.warn(message));

	/**
	 * Finds the entry a dependency `name: range` of `parent` resolves to: as written, else as the project's
	 * `resolutions` or a `catalog:` turn it (the lockfile records the descriptor yarn looked up, not the one written).
	 */
	const lookup = (name: string, range: string, parent: Entry | undefined): Entry | undefined => {
		let current = range;
		// A catalog's range may itself be overridden by a resolution (babel: `core-js-compat: catalog:` → ^3.48.0 →
		// 3.49.0): at most those two steps.
		for (let step = 0; step < 3; step++) {
			const found = lookupAsWritten(name, current, parent);
			if (found) return found;
			const instead = overrides.rangeFor(parent?.name, name, current);
			if (instead === undefined) return undefined;
			current = instead;
		}

		return undefined;
	};

	const lookupAsWritten = (name: string, range: string, parent: Entry | undefined): Entry | undefined => {
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
			line: entryLine(document, entry.key),
			// yarn writes no URL for a registry package: it comes from the registry yarn is configured with.
			...(entry.tarball !== undefined
				? {tarball: entry.tarball}
				: {tarballImplied: entry.source === 'registry'}),
		});
	};

	/** A workspace depended on by another: a package (source 'workspace') with edges to its own dependencies. */
	const workspacePackage = (entry: Entry): string => {
		const existing = workspaceIds.get(entry);
		if (existing) return existing;
		const manifest = manifests.get(entry);
		const version = manifest?.version ?? entry.version;
		const id = builder.addPackage({
			name: entry.name,
			version,
			source: 'workspace',
			line: entryLine(document, entry.key),
		});
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
		for (const [name, range] of section(entry, 'dependencies')) {
			let kind = kindOf(name);
			if (kind === undefined) continue;
			if (optionalIn(entry, 'dependenciesMeta', name, check)) kind = 'optional';
			const target = lookup(name, range, entry);
			if (target) builder.addEdge(from, packageIdOf(target, name), kind);
			else if (!skipped.has(`${name}@${range}`) && !skipped.has(`${name}@npm:${range}`)) {
				builder.warn(`${input.path}: ${entry.key} depends on ${name}@${range}, which is not in the lockfile`);
			}
		}

		for (const [name, optional] of peerNames(entry, check)) {
			// A peer is whatever the parents provide; an unmet peer is not an error (yarn only warns).
			for (const provider of peerProviders(entry, name)) {
				builder.addEdge(from, packageIdOf(provider, name), optional ? 'peerOptional' : 'peer');
			}
		}
	}

	// Who depends on whom, by name: the lockfile collapses yarn's per-parent virtual packages, so the peers
	// of an entry are what its parents' own dependencies of that name resolve to.
	const resolvedByName = new Map<Entry, Map<string, Entry>>();
	const parents = new Map<Entry, Set<Entry>>();
	for (const entry of entries) {
		const resolved = new Map<string, Entry>();
		for (const [name, range] of section(entry, 'dependencies')) {
			const target = lookup(name, range, entry);
			if (!target) continue;
			resolved.set(name, target);
			const targetParents = parents.get(target) ?? new Set();
			targetParents.add(entry);
			parents.set(target, targetParents);
		}

		resolvedByName.set(entry, resolved);
	}

	/** What the parents of `entry` provide as `name`, looking further up through parents that are peers of it too. */
	function peerProviders(entry: Entry, name: string): Set<Entry> {
		const providers = new Set<Entry>();
		const seen = new Set<Entry>();
		const stack = [...(parents.get(entry) ?? [])];
		while (stack.length > 0) {
			const parent = stack.pop()!;
			if (seen.has(parent)) continue;
			seen.add(parent);
			const provided = resolvedByName.get(parent)?.get(name);
			if (provided) providers.add(provided);
			else if (peerNames(parent, check).has(name)) {
				stack.push(...(parents.get(parent) ?? []));
			}
		}

		return providers;
	}

	// Registry packages first: one of a workspace's name and version (babel's published `@babel/core@8.0.1` beside
	// the workspace) then keeps the plain id, and the workspace gets its own (GraphBuilder.addPackage).
	for (const entry of entries) if (entry.workspace === undefined) packageIdOf(entry, entry.name);
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
				else if (dependency.kind !== 'peer' && dependency.kind !== 'peerOptional') {
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

function understand(key: string, fields: Record<string, unknown>, check: Fields): Entry | undefined {
	const version = check.string(fields.version, [key, 'version']);
	if (version === undefined || version === '') return undefined;
	const firstDescriptor = key.split(',')[0]!.trim();
	// Without `resolution` the key still names the package (through its alias, if any).
	const resolution = check.string(fields.resolution, [key, 'resolution']) ?? firstDescriptor;
	const locator = splitDescriptor(resolution);
	const alias = aliasTarget(locator.range);
	const name = alias?.name ?? locator.name;
	const source = sourceOfRange(alias ? alias.range : locator.range);
	// Every descriptor asks the registry, yet it resolves to a URL: yarn records the descriptor it looked up (a
	// `resolutions` override to a URL is keyed by that URL), so only an edit makes these disagree — a registry
	// package installed from elsewhere, which the graph's host check is for.
	if (source === 'url' && key.split(',').every((descriptor) => asksRegistry(descriptor.trim())))
		return {key, name, version, source: 'registry', tarball: locator.range, fields, resolution};
	const entry = {key, name, version, source, fields, resolution};
	if (source !== 'workspace') return entry;
	const folder = locator.range.slice('workspace:'.length).replace(/^\.\/?(?=.)/, '') || '.';
	return {...entry, workspace: folder};
}

function asksRegistry(descriptor: string): boolean {
	const {range} = splitDescriptor(descriptor);
	const alias = aliasTarget(range);
	return sourceOfRange(alias ? alias.range : range) === 'registry';
}

/**
 * An entry's peers (name → optional?). yarn writes optional peers only under `peerDependenciesMeta`
 * (their range is dropped), and resolves them like the others when a parent provides them.
 */
function peerNames(entry: Entry, check: Fields): Map<string, boolean> {
	const optional = (name: string) => optionalIn(entry, 'peerDependenciesMeta', name, check);
	const names = new Map<string, boolean>();
	for (const [name] of check.stringMap(entry.fields.peerDependencies, [entry.key, 'peerDependencies']))
		names.set(name, optional(name));
	const meta = check.table(entry.fields.peerDependenciesMeta, [entry.key, 'peerDependenciesMeta']) ?? {};
	for (const name of Object.keys(meta)) if (optional(name)) names.set(name, true);
	return names;
}

/**
 * `dependenciesMeta: {x: {optional: true}}` (yarn also nests it per version: `{x@1: {…}}`, handled by key).
 * A meta section, entry or flag of the wrong type is an error.
 */
function optionalIn(entry: Entry, metaKey: string, name: string, check: Fields): boolean {
	const meta = check.table(entry.fields[metaKey], [entry.key, metaKey]);
	const flags = check.table(meta?.[name], [entry.key, metaKey, name]);
	return check.boolean(flags?.optional, [entry.key, metaKey, name, 'optional']) === true;
}

function hasProtocol(range: string): boolean {
	return /^[a-z][\w+.-]*:/.test(range);
}
