import path from 'node:path';
import {type EdgeKind, GraphBuilder} from '../../../graph/builder.js';
import type {PackageSource} from '../../../graph/types.js';
import {type FieldPath, Fields} from '../../../lockfiles/fields.js';
import {
	IncludeRefusedError,
	LockfileError,
	type LockfileInput,
	type LockfileReader,
} from '../../../lockfiles/types.js';
import {emptyLockfileBesideManifest} from './empty-lockfile.js';
import {candidateKeys, type ParsedKey, type PnpmGeneration, parseKey} from './pnpm-keys.js';
import {type Manifest, normalizeFolder, projectName, readManifest} from './yarn-manifest.js';
import {sourceOfRange} from './yarn-spec.js';
import {documentLocator, entryLine, parseYamlDocuments, stringField} from './yarn-yaml.js';

/**
 * Reads a `pnpm-lock.yaml`: lockfileVersion 5.x (pnpm 5–7) → `pnpm-5`, 6.x (pnpm 8) → `pnpm-6`, 9.x
 * (pnpm 9 and later) → `pnpm-9`. Importers (or, in single-project 5.x/6.x files, the top-level dependency
 * sections) are the roots; snapshots with different peer suffixes are one package whose edges are the
 * union. Throws LockfileError for a malformed or unknown-version file, and for an empty one without a package.json
 * beside it (with one, it is read as that package.json, as pnpm does).
 *
 * pnpm 11 and later may write two YAML documents (https://pnpm.io/lockfile): first the env lockfile — the config
 * dependencies (pnpm plugins, installed before anything else and run by pnpm) and the package manager itself
 * (`packageManagerDependencies`: pnpm and its platform binaries) — then the project's lockfile, always last. The
 * last document is the project's tree; an env document's packages are a root of their own (`pnpm env`), since
 * they are real code a `pnpm install` runs, though no project depends on them.
 */
export const readPnpmLockfile: LockfileReader = (input) => {
	// pnpm reads an empty pnpm-lock.yaml as no lockfile: the package.json beside it is what there is.
	if (input.text.trim() === '') return emptyLockfileBesideManifest(input, 'pnpm');
	const documents = parseYamlDocuments(input.path, input.text);
	const project = documents.at(-1)!;
	const generation = generationIn(input, project, documents.length > 1 ? documents.length : undefined);
	const builder = new GraphBuilder('npm', input.path);
	readDocument(input, project, generation, builder, 'project');
	for (const [index, env] of documents.slice(0, -1).entries()) {
		const which = `document ${index + 1} of ${documents.length}`;
		const raw = stringField(env, 'lockfileVersion');
		const envGeneration = raw === undefined ? undefined : generationOf(raw);
		if (envGeneration === undefined) {
			builder.warn(
				`${input.path}: ${which} (the env lockfile) has ${raw === undefined ? 'no lockfileVersion' : `lockfileVersion ${raw}, which is not supported`}; its packages are not read`,
			);
			continue;
		}

		if (readDocument(input, env, envGeneration, builder, 'env') === 0)
			builder.warn(
				`${input.path}: ${which} lists no config dependency and no package manager; nothing of it is read`,
			);
	}

	const format = generation === 5 ? 'pnpm-5' : generation === 6 ? 'pnpm-6' : 'pnpm-9';
	return builder.build(format);
};

/** The generation of the project's document; `count` documents in the file, when more than one. */
function generationIn(
	input: LockfileInput,
	document: Record<string, unknown>,
	count?: number,
): PnpmGeneration {
	const which = count === undefined ? '' : ` (document ${count} of ${count}, the project's)`;
	const raw = stringField(document, 'lockfileVersion');
	if (raw === undefined)
		throw new LockfileError(input.path, `not a pnpm lockfile: no lockfileVersion${which}`);
	const generation = generationOf(raw);
	if (generation === undefined) {
		throw new LockfileError(
			input.path,
			`unsupported pnpm lockfileVersion ${raw}${which} (supported: 5.x, 6.x, 9.x)`,
		);
	}

	return generation;
}

