import {type EdgeKind, GraphBuilder, type ResolutionOptions} from '../../../graph/builder.js';
import type {ForeignTarball} from '../../../graph/tarball-hosts.js';
import type {LockfileFormat, PackageSource} from '../../../graph/types.js';
import type {ParsedLockfile} from '../../../lockfiles/types.js';
import {normalizePythonName} from '../names.js';
import {satisfiesSpecifier} from './python-requirement.js';
import type {LockfileUploads} from './upload-times.js';

/** What uv.lock and pylock.toml record of a package's files (upload-times.ts, file-hosts.ts). */
export type LockedFiles = LockfileUploads & {
	/** A file on a host its index does not serve files from: an edited URL. */
	readonly misplaced?: ForeignTarball;
};

/** One locked version of a Python package. */
export type PythonCandidate = {
	readonly id: string;
	readonly name: string;
	readonly version: string;
	/** Reader-specific identity (uv's `source` table, for example) used to tell duplicates apart. */
	readonly tag?: string;
};

/** A dependency as a lockfile declares it: by name, with whatever narrows it down to one locked version. */
export type PythonDependency = {
	readonly name: string;
	/** A PEP 440 (or poetry) specifier; picks among several locked versions of the name. */
	readonly specifier?: string;
	/** The exact version (uv writes it when a name is locked in several versions). */
	readonly version?: string;
	/** Must equal the candidate's tag when given (uv's `source` when duplicates differ in source). */
	readonly tag?: string;
	/** Extras requested on the dependency; they turn the target's optional extra edges into required ones. */
	readonly extras?: readonly string[];
	readonly kind: EdgeKind;
	/** An environment marker: when the target is not locked, the marker most likely excluded it (no warning). */
	readonly marker?: string;
};

/**
 * GraphBuilder plus what every Python lockfile needs on top of it: look-up by PEP 503 name among several
 * locked versions, extras (their edges are added only when some dependency asks for `name[extra]`), and
 * the packages nothing leads to (made direct when the lockfile does not name the project's dependencies).
 */
export class PythonGraph {
	readonly builder: GraphBuilder;
	private readonly byName = new Map<string, PythonCandidate[]>();
	private readonly extraEdges = new Map<string, Map<string, PythonDependency[]>>();
	private readonly requestedExtras: Array<{id: string; extra: string; kind: EdgeKind}> = [];
	private readonly depended = new Set<string>();
	private readonly adjacency = new Map<string, Set<string>>();
	private readonly names = new Map<string, string>();
	/** The normalised names of the roots: the project (and its workspace members) the lock is for. */
	private readonly rootNames = new Set<string>();

	constructor(readonly lockfile: string) {
		this.builder = new GraphBuilder('pypi', lockfile);
	}

	/**
	 * Adds a locked package under its normalised name and returns its id (`line`: where its entry starts;
	 * `files`: what the lockfile records of its files — when they were uploaded, a file on a host its index does
	 * not serve from).
	 */
	addPackage(
		name: string,
		version: string,
		source?: PackageSource,
		tag?: string,
		line?: number,
		files?: LockedFiles,
	): string {
		const normalized = normalizePythonName(name);
		const id = this.builder.addPackage({
			name: normalized,
			version,
			...(source ? {source} : {}),
			line,
			...(files?.published ? {published: files.published} : {}),
			...(files?.lateFile ? {lateFile: files.lateFile} : {}),
			...(files?.misplaced ? {foreignTarball: files.misplaced} : {}),
		});
		const list = this.byName.get(normalized) ?? [];
		if (!list.some((candidate) => candidate.id === id && candidate.tag === tag)) {
			list.push({id, name: normalized, version, ...(tag === undefined ? {} : {tag})});
		}

		this.byName.set(normalized, list);
		this.names.set(id, normalized);
		return id;
	}

	/** A root (the project or a workspace member); see GraphBuilder.addRoot. */
	addRoot(name: string, workspace = '.'): string {
		const id = this.builder.addRoot(name, workspace);
		this.names.set(id, name);
		this.rootNames.add(normalizePythonName(name));
		return id;
	}

	/** Every locked version of a name. */
	candidates(name: string): PythonCandidate[] {
		return this.byName.get(normalizePythonName(name)) ?? [];
	}

	/**
	 * Adds edges from `from` (a package id or a root id) to the locked package(s) a dependency names.
	 * Several candidates that all fit (one per environment marker) each get an edge. A dependency on a
	 * package missing from the lockfile is a warning, not an error.
	 */
	link(from: string, dependency: PythonDependency): string[] {
		const targets = this.resolve(dependency);
		if (targets.length === 0) {
			// An optional dependency (an extra nobody asked for) is normally left out of the lock.
			// The same goes for a dependency behind a marker the locked environments never meet.
			if (dependency.kind === 'optional' || dependency.marker) return [];
			const owner = this.names.get(from) ?? from;
			// The project itself is no package of its own lock, whoever names it: the project (`pdm[pytest]` in pdm's
			// own dev group, its extras) or a package of its lock (textual's poetry.lock: pytest-textual-snapshot
			// depends on textual, which the install provides as the project).
			const named = normalizePythonName(dependency.name);
			if (normalizePythonName(owner) === named || this.rootNames.has(named)) return [];
			this.builder.warn(`${this.lockfile}: ${owner} depends on ${named}, which is not in the lockfile`);
			return [];
		}

		for (const target of targets) {
			if (target === from) continue;
			this.addEdge(from, target, dependency.kind);
			for (const extra of dependency.extras ?? [])
				this.requestedExtras.push({id: target, extra, kind: dependency.kind});
		}

		return targets;
	}

