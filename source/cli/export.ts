import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {ExportFormat} from '../config/settings.js';
import type {DependencyGraph} from '../graph/types.js';
import {type ReportMeta, type ReportScope, renderReportChunks, reportExtensions} from '../report/index.js';
import type {Thresholds} from '../scoring/thresholds.js';
import type {PackageReport, Rollup} from '../scoring/types.js';
import {temporaryPathFor} from '../util/atomic-write.js';
import {describeWriteError} from '../util/write-errors.js';
import {batched} from './output.js';

/**
 * Writing an export to disk: what (a report from source/report), where (the export folder setting), under
 * which name, and how (atomically, never overwriting another file). Core code: no ink, no react.
 */

export type WriteExportOptions = {
	readonly format: ExportFormat;
	readonly scope: ExportScope;
	readonly graph: DependencyGraph;
	/** Package id → report (what has been scored so far; the rest is reported as unknown). */
	readonly reports: ReadonlyMap<string, PackageReport>;
	/** Computed from the graph and reports when absent. */
	readonly rollups?: ReadonlyMap<string, Rollup>;
	/** The export folder setting: '' = `cwd`, `~/…` = home, relative = under `cwd`. */
	readonly directory: string;
	/** The report's time, and the file name's timestamp. */
	readonly now: Date;
	/** Names the file (`commit-tui-<project>-…`): the root's or the scanned folder's name. */
	readonly projectName: string;
	/** Written into the report. Default 'unknown'. */
	readonly toolVersion?: string;
	/** The thresholds in force, for the reports that explain the levels. */
	readonly thresholds?: Thresholds;
	/** SARIF: lowest level reported (default high). */
	readonly failOn?: ReportMeta['failOn'];
	/** Default process.cwd(). */
	readonly cwd?: string;
};

/**
 * Render a report and write it to the export folder as
 * `commit-tui-<project>-<scope>-<YYYYMMDD-HHmmss>.<md|html|json|sarif>` (`-2`, `-3`… when taken).
 * Creates the folder, writes atomically, never overwrites. Resolves to the absolute path written.
 */
export async function writeExport(options: WriteExportOptions): Promise<string> {
	// Made as it is written: a tree-sized report never exists as one string, and the UI gets turns between batches.
	const content = renderReportChunks(options.format, {
		graph: options.graph,
		reports: options.reports,
		rollups: options.rollups,
		scope: options.scope,
		meta: {
			toolVersion: options.toolVersion ?? 'unknown',
			generatedAt: options.now,
			failOn: options.failOn,
			thresholds: options.thresholds,
		},
	});
	const directory = resolveExportDirectory(options.directory, options.cwd);
	const baseName = exportBaseName(options.projectName, options.scope, options.graph, options.now);
	return writeFileNoClobber(directory, baseName, reportExtensions[options.format], batched(content));
}

/**
 * The folder an export goes to. '' = `cwd`; `~` and `~/…` = the home folder; relative paths are relative
 * to `cwd`.
 */
export function resolveExportDirectory(
	setting: string,
	cwd: string = process.cwd(),
	home: string = os.homedir(),
) {
	const trimmed = setting.trim();
	if (trimmed === '') return path.resolve(cwd);
	if (trimmed === '~') return home;
	if (trimmed.startsWith('~/') || trimmed.startsWith(`~${path.sep}`))
		return path.join(home, trimmed.slice(2));
	return path.resolve(cwd, trimmed);
}

/**
 * A file-name-safe slug: letters, digits, '.', '_' and '-' only, runs of anything else as one '-', no
 * leading dots (hidden files) or dashes, at most `maxLength` characters. Package names are untrusted:
 * `../../etc` or a name with control characters must not steer the path.
 */
export function fileNameSlug(text: string, maxLength = 60): string {
	const slug = text
		.normalize('NFKD')
		.replaceAll(/[^A-Za-z0-9._-]+/g, '-')
		.replaceAll(/-{2,}/g, '-')
		.replace(/^[.-]+/, '')
		.replace(/[.-]+$/, '')
		.slice(0, maxLength)
		.replace(/[.-]+$/, '');
	return slug;
}

