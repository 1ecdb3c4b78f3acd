import type {ForeignTarball} from '../../../graph/tarball-hosts.js';
import {splitUrl} from '../../../graph/tarball-hosts.js';
import type {TomlTable} from '../../../lockfiles/toml.js';

/**
 * Lockfile injection in uv.lock and pylock.toml: a file URL edited together with its hash, so that `uv sync`
 * installs the attacker's wheel while the name, the version and the index still read right. uv and pip install
 * from the URL the lockfile records.
 *
 * Which host is right is only known for certain of PyPI: its simple index links every file to
 * files.pythonhosted.org (test.pypi.org to test-files.pythonhosted.org), so a package the lockfile says came from
 * PyPI with a file anywhere else was not locked from PyPI. Other indexes serve files from wherever they like (the
 * PyTorch index from download.pytorch.org and download-r2.pytorch.org, a proxy from itself), and are not judged: a
 * guess there would flag torch on every CI run.
 *
 * A file URL on the index's own host (pipenv writes `https://pypi.org/simple/pytz/pytz-….whl`) is PyPI too: only
 * PyPI serves what is on pypi.org, so no one else's file can be installed from there, whatever the path.
 */

/** The hosts each index serves its files from, by the index's own host; the first is where its links point. */
const fileHostsOf: Readonly<Record<string, readonly [string, ...string[]]>> = {
	'pypi.org': ['files.pythonhosted.org', 'pypi.org'],
	'test.pypi.org': ['test-files.pythonhosted.org', 'test.pypi.org'],
};

/**
 * The first file of `entry` (its `sdist`, then its `wheels`, in order) on a host other than the one its index
 * serves files from; undefined when every file is there, when a file has no URL (a local path), or when the index
 * is not one whose file host is known. `indexUrl`: the package's index (uv `source.registry`, pylock `index`).
 */
export function misplacedFile(indexUrl: string | undefined, entry: TomlTable): ForeignTarball | undefined {
	const index = indexUrl === undefined ? null : splitUrl(indexUrl);
	const fileHosts = index && /^\/simple\/?$/.test(index.pathname) ? fileHostsOf[index.host] : undefined;
	if (fileHosts === undefined) return undefined;
	const usualHost = fileHosts[0];
	const files = [entry.sdist, ...(Array.isArray(entry.wheels) ? entry.wheels : [])];
	for (const file of files) {
		if (typeof file !== 'object' || file === null || Array.isArray(file)) continue;
		const url = (file as Record<string, unknown>).url;
		if (typeof url !== 'string') continue;
		const host = splitUrl(url)?.host;
		if (host !== undefined && !fileHosts.includes(host)) return {url, usualHost, index: 'PyPI'};
	}

	return undefined;
}
