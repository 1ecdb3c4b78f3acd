import path from 'node:path';
import type {ResolutionOptions} from '../../../graph/builder.js';
import type {GraphEdge, PackageSource} from '../../../graph/types.js';
import {
	IncludeRefusedError,
	LockfileError,
	type LockfileInput,
	type ParsedLockfile,
} from '../../../lockfiles/types.js';
import {isValidPythonName, normalizePythonName} from '../names.js';
import {PythonGraph} from './python-graph.js';
import {localProjectIn, pythonRootName, readPyproject} from './python-pyproject.js';
import {parsePythonRequirement, pinnedVersion} from './python-requirement.js';
import {nameOfReference, sourceOfReference, unknownVersion, versionOfReference} from './python-source.js';

/** A requirement line, before constraints and `# via` comments are applied. */
type Entry = {
	readonly name: string;
	/** The pinned version; undefined for an unpinned registry requirement. */
	readonly version?: string;
	/** The specifier as written (`>=2`, `==0.7.*`), '' for none: what an unpinned line is resolved with. */
	readonly specifier?: string;
	readonly extras?: readonly string[];
	readonly marker?: string;
	readonly source: PackageSource;
	readonly text: string;
	readonly where: string;
};

/** A file being read: its path relative to the lockfile's directory and as shown to the user. */
type FileContext = {
	readonly relative: string;
	readonly display: string;
	readonly constraints: boolean;
};

/**
 * What pip-compile's `# via` comments say about one package: the packages that require it, and whether the
 * project does (`prod` from its dependencies or a `-r` input, `dev` only from a dependency group).
 */
type Via = {parents: Set<string>; fromRoot?: 'prod' | 'dev'};

/**
 * How pip-compile and `uv pip compile` name the project in `# via`: `myproject (pyproject.toml)`,
 * `myproject (subdir/pyproject.toml)`, `dummypkg (setup.cfg)`; uv adds the dependency group the requirement is
 * in, `myproject (pyproject.toml:dev)` (`--group dev`). The path may be relative, absolute or Windows-style.
 */
const projectAnnotation = /\((?:[^()]*[/\\])?(?:pyproject\.toml|setup\.py|setup\.cfg)(?::([^()]+))?\)$/;

/** A URL or path requirement (`-e ./lib[dev]`, `git+https://…`, `name @ https://…`) split into its parts. */
type DirectReference = {
	/** Where the package is: the URL or path alone, without extras or marker. */
	readonly location: string;
	/** The name a `name @ URL` line gives; otherwise it is found from the location. */
	readonly name?: string;
	readonly extras: readonly string[];
	readonly marker?: string;
};

/** Includes nested deeper than this (a file including one that includes one…) are refused: real ones nest 2 or 3. */
const maxIncludeDepth = 32;
/** Files read through includes, at most: thousands of chained includes are an attack on the reader, not a project. */
const maxIncludedFiles = 500;

/** pip's own rule: a comment starts at `#` at the beginning of a line or after whitespace. */
const commentPattern = /(?:^|\s+)#.*$/;

/**
 * Reads a pip requirements file (and the files it includes with `-r`/`-c`) into a graph.
 * Pinned requirements (`==`/`===`) are packages; pip-compile `# via` comments become edges; a package without
 * `via` information is a direct dependency. Unpinned and loosely pinned lines (`black`, `requests>=2`,
 * `brotlipy==0.7.*`) are included as requirements the scan resolves (newest satisfying release, not locked).
 * A file without any `# via` (a pip freeze) has no edges: they are read from the registry, and its direct
 * dependencies are then what nothing else in it requires — or what a pip-compile `.in` beside it lists.
 */
