import meow from 'meow';
import {kebab} from '../registries/endpoints.js';
import {type CliFlags, flagSpecs, helpText, unknownFlags} from './flags.js';
import {runMain} from './main.js';
import {guardStandardStreams} from './output.js';

guardStandardStreams();

let cli: ReturnType<typeof parse>;
try {
	cli = parse();
} catch (error) {
	// meow throws for a value outside `choices` or a flag given twice: one line and the usage exit code, no stack
	// trace, and the flag named as it is typed (meow says `--cacheDir`).
	const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
	process.stderr.write(
		`commit-tui: ${message.replace(/--([a-z][a-zA-Z]*)/g, (_, name: string) => `--${kebab(name)}`)}\n`,
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

// Node ends a process whose event loop ran dry under a pending top-level await with exit 13 and not a word: some
// promise was never settled (a stream that failed before it was read did that once). Say so, on stderr.
let finished = false;
process.on('exit', (code) => {
	if (!finished && code === 13)
		process.stderr.write(
			'commit-tui: internal error: the run stopped waiting on something that will never answer (exit 13); please report it\n',
		);
});
process.exitCode = await runMain(cli.input, cli.flags as CliFlags, cli.pkg.version ?? '0.0.0');
finished = true;

function parse() {
	return meow(helpText(), {
		importMeta: import.meta,
		// Unknown flags are reported by unknownFlags() above, in one line.
		allowUnknownFlags: true,
		flags: flagSpecs,
	});
}
