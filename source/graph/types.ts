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
	/** Reachable only through dev dependencies. */
	dev: boolean;
	/** Reachable only through optional dependencies. */
	optional: boolean;
	/** Ids of packages this one depends on (each is a key of `DependencyGraph.packages`). */
	dependencies: string[];
	/** Names this package is installed under when aliased (`"my-alias": "npm:real@1"`). Absent when none. */
	aliases?: string[];
	/** Absent means `registry`. */
	source?: PackageSource;
	/** Lockfile paths this package was found in. */
	lockfiles: string[];
	/**
	 * The 1-based line where the package's entry starts, per lockfile path (SARIF points there). Absent, or
	 * without a lockfile's key, when its reader cannot tell cheaply and exactly.
	 */
	lines?: Record<string, number>;
};

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
};

export function packageId(ecosystem: Ecosystem, name: string, version: string): string {
	return `${ecosystem}:${name}@${version}`;
}
