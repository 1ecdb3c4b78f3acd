import {type ParseError, parse as parseJsonc, printParseErrorCode} from 'jsonc-parser';
import type {EdgeKind} from '../../../graph/builder.js';
import type {PackageSource} from '../../../graph/types.js';
import {Fields, jsonLocator} from '../../../lockfiles/fields.js';
import {jsonKeyLines, jsonPath} from '../../../lockfiles/json-lines.js';
import {LockfileError, type LockfileInput, type ParsedLockfile} from '../../../lockfiles/types.js';
import {isRecord} from '../../../util/records.js';
import {PythonGraph} from './python-graph.js';
import {pythonRootName, readPyproject} from './python-pyproject.js';
import {pinnedVersion} from './python-requirement.js';
import {unknownVersion} from './python-source.js';

type JsonObject = Record<string, unknown>;

const supportedSpecs = new Set([6]);

/**
 * Reads Pipfile.lock (pipfile-spec 6). The lock is flat: every `default` entry is a prod package, every
 * `develop` entry a dev one, and there are no edges between packages — the scan reads them from the registry,
 * and a package stays direct only while nothing else in the lock requires it.
 */
export function readPipfileLock(input: LockfileInput): ParsedLockfile {
	const lock = parseJson(input);
	const graph = new PythonGraph(input.path);
	const meta = isRecord(lock._meta) ? lock._meta : undefined;
	if (!meta && !isRecord(lock.default) && !isRecord(lock.develop)) {
		throw new LockfileError(input.path, 'not a Pipfile.lock: no _meta, default or develop section');
	}

	const spec = meta?.['pipfile-spec'];
	if (meta === undefined || spec === undefined) {
		graph.warn(`${input.path}: no _meta.pipfile-spec; read as pipfile-spec 6`);
	} else if (typeof spec !== 'number' || !supportedSpecs.has(spec)) {
		throw new LockfileError(
			input.path,
			`unsupported pipfile-spec ${JSON.stringify(spec)} (supported: 6)`,
			lineOf(input.text, '"pipfile-spec"'),
		);
	}

	const root = graph.addRoot(
		pythonRootName(
			input,
			readPyproject(input, (message) => graph.warn(message)),
		),
	);
	const fields = Fields.of(input, jsonLocator);
	readSection(input, graph, root, lock.default, 'default', 'prod', fields);
	readSection(input, graph, root, lock.develop, 'develop', 'dev', fields);
	return graph.build('pipfile', {direct: 'unrequired'});
}

function readSection(
	input: LockfileInput,
	graph: PythonGraph,
	root: string,
	section: unknown,
	sectionName: string,
	kind: EdgeKind,
	fields: Fields,
): void {
	// A section of the wrong type is an error: read as empty, every package in it would vanish.
	const table = fields.table(section, [sectionName]);
	if (table === undefined) return;
	for (const [name, value] of Object.entries(table)) {
		if (!isRecord(value)) {
			graph.warn(`${input.path}: ${sectionName}.${name} is not an object; skipped`);
			continue;
		}

		const entry = value;
		const source = entrySource(entry);
		const written = fields.string(entry.version, [sectionName, name, 'version']);
		const version = written === undefined ? undefined : pinnedVersion(written);
		if (version === undefined && source === 'registry') {
			graph.warn(`${input.path}: ${sectionName}.${name} has no pinned version ("version": "==…"); skipped`);
			continue;
		}

		const reference = fields.string(entry.ref, [sectionName, name, 'ref']);
		const line = keyLinesOf(input).get(jsonPath(sectionName, name));
		const id = graph.addPackage(name, version ?? reference ?? unknownVersion, source, undefined, line);
		graph.addEdge(root, id, kind);
		const extras = fields.strings(entry.extras, [sectionName, name, 'extras']);
		if (source === 'registry') graph.builder.expandFromRegistry(id, extras);
	}
}

const keyLinesCache = new WeakMap<LockfileInput, Map<string, number>>();

/** The lines of the lockfile's keys, computed once per file (both sections ask). */
function keyLinesOf(input: LockfileInput): Map<string, number> {
	let lines = keyLinesCache.get(input);
	if (!lines) {
		lines = jsonKeyLines(input.text);
		keyLinesCache.set(input, lines);
	}

	return lines;
}

/** `git`/`hg`/`svn` → git, `file` URLs → url or file, `path` (and `editable`) → file, else the index. */
function entrySource(entry: JsonObject): PackageSource {
	if (typeof entry.git === 'string' || typeof entry.hg === 'string' || typeof entry.svn === 'string')
		return 'git';
	if (typeof entry.file === 'string') return /^https?:\/\//i.test(entry.file) ? 'url' : 'file';
	if (typeof entry.path === 'string' || entry.editable === true) return 'file';
	return 'registry';
}

function parseJson(input: LockfileInput): JsonObject {
	if (input.text.trim() === '') throw new LockfileError(input.path, 'file is empty');
	let value: unknown;
	try {
		value = JSON.parse(input.text);
	} catch {
		// JSON.parse's message has no line on Node 20; jsonc-parser gives the offset of the first error.
		const errors: ParseError[] = [];
		parseJsonc(input.text, errors, {disallowComments: true, allowTrailingComma: false});
		const first = errors[0];
		const line = first ? input.text.slice(0, first.offset).split('\n').length : undefined;
		throw new LockfileError(
			input.path,
			`invalid JSON${first ? `: ${printParseErrorCode(first.error)}` : ''}`,
			line,
		);
	}

	if (!isRecord(value))
		throw new LockfileError(input.path, 'not a Pipfile.lock: the top level is not an object');
	return value;
}

function lineOf(text: string, needle: string): number | undefined {
	const index = text.indexOf(needle);
	return index === -1 ? undefined : text.slice(0, index).split('\n').length;
}
