/**
 * Base URLs and credentials by URL prefix. Tokens come from the user's tool config (npm's
 * `//host/path/:_authToken=`) and travel only to URLs under their prefix.
 */

/**
 * The token for `url`: the one whose `//host/path/` is the longest prefix of the URL (scheme ignored,
 * as npm does). Null when no prefix matches, so a token never travels to another host or path.
 */
export function authTokenFor(url: string, tokens: Readonly<Record<string, string>>): string | null {
	const withoutScheme = url.replace(/^[a-z][a-z0-9+.-]*:/i, '');
	let best: string | null = null;
	for (const prefix of Object.keys(tokens)) {
		if (withoutScheme.startsWith(prefix) && (best === null || prefix.length > best.length)) best = prefix;
	}

	return best === null ? null : tokens[best]!;
}

export function ensureTrailingSlash(url: string): string {
	return url.endsWith('/') ? url : `${url}/`;
}
