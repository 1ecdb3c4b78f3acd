import assert from 'node:assert/strict';
import {mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {formatFromFileName} from '../../source/lockfiles/detect.js';
import {readLockfileText} from '../../source/lockfiles/index.js';
import {LockfileError} from '../../source/lockfiles/types.js';
import {fixturePath} from '../helpers/paths.js';
import {randomSource} from '../helpers/random-trees.js';
import {temporaryDirectory} from '../helpers/registry-scan.js';
import {isolatedEnv, runCli} from '../helpers/run-cli.js';

/**
 * Mutants of every fixture lockfile — truncated, bytes flipped, lines deleted or doubled, values swapped for
 * values of another type — must each be read into a consistent graph or refused with a LockfileError that names
 * the file: never another exception, never "unexpected error". A few go through the built CLI too, which must
 * exit 0, 2 or 3 with no stack trace, with its heap capped.
 *
 * Seeded: a failure names the seed and the mutant, and `FUZZ_SEED=<seed>` replays it (`FUZZ_MUTANTS` sets how
 * many per file).
 */

const seed = Number(process.env.FUZZ_SEED ?? 20_261_201);
const mutantsPerFile = Number(process.env.FUZZ_MUTANTS ?? 10);

type Mutation = {readonly name: string; readonly text: string};

/** Every file under test/fixtures/lockfiles whose name a lockfile format claims. */
function fixtureLockfiles(): string[] {
	const root = fixturePath('lockfiles');
	const files: string[] = [];
	const walk = (directory: string) => {
		for (const entry of readdirSync(directory, {withFileTypes: true})) {
			const full = path.join(directory, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (formatFromFileName(entry.name)?.spec.read) files.push(full);
		}
	};

	walk(root);
	return files.sort();
}

/** Values of other types to put where a value was, by syntax. */
const jsonValues = ['5', '[]', '{}', 'null', 'true', '"x"', '[1, {"a": 2}]', '-1e309'];
const yamlValues = ['[x]', '{}', '5', "'str'", '~', '[[a, b], {c: d}]', '&a [*a]'];
const tomlValues = ['5', '[1]', '{}', '"x"', 'true', '[[1], {a = 2}]', '1979-05-27'];

function mutate(text: string, file: string, random: () => number): Mutation {
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	const at = Math.floor(random() * text.length);
	const lines = text.split('\n');
	const line = Math.floor(random() * lines.length);
	switch (Math.floor(random() * 6)) {
		case 0:
			return {name: `truncated at ${at}`, text: text.slice(0, at)};
		case 1: {
			const flips = 1 + Math.floor(random() * 4);
			const chars = [...text];
			const where: number[] = [];
			for (let index = 0; index < flips; index++) {
				const position = Math.floor(random() * chars.length);
				where.push(position);
				chars[position] = pick([
					'"',
					'{',
					'}',
					'[',
					']',
					':',
					',',
					'=',
					'\n',
					'\t',
					' ',
					'#',
					'\\',
					'\u0000',
					'é',
					'💥',
					'a',
				]);
			}

			return {name: `bytes flipped at ${where.join(', ')}`, text: chars.join('')};
		}

		case 2: {
			const count = 1 + Math.floor(random() * 3);
			return {
				name: `lines ${line + 1}–${line + count} deleted`,
				text: [...lines.slice(0, line), ...lines.slice(line + count)].join('\n'),
			};
		}

		case 3:
			return {
				name: `line ${line + 1} doubled`,
				text: [...lines.slice(0, line + 1), ...lines.slice(line)].join('\n'),
			};
		default:
			return wrongType(text, file, pick);
	}
}

/** A value swapped for one of another type (a mapping for a string, a string for a mapping…), by format. */
function wrongType(text: string, file: string, pick: <T>(items: readonly T[]) => T): Mutation {
	const extension = path.extname(file);
	const json = extension === '.json' || file.endsWith('bun.lock');
	const yaml = extension === '.yaml' || (file.endsWith('yarn.lock') && text.includes('__metadata'));
	const toml = extension === '.toml' || extension === '.lock';
	const pattern = json
		? /("(?:[^"\\]|\\.)*"\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null|\{|\[)/g
		: yaml
			? /^(\s*[^\s#:][^:\n]*:[ \t]*)(\S.*)?$/gm
			: toml
				? /^(\s*[A-Za-z0-9_."-]+\s*=\s*)(.+)$/gm
				: /^()(.+)$/gm;
	const matches = [...text.matchAll(pattern)];
	if (matches.length === 0) return {name: 'unchanged (no value found)', text};
	const match = pick(matches);
	const [whole, head, value = ''] = match;
	const start = match.index;
	const values = json
		? jsonValues
		: yaml
			? yamlValues
			: toml
				? tomlValues
				: ['', '-r', '==', '\u001b]52;c;x\u0007'];
	const replacement = pick(values);
	if (json && (value === '{' || value === '[')) {
		// The container stays, under a renamed key; the key itself now holds a value of another type.
		const key = /^"((?:[^"\\]|\\.)*)"/.exec(head!)![1]!;
		const renamed = `${head}${replacement}, "${key}_moved": ${value}`;
		return {
			name: `${key} (a container) → ${replacement}`,
			text: text.slice(0, start) + renamed + text.slice(start + whole.length),
		};
	}

	return {
		name: `value at ${start} (${JSON.stringify(value.slice(0, 30))}) → ${replacement}`,
		text: text.slice(0, start) + head + replacement + text.slice(start + whole.length),
	};
}

/** Reads a mutant as the CLI would (siblings from the fixture's folder); returns what happened. */
function readMutant(file: string, text: string): 'read' | 'refused' {
	const display = path.relative(fixturePath('lockfiles'), file);
	try {
		const parsed = readLockfileText(file, display, text, {projectRoot: path.dirname(file)});
		const ids = new Set(parsed.packages.map((node) => node.id));
		for (const node of [...parsed.packages, ...parsed.roots])
			for (const to of node.dependencies)
				assert.ok(ids.has(to), `${node.id} → ${to} is not a package of the graph`);
		return 'read';
	} catch (error) {
		if (!(error instanceof LockfileError)) throw error;
		assert.doesNotMatch(error.message, /unexpected error/);
		// The error names a file of the project: the lockfile, or a sibling it reads (package.json, an include).
		assert.ok(error.file.length > 0);
		return 'refused';
	}
}

describe(`fuzz: mutants of every fixture lockfile (seed ${seed}, ${mutantsPerFile} per file)`, () => {
	const files = fixtureLockfiles();
	const folder = temporaryDirectory('commit-tui-fuzz-');
	after(() => folder.remove());

	test('every mutant is read into a consistent graph or refused with a LockfileError', () => {
		assert.ok(files.length >= 50, `only ${files.length} fixture lockfiles found`);
		const random = randomSource(seed);
		const outcome = {read: 0, refused: 0};
		for (const file of files) {
			const original = readFileSync(file, 'utf8');
			for (let index = 0; index < mutantsPerFile; index++) {
				const mutation = mutate(original, file, random);
				try {
					outcome[readMutant(file, mutation.text)] += 1;
				} catch (error) {
					const where = `${path.relative(fixturePath(), file)} mutant #${index} (${mutation.name}), seed ${seed}`;
					assert.fail(`${where}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
				}
			}
		}

		assert.equal(outcome.read + outcome.refused, files.length * mutantsPerFile);
		// Both kinds of outcome happen: the mutations are neither all harmless nor all fatal.
		assert.ok(outcome.read > 0 && outcome.refused > 0, JSON.stringify(outcome));
		// Bounded memory: the peak of this whole process (every mutant of every fixture).
		const peakMb = process.resourceUsage().maxRSS / 1024;
		assert.ok(peakMb < 600, `peak RSS ${Math.round(peakMb)} MB`);
	});

	test('mutants through the built CLI (heap capped at 256 MB): exit 0, 2 or 3, one-line errors, no stack trace', async () => {
		const random = randomSource(seed + 1);
		const env = isolatedEnv({NODE_OPTIONS: '--max-old-space-size=256'});
		const chosen = Array.from({length: 12}, () => files[Math.floor(random() * files.length)]!);
		for (const [index, file] of chosen.entries()) {
			const mutation = mutate(readFileSync(file, 'utf8'), file, random);
			const directory = path.join(folder.path, `cli-${index}`);
			mkdirSync(directory, {recursive: true});
			// Siblings the reader may want (package.json, pyproject.toml, Cargo.toml, includes) come along.
			for (const sibling of readdirSync(path.dirname(file))) {
				const full = path.join(path.dirname(file), sibling);
				if (statSync(full).isFile()) writeFileSync(path.join(directory, sibling), readFileSync(full));
			}

			writeFileSync(path.join(directory, path.basename(file)), mutation.text);
			const result = await runCli(
				['--file', path.join(directory, path.basename(file)), '--json', '--offline'],
				{env},
			);
			const where = `${path.relative(fixturePath(), file)} (${mutation.name}), seed ${seed + 1}`;
			assert.ok([0, 2, 3].includes(result.code ?? -1), `${where}: exit ${result.code}\n${result.stderr}`);
			assert.doesNotMatch(result.stderr, /unexpected error|\n\s+at /, where);
			if (result.code === 2) {
				const errors = result.stderr
					.split('\n')
					.filter(
						(lineText) => lineText.startsWith('commit-tui: ') && !lineText.startsWith('commit-tui: warning'),
					);
				assert.equal(errors.length, 1, `${where}: ${result.stderr}`);
			}

			if (result.code === 0) JSON.parse(result.stdout);
		}
	});
});
