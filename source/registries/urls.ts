/**
 * Base URLs and credentials by URL prefix. Tokens come from the user's tool config (npm's
 * `//host/path/:_authToken=`) and travel only to URLs under their prefix.
 */

/**
 * The token for `url`: the one whose `//host[:port]/path/` is the longest prefix of where the URL really goes
 * (as npm does, the scheme is not part of the key; the HTTP layer refuses to send any token after an https → http
 * redirect). Both sides are compared as a URL parser resolves them — host lower-cased, default port dropped,
 * `..` and `%2e%2e` segments applied — so a path that only *looks* as if it were under the prefix is not.
 * Null when no prefix matches, so a token never travels to another host, port or path.
 */
export function authTokenFor(url: string, tokens: Readonly<Record<string, string>>): string | null {
	const where = hostAndPath(url);
	if (where === null) return null;
	let best: string | null = null;
	let bestToken: string | null = null;
	for (const [prefix, token] of Object.entries(tokens)) {
		const scope = scopeOf(prefix);
		if (scope !== null && where.startsWith(scope) && (best === null || scope.length > best.length)) {
			best = scope;
			bestToken = token;
		}
	}

	return bestToken;
}

/** `//host[:port]/path` of an http(s) URL, resolved; null for anything else (or a URL with a user name). */
function hostAndPath(url: string): string | null {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return null;
	}

	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
	if (parsed.username !== '' || parsed.password !== '') return null;
	return `//${parsed.host}${parsed.pathname}`;
}

/** A token key (`//npm.corp.example/api/npm/`) in the same resolved form, ending with '/'; null if unusable. */
function scopeOf(prefix: string): string | null {
	if (!prefix.startsWith('//')) return null;
	const resolved = hostAndPath(`https:${prefix}`);
	if (resolved === null) return null;
	return resolved.endsWith('/') ? resolved : `${resolved}/`;
}

export function ensureTrailingSlash(url: string): string {
	return url.endsWith('/') ? url : `${url}/`;
}