function generationOf(version: string): PnpmGeneration | undefined {
	if (/^5(\.\d+)?$/.test(version)) return 5;
	if (/^6\.\d+$/.test(version)) return 6;
	if (/^9\.\d+$/.test(version)) return 9;
	return undefined;
}

/** One snapshot (a package key, with its peer suffix) and the package it is. */
type Snapshot = {
	readonly key: string;
	readonly name: string;
	readonly version: string;
	readonly source: PackageSource;
	readonly parsed: ParsedKey | undefined;
	/** Where its dependencies are (`snapshots[key]` in 9.x, `packages[key]` before). */
	readonly dependencyFields: Record<string, unknown>;
	readonly dependencyPath: FieldPath;
	/** Where its metadata is (`packages[base]` in 9.x): peerDependencies, resolution. */
	readonly metadata: Record<string, unknown>;
	readonly metadataPath: FieldPath;
	/**
	 * A registry package's `resolution.tarball` when it is an absolute URL: pnpm writes one only when the tarball is
	 * not where its registry keeps it (another host, an odd path). Undefined for the rest, which come from the
	 * registry pnpm is configured with.
	 */
	readonly tarball: string | undefined;
};

/**
 * Adds one document's packages and roots to `builder`: a project document's importers, or an env document's
 * (`kind: 'env'`: only its config dependencies and package manager, under one `pnpm env` root). Returns how many
 * roots it added.
 */
