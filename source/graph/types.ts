import type {ForeignTarball} from './tarball-hosts.js';

/**
 * The dependency graph: what every lockfile reader produces and everything downstream reads.
 * Ids are stable strings so they can be used as map keys, in JSON, and across runs.
 */

/** An ecosystem module's id (`npm`, `pypi`, `cargo`: see source/ecosystems/index.ts). */
export type Ecosystem = string;

/** A lockfile format as its reader names it (`npm-lock-v3`, `pnpm-9`, `poetry`, `cargo-v4`). */
export type LockfileFormat = string;

export type LockfileInfo = {
	/** Path as the user gave it or relative to the scanned directory (shown on screen and in reports). */
	readonly path: string;
	readonly format: LockfileFormat;
	readonly ecosystem: Ecosystem;
	/**
	 * No lockfile fixes its versions: a manifest (`package.json`, `pyproject.toml`) or a `--package` spec whose
	 * tree commit-tui resolves from the registry ("resolved, no lockfile"). Absent = a lockfile.
	 */
	readonly resolved?: boolean;
};

/**
 * Where a package comes from. Only `registry` packages are looked up in their ecosystem's registry; the others are the
 * project's own code or come from places that have no publisher/download data.
 */
export type PackageSource = 'registry' | 'workspace' | 'link' | 'file' | 'git' | 'url';

export type PackageNode = {
	/** `${ecosystem}:${name}@${version}`, e.g. `npm:express@4.21.2`, `pypi:charset-normalizer@3.4.0`. */
	readonly id: string;
	readonly ecosystem: Ecosystem;
	/** The real registry name (an alias resolves to its target; PyPI names normalised per PEP 503). */
	readonly name: string;
	readonly version: string;
	/** A direct dependency of at least one root. */
	direct: boolean;
	/** Reachable only through dev dependencies (or optional peers, which install nothing on their own). */
	dev: boolean;
	/** Reachable only through optional dependencies (or optional peers). */
	optional: boolean;
	/** Ids of packages this one depends on (each is a key of `DependencyGraph.packages`). */
	dependencies: string[];
	/** Names this package is installed under when aliased (`"my-alias": "npm:real@1"`). Absent when none. */
	aliases?: string[];
	/** Absent means `registry`. */
	source?: PackageSource;
	/** The lockfile says the package runs an install script (npm v2/v3, bun `hasInstallScript`). */
	hasInstallScript?: true;
	/**
	 * A registry package whose lockfile tarball URL (npm `resolved`, pnpm `resolution.tarball`, …) is on a host other
	 * than the one most of its lockfile's packages come from, or is another package's tarball: what a tampered
	 * lockfile looks like (see `tarball-hosts.ts`). Absent otherwise.
	 */
	foreignTarball?: ForeignTarball;
	/**
	 * When the version's first file was uploaded, as the lockfile records it (uv.lock and pylock.toml `upload-time`):
	 * an ISO time. Absent when the lockfile does not say.
	 */
	published?: string;
	/**
	 * The version's newest file, when the lockfile records its upload more than a day after the first (uv.lock,
	 * pylock.toml): a file added to the release later. Absent otherwise.
	 */
	lateFile?: LockfileLateFile;
	/** Lockfile paths this package was found in. */
	lockfiles: string[];
	/**
	 * False when commit-tui chose the version itself (newest release satisfying a requirement), not a lockfile.
	 * Absent = locked.
	 */
	locked?: boolean;
	/** Where this package's edges come from (see `EdgeOrigin`). Absent = `lockfile`. */
	edgesFrom?: EdgeOrigin;
	/** How commit-tui chose the version and found the edges, in words (the detail pane); absent for locked data. */
	origin?: PackageOrigin;
	/**
	 * The 1-based line where the package's entry starts, per lockfile path (SARIF points there). Absent, or
	 * without a lockfile's key, when its reader cannot tell cheaply and exactly.
	 */
	lines?: Record<string, number>;
};

/**
 * `lockfile`: the lockfile records them. `registry`: read from the registry's metadata of the version (even when
 * it lists nothing). `none`: the lockfile has none and the registry's metadata could not be read.
 */
export type EdgeOrigin = 'lockfile' | 'registry' | 'none';

export type PackageOrigin = {
	/** Why this version: `newest release satisfying >=2 (requirements.txt: requests>=2)`. */
	readonly version?: string;
	/** Where the dependencies came from: `PyPI metadata of the wheel (…whl.metadata)`, or why they are missing. */
	readonly edges?: string;
};

/**
 * The version of a package commit-tui was asked to resolve but could not (yet): offline with nothing cached, no
 * release satisfying the requirement, metadata missing. Such a placeholder is replaced by the chosen version once
 * the registry answers; it is never dropped.
 */
export const unresolvedVersion = 'unknown';

export type RootNode = {
	/** `root:${lockfile}` for the lockfile's project, `root:${lockfile}#${workspacePath}` for a workspace/importer. */
	readonly id: string;
	/** Project name (package.json / pyproject name), else the directory or workspace path. */
	readonly name: string;
	readonly lockfile: string;
	/** Workspace/importer path inside the project ('.' for the main project). */
	readonly workspace?: string;
	/** Ids of direct dependencies (keys of `DependencyGraph.packages`). */
	dependencies: string[];
};

