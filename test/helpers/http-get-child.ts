import {pathToFileURL} from 'node:url';
import {HttpFailure, httpGet, readJson} from '../../source/registries/http.js';

/**
 * One `httpGet` in its own process, for tests that need the process started with an environment (an https
 * test server's certificate in NODE_EXTRA_CA_CERTS). Argument: JSON `{url, authTokens}`. Prints JSON
 * `{value}` or `{failure}`.
 */
async function main(): Promise<void> {
	const input = JSON.parse(process.argv[2]!) as {url: string; authTokens: Record<string, string>};
	try {
		const result = await httpGet(input.url, {authTokens: input.authTokens, timeoutMs: 10_000}, readJson);
		process.stdout.write(JSON.stringify({value: result.notModified ? null : result.value}));
	} catch (error) {
		process.stdout.write(
			JSON.stringify({failure: error instanceof HttpFailure ? error.message : String(error)}),
		);
	}
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