function readDocument(
	input: LockfileInput,
	document: Record<string, unknown>,
	generation: PnpmGeneration,
	builder: GraphBuilder,
	kind: 'project' | 'env',
): number {
	const fields = new Fields(input.path, documentLocator(document));
	const packages = fields.table(document.packages, ['packages']) ?? {};
	const snapshotSection = generation === 9 ? 'snapshots' : 'packages';
	const snapshotFields =
		generation === 9 ? (fields.table(document.snapshots, ['snapshots']) ?? {}) : packages;

	const snapshots = new Map<string, Snapshot>();
	/** Snapshots by their key without peer suffix, for references that name a version without its peers. */
	const byBase = new Map<string, Snapshot>();
	const byName = new Map<string, Snapshot[]>();
	for (const [key, value] of Object.entries(snapshotFields)) {
		if (value !== null && !isMapping(value)) {
			builder.warn(`${input.path}: ${snapshotSection} entry ${key} is not a mapping; skipped`);
			continue;
		}

		const dependencyFields = value ?? {};
		const snapshot = understand(key, dependencyFields, [snapshotSection, key], packages, generation, fields);
		if (!snapshot) {
			builder.warn(`${input.path}: package ${key} has no name or version; skipped`);
			continue;
		}

		snapshots.set(key, snapshot);
		const base = snapshot.parsed?.base ?? key;
		if (!byBase.has(base)) byBase.set(base, snapshot);
		const sameName = byName.get(snapshot.name) ?? [];
		sameName.push(snapshot);
		byName.set(snapshot.name, sameName);
	}

	// 9.x packages without any snapshot (hand-edited files) are still packages of the lockfile.
	if (generation === 9) {
		for (const [key, metadata] of Object.entries(packages)) {
			if (byBase.has(key) || snapshots.has(key)) continue;
			if (!isMapping(metadata)) continue;
			const snapshot = understand(key, {}, ['packages', key], packages, generation, fields);
			if (snapshot) {
				snapshots.set(key, snapshot);
				byBase.set(key, snapshot);
				builder.warn(`${input.path}: package ${key} has no snapshot; its dependencies are unknown`);
			}
		}
	}

	// The package's entry: `packages[name@version]` (9.x keeps the snapshot's peer suffix out of it).
	const lineOf = (snapshot: Snapshot): number | undefined =>
		entryLine(document, 'packages', snapshot.parsed?.base ?? snapshot.key) ??
		entryLine(document, generation === 9 ? 'snapshots' : 'packages', snapshot.key);
	const idOf = (snapshot: Snapshot, installedAs?: string): string =>
		builder.addPackage({
			name: snapshot.name,
			version: snapshot.version,
			source: snapshot.source,
			alias: installedAs && installedAs !== snapshot.name ? installedAs : undefined,
			line: lineOf(snapshot),
			tarball: snapshot.tarball,
			tarballImplied: snapshot.source === 'registry' && snapshot.tarball === undefined,
		});

	const importers = collectImporters(
		document,
		generation,
		fields,
		(message) => builder.warn(`${input.path}: ${message}`),
		kind === 'env' ? envSections : projectSections,
	);
	const importerPaths = new Set(importers.map((importer) => importer.path));
	const manifests = new Map<string, Manifest | undefined>();
	/**
	 * A folder's package.json, for names and versions only: one the project may not read (a test project linking
	 * the repository it sits in, `link:../../..`; an importer outside the workspace) leaves the package named as the
	 * lockfile names it, with a warning — the lockfile itself is fine, and nothing is fetched for a local package.
	 */
	const readableManifest = (folder: string, refused: (reason: string) => string): Manifest | undefined => {
		try {
			return readManifest(input, folder === '.' ? 'package.json' : `${folder}/package.json`);
		} catch (error) {
			if (!(error instanceof IncludeRefusedError)) throw error;
			builder.warn(`${input.path}: ${refused(error.reason)}`);
			return undefined;
		}
	};

	const manifestOf = (folder: string): Manifest | undefined => {
		if (!manifests.has(folder)) {
			const refused = (reason: string) => `importer ${folder}: its package.json is ${reason}`;
			manifests.set(folder, readableManifest(folder, refused));
		}

		return manifests.get(folder);
	};

	const workspaceIds = new Map<string, string>();
	const linkIds = new Map<string, string>();

	/** The package a dependency `name: reference` points to, or undefined after a warning. */
	const resolve = (
		name: string,
		reference: string,
		fromFolder: string,
		fromLabel: string,
	): string | undefined => {
		if (reference.startsWith('link:')) return linked(name, reference, fromFolder);
		for (const key of candidateKeys(name, reference, generation)) {
			const snapshot = snapshots.get(key) ?? byBase.get(key);
			if (snapshot) return idOf(snapshot, name);
		}

		builder.warn(`${input.path}: ${fromLabel} depends on ${name} ${reference}, which is not in the lockfile`);
		return undefined;
	};

	/** `link:../x`: a workspace (an importer) or a folder linked from outside the project. */
	const linked = (name: string, reference: string, fromFolder: string): string => {
		const folder = normalizeFolder(path.posix.join(fromFolder, reference.slice('link:'.length))) || '.';
		if (importerPaths.has(folder)) return workspacePackage(folder, name);
		let id = linkIds.get(folder);
		if (!id) {
			const manifest = readableManifest(
				folder,
				(reason) => `${name} links to ${folder}, whose package.json is ${reason}`,
			);
			id = builder.addPackage({
				name: manifest?.name ?? name,
				version: manifest?.version ?? reference,
				source: 'link',
			});
			linkIds.set(folder, id);
		}

		return id;
	};

	/** A workspace depended on by another: a package with edges to the workspace's own (non-dev) dependencies. */
	const workspacePackage = (folder: string, name: string): string => {
		const existing = workspaceIds.get(folder);
		if (existing) return existing;
		const manifest = manifestOf(folder);
		const id = builder.addPackage({
			name: manifest?.name ?? name,
			version: manifest?.version ?? '0.0.0',
			source: 'workspace',
		});
		workspaceIds.set(folder, id);
		const importer = importers.find((candidate) => candidate.path === folder)!;
		for (const dependency of importer.dependencies) {
			if (dependency.kind === 'dev') continue;
			const to = resolve(dependency.name, dependency.reference, folder, manifest?.name ?? folder);
			if (to) builder.addEdge(id, to, dependency.kind);
		}

		return id;
	};

	for (const snapshot of snapshots.values()) {
		const from = idOf(snapshot);
		const label = snapshot.key;
		const at = snapshot.metadataPath;
		const peers = Object.fromEntries(
			fields.stringMap(snapshot.metadata.peerDependencies, [...at, 'peerDependencies']),
		);
		const peerMeta =
			fields.table(snapshot.metadata.peerDependenciesMeta, [...at, 'peerDependenciesMeta']) ?? {};
		const peerKind = (name: string): EdgeKind => {
			const flags = fields.table(peerMeta[name], [...at, 'peerDependenciesMeta', name]);
			return fields.boolean(flags?.optional, [...at, 'peerDependenciesMeta', name, 'optional'])
				? 'peerOptional'
				: 'peer';
		};
		const listed = new Set<string>();
		for (const [section, kind] of [
			['dependencies', 'prod'],
			['optionalDependencies', 'optional'],
		] as const) {
			const where = [...snapshot.dependencyPath, section];
			for (const [name, reference] of fields.stringMap(snapshot.dependencyFields[section], where)) {
				listed.add(name);
				const to = resolve(name, reference, '.', label);
				// 9.x lists resolved peers among the dependencies.
				if (to) builder.addEdge(from, to, name in peers ? peerKind(name) : kind);
			}
		}

		// Before 9.x resolved peers are only in the key's suffix; a peer missing from it was not resolved.
		if (generation === 9 || !snapshot.parsed) continue;
		for (const name of Object.keys(peers)) {
			if (listed.has(name)) continue;
			const version = snapshot.parsed.peers.get(name);
			const candidates = byName.get(name) ?? [];
			const target =
				version !== undefined
					? candidates.find((candidate) => candidate.version === version)
					: // A hashed suffix hides which version: only a lone candidate is certain.
						snapshot.parsed.peersHashed && candidates.length === 1
						? candidates[0]
						: undefined;
			if (target) builder.addEdge(from, idOf(target, name), peerKind(name));
		}
	}

	const rootManifest = manifestOf('.');
	let roots = 0;
	for (const importer of importers) {
		// An env document's importer has no package.json of its own: it is pnpm's, for the folder's project.
		if (kind === 'env' && importer.dependencies.length === 0) continue;
		const name =
			kind === 'env'
				? envRootName
				: importer.path === '.'
					? projectName(input, rootManifest)
					: (manifestOf(importer.path)?.name ?? importer.path);
		const workspace = kind === 'env' ? envWorkspace(importer.path) : importer.path;
		const rootId = builder.addRoot(name, workspace);
		roots += 1;
		for (const dependency of importer.dependencies) {
			const to = resolve(dependency.name, dependency.reference, importer.path, name);
			if (to) builder.addEdge(rootId, to, dependency.kind);
		}
	}

	if (importers.length === 0 && kind === 'project') {
		const rootId = builder.addRoot(projectName(input, rootManifest));
		builder.warn(
			`${input.path}: no importers and no top-level dependencies; packages nothing depends on are shown as direct`,
		);
		builder.adoptOrphansAsDirect(rootId);
		roots += 1;
	}

	return roots;
}