	/**
	 * Records which dependencies an extra of package `id` pulls in. No edge is added now (an extra nobody asks
	 * for is not installed); build() adds required edges for every extra some edge asked for (`name[extra]`).
	 */
	declareExtra(id: string, extra: string, dependencies: readonly PythonDependency[]): void {
		const extras = this.extraEdges.get(id) ?? new Map<string, PythonDependency[]>();
		const normalizedExtra = normalizePythonName(extra);
		extras.set(normalizedExtra, [...(extras.get(normalizedExtra) ?? []), ...dependencies]);
		this.extraEdges.set(id, extras);
	}

	/** Ids of packages no package depends on (the direct ones, when the lockfile does not say). */
	orphans(): string[] {
		this.applyRequestedExtras();
		const orphans: string[] = [];
		for (const list of this.byName.values()) {
			for (const candidate of list) if (!this.depended.has(candidate.id)) orphans.push(candidate.id);
		}

		return [...new Set(orphans)];
	}

	/** An edge between known ids (a root or a package); use link() to go by name. */
	addEdge(from: string, to: string, kind: EdgeKind): void {
		this.builder.addEdge(from, to, kind);
		this.depended.add(to);
		const targets = this.adjacency.get(from) ?? new Set<string>();
		targets.add(to);
		this.adjacency.set(from, targets);
	}

	/**
	 * When the lockfile does not say what the project depends on: packages nothing depends on become direct
	 * dependencies of `rootId`, and so does the first package of each cycle nothing outside depends on
	 * (otherwise a cycle would hang in the air). `kindOf` picks each edge's kind (dev for dev groups).
	 * Packages the root already reaches are left alone. Returns the ids it made direct.
	 */
	adoptOrphans(rootId: string, kindOf: (id: string) => EdgeKind = () => 'prod'): string[] {
		const adopted: string[] = [];
		let reached = this.reachableFrom(rootId);
		const adopt = (id: string) => {
			this.addEdge(rootId, id, kindOf(id));
			adopted.push(id);
		};

		for (const id of this.orphans()) if (!reached.has(id)) adopt(id);
		reached = this.reachableFrom(rootId);
		const all = [...new Set([...this.byName.values()].flat().map((candidate) => candidate.id))];
		for (const id of all) {
			if (reached.has(id)) continue;
			adopt(id);
			reached = this.reachableFrom(rootId);
		}

		return adopted;
	}

	warn(message: string): void {
		this.builder.warn(message);
	}

	/** The parsed lockfile; `resolution` says how the scan completes it (see GraphBuilder.build). */
	build(format: LockfileFormat, resolution?: ResolutionOptions): ParsedLockfile {
		this.applyRequestedExtras();
		return this.builder.build(format, resolution);
	}

	private resolve(dependency: PythonDependency): string[] {
		let candidates = this.candidates(dependency.name);
		if (dependency.version !== undefined) {
			candidates = candidates.filter((candidate) => candidate.version === dependency.version);
		}

		if (dependency.tag !== undefined) {
			const tagged = candidates.filter((candidate) => candidate.tag === dependency.tag);
			if (tagged.length > 0) candidates = tagged;
		}

		if (candidates.length > 1) {
			const fitting = candidates.filter((candidate) =>
				satisfiesSpecifier(candidate.version, dependency.specifier),
			);
			if (fitting.length > 0) candidates = fitting;
		}

		return [...new Set(candidates.map((candidate) => candidate.id))];
	}

	private reachableFrom(start: string): Set<string> {
		const seen = new Set<string>();
		const stack = [...(this.adjacency.get(start) ?? [])];
		while (stack.length > 0) {
			const id = stack.pop()!;
			if (seen.has(id)) continue;
			seen.add(id);
			for (const next of this.adjacency.get(id) ?? []) if (!seen.has(next)) stack.push(next);
		}

		return seen;
	}

	/**
	 * Edges for every extra something asked for. An extra asked for through an optional edge stays optional;
	 * otherwise its dependencies are required (prod beats optional when both happen).
	 */
	private applyRequestedExtras(): void {
		const done = new Set<string>();
		while (this.requestedExtras.length > 0) {
			const {id, extra, kind: requestedKind} = this.requestedExtras.pop()!;
			const kind: EdgeKind = requestedKind === 'optional' ? 'optional' : 'prod';
			const key = `${id}[${normalizePythonName(extra)}]${kind}`;
			if (done.has(key)) continue;
			done.add(key);
			for (const dependency of this.extraEdges.get(id)?.get(normalizePythonName(extra)) ?? []) {
				for (const target of this.resolve(dependency)) {
					if (target === id) continue;
					this.addEdge(id, target, kind);
					for (const nested of dependency.extras ?? [])
						this.requestedExtras.push({id: target, extra: nested, kind});
				}
			}
		}
	}
}