export type DependencyGraph = {
	readonly lockfiles: LockfileInfo[];
	readonly roots: RootNode[];
	readonly packages: Map<string, PackageNode>;
	/** Things the user should know that did not stop the parse (unpinned requirements, unresolved edges). */
	readonly warnings: string[];
	/** What commit-tui resolves from the registry while scanning (absent when every lockfile is complete). */
	readonly resolution?: GraphResolution;
	/**
	 * Placeholder ids replaced by the versions chosen for them (`pypi:black@unknown` → `pypi:black@24.10.0`), so a
	 * view can keep its cursor and marks on the package. Only in graphs grown by a scan.
	 */
	readonly replaced?: ReadonlyMap<string, string>;
};

/** The resolution work of every lockfile (or manifest, or `--package` spec) that asks for it. */
export type GraphResolution = {
	readonly contexts: readonly ResolutionContext[];
	/**
	 * Flags (direct, dev, optional) of the packages that also appear in lockfiles without resolution, as those
	 * lockfiles say: a resolved context's recomputed flags are combined with them, as the merge does.
	 */
	readonly fixedFlags: ReadonlyMap<string, PackageFlags>;
};

export type PackageFlags = {readonly direct: boolean; readonly dev: boolean; readonly optional: boolean};

/**
 * How a dependency is declared (flags are computed from these: see graph/builder.ts). `peer` is a required peer
 * (npm 7+ and pnpm install it, yarn warns without it); `peerOptional` is an optional peer (npm/yarn
 * `peerDependenciesMeta.<name>.optional`, bun `optionalPeers`), which no package manager installs on its own: it is
 * an edge only where something else installs the package, so it makes nothing prod or required.
 */
export type EdgeKind = 'prod' | 'dev' | 'optional' | 'peer' | 'peerOptional';

/** One lockfile's resolution work: its own scope of names (one version per name where the ecosystem says so). */
export type ResolutionContext = {
	/** The lockfile's display path (`LockfileInfo.path`), also what resolved packages list in `lockfiles`. */
	readonly lockfile: string;
	readonly ecosystem: Ecosystem;
	/** Requirements without a fixed version, in the order they are resolved (breadth-first from here). */
	readonly requirements: readonly PendingRequirement[];
	/** Locked packages whose dependencies the lockfile does not record: read from the registry, in this order. */
	readonly expand: readonly string[];
	/** Python extras the lockfile asks for on packages of `expand` (`requests[socks]==2.32.3`), by id. */
	readonly extras?: Readonly<Record<string, readonly string[]>>;
	/** Every edge the reader made, with its kind (root edges included). */
	readonly edges: readonly GraphEdge[];
	/**
	 * How the roots' direct dependencies follow the edges found: `declared` = the root edges the reader made stay
	 * as they are; `unrequired` = a flat lock's packages are direct only while nothing else in it requires them
	 * (the root edges in `declared` stay regardless: a pip-compile `.in` beside the file).
	 */
	readonly direct: 'declared' | 'unrequired';
	/** With `unrequired`: root edges (`from` a root) that stay whatever else requires them. */
	readonly declared?: readonly GraphEdge[];
};

export type GraphEdge = {readonly from: string; readonly to: string; readonly kind: EdgeKind};

/** A dependency to resolve to one version: by name and range, from a root or a package. */
export type PendingRequirement = {
	/** A root id or a package id. */
	readonly from: string;
	/** The registry name (normalised as the ecosystem does). */
	readonly name: string;
	/** The range as the ecosystem writes it (`^4.17.0`, `>=2,<3`, `1`); '' = any version. */
	readonly range: string;
	readonly kind: EdgeKind;
	/** Python extras asked for (`requests[socks]`). */
	readonly extras?: readonly string[];
	/** A PEP 508 environment marker: the requirement applies only where it is true. */
	readonly marker?: string;
	/** The name it is installed under when it differs (an npm alias `"x": "npm:real@1"`). */
	readonly alias?: string;
	/** As written, with where: `requests>=2 (requirements.txt:3)`, for warnings. */
	readonly text: string;
	/** The placeholder package (version `unresolvedVersion`) the reader put in the graph for it. */
	readonly placeholder: string;
};

export function packageId(ecosystem: Ecosystem, name: string, version: string): string {
	return `${ecosystem}:${name}@${version}`;
}

/** A package from the registry, as opposed to one from the project itself (a workspace, a folder, a checkout). */
export function isRegistrySource(source: PackageSource | undefined): boolean {
	return source === undefined || source === 'registry';
}

/**
 * The id of a package whose plain id (`packageId`) is held by a package of the other origin — a workspace and its
 * published release of the same name@version are two packages (GraphBuilder.addPackage): `…#local` or `…#registry`.
 */
export function otherOriginId(plainId: string, source: PackageSource | undefined): string {
	return `${plainId}#${isRegistrySource(source) ? 'registry' : 'local'}`;
}

/** A file added to a locked release later (`PackageNode.lateFile`). Untrusted text: sanitise it. */
export type LockfileLateFile = {
	readonly filename: string;
	/** ISO time of its upload. */
	readonly uploaded: string;
};
