import meow, {type AnyFlags} from 'meow';
import {runMain} from './main.js';

const flagSpecs = {
	file: {type: 'string', shortFlag: 'f', isMultiple: true},
	prod: {type: 'boolean', default: false},
	format: {type: 'string', choices: ['json', 'md', 'html', 'sarif']},
	json: {type: 'boolean', default: false},
	output: {type: 'string', shortFlag: 'o'},
	subtree: {type: 'string'},
	failOn: {type: 'string', choices: ['critical', 'high', 'moderate', 'none']},
	offline: {type: 'boolean', default: false},
	refresh: {type: 'boolean', default: false},
	registry: {type: 'string'},
	downloadsUrl: {type: 'string'},
	pypiUrl: {type: 'string'},
	pypistatsUrl: {type: 'string'},
	cacheDir: {type: 'string'},
	concurrency: {type: 'number'},
	color: {type: 'boolean', default: true},
} satisfies AnyFlags;

let cli: ReturnType<typeof parse>;
try {
	cli = parse();
} catch (error) {
	// meow throws for a value outside `choices`: one line and the usage exit code, no stack trace.
	process.stderr.write(
		`commit-tui: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`,
	);
	process.exit(2);
}

const unknown = unknownFlags(Object.keys(cli.unnormalizedFlags));
if (unknown.length > 0) {
	process.stderr.write(
		`commit-tui: unknown flag ${unknown.map((flag) => `--${kebab(flag)}`).join(', ')} (see --help)\n`,
	);
	process.exit(2);
}

process.exitCode = await runMain(cli.input, cli.flags, cli.pkg.version ?? '0.0.0');

function parse() {
	return meow(
		`
	Usage
	  $ commit-tui [dir]                 Interactive tree of the lockfiles in dir (default: .)
	  $ commit-tui [dir] --format md     Headless report to stdout (or --output)
	  $ commit-tui config get|set|path|reset [key] [value]

	Input
	  --file, -f <lockfile>    Read this lockfile (repeatable; any name, the format is sniffed)
	  --prod                   Leave dev dependencies out (they are not fetched either)

	Output (no UI is loaded when stdout is not a terminal or a format is given)
	  --format <fmt>           json | md | html | sarif
	  --json                   Same as --format json
	  --output, -o <file>      Write the report to a file instead of stdout
	  --subtree <name[@ver]>   Report only this package and everything beneath it
	  --fail-on <level>        critical | high | moderate | none: exit 1 when a package in scope
	                           is at or above it (default: none; high when CI is set)

	Network and cache
	  --offline                No requests: use only what the cache has
	  --refresh                Revalidate every cached entry (conditional requests)
	  --registry <url>         npm registry (default: your npm config, else registry.npmjs.org)
	  --downloads-url <url>    npm downloads API (default https://api.npmjs.org/)
	  --pypi-url <url>         PyPI (default https://pypi.org/)
	  --pypistats-url <url>    pypistats (default https://pypistats.org/)
	  --cache-dir <dir>        Cache folder (default: the platform cache folder)
	  --concurrency <n>        Requests in flight per host (default 8)

	  --no-color               No colour (also NO_COLOR=1)
	  --help, --version

	Exit codes
	  0 ok · 1 --fail-on threshold reached · 2 usage or input error · 3 no supported lockfile / no packages

	Examples
	  $ commit-tui
	  $ commit-tui --file requirements.txt --format md --output risk.md
	  $ commit-tui --format sarif --output commit.sarif --fail-on critical
`,
		{
			importMeta: import.meta,
			// Unknown flags are reported by unknownFlags() below, in one line.
			allowUnknownFlags: true,
			flags: flagSpecs,
		},
	);
}

function unknownFlags(given: readonly string[]): string[] {
	const known = new Set([
		...Object.keys(flagSpecs),
		...Object.keys(flagSpecs).map(kebab),
		...Object.values(flagSpecs).flatMap((spec) => ('shortFlag' in spec ? [spec.shortFlag] : [])),
		'help',
		'version',
		'_',
		'--',
	]);
	return given.filter((flag) => !known.has(flag));
}

function kebab(name: string): string {
	return name.replaceAll(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
