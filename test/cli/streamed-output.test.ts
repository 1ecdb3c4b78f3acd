import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {
	chmodSync,
	createReadStream,
	createWriteStream,
	existsSync,
	lstatSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	readlinkSync,
	statSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import path from 'node:path';
import {Writable} from 'node:stream';
import {after, before, describe, test} from 'node:test';
import {writeFileNoClobber} from '../../source/cli/export.js';
import {writeOutput} from '../../source/cli/headless.js';
import {batched, OutputError, writeChunks} from '../../source/cli/output.js';
import {
	buildJsonReport,
	buildSarif,
	type ReportFormat,
	type ReportInput,
	renderReport,
	renderReportChunks,
	reportFormats,
} from '../../source/report/index.js';
import {stringifyJson} from '../../source/text/escape.js';
import {headlessReportInput, type ReportTrees, startReportTrees} from '../helpers/headless-report.js';
import {repoRoot} from '../helpers/paths.js';
import {registryNow} from '../helpers/registry-data.js';
import {serverScanOptions, temporaryDirectory} from '../helpers/registry-scan.js';
import type {RegistryServer} from '../helpers/registry-server.js';
import {runCli} from '../helpers/run-cli.js';

/**
 * Reports are written as they are made (issue 15: a 28.6k-package JSON report is ~75 MB, and building it as one
 * string took the headless run past 1 GB). On real trees — the 2,350-entry bench lockfile with plausible registry
 * data, and the release fixture with OSV advisories and release evidence — scanned and scored as the CLI does:
 * the pieces join to the previous renderers' bytes in every format, the writer hands them over at the reader's
 * pace, and a closed pipe or a full disk still ends the run as before.
 */

const folder = temporaryDirectory();
const large = path.join(repoRoot, 'bench', 'fixtures', 'large');
const now = new Date(registryNow);
const projects = new Map<'large' | 'release', {input: ReportInput; firstId: string}>();

async function scanned(
	directory: string,
	server: RegistryServer,
): Promise<{input: ReportInput; firstId: string}> {
	const options = serverScanOptions(server, {
		advisories: {enabled: true, exportFiles: [], queryLifetimeMs: 0},
	});
	const {input, graph} = await headlessReportInput(directory, options, now);
	return {input, firstId: [...graph.packages.keys()][5]!};
}

let servedTrees: ReportTrees | undefined;

before(async () => {
	const served = (servedTrees = await startReportTrees(folder.path));
	projects.set('large', await scanned(served.large.directory, served.large.server));
	projects.set('release', await scanned(served.release.directory, served.release.server));
});

after(async () => {
	await servedTrees?.close();
	folder.remove();
});

/** The report as the renderers made it before it came in pieces: JSON.stringify of the whole document. */
function wholeDocument(format: ReportFormat, input: ReportInput): string {
	if (format === 'json') return `${stringifyJson(buildJsonReport(input))}\n`;
	if (format === 'sarif') return `${stringifyJson(buildSarif(input))}\n`;
	return renderReport(format, input);
}

function variants(input: ReportInput, firstId: string): Array<[string, ReportInput]> {
	return [
		['the whole tree', input],
		['notes from moderate', {...input, meta: {...input.meta, failOn: 'moderate', sarifNotes: true}}],
		['a subtree', {...input, scope: {kind: 'subtree', id: firstId}, meta: {...input.meta, failOn: 'none'}}],
		['marked packages', {...input, scope: {kind: 'marked', ids: [firstId, 'npm:missing@1.0.0']}}],
	];
}

describe('reports in pieces', () => {
	test('every format, scope and option: the pieces join to the bytes of the whole-document renderers', () => {
		for (const [label, {input, firstId}] of projects) {
			for (const [what, variant] of variants(input, firstId)) {
				for (const format of reportFormats) {
					const pieces = [...renderReportChunks(format, variant)];
					assert.ok(pieces.length > 1, `${label}, ${what}, ${format}: in pieces`);
					assert.equal(pieces.join(''), wholeDocument(format, variant), `${label}, ${what}, ${format}`);
				}
			}
		}

		// The fixtures reach the sections that only some trees have.
		const release = wholeDocument('md', projects.get('release')!.input);
		assert.match(release, /## Advisories/);
		assert.match(release, /## Release evidence\n\n\| Package/);
	});

	test('the 2,350-entry tree: no piece is more than a package or a row, and each call starts afresh', () => {
		const {input} = projects.get('large')!;
		for (const format of reportFormats) {
			const pieces = [...renderReportChunks(format, input)];
			const longest = Math.max(...pieces.map((piece) => piece.length));
			// The whole JSON report is ~6 MB; the head of the HTML file (its CSS and script) is the longest piece there.
			assert.ok(longest < 64 * 1024, `${format}: longest piece ${longest}`);
			assert.equal([...renderReportChunks(format, input)].join(''), pieces.join(''));
		}
	});
});

/** A writable whose every write waits until the test lets it finish: a reader that takes its time. */
class HeldWritable extends Writable {
	readonly written: string[] = [];
	private release: (() => void) | null = null;
	private arrived: (() => void) | null = null;

	constructor() {
		super({highWaterMark: 1, decodeStrings: false});
	}

	override _write(chunk: string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		this.written.push(chunk);
		this.release = () => callback();
		this.arrived?.();
	}

	/** Resolves when a write is waiting (at once if one is). */
	waiting(): Promise<void> {
		if (this.release) return Promise.resolve();
		return new Promise((resolve) => {
			this.arrived = resolve;
		});
	}

	finishOne(): void {
		const release = this.release;
		this.release = null;
		this.arrived = null;
		release?.();
	}
}

describe('writeChunks', () => {
	test('a slow reader holds the making back: one batch in flight, none made ahead', async () => {
		const {input} = projects.get('large')!;
		let made = 0;
		function* counted(): Generator<string> {
			for (const piece of batched(renderReportChunks('json', input))) {
				made += 1;
				yield piece;
			}
		}

		const stream = new HeldWritable();
		const writing = writeChunks(counted(), stream);
		let finished = false;
		void writing.then(() => {
			finished = true;
		});
		while (!finished) {
			await Promise.race([stream.waiting(), writing]);
			if (finished) break;
			assert.equal(made, stream.written.length, 'nothing is made while a batch waits for the reader');
			stream.finishOne();
		}

		assert.equal(await writing, 'written');
		assert.ok(stream.written.length > 50, `${stream.written.length} batches`);
		assert.equal(stream.written.join(''), renderReport('json', input));
	});

	test('a stream that takes every write at once (stdout to a file) still lets the event loop turn', async () => {
		const {input} = projects.get('large')!;
		let made = 0;
		function* counted(): Generator<string> {
			for (const piece of batched(renderReportChunks('json', input))) {
				made += 1;
				yield piece;
			}
		}

		// As process.stdout to a file: each write is done before write() returns.
		const written: string[] = [];
		const immediate = new Writable({
			decodeStrings: false,
			write(chunk: string, _encoding, callback) {
				written.push(chunk);
				callback();
			},
		});
		let madeWhenOtherWorkRan = -1;
		setImmediate(() => {
			madeWhenOtherWorkRan = made;
		});
		assert.equal(await writeChunks(counted(), immediate), 'written');
		assert.ok(
			madeWhenOtherWorkRan >= 0 && madeWhenOtherWorkRan < made / 2,
			`ran after ${madeWhenOtherWorkRan} of ${made}`,
		);
		assert.equal(written.join(''), renderReport('json', input));
	});

	test('through a real pipe: the reader gets exactly the report, in UTF-8', async () => {
		const {input} = projects.get('release')!;
		const file = path.join(folder.path, 'piped.html');
		const child = spawn(
			process.execPath,
			['-e', `process.stdin.pipe(require('node:fs').createWriteStream(${JSON.stringify(file)}))`],
			{stdio: ['pipe', 'ignore', 'inherit']},
		);
		const closed = new Promise((resolve) => child.on('close', resolve));
		assert.equal(await writeChunks(renderReportChunks('html', input), child.stdin), 'written');
		child.stdin.end();
		await closed;
		const expected = renderReport('html', input);
		assert.match(expected, /[·›]/);
		assert.deepEqual(readFileSync(file), Buffer.from(expected));
	});

	test('a reader that goes away (EPIPE): resolves closed, and the rest of the report is never made', async () => {
		const {input} = projects.get('large')!;
		const total = [...renderReportChunks('json', input)].length;
		let made = 0;
		let ended = false;
		function* counted(): Generator<string> {
			try {
				for (const piece of renderReportChunks('json', input)) {
					made += 1;
					yield piece;
				}
			} finally {
				ended = true;
			}
		}

		const child = spawn('head', ['-c', '1'], {stdio: ['pipe', 'ignore', 'ignore']});
		// As guardStandardStreams does for stdout: an EPIPE after the writer has stopped listening is no error.
		child.stdin.on('error', () => undefined);
		assert.equal(await writeChunks(counted(), child.stdin), 'closed');
		assert.ok(ended, 'the pieces were closed');
		assert.ok(made < total / 2, `made ${made} of ${total} pieces`);
	});

	test('a full disk (/dev/full): rejects with one OutputError naming ENOSPC', {
		skip: existsSync('/dev/full') ? false : 'no /dev/full',
	}, async () => {
		const {input} = projects.get('large')!;
		const full = createWriteStream('/dev/full');
		full.on('error', () => undefined);
		await assert.rejects(writeChunks(renderReportChunks('md', input), full), (error: unknown) => {
			assert.ok(error instanceof OutputError);
			assert.match(error.message, /no space left on device \(ENOSPC\)$/);
			return true;
		});
		full.destroy();
	});

	test('batches never end between the halves of a surrogate pair', () => {
		const text = `${'a'.repeat(9)}😀${'é😀'.repeat(20)}`;
		const pieces = text.match(/.{1,3}/gsu)!;
		const batches = [...batched(pieces, 10)];
		assert.equal(batches.join(''), text);
		for (const batch of batches) {
			assert.ok(batch.length >= 10 || batch === batches.at(-1));
			assert.equal(Buffer.from(batch).toString(), batch, 'each batch is well-formed on its own');
		}
	});
});

describe('writeOutput and exports', () => {
	test('--output: the file holds exactly the pieces, with a line break added only when missing', async () => {
		const {input} = projects.get('release')!;
		const file = path.join(folder.path, 'out', 'report.sarif');
		await writeOutput(renderReportChunks('sarif', input), file);
		assert.equal(readFileSync(file, 'utf8'), renderReport('sarif', input));
		await writeOutput(['no', ' line break'], file);
		assert.equal(readFileSync(file, 'utf8'), 'no line break\n');
		await writeOutput('', file);
		assert.equal(readFileSync(file, 'utf8'), '\n');
		assert.deepEqual(
			readdirSync(path.dirname(file)).filter((name) => name.endsWith('.tmp')),
			[],
			'no temporary file left',
		);
	});

	test('--output through a symlink replaces the file it points to, and the link stays a link', async () => {
		const real = path.join(folder.path, 'linked', 'real.json');
		const link = path.join(folder.path, 'linked', 'report.json');
		mkdirSync(path.dirname(real), {recursive: true});
		writeFileSync(real, 'old\n');
		symlinkSync('real.json', link);
		await writeOutput(['{"new": true}'], link);
		assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
		assert.equal(readlinkSync(link), 'real.json');
		assert.equal(readFileSync(real, 'utf8'), '{"new": true}\n');
		// A link to a file not made yet: the file is made where the link points, as the shell's `>` would.
		const dangling = path.join(folder.path, 'linked', 'later.json');
		symlinkSync('made-later.json', dangling);
		await writeOutput(['x'], dangling);
		assert.ok(lstatSync(dangling).isSymbolicLink());
		assert.equal(readFileSync(path.join(folder.path, 'linked', 'made-later.json'), 'utf8'), 'x\n');
	});

	test('--output over an existing file keeps its permissions', {
		skip: process.platform === 'win32',
	}, async () => {
		const file = path.join(folder.path, 'private.json');
		writeFileSync(file, 'old\n');
		chmodSync(file, 0o600);
		await writeOutput(['secret'], file);
		assert.equal(statSync(file).mode & 0o777, 0o600);
		assert.equal(readFileSync(file, 'utf8'), 'secret\n');
	});

	test('--output to a FIFO writes into the pipe: it is never replaced by a file', {
		skip: process.platform === 'win32',
	}, async () => {
		const fifo = path.join(folder.path, 'report.fifo');
		execFileSync('mkfifo', [fifo]);
		const chunks: Buffer[] = [];
		const reading = new Promise<void>((resolve, reject) => {
			createReadStream(fifo)
				.on('data', (chunk) => chunks.push(chunk as Buffer))
				.on('end', resolve)
				.on('error', reject);
		});
		await writeOutput(['through ', 'the pipe'], fifo);
		await reading;
		assert.equal(Buffer.concat(chunks).toString(), 'through the pipe\n');
		assert.ok(statSync(fifo).isFIFO(), 'still a FIFO');
		assert.deepEqual(
			readdirSync(folder.path).filter((name) => name.startsWith('.report.fifo')),
			[],
			'no temporary file beside it',
		);
	});

	test('--output with no file name is a usage error, not the current folder', async () => {
		await assert.rejects(writeOutput(['x'], ''), /--output needs a file name \(or - for stdout\)/);
	});

	test('--output to a folder: one line naming it, nothing written', async () => {
		const directory = path.join(folder.path, 'a-folder');
		mkdirSync(directory);
		await assert.rejects(writeOutput(['x'], directory), /cannot write .*a-folder: is a directory/);
		assert.deepEqual(readdirSync(directory), []);
	});

	test('the CLI with -o /dev/null and -o /dev/stdout: exit 0, /dev/null is still the null device, stdout has the report', {
		skip: process.platform === 'win32' || !existsSync('/dev/null'),
	}, async () => {
		const run = await runCli([large, '--format', 'json', '--offline', '--output', '/dev/null']);
		assert.equal(run.code, 0, run.stderr);
		assert.equal(run.stdout, '');
		assert.ok(statSync('/dev/null').isCharacterDevice(), '/dev/null was replaced by a file');
		// `-o /dev/stdout` (a pipe here) is the report on stdout, as without -o.
		const piped = await runCli([large, '--format', 'json', '--offline', '--output', '/dev/stdout']);
		assert.equal(piped.code, 0, piped.stderr);
		assert.equal((JSON.parse(piped.stdout) as {schemaVersion: number}).schemaVersion, 1);
	});

	test('an export in pieces is written whole, under its own name', async () => {
		const {input} = projects.get('large')!;
		const written = await writeFileNoClobber(
			path.join(folder.path, 'exports'),
			'report',
			'md',
			batched(renderReportChunks('md', input)),
		);
		assert.equal(readFileSync(written, 'utf8'), renderReport('md', input));
	});

	test('the CLI on the 2,350-entry tree: stdout and --output hold the same report', async () => {
		const timestamps = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g;
		for (const format of ['json', 'html'] as const) {
			const file = path.join(folder.path, `cli.${format}`);
			const printed = await runCli([large, '--format', format, '--offline']);
			const saved = await runCli([large, '--format', format, '--offline', '--output', file]);
			assert.equal(printed.code, 0, printed.stderr);
			assert.equal(saved.code, 0, saved.stderr);
			assert.equal(saved.stdout, '');
			assert.ok(printed.stdout.length > 1_000_000, `${format}: ${printed.stdout.length} characters`);
			assert.equal(
				readFileSync(file, 'utf8').replace(timestamps, 'T'),
				printed.stdout.replace(timestamps, 'T'),
			);
		}
	});
});