/** The root of an env document's packages, and the workspace it is listed under (never a folder's name). */
const envRootName = 'pnpm env';
function envWorkspace(folder: string): string {
	return folder === '.' ? '(env)' : `(env) ${folder}`;
}

/** Identifies the package behind a key, from the key and, for non-registry keys, its `name`/`version`/`resolution`. */
function understand(
	key: string,
	dependencyFields: Record<string, unknown>,
	dependencyPath: FieldPath,
	packages: Record<string, unknown>,
	generation: PnpmGeneration,
	fields: Fields,
): Snapshot | undefined {
	const parsed = parseKey(key, generation);
	const metadataKey =
		generation === 9 && packages[parsed?.base ?? key] !== undefined ? (parsed?.base ?? key) : key;
	const metadataPath: FieldPath = ['packages', metadataKey];
	const metadata = fields.table(packages[metadataKey], metadataPath) ?? {};
	const name = fields.string(metadata.name, [...metadataPath, 'name']) || parsed?.name;
	// A non-registry key without a version field (6.x `file:../x`) is its own version, as in 9.x.
	const version =
		fields.string(metadata.version, [...metadataPath, 'version']) ||
		parsed?.version ||
		(name ? key : undefined);
	if (!name || !version) return undefined;
	const resolution = fields.table(metadata.resolution, [...metadataPath, 'resolution']);
	const source = sourceOf(key, parsed, resolution);
	const tarball = stringField(resolution, 'tarball');
	return {
		key,
		name,
		version,
		source,
		tarball: source === 'registry' && tarball && /^https?:\/\//i.test(tarball) ? tarball : undefined,
		parsed,
		dependencyFields,
		dependencyPath,
		metadata,
		metadataPath,
	};
}

