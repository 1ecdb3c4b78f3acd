import type {PackageSource} from '../../../graph/types.js';
import {decodeOrKeep} from '../../../util/uri.js';

/** The version recorded for a non-registry package when nothing in the lockfile tells it. */
export const unknownVersion = 'unknown';

/** Where a direct reference (`git+https://…`, `https://…/x.whl`, `./lib`, `file:///…`) points. */
export function sourceOfReference(reference: string): PackageSource {
	if (/^(?:git|hg|svn|bzr)\+/i.test(reference) || /^git@/.test(reference)) return 'git';
	if (/^https?:\/\//i.test(reference) || /^ftp:\/\//i.test(reference)) return 'url';
	return 'file';
}

/**
 * The version a direct reference names, if any: the VCS ref after `@` (`…/flask.git@3.0.3`), or the version
 * in a wheel or sdist file name (`flask-3.0.3-py3-none-any.whl`, `flask-3.0.3.tar.gz`).
 */
export function versionOfReference(reference: string): string | undefined {
	const bare = reference.replace(/[#?].*$/, '');
	if (sourceOfReference(reference) === 'git') {
		const lastSegment = bare.slice(bare.lastIndexOf('/') + 1);
		const at = lastSegment.lastIndexOf('@');
		return at === -1 ? undefined : lastSegment.slice(at + 1) || undefined;
	}

	const fileName = decodeOrKeep(bare.slice(bare.lastIndexOf('/') + 1));
	const wheel = /^[^-]+-([^-]+)-.*\.whl$/i.exec(fileName);
	if (wheel) return wheel[1];
	const sdist = /^(.+)-(\d[^-]*)\.(?:tar\.gz|tar\.bz2|tar\.xz|tgz|zip)$/i.exec(fileName);
	return sdist?.[2];
}

/**
 * The distribution name a direct reference carries without a `name @` prefix: `#egg=name`, else the wheel or
 * sdist file name, else the last path segment (`./libs/my-lib` → `my-lib`).
 */
export function nameOfReference(reference: string): string | undefined {
	const egg = /[#&]egg=([A-Za-z0-9._-]+?)(?:-\d[^&#]*)?(?:\[|&|$)/.exec(reference);
	if (egg) return egg[1];
	// `file:` with or without `//` (rye writes `-e file:rye-devtools`): the path is what names it.
	const bare = reference
		.replace(/^file:(?:\/\/)?/i, '')
		.replace(/[#?].*$/, '')
		.replace(/[/\\]+$/, '');
	if (sourceOfReference(reference) === 'git') {
		const lastSegment = bare.slice(bare.lastIndexOf('/') + 1);
		return lastSegment.replace(/@.*$/, '').replace(/\.git$/, '') || undefined;
	}

	const fileName = decodeOrKeep(bare.slice(Math.max(bare.lastIndexOf('/'), bare.lastIndexOf('\\')) + 1));
	const wheel = /^([^-]+)-[^-]+-.*\.whl$/i.exec(fileName);
	if (wheel) return wheel[1];
	const sdist = /^(.+)-\d[^-]*\.(?:tar\.gz|tar\.bz2|tar\.xz|tgz|zip)$/i.exec(fileName);
	if (sdist) return sdist[1];
	return fileName === '' || fileName === '.' || fileName === '..' ? undefined : fileName;
}
