import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {parse as parseYaml} from 'yaml';
import {commentMarker} from '../../source/action/github.js';
import {git} from '../helpers/git.js';
import {fixturePath, repoRoot} from '../helpers/paths.js';
import {type RegistryServer, startRegistryServer} from '../helpers/registry-server.js';
import {cliPath, isolatedEnv} from '../helpers/run-cli.js';

/**
 * The GitHub Action's script run the way action.yml runs it (node, INPUT_* variables, a pull_request event
 * file, GITHUB_OUTPUT), against a local server standing in for the GitHub API and the local registry.
 */

type Comment = {id: number; body: string; html_url: string};

/** A tiny GitHub REST API: issue comments, with pagination, and a switch to refuse writes (a fork's token). */
async function startGitHub() {
	const comments: Comment[] = [];
	const calls: string[] = [];
	let nextId = 1000;
	let refuseWrites = false;
	const server = http.createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		calls.push(`${request.method} ${url.pathname}${url.search}`);
		// The API lives under a path, as on GitHub Enterprise Server (`https://host/api/v3`).
		if (!url.pathname.startsWith('/api/v3/')) {
			response.writeHead(404).end();
			return;
		}

		url.pathname = url.pathname.slice('/api/v3'.length);
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString()));
		request.on('end', () => {
			const send = (status: number, value: unknown) => {
				response.writeHead(status, {'content-type': 'application/json'});
				response.end(JSON.stringify(value));
			};
			if (request.headers.authorization !== 'Bearer test-token')
				return send(401, {message: 'Bad credentials'});
			const list = /^\/repos\/acme\/web\/issues\/7\/comments$/.exec(url.pathname);
			if (list && request.method === 'GET') {
				const page = Number(url.searchParams.get('page') ?? 1);
				const perPage = Number(url.searchParams.get('per_page') ?? 30);
				return send(200, comments.slice((page - 1) * perPage, page * perPage));
			}

			if (refuseWrites) return send(403, {message: 'Resource not accessible by integration'});
			if (list && request.method === 'POST') {
				const comment = {
					id: nextId++,
					body: JSON.parse(body).body,
					html_url: `https://github.example/acme/web/pull/7#issuecomment-${nextId}`,
				};
				comments.push(comment);
				return send(201, comment);
			}

			const one = /^\/repos\/acme\/web\/issues\/comments\/(\d+)$/.exec(url.pathname);
			const comment = one ? comments.find((candidate) => candidate.id === Number(one[1])) : undefined;
			if (comment && request.method === 'PATCH') {
				comment.body = JSON.parse(body).body;
				return send(200, comment);
			}

			send(404, {message: 'Not Found'});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`,
		comments,
		calls,
		refuseWrites(value: boolean) {
			refuseWrites = value;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

let registry: RegistryServer;
let github: Awaited<ReturnType<typeof startGitHub>>;
let repo: string;
let baseSha: string;
let runnerTemp: string;

before(async () => {
	registry = await startRegistryServer();
	github = await startGitHub();
	repo = mkdtempSync(path.join(tmpdir(), 'commit-tui-action-'));
	runnerTemp = mkdtempSync(path.join(tmpdir(), 'commit-tui-runner-'));
	git(repo, 'init', '-q', '-b', 'main');
	cpSync(fixturePath('diff', 'added-direct', 'base'), repo, {recursive: true});
	git(repo, 'add', '.');
	git(repo, 'commit', '-q', '-m', 'base');
	baseSha = git(repo, 'rev-parse', 'HEAD');
	// The pull request's merge commit, as actions/checkout leaves it: the head with axios added.
	cpSync(fixturePath('diff', 'added-direct', 'head'), repo, {recursive: true});
	git(repo, 'commit', '-q', '-am', 'add axios');
	// Someone else's comments come first: the marked one is found on the second page.
	for (let index = 0; index < 120; index++) {
		github.comments.push({id: index + 1, body: `looks good ${index}`, html_url: ''});
	}
});

after(async () => {
	await registry.close();
	await github.close();
	rmSync(repo, {recursive: true, force: true});
	rmSync(runnerTemp, {recursive: true, force: true});
});

/** Runs dist/source/action/run.js as the composite step does. */
async function runAction(inputs: Record<string, string> = {}) {
	const eventPath = path.join(runnerTemp, 'event.json');
	writeFileSync(
		eventPath,
		JSON.stringify({action: 'synchronize', pull_request: {number: 7, base: {sha: baseSha}}}),
	);
	const outputPath = path.join(runnerTemp, `output-${Date.now()}-${Math.random()}`);
	writeFileSync(outputPath, '');
	const env = isolatedEnv({
		COMMIT_TUI_REGISTRY: registry.npmRegistryUrl,
		COMMIT_TUI_DOWNLOADS_URL: registry.downloadsUrl,
		COMMIT_TUI_BIN: cliPath,
		GITHUB_EVENT_PATH: eventPath,
		GITHUB_REPOSITORY: 'acme/web',
		GITHUB_API_URL: github.url,
		GITHUB_OUTPUT: outputPath,
		RUNNER_TEMP: runnerTemp,
		INPUT_FAIL_ON: 'high',
		INPUT_FORMAT: 'md,sarif',
		INPUT_GITHUB_TOKEN: 'test-token',
		...inputs,
	});
	const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'source', 'action', 'run.js')], {
		cwd: repo,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
	const outputs = Object.fromEntries(
		readFileSync(outputPath, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
	);
	return {code, stdout, stderr, outputs};
}

describe('the GitHub Action', () => {
	test('comments on the pull request, leaves SARIF for the upload, reports the gate as an output', async () => {
		const result = await runAction();
		assert.equal(
			result.code,
			0,
			`the job fails in the Gate step, after the upload\n${result.stdout}${result.stderr}`,
		);
		assert.equal(result.outputs['exit-code'], '1', result.stdout);
		assert.match(result.stdout, new RegExp(`commit-tui diff ${baseSha} --format sarif`));
		assert.match(result.stdout, /1 package at or above high|2 packages at or above high/);
		const marked = github.comments.filter((comment) => comment.body.includes(commentMarker));
		assert.equal(marked.length, 1, result.stdout + result.stderr);
		assert.ok(
			marked[0]!.body.startsWith(`${commentMarker}\n## commit-tui: 3 added`),
			marked[0]!.body.slice(0, 200),
		);
		assert.equal(result.outputs['comment-url'], marked[0]!.html_url);
		const sarif = JSON.parse(readFileSync(result.outputs['sarif-file']!, 'utf8'));
		assert.equal(sarif.version, '2.1.0');
		assert.ok(sarif.runs[0].results.length > 0);
		assert.ok(existsSync(result.outputs['markdown-file']!));
	});

	test('a second run updates the same comment instead of adding one', async () => {
		const before = github.comments.length;
		const result = await runAction({INPUT_FAIL_ON: 'critical'});
		assert.equal(result.outputs['exit-code'], '1');
		assert.equal(github.comments.length, before, 'no new comment');
		assert.ok(github.calls.some((call) => call.startsWith('PATCH /api/v3/repos/acme/web/issues/comments/')));
		assert.ok(
			github.calls.some((call) => call.includes('page=2')),
			'looked past the first page',
		);
		assert.match(github.comments.at(-1)!.body, /`--fail-on critical`/);
	});

	test('a read-only token (a fork) loses the comment, not the review', async () => {
		github.refuseWrites(true);
		try {
			const result = await runAction({INPUT_FAIL_ON: 'none'});
			assert.equal(result.outputs['exit-code'], '0');
			assert.match(result.stdout, /::warning::commit-tui could not comment on the pull request \(HTTP 403\)/);
			assert.notEqual(result.outputs['sarif-file'], '');
		} finally {
			github.refuseWrites(false);
		}
	});

	test("a pull request's .npmrc cannot send the action's credentials to a registry; the workflow's own token goes", async () => {
		// A pull request can add an .npmrc whose token for a registry (one it chooses) is any variable it names.
		const host = new URL(registry.npmRegistryUrl).host;
		const named = [
			'INPUT_GITHUB_TOKEN',
			'GITHUB_TOKEN',
			'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
			'ACTIONS_ID_TOKEN_REQUEST_URL',
			'ACTIONS_RUNTIME_TOKEN',
			'NODE_AUTH_TOKEN',
		];
		const npmrc = path.join(repo, '.npmrc');
		writeFileSync(npmrc, `//${host}/npm/:_authToken=${named.map((name) => `\${${name}}`).join('')}\n`);
		registry.resetRequests();
		try {
			const result = await runAction({
				INPUT_FAIL_ON: 'none',
				INPUT_COMMENT: 'false',
				GITHUB_TOKEN: 'runner-token',
				ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-token',
				ACTIONS_ID_TOKEN_REQUEST_URL: 'https://pipelines.example/idtoken',
				ACTIONS_RUNTIME_TOKEN: 'runtime-token',
				NODE_AUTH_TOKEN: 'workflow-token',
				COMMIT_TUI_CACHE_DIR: path.join(runnerTemp, 'npmrc-cache'),
			});
			assert.equal(result.outputs['exit-code'], '0', result.stdout + result.stderr);
			const sent = registry.requests.map((request) => request.headers.authorization);
			const npm = registry.requests.filter((request) => request.path.startsWith('/npm/'));
			assert.ok(npm.length > 0, 'the scan asked the registry');
			assert.deepEqual(
				new Set(npm.map((request) => request.headers.authorization)),
				new Set(['Bearer workflow-token']),
				'the .npmrc was read, and only the variable the workflow set reached its token',
			);
			for (const header of sent) assert.doesNotMatch(String(header), /test-token|runner|oidc|runtime/);
		} finally {
			rmSync(npmrc, {force: true});
		}
	});

	test('formats are named as the CLI names them, markdown and any case included; an unknown one is an error', async () => {
		const result = await runAction({
			INPUT_FAIL_ON: 'none',
			INPUT_COMMENT: 'false',
			INPUT_FORMAT: 'markdown, SARIF',
		});
		assert.equal(result.outputs['exit-code'], '0', result.stdout + result.stderr);
		assert.match(result.stdout, /--format sarif/);
		assert.notEqual(result.outputs['sarif-file'], '');
		assert.match(readFileSync(result.outputs['markdown-file']!, 'utf8'), /commit-tui/);
		const unknown = await runAction({INPUT_FORMAT: 'md,pdf'});
		assert.notEqual(unknown.code, 0);
		assert.match(unknown.stdout + unknown.stderr, /format: unknown pdf \(use md, sarif, json\)/);
	});

	test('a registry outage is exit code 4 for the Gate step', async () => {
		const result = await runAction({
			COMMIT_TUI_REGISTRY: 'http://127.0.0.1:9/',
			COMMIT_TUI_DOWNLOADS_URL: 'http://127.0.0.1:9/',
			COMMIT_TUI_CACHE_DIR: path.join(runnerTemp, 'empty-cache'),
		});
		assert.equal(result.outputs['exit-code'], '4', result.stdout);
	});

	test("runs the CLI with V8's thread pool sized to the runner's cores", async () => {
		// A CLI that records how Node was started, then fails as a bad input would (the review stops there).
		const recorder = path.join(runnerTemp, 'record-flags.mjs');
		const recorded = path.join(runnerTemp, 'flags.json');
		writeFileSync(
			recorder,
			`import {writeFileSync} from 'node:fs';\nwriteFileSync(${JSON.stringify(recorded)}, JSON.stringify({execArgv: process.execArgv, argv: process.argv.slice(2)}));\nprocess.exit(2);\n`,
		);
		await runAction({COMMIT_TUI_BIN: recorder, INPUT_COMMENT: 'false', INPUT_FORMAT: 'md'});
		const {execArgv, argv} = JSON.parse(readFileSync(recorded, 'utf8')) as {
			execArgv: string[];
			argv: string[];
		};
		assert.deepEqual(execArgv, ['--v8-pool-size=0']);
		assert.deepEqual(argv.slice(0, 2), ['diff', baseSha]);
	});

	test('action.yml: a composite action with the inputs the script reads', () => {
		const action = parseYaml(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8'));
		assert.equal(action.runs.using, 'composite');
		assert.deepEqual(Object.keys(action.inputs).slice(0, 4), ['fail-on', 'format', 'base', 'policy']);
		const steps = action.runs.steps as Array<{
			id?: string;
			uses?: string;
			run?: string;
			env?: Record<string, string>;
		}>;
		const review = steps.find((step) => step.id === 'review')!;
		assert.match(review.run!, /dist\/source\/action\/run\.js/);
		for (const name of ['FAIL_ON', 'FORMAT', 'BASE', 'POLICY']) assert.ok(review.env![`INPUT_${name}`], name);
		assert.ok(steps.some((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@')));
		assert.ok(steps.some((step) => step.uses?.startsWith('actions/cache/restore@')));
		assert.ok(steps.some((step) => step.uses?.startsWith('actions/cache/save@')));
	});
});