function isMapping(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sourceOf(
	key: string,
	parsed: ParsedKey | undefined,
	resolution: Record<string, unknown> | undefined,
): PackageSource {
	if (resolution) {
		if (typeof resolution.directory === 'string' || resolution.type === 'directory') return 'file';
		if (typeof resolution.repo === 'string' || resolution.type === 'git') return 'git';
	}

	const registryKey = parsed !== undefined && !/[:/]/.test(parsed.version);
	if (registryKey) return 'registry';
	const tarball = stringField(resolution, 'tarball');
	if (tarball !== undefined) {
		if (tarball.startsWith('file:')) return 'file';
		const fromTarball = sourceOfRange(tarball);
		return fromTarball === 'registry' ? 'url' : fromTarball;
	}

	const fromKey = sourceOfRange(parsed?.version ?? key);
	if (fromKey !== 'registry') return fromKey;
	// `github.com/user/repo/sha` (5.x/6.x git keys have no protocol).
	return /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(key) ? 'git' : 'url';
}

type ImporterDependency = {readonly name: string; readonly reference: string; readonly kind: EdgeKind};

/** An importer's dependency sections in a project document. */
const projectSections = [
	['dependencies', 'prod'],
	['optionalDependencies', 'optional'],
	['devDependencies', 'dev'],
] as const;

/**
 * An env document's: config dependencies (installed first, loaded by pnpm: plugins, hooks, shared settings) and
 * the package manager pnpm installs to run itself. Both run on every install: not dev-only.
 */
const envSections = [
	['configDependencies', 'prod'],
	['packageManagerDependencies', 'prod'],
] as const;
type Importer = {readonly path: string; readonly dependencies: ImporterDependency[]};

/**
 * Importers with their direct dependencies. 6.x/9.x write `{specifier, version}`, 5.x a plain version;
 * single-project 5.x/6.x files have the sections at the top level instead of `importers`.
 */
function collectImporters(
	document: Record<string, unknown>,
	generation: PnpmGeneration,
	fields: Fields,
	warn: (message: string) => void,
	sections: ReadonlyArray<readonly [string, EdgeKind]>,
): Importer[] {
	/**
	 * An importer's dependencies. A section, an importer or a version of the wrong type is an error: read as
	 * empty it would be a root with no dependencies, and a clean report. A dependency without a version is
	 * skipped with a warning.
	 */
	const read = (folder: string, importer: Record<string, unknown>, at: FieldPath): Importer => {
		const dependencies: ImporterDependency[] = [];
		for (const [section, kind] of sections) {
			const entries = fields.table(importer[section], [...at, section]) ?? {};
			for (const [name, value] of Object.entries(entries)) {
				const where = [...at, section, name];
				const reference =
					typeof value === 'string'
						? value
						: fields.string(fields.table(value, where)?.version, [...where, 'version']);
				if (reference) dependencies.push({name, reference, kind});
				else warn(`importer ${folder} lists ${name} without a version; skipped`);
			}
		}

		return {path: normalizeFolder(folder) || '.', dependencies};
	};

	const importers = fields.table(document.importers, ['importers']);
	if (importers) {
		return Object.entries(importers)
			.map(([folder, importer]) =>
				read(folder, fields.table(importer, ['importers', folder]) ?? {}, ['importers', folder]),
			)
			.sort((a, b) => (a.path === '.' ? -1 : b.path === '.' ? 1 : a.path.localeCompare(b.path)));
	}

	if (generation !== 9 && sections.some(([section]) => document[section] !== undefined))
		return [read('.', document, [])];
	return [];
}