export function readRequirements(input: LockfileInput): ParsedLockfile {
	// An empty requirements file is valid (pip installs nothing from it; templates ship one as a placeholder): no
	// packages, as a file of comments is, so beside another lockfile it does not stop the scan.
	const graph = new PythonGraph(input.path);
	const reader = new RequirementsReader(input, graph);
	reader.readFile(
		{relative: path.basename(input.absolutePath), display: input.path, constraints: false},
		input.text,
	);
	const root = graph.addRoot(
		pythonRootName(
			input,
			readPyproject(input, (message) => graph.warn(message)),
		),
	);
	const flat = reader.finish(root);
	return graph.build('requirements', flat);
}

class RequirementsReader {
	private readonly entries: Entry[] = [];
	private readonly constraintPins = new Map<string, string>();
	private readonly via = new Map<string, Via>();
	private readonly active = new Set<string>();
	private readonly visited = new Set<string>();

	constructor(
		private readonly input: LockfileInput,
		private readonly graph: PythonGraph,
	) {}

	readFile(file: FileContext, text: string): void {
		this.active.add(file.relative);
		this.visited.add(file.relative);
		let lastRequirement: string | undefined;
		let inViaList = false;

		for (const {line, text: logical} of logicalLines(text)) {
			const commentMatch = commentPattern.exec(logical);
			const content = (commentMatch ? logical.slice(0, commentMatch.index) : logical).trim();
			const comment = commentMatch?.[0].trim();

			if (content !== '') {
				inViaList = false;
				lastRequirement = this.readContent(file, content, line);
			}

			if (comment === undefined) {
				if (content === '') inViaList = false;
				continue;
			}

			if (file.constraints || lastRequirement === undefined) continue;
			const via = /^#\s*via\b:?\s*(.*)$/.exec(comment);
			if (via) {
				// Old pip-tools wrote `# via a, b` on one line; newer ones `# via` then one `#   a` per line.
				const rest = via[1]!.trim();
				for (const parent of rest.split(',')) this.addVia(lastRequirement, parent);
				inViaList = rest === '';
			} else if (inViaList && content === '' && /^#\s+\S/.test(comment)) {
				this.addVia(lastRequirement, comment.replace(/^#\s+/, ''));
			} else {
				inViaList = false;
			}
		}

		this.active.delete(file.relative);
	}

	/**
	 * Adds the packages and edges once every file (and so every constraint) has been read. Returns how the scan
	 * completes the graph: unpinned lines become requirements (their root edges are declared); without any
	 * `# via`, the pinned packages' edges come from the registry.
	 */
	finish(root: string): ResolutionOptions {
		const byName = new Map<string, string[]>();
		const declared: GraphEdge[] = [];
		const flat = this.via.size === 0;
		// Nothing pinned at all: this is a list of wishes, not a lock ("resolved, no lockfile").
		const resolved =
			this.entries.length > 0 &&
			this.entries.every((entry) => entry.version === undefined && !this.constraintPins.has(entry.name));
		for (const entry of this.entries) {
			const version = entry.version ?? this.constraintPins.get(entry.name);
			if (version === undefined) {
				const placeholder = this.graph.builder.addRequirement({
					from: root,
					name: entry.name,
					range: entry.specifier ?? '',
					kind: 'prod',
					...(entry.extras && entry.extras.length > 0 ? {extras: entry.extras} : {}),
					...(entry.marker ? {marker: entry.marker} : {}),
					text: `${entry.text} (${entry.where})`,
				});
				declared.push({from: root, to: placeholder, kind: 'prod'});
				continue;
			}

			const id = this.graph.addPackage(entry.name, version, entry.source);
			if (flat && entry.source === 'registry') this.graph.builder.expandFromRegistry(id, entry.extras);
			byName.set(entry.name, [...new Set([...(byName.get(entry.name) ?? []), id])]);
		}

		for (const [name, ids] of byName) {
			const via = this.via.get(name);
			const parents = [...(via?.parents ?? [])].filter((parent) => parent !== name);
			let linked = false;
			for (const parent of parents) {
				const parentIds = byName.get(parent);
				if (!parentIds) {
					this.graph.warn(`${this.input.path}: ${name} is required via ${parent}, which is not in the file`);
					continue;
				}

				for (const parentId of parentIds) for (const id of ids) this.graph.addEdge(parentId, id, 'prod');
				linked = true;
			}

			// `-r requirements.in` in the via list, or nothing known: the project asks for it directly.
			const rootKind = via?.fromRoot ?? (linked ? undefined : 'prod');
			if (rootKind) for (const id of ids) this.graph.addEdge(root, id, rootKind);
		}

		// A `# via` cycle nothing else leads into would otherwise be unreachable from the project.
		this.graph.adoptOrphans(root);
		if (!flat) return {direct: 'declared', resolved};
		// pip-compile's input beside a flat output says which packages the project asked for.
		for (const name of this.namesIn(path.basename(this.input.absolutePath).replace(/\.txt$/i, '.in')))
			for (const id of byName.get(name) ?? []) declared.push({from: root, to: id, kind: 'prod'});
		return {direct: 'unrequired', declared, resolved};
	}

	/** The requirement names of a `.in` file beside this one (none when there is none). */
	private namesIn(fileName: string): string[] {
		if (!fileName.endsWith('.in')) return [];
		const text = this.input.readRelative(fileName);
		if (text === undefined) return [];
		const names: string[] = [];
		for (const {text: line} of logicalLines(text)) {
			const content = line.replace(commentPattern, '').trim();
			if (content === '' || content.startsWith('-')) continue;
			const requirement = parsePythonRequirement(content.replace(/\s+--[A-Za-z].*$/s, ''));
			if (requirement) names.push(requirement.name);
		}

		return names;
	}

	/** Handles one logical line without its comment; returns the requirement's name when it is one. */
	private readContent(file: FileContext, content: string, line: number): string | undefined {
		const where = `${file.display}:${line}`;
		const option = /^(-[rce]|--requirement|--constraint|--editable)(?:\s*=\s*|\s+|(?=[^\s-]))(.+)$/.exec(
			content,
		);
		if (option) {
			const flag = option[1]!;
			const value = option[2]!.trim();
			if (flag === '-e' || flag === '--editable')
				return this.addReference(file, splitDirectReference(value), value, where, true);
			this.include(file, flag, value, line, flag === '-c' || flag === '--constraint' || file.constraints);
			return undefined;
		}

		// Global options (--index-url, -i, --find-links, --pre, --require-hashes, …) do not name packages.
		if (content.startsWith('-')) return undefined;

		// Per-requirement options (`--hash=…`, `--config-settings …`) follow the requirement.
		const requirementText = content.replace(/\s+--[A-Za-z].*$/s, '').trim();
		const bare = splitDirectReference(requirementText);
		if (isBareReference(bare.location)) return this.addReference(file, bare, requirementText, where);

		const requirement = parsePythonRequirement(requirementText);
		if (!requirement) {
			this.graph.warn(`${where}: cannot read requirement "${requirementText}"; left out of the graph`);
			return undefined;
		}

		if (requirement.url) {
			const {url: location, name, extras, marker} = requirement;
			return this.addReference(
				file,
				{location, name, extras, ...(marker ? {marker} : {})},
				requirementText,
				where,
			);
		}

		const version = pinnedVersion(requirement.specifier);
		if (file.constraints) {
			if (version !== undefined) this.constraintPins.set(requirement.name, version);
			return undefined;
		}

		this.entries.push({
			name: requirement.name,
			...(version === undefined ? {} : {version}),
			specifier: requirement.specifier,
			...(requirement.extras.length > 0 ? {extras: requirement.extras} : {}),
			...(requirement.marker ? {marker: requirement.marker} : {}),
			source: 'registry',
			text: requirementText,
			where,
		});
		return requirement.name;
	}

	/** `-e ./lib`, `git+https://…#egg=x`, `name @ https://…`, `./local.whl`: non-registry packages. */
	private addReference(
		file: FileContext,
		{location: reference, name: knownName, extras, marker}: DirectReference,
		text: string,
		where: string,
		editable = false,
	): string | undefined {
		if (file.constraints) return undefined;
		const local = sourceOfReference(reference) === 'file';
		// `#egg=name` says it outright; else a folder is named by its pyproject.toml (`-e file:rye-devtools`), else by
		// the folder itself (`-e .`: the directory it points at, usually the project).
		let name = knownName ?? (/[#&]egg=/.test(reference) ? nameOfReference(reference) : undefined);
		// A local folder's pyproject.toml also gives its version (a static one), as pip would build it.
		let localVersion: string | undefined;
		if (local) {
			const lockfileDirectory = path.dirname(this.input.absolutePath);
			const directory = path.resolve(
				lockfileDirectory,
				path.dirname(file.relative),
				reference.replace(/^file:(?:\/\/)?/i, '').replace(/[#?].*$/, ''),
			);
			const project = localProjectIn(this.input, path.relative(lockfileDirectory, directory) || '.');
			localVersion = project?.version;
			name ??= project?.name ?? nameOfReference(reference) ?? path.basename(directory);
		}

		name ??= nameOfReference(reference);

		// A name no index could have (`editable[d` from an unclosed `[`, `black editable` from a folder with a space
		// and no pyproject.toml) would be a made-up package: pip would not install it under that name either.
		if (!name || !isValidPythonName(name)) {
			this.graph.warn(
				`${where}: cannot tell the package name of ${editable ? '-e ' : ''}${reference}; add #egg=name`,
			);
			return undefined;
		}

		const normalized = normalizePythonName(name);
		this.entries.push({
			name: normalized,
			version: versionOfReference(reference) ?? localVersion ?? unknownVersion,
			...(extras.length > 0 ? {extras} : {}),
			...(marker ? {marker} : {}),
			source: sourceOfReference(reference),
			text,
			where,
		});
		return normalized;
	}

	/** `-r`/`-c` files are relative to the file that names them. */
	private include(file: FileContext, flag: string, target: string, line: number, constraints: boolean): void {
		if (/^[a-z]+:\/\//i.test(target)) {
			this.graph.warn(`${file.display}:${line}: ${flag} ${target}: remote requirement files are not read`);
			return;
		}

		// pip reads an absolute include as it is; the project boundary is checked when it is read.
		const relative = path.posix.isAbsolute(target)
			? target
			: path.posix.normalize(path.posix.join(path.posix.dirname(file.relative), target));
		if (this.active.has(relative)) {
			this.graph.warn(`${file.display}:${line}: ${flag} ${target} includes itself (cycle); not read again`);
			return;
		}

		if (this.visited.has(relative) && !constraints) return;
		if (this.active.size >= maxIncludeDepth)
			throw new LockfileError(
				file.display,
				`${flag} ${target}: includes nested more than ${maxIncludeDepth} deep`,
				line,
			);
		if (this.visited.size > maxIncludedFiles)
			throw new LockfileError(
				file.display,
				`${flag} ${target}: more than ${maxIncludedFiles} included files`,
				line,
			);
		const text = this.readInclude(file, flag, target, relative, line);
		if (text === undefined) {
			throw new LockfileError(file.display, `${flag} ${target}: included file not found`, line);
		}

		const display = path.join(path.dirname(this.input.path), relative);
		this.readFile({relative, display, constraints}, text);
	}

	/**
	 * An include's text, read only inside the project and only from a regular file (see `readRelative`). A
	 * refused include is named with the reason, its content never read, let alone echoed.
	 */
	private readInclude(
		file: FileContext,
		flag: string,
		target: string,
		relative: string,
		line: number,
	): string | undefined {
		try {
			return this.input.readRelative(relative);
		} catch (error) {
			if (error instanceof IncludeRefusedError)
				throw new LockfileError(file.display, `${flag} ${target}: ${error.reason}`, line);
			throw error;
		}
	}

	private addVia(name: string, parentText: string): void {
		const parent = parentText.trim();
		if (parent === '') return;
		const via: Via = this.via.get(name) ?? {parents: new Set<string>()};
		this.via.set(name, via);
		const project = projectAnnotation.exec(parent);
		if (/^(?:-r|--requirement)\b/.test(parent) || project) {
			// A dependency group is dev, as uv.lock's, pyproject's `[dependency-groups]` and poetry's non-main groups
			// are read: the project's own dependencies are what it needs to run. Any prod reason wins over a group.
			const kind = project?.[1] === undefined ? 'prod' : 'dev';
			via.fromRoot = via.fromRoot === 'prod' ? 'prod' : kind;
			return;
		}

		// `-c constraints.txt` only limits versions; it is not a reason to install anything.
		if (parent.startsWith('-')) return;
		const requirement = parsePythonRequirement(parent.split(/\s/)[0]!);
		if (requirement) via.parents.add(requirement.name);
	}
}

/**
 * Splits a URL or path requirement as pip reads one. The marker starts at a `;` after whitespace: a `;` touching
 * the text is part of the URL or path (PEP 508's rule for URLs; uv's parser applies it to paths too). A local
 * path's trailing `[extras]` are extras asked for, not part of the folder (pip's `_strip_extras`, so
 * `-e ./lib[dev]` is the folder `lib`); a URL keeps its brackets, it names extras with `#egg=name[extra]`.
 */
function splitDirectReference(text: string): DirectReference {
	const markerSeparator = /\s+;/.exec(text);
	const marker = markerSeparator ? text.slice(markerSeparator.index + markerSeparator[0].length).trim() : '';
	const beforeMarker = (markerSeparator ? text.slice(0, markerSeparator.index) : text).trim();
	const withExtras =
		sourceOfReference(beforeMarker) === 'file' ? /^(.+)\[([^\]]+)\]$/s.exec(beforeMarker) : null;
	const extras = (withExtras?.[2] ?? '')
		.split(',')
		.map((extra) => extra.trim())
		.filter((extra) => extra !== '');
	return {location: withExtras ? withExtras[1]!.trim() : beforeMarker, extras, ...(marker ? {marker} : {})};
}

/** A line that is a URL or a path rather than a PEP 508 requirement (pip accepts both). */
function isBareReference(text: string): boolean {
	return (
		/^(?:[a-z]+\+)?[a-z]+:\/\//i.test(text) ||
		/^(?:\.{1,2}(?:[/\\]|$)|[/\\~]|[A-Za-z]:[/\\])/.test(text) ||
		(/\.(?:whl|tar\.gz|zip|tar\.bz2)$/i.test(text) && !isNamedUrl(text))
	);
}

/**
 * `name @ https://…/archive.tar.gz`: an archive's name with an `@` whose left side is not a path is a PEP 508
 * direct reference, as pip reads it (`_get_url_from_path`), not a file called that.
 */
function isNamedUrl(text: string): boolean {
	const at = text.indexOf('@');
	return at > 0 && !/[/\\]/.test(text.slice(0, at)) && !text.startsWith('.');
}

/**
 * Physical lines joined at `\` continuations, numbered by their first line, as pip does it:
 * a comment line ends a continuation.
 */
function* logicalLines(text: string): Generator<{line: number; text: string}> {
	const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
	let buffer: string[] = [];
	let start = 0;
	for (const [index, raw] of lines.entries()) {
		const isComment = commentPattern.test(raw);
		if (raw.endsWith('\\') && !isComment) {
			if (buffer.length === 0) start = index + 1;
			buffer.push(raw.slice(0, -1));
			continue;
		}

		if (buffer.length > 0) {
			// A comment that ends a continuation keeps its leading space so it is still read as a comment.
			buffer.push(isComment ? ` ${raw}` : raw);
			yield {line: start, text: buffer.join(' ')};
			buffer = [];
		} else {
			yield {line: index + 1, text: raw};
		}
	}

	if (buffer.length > 0) yield {line: start, text: buffer.join(' ')};
}