/** `YYYYMMDD-HHmmss` in local time (the user's clock, as the file manager shows it). */
export function fileTimestamp(now: Date): string {
	const two = (value: number) => String(value).padStart(2, '0');
	const date = `${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}`;
	return `${date}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`;
}

/** How many `-N` suffixes to try before giving up (a folder with 1,000 exports of the same second). */
const maxSuffix = 1000;

/**
 * Write `content` as `<directory>/<baseName>.<extension>`, or `<baseName>-2.<extension>`, `-3`… when the
 * name is taken. Creates the folder. The file appears complete or not at all: the content goes to a
 * temporary file first, which is then hard-linked to the final name (fails instead of replacing an
 * existing file, even one created a moment ago by another process) — or renamed, on file systems without
 * hard links. `content` may come in pieces, written as they come. Returns the absolute path written.
 */
export async function writeFileNoClobber(
	directory: string,
	baseName: string,
	extension: string,
	content: string | Iterable<string>,
): Promise<string> {
	const folder = path.resolve(directory);
	// Errors name the folder and say what is wrong in words: fs's own name the temporary file and the syscall
	// (`EEXIST: file already exists, mkdir '/etc/hostname'`).
	const inFolder = (error: unknown) => new Error(`cannot write in ${folder}: ${describeWriteError(error)}`);
	await fs.mkdir(folder, {recursive: true}).catch((error: unknown) => {
		throw inFolder(error);
	});
	const temporary = temporaryPathFor(path.join(folder, baseName));
	try {
		// Inside the try: a disk that fills up halfway leaves no half-written temporary file behind.
		await fs.writeFile(temporary, content, {flag: 'wx'}).catch((error: unknown) => {
			throw inFolder(error);
		});
		for (let suffix = 1; suffix <= maxSuffix; suffix++) {
			const target = path.join(folder, `${baseName}${suffix === 1 ? '' : `-${suffix}`}.${extension}`);
			if (await placeFile(temporary, target).catch((error: unknown) => Promise.reject(inFolder(error))))
				return target;
		}

		throw new Error(`could not find a free file name for ${baseName}.${extension} in ${folder}`);
	} finally {
		await fs.rm(temporary, {force: true});
	}
}

/** Move the finished temporary file to `target` unless `target` exists. True when placed. */
async function placeFile(temporary: string, target: string): Promise<boolean> {
	try {
		await fs.link(temporary, target);
		return true;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') return false;
		if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
	}

	// No hard links here (some network and FAT file systems): check, then rename. A tiny race remains.
	try {
		await fs.access(target);
		return false;
	} catch {
		await fs.rename(temporary, target);
		return true;
	}
}

/** What an export covers: the whole tree, the subtree under one package or root, or the marked packages. */
export type ExportScope = ReportScope;

/**
 * The scope as a file-name part: `all`, `express-4.21.2` (a package's subtree), `web-app` (a root's
 * subtree), `marked-3`.
 */
export function scopeLabel(scope: ExportScope, graph: DependencyGraph): string {
	switch (scope.kind) {
		case 'all':
			return 'all';
		case 'marked':
			return `marked-${scope.ids.length}`;
		case 'diff':
			return `diff-${scope.ids.length}`;
		case 'subtree': {
			const node = graph.packages.get(scope.id);
			if (node) return fileNameSlug(`${node.name}-${node.version}`) || 'subtree';
			const root = graph.roots.find((item) => item.id === scope.id);
			return (root && fileNameSlug(root.name)) || 'subtree';
		}
	}
}

/** `commit-tui-<project>-<scope>-<YYYYMMDD-HHmmss>` (no extension). */
export function exportBaseName(
	projectName: string,
	scope: ExportScope,
	graph: DependencyGraph,
	now: Date,
): string {
	const project = fileNameSlug(projectName) || 'project';
	return `commit-tui-${project}-${scopeLabel(scope, graph)}-${fileTimestamp(now)}`;
}
