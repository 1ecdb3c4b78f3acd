import type {PackageSource} from './types.js';

/**
 * Lockfile injection: a lockfile edited so that one registry package installs from elsewhere
 * (`"resolved": "https://evil.example/lodash-4.17.21.tgz"`, pnpm's `resolution.tarball`, bun's URL). The registry
 * entry, the name and the version all look right; only the URL says otherwise, and nobody reads URLs in a
 * 30,000-line diff. Package managers install from the URL in the lockfile, integrity or not (the attacker writes
 * the hash of their own tarball).
 *
 * Two things give it away without knowing the user's registry:
 * - **the host is one the rest of the lockfile does not use.** A lockfile written against a mirror (Artifactory, a
 *   proxy) has that mirror for nearly every package, so the usual host is the one most registry packages come
 *   from; a package on another host is marked, unless that host is a known alias of the usual one. pnpm, bun and
 *   yarn berry write no URL for a package of the registry they are configured with (npm neither, with
 *   `omit-lockfile-registry-resolved`): those packages count for "the configured registry", so one URL among them
 *   stands out — unless it is the public registry's, most likely that same registry. A private registry for one scope is marked here too; the release check then clears it when the
 *   package's registry entry came from that same host (its scope's registry).
 * - **the URL is a registry tarball of another package or version** (`…/lodash/-/lodash-4.17.20.tgz` for
 *   lodash@4.17.21, `…/evil/-/evil-1.0.0.tgz`), on any host, the usual one included: what lockfile-lint's
 *   package-name check catches, and a downgrade the version column hides.
 */

/** What the builder keeps of a package that this module reads. */
export type TarballEntry = {
	readonly name: string;
	readonly version: string;
	readonly source: PackageSource | undefined;
	/** The first tarball URL the lockfile gave the package. */
	readonly tarball: string | undefined;
	/** Other URLs given for the same name@version (npm nests copies of a package; any one of them can be edited). */
	readonly moreTarballs: readonly string[] | null;
	/** The lockfile names no URL because the package comes from the registry the package manager is set to. */
	readonly tarballImplied: boolean;
};

export type ForeignTarball = {
	readonly url: string;
	/** Where the lockfile's other packages come from: a host, or "the configured registry". */
	readonly usualHost: string;
	/** The package@version the URL is a registry tarball of, when that is not this package. */
	readonly tarballOf?: string;
	/**
	 * The index whose every file is served from `usualHost` (`PyPI`): the URL is on another host although the
	 * lockfile says the package came from that index. Absent for the npm family's outlier rule.
	 */
	readonly index?: string;
};

/** Hosts that serve the same registry under other names (yarn classic writes `registry.yarnpkg.com`). */
const sameRegistry: Readonly<Record<string, string>> = {
	'registry.yarnpkg.com': 'registry.npmjs.org',
	'registry.npmjs.com': 'registry.npmjs.org',
};

const publicRegistry = 'registry.npmjs.org';

/** The "host" of packages the lockfile gives no URL for (never a real host: hosts are not empty). */
const configuredRegistry = '';
const configuredRegistryLabel = 'the configured registry';

/**
 * An http(s) URL's host (lowercased) and path; null for anything else. Every package of a 30,000-entry lockfile
 * passes here, so a plain URL — an ASCII host, a path without escapes, dot segments or backslashes, as
 * registries write them — is split by one regular expression; anything else goes through the WHATWG parser, which
 * resolves what a plain split would misread (`/ms/-/../../evil/-/evil-1.0.0.tgz`, `%2e%2e`, `\`).
 */
