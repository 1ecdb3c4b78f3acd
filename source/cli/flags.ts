import type {AnyFlags} from 'meow';
import {defaultConcurrency, endpointSpecs, kebab} from '../registries/endpoints.js';
import {reportFormatAliases, reportFormats} from '../report/formats.js';
import {failOnValues} from '../report/gate.js';

/**
 * The command line: meow's flag specs and the `--help` text, generated from the ecosystems' endpoints so a
 * new ecosystem's `--<name>-url` appears here, in the help and in `CliFlags` without another edit.
 */

const coreFlags = {
	file: {type: 'string', shortFlag: 'f', isMultiple: true},
	allowOutsideIncludes: {type: 'boolean', default: false},
	package: {type: 'string', isMultiple: true},
	prod: {type: 'boolean', default: false},
	format: {type: 'string', choices: [...reportFormats, ...Object.keys(reportFormatAliases)]},
	json: {type: 'boolean', default: false},
	output: {type: 'string', shortFlag: 'o'},
	subtree: {type: 'string'},
	failOn: {type: 'string', choices: [...failOnValues]},
	offline: {type: 'boolean', default: false},
	refresh: {type: 'boolean', default: false},
	cacheDir: {type: 'string'},
	concurrency: {type: 'number'},
	color: {type: 'boolean', default: true},
	advisories: {type: 'boolean', default: true},
	advisoriesDb: {type: 'string', isMultiple: true},
	policy: {type: 'string'},
	allowIncomplete: {type: 'boolean', default: false},
	maxUnknown: {type: 'string'},
	sarifNotes: {type: 'boolean', default: false},
} satisfies AnyFlags;

/** Every flag meow parses: the core ones and one per ecosystem endpoint. */
export const flagSpecs: AnyFlags = {
	...coreFlags,
	...Object.fromEntries(endpointSpecs.map((spec) => [spec.flag, {type: 'string'}])),
};

/** The flags after parsing. Endpoint flags are looked up by name (`endpointFlags`). */
export type CliFlags = {
	readonly file?: string[] | undefined;
	/** Let `-r`/`-c` includes (and workspace manifests) be read from outside the project. */
	readonly allowOutsideIncludes: boolean;
	/** `--package npm:express@^4` (repeatable): scan these packages' resolved trees instead of the project. */
	readonly package?: string[] | undefined;
	readonly prod: boolean;
	readonly format?: string | undefined;
	readonly json: boolean;
	readonly output?: string | undefined;
	readonly subtree?: string | undefined;
	readonly failOn?: string | undefined;
	readonly offline: boolean;
	readonly refresh: boolean;
	readonly cacheDir?: string | undefined;
	readonly concurrency?: number | undefined;
	readonly color: boolean;
	/** False with --no-advisories. */
	readonly advisories: boolean;
	/** OSV exports to read instead of the API. */
	readonly advisoriesDb?: string[] | undefined;
	/** `--policy <file>`: the policy file instead of `.commit-tui.yml`. */
	readonly policy?: string | undefined;
	/** `--allow-incomplete`: an incomplete scan passes the gate on what is known (no exit 4). */
	readonly allowIncomplete?: boolean | undefined;
	/** `--max-unknown <share>`: `0.1` or `10%`. */
	readonly maxUnknown?: string | undefined;
	/** `--sarif-notes`: SARIF also lists note-level results. */
	readonly sarifNotes?: boolean | undefined;
	/** Endpoint flags (`registry`, `pypiUrl`, …) and anything else meow returned. */
	readonly [flag: string]: unknown;
};

/** Flags meow did not define, for a one-line "unknown flag" error. */
export function unknownFlags(given: readonly string[]): string[] {
	const known = new Set([
		...Object.keys(flagSpecs),
		...Object.keys(flagSpecs).map(kebab),
		...Object.values(flagSpecs).flatMap((spec) => (spec.shortFlag ? [spec.shortFlag] : [])),
		'help',
		'version',
		'_',
		'--',
	]);
	return given.filter((flag) => !known.has(flag));
}

