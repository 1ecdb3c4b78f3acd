import {spawnSync} from 'node:child_process';
import {appendFileSync, mkdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {reportFormatNamed} from '../report/formats.js';
import {GitHubError, upsertComment} from './github.js';

/**
 * Node's flags for the CLI: V8's background thread pool sized to the runner's cores (Node's default is four threads
 * whatever the machine). On two cores, four threads compiling and collecting compete with the scan's own thread: a
 * warm scan of the 2,350-entry bench fixture took 1.19 s with the default against 1.02–1.07 s with the pool sized
 * to the cores (one thread); a cold one, waiting on the network, took the same either way.
 */
const nodeFlags: readonly string[] = ['--v8-pool-size=0'];

/**
 * The GitHub Action's script (action.yml runs it with `node`): run `commit-tui diff` for the pull request,
 * post or update the one PR comment with its Markdown, leave the SARIF for the upload step, and report the
 * gate's exit code as an output (the action's last step fails the job with it, after the SARIF upload and
 * the cache save). Inputs come as `INPUT_*` variables; the rest from the runner (`GITHUB_EVENT_PATH`,
 * `GITHUB_REPOSITORY`, `GITHUB_API_URL`, `GITHUB_OUTPUT`, `RUNNER_TEMP`).
 */

export type ActionEnvironment = Readonly<Record<string, string | undefined>>;

export type ActionResult = {
	/** The gate's exit code (0 pass, 1 threshold, 2 input error, 3 no lockfile, 4 incomplete). */
	readonly exitCode: number;
	readonly sarifFile: string | null;
	readonly markdownFile: string | null;
	readonly jsonFile: string | null;
	readonly commentUrl: string | null;
};

type PullRequestEvent = {
	readonly pull_request?: {readonly number?: number; readonly base?: {readonly sha?: string}};
};

const formats = ['md', 'sarif', 'json'] as const;

export async function runAction(
	env: ActionEnvironment,
	log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<ActionResult> {
	const cli = env.COMMIT_TUI_BIN;
	if (!cli) throw new Error('COMMIT_TUI_BIN is not set (the path of dist/bundle/bin.js)');
	const cwd = process.cwd();
	const failOn = input(env, 'FAIL_ON') || 'high';
	const named = (input(env, 'FORMAT') || 'md,sarif').split(/[\s,]+/).filter(Boolean);
	const unknown = named.filter(
		(name) => !(formats as readonly string[]).includes(reportFormatNamed(name) ?? ''),
	);
	if (unknown.length > 0) throw new Error(`format: unknown ${unknown.join(', ')} (use md, sarif, json)`);
	const wanted = [...new Set(named.map((name) => reportFormatNamed(name)!))];
	const event = readEvent(env.GITHUB_EVENT_PATH);
	const pull = event.pull_request?.number;
	const base = input(env, 'BASE') || event.pull_request?.base?.sha || '';
	if (base && /^[0-9a-f]{40}$/.test(base)) ensureCommit(cwd, base, log);
	const policy = input(env, 'POLICY');
	const outputDirectory = path.join(env.RUNNER_TEMP || cwd, 'commit-tui');
	mkdirSync(outputDirectory, {recursive: true});
	const common = [...(base ? [base] : []), ...(policy ? ['--policy', policy] : [])];
	const run = (args: readonly string[]) => {
		log(`commit-tui diff ${args.join(' ')}`);
		const result = spawnSync(process.execPath, [...nodeFlags, cli, 'diff', ...args], {
			cwd,
			env: {...scanEnvironment({...process.env, ...env}), CI: 'true'},
			encoding: 'utf8',
			stdio: ['ignore', 'inherit', 'pipe'],
		});
		if (result.stderr) for (const line of result.stderr.trimEnd().split('\n')) log(line);
		return result.status ?? 1;
	};

	// One report gates (the comment when there is one); the others first, with `--fail-on none`. The scan is
	// cached after the first run, so the later ones make no request.
	const file = (format: string) => path.join(outputDirectory, `commit-tui.${format}`);
	const gateFormat = (['md', 'json', 'sarif'] as const).find((format) => wanted.includes(format)) ?? 'md';
	const written: Record<string, string | null> = {md: null, sarif: null, json: null};
	for (const format of wanted.filter((each) => each !== gateFormat)) {
		const status = run([...common, '--format', format, '--output', file(format), '--fail-on', 'none']);
		if (status === 0) written[format] = file(format);
		else if (status === 2 || status === 3)
			return finish(env, {exitCode: status, ...outputs(written), commentUrl: null});
	}

	const exitCode = run([
		...common,
		'--format',
		gateFormat,
		'--output',
		file(gateFormat),
		'--fail-on',
		failOn,
	]);
	// 0, 1 and 4 all wrote the report; 2 and 3 did not.
	if (exitCode !== 2 && exitCode !== 3) written[gateFormat] = file(gateFormat);

	let commentUrl: string | null = null;
	const token = input(env, 'GITHUB_TOKEN') || env.GITHUB_TOKEN;
	if (written.md && pull !== undefined && token && input(env, 'COMMENT') !== 'false') {
		try {
			const posted = await upsertComment(
				{
					apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
					token,
					repository: env.GITHUB_REPOSITORY ?? '',
				},
				pull,
				readFileSync(written.md, 'utf8'),
			);
			commentUrl = posted.url;
			log(`commit-tui: ${posted.action} the pull request comment${posted.url ? ` (${posted.url})` : ''}`);
		} catch (error) {
			// A pull request from a fork gets a read-only token: the review still runs, only the comment is lost.
			const status = error instanceof GitHubError ? ` (HTTP ${error.status})` : '';
			log(
				`::warning::commit-tui could not comment on the pull request${status}: ${error instanceof Error ? error.message : String(error)}`,
			);
		}
	} else if (written.md && pull === undefined) {
		log('commit-tui: not a pull request event: no comment');
	}

	return finish(env, {exitCode, ...outputs(written), commentUrl});
}

function outputs(written: Record<string, string | null>) {
	return {markdownFile: written.md ?? null, sarifFile: written.sarif ?? null, jsonFile: written.json ?? null};
}

/** Writes the step outputs (`GITHUB_OUTPUT`) and returns the result. */
function finish(env: ActionEnvironment, result: ActionResult): ActionResult {
	if (env.GITHUB_OUTPUT) {
		appendFileSync(
			env.GITHUB_OUTPUT,
			[
				`exit-code=${result.exitCode}`,
				`sarif-file=${result.sarifFile ?? ''}`,
				`markdown-file=${result.markdownFile ?? ''}`,
				`json-file=${result.jsonFile ?? ''}`,
				`comment-url=${result.commentUrl ?? ''}`,
				'',
			].join('\n'),
		);
	}

	return result;
}

/**
 * The scan's environment: the step's, without the action's inputs (its GitHub token among them) and the runner's
 * own credentials (the OIDC token request that can mint an identity token, the runtime token). The scan reads the
 * pull request's `.npmrc` as npm does, `${VAR}` tokens included, and a pull request can point that file's
 * registry and token at a host of its own: nothing it can name there may be a credential the action holds. A
 * token the workflow puts in the environment itself (`NODE_AUTH_TOKEN` for a private registry) is the
 * workflow's choice, and stays.
 */
export function scanEnvironment(env: ActionEnvironment): Record<string, string | undefined> {
	const kept: Record<string, string | undefined> = {};
	for (const [name, value] of Object.entries(env)) {
		if (name.startsWith('INPUT_') || runnerCredentials.has(name)) continue;
		kept[name] = value;
	}

	return kept;
}

const runnerCredentials = new Set([
	'GITHUB_TOKEN',
	'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
	'ACTIONS_ID_TOKEN_REQUEST_URL',
	'ACTIONS_RUNTIME_TOKEN',
]);

/** An input as GitHub passes it to a composite step (`INPUT_FAIL_ON` for `fail-on`), trimmed. */
function input(env: ActionEnvironment, name: string): string {
	return (env[`INPUT_${name}`] ?? '').trim();
}

function readEvent(file: string | undefined): PullRequestEvent {
	if (!file) return {};
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as PullRequestEvent;
	} catch {
		return {};
	}
}

/** A shallow checkout may lack the base commit: fetch it (best effort; the diff says so if it is missing). */
function ensureCommit(cwd: string, commit: string, log: (line: string) => void): void {
	const present = spawnSync('git', ['cat-file', '-e', `${commit}^{commit}`], {cwd, stdio: 'ignore'});
	if (present.status === 0) return;
	log(`commit-tui: fetching the base commit ${commit.slice(0, 7)}`);
	spawnSync('git', ['fetch', '--no-tags', '--depth=1', 'origin', commit], {cwd, stdio: 'ignore'});
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	runAction(process.env)
		.then((result) => {
			// The action's last step fails the job with the gate's code, after the SARIF upload and the cache save.
			process.exitCode = 0;
			if (!process.env.GITHUB_OUTPUT) process.exitCode = result.exitCode;
		})
		.catch((error: unknown) => {
			process.stderr.write(`commit-tui action: ${error instanceof Error ? error.message : String(error)}\n`);
			process.exitCode = 2;
		});
}