export function splitUrl(url: string): {readonly host: string; readonly pathname: string} | null {
	const plain = /^https?:\/\/([a-z0-9.-]+)(\/[^?#\\%]*)?(?:[?#].*)?$/is.exec(url);
	if (plain && !plain[2]?.includes('/.')) return {host: plain[1]!.toLowerCase(), pathname: plain[2] ?? '/'};
	if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) return null;
	const parsed = new URL(url);
	return {host: parsed.host.toLowerCase(), pathname: parsed.pathname};
}

/** The host a tarball URL is served from, aliases folded; null when it is not an http(s) URL. */
export function tarballHost(url: string): string | null {
	const host = splitUrl(url)?.host;
	return host === undefined ? null : (sameRegistry[host] ?? host);
}

/**
 * The name and version a registry-shaped tarball URL names: `<prefix>/<name>/-/<basename>-<version>.tgz`, the shape
 * of npm's registry and of every mirror (Artifactory, Nexus, Verdaccio), a scope's `/` escaped or not. Null for
 * any other shape (GitHub Packages' `/download/…`, a bare file), which says nothing either way.
 */
export function registryTarballOf(url: string): {readonly name: string; readonly version: string} | null {
	const pathname = splitUrl(url)?.pathname;
	if (pathname === undefined) return null;
	// Read by position, not split: every registry package of the lockfile passes here.
	const marker = pathname.lastIndexOf('/-/');
	if (marker < 1 || pathname.indexOf('/', marker + 3) !== -1) return null;
	const lastStart = pathname.lastIndexOf('/', marker - 1) + 1;
	const scopeStart = lastStart >= 2 ? pathname.lastIndexOf('/', lastStart - 2) + 1 : lastStart;
	let name: string;
	let file: string;
	try {
		const decode = pathname.includes('%') ? decodeURIComponent : (segment: string) => segment;
		file = decode(pathname.slice(marker + 3));
		const last = decode(pathname.slice(lastStart, marker));
		const scope = scopeStart < lastStart ? decode(pathname.slice(scopeStart, lastStart - 1)) : '';
		name = last.startsWith('@') ? last : scope.startsWith('@') ? `${scope}/${last}` : last;
	} catch {
		return null; // a malformed escape
	}

	const basename = name.slice(name.indexOf('/') + 1);
	if (basename === '' || !file.startsWith(`${basename}-`) || !file.endsWith('.tgz')) return null;
	const version = file.slice(basename.length + 1, -'.tgz'.length);
	return version === '' ? null : {name, version};
}

/**
 * The registry packages whose tarball is on an outlying host, or is another package's, with the URL. O(n log hosts).
 * The usual host is the one most registry packages use. Another host is an outlier when it serves fewer packages
 * than the usual one and at most three of them or under 5 % of all: one lodash pointed elsewhere is, a lockfile
 * half on a mirror (a registry switched halfway through a project's life) is not.
 */
export function foreignTarballs<T extends TarballEntry>(entries: Iterable<T>): Map<T, ForeignTarball> {
	const byHost = new Map<string, T[]>();
	const count = (host: string, entry: T) => {
		const list = byHost.get(host);
		if (list) {
			if (list[list.length - 1] !== entry) list.push(entry);
		} else byHost.set(host, [entry]);
	};

	const marked = new Map<T, ForeignTarball>();
	const registryPackages: T[] = [];
	for (const entry of entries) {
		if ((entry.source ?? 'registry') !== 'registry') continue;
		registryPackages.push(entry);
		if (entry.tarballImplied) count(configuredRegistry, entry);
		for (const url of urlsOf(entry)) {
			const host = tarballHost(url);
			if (host !== null) count(host, entry);
		}
	}

	if (byHost.size >= 2) {
		const ranked = [...byHost].sort((a, b) => b[1].length - a[1].length);
		const [usualHost, usual] = ranked[0]!;
		const label = usualHost === configuredRegistry ? configuredRegistryLabel : usualHost;
		const total = ranked.reduce((sum, [, list]) => sum + list.length, 0);
		for (const [host, list] of ranked.slice(1)) {
			// An outlier: a few packages, or a small share. A lockfile half on a mirror (a registry switched halfway)
			// is a lockfile of two sources, not an injected one.
			const outlier = list.length < usual.length && (list.length <= 3 || list.length * 20 < total);
			// Beside packages given no URL, the public registry's URLs are most likely of that same registry (npm 7–8
			// dropped `resolved` from some entries and kept it on others); a swapped package there is still caught below.
			const sameAsConfigured = usualHost === configuredRegistry && host === publicRegistry;
			if (!outlier || host === configuredRegistry || sameAsConfigured) continue;
			for (const entry of list) {
				const url = urlsOf(entry).find((each) => tarballHost(each) === host)!;
				marked.set(entry, {url, usualHost: label});
			}
		}
	}

	// Another package's tarball, wherever it is: said over an outlying host (it is the graver of the two).
	for (const entry of registryPackages) {
		for (const url of urlsOf(entry)) {
			const named = registryTarballOf(url);
			if (named === null || (named.name === entry.name && named.version === entry.version)) continue;
			const host = tarballHost(url);
			const usualHost = marked.get(entry)?.usualHost ?? host ?? url;
			marked.set(entry, {url, usualHost, tarballOf: `${named.name}@${named.version}`});
			break;
		}
	}

	return marked;
}

function urlsOf(entry: TarballEntry): readonly string[] {
	if (entry.tarball === undefined) return entry.moreTarballs ?? [];
	return entry.moreTarballs ? [entry.tarball, ...entry.moreTarballs] : [entry.tarball];
}