/** `  --name <arg>   description`, the description column aligned at 27 and wrapped at 100. */
function option(flag: string, text: string): string {
	const head = `  ${flag}`;
	return head.length < 27 ? `${head.padEnd(27)}${text}` : `${head}\n${' '.repeat(27)}${text}`;
}

function endpointLines(): string[] {
	return endpointSpecs.map((spec) =>
		option(
			`--${kebab(spec.flag)} <url>`,
			`${spec.label} (default: ${spec.defaultNote ?? spec.defaultUrl}; ${spec.env})`,
		),
	);
}

export function helpText(): string {
	return `
  Usage
    $ commit-tui [dir]                 Interactive tree of the lockfiles in dir (default: .)
    $ commit-tui [dir] --format md     Headless report to stdout (or --output)
    $ commit-tui diff [base] [head]    What a change adds: base and head are git refs, lockfiles
                                       or directories (default: the merge-base with the default
                                       branch, and the working tree)
    $ commit-tui config get|set|path|reset [key] [value]

  Input
${option('--file, -f <lockfile>', 'Read this lockfile (repeatable; any name, the format is sniffed)')}
${option('--package <spec>', 'What would I pull in? Resolve and scan this package instead of the')}
${' '.repeat(27)}project (repeatable): npm:express@^4, pypi:requests==2.32.3, cargo:serde@1
${option('--prod', 'Leave dev dependencies out (they are not fetched either)')}
${option('--allow-outside-includes', 'Read -r/-c includes outside the project too')}

  Output (no UI is loaded when stdout is not a terminal or a format is given)
${option('--format <fmt>', `${reportFormats.join(' | ')} (markdown = md)`)}
${option('--json', 'Same as --format json')}
${option('--output, -o <file>', 'Write the report to a file instead of stdout')}
${option('--subtree <name[@ver]>', 'Report only this package and everything beneath it')}
${option('--fail-on <level>', `${failOnValues.join(' | ')}: exit 1 when a package in scope`)}
${' '.repeat(27)}is at or above it (default: the policy's failOn, else none;
${' '.repeat(27)}high when CI is set). In a diff: only what the change adds
${option('--max-unknown <share>', 'With a gate: exit 4 when more of the packages in scope are')}
${' '.repeat(27)}unknown (default 10%), or when a registry host is down
${option('--allow-incomplete', 'Judge an incomplete scan on what is known (never exit 4)')}
${option('--policy <file>', 'Policy file (default: .commit-tui.yml in the project)')}
${option('--sarif-notes', 'SARIF: also list note-level results (behind-latest, …)')}

  Network and cache
${option('--offline', 'No requests: use only what the cache has')}
${option('--refresh', 'Revalidate every cached entry (conditional requests)')}
${endpointLines().join('\n')}
${option('--cache-dir <dir>', 'Cache folder (default: the platform cache folder)')}
${option('--concurrency <n>', `Requests in flight per host (default ${defaultConcurrency})`)}
${option('--no-advisories', 'No OSV lookup of known-malicious and vulnerable versions')}
${option('--advisories-db <zip>', 'Read an OSV export (all.zip) instead of the API (repeatable)')}

${option('--no-color', 'No colour (also NO_COLOR=1)')}
    --help, --version

  Exit codes
    0 ok · 1 --fail-on threshold reached · 2 usage or input error (also a bad policy file)
    3 no supported lockfile / no packages · 4 incomplete: a host down or too many packages unknown

  Examples
    $ commit-tui
    $ commit-tui --file requirements.txt --format md --output risk.md
    $ commit-tui --format sarif --output commit.sarif --fail-on critical
    $ commit-tui --package npm:express@^4
    $ commit-tui diff main --format md --output comment.md --fail-on high
`;
}
